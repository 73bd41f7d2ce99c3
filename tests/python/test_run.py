"""memfrag.run(), the catalogs and progress, on the installed module."""

from pathlib import Path

import memfrag
from conftest import PLUGINS, REPEAT, SEED, SMALL, WORKLOAD


def test_the_installed_package_is_tested(source_dir: Path) -> None:
    installed = Path(memfrag.__file__).resolve()
    assert "site-packages" in installed.parts
    assert source_dir.resolve() not in installed.parents


def test_run_executes_the_whole_matrix(results: memfrag.Results) -> None:
    assert results.complete
    assert results.plugins == PLUGINS
    assert results.workloads == [WORKLOAD]
    assert len(results.runs) == len(PLUGINS) * REPEAT
    assert {run["status"] for run in results.runs} == {"ok"}
    assert {run["seed"] for run in results.runs} == {SEED}
    assert results.document["workloads"][0]["spec"]["ops"] == SMALL["workload.ops"]


def test_the_document_records_the_equivalent_command(results: memfrag.Results) -> None:
    command = results.document["command"]
    assert command[:2] == ["memfrag", "run"]
    assert ["--seed", str(SEED)] == command[command.index("--seed"):][:2]


def test_repetitions_of_a_seed_give_the_same_counts(results: memfrag.Results) -> None:
    for plugin in PLUGINS:
        first, second = (results.run(plugin, WORKLOAD, repetition) for repetition in range(2))
        assert first["counts"] == second["counts"]


def test_seed_sweep_with_nested_params() -> None:
    swept = memfrag.run(
        plugins=["buddy"], workloads=["fill-free-random"], seed=[1, 2],
        params={"workload": {"ops": 5_000}}, progress=False,
    )
    assert [run["seed"] for run in swept.runs] == [1, 2]
    assert swept.runs[0]["counts"]["ops"] <= 5_000


def test_plugins_by_library_path() -> None:
    library = next(entry["path"] for entry in memfrag.plugins() if entry["id"] == "buddy")
    by_path = memfrag.run(
        plugins=[Path(library)], workloads=[WORKLOAD], params=SMALL, progress=False
    )
    assert by_path.document["plugins"][0]["path"] == library
    assert by_path.runs[0]["status"] == "ok"


def test_trace_replay(trace_sample: Path) -> None:
    replay = memfrag.run(plugins=["buddy"], workloads=[f"trace:{trace_sample}"], progress=False)
    assert replay.runs[0]["status"] == "ok"
    assert not replay.timeline("buddy").empty


def test_catalogs_list_the_builtins() -> None:
    plugins = {entry["id"]: entry for entry in memfrag.plugins()}
    assert {"buddy", "frame-stack"} <= plugins.keys()
    assert any(param["name"] == "max_order" for param in plugins["buddy"]["params"])
    names = {entry["name"] for entry in memfrag.workloads()}
    assert {"mixed-70", "fill-free-random"} <= names
    assert [entry["id"] for entry in memfrag.plugins("buddy")] == ["buddy"]


def test_progress_reaches_a_callable() -> None:
    calls = []
    memfrag.run(
        plugins=PLUGINS, workloads=[WORKLOAD], params={"workload.ops": 200_000},
        progress=lambda *call: calls.append(call),
    )
    assert calls
    run_index, run_count, run, ops_done, expected_ops = calls[-1]
    assert run_count == len(PLUGINS)
    assert run.startswith(f"{PLUGINS[run_index]} x {WORKLOAD}")
    assert 0 <= ops_done <= expected_ops
