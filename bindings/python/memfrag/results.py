"""Results: one results document, the file `memfrag run --output results.json` writes.

Reading and writing go through the core's strict reader and its JSON writer, so a document
from Python and one from the CLI are the same schema, byte for byte for the same content.
"""

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from memfrag import frames
from memfrag._native import _memfrag as native

Document = dict[str, Any]


class Results:
    """A results document (docs/results.md), read-only.

    `document` is the parsed JSON; the methods turn its parts into DataFrames. Plugins and
    workloads are named by their key in the document, or as the run named them ("buddy",
    "mixed-70", "trace:capture.txt.zst").
    """

    def __init__(self, canonical_json: str) -> None:
        """Use Results.from_json() or load(): they check the text first."""
        self._json = canonical_json
        self.document: Document = json.loads(canonical_json)

    @classmethod
    def from_json(cls, text: str) -> "Results":
        """Reads a results document from JSON text. Raises ResultsFormatError naming the
        offending field (the JSON pointer), as the CLI would."""
        return cls(native.render(text, "json"))

    def __repr__(self) -> str:
        state = "" if self.complete else ", incomplete"
        return (
            f"<memfrag.Results: {len(self.runs)} runs of {', '.join(self.plugins)} on "
            f"{', '.join(self.workloads)}{state}>"
        )

    @property
    def complete(self) -> bool:
        """False when the session was interrupted: the document holds the runs that completed."""
        return self.document["complete"]

    @property
    def plugins(self) -> list[str]:
        return [plugin["key"] for plugin in self.document["plugins"]]

    @property
    def workloads(self) -> list[str]:
        return [workload["key"] for workload in self.document["workloads"]]

    @property
    def runs(self) -> list[Document]:
        return self.document["runs"]

    def to_json(self) -> str:
        """The document as the CLI writes it (2-space indent, keys sorted)."""
        return self._json

    def render(self, format: str) -> str:
        """The document as `memfrag run --format` prints it: console, json, csv, markdown,
        html, gbench or bencher."""
        return native.render(self._json, format)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the document; the format follows the file name's ending as for `memfrag run
        --output`: .json, .gbench.json, .bmf.json, .csv, .md, .html, .txt and their variants."""
        format = native.format_for_path(os.fspath(path))
        if format is None:
            raise ValueError(f"{path}: unknown file name ending (expected .json, .gbench.json, "
                             ".bmf.json, .csv, .md, .markdown, .html, .htm or .txt)")
        # Bytes as rendered: the CSV report's line ends are CRLF (RFC 4180).
        Path(path).write_bytes(self.render(format).encode())

    def to_pandas(self) -> pd.DataFrame:
        """One row per run and figure, the rows of the CSV report: plugin, workload,
        repetition, seed, status, metric, order, class, value. A run that did not complete
        has one row without metric and value."""
        return frames.tidy_frame(self.render("csv"))

    def plugin_key(self, plugin: str) -> str:
        """The document's key for a plugin named by key, by reference or by allocator id."""
        return self._key_of("plugins", plugin, ("key", "ref", "id"))

    def workload_key(self, workload: str | None) -> str:
        """The document's key for a workload named by key, reference or name; the first
        workload when None."""
        if workload is None:
            return self.workloads[0]
        return self._key_of("workloads", workload, ("key", "ref", "name"))

    def _key_of(self, table: str, name: str, fields: tuple[str, ...]) -> str:
        for field in fields:
            for entry in self.document[table]:
                if entry[field] == name:
                    return entry["key"]
        known = ", ".join(entry["key"] for entry in self.document[table])
        raise KeyError(f"no {table[:-1]} '{name}' in these results (there are: {known})")

    def select(self, plugin: str | None = None, workload: str | None = None) -> list[Document]:
        """The runs of a plugin and/or a workload, in execution order."""
        plugin_key = self.plugin_key(plugin) if plugin is not None else None
        workload_key = self.workload_key(workload) if workload is not None else None
        return [
            run
            for run in self.runs
            if plugin_key in (None, run["plugin"]) and workload_key in (None, run["workload"])
        ]

    def run(
        self,
        plugin: str,
        workload: str | None = None,
        repetition: int = 0,
        seed: int | None = None,
    ) -> Document:
        """One run: of the first seed when `seed` is None."""
        workload_key = self.workload_key(workload)
        for run in self.select(plugin, workload_key):
            if run["repetition"] == repetition and seed in (None, run["seed"]):
                return run
        raise KeyError(
            f"no run of {plugin} x {workload_key} repetition {repetition}"
            + ("" if seed is None else f" seed {seed}")
        )

    def timeline(
        self,
        plugin: str,
        workload: str | None = None,
        repetition: int = 0,
        seed: int | None = None,
        reference: bool = False,
    ) -> pd.DataFrame:
        """The free state over one run, a row per sample: op_index, phase, free_frames,
        live_blocks, nr_free_<order>, unusable_index_<order>, fragmentation_index_<order>
        (indices as fractions). With reference=True, the workload's reference timeline
        instead (for trace replay: the traced kernel's own layout)."""
        counts = self.run(plugin, workload, repetition, seed)["counts"]
        return frames.timeline_frame(counts["reference_timeline" if reference else "timeline"])

    def histogram(
        self,
        plugin: str,
        workload: str | None = None,
        repetition: int = 0,
        seed: int | None = None,
    ) -> pd.DataFrame:
        """The free-block histogram at the end of one run: order, nr_free, free_frames."""
        final_state = self.run(plugin, workload, repetition, seed)["counts"]["final_state"]
        return frames.histogram_frame(final_state)

    def requests(self, plugin: str | None = None, workload: str | None = None) -> pd.DataFrame:
        """Per run, order and request class: requests, successes, exhaustion_failures,
        fragmentation_failures, policy_failures."""
        return frames.requests_frame(self.select(plugin, workload))

    def latency(self, plugin: str | None = None, workload: str | None = None) -> pd.DataFrame:
        """Per run, operation (alloc, free) and order: count, min/p50/p90/p99/p999/max and
        mean latency in ns."""
        return frames.latency_frame(self.select(plugin, workload))

    def metric_directions(self) -> dict[str, str]:
        """For each headline metric of the document, 'higher' or 'lower': which is better."""
        return native.metric_directions(self._json)


def load(path: str | os.PathLike[str]) -> Results:
    """Reads a results document written by `memfrag run --output` or Results.save(). Raises
    ResultsFormatError for anything else."""
    return Results.from_json(Path(path).read_text(encoding="utf-8"))
