"""A bank of organisation names (issue 11): passages of our own, written from the codebook
before any entity rule was changed, to measure and hold the class.

Each line of ``tests/banks/entities.jsonl`` (after the first, which holds the notes: the
decisions on what is and is not an organisation and which sector it has) is a passage in
the register of a news item, a BKM blog, a programme report (Indonesian) or an evaluation
(English), with the organisations it names as gold: the name as written, another form the
passage writes (``also``), and the sector. Near misses name none. A passage is read as the
flow's worker reads a document (:func:`pipeline.annotate.annotate_text`) and scored as
``plpbk-kg evaluate`` scores organisations: a node found is right when one of its names is
one of a gold entry's (by :func:`~pipeline.gazetteer.name_key`), and right by sector when it
also has the entry's sector.

Run as a script for the figures: ``.venv/bin/python tests/test_entities_bank.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from bank_lines import read_bank
from documents import one_page

from pipeline.annotate import annotate_text
from pipeline.evaluate.matching import sector_matches
from pipeline.gazetteer import name_key

XFAIL: dict[str, str] = {
    "e059": "a police command named with its place, not its number ('Polres Magelang')",
    "e085": (
        "names in lower case are read only when listed ('pt semen gresik'): where an unlisted"
        " lower-case name ends is not known"
    ),
    "e147": (
        "'Padang' alone is a place only after the document names it with its kind word; the"
        " passage names it only here (with the kota named before, the office is read: e181)"
    ),
    "e153": "a village named only before 'women's group' is no place yet (as e147)",
    "e219": (
        "a person's name right after an unlisted company's, with no title or comma between:"
        " where the company's name ends is not known (a listed body's is: before_speaker)"
    ),
    "e220": "as e219",
    "e229": (
        "a head word with only a place after it names a body only where the kind of body is"
        " listed (Dinas Sosial, Forum CSR); 'Bank Sampah' is a head, not a listed kind"
    ),
}
"""Passages still wrong after a reasonable fix, by id, with the reason."""


@dataclass(frozen=True)
class Node:
    """An organisation the passage was found to name: its names' keys and its sectors."""

    label: str
    names: frozenset[str]
    sectors: frozenset[str]


def bank() -> list[dict[str, object]]:
    """The bank's passages, in file order (the notes line left out)."""
    return [row for row in read_bank("entities") if "text" in row]


def organisations(text: str) -> list[Node]:
    """The organisations the worker finds in ``text``: one node per key, names merged."""
    found = annotate_text(one_page(text)).found
    names: dict[object, set[str]] = {}
    sectors: dict[object, set[str]] = {}
    labels: dict[object, str] = {}
    for mention in found.mentions:
        entity = mention.entity
        if entity.kind != "organization":
            continue
        labels.setdefault(entity.key, entity.label)
        names.setdefault(entity.key, set()).update(
            name_key(name) for name in (entity.label, *entity.alt_labels)
        )
        sectors.setdefault(entity.key, set()).update(
            str(fact.value) for fact in entity.facts if fact.field == "sector"
        )
    return [Node(labels[key], frozenset(names[key]), frozenset(sectors[key])) for key in labels]


def gold_names(entry: dict[str, object]) -> set[str]:
    """The keys of a gold entry's names (the name as written and its ``also``)."""
    return {name_key(str(name)) for name in [entry["name"], *entry.get("also", [])]}  # type: ignore[misc]


def judge(row: dict[str, object]) -> dict[str, object]:
    """Counts for one passage (as ``plpbk-kg evaluate`` counts), and what went wrong."""
    gold = row["orgs"]
    assert isinstance(gold, list)
    nodes = organisations(str(row["text"]))
    expected = [(gold_names(entry), entry["sector"]) for entry in gold]
    right = [any(node.names & names for names, _ in expected) for node in nodes]
    recalled = [any(node.names & names for node in nodes) for names, _ in expected]
    right_sector, recalled_sector = sector_matches(nodes, expected)
    return {
        "counts": (sum(right), len(nodes), sum(recalled), len(expected)),
        "sector_counts": (sum(right_sector), len(nodes), sum(recalled_sector), len(expected)),
        "extra": [n.label for n, hit in zip(nodes, right, strict=True) if not hit],
        "missed": [e["name"] for e, hit in zip(gold, recalled, strict=True) if not hit],
        "wrong_sector": [
            f"{n.label} {sorted(n.sectors)}"
            for n, hit, ok in zip(nodes, right, right_sector, strict=True)
            if hit and not ok
        ],
    }


def cases() -> list[object]:
    """The bank as pytest parameters, the known failures marked strict xfail."""
    params = []
    for row in bank():
        key = str(row["id"])
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[key])] if key in XFAIL else []
        params.append(pytest.param(row, marks=marks, id=f"{key}-{str(row['text'])[:50]}"))
    return params


def test_the_bank_holds_every_sector_both_languages_and_near_misses() -> None:
    rows = bank()
    sectors = {(row["lang"], e["sector"]) for row in rows for e in row["orgs"]}  # type: ignore[union-attr]
    for language in ("id", "en"):
        for sector in ("government", "private", "community", "international"):
            assert (language, f"sector.{sector}") in sectors, (language, sector)
        assert sum(1 for row in rows if row["lang"] == language and not row["orgs"]) >= 10


@pytest.mark.parametrize("row", cases())
def test_organisations_are_found_by_name_and_sector_and_nothing_else(
    row: dict[str, object],
) -> None:
    verdict = judge(row)
    assert not verdict["missed"] and not verdict["extra"] and not verdict["wrong_sector"], verdict


def _figures() -> None:
    """Print P/R/F1 for organisations and organisation sectors, per language and overall."""
    totals: dict[str, list[int]] = {}
    for row in bank():
        verdict = judge(row)
        for kind in ("counts", "sector_counts"):
            for scope in (str(row["lang"]), "all"):
                total = totals.setdefault(f"{kind}/{scope}", [0, 0, 0, 0])
                for index, value in enumerate(verdict[kind]):  # type: ignore[arg-type]
                    total[index] += value
        if verdict["missed"] or verdict["extra"] or verdict["wrong_sector"]:
            print(row["id"], {k: v for k, v in verdict.items() if "counts" not in k and v})
    for name, (right, found, recalled, gold) in sorted(totals.items()):
        p = right / found if found else 1.0
        r = recalled / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:22} P {p:.2f} ({right}/{found})  R {r:.2f} ({recalled}/{gold})  F1 {f:.2f}")


if __name__ == "__main__":
    _figures()
