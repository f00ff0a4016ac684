"""Gold files: what a ``*.gold.json`` says a document holds, read and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import GoldFileError

RELATION_KEYS = {"roles": ("role", "plays"), "provides": ("form", "provides")}
"""Gold list -> (its object key, the relation's predicate)."""

ENTITY_KINDS = ("organizations", "places", "citations")
"""The gold lists of entities scored, in the order reports give them."""


@dataclass(frozen=True, slots=True)
class Gold:
    """What a gold file says, in the parts evaluation needs."""

    path: Path
    files: tuple[str, ...]
    codes: dict[str, tuple[str, ...]]
    relations: frozenset[tuple[str, str, str]]
    entities: dict[str, tuple[GoldEntity, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """An organisation or place a gold file lists (its names), or a citation (author, year).

    Attributes:
        names: The label first, then the "also" names; a citation's author alone.
        year: A citation's year; None for an organisation or a place.
        sector: An organisation's sector code, where the gold gives it.
        studied: Whether the document studies a place, where the gold says.
    """

    names: tuple[str, ...]
    year: int | None = None
    sector: str | None = None
    studied: bool | None = None

    @property
    def label(self) -> str:
        """How a report names it: the label, or "Author (year)"."""
        return self.names[0] if self.year is None else f"{self.names[0]} ({self.year})"


def read_gold(path: Path) -> Gold:
    """Read a gold file.

    Raises:
        GoldFileError: The file is unreadable, not JSON, or lacks ``files``/``codes``
            or a well-formed ``roles``/``provides`` list.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GoldFileError(f"{path}: cannot read the gold file: {error}") from error
    if not isinstance(data, dict):
        raise GoldFileError(f"{path}: a gold file is a JSON object")
    files, codes = data.get("files"), data.get("codes")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files) or not files:
        raise GoldFileError(f"{path}: 'files' must list the file names it describes")
    if not isinstance(codes, dict) or not all(isinstance(v, list) for v in codes.values()):
        raise GoldFileError(f"{path}: 'codes' must map notations to evidence phrases")
    relations = set()
    for key, (object_key, predicate) in RELATION_KEYS.items():
        entries = data.get(key, [])
        if not isinstance(entries, list):
            raise GoldFileError(f"{path}: {key!r} must be a list")
        for entry in entries:
            if not isinstance(entry, dict) or not {"sector", object_key} <= set(entry):
                raise GoldFileError(
                    f"{path}: each {key!r} entry needs 'sector' and {object_key!r}: {entry!r}"
                )
            relations.add((predicate, str(entry["sector"]), str(entry[object_key])))
    return Gold(
        path=path,
        files=tuple(Path(name).name for name in files),
        codes={code: tuple(str(p) for p in phrases) for code, phrases in codes.items()},
        relations=frozenset(relations),
        entities={
            kind: _gold_entities(path, kind, data[kind]) for kind in ENTITY_KINDS if kind in data
        },
    )


def _gold_entities(path: Path, kind: str, entries: Any) -> tuple[GoldEntity, ...]:
    if not isinstance(entries, list):
        raise GoldFileError(f"{path}: {kind!r} must be a list")
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise GoldFileError(f"{path}: each {kind!r} entry must be an object: {entry!r}")
        if kind == "citations":
            author, year = entry.get("author"), entry.get("year")
            if not isinstance(author, str) or not author or not str(year).isdigit():
                raise GoldFileError(
                    f"{path}: each 'citations' entry needs an 'author' and a 'year': {entry!r}"
                )
            out.append(GoldEntity((author,), int(str(year))))
            continue
        label, also = entry.get("label"), entry.get("also", [])
        if not isinstance(label, str) or not label or not isinstance(also, list):
            raise GoldFileError(
                f"{path}: each {kind!r} entry needs a 'label' (and 'also' a list): {entry!r}"
            )
        sector, studied = entry.get("sector"), entry.get("studied")
        if sector is not None and not isinstance(sector, str):
            raise GoldFileError(f"{path}: a 'sector' is a code's notation: {entry!r}")
        if studied is not None and not isinstance(studied, bool):
            raise GoldFileError(f"{path}: 'studied' is true or false: {entry!r}")
        out.append(
            GoldEntity((label, *(str(name) for name in also)), sector=sector, studied=studied)
        )
    return tuple(out)
