"""The two PDF engines (pipeline/extract/pdfium.py and pdf.py's pdfplumber engine) read
every test PDF to the same text, in the layout's reading order, and are chosen by name.

The reading-order, hyphen, running-line and bad-input tests of ``test_extract.py`` run
with each engine too (its ``pdf_engine`` fixture).
"""

from __future__ import annotations

import difflib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import get_args

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.cli.extract import PdfEngine
from pipeline.document import ExtractedText
from pipeline.errors import DamagedDocumentError
from pipeline.extract import PDF_ENGINE_ENV, PDF_ENGINES, extract_text, pdf_engine
from pipeline.extract.pdf import read_pdfplumber
from pipeline.extract.pdfium import read_pdfium
from tests import pdfs
from tests.conftest import SEED_PDF, SEED_TXT, plpbk

LEFT = (
    "Kolom kiri dibuka dengan uraian",
    "tentang musyawarah warga dan",
    "rencana kerja yang disusun oleh",
    "badan keswadayaan masyarakat.",
    "Bagian kiri berakhir di sini.",
)
RIGHT = (
    "Kolom kanan menyambung dengan",
    "bantuan fisik dari pihak swasta",
    "berupa jalan lingkungan dan",
    "saluran drainase di kelurahan.",
    "Bagian kanan berakhir di sini.",
)


def _scaled_text(path: Path) -> Path:
    """Text set at size 1 and scaled by the text matrix (how some producers write it)."""
    canvas = Canvas(str(path), pagesize=A4)
    for row, line in enumerate(LEFT + RIGHT):
        text = canvas.beginText()
        text.setTextTransform(10, 0, 0, 10, pdfs.MARGIN, 700 - 12 * row)
        text.setFont("Helvetica", 1)
        text.textOut(line)
        canvas.drawText(text)
    canvas.showPage()
    canvas.save()
    return path


MAKERS: dict[str, Callable[[Path], Path]] = {
    "article": pdfs.two_column_article,
    "interleaved": lambda path: pdfs.interleaved_columns(path, LEFT, RIGHT),
    "rotated": lambda path: pdfs.rotated_label(path, LEFT, "Gambar 1 sumbu tegak"),
    "scaled": _scaled_text,
    "hyphens": lambda path: pdfs.single_column(
        path, ("Proses kemi-", "traan warga dan kelompok-", "kelompok di PNPM Mandiri-", "Kota.")
    ),
    "pages": lambda path: pdfs.text_pages(
        path, ["Warga dan pemerintah kelura-", "han; lalu swasta.", "Halaman tiga."]
    ),
    "many-pages": lambda path: pdfs.many_pages(path, pages=40),
}


def _both(path: Path) -> tuple[ExtractedText, ExtractedText]:
    return extract_text(path, engine="pdfplumber"), extract_text(path, engine="pdfium")


