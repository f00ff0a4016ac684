"""Tests of pipeline/extract/ocr.py and of OCR in extraction: scans, mixed PDFs, no Tesseract.

They run Tesseract for real (``.ci/run`` installs it); without it they fail with the
install command in the message.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import json
import re
from pathlib import Path

import documents
import pyoxigraph as ox
import pypdfium2
import pytest
from conftest import plpbk
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from pipeline.document import EntityFindings, ExtractedText
from pipeline.errors import NoTextLayerError
from pipeline.extract import extract_text
from pipeline.extract.ocr import INSTALL_COMMAND, TESSERACT_ENV, skew_angle
from pipeline.graph import document_graph
from pipeline.query import resolve_query, rows, run_query
from pipeline.resources import vocabulary_files
from pipeline.store import KnowledgeStore
from pipeline.vocab import PLPBK
from tests import pdfs
from tests.conftest import SEED_GOLD, SEED_SCANNED_PDF, SEED_TXT

XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SCANNED_LINES = (
    "Kemitraan pemerintah, swasta dan masyarakat",
    "dalam keberlanjutan program PLPBK di Kota",
    "Pekalongan dan Kabupaten Kendal.",
)


@pytest.fixture(scope="module")
def scanned_seed() -> ExtractedText:
    return extract_text(SEED_SCANNED_PDF)


def _word_ratio(text: str, reference: str) -> float:
    matcher = difflib.SequenceMatcher(None, text.split(), reference.split(), autojunk=False)
    return matcher.ratio()


@pytest.mark.slow
def test_ocr_scanned_seed_reading_order(scanned_seed: ExtractedText) -> None:
    reference = SEED_TXT.read_text(encoding="utf-8")
    assert _word_ratio(scanned_seed.text, reference) >= 0.93


@pytest.mark.slow
def test_ocr_scanned_seed_pages_are_marked_ocr(scanned_seed: ExtractedText) -> None:
    assert len(scanned_seed.pages) == 7
    for page in scanned_seed.pages:
        assert page.source == "ocr"
        assert page.usable
        assert page.ocr_confidence is not None and 80 <= page.ocr_confidence <= 100
    assert scanned_seed.warnings == ()


@pytest.mark.slow
def test_ocr_scanned_seed_codes_reach_f1(scanned_seed: ExtractedText) -> None:
    from pipeline.tag import tag_document

    gold = set(json.loads(SEED_GOLD.read_text(encoding="utf-8"))["codes"])
    found = {annotation.code for annotation in tag_document(scanned_seed).annotations}
    true = len(found & gold)
    f1 = 2 * true / (len(found) + len(gold))
    assert f1 >= 0.9, f"F1 {f1:.3f}; missed {sorted(gold - found)}, extra {sorted(found - gold)}"


def _scanned_page(canvas: Canvas, lines: tuple[str, ...], *, tilt: float = 0.0) -> None:
    """Draw text as a picture, as a scanner would: render it, then place the image."""
    page_pdf = io.BytesIO()
    scratch = Canvas(page_pdf, pagesize=A4)
    scratch.setFont("Times-Roman", 12)
    for index, line in enumerate(lines):
        scratch.drawString(pdfs.MARGIN, 700 - 16 * index, line)
    scratch.showPage()
    scratch.save()
    document = pypdfium2.PdfDocument(page_pdf.getvalue())
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    if tilt:
        image = image.rotate(tilt, resample=Image.Resampling.BILINEAR, fillcolor=255)
    canvas.drawImage(ImageReader(image), 0, 0, width=pdfs.PAGE_WIDTH, height=pdfs.PAGE_HEIGHT)


def _mixed(path: Path) -> Path:
    """Page 1 text, page 2 a scan, page 3 text, page 4 a tilted scan."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 11)
    canvas.drawString(pdfs.MARGIN, 700, "Halaman satu dari lapisan teks")
    canvas.showPage()
    _scanned_page(canvas, SCANNED_LINES)
    canvas.showPage()
    canvas.setFont("Helvetica", 11)
    canvas.drawString(pdfs.MARGIN, 700, "Halaman tiga dari lapisan teks")
    canvas.showPage()
    _scanned_page(canvas, SCANNED_LINES, tilt=1.0)
    canvas.showPage()
    canvas.save()
    return path


def test_ocr_mixed_pdf_reads_each_page_by_its_own_path(tmp_path: Path) -> None:
    extracted = extract_text(_mixed(tmp_path / "mixed.pdf"))
    assert [page.source for page in extracted.pages] == ["text-layer", "ocr", "text-layer", "ocr"]
    assert extracted.page_text(1) == "Halaman satu dari lapisan teks"
    assert extracted.page_text(3) == "Halaman tiga dari lapisan teks"
    for number in (2, 4):
        assert extracted.page_text(number).split() == " ".join(SCANNED_LINES).split()
    assert [page.ocr_confidence is not None for page in extracted.pages] == [
        False,
        True,
        False,
        True,
    ]


def test_ocr_skew_angle_undoes_a_tilt() -> None:
    document = pypdfium2.PdfDocument(SEED_SCANNED_PDF)
    image = document[1].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    level = skew_angle(image)
    tilted = image.rotate(1.5, resample=Image.Resampling.BILINEAR, fillcolor=255)
    assert skew_angle(tilted) == pytest.approx(level - 1.5, abs=0.1)


