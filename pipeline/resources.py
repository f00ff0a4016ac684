"""Where the project's data folders (``ontology/``, ``queries/``) are found.

In a checkout (and an editable install) they sit at the project root beside
``pipeline/``; a wheel carries them inside the package as ``pipeline/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` (``"ontology"`` or ``"queries"``) of this installation."""
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


VOCABULARY_FILES = ("plpbk.ttl", "codebook.ttl")
"""The ontology files loaded into the store with the data (``shapes.ttl`` is for checks)."""


def vocabulary_files() -> list[Path]:
    """Return the paths of :data:`VOCABULARY_FILES` in this installation."""
    folder = data_dir("ontology")
    return [folder / name for name in VOCABULARY_FILES]
