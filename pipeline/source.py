"""The first stage: find the files to ingest and fingerprint their bytes.

Folders are walked (hidden entries and what ``.plpbkignore`` files name are left
out); files named on the command line are always taken, whatever their type, so that
an unsupported file is reported, not silently dropped. A document's identity is the
SHA-256 of its bytes, never its path.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import SourceFile
from pipeline.errors import SourceVanishedError

IGNORE_FILE = ".plpbkignore"
"""A file of glob patterns, one a line, naming entries of its folder not to ingest."""


@dataclass(frozen=True, slots=True)
class Discovery:
    """What a walk of the given paths found.

    Attributes:
        files: Files to ingest, in a stable order (sorted by path), without duplicates.
        missing: Paths given that do not exist, with the reason.
    """

    files: tuple[Path, ...]
    missing: tuple[tuple[Path, str], ...]


def discover(paths: Iterable[Path]) -> Discovery:
    """Expand files and folders into the list of files to ingest.

    Args:
        paths: Files and folders; folders are walked recursively.

    Returns:
        The files found and the paths that could not be used.
    """
    found: dict[Path, None] = {}
    missing: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for file in _walk(path):
                found.setdefault(file.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        elif path.exists():
            missing.append((path, "not a regular file or folder"))
        else:
            missing.append((path, "no such file or folder"))
    return Discovery(files=tuple(sorted(found)), missing=tuple(missing))


def fingerprint(path: Path) -> SourceFile:
    """Hash a file's bytes.

    Raises:
        SourceVanishedError: The file is gone or unreadable.
    """
    try:
        with path.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256")
            size = handle.tell()
    except FileNotFoundError:
        raise SourceVanishedError(f"{path.name}: the file disappeared before it was read") from None
    except OSError as error:
        raise SourceVanishedError(f"{path.name}: cannot read the file: {error.strerror}") from None
    return SourceFile(path=path, sha256=digest.hexdigest(), size=size)


def _walk(folder: Path) -> Iterable[Path]:
    ignored = _ignore_patterns(folder)
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or any(fnmatch.fnmatch(entry.name, p) for p in ignored):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        elif entry.is_file():
            yield entry


def _ignore_patterns(folder: Path) -> list[str]:
    ignore_file = folder / IGNORE_FILE
    if not ignore_file.is_file():
        return []
    lines = ignore_file.read_text(encoding="utf-8").splitlines()
    return [line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")]
