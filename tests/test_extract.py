"""Tests of pipeline/extract/ on real files: reading order, cleanup, offsets, encodings,
bad input, and the CLI's ``extract`` on paths that do not exist or vanish.

The layout's geometry is tested on hand-made word boxes in ``test_layout.py``.
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
import random
import re
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from test_cli import CLI, plpbk

from pipeline.document import PAGE_SEPARATOR, ExtractedText
from pipeline.errors import (
    DamagedDocumentError,
    EmptyFileError,
    EncryptedDocumentError,
    ExtractionError,
    NoSuchFileError,
    NoTextLayerError,
    SourceVanishedError,
    UnsupportedFileTypeError,
)
from pipeline.extract import extract_text
from pipeline.extract.ocr import TESSERACT_ENV
from pipeline.extract.pdf import PDF_ENGINE_ENV, PDF_ENGINES
from tests import pdfs
from tests.conftest import PROJECT_ROOT, SEED_PDF, SEED_SCANNED_PDF, SEED_TXT

CP1252_SAMPLE = "Kelurahan Pasirkratonkramat — “kemitraan” café"


# --- the PDF engines: every PDF test runs with each -------------------------------------


@pytest.fixture(scope="module", params=sorted(PDF_ENGINES))
def pdf_engine(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each PDF engine in turn, also as ``PLPBK_PDF_ENGINE`` (the default of
    ``extract_text`` and of the CLI run by a test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PDF_ENGINE_ENV, request.param)
        yield request.param


# --- the seed study ------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(pdf_engine: str) -> ExtractedText:
    return extract_text(SEED_PDF, engine=pdf_engine)


def test_extract_two_column_reading_order(seed: ExtractedText) -> None:
    words = seed.text.split()
    reference = SEED_TXT.read_text(encoding="utf-8").split()
    matcher = difflib.SequenceMatcher(None, words, reference, autojunk=False)
    assert matcher.ratio() >= 0.97, "\n".join(
        f"{op}: {' '.join(words[i1:i2])[:120]!r} vs {' '.join(reference[j1:j2])[:120]!r}"
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )


def test_extract_seed_pages_and_title(seed: ExtractedText) -> None:
    assert [page.number for page in seed.pages] == list(range(1, 8))
    assert all(page.usable and page.source == "text-layer" for page in seed.pages)
    assert seed.media_type == "application/pdf"
    assert seed.title is not None and seed.title.startswith("Bentuk-Bentuk Kemitraan")
    assert seed.warnings == ()


def test_extract_seed_drops_running_header_and_footer(seed: ExtractedText) -> None:
    assert "Ruang: Jurnal Perencanaan" not in seed.text
    assert "Jurnal Wilayah dan Lingkungan" not in seed.text


# --- a generated two-column article ----------------------------------------------


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory, pdf_engine: str) -> ExtractedText:
    path = pdfs.two_column_article(tmp_path_factory.mktemp("article") / "article.pdf")
    return extract_text(path, engine=pdf_engine)


def test_extract_article_reading_order(article: ExtractedText) -> None:
    positions = [article.text.find(marker) for marker in pdfs.ARTICLE_MARKERS]
    assert -1 not in positions, dict(zip(pdfs.ARTICLE_MARKERS, positions, strict=True))
    assert positions == sorted(positions), article.text


def test_extract_article_title_and_abstract_come_first(article: ExtractedText) -> None:
    abstract = " ".join(pdfs.ABSTRACT_LINES)
    assert article.text.startswith(
        f"{pdfs.ARTICLE_TITLE}\n\n{pdfs.ABSTRACT_HEADING}\n\n{abstract}\n\nParagraf alfa"
    )


def test_extract_article_title_from_type_size(article: ExtractedText) -> None:
    # The PDF's metadata title is the placeholder "untitled".
    assert article.title == pdfs.ARTICLE_TITLE


@pytest.mark.parametrize(
    "absent",
    [
        pdfs.RUNNING_HEADER,
        "Jurnal Permukiman",
        "Laporan Penelitian PLPBK",
        "Halaman 2",
    ],
)
def test_extract_article_drops_running_lines(article: ExtractedText, absent: str) -> None:
    assert absent not in article.text


def test_extract_article_drops_page_numbers(article: ExtractedText) -> None:
    lines = article.text.splitlines()
    assert not [line for line in lines if re.fullmatch(r"\s*\d+\s*", line)]


@pytest.mark.parametrize(
    "expected",
    [
        "proses kemitraan antara warga",  # kemi- / traan
        "sebagai perencana kegiatan",  # pe- / rencana
        "jalan lingkungan pembangunan saluran",  # pemba- at a column's foot / ngunan
        "kepada kelompok-kelompok warga",  # a reduplication keeps its hyphen
        "mencatat bentuk-bentuk bantuan",  # a hyphen inside a line is left alone
        "PNPM Mandiri-Perkotaan dan",  # a hyphen before a capital stays
    ],
)
def test_extract_article_joins_hyphenated_lines(article: ExtractedText, expected: str) -> None:
    assert expected in article.text


def test_extract_article_paragraphs(article: ExtractedText) -> None:
    page = article.page_text(1)
    assert "pemerintah kota.\n\nParagraf bravo" in page
    assert "sanitasi warga.\n\nParagraf charlie" in page
    assert "\n\n\n" not in page


def test_extract_article_single_column_page_untouched(article: ExtractedText) -> None:
    paragraphs = "\n".join(pdfs.P3_SINGLE).split("\n\n")
    expected = "\n\n".join(paragraph.replace("\n", " ") for paragraph in paragraphs)
    assert article.page_text(3) == expected


def test_extract_article_page_offsets(article: ExtractedText) -> None:
    pages = article.pages
    texts = [article.text[page.start : page.end] for page in pages]
    assert PAGE_SEPARATOR.join(texts) == article.text
    assert [page.number for page in pages] == [1, 2, 3]
    for page in pages:
        assert texts[page.number - 1] == article.page_text(page.number)
        assert article.page_at(page.start) == page.number
        assert article.page_at(page.end - 1) == page.number
    for before, after in itertools.pairwise(pages):
        assert after.start == before.end + len(PAGE_SEPARATOR)
    assert article.page_at(article.text.index("Paragraf echo")) == 2
    assert article.page_at(article.text.index("Paragraf kilo")) == 3


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (("Proses kemi-", "traan warga."), "Proses kemitraan warga."),
        (("Dana dari kelompok-", "kelompok warga."), "Dana dari kelompok-kelompok warga."),
        (("Petugas me-", "meriksa laporan."), "Petugas memeriksa laporan."),
        (
            ("Program PNPM Mandiri-", "Perkotaan berjalan."),
            "Program PNPM Mandiri-Perkotaan berjalan.",
        ),
        (("Pada tahun 2008-", "2013 saja."), "Pada tahun 2008-2013 saja."),
        (("Bentuk -", "bentuk kemitraan."), "Bentuk - bentuk kemitraan."),
        (("Ada bentuk-bentuk", "kemitraan baru."), "Ada bentuk-bentuk kemitraan baru."),
    ],
    ids=["split", "reduplication", "repeated-syllable", "capital", "digits", "dash", "mid-line"],
)
def test_extract_line_end_hyphens(
    tmp_path: Path, lines: tuple[str, ...], expected: str, pdf_engine: str
) -> None:
    extracted = extract_text(pdfs.single_column(tmp_path / "lines.pdf", lines), engine=pdf_engine)
    assert extracted.text == expected


def test_extract_hyphen_across_a_page_break_moves_the_word_back(
    tmp_path: Path, pdf_engine: str
) -> None:
    path = pdfs.text_pages(
        tmp_path / "pages.pdf", ["Warga dan pemerintah kelura-", "han; lalu swasta."]
    )
    extracted = extract_text(path, engine=pdf_engine)
    assert extracted.page_text(1) == "Warga dan pemerintah kelurahan;"
    assert extracted.page_text(2) == "lalu swasta."


# --- plain text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf8.txt", f"{CP1252_SAMPLE}\r\nbaris dua\r\n".encode(), "utf-8"),
        ("cp1252.txt", f"{CP1252_SAMPLE}\r\nbaris dua\r\n".encode("cp1252"), "cp1252"),
        ("utf16.txt", f"{CP1252_SAMPLE}\r\nbaris dua\r\n".encode("utf-16"), "utf-16"),
        ("bom.txt", f"\ufeff{CP1252_SAMPLE}\nbaris dua\n".encode(), "utf-8-sig"),
        ("no-suffix", f"{CP1252_SAMPLE}\rbaris dua\r".encode(), "utf-8"),
    ],
)
def test_extract_plain_text_encodings(
    tmp_path: Path, name: str, data: bytes, encoding: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    extracted = extract_text(path)
    assert extracted.text == f"{CP1252_SAMPLE}\nbaris dua\n"
    assert extracted.encoding == encoding
    assert extracted.media_type == "text/plain"
    assert len(extracted.pages) == 1
    page = extracted.pages[0]
    assert (page.number, page.start, page.end, page.source) == (
        1,
        0,
        len(extracted.text),
        "plain-text",
    )


def test_extract_markdown_title(tmp_path: Path) -> None:
    path = tmp_path / "catatan.md"
    path.write_text(
        "# Catatan Lapangan Kesenden\n\nWarga bermitra dengan swasta.\n", encoding="utf-8"
    )
    extracted = extract_text(path)
    assert extracted.media_type == "text/markdown"
    assert extracted.title == "Catatan Lapangan Kesenden"
    assert extracted.text.endswith("Warga bermitra dengan swasta.\n")


def test_extract_seed_text_is_the_reference_text() -> None:
    extracted = extract_text(SEED_TXT)
    assert extracted.text == SEED_TXT.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert extracted.title is None


# --- bad input -----------------------------------------------------------------------


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


def _vanished(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n")
    path.unlink()
    return path


def _under_a_file(path: Path) -> Path:
    """A path whose folder is a file: nothing can exist there."""
    folder = path.parent / "catatan.txt"
    folder.write_text("bukan folder\n", encoding="utf-8")
    return folder / path.name


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], type[ExtractionError], tuple[str, ...]]] = [
    ("empty.pdf", _bytes(b""), EmptyFileError, ("empty", "0 bytes")),
    ("blank.txt", _bytes(b" \n\t\n"), EmptyFileError, ("only whitespace",)),
    ("random.pdf", _bytes(random.Random(1).randbytes(4096)), DamagedDocumentError, ("not a PDF",)),
    (
        "scan.png",
        _bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)),
        UnsupportedFileTypeError,
        ("PNG image",),
    ),
    ("laporan.docx", _bytes(b"PK\x03\x04" + bytes(64)), UnsupportedFileTypeError, ("ZIP", "Word")),
    ("page.html", _bytes(b"<html><p>teks</p></html>"), UnsupportedFileTypeError, ("'.html'",)),
    ("blob", _bytes(random.Random(2).randbytes(4096)), UnsupportedFileTypeError, ("not text",)),
    ("truncated.pdf", pdfs.truncated, DamagedDocumentError, ("damaged or truncated", "pdfminer")),
    ("locked.pdf", pdfs.encrypted, EncryptedDocumentError, ("encrypted", "password")),
    (
        "scan.pdf",
        lambda path: pdfs.image_only(path, 3),
        NoTextLayerError,
        ("no readable text layer, and OCR found no text on pages 1\u20133", "rescan"),
    ),
    (
        "cid.pdf",
        lambda path: pdfs.garbage_text(path, ["Kemitraan pemerintah dan swasta di kota"] * 2),
        NoTextLayerError,
        ("no readable text layer, and OCR found no text on pages 1\u20132", "rescan"),
    ),
    (
        "control.pdf",
        lambda path: pdfs.garbage_text(path, ["Kemitraan warga"], kind="control"),
        NoTextLayerError,
        ("no readable text layer, and OCR found no text on page 1", "rescan"),
    ),
    (
        "length.pdf",
        pdfs.wrong_stream_length,
        DamagedDocumentError,
        ("damaged", "pdfminer reported 'Execute called on non-indirect object"),
    ),
    (
        "length-a85.pdf",
        lambda path: pdfs.wrong_stream_length(path, ascii85=True),
        DamagedDocumentError,
        ("pages 1\u20132 could not be read", "cut short", "/Length"),
    ),
    ("gone.pdf", _vanished, NoSuchFileError, ("does not exist",)),
    ("inside-a-file.pdf", _under_a_file, NoSuchFileError, ("does not exist",)),
]


RECOVERED_BY_PDFIUM = {
    "length-a85.pdf": "Halaman satu tentang kemitraan\n\nHalaman dua tentang kemitraan"
}
"""Damaged files that pdfium reads whole (pdfminer drops the damaged streams)."""


@pytest.mark.parametrize(
    ("name", "make", "error", "words"), BAD_INPUTS, ids=[case[0] for case in BAD_INPUTS]
)
def test_extract_bad_input(
    tmp_path: Path,
    name: str,
    make: Callable[[Path], Path],
    error: type[ExtractionError],
    words: tuple[str, ...],
    pdf_engine: str,
) -> None:
    path = make(tmp_path / name)
    if pdf_engine == "pdfium" and name in RECOVERED_BY_PDFIUM:
        # pdfium reads the stream up to its real end where pdfminer drops it.
        assert extract_text(path).text == RECOVERED_BY_PDFIUM[name]
        return
    with pytest.raises(error) as raised:
        extract_text(path)
    message = str(raised.value)
    assert type(raised.value) is error
    assert message.startswith(f"{name}: ")
    for word in words:
        assert word in message
    assert "''" not in message and "()" not in message


def test_extract_missing_path_says_it_does_not_exist(tmp_path: Path) -> None:
    path = tmp_path / "tidak-ada" / "laporan.pdf"
    with pytest.raises(NoSuchFileError) as raised:
        extract_text(path)
    assert str(raised.value) == (
        f"laporan.pdf: the file does not exist (there is nothing at {path}); "
        "check the path and run again"
    )


def test_extract_discovered_file_that_vanished_is_gone(tmp_path: Path) -> None:
    path = _vanished(tmp_path / "hilang.pdf")
    with pytest.raises(SourceVanishedError) as raised:
        extract_text(path, discovered=True)
    assert str(raised.value) == (
        f"hilang.pdf: the file is gone (moved or deleted after it was found at {path}); "
        "check the folder and run again"
    )


def test_extract_scanned_seed_without_tesseract_needs_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdf_engine: str
) -> None:
    monkeypatch.setenv(TESSERACT_ENV, str(tmp_path / "no-tesseract"))
    with pytest.raises(NoTextLayerError) as raised:
        extract_text(SEED_SCANNED_PDF)
    message = str(raised.value)
    assert message.startswith(
        f"{SEED_SCANNED_PDF.name}: pages 1\u20137 need OCR (no text layer on pages 1\u20137), "
        "but Tesseract is not installed"
    )
    assert message.endswith(
        "install it with `apt-get install tesseract-ocr tesseract-ocr-ind` and run again"
    )


# --- pages that fail while others read ---------------------------------------------------


def test_extract_pages_without_text_layer_are_empty_with_a_warning(
    tmp_path: Path, pdf_engine: str
) -> None:
    texts = ["Halaman satu", None, "Halaman tiga", "Halaman empat", None, None, None]
    extracted = extract_text(pdfs.text_pages(tmp_path / "mixed.pdf", texts))
    assert [extracted.page_text(n) for n in range(1, 8)] == [t or "" for t in texts]
    assert [page.source for page in extracted.pages] == [
        "ocr" if text is None else "text-layer" for text in texts
    ]
    assert extracted.warnings == (
        "no readable text layer on pages 2, 5\u20137, and OCR found no text on them: "
        "they are empty in the text",
    )


def test_extract_garbage_page_goes_to_ocr(tmp_path: Path, pdf_engine: str) -> None:
    pages = [
        "ok:Halaman satu terbaca",
        "Halaman dua tanpa peta unicode sama sekali",
        "ok:Halaman tiga",
    ]
    extracted = extract_text(pdfs.garbage_text(tmp_path / "partial.pdf", pages))
    assert [page.source for page in extracted.pages] == ["text-layer", "ocr", "text-layer"]
    # The test font's glyphs are garbled too, so OCR finds nothing to read there.
    assert extracted.page_text(2) == ""
    assert extracted.text == "Halaman satu terbaca\n\n\n\nHalaman tiga"
    assert extracted.warnings == (
        "no readable text layer on page 2, and OCR found no text on it: it is empty in the text",
    )


def test_extract_damaged_page_is_empty_with_a_warning(tmp_path: Path, pdf_engine: str) -> None:
    extracted = extract_text(pdfs.wrong_stream_length(tmp_path / "partial.pdf", change=40))
    assert extracted.page_text(1) == "Halaman satu tentang kemitraan"
    if pdf_engine == "pdfium":  # pdfium reads the stream to its real end: nothing is lost
        assert extracted.page_text(2) == "Halaman dua tentang kemitraan"
        assert extracted.warnings == ()
        return
    assert extracted.page_text(2) == ""
    (warning,) = extracted.warnings
    assert warning.startswith("page 2 could not be read (a content stream is missing")


# --- the CLI: a path that does not exist, a file gone after discovery ----------------------


@pytest.mark.parametrize("options", [(), ("--pages",)], ids=["text", "pages"])
def test_cli_extract_of_a_missing_path_says_it_does_not_exist(
    tmp_path: Path, options: tuple[str, ...]
) -> None:
    path = tmp_path / "tidak-ada" / "laporan.pdf"
    done = plpbk("extract", *options, str(path))
    stderr = " ".join(done.stderr.split())  # undo the console's line wrapping
    assert done.returncode != 0, done.stderr  # which status is test_cli.py's concern
    assert f"error: laporan.pdf: the file does not exist (there is nothing at {path})" in stderr
    assert "gone" not in stderr
    assert "Traceback" not in stderr
    assert done.stdout == ""


def _wait_until_open(path: Path, *, elsewhere_than: subprocess.Popen[str], timeout: float) -> None:
    """Wait until a process other than ``elsewhere_than`` (still running) holds ``path`` open."""
    target = str(path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if elsewhere_than.poll() is not None:
            _, stderr = elsewhere_than.communicate()
            pytest.fail(f"the command ended before any other process opened {path}: {stderr}")
        for fds in Path("/proc").glob("[0-9]*/fd"):
            if fds.parent.name == str(elsewhere_than.pid):
                continue
            try:
                if any(os.readlink(fd) == target for fd in fds.iterdir()):
                    return
            except OSError:  # the process ended, or is not ours to look into
                continue
        time.sleep(0.01)
    pytest.fail(f"no extraction worker opened {path} within {timeout:g} s")


@pytest.mark.slow
def test_cli_ingest_of_a_file_gone_after_discovery_says_it_is_gone(
    tmp_path: Path, prefect_api: str
) -> None:
    folder = tmp_path / "laporan"
    folder.mkdir()
    first = pdfs.many_pages(folder / "a-panjang.pdf", pages=3000).resolve()
    gone = (folder / "b-hilang.txt").resolve()
    gone.write_text("Swasta memberi bantuan fisik berupa jalan.\n", encoding="utf-8")
    command = [str(CLI), "ingest", str(folder), "--store", str(tmp_path / "kg")]
    cli = subprocess.Popen(
        [*command, "--workers", "1", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200", "PREFECT_API_URL": prefect_api},
        cwd=PROJECT_ROOT,
    )
    try:
        # Every file is found and fingerprinted before the first is extracted, and with
        # one worker the second waits for the first: while the first one's extraction
        # worker (another process than the CLI) holds it open, the second has been
        # found and not yet read.
        _wait_until_open(first, elsewhere_than=cli, timeout=240)
        gone.unlink()
        stdout, stderr = cli.communicate(timeout=300)
    finally:
        if cli.poll() is None:
            cli.kill()
            cli.communicate()
    assert cli.returncode == 1, stderr
    rows = {Path(row["path"]).name: row for row in json.loads(stdout)["documents"]}
    assert rows["a-panjang.pdf"]["status"] == "ingested"
    assert rows["b-hilang.txt"]["status"] == "failed"
    assert rows["b-hilang.txt"]["reason"] == (
        f"b-hilang.txt: the file is gone (moved or deleted after it was found at {gone}); "
        "check the folder and run again"
    )
