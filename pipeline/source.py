"""The first stage: find the files to ingest and fingerprint their bytes.

Folders are walked (hidden entries and what ``.plpbkignore`` files name are left
out); files named on the command line are always taken, whatever their type, so that
an unsupported file is reported, not silently dropped. A document's identity is the
SHA-256 of its bytes, never its path.

The walk follows links to folders, but visits each real folder once, known by its
device and inode: two links to ``.`` in one folder would otherwise make it walk 2^n
paths. Folders given as ``skip`` (the store's own, which may sit inside the folder
ingested) are never entered.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
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
        warnings: Things the walk noticed and worked around (an ignore file that is
            not UTF-8), each naming its file.
    """

    files: tuple[Path, ...]
    missing: tuple[tuple[Path, str], ...]
    warnings: tuple[str, ...] = ()


def discover(paths: Iterable[Path], *, skip: Iterable[Path] = ()) -> Discovery:
    """Expand files and folders into the list of files to ingest.

    Args:
        paths: Files and folders; folders are walked recursively, each real folder
            once however many links lead to it.
        skip: Folders never to walk into (the store's: its files are no documents).

    Returns:
        The files found, the paths that could not be used, and warnings.
    """
    found: dict[Path, None] = {}
    missing: list[tuple[Path, str]] = []
    walk = _Walk(skip=skip)
    for path in paths:
        if path.is_dir():
            for file in walk.files(path):
                found.setdefault(file.resolve(), None)
        elif path.is_file():
            found.setdefault(path.resolve(), None)
        elif path.exists():
            missing.append((path, "not a regular file or folder"))
        else:
            missing.append((path, "no such file or folder"))
    return Discovery(
        files=tuple(sorted(found)), missing=tuple(missing), warnings=tuple(walk.warnings)
    )


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


def _folder_key(folder: Path) -> tuple[int, int] | None:
    """A real folder's identity (device, inode), None when it cannot be read."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class _Walk:
    """One walk of folders: which real folders it has entered, what it has noticed."""

    def __init__(self, *, skip: Iterable[Path]) -> None:
        self.seen: set[tuple[int, int]] = set()
        for folder in skip:
            if (key := _folder_key(folder)) is not None:
                self.seen.add(key)  # as if visited already: never entered
        self.warnings: list[str] = []

    def files(self, folder: Path) -> Iterable[Path]:
        """The files under ``folder``, each real folder entered once."""
        key = _folder_key(folder)
        if key is None or key in self.seen:
            return
        self.seen.add(key)
        ignored = self._ignore_patterns(folder)
        try:
            entries = sorted(folder.iterdir())
        except OSError as error:
            self.warnings.append(f"{folder}: cannot list the folder ({error.strerror}); skipped")
            return
        for entry in entries:
            if entry.name.startswith(".") or any(fnmatch.fnmatch(entry.name, p) for p in ignored):
                continue
            if entry.is_dir():
                yield from self.files(entry)
            elif entry.is_file():
                yield entry

    def _ignore_patterns(self, folder: Path) -> list[str]:
        ignore_file = folder / IGNORE_FILE
        if not ignore_file.is_file():
            return []
        try:
            data = ignore_file.read_bytes()
        except OSError as error:
            self.warnings.append(f"{ignore_file}: cannot be read ({error.strerror}); ignored")
            return []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            # One bad byte must not stop the batch: the patterns that are text still apply.
            text = data.decode("utf-8", errors="replace")
            self.warnings.append(
                f"{ignore_file}: not UTF-8 (byte {error.start}); its bytes that are not "
                "were read as U+FFFD, so a pattern holding them matches nothing: save it as UTF-8"
            )
        lines = text.splitlines()
        return [
            line.strip().rstrip("/") for line in lines if line.strip() and not line.startswith("#")
        ]
