"""The entity data files of ``ontology/entities/``, validated on load.

``organizations.jsonl`` lists bodies (national ones, and kinds of body every region or
village has one of: Bappeda, BKM); ``programmes.jsonl`` the programmes;
``name-heads.jsonl`` the words that open (or close) an organisation's or a site's name;
``place-words.jsonl`` the kind words around a place name ("Kelurahan", "Regency");
``document-cues.jsonl`` the words that say what a document is about, or that a word is
no author. A broken line raises :class:`~pipeline.errors.EntityDataError` naming the
file and line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pipeline.codebook import default_ontology_dir
from pipeline.errors import EntityDataError, GazetteerError
from pipeline.gazetteer import (
    ENTITIES_DIR,
    PLACE_KINDS,
    check_keys,
    read_jsonl,
    string_list,
)

SECTORS = (
    "sector.government",
    "sector.private",
    "sector.community",
    "sector.international",
)
"""The sector codes an organisation is classified by."""

Scope = Literal["national", "region", "village"]
"""Whose a body is: one for the nation (or a unique body), one per region, one per village."""

_SCOPES = ("national", "region", "village")


@dataclass(frozen=True, slots=True)
class ListedBody:
    """An organisation, or a kind of body every region or village has one of.

    Attributes:
        id: Its id (the organisation's key name).
        label: Its preferred name.
        alt: Its other names and acronyms.
        sector: Its sector code.
        scope: National, or one per region or village.
        part_of: The id of the body it belongs to (a directorate's ministry).
        requires_place: Named only with its region (a bare "Dinas" is nobody).
        cased: Matched as written, not in any case (an acronym that is also a word).
        many: A village has many, told apart by name (KSM).
    """

    id: str
    label: str
    alt: tuple[str, ...]
    sector: str
    scope: Scope
    part_of: str | None = None
    requires_place: bool = False
    cased: bool = False
    many: bool = False


@dataclass(frozen=True, slots=True)
class ListedProgramme:
    """A programme of ``programmes.jsonl``; ``part_of`` is the id of its parent programme."""

    id: str
    label: str
    alt: tuple[str, ...]
    part_of: str | None = None
    cased: bool = False


@dataclass(frozen=True, slots=True)
class NameHead:
    """A word that opens (or closes) the name of an organisation or a site.

    Attributes:
        words: The head's words, lower case.
        entity: ``"organization"`` or ``"site"``.
        sector: The sector of the organisations it names.
        scope: Whose the bodies it names are.
        type: A body of ``organizations.jsonl`` it names instances of ("BKM ...").
        suffix: It closes the name ("... office", "... River Walk").
        lower_name: The name after it may be written in lower case.
        described: A description comes between it and the name: kelompok nelayan "X".
        next: The words one of which must follow it.
        not_next: Words that, following it, say it opens no name.
    """

    words: tuple[str, ...]
    entity: Literal["organization", "site"]
    sector: str | None = None
    scope: Scope = "national"
    type: str | None = None
    suffix: bool = False
    lower_name: bool = False
    described: bool = False
    next: frozenset[str] = frozenset()
    not_next: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EntityData:
    """The validated contents of ``ontology/entities/*.jsonl``.

    Attributes:
        bodies: The listed organisations and kinds of body, by id.
        programmes: The programmes, by id.
        heads: The head words of names.
        kind_before: Kind words written before a place's name, with the kinds they say.
        kind_after: Kind words written after it ("Regency").
        kind_before_of: Kind words written before "of" and the name ("city of").
        cues: Words by role (see :data:`CUE_ROLES`), lower case.
    """

    bodies: dict[str, ListedBody]
    programmes: dict[str, ListedProgramme]
    heads: tuple[NameHead, ...]
    kind_before: dict[str, frozenset[str]]
    kind_after: dict[str, frozenset[str]]
    kind_before_of: dict[str, frozenset[str]]
    cues: dict[str, frozenset[str]]


CUE_ROLES = (
    "study-place",
    "issue-line",
    "month",
    "not-author",
    "references-heading",
    "name-end",
    "unit-word",
    "person-title",
    "not-portfolio",
    "address",
    "speech-verb",
    "office-word",
    "feature-word",
    "force-unit",
    "link-line",
    "affiliation-word",
    "headline-verb",
    "street-word",
    "university-word",
)
"""The roles of ``document-cues.jsonl``'s words."""


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise EntityDataError(f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def _flag(entry: dict[str, Any], key: str, where: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise EntityDataError(f"{where}: {key!r} must be true or false")
    return value


def _sector(entry: dict[str, Any], where: str, *, required: bool = True) -> str | None:
    value = entry.get("sector")
    if value is None and not required:
        return None
    if value not in SECTORS:
        raise EntityDataError(f"{where}: 'sector' must be one of {list(SECTORS)}, not {value!r}")
    return str(value)


def _scope(value: Any, where: str) -> Scope:
    if value == "national" or value == "region" or value == "village":
        return value
    raise EntityDataError(f"{where}: 'scope' must be national, region or village")


# The gazetteer's JSONL readers raise GazetteerError; read for an entity data file, the
# same fault is an entity data file's.


def _checked(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    try:
        yield from read_jsonl(path)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _keys(entry: dict[str, Any], where: str, required: set[str], allowed: set[str]) -> None:
    try:
        check_keys(entry, where, required, allowed)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _names(value: Any, where: str, key: str) -> tuple[str, ...]:
    try:
        return string_list(value, where, key)
    except GazetteerError as error:
        raise EntityDataError(str(error)) from error


def _read_bodies(path: Path) -> dict[str, ListedBody]:
    bodies: dict[str, ListedBody] = {}
    where_of: dict[str, str] = {}
    for where, entry in _checked(path):
        _keys(
            entry,
            where,
            {"id", "label", "alt", "sector", "scope"},
            {"part_of", "requires_place", "cased", "instances", "note"},
        )
        body_id = _text(entry, "id", where)
        if body_id in bodies:
            raise EntityDataError(
                f"{where}: duplicate id {body_id!r} (first at {where_of[body_id]})"
            )
        scope = _scope(entry["scope"], where)
        if entry.get("instances", "one") not in ("one", "many"):
            raise EntityDataError(f"{where}: 'instances' must be 'one' or 'many'")
        part_of = entry.get("part_of")
        if part_of is not None and not isinstance(part_of, str):
            raise EntityDataError(f"{where}: 'part_of' must be an id")
        bodies[body_id] = ListedBody(
            id=body_id,
            label=_text(entry, "label", where),
            alt=_names(entry["alt"], where, "alt"),
            sector=str(_sector(entry, where)),
            scope=scope,
            part_of=part_of,
            requires_place=_flag(entry, "requires_place", where),
            cased=_flag(entry, "cased", where),
            many=entry.get("instances") == "many",
        )
        where_of[body_id] = where
    for body in bodies.values():
        if body.part_of is not None and body.part_of not in bodies:
            raise EntityDataError(
                f"{where_of[body.id]}: 'part_of' names no organisation: {body.part_of!r}"
            )
    return bodies


def _read_programmes(path: Path) -> dict[str, ListedProgramme]:
    programmes: dict[str, ListedProgramme] = {}
    where_of: dict[str, str] = {}
    for where, entry in _checked(path):
        _keys(entry, where, {"id", "label", "alt"}, {"part_of", "cased", "note"})
        programme_id = _text(entry, "id", where)
        if programme_id in programmes:
            raise EntityDataError(f"{where}: duplicate id {programme_id!r}")
        part_of = entry.get("part_of")
        if part_of is not None and not isinstance(part_of, str):
            raise EntityDataError(f"{where}: 'part_of' must be an id")
        programmes[programme_id] = ListedProgramme(
            id=programme_id,
            label=_text(entry, "label", where),
            alt=_names(entry["alt"], where, "alt"),
            part_of=part_of,
            cased=_flag(entry, "cased", where),
        )
        where_of[programme_id] = where
    for programme in programmes.values():
        if programme.part_of is not None and programme.part_of not in programmes:
            raise EntityDataError(
                f"{where_of[programme.id]}: 'part_of' names no programme: {programme.part_of!r}"
            )
    return programmes


def _read_heads(path: Path, bodies: dict[str, ListedBody]) -> tuple[NameHead, ...]:
    heads = []
    for where, entry in _checked(path):
        _keys(
            entry,
            where,
            {"head", "entity"},
            {"sector", "scope", "type", "position", "lower_name", "described", "next", "not_next"},
        )
        entity = entry["entity"]
        if entity not in ("organization", "site"):
            raise EntityDataError(f"{where}: 'entity' must be 'organization' or 'site'")
        body_type = entry.get("type")
        if body_type is not None and body_type not in bodies:
            raise EntityDataError(f"{where}: 'type' names no organisation: {body_type!r}")
        if entity == "organization" and body_type is None:
            _sector(entry, where)
        scope = _scope(entry.get("scope", "national"), where)
        if entry.get("position", "prefix") not in ("prefix", "suffix"):
            raise EntityDataError(f"{where}: 'position' must be 'prefix' or 'suffix'")
        heads.append(
            NameHead(
                words=tuple(_text(entry, "head", where).lower().split()),
                entity=entity,
                sector=_sector(entry, where, required=False),
                scope=scope,
                type=body_type,
                suffix=entry.get("position") == "suffix",
                lower_name=_flag(entry, "lower_name", where),
                described=_flag(entry, "described", where),
                next=frozenset(w.lower() for w in _names(entry.get("next", []), where, "next")),
                not_next=frozenset(
                    w.lower() for w in _names(entry.get("not_next", []), where, "not_next")
                ),
            )
        )
    return tuple(heads)


def _read_place_words(
    path: Path,
) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    tables: dict[str, dict[str, frozenset[str]]] = {"before": {}, "after": {}, "before-of": {}}
    for where, entry in _checked(path):
        if "direction" in entry:
            continue  # read by the gazetteer
        _keys(entry, where, {"word", "kind", "position"}, set())
        kinds = entry["kind"] if isinstance(entry["kind"], list) else [entry["kind"]]
        if not kinds or any(kind not in PLACE_KINDS for kind in kinds):
            raise EntityDataError(f"{where}: 'kind' must be one or more of {list(PLACE_KINDS)}")
        if entry["position"] not in tables:
            raise EntityDataError(f"{where}: 'position' must be one of {sorted(tables)}")
        tables[entry["position"]][_text(entry, "word", where).lower()] = frozenset(kinds)
    return tables["before"], tables["after"], tables["before-of"]


def _read_cues(path: Path) -> dict[str, frozenset[str]]:
    cues: dict[str, set[str]] = {role: set() for role in CUE_ROLES}
    for where, entry in _checked(path):
        _keys(entry, where, {"cue", "role"}, set())
        if entry["role"] not in cues:
            raise EntityDataError(f"{where}: 'role' must be one of {list(CUE_ROLES)}")
        cues[entry["role"]].add(_text(entry, "cue", where).lower())
    return {role: frozenset(words) for role, words in cues.items()}


@functools.cache
def load_entity_data(ontology_dir: Path | None = None) -> EntityData:
    """Load and validate the entity data files of ``ontology/entities/``.

    Args:
        ontology_dir: The ontology folder; by default
            :func:`~pipeline.codebook.default_ontology_dir`.

    Returns:
        The files' contents.

    Raises:
        EntityDataError: A file is missing or invalid; the message names file and line.
    """
    folder = (ontology_dir or default_ontology_dir()) / ENTITIES_DIR
    bodies = _read_bodies(folder / "organizations.jsonl")
    before, after, before_of = _read_place_words(folder / "place-words.jsonl")
    return EntityData(
        bodies=bodies,
        programmes=_read_programmes(folder / "programmes.jsonl"),
        heads=_read_heads(folder / "name-heads.jsonl", bodies),
        kind_before=before,
        kind_after=after,
        kind_before_of=before_of,
        cues=_read_cues(folder / "document-cues.jsonl"),
    )
