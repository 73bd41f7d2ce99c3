"""Writing a wheel (PEP 427): the package folder as it is, plus the .dist-info folder with
METADATA, WHEEL and a RECORD of every file's hash."""

import base64
import hashlib
import sys
import sysconfig
import zipfile
from pathlib import Path

from memfrag_build.metadata import Project, metadata_text

# Fixed timestamps keep the archive the same for the same files.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def wheel_tag() -> str:
    """The extension module is built for this interpreter and platform."""
    python = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{python}-{python}-{platform}"


def wheel_name(project: Project) -> str:
    return f"{project.name}-{project.version}-{wheel_tag()}.whl"


def dist_info_files(project: Project) -> dict[str, bytes]:
    wheel = (
        "Wheel-Version: 1.0\n"
        "Generator: memfrag_build\n"
        "Root-Is-Purelib: false\n"
        f"Tag: {wheel_tag()}\n"
    )
    return {
        "METADATA": metadata_text(project).encode(),
        "WHEEL": wheel.encode(),
        "top_level.txt": b"memfrag\n",
    }


def write_dist_info(directory: Path, project: Project) -> str:
    """The .dist-info folder alone (prepare_metadata_for_build_wheel)."""
    dist_info = directory / project.dist_info
    dist_info.mkdir(parents=True, exist_ok=True)
    for name, data in dist_info_files(project).items():
        (dist_info / name).write_bytes(data)
    return dist_info.name


def record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def add_file(archive: zipfile.ZipFile, name: str, data: bytes, mode: int) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.external_attr = (mode & 0xFFFF) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def package_files(package: Path) -> list[Path]:
    return sorted(
        path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def write_wheel(wheel_directory: Path, package: Path, project: Project) -> str:
    """Zips `package` (the folder that becomes memfrag/ in site-packages) with its metadata;
    returns the wheel's file name."""
    name = wheel_name(project)
    records = []
    with zipfile.ZipFile(wheel_directory / name, "w") as archive:
        for path in package_files(package):
            archive_name = f"{package.name}/{path.relative_to(package).as_posix()}"
            data = path.read_bytes()
            add_file(archive, archive_name, data, path.stat().st_mode)
            records.append(record_line(archive_name, data))
        for file_name, data in dist_info_files(project).items():
            archive_name = f"{project.dist_info}/{file_name}"
            add_file(archive, archive_name, data, 0o644)
            records.append(record_line(archive_name, data))
        records.append(f"{project.dist_info}/RECORD,,")
        record = ("\n".join(records) + "\n").encode()
        add_file(archive, f"{project.dist_info}/RECORD", record, 0o644)
    return name
