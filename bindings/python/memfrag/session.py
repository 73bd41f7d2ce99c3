"""memfrag.run(): the run matrix, each run in its own child process, as `memfrag run` does."""

import os
from collections.abc import Iterable, Mapping
from typing import Any

from memfrag._native import _memfrag as native
from memfrag._native._memfrag import InputError
from memfrag.catalog import builtin_plugin_files, workloads as builtin_workloads
from memfrag.progress import ProgressCallback, progress_display
from memfrag.results import Results

PluginRef = str | os.PathLike[str]
WorkloadRef = str | os.PathLike[str]


def setting_text(value: Any) -> str:
    """A parameter value as `--set key=value` spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten_params(params: Mapping[str, Any], prefix: str = "") -> list[str]:
    """{"workload.ops": 1000} or {"workload": {"ops": 1000}} -> ["workload.ops=1000"]."""
    settings = []
    for key, value in params.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            settings += flatten_params(value, f"{name}.")
        else:
            settings.append(f"{name}={setting_text(value)}")
    return settings


def equivalent_command(
    plugins: list[str], workloads: list[str], settings: list[str], seeds: list[int], repeat: int
) -> list[str]:
    """The `memfrag run` command line doing the same, recorded in the results document."""
    command = ["memfrag", "run"]
    for option, values in (
        ("--plugin", plugins),
        ("--workload", workloads),
        ("--seed", [str(seed) for seed in seeds]),
        ("--set", settings),
    ):
        for value in values:
            command += [option, value]
    return command + ["--repeat", str(repeat)]


def check_matrix(plugin_refs: list[str], repeat: int, timeout: int) -> None:
    """What the CLI's option checks refuse, with its messages."""
    if not plugin_refs:
        raise InputError("no plugin given and no built-in plugin found (set MEMFRAG_PLUGIN_PATH)")
    if not 1 <= repeat <= 1000:
        raise InputError(f"--repeat: value {repeat} not in range [1 - 1000]")
    if not 1 <= timeout <= 86400:
        raise InputError(f"--timeout: value {timeout} not in range [1 - 86400]")


def run(
    plugins: Iterable[PluginRef] | None = None,
    workloads: Iterable[WorkloadRef] | None = None,
    *,
    seed: int | Iterable[int] = 1,
    repeat: int = 1,
    params: Mapping[str, Any] | None = None,
    check: bool = True,
    timeout: int = 600,
    progress: bool | ProgressCallback | None = None,
) -> Results:
    """Runs every plugin on every workload for every seed, `repeat` times, each run in its own
    child process, and returns the results document.

    plugins: built-in names ("buddy"), library paths, or "LIB:ALLOCATOR"; default every
        built-in plugin.
    workloads: built-in names ("mixed-70"), TOML files, or "trace:FILE"; default every
        built-in workload.
    seed: one seed or several (a seed sweep).
    params: settings as for `memfrag run --set`: {"workload.ops": 500_000,
        "buddy.max_order": 11}, or nested: {"workload": {"ops": 500_000}}.
    check: the contract checker and the plugins' validate() calls.
    timeout: time limit of each run in seconds; a run over it is reported as timeout.
    progress: True, False, None (shown in terminals and notebooks), or a callable
        on_progress(run_index, run_count, run, ops_done, expected_ops).

    A run that crashes, hangs or breaks the allocation contract is recorded with its status; the
    other runs still complete. Raises InputError (the CLI's message) for bad input before any
    run starts. Ctrl-C stops the session and raises KeyboardInterrupt, whose `results`
    attribute holds the runs that completed (marked incomplete).
    """
    if plugins is not None:
        plugin_refs = [os.fspath(ref) for ref in plugins]
    else:
        plugin_refs = builtin_plugin_files()
    if workloads is not None:
        workload_refs = [os.fspath(ref) for ref in workloads]
    else:
        workload_refs = [workload["name"] for workload in builtin_workloads()]
    seeds = [seed] if isinstance(seed, int) else list(seed)
    check_matrix(plugin_refs, repeat, timeout)
    settings = flatten_params(params or {})
    command = equivalent_command(plugin_refs, workload_refs, settings, seeds, repeat)
    display = progress_display(progress)
    try:
        document = native.run(
            plugin_refs, workload_refs, settings, seeds, repeat, check, timeout, command, display
        )
    except BaseException as stopped:
        partial = getattr(stopped, "results_json", None)
        if partial is not None:
            stopped.results = Results.from_json(partial)
        raise
    finally:
        if display is not None:
            display.close()
    return Results.from_json(document)