def _similarity(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_both_engines_give_the_same_text_on_generated_pdfs(tmp_path: Path, name: str) -> None:
    plumber, pdfium = _both(MAKERS[name](tmp_path / f"{name}.pdf"))
    assert _similarity(plumber.text, pdfium.text) >= 0.99, (plumber.text, pdfium.text)
    assert [(p.start, p.end) for p in plumber.pages] == [(p.start, p.end) for p in pdfium.pages]
    assert plumber.title == pdfium.title


def test_both_engines_give_the_same_text_on_the_seed_study() -> None:
    plumber, pdfium = _both(SEED_PDF)
    assert _similarity(plumber.text, pdfium.text) >= 0.99
    assert plumber.title == pdfium.title
    assert len(plumber.pages) == len(pdfium.pages) == 7


@pytest.mark.parametrize("engine", sorted(PDF_ENGINES))
def test_seed_reading_order_with_each_engine(engine: str) -> None:
    words = extract_text(SEED_PDF, engine=engine).text.split()
    reference = SEED_TXT.read_text(encoding="utf-8").split()
    assert difflib.SequenceMatcher(None, words, reference, autojunk=False).ratio() >= 0.97


@pytest.mark.parametrize("engine", sorted(PDF_ENGINES))
def test_columns_drawn_row_by_row_are_read_column_by_column(tmp_path: Path, engine: str) -> None:
    path = pdfs.interleaved_columns(tmp_path / "interleaved.pdf", LEFT, RIGHT)
    text = extract_text(path, engine=engine).text
    assert text == " ".join(LEFT) + "\n\n" + " ".join(RIGHT)


@pytest.mark.parametrize("engine", sorted(PDF_ENGINES))
def test_rotated_label_comes_after_the_body(tmp_path: Path, engine: str) -> None:
    path = pdfs.rotated_label(tmp_path / "rotated.pdf", LEFT, "Gambar 1 sumbu tegak")
    text = extract_text(path, engine=engine).text
    assert text.startswith(" ".join(LEFT[:2]))
    assert text.endswith("Gambar 1 sumbu tegak")


def test_pdfium_hands_a_page_it_cannot_map_to_pdfplumber(tmp_path: Path) -> None:
    path = pdfs.garbage_text(
        tmp_path / "cid.pdf", ["ok:Halaman satu terbaca", "Halaman dua tanpa peta unicode"]
    )
    with path.open("rb") as source:
        by_pdfium = read_pdfium(source, path.name)
    with path.open("rb") as source:
        by_pdfplumber = read_pdfplumber(source, path.name)
    # The garbage page is pdfminer's reading, with pdfminer's reason for sending it to OCR.
    assert by_pdfium.pages[1].garbage == by_pdfplumber.pages[1].garbage is not None
    assert by_pdfium.pages[0].garbage is None


def test_pdfium_hands_an_image_only_page_to_pdfplumber(tmp_path: Path) -> None:
    path = pdfs.text_pages(tmp_path / "mixed.pdf", ["Halaman satu", None])
    with path.open("rb") as source:
        pages = read_pdfium(source, path.name).pages
    # pdfminer sees the image: the page goes to OCR as a scan.
    assert [(page.has_words, page.has_graphics) for page in pages] == [(True, False), (False, True)]


def test_two_threads_reading_with_pdfium_get_what_one_gets(tmp_path: Path) -> None:
    paths = [pdfs.two_column_article(tmp_path / f"a{n}.pdf") for n in range(4)]
    alone = [extract_text(path, engine="pdfium").text for path in paths]
    results: dict[int, str] = {}

    def read(index: int) -> None:
        results[index] = extract_text(paths[index], engine="pdfium").text

    threads = [threading.Thread(target=read, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[n] for n in range(4)] == alone


# --- choosing the engine ------------------------------------------------------------------


def test_the_default_engine_is_pdfium_and_the_variable_changes_it() -> None:
    assert pdf_engine(environ={}) == "pdfium"
    assert pdf_engine(environ={PDF_ENGINE_ENV: "pdfplumber"}) == "pdfplumber"
    assert pdf_engine("pdfium", environ={PDF_ENGINE_ENV: "pdfplumber"}) == "pdfium"


@pytest.mark.parametrize(
    ("engine", "environ", "words"),
    [
        ("pymupdf", {}, "names no PDF engine: 'pymupdf'; use one of pdfium, pdfplumber"),
        (None, {PDF_ENGINE_ENV: "fitz"}, "PLPBK_PDF_ENGINE names no PDF engine: 'fitz'"),
    ],
    ids=["argument", "variable"],
)
def test_an_unknown_engine_is_refused(
    engine: str | None, environ: dict[str, str], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        pdf_engine(engine, environ=environ)


def test_the_cli_knows_the_engines_the_stage_has() -> None:
    assert set(get_args(PdfEngine)) == set(PDF_ENGINES)


@pytest.mark.parametrize("engine", sorted(PDF_ENGINES))
def test_cli_extract_with_each_engine_prints_the_stage_text(tmp_path: Path, engine: str) -> None:
    path = pdfs.two_column_article(tmp_path / "article.pdf")
    done = plpbk("extract", "--pdf-engine", engine, str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == extract_text(path, engine=engine).text


@pytest.mark.parametrize(
    "command", [("extract",), ("ingest", "--store", "kg")], ids=["extract", "ingest"]
)
def test_cli_refuses_an_unknown_engine_as_a_usage_error(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    path = pdfs.single_column(tmp_path / "a.pdf", ("Satu baris.",))
    options = [part if part != "kg" else str(tmp_path / "kg") for part in command]
    done = plpbk(*options, "--pdf-engine", "pymupdf", str(path))
    assert done.returncode == 2
    assert "'pymupdf' is not one of 'pdfium', 'pdfplumber'" in done.stderr
    assert not (tmp_path / "kg").exists()


@pytest.mark.slow
def test_cli_ingest_passes_the_engine_to_extraction(prefect_api: str, tmp_path: Path) -> None:
    # A file that only pdfium reads whole: the engine asked for decides its row.
    path = pdfs.wrong_stream_length(tmp_path / "panjang.pdf", ascii85=True)
    statuses = {}
    for engine in ("pdfplumber", "pdfium"):
        done = plpbk(
            "ingest", str(path), "--store", str(tmp_path / engine), "--json",
            "--pdf-engine", engine, env={"PREFECT_API_URL": prefect_api},
        )  # fmt: skip
        (row,) = json.loads(done.stdout)["documents"]
        statuses[engine] = (row["status"], done.returncode)
    assert statuses == {"pdfplumber": ("failed", 1), "pdfium": ("ingested", 0)}


def test_pdfium_reads_a_page_without_a_media_box_that_pdfminer_calls_damaged(
    tmp_path: Path,
) -> None:
    path = pdfs.single_column(tmp_path / "box.pdf", ("Halaman tanpa kotak media.",))
    path.write_bytes(path.read_bytes().replace(b"/MediaBox", b"/MediaBoy"))
    assert extract_text(path, engine="pdfium").text == "Halaman tanpa kotak media."
    with pytest.raises(DamagedDocumentError, match=r"box\.pdf: the PDF is damaged"):
        extract_text(path, engine="pdfplumber")


def _inherited_box_pdf(path: Path, line: str) -> Path:
    """One page whose media box (A4) is its parent's, written by hand: reportlab gives
    every page its own."""
    content = f"BT /F1 12 Tf 72 700 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(data))
    return path


def test_pdfium_reads_a_media_box_inherited_from_the_page_tree(tmp_path: Path) -> None:
    path = _inherited_box_pdf(tmp_path / "tree.pdf", "Kotak media dari induk halaman.")
    with path.open("rb") as source:
        (page,) = read_pdfium(source, path.name).pages
    assert page.height == 842  # A4's, not US Letter's 792
    assert extract_text(path, engine="pdfium").text == "Kotak media dari induk halaman."
