"""Implied roles (``implied.jsonl``): a role a sector plays by what it is said to provide.

The codebook defines some roles by what their player does: ``role.partner`` is "partner
or donor", so a company said to give money or goods is a donor, whether or not the
report also calls it a partner. An implied-role line::

    {"id": "implied/private-giver-is-donor", "giver": "sector.private",
     "role": "role.partner", "forms": ["form.monetary", "form.physical"],
     "description": "..."}

says that a ``provides`` statement whose subject is ``giver`` (and, when ``forms`` is
given, whose object is one of them) also states that ``giver`` plays ``role``, with the
same evidence (:mod:`pipeline.tag.relations_implied` applies the lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.codebook.concepts import Concept
from pipeline.codebook.lines import data_lines, description, suggestion
from pipeline.errors import CodebookError

_IMPLIED_KEYS = {"id", "giver", "role", "forms", "description"}


@dataclass(frozen=True, slots=True)
class ImpliedRole:
    """A role that a sector plays because it provides something.

    Attributes:
        id: The line's stable id; the rule of the statements it adds.
        giver: The sector code of the provider (``sector.private``).
        role: The role code it plays (``role.partner``).
        forms: The form codes whose provision implies the role; empty for any form.
        description: Why, in the codebook's words.
        source: ``file:line`` it was read from.
    """

    id: str
    giver: str
    role: str
    forms: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


def read_implied(path: Path, concepts: Mapping[str, Concept]) -> tuple[ImpliedRole, ...]:
    """Read and validate ``implied.jsonl`` (none when absent), in file order.

    Args:
        path: The file.
        concepts: The codebook's codes by notation: every code a line names must be one,
            of the right family.

    Raises:
        CodebookError: A line is invalid; the message names the file and line.
    """
    if not path.is_file():
        return ()
    rules: list[ImpliedRole] = []
    seen: set[str] = set()
    for where, entry in data_lines(path, keys=_IMPLIED_KEYS):
        ident = entry.get("id")
        if not isinstance(ident, str) or not ident:
            raise CodebookError(f"{where}: an implied role needs an 'id'")
        if ident in seen:
            raise CodebookError(f"{where}: duplicate id {ident!r}")
        seen.add(ident)
        giver = _code(entry.get("giver"), "sector", concepts, where, "giver")
        role = _code(entry.get("role"), "role", concepts, where, "role")
        forms = entry.get("forms", [])
        if not isinstance(forms, list):
            raise CodebookError(f"{where}: 'forms' must be a list of form codes")
        rules.append(
            ImpliedRole(
                id=ident,
                giver=giver,
                role=role,
                forms=tuple(_code(form, "form", concepts, where, "forms") for form in forms),
                description=description(entry, where, of="an implied role"),
                source=where,
            )
        )
    return tuple(rules)


def _code(value: object, family: str, concepts: Mapping[str, Concept], where: str, key: str) -> str:
    """``value`` if it is a code of ``family``, else a :class:`CodebookError`."""
    if not isinstance(value, str) or value not in concepts:
        raise CodebookError(
            f"{where}: {key!r} names {value!r}, which is no code"
            f"{suggestion(str(value), sorted(concepts))}"
        )
    if not value.startswith(f"{family}."):
        raise CodebookError(f"{where}: {key!r} must be a {family} code, not {value!r}")
    return value
