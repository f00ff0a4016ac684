"""'The Bank': a donor's document names its own multilateral bank without its name.

An English report of the World Bank or the Asian Development Bank writes "the Bank",
"the Bank's", "Bank-financed" for the bank it was written for. Where the document
names one international bank, that is the bank; where it names none, the World Bank
(the programme's co-funder, whose evaluation reports write it so); where it names
several, "the Bank" is left unread, as it could be any of them. A bank named right
after the words ("the Bank of Indonesia", "the Bank Jateng") is no such reference.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.document import Entity
from pipeline.entities.data import EntityData, ListedBody
from pipeline.entities.pages import Found

_INTERNATIONAL = "sector.international"
_DEFAULT_BANK = "bank-dunia"

_THE_BANK = re.compile(
    r"\bthe Bank\b(?![ \t]+(?:of\b|for\b|[A-Z]))"
    r"|\bBank-(?:financed|supported|funded|assisted)\b"
)
"""'the Bank' not followed by its own name, and the Bank's adjectives ('Bank-financed')."""


def the_bank(
    text: str,
    found: list[Found],
    data: EntityData,
    make: Callable[[ListedBody, str], Entity | None],
    *,
    language: str,
    limit: int,
) -> list[Found]:
    """The mentions of "the Bank" in an English document, as the bank it names.

    Args:
        text: The document's text.
        found: The entities found so far (the banks the document names by name).
        data: The entity data (the listed bodies).
        make: Builds a listed body's entity with the words it was written with.
        language: The document's language (only English writes "the Bank" so).
        limit: Where the reference list begins (nothing is read after it).
    """
    if language != "en":
        return []
    spans = [m.span() for m in _THE_BANK.finditer(text) if m.start() < limit]
    if not spans:
        return []
    named = {
        item.entity.key.name
        for item in found
        if item.entity.kind == "organization"
        and item.entity.key.name in data.bodies
        and _is_bank(data.bodies[item.entity.key.name])
    }
    if len(named) > 1:
        return []
    body = data.bodies.get(next(iter(named), _DEFAULT_BANK))
    if body is None:
        return []
    result = []
    for start, end in spans:
        entity = make(body, text[start:end])
        if entity is not None:
            result.append(Found(entity, start, end, "org/the-bank"))
    return result


def _is_bank(body: ListedBody) -> bool:
    """True for a multilateral bank (an international body with 'Bank' in its name)."""
    return body.sector == _INTERNATIONAL and "bank" in body.label.lower()
