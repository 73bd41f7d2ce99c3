"""Results documents through the file format: Python and the CLI read each other's files."""

import copy
import json
from pathlib import Path

import pytest

import memfrag

# Top-level fields that legitimately differ between two sessions; each run's timing does too.
NOT_DETERMINISTIC = ("environment", "created", "command")


def deterministic_part(document: dict) -> dict:
    """The document without what differs between sessions, and without the file locations of
    plugins and workloads, which differ between the build tree and the installed package."""
    part = copy.deepcopy(document)
    for field in NOT_DETERMINISTIC:
        del part[field]
    for run in part["runs"]:
        del run["timing"]
    for entry in part["plugins"] + part["workloads"]:
        del entry["path"]
    return part


def test_save_and_load_round_trip(results: memfrag.Results, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    results.save(path)
    assert path.read_bytes() == results.to_json().encode()
    assert memfrag.load(path).document == results.document


def test_cli_files_load_unchanged(cli_outputs: dict[str, Path]) -> None:
    text = cli_outputs["json"].read_text()
    assert memfrag.load(cli_outputs["json"]).to_json() == text


def test_python_and_cli_sessions_agree(
    results: memfrag.Results, cli_outputs: dict[str, Path]
) -> None:
    from_cli = memfrag.load(cli_outputs["json"])
    assert deterministic_part(from_cli.document) == deterministic_part(results.document)


def test_python_files_follow_the_schema(
    results: memfrag.Results, source_dir: Path, tmp_path: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((source_dir / "docs" / "results.schema.json").read_text())
    path = tmp_path / "results.json"
    results.save(path)
    jsonschema.validate(json.loads(path.read_text()), schema)


@pytest.mark.parametrize(
    "suffix, format",
    [
        ("csv", "csv"),
        ("md", "markdown"),
        ("html", "html"),
        ("gbench.json", "gbench"),
        ("bmf.json", "bencher"),
        ("txt", "console"),
    ],
)
def test_save_follows_the_extension(
    results: memfrag.Results, tmp_path: Path, suffix: str, format: str
) -> None:
    path = tmp_path / f"results.{suffix}"
    results.save(path)
    assert path.read_bytes() == results.render(format).encode()


def test_save_refuses_an_unknown_ending(results: memfrag.Results, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown file name ending"):
        results.save(tmp_path / "results.xlsx")
    assert not (tmp_path / "results.xlsx").exists()


def test_render_names_every_format_when_refusing(results: memfrag.Results) -> None:
    with pytest.raises(ValueError, match="gbench or bencher"):
        results.render("pdf")


def test_a_broken_document_names_the_field(results: memfrag.Results, tmp_path: Path) -> None:
    document = copy.deepcopy(results.document)
    del document["runs"][1]["counts"]["frees"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    with pytest.raises(memfrag.ResultsFormatError, match="/runs/1/counts: missing field 'frees'"):
        memfrag.load(path)


def test_text_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{ not json")
    with pytest.raises(memfrag.ResultsFormatError, match="^results JSON"):
        memfrag.load(path)
