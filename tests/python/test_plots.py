"""The plot helpers render to image files."""

from pathlib import Path

import matplotlib
import pytest

import memfrag
from conftest import WORKLOAD

matplotlib.use("Agg")

FIGURES = {
    "heatmap": lambda results: memfrag.plot.heatmap(results, "buddy"),
    "heatmap of free blocks": lambda results: memfrag.plot.heatmap(
        results, "frame-stack", WORKLOAD, index="nr_free"
    ),
    "indices over time": lambda results: memfrag.plot.indices_over_time(results, WORKLOAD),
    "fragmentation index over time": lambda results: memfrag.plot.indices_over_time(
        results, index="fragmentation_index", orders=[2, 4]
    ),
    "success per order": lambda results: memfrag.plot.success_per_order(results),
    "latency": lambda results: memfrag.plot.latency(results, WORKLOAD, operation="free"),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_render(results: memfrag.Results, tmp_path: Path, name: str) -> None:
    figure = FIGURES[name](results)
    path = tmp_path / "figure.png"
    figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000


def test_unknown_index_is_refused(results: memfrag.Results) -> None:
    with pytest.raises(ValueError, match="unusable_index"):
        memfrag.plot.heatmap(results, "buddy", index="unusable")
