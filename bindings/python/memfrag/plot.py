"""Plots of a results document on matplotlib. Each helper returns a new Figure (no pyplot
state): a notebook shows it, fig.savefig() writes it."""

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from memfrag.results import Results

INDEX_LABELS = {
    "unusable_index": "unusable free space index",
    "fragmentation_index": "fragmentation index",
    "nr_free": "free blocks",
}

# The orders the reports headline: 2 frames, 8 frames, and the 2 MiB huge page.
HEADLINE_ORDERS = (1, 3, 9)


def check_index(index: str) -> None:
    if index not in INDEX_LABELS:
        raise ValueError(f"index '{index}': expected one of {', '.join(INDEX_LABELS)}")


def order_columns(columns: Sequence[str], index: str) -> list[str]:
    prefix = f"{index}_"
    return [column for column in columns if column.startswith(prefix)]


def heatmap(
    results: Results,
    plugin: str,
    workload: str | None = None,
    *,
    index: str = "unusable_index",
    repetition: int = 0,
    seed: int | None = None,
) -> Figure:
    """One run's free state over time: orders up, operations across, colour the index
    ("unusable_index", "fragmentation_index") or the free-block count ("nr_free")."""
    check_index(index)
    timeline = results.timeline(plugin, workload, repetition, seed)
    columns = order_columns(timeline.columns, index)
    values = timeline[columns].to_numpy(dtype=float).T
    figure = Figure(figsize=(8, 4), layout="constrained")
    axes = figure.subplots()
    mesh = axes.pcolormesh(
        timeline["op_index"], np.arange(len(columns)), values, shading="nearest", cmap="viridis"
    )
    figure.colorbar(mesh, ax=axes, label=INDEX_LABELS[index])
    axes.set_xlabel("operations")
    axes.set_ylabel("order")
    axes.set_title(f"{results.plugin_key(plugin)} x {results.workload_key(workload)}")
    return figure


def indices_over_time(
    results: Results,
    workload: str | None = None,
    *,
    index: str = "unusable_index",
    orders: Sequence[int] | None = None,
    repetition: int = 0,
) -> Figure:
    """The index of each plugin over one workload's run, one panel per order (default: the
    headline orders 1, 3 and 9 that exist)."""
    check_index(index)
    timelines = {
        plugin: results.timeline(plugin, workload, repetition) for plugin in results.plugins
    }
    available = len(order_columns(next(iter(timelines.values())).columns, index))
    orders = orders or [order for order in HEADLINE_ORDERS if order < available]
    figure = Figure(figsize=(4 * len(orders), 3.5), layout="constrained")
    for axes, order in zip(np.atleast_1d(figure.subplots(1, len(orders), sharey=True)), orders):
        for plugin, timeline in timelines.items():
            axes.plot(timeline["op_index"], timeline[f"{index}_{order}"], label=plugin)
        axes.set_title(f"order {order}")
        axes.set_xlabel("operations")
    figure.axes[0].set_ylabel(INDEX_LABELS[index])
    figure.axes[0].legend()
    figure.suptitle(results.workload_key(workload))
    return figure


def success_per_order(results: Results, workload: str | None = None) -> Figure:
    """Share of requests served per order, one bar per plugin, over all runs and request
    classes of the workload."""
    requests = results.requests(workload=results.workload_key(workload))
    totals = requests.groupby(["order", "plugin"])[["requests", "successes"]].sum()
    totals = totals[totals["requests"] > 0]
    rates = (100 * totals["successes"] / totals["requests"]).unstack("plugin")
    figure = Figure(figsize=(8, 3.5), layout="constrained")
    axes = figure.subplots()
    width = 0.8 / max(1, len(rates.columns))
    for offset, plugin in enumerate(rates.columns):
        axes.bar(rates.index + offset * width, rates[plugin], width, label=plugin)
    axes.set_xticks(rates.index + width * (len(rates.columns) - 1) / 2, rates.index)
    axes.set_xlabel("order")
    axes.set_ylabel("success (%)")
    axes.set_title(results.workload_key(workload))
    axes.legend()
    return figure


def latency(
    results: Results,
    workload: str | None = None,
    *,
    operation: str = "alloc",
    percentiles: Sequence[str] = ("p50_ns", "p99_ns"),
) -> Figure:
    """Latency per order of `operation` ("alloc" or "free"), a panel per percentile, the median
    over each plugin's runs."""
    table = results.latency(workload=results.workload_key(workload))
    table = table[(table["operation"] == operation) & (table["count"] > 0)]
    medians = table.groupby(["plugin", "order"])[list(percentiles)].median()
    figure = Figure(figsize=(4 * len(percentiles), 3.5), layout="constrained")
    panels = np.atleast_1d(figure.subplots(1, len(percentiles), sharey=True))
    for axes, percentile in zip(panels, percentiles):
        for plugin, by_order in medians[percentile].groupby(level="plugin"):
            axes.plot(by_order.index.get_level_values("order"), by_order, marker="o", label=plugin)
        axes.set_yscale("log")
        axes.set_xlabel("order")
        axes.set_title(f"{operation} {percentile.removesuffix('_ns')}")
    panels[0].set_ylabel("latency (ns)")
    panels[0].legend()
    figure.suptitle(results.workload_key(workload))
    return figure
