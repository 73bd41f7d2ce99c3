"""The PEP 517 hooks pip calls for `pip install .`. Hooks run in the source tree's root."""

import tempfile
from pathlib import Path

from memfrag_build.cmake_build import build_dir, build_package
from memfrag_build.metadata import read_project
from memfrag_build.wheel import write_dist_info, write_wheel


def get_requires_for_build_wheel(config_settings: dict[str, str] | None = None) -> list[str]:
    return []


def prepare_metadata_for_build_wheel(
    metadata_directory: str, config_settings: dict[str, str] | None = None
) -> str:
    return write_dist_info(Path(metadata_directory), read_project(Path.cwd()))


def build_wheel(
    wheel_directory: str,
    config_settings: dict[str, str] | None = None,
    metadata_directory: str | None = None,
) -> str:
    """Builds the extension module (config_settings "build-dir" or $MEMFRAG_PYTHON_BUILD_DIR
    names the CMake build directory, default build-python/) and writes the wheel."""
    source = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="memfrag-wheel-") as staging:
        package = build_package(source, build_dir(source, config_settings), Path(staging))
        return write_wheel(Path(wheel_directory), package, read_project(source))
