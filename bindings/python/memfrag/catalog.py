"""The built-in plugins and workloads, as `memfrag list --json` shows them."""

import json
import os
from typing import Any

from memfrag._native import _memfrag as native


def plugins(*refs: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Describes allocators: id, name, vendor, version, description, thread_safe, path and
    params (each with name, doc, type, default, min, max, choices).

    With no argument, every built-in plugin (a library that fails to load is skipped with a
    RuntimeWarning); otherwise the plugins named, by built-in name or library path, as
    `run(plugins=...)` accepts them. Raises PluginError for a library that cannot be loaded.
    """
    return json.loads(native.list_plugins([os.fspath(ref) for ref in refs]))


def workloads() -> list[dict[str, str]]:
    """The built-in workloads: name, description and path of each TOML file."""
    return json.loads(native.list_workloads())


def builtin_plugin_files() -> list[str]:
    """The library file of every built-in plugin: what `run()` uses when given no plugin."""
    return native.builtin_plugin_files()
