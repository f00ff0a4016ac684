"""Held-out sets D and E: reports written blind to the rules, scored through the store.

Each set's README (``tests/heldout_d/``, ``tests/heldout_e/``) says how it was written and
records its first, blind run. The floors below are the acceptance targets of the tagger
and entities issues; the comments give what was measured.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT
from stores import build_store

from pipeline.evaluate import EvaluationReport, evaluate
from pipeline.store import KnowledgeStore

SETS = {
    "heldout_d": {"documents": 10, "empty": "d10_warta_desa_colo_sepakbola.txt"},
    "heldout_e": {"documents": 8, "empty": "08_pengumuman_ppdb_gorontalo.txt"},
}


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
    _, report = scored
    assert report.codes.f1 >= 0.85, report.codes


def test_document_with_nothing_to_find_stays_empty(scored: tuple[str, EvaluationReport]) -> None:
    name, report = scored
    empty = [
        gold.name.replace(".gold.json", ".txt")
        for gold in golds(name)
        if not json.loads(gold.read_text(encoding="utf-8"))["codes"]
    ]
    assert empty == [SETS[name]["empty"]]
    (document,) = [d for d in report.documents if d.file in empty]
    # First runs: no false code in either set.
    assert document.codes.false_positives <= 1, document.wrong


@pytest.mark.parametrize("kind", ["organizations", "places", "citations"])
def test_entity_micro_f1(scored: tuple[str, EvaluationReport], kind: str) -> None:
    # Blind first runs: D organisations 0.70, places 0.94, citations 0.76 (then the failure
    # classes were fixed: 0.99, 0.99, 1.00, no longer blind); E, after those fixes and
    # blind to them: 0.86, 0.89, 0.90.
    _, report = scored
    assert report.entities[kind].f1 >= 0.85, report.entities[kind]
