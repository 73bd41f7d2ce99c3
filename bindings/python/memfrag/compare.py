"""compare(): how a results document's headline metrics moved from an older one.

A simple comparison of medians; it is the Python face of comparing documents, so that a
statistical comparison in the core can later replace the computation behind the same call.
"""

import pandas as pd

from memfrag.results import Results

GROUP_KEYS = ["plugin", "workload", "metric", "order"]


def headline_medians(results: Results, directions: dict[str, str]) -> pd.DataFrame:
    """Per plugin, workload, headline metric and order: the median over the runs that ended
    ok."""
    tidy = results.to_pandas()
    tidy = tidy[(tidy["status"] == "ok") & tidy["metric"].isin(list(directions))]
    return tidy.groupby(GROUP_KEYS, dropna=False)["value"].median().reset_index()


def change_of(old: pd.Series, new: pd.Series) -> pd.Series:
    """Relative change new / old - 1; 0 when both are 0, missing when only old is."""
    change = (new - old) / old.abs()
    return change.mask((old == 0) & (new == 0), 0.0)


def compare(old: Results, new: Results, *, tolerance: float = 0.0) -> pd.DataFrame:
    """Compares the headline metrics (those of the console report) of two documents, for the
    plugins and workloads both hold.

    One row per plugin, workload, metric and order, with the medians over each document's ok
    runs (old, new), the relative change (new / old - 1), the better direction, and whether
    new is better or worse than old by more than `tolerance` (relative, e.g. 0.05 for 5%).
    Timing metrics (latencies, wall time) vary from run to run; choose the tolerance with that
    in mind.
    """
    directions = {**old.metric_directions(), **new.metric_directions()}
    merged = headline_medians(old, directions).merge(
        headline_medians(new, directions), on=GROUP_KEYS, suffixes=("_old", "_new")
    )
    merged = merged.rename(columns={"value_old": "old", "value_new": "new"})
    merged["change"] = change_of(merged["old"], merged["new"])
    merged["better_when"] = merged["metric"].map(directions)
    delta = merged["new"] - merged["old"]
    beyond = delta.abs() > tolerance * merged["old"].abs()
    higher_better = merged["better_when"] == "higher"
    merged["better"] = beyond & ((delta > 0) == higher_better) & (delta != 0)
    merged["worse"] = beyond & ((delta < 0) == higher_better) & (delta != 0)
    return merged
