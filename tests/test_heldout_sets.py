"""Held-out sets D, E and the classes set: reports written blind to the rules, scored
through the store.

Each set's README (``tests/heldout_d/``, ``tests/heldout_e/``, ``tests/heldout_classes*/``)
says how it was written. D and E are held to the acceptance targets of the tagger and
entities issues (0.85); the classes set (built on issue 11's failure classes, measured once
blind on 2026-12-03) is held to its first run where that run is below the target, so that
it guards against a regression without pretending the target is met.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT_ROOT
from stores import build_store

from pipeline.evaluate import EvaluationReport, evaluate
from pipeline.store import KnowledgeStore

TARGET = 0.85
"""The acceptance floor of codes and entities F1 (issues 11 and the entities issue)."""

SETS: dict[str, dict[str, Any]] = {
    "heldout_d": {"documents": 10, "empty": ("d10_warta_desa_colo_sepakbola.txt",)},
    "heldout_e": {"documents": 8, "empty": ("08_pengumuman_ppdb_gorontalo.txt",)},
    # First blind run (HEAD a893c50): codes P 0.92 R 0.78 F1 0.847; organisations 0.91,
    # places 0.97, citations 0.67 (5 of 8). Before the evening's rule work (3741620):
    # codes 0.84, the same entities.
    "heldout_classes": {
        "documents": 12,
        "empty": ("07_news_haze_pekanbaru.txt", "08_wisata_maninjau.txt"),
        "floors": {"codes": 0.84, "citations": 0.66},
        # Its English control (07) got two sector codes (a 'Dinas', the World Bank) while the
        # off-topic gate kept sectors; it keeps no code now (tests/test_tag_transfer.py).
        "empty_false_codes": 0,
    },
    # Two more sets on the same classes, each written blind at the night round's start
    # and measured once through the CLI after the round's rules (01d2bed): classes2 codes
    # P 0.96 R 0.70 F1 0.81 (0.80 on the code before the round), organisations 0.92,
    # places 0.96, citations 1.00; classes3 codes P 0.91 R 0.69 F1 0.78 (0.77 before),
    # organisations 0.87, places 0.89, citations 0.89. Held to those first runs.
    "heldout_classes2": {
        "documents": 12,
        "empty": ("07_news_tuna_bitung.txt", "08_berita_panen_klaten.txt"),
        "floors": {"codes": 0.80},
        "empty_false_codes": 0,  # its English control's cited World Bank, as classes' 07
    },
    "heldout_classes3": {
        "documents": 12,
        "empty": ("10_berita_kopi_gayo.txt", "11_news_reef_raja_ampat.txt"),
        "floors": {"codes": 0.77},
        "empty_false_codes": 0,  # its English control's Asian Development Bank, as above
    },
}


def floor(name: str, measure: str) -> float:
    """The F1 a set must keep for a measure: the target, or the set's recorded first run."""
    return float(SETS[name].get("floors", {}).get(measure, TARGET))


def golds(name: str) -> list[Path]:
    return sorted((PROJECT_ROOT / "tests" / name).glob("*.gold.json"))


@pytest.fixture(scope="module", params=sorted(SETS))
def scored(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, EvaluationReport]]:
    name = request.param
    texts = [(g.with_name(g.name.replace(".gold.json", ".txt")), None) for g in golds(name)]
    path = build_store(tmp_path_factory.mktemp(name) / "kg", texts)
    with KnowledgeStore.open(path, read_only=True) as kg:
        yield name, evaluate(kg, golds(name))


def test_set_is_complete(scored: tuple[str, EvaluationReport]) -> None:
    name, report = scored
    assert len(golds(name)) == SETS[name]["documents"]
    assert report.unmatched == ()
    assert len(report.documents) == SETS[name]["documents"]


def test_code_micro_f1(scored: tuple[str, EvaluationReport]) -> None:
    # First, blind runs: D micro P 0.95, R 0.82, F1 0.88; E P 0.98, R 0.73, F1 0.84.
    name, report = scored
    assert report.codes.f1 >= floor(name, "codes"), report.codes


def test_document_with_nothing_to_find_stays_empty(scored: tuple[str, EvaluationReport]) -> None:
    name, report = scored
    empty = [
        gold.name.replace(".gold.json", ".txt")
        for gold in golds(name)
        if not json.loads(gold.read_text(encoding="utf-8"))["codes"]
    ]
    assert tuple(empty) == SETS[name]["empty"]
    # First runs: no false code in D's and E's; two in the classes set's English control,
    # one in classes2's and classes3's, all sectors the off-topic gate then kept.
    for document in [d for d in report.documents if d.file in empty]:
        assert document.codes.false_positives <= SETS[name].get("empty_false_codes", 0), (
            document.wrong
        )


@pytest.mark.parametrize("kind", ["organizations", "places", "citations"])
def test_entity_micro_f1(scored: tuple[str, EvaluationReport], kind: str) -> None:
    # Blind first runs: D organisations 0.70, places 0.94, citations 0.76 (then the failure
    # classes were fixed: 0.99, 0.99, 1.00, no longer blind); E, after those fixes and
    # blind to them: 0.86, 0.89, 0.90.
    name, report = scored
    assert report.entities[kind].f1 >= floor(name, kind), report.entities[kind]
