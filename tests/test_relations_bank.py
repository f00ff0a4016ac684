"""A bank of relation sentences written for issue 11 (tests/banks/relations.jsonl).

Each item is a sentence or short passage in the registers of real reports (local news on
CSR and kumuh, BKM reports, abstracts, guidelines, donor pages), written in our own words,
with the roles and provides pairs a reader decides from the codebook and the gold
conventions of tests/heldout_classes3/README.md (money for named works gives both money
and physical aid; recipients never provide). Tagged as the flow's worker tags
(annotate_text: organisations from the entity stage are the relations' actors), after a
partnership preamble so the document is on topic. Items the rules do not read yet are
marked xfail (strict) with the reason in the bank's ``xfail`` field.
"""

from __future__ import annotations

import pytest
from bank_lines import read_bank
from documents import ABOUT_EN, ABOUT_ID, one_page

from pipeline.annotate import annotate_text

ITEMS = read_bank("relations")


def found_pairs(item: dict) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """The (sector, role) and (sector, form) pairs the pipeline finds in ``item``."""
    text = (ABOUT_ID if item["lang"] == "id" else ABOUT_EN) + item["text"]
    tagged = annotate_text(one_page(text)).tagged
    roles = {(r.subject, r.object) for r in tagged.relations if r.predicate == "plays"}
    provides = {(r.subject, r.object) for r in tagged.relations if r.predicate == "provides"}
    return roles, provides


def _marks(item: dict) -> list:
    """An item the rules do not read yet fails as expected, with the bank's reason."""
    return [pytest.mark.xfail(strict=True, reason=item["xfail"])] if item.get("xfail") else []


def _params() -> list:
    return [pytest.param(item, id=item["id"], marks=_marks(item)) for item in ITEMS]


@pytest.mark.parametrize("item", _params())
def test_bank_item(item: dict) -> None:
    roles, provides = found_pairs(item)
    assert roles == {tuple(p) for p in item["roles"]}, item["text"]
    assert provides == {tuple(p) for p in item["provides"]}, item["text"]


def test_bank_shape() -> None:
    languages = [item["lang"] for item in ITEMS]
    assert len(ITEMS) >= 120 and languages.count("en") >= len(ITEMS) // 4
    negatives = [i for i in ITEMS if not i["roles"] and not i["provides"]]
    assert len(negatives) >= 25
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
