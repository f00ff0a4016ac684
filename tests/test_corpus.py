"""The bundled sample corpus: reproducible PDFs, gold files that hold, a README that lists all."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
import reportlab
from conftest import PROJECT_ROOT

from pipeline.source import discover

CORPUS = PROJECT_ROOT / "corpus"
SOURCES = sorted((CORPUS / "src").glob("*.md"))
GOLDS = sorted(CORPUS.glob("*.gold.json"))
# The documents are what an ingest of corpus/ takes (.plpbkignore leaves out the rest).
DOCUMENTS = list(discover([CORPUS]).files)


def _load_make_samples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_make_samples", CORPUS / "make_samples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_samples() -> ModuleType:
    return _load_make_samples()


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample PDFs, rebuilt by the documented command into a fresh folder."""
    out = tmp_path_factory.mktemp("regenerated")
    subprocess.run(
        [sys.executable, str(CORPUS / "make_samples.py"), "--out-dir", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def _check_gold(check_gold: Path, gold: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(check_gold), str(gold)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_sample_pdf_regenerates_byte_identically(
    source: Path, regenerated: Path, make_samples: ModuleType
) -> None:
    committed = CORPUS / f"{source.stem}.pdf"
    rebuilt = regenerated / committed.name
    assert committed.is_file(), f"{committed.name} missing: run python corpus/make_samples.py"
    if reportlab.Version != make_samples.SAMPLES_REPORTLAB_VERSION:
        pytest.skip(
            f"samples were made with ReportLab {make_samples.SAMPLES_REPORTLAB_VERSION}, "
            f"this is {reportlab.Version}: bytes may differ"
        )
    assert rebuilt.read_bytes() == committed.read_bytes(), (
        f"{committed.name} is stale: run python corpus/make_samples.py and commit the PDF"
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_sample_pdf_build_is_deterministic(
    source: Path, regenerated: Path, make_samples: ModuleType, tmp_path: Path
) -> None:
    again = make_samples.build_sample(source, tmp_path)
    assert again.read_bytes() == (regenerated / again.name).read_bytes()


@pytest.mark.parametrize("gold", GOLDS, ids=lambda p: p.name)
def test_gold_file_passes_check_gold(gold: Path, shared_dir: Path) -> None:
    result = _check_gold(shared_dir / "tools" / "check_gold.py", gold)
    assert result.returncode == 0, result.stdout + result.stderr


def _body_text(pdf_path: Path, make_samples: ModuleType) -> str:
    """The PDF's text without running header and footer, in the file's drawing order."""
    top = make_samples.PAGE_HEIGHT - make_samples.BODY_TOP
    bottom = make_samples.PAGE_HEIGHT - make_samples.BODY_BOTTOM
    with pdfplumber.open(pdf_path) as pdf:
        return "\n".join(
            page.crop((0, top, page.width, bottom)).extract_text(use_text_flow=True)
            for page in pdf.pages
        )


@pytest.mark.parametrize(
    "gold",
    [g for g in GOLDS if any(f.endswith(".pdf") for f in json.loads(g.read_text())["files"])],
    ids=lambda p: p.name,
)
def test_pdf_gold_holds_on_extracted_text(
    gold: Path, shared_dir: Path, make_samples: ModuleType, tmp_path: Path
) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    (pdf_name,) = [f for f in data["files"] if f.endswith(".pdf")]
    extracted = tmp_path / f"{pdf_name}.txt"
    extracted.write_text(_body_text(CORPUS / pdf_name, make_samples), encoding="utf-8")
    data["files"] = [extracted.name]
    copy = tmp_path / gold.name
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = _check_gold(shared_dir / "tools" / "check_gold.py", copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sample_article_runs_three_to_five_pages() -> None:
    with pdfplumber.open(CORPUS / "kemitraan-plpbk-sangkrah.pdf") as pdf:
        assert 3 <= len(pdf.pages) <= 5


def test_readme_mentions_every_corpus_file() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    files = [
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts
    ]
    assert [f for f in files if f not in readme] == []


def test_every_document_has_a_gold_file() -> None:
    covered = {f for g in GOLDS for f in json.loads(g.read_text(encoding="utf-8"))["files"]}
    assert [d.name for d in DOCUMENTS if d.name not in covered] == []


def test_corpus_has_indonesian_and_english_documents() -> None:
    languages = {json.loads(g.read_text(encoding="utf-8"))["language"] for g in GOLDS}
    assert {"id", "en"} <= languages


def test_write_two_column_pdf_imports_from_project_root() -> None:
    code = "from corpus.make_samples import write_two_column_pdf as w; print(w.__name__)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip() == "write_two_column_pdf", result.stderr


def test_write_two_column_pdf_counts_pages(make_samples: ModuleType, tmp_path: Path) -> None:
    pages = make_samples.write_two_column_pdf(
        tmp_path / "short.pdf",
        title="A title",
        authors="A. Author",
        abstract="One line of abstract.",
        sections=[("1. Only section", ["A paragraph."])],
        running_header="Journal, Vol. 1",
        language="en",
    )
    assert pages == 1


@pytest.mark.parametrize(
    ("word", "heads"),
    [
        ("masyarakat", ["masyara", "masya", "ma"]),
        ("kemitraan", ["kemit", "ke"]),
        ("menggandeng", ["menggan", "meng"]),
        ("Surakarta", ["Sura", "Su"]),
        ("Sangkrah", []),
        ("PLPBK", []),
    ],
)
def test_indonesian_hyphenation_follows_syllables(
    make_samples: ModuleType, word: str, heads: list[str]
) -> None:
    pairs = make_samples.indonesian_hyphenation_pairs(word)
    assert [h for h, _ in pairs] == heads
    assert all(h + t == word for h, t in pairs)
