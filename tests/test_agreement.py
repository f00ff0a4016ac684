"""``plpbk-kg agreement`` and ``compare --coder``: two coders set side by side.

The coders are the tagger and two team members, Dewi and Rahmat, who coded three samples
of ``corpus/`` by hand (``tests/qdpx/*.tsv``, written into REFI-QDA projects by
``tests/qdpx/make_fixtures.py``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, plpbk
from stores import build_store

from pipeline.exchange.agreement import cohen_kappa, measure_agreement
from pipeline.exchange.coders import CoderCoding

QDPX = Path(__file__).parent / "qdpx"


def coding(code: str, start: int, end: int, file: str = "a.txt") -> CoderCoding:
    return CoderCoding(file, code, start, end, "x" * (end - start), 1)


def test_kappa_of_a_textbook_table() -> None:
    # 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15.
    first = [True] * 25 + [False] * 25
    second = [True] * 20 + [False] * 5 + [True] * 10 + [False] * 15
    # p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5.
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_kappa_is_undefined_when_both_coders_never_vary() -> None:
    assert cohen_kappa([True, True], [True, True]) is None
    assert cohen_kappa([], []) is None
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1.0)


def test_spans_pair_one_to_one_by_greatest_overlap() -> None:
    mine = [coding("form.physical", 0, 10), coding("form.physical", 40, 50)]
    theirs = [
        coding("form.physical", 5, 30),  # overlaps the first by 5
        coding("form.physical", 8, 12),  # overlaps the first by 2: left alone
        coding("form.physical", 60, 70),  # overlaps nothing
    ]
    result = measure_agreement("A", mine, "B", theirs, documents=["a.txt"])
    (physical,) = result.codes
    assert (physical.spans_a, physical.spans_b, physical.paired) == (2, 3, 1)
    assert physical.f1 == pytest.approx(2 * 1 / 5)
    alone = {(d.coder, d.coding.start) for d in result.disagreements}
    assert alone == {("A", 40), ("B", 8), ("B", 60)}


def test_a_document_coded_by_one_coder_only_is_a_document_disagreement() -> None:
    result = measure_agreement(
        "A",
        [coding("goal.welfare", 0, 5, "a.txt")],
        "B",
        [],
        documents=["a.txt", "b.txt"],
    )
    (welfare,) = result.codes
    assert (welfare.present_a, welfare.present_b, welfare.both) == (1, 0, 0)
    assert welfare.agreement == pytest.approx(0.5)
    assert [(d.level, d.coder) for d in result.disagreements] == [("document", "A")]


@pytest.fixture(scope="module")
def coded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text samples of corpus/, with Dewi's and Rahmat's codings imported."""
    folder = tmp_path_factory.mktemp("coded")
    store = build_store(
        folder / "kg", [(file, None) for file in sorted((PROJECT_ROOT / "corpus").glob("*.txt"))]
    )
    for coder in ("dewi", "rahmat"):
        result = plpbk("import-codings", str(QDPX / f"{coder}.qdpx"), "--store", str(store))
        assert result.returncode == 0, result.stderr
    return store


def test_the_committed_projects_are_what_the_coders_tsv_files_make() -> None:
    from qdpx.make_fixtures import CODERS, project, read_codings

    for coder in CODERS:
        made = project(coder, read_codings(QDPX / f"{coder.stem}.tsv"))
        assert (QDPX / f"{coder.stem}.qdpx").read_bytes() == made, coder.stem


def test_agreement_of_two_people_per_code(coded_store: Path) -> None:
    result = plpbk(
        "agreement",
        "--coder",
        "Dewi",
        "--coder",
        "rahmat",
        "--store",
        str(coded_store),
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["coder_a"], report["coder_b"]) == ("Dewi", "Rahmat")
    assert len(report["documents"]) == 3
    codes = {row["code"]: row for row in report["codes"]}
    physical = codes["form.physical"]
    assert (physical["spans_a"], physical["spans_b"], physical["paired"]) == (6, 5, 5)
    assert physical["kappa"] == pytest.approx(1.0)
    environment = codes["goal.environmental_care"]
    assert (environment["present_a"], environment["present_b"]) == (1, 0)
    assert environment["kappa"] == pytest.approx(0.0)
    quotes = {(d["coder"], " ".join(d["quote"].split())) for d in report["disagreements"]}
    assert ("Rahmat", "sisanya dari dana PLPBK") in quotes
    assert ("Dewi", "Lahannya dikasih Pak H. Somad, dihibahkan ke BKM") in quotes
    assert report["overall"]["overlap_f1"] == pytest.approx(2 * 33 / 82)


