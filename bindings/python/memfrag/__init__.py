"""memfrag from Python: run page-frame allocator plugins on workloads and study the results.

    import memfrag
    res = memfrag.run(plugins=["buddy", "frame-stack"], workloads=["mixed-70"], seed=7,
                      repeat=3, params={"workload.ops": 500_000})
    df = res.to_pandas()                      # one row per run and metric (tidy)
    tl = res.timeline("buddy", "mixed-70")    # free-block histogram and indices over time
    memfrag.plot.heatmap(res, "buddy")        # matplotlib figure
    memfrag.compare(memfrag.load("base.json"), res)

Results documents are the same files `memfrag run --output results.json` writes.
"""

import importlib
from types import ModuleType

from memfrag._native._memfrag import InputError, PluginError, ResultsFormatError
from memfrag.catalog import plugins, workloads
from memfrag.compare import compare
from memfrag.results import Results, load
from memfrag.session import run

__all__ = [
    "InputError",
    "PluginError",
    "Results",
    "ResultsFormatError",
    "compare",
    "load",
    "plot",
    "plugins",
    "run",
    "workloads",
]


def __getattr__(name: str) -> ModuleType:
    # memfrag.plot imports matplotlib, which is slow to load and only needed for plotting.
    if name == "plot":
        return importlib.import_module("memfrag.plot")
    raise AttributeError(f"module 'memfrag' has no attribute '{name}'")
