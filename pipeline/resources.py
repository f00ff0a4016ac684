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
