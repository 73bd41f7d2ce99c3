"""pandas DataFrames from the parts of a results document (layout: docs/results.md)."""

import io
from collections.abc import Iterable
from typing import Any

import pandas as pd

# Columns of the CSV report, and the types they are read with.
TIDY_TYPES = {
    "plugin": str,
    "workload": str,
    "repetition": "int64",
    "seed": "uint64",
    "status": str,
    "metric": str,
    "order": "Int64",
    "class": str,
    "value": "float64",
}

RUN_KEYS = ["plugin", "workload", "seed", "repetition"]

LATENCY_FIGURES = ["count", "min_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns", "mean_ns"]


def tidy_frame(csv_text: str) -> pd.DataFrame:
    """The CSV report (one row per run and figure) as a DataFrame; only empty fields are
    missing values."""
    return pd.read_csv(
        io.StringIO(csv_text), dtype=TIDY_TYPES, keep_default_na=False, na_values=[""]
    )


def free_state_row(state: dict[str, Any]) -> dict[str, Any]:
    """One free-state sample, flat: the histogram per order, indices as fractions (the kernel's
    thousandths / 1000)."""
    row = {key: state[key] for key in ("op_index", "phase", "free_frames", "live_blocks")}
    for order, count in enumerate(state["nr_free"]):
        row[f"nr_free_{order}"] = count
    for index in ("unusable_index", "fragmentation_index"):
        for order, thousandths in enumerate(state[index]):
            row[f"{index}_{order}"] = thousandths / 1000
    return row


def timeline_frame(states: Iterable[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame([free_state_row(state) for state in states])


def histogram_frame(state: dict[str, Any]) -> pd.DataFrame:
    """The free-block histogram of one sample: per order, free blocks and the frames in them."""
    counts = state["nr_free"]
    return pd.DataFrame(
        {
            "order": range(len(counts)),
            "nr_free": counts,
            "free_frames": [count << order for order, count in enumerate(counts)],
        }
    )


def run_key(run: dict[str, Any]) -> dict[str, Any]:
    return {key: run[key] for key in RUN_KEYS}


def requests_frame(runs: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Per run, order and request class: requests, successes and each kind of failure."""
    rows = []
    for run in runs:
        for order, classes in enumerate(run["counts"]["by_order"]):
            for request_class, counts in classes.items():
                rows.append({**run_key(run), "order": order, "class": request_class, **counts})
    return pd.DataFrame(rows)


def latency_frame(runs: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Per run, operation (alloc, free) and order: the latency summary's count, percentiles
    and mean."""
    rows = []
    for run in runs:
        for operation in ("alloc", "free"):
            for order, summary in enumerate(run["timing"][f"{operation}_latency"]):
                figures = {name: summary[name] for name in LATENCY_FIGURES}
                rows.append({**run_key(run), "operation": operation, "order": order, **figures})
    return pd.DataFrame(rows)