def test_agreement_of_the_tagger_and_a_person_prints_kappa_per_code(coded_store: Path) -> None:
    result = plpbk("agreement", "--coder", "Dewi", "--store", str(coded_store), columns=160)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("plpbk-kg (A) and Dewi (B) on 3 documents")
    for code in ("form.physical", "sector.private", "overall"):
        assert f"│ {code} " in result.stdout
    assert "kappa" in result.stdout
    assert "Disagreements" in result.stdout


def test_agreement_needs_to_be_told_which_person_when_there_are_two(coded_store: Path) -> None:
    result = plpbk("agreement", "--store", str(coded_store))
    assert result.returncode == 2
    assert "the store's coders are Dewi, Rahmat" in result.stderr
    unknown = plpbk("agreement", "--coder", "Dwi", "--store", str(coded_store))
    assert unknown.returncode == 2
    assert "no coder 'Dwi' in the store (did you mean 'Dewi'?)" in unknown.stderr


def test_compare_shows_a_coders_matrix(coded_store: Path) -> None:
    result = plpbk(
        "compare",
        "--coder",
        "Rahmat",
        "--family",
        "form",
        "--format",
        "csv",
        "--store",
        str(coded_store),
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "code,laporan-lapangan-kesenden.txt,pengumuman-festival-literasi.txt,"
        "review-plpbk-banjarmasin.txt"
    )
    assert "form.monetary,2,0,3" in lines
    assert "form.physical,2,0,3" in lines
    tagger = plpbk("compare", "--family", "form", "--format", "csv", "--store", str(coded_store))
    mine = plpbk(
        "compare",
        "--coder",
        "plpbk-kg",
        "--family",
        "form",
        "--format",
        "csv",
        "--store",
        str(coded_store),
    )
    assert mine.stdout == tagger.stdout  # the tagger as a coder is the tagger


def test_the_html_report_sets_two_coders_side_by_side(coded_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "pair.html"
    result = plpbk(
        "compare",
        "--coder",
        "Dewi",
        "--coder",
        "Rahmat",
        "--format",
        "html",
        "-o",
        str(page),
        "--store",
        str(coded_store),
    )
    assert result.returncode == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert '<p class="summary coders">Dewi / Rahmat</p>' in html
    # Kesenden (column 0), monetary aid: Dewi 1, Rahmat 2; the quote panel is Dewi's.
    assert (
        'data-cell="form.monetary|0">1</button><span class="pair" title="Rahmat"> / 2</span>'
        in html
    )
    assert "(pabrik garam dekat pelabuhan) kasih dana" in html
    refused = plpbk("compare", "--coder", "Dewi", "--coder", "Rahmat", "--store", str(coded_store))
    assert refused.returncode == 2
    assert "two side by side with --format html" in refused.stderr


def test_a_fresh_import_shows_in_the_store_copy(coded_store: Path, tmp_path: Path) -> None:
    """Importing writes a published snapshot: a reader opened after it sees the codings."""
    store = Path(shutil.copytree(coded_store, tmp_path / "kg"))
    result = plpbk(
        "import-codings", str(QDPX / "dewi.qdpx"), "--coder", "Dewi 2", "--store", str(store)
    )
    assert result.returncode == 0, result.stderr
    listed = plpbk(
        "agreement",
        "--coder",
        "Dewi",
        "--coder",
        "dewi 2",
        "--store",
        str(store),
        "--format",
        "json",
    )
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["overall"]["overlap_f1"] == pytest.approx(1.0)
