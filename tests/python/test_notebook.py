"""examples/fragmentation.ipynb runs from top to bottom in a kernel of this interpreter and shows
its figures and numbers."""

import json
import re
import sys
from pathlib import Path

import pytest

nbclient = pytest.importorskip("nbclient")
nbformat = pytest.importorskip("nbformat")

# Figures the notebook draws: four of the scenario, two of the trace.
EXPECTED_FIGURES = 6
KERNEL_NAME = "memfrag-test"


@pytest.fixture
def kernel_of_this_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec running this interpreter, where memfrag is installed (the system's
    python3 kernel runs the system interpreter)."""
    spec = tmp_path / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL_NAME, "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    return KERNEL_NAME


def outputs_of(notebook: "nbformat.NotebookNode", output_type: str) -> list:
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == output_type
    ]


def plain_texts(notebook: "nbformat.NotebookNode") -> str:
    results = outputs_of(notebook, "execute_result") + outputs_of(notebook, "display_data")
    return "\n".join(output.data.get("text/plain", "") for output in results)


def test_the_notebook_runs_and_shows_figures_and_numbers(
    source_dir: Path, kernel_of_this_interpreter: str
) -> None:
    path = source_dir / "examples" / "fragmentation.ipynb"
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=kernel_of_this_interpreter,
        timeout=600,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    assert outputs_of(notebook, "error") == []
    figures = [
        output
        for output in outputs_of(notebook, "display_data") + outputs_of(notebook, "execute_result")
        if "image/png" in output.data
    ]
    assert len(figures) >= EXPECTED_FIGURES
    text = plain_texts(notebook)
    assert "buddy" in text and "frame-stack" in text
    assert "success_rate" in text and "trace_allocs_replayed" in text
    assert re.search(r"\d+\.\d+", text)
    assert "<memfrag.Results: " in text
