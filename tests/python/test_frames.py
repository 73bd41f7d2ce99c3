"""DataFrames: shapes, and values against the CLI's outputs for the same seed."""

from pathlib import Path

import pandas as pd
import pytest

import memfrag
from memfrag.frames import tidy_frame
from conftest import PLUGINS, REPEAT, WORKLOAD

TIDY_COLUMNS = [
    "plugin", "workload", "repetition", "seed", "status", "metric", "order", "class", "value"
]


def timing_metric(name: str) -> bool:
    return name.endswith("_ns") or name == "wall_time_ms"


def without_timing(tidy: pd.DataFrame) -> pd.DataFrame:
    return tidy[~tidy["metric"].map(timing_metric)].reset_index(drop=True)


def test_tidy_rows_are_the_cli_csv_rows(cli_outputs: dict[str, Path]) -> None:
    from_json = memfrag.load(cli_outputs["json"]).to_pandas()
    from_csv = tidy_frame(cli_outputs["csv"].read_text())
    pd.testing.assert_frame_equal(from_json, from_csv)


def test_tidy_values_match_the_cli_for_the_same_seed(
    results: memfrag.Results, cli_outputs: dict[str, Path]
) -> None:
    from_cli = tidy_frame(cli_outputs["csv"].read_text())
    pd.testing.assert_frame_equal(without_timing(results.to_pandas()), without_timing(from_cli))


def test_tidy_shape(results: memfrag.Results) -> None:
    tidy = results.to_pandas()
    assert list(tidy.columns) == TIDY_COLUMNS
    rows_per_run = tidy.groupby(["plugin", "repetition"]).size()
    assert len(rows_per_run) == len(PLUGINS) * REPEAT
    success = tidy[tidy["metric"] == "success_rate"]
    assert len(success) == len(PLUGINS) * REPEAT
    assert success["value"].between(0, 100).all()


def test_timeline_is_the_documents_timeline(results: memfrag.Results) -> None:
    run = results.run("buddy", WORKLOAD)
    timeline = results.timeline("buddy", WORKLOAD)
    samples = run["counts"]["timeline"]
    max_order = run["counts"]["max_order"]
    assert len(timeline) == len(samples)
    for index in ("nr_free", "unusable_index", "fragmentation_index"):
        assert [f"{index}_{order}" for order in range(max_order + 1)] == [
            column for column in timeline.columns if column.startswith(f"{index}_")
        ]
    middle = len(samples) // 2
    assert timeline["nr_free_3"][middle] == samples[middle]["nr_free"][3]
    assert timeline["unusable_index_1"][middle] == samples[middle]["unusable_index"][1] / 1000


def test_timeline_histograms_add_up_to_the_free_frames(results: memfrag.Results) -> None:
    timeline = results.timeline("frame-stack", WORKLOAD, repetition=1)
    max_order = results.run("frame-stack", WORKLOAD)["counts"]["max_order"]
    in_blocks = sum(timeline[f"nr_free_{order}"] * 2**order for order in range(max_order + 1))
    assert (in_blocks == timeline["free_frames"]).all()


def test_histogram_is_the_final_free_state(results: memfrag.Results) -> None:
    histogram = results.histogram("buddy", WORKLOAD)
    tidy = results.to_pandas()
    final = tidy[(tidy["plugin"] == "buddy") & (tidy["repetition"] == 0)
                 & (tidy["metric"] == "final_nr_free")]
    assert histogram["nr_free"].tolist() == final["value"].astype(int).tolist()
    final_state = results.run("buddy")["counts"]["final_state"]
    assert histogram["free_frames"].sum() == final_state["free_frames"]


def test_request_counts_add_up(results: memfrag.Results) -> None:
    requests = results.requests("buddy")
    failures = requests[["exhaustion_failures", "fragmentation_failures", "policy_failures"]]
    assert (requests["requests"] == requests["successes"] + failures.sum(axis=1)).all()
    allocs = [results.run("buddy", repetition=rep)["counts"]["allocs"] for rep in range(REPEAT)]
    assert requests.groupby("repetition")["requests"].sum().tolist() == allocs


def test_latency_per_operation_and_order(results: memfrag.Results) -> None:
    latency = results.latency("buddy")
    assert set(latency["operation"]) == {"alloc", "free"}
    served = latency[latency["count"] > 0]
    assert (served["p50_ns"] <= served["p99_ns"]).all()


def test_unknown_names_are_key_errors(results: memfrag.Results) -> None:
    with pytest.raises(KeyError, match="no plugin 'budy'"):
        results.timeline("budy", WORKLOAD)
    with pytest.raises(KeyError, match="repetition 9"):
        results.timeline("buddy", WORKLOAD, repetition=9)