def _garbage_over_scan(path: Path) -> Path:
    """A scanned page under an invisible text layer of symbols, as some
    scanners' broken OCR layers are."""
    canvas = Canvas(str(path), pagesize=A4)
    _scanned_page(canvas, SCANNED_LINES)
    layer = canvas.beginText(pdfs.MARGIN, 700)
    layer.setTextRenderMode(3)
    layer.setFont("Helvetica", 12)
    layer.textLine("\u2020\u2021\u00a7\u00b6\u2022" * 8)
    canvas.drawText(layer)
    canvas.showPage()
    canvas.save()
    return path


def test_ocr_garbage_text_layer_is_read_by_ocr(tmp_path: Path) -> None:
    extracted = extract_text(_garbage_over_scan(tmp_path / "garbage.pdf"))
    (page,) = extracted.pages
    assert (page.source, page.usable) == ("ocr", True)
    assert extracted.text.split() == " ".join(SCANNED_LINES).split()


def test_ocr_blank_scan_has_no_text(tmp_path: Path) -> None:
    with pytest.raises(NoTextLayerError, match="OCR found no text on pages 1\u20132"):
        extract_text(pdfs.image_only(tmp_path / "scan.pdf", 2))


@pytest.mark.parametrize("make", ["scan", "garbage", "mixed"])
def test_ocr_missing_tesseract_names_pages_and_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: str
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "no-tesseract"))
    if make == "scan":
        path, pages = pdfs.image_only(tmp_path / "scan.pdf", 3), "pages 1\u20133 need OCR"
    elif make == "garbage":
        path = pdfs.garbage_text(tmp_path / "cid.pdf", ["Kemitraan warga"])
        pages = "page 1 needs OCR (text layer unreadable on page 1: (cid:NN)"
    else:
        path = pdfs.text_pages(tmp_path / "mixed.pdf", ["Halaman satu", None])
        pages = "page 2 needs OCR (no text layer on page 2)"
    with pytest.raises(NoTextLayerError) as raised:
        extract_text(path)
    message = str(raised.value)
    assert message.startswith(f"{path.name}: {pages}")
    assert "Tesseract is not installed" in message
    assert f"`{INSTALL_COMMAND}`" in message


# --- OCR in the graph and in queries ---------------------------------------------------


def _ocr_text(confidences: tuple[float, float]) -> ExtractedText:
    """The shared two-page text, page 1 from the text layer, page 2 OCR'd."""
    text = documents.two_page_text()
    first, second = text.pages
    return dataclasses.replace(
        text,
        pages=(
            dataclasses.replace(first, source="text-layer"),
            dataclasses.replace(second, source="ocr", ocr_confidence=confidences[1]),
        ),
    )


def test_ocr_confidence_is_on_ocr_pages_in_the_graph() -> None:
    text = _ocr_text((0.0, 87.5))
    source = documents.source_for(b"scan", "scan.pdf")
    graph = document_graph(
        source, text, documents.tagged(text), EntityFindings(), run=documents.RUN
    )
    confidence = [quad for quad in graph.quads if quad.predicate.value == str(PLPBK.ocrConfidence)]
    (quad,) = confidence
    assert str(quad.subject).endswith("/page/2>")
    assert quad.object == ox.Literal("87.5", datatype=ox.NamedNode(XSD_DECIMAL))
    (count,) = [quad for quad in graph.quads if quad.predicate.value == str(PLPBK.ocrPageCount)]
    assert count.object == ox.Literal("1", datatype=ox.NamedNode(XSD_INTEGER))


def test_ocr_evidence_query_lists_ocr_pages_least_confident_first(tmp_path: Path) -> None:
    with KnowledgeStore.open(tmp_path / "kg") as store:
        store.load_vocabulary(vocabulary_files())
        for name, confidence in (("scan-a.pdf", 91.0), ("scan-b.pdf", 62.5)):
            text = _ocr_text((0.0, confidence))
            source = documents.source_for(name.encode(), name)
            graph = document_graph(
                source, text, documents.tagged(text), EntityFindings(), run=documents.RUN
            )
            store.replace_document(graph, source_path=str(source.path))
        results = run_query(store, resolve_query("ocr-evidence"))
        assert isinstance(results, ox.QuerySolutions)
        columns, table = rows(results)
    assert columns == ["file", "page", "confidence", "code", "start", "end", "quote"]
    assert table == [
        ["scan-b.pdf", "2", "62.5", "sector.community", "77", "80", "BKM"],
        ["scan-b.pdf", "2", "62.5", "form.monetary", "109", "117", "dana CSR"],
        ["scan-a.pdf", "2", "91", "sector.community", "77", "80", "BKM"],
        ["scan-a.pdf", "2", "91", "form.monetary", "109", "117", "dana CSR"],
    ]


def test_ocr_extract_pages_shows_source_and_confidence(tmp_path: Path) -> None:
    path = _mixed(tmp_path / "mixed.pdf")
    done = plpbk("extract", "--pages", str(path))
    assert done.returncode == 0, done.stderr
    headers = [line for line in done.stdout.splitlines() if line.startswith("── page")]
    assert [header.split(" · ")[-1].split(" ")[0] for header in headers] == [
        "text-layer",
        "ocr",
        "text-layer",
        "ocr",
    ]
    assert re.search(r"· ocr \d{2,3}\.\d% confidence ──", headers[1])
    assert "% confidence" not in headers[0]
