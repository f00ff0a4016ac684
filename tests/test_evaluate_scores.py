"""Evaluation scores for the real-reports work: codes other than sectors, organisations
by name *and* sector, and the places a document studies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import plpbk
from stores import build_store

from pipeline.errors import GoldFileError
from pipeline.evaluate import (
    ORGANIZATION_SECTORS,
    STUDIED_PLACES,
    MatchScore,
    evaluate,
    read_gold,
)
from pipeline.store import KnowledgeStore

TEXT = (
    "Kemitraan PLPBK di Kelurahan Podosugih, Kota Pekalongan\n\n"
    "Penelitian ini mengkaji kemitraan di Kelurahan Podosugih. PT Bank Mandiri memberikan "
    "dana CSR kepada BKM Podosugih untuk membangun jalan lingkungan. Dinas Pekerjaan Umum "
    "Kota Pekalongan memberikan pendampingan teknis.\n"
)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scores")
    report = folder / "laporan-sektor.txt"
    report.write_text(TEXT, encoding="utf-8")
    return build_store(folder / "kg", [(report, None)])


@pytest.fixture(scope="module")
def store(store_dir: Path) -> Iterator[KnowledgeStore]:
    with KnowledgeStore.open(store_dir, read_only=True) as kg:
        yield kg


def gold(folder: Path, **parts: object) -> Path:
    data: dict[str, object] = {"files": ["laporan-sektor.txt"], "codes": {}, **parts}
    path = folder / "laporan-sektor.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_an_organisation_named_right_with_the_wrong_sector_is_wrong(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    path = gold(
        tmp_path,
        organizations=[
            {"label": "Bank Mandiri", "also": ["PT Bank Mandiri"], "sector": "sector.private"},
            {"label": "BKM Podosugih", "sector": "sector.community"},
            {"label": "Dinas Pekerjaan Umum Kota Pekalongan", "sector": "sector.private"},
        ],
    )
    report = evaluate(store, [path])
    # By name alone all three are right; by name and sector the Dinas is not.
    assert report.entities["organizations"] == MatchScore(3, 3, 3, 3)
    assert report.entities[ORGANIZATION_SECTORS] == MatchScore(2, 3, 2, 3)


def test_sectors_are_not_scored_when_the_gold_gives_none(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    report = evaluate(store, [gold(tmp_path, organizations=[{"label": "BKM Podosugih"}])])
    assert ORGANIZATION_SECTORS not in report.entities


def test_studied_places_are_scored_against_places_marked_studied(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    path = gold(
        tmp_path,
        places=[
            {"label": "Podosugih", "kind": "kelurahan", "studied": True},
            {"label": "Kota Pekalongan", "kind": "kota", "studied": True},
            {"label": "Kramatsari", "kind": "kelurahan", "studied": True},
        ],
    )
    report = evaluate(store, [path])
    # Podosugih and its kota, named with it, are studied and found; Kramatsari is missed.
    assert report.entities[STUDIED_PLACES] == MatchScore(2, 2, 2, 3)


def test_codes_other_than_sectors_leave_the_sector_family_out(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    path = gold(tmp_path)
    report = evaluate(store, [path])
    found = {code for d in report.documents for code in (e.code for e in d.wrong)}
    sectors = {code for code in found if code.startswith("sector.")}
    assert sectors, "the text names sectors: they must be among the codes found"
    others = report.codes_without_sectors
    assert others.false_positives == len(found - sectors)
    assert report.codes.false_positives == len(found)
    assert report.to_dict()["codes_without_sectors"] == others.to_dict()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"label": "BKM Podosugih", "sector": 3}, "a 'sector' is a code's notation"),
        ({"label": "Podosugih", "studied": "yes"}, "'studied' is true or false"),
    ],
)
def test_malformed_sector_or_studied_is_refused(
    tmp_path: Path, entry: dict[str, object], message: str
) -> None:
    path = gold(tmp_path, organizations=[entry])
    with pytest.raises(GoldFileError, match=message):
        read_gold(path)


def test_evaluate_command_prints_the_new_scores(store_dir: Path, tmp_path: Path) -> None:
    path = gold(
        tmp_path,
        organizations=[{"label": "BKM Podosugih", "sector": "sector.community"}],
        places=[{"label": "Podosugih", "studied": True}],
    )
    result = plpbk("evaluate", str(path), "--store", str(store_dir))
    assert result.returncode == 0, result.stderr
    assert "all but sectors (micro)" in result.stdout
    assert "organisations (name and sector)" in result.stdout
    assert "places studied" in result.stdout
