"""The distribution's metadata: pyproject.toml's [project] table, and the version from the
project() call in CMakeLists.txt, the one version of memfrag."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    name: str
    version: str
    summary: str
    requires_python: str
    dependencies: list[str]
    optional_dependencies: dict[str, list[str]]
    readme: str

    @property
    def dist_info(self) -> str:
        return f"{self.name}-{self.version}.dist-info"


def cmake_project_version(source: Path) -> str:
    text = (source / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"project\(\s*\w+\s+VERSION\s+([0-9.]+)", text)
    if match is None:
        raise RuntimeError("CMakeLists.txt: no project(<name> VERSION <x.y.z>) found")
    return match.group(1)


def read_project(source: Path) -> Project:
    table = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return Project(
        name=table["name"],
        version=cmake_project_version(source),
        summary=table.get("description", ""),
        requires_python=table.get("requires-python", ""),
        dependencies=table.get("dependencies", []),
        optional_dependencies=table.get("optional-dependencies", {}),
        readme=(source / table["readme"]).read_text(encoding="utf-8") if "readme" in table else "",
    )


def metadata_text(project: Project) -> str:
    """The METADATA file (core metadata 2.1)."""
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {project.name}",
        f"Version: {project.version}",
        f"Summary: {project.summary}",
        f"Requires-Python: {project.requires_python}",
    ]
    lines += [f"Requires-Dist: {requirement}" for requirement in project.dependencies]
    for extra, requirements in project.optional_dependencies.items():
        lines.append(f"Provides-Extra: {extra}")
        marker = f'extra == "{extra}"'
        lines += [f"Requires-Dist: {requirement}; {marker}" for requirement in requirements]
    lines.append("Description-Content-Type: text/markdown")
    return "\n".join(lines) + "\n\n" + project.readme
