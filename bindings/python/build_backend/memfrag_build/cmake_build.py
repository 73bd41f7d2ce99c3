"""Building the extension module with the project's CMake build, and laying out the package
with `cmake --install --component python` (bindings/python/CMakeLists.txt)."""

import importlib.machinery
import os
import shutil
import subprocess
import sys
from pathlib import Path

# A CMake build directory to build in, kept between builds. An existing one configured with
# MEMFRAG_BUILD_PYTHON=ON is used as it is (the test suite points this at its own build);
# otherwise the directory is configured for a Release build of the module alone.
BUILD_DIR_VARIABLE = "MEMFRAG_PYTHON_BUILD_DIR"
DEFAULT_BUILD_DIR = "build-python"


def build_dir(source: Path, config_settings: dict[str, str] | None) -> Path:
    configured = (config_settings or {}).get("build-dir") or os.environ.get(BUILD_DIR_VARIABLE)
    return Path(configured).resolve() if configured else source / DEFAULT_BUILD_DIR


def cache_value(build: Path, name: str) -> str | None:
    cache = build / "CMakeCache.txt"
    if not cache.exists():
        return None
    for line in cache.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.split(":")[0] == name:
            return value
    return None


def run(command: list[str]) -> None:
    print("memfrag build:", " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, check=True)


def configure(source: Path, build: Path) -> None:
    if cache_value(build, "MEMFRAG_BUILD_PYTHON") in ("ON", "TRUE", "1", "YES"):
        return
    # The interpreter itself, not a virtual environment's link to it: the module built for it
    # serves all of its environments, and the cached path outlives this one.
    interpreter = os.path.realpath(sys.executable)
    options = ["-DMEMFRAG_BUILD_PYTHON=ON", f"-DPython_EXECUTABLE={interpreter}"]
    if cache_value(build, "CMAKE_HOME_DIRECTORY") is None:
        options += [
            "-DCMAKE_BUILD_TYPE=Release",
            "-DMEMFRAG_BUILD_TESTS=OFF",
            "-DMEMFRAG_BUILD_BENCHMARKS=OFF",
        ]
        if shutil.which("ninja"):
            options += ["-G", "Ninja"]
    run(["cmake", "-S", str(source), "-B", str(build), *options])


def check_module_suffix(package: Path, build: Path) -> None:
    """The module must be built for the interpreter running this build."""
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    if not (package / "_native" / f"_memfrag{suffix}").exists():
        found = ", ".join(path.name for path in (package / "_native").glob("_memfrag*")) or "none"
        raise RuntimeError(
            f"{build} builds the extension module for another Python (found {found}, this "
            f"interpreter needs _memfrag{suffix}); use another {BUILD_DIR_VARIABLE}"
        )


def build_package(source: Path, build: Path, staging: Path) -> Path:
    """Builds the module and the built-in plugins; lays the package out in staging/memfrag
    and returns that folder. CMAKE_BUILD_PARALLEL_LEVEL sets the number of jobs."""
    configure(source, build)
    run(["cmake", "--build", str(build), "--target", "memfrag_python"])
    run(["cmake", "--install", str(build), "--component", "python", "--prefix", str(staging)])
    package = staging / "memfrag"
    check_module_suffix(package, build)
    return package
