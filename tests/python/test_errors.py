"""Bad input raises InputError with the message the CLI prints."""

from pathlib import Path

import pytest

import memfrag
from conftest import WORKLOAD, cli_error

BAD_INPUTS = {
    "unknown plugin": (["budy"], [WORKLOAD], {}),
    "unknown workload": (["buddy"], ["mixed-7"], {}),
    "unknown workload key": (["buddy"], [WORKLOAD], {"workload.opz": 5}),
    "bad parameter value": (["buddy"], [WORKLOAD], {"buddy.max_order": 99}),
    "setting without scope": (["buddy"], [WORKLOAD], {"ops": 5}),
}


def cli_arguments(plugins: list[str], workloads: list[str], params: dict) -> list[str]:
    arguments = ["run", "--quiet"]
    for plugin in plugins:
        arguments += ["--plugin", plugin]
    for workload in workloads:
        arguments += ["--workload", workload]
    for key, value in params.items():
        arguments += ["--set", f"{key}={value}"]
    return arguments


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_input_errors_carry_the_cli_message(cli: Path, case: str) -> None:
    plugins, workloads, params = BAD_INPUTS[case]
    with pytest.raises(memfrag.InputError) as raised:
        memfrag.run(plugins=plugins, workloads=workloads, params=params, progress=False)
    assert str(raised.value) == cli_error(cli, cli_arguments(plugins, workloads, params))


def test_input_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="budy"):
        memfrag.run(plugins=["budy"], workloads=[WORKLOAD], progress=False)


def test_repeat_out_of_range() -> None:
    with pytest.raises(memfrag.InputError, match="--repeat"):
        memfrag.run(plugins=["buddy"], workloads=[WORKLOAD], repeat=0, progress=False)


def test_a_library_that_cannot_be_loaded(tmp_path: Path) -> None:
    library = tmp_path / "libnothing.so"
    library.write_bytes(b"not an ELF file")
    with pytest.raises(memfrag.PluginError, match="libnothing.so"):
        memfrag.plugins(library)
