"""Shared fixtures: one small session from Python and the same session from the CLI.

The environment comes from run_python_tests (via ctest): MEMFRAG_SOURCE_DIR, MEMFRAG_CLI (the
built memfrag command), MEMFRAG_TRACE_SAMPLES (recorded kernel traces).
"""

import os
import subprocess
from pathlib import Path

import pytest

import memfrag

PLUGINS = ["buddy", "frame-stack"]
WORKLOAD = "mixed-70"
SEED = 7
REPEAT = 2
SMALL = {"workload.ops": 20_000}
TRACE_SAMPLE = "xz.perfscript.txt.zst"


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return Path(os.environ.get("MEMFRAG_SOURCE_DIR", Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def cli() -> Path:
    path = os.environ.get("MEMFRAG_CLI")
    if not path or not Path(path).exists():
        pytest.skip("MEMFRAG_CLI does not name the built memfrag command")
    return Path(path)


@pytest.fixture(scope="session")
def trace_sample() -> Path:
    samples = os.environ.get("MEMFRAG_TRACE_SAMPLES")
    if not samples or not (Path(samples) / TRACE_SAMPLE).exists():
        pytest.skip("MEMFRAG_TRACE_SAMPLES does not hold the sample traces")
    return Path(samples) / TRACE_SAMPLE


@pytest.fixture(scope="session")
def results() -> memfrag.Results:
    return memfrag.run(
        plugins=PLUGINS, workloads=[WORKLOAD], seed=SEED, repeat=REPEAT, params=SMALL,
        progress=False,
    )


def cli_run_arguments() -> list[str]:
    arguments = ["run", "--quiet", "--seed", str(SEED), "--repeat", str(REPEAT)]
    for plugin in PLUGINS:
        arguments += ["--plugin", plugin]
    arguments += ["--workload", WORKLOAD]
    for key, value in SMALL.items():
        arguments += ["--set", f"{key}={value}"]
    return arguments


@pytest.fixture(scope="session")
def cli_outputs(cli: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same session from the CLI, written as JSON and CSV by one invocation."""
    folder = tmp_path_factory.mktemp("cli")
    outputs = {suffix: folder / f"results.{suffix}" for suffix in ("json", "csv")}
    command = [str(cli), *cli_run_arguments()]
    for path in outputs.values():
        command += ["--output", str(path)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return outputs


def cli_error(cli: Path, arguments: list[str]) -> str:
    """The message the CLI prints for bad input, without its "memfrag: error: " prefix."""
    completed = subprocess.run(
        [str(cli), *arguments], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2, completed.stderr
    prefix = "memfrag: error: "
    assert completed.stderr.startswith(prefix), completed.stderr
    return completed.stderr[len(prefix):].rstrip("\n")
