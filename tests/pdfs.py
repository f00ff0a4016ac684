"""Builders of the PDFs the extraction tests read, drawn with reportlab.

Each builder writes one file and returns its path. The text they draw is defined
here, so a test can assert what extraction must give back. Layout is drawn line by
line (no reflowing), so every line break, hyphen and column is exactly where the
test expects it.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import reportlab
from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 57.0
GUTTER = 30.0
COLUMN_WIDTH = (PAGE_WIDTH - 2 * MARGIN - GUTTER) / 2
RIGHT_X = MARGIN + COLUMN_WIDTH + GUTTER
BODY_SIZE = 10.0
LEADING = 12.0

RUNNING_HEADER = "Jurnal Permukiman Kota Vol. 3 No. 2"
RUNNING_FOOTER = "Laporan Penelitian PLPBK Kendal | Halaman {page}"

ARTICLE_TITLE_LINES = (
    "Kemitraan Pemerintah, Swasta dan Masyarakat",
    "dalam Penataan Permukiman Berbasis Komunitas",
)
ARTICLE_TITLE = " ".join(ARTICLE_TITLE_LINES)
ABSTRACT_HEADING = "Abstrak"
ABSTRACT_LINES = (
    "Penelitian ini menggali bentuk kemitraan antara pemerintah, swasta dan masyarakat dalam",
    "program penataan lingkungan permukiman berbasis komunitas di Kabupaten Kendal. Kata",
    "kunci abstrak ini berakhir di sini sebelum dua kolom isi dimulai di bawahnya.",
)

# Page 1, two columns. ALFA and BRAVO fill the left column; BRAVO's last word is
# hyphenated into the right column, which goes on with CHARLIE and DELTA.
P1_LEFT = (
    "Paragraf alfa membuka kolom kiri dengan",
    "uraian tentang musyawarah warga yang",
    "menjadi awal dari proses kemi-",
    "traan antara warga dan pemerintah kota.",
    "",
    "Paragraf bravo menjelaskan peran Badan",
    "Keswadayaan Masyarakat sebagai pe-",
    "rencana kegiatan dan pengelola bantuan",
    "untuk perbaikan jalan lingkungan pemba-",
)
P1_RIGHT = (
    "ngunan saluran dan sanitasi warga.",
    "",
    "Paragraf charlie mencatat bentuk-bentuk",
    "bantuan dari pihak swasta kepada kelompok-",
    "kelompok warga di Kelurahan Kebondalem",
    "melalui program PNPM Mandiri-",
    "Perkotaan dan dana tanggung jawab sosial.",
    "",
    "Paragraf delta menutup kolom kanan.",
)
# Page 2: two columns above and below a full-width table caption.
P2_UPPER_LEFT = (
    "Paragraf echo membahas pengajuan proposal",
    "kepada dinas terkait di tingkat kota.",
)
P2_UPPER_RIGHT = (
    "Paragraf foxtrot membahas pengajuan",
    "proposal kepada perusahaan swasta.",
)
P2_CAPTION = "Tabel golf merangkum bentuk kemitraan di enam kelurahan dan desa dampingan program"
P2_LOWER_LEFT = (
    "Paragraf hotel mengulas faktor penunjang",
    "kemitraan seperti komunikasi warga.",
)
P2_LOWER_RIGHT = (
    "Paragraf india mengulas kendala seperti",
    "badan pengelola yang belum efektif.",
)
# Page 3: one column, full width.
P3_SINGLE = (
    "Paragraf juliet berdiri di halaman satu kolom yang memuat kesimpulan penelitian tentang",
    "keberlanjutan kemitraan di Kota Pekalongan dan Kabupaten Kendal.",
    "",
    "Paragraf kilo memuat rekomendasi bagi pemerintah daerah, swasta dan masyarakat.",
)
ARTICLE_MARKERS = (
    "Kemitraan",
    "Abstrak",
    "Penelitian",
    "alfa",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
)
"""Words that must come out in this order."""


def _lines(canvas: Canvas, lines: tuple[str, ...], x: float, top: float) -> float:
    """Draw body lines from ``top`` (points from the page top) down; return the next top.

    An empty line leaves half a line of space: a paragraph break.
    """
    canvas.setFont("Times-Roman", BODY_SIZE)
    for line in lines:
        canvas.drawString(x, PAGE_HEIGHT - top - BODY_SIZE, line)
        top += LEADING if line else LEADING / 2
    return top


def _running_lines(canvas: Canvas, page: int) -> None:
    canvas.setFont("Times-Roman", 8)
    canvas.drawString(MARGIN, PAGE_HEIGHT - 30, RUNNING_HEADER)
    canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 30, str(page))
    canvas.drawCentredString(PAGE_WIDTH / 2, 30, RUNNING_FOOTER.format(page=page))


def single_column(path: Path, lines: tuple[str, ...]) -> Path:
    """One page of lines at the left margin, one paragraph unless a line is empty."""
    canvas = Canvas(str(path), pagesize=A4)
    _lines(canvas, lines, MARGIN, 100.0)
    canvas.showPage()
    canvas.save()
    return path


def two_column_article(path: Path) -> Path:
    """Three pages: title, abstract and two columns; columns around a full-width
    caption; a single-column page. Running header (with a page number on the
    right) and footer on every page."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle("untitled")
    _running_lines(canvas, 1)
    canvas.setFont("Times-Bold", 16)
    top = 70.0
    for line in ARTICLE_TITLE_LINES:
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - top - 16, line)
        top += 20
    top += 12
    canvas.setFont("Times-Bold", BODY_SIZE)
    canvas.drawString(MARGIN, PAGE_HEIGHT - top - BODY_SIZE, ABSTRACT_HEADING)
    top = _lines(canvas, ABSTRACT_LINES, MARGIN, top + 18) + 14
    _lines(canvas, P1_LEFT, MARGIN, top)
    _lines(canvas, P1_RIGHT, RIGHT_X, top + 4)  # baselines between the left column's
    canvas.showPage()

    _running_lines(canvas, 2)
    top = 80.0
    _lines(canvas, P2_UPPER_LEFT, MARGIN, top)
    end = _lines(canvas, P2_UPPER_RIGHT, RIGHT_X, top)
    canvas.setFont("Times-Italic", BODY_SIZE)
    canvas.drawString(MARGIN, PAGE_HEIGHT - end - 10 - BODY_SIZE, P2_CAPTION)
    top = end + 34
    _lines(canvas, P2_LOWER_LEFT, MARGIN, top)
    _lines(canvas, P2_LOWER_RIGHT, RIGHT_X, top)
    canvas.showPage()

    _running_lines(canvas, 3)
    _lines(canvas, P3_SINGLE, MARGIN, 80.0)
    canvas.showPage()
    canvas.save()
    return path


def text_pages(
    path: Path, pages: list[str | None], *, encrypt: StandardEncryption | None = None
) -> Path:
    """One line of text per page; ``None`` draws a page that is only an image."""
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt)
    image = None
    for text in pages:
        if text is None:
            image = image or _noise_image()
            canvas.drawImage(image, MARGIN, 300, width=400, height=400)
        else:
            canvas.setFont("Helvetica", 11)
            canvas.drawString(MARGIN, 700, text)
        canvas.showPage()
    canvas.save()
    return path


def _noise_image() -> ImageReader:
    """A grey picture, like a scanned page."""
    rng = random.Random(7)
    image = Image.new("L", (64, 64))
    image.putdata([rng.randrange(256) for _ in range(64 * 64)])
    return ImageReader(image)


def encrypted(path: Path) -> Path:
    """A PDF that opens only with the user password ``rahasia``."""
    return text_pages(
        path,
        ["Dokumen rahasia tentang kemitraan"],
        encrypt=StandardEncryption("rahasia", ownerPassword="pemilik"),
    )


def image_only(path: Path, pages: int = 3) -> Path:
    """A scan: pages that hold only an image, no text layer."""
    return text_pages(path, [None] * pages)


def truncated(path: Path) -> Path:
    """A PDF cut off halfway, as an interrupted download leaves it."""
    text_pages(path, [f"Halaman {n} tentang kemitraan warga" for n in range(1, 6)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


_VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
# Letters onto 26 accented glyphs: all fit the font subset's codes 1-31.
_GARBLE = str.maketrans(
    {chr(base + offset): chr(0xE0 + offset) for base in (0x41, 0x61) for offset in range(26)}
)


def garbage_text(path: Path, pages: list[str], *, kind: str = "cid") -> Path:
    """Pages whose text layer does not map back to unicode.

    Every page's line is drawn in an embedded TrueType subset whose letters land on
    codes 1-31. ``kind="cid"`` removes the font's ``/ToUnicode`` map and program, so
    pdfminer can only answer ``(cid:NN)``; ``kind="control"`` rewrites the map to
    point those codes at control characters. A page text starting with ``"ok:"`` is
    drawn in Helvetica instead and stays readable.
    """
    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", str(_VERA)))
    canvas = Canvas(str(path), pagesize=A4, pageCompression=0)
    for text in pages:
        if text.startswith("ok:"):
            canvas.setFont("Helvetica", 11)
            canvas.drawString(MARGIN, 700, text[3:])
        else:
            canvas.setFont("Vera", 11)
            for row, start in enumerate(range(0, len(text), 60)):
                canvas.drawString(
                    MARGIN, 700 - 14 * row, text[start : start + 60].translate(_GARBLE)
                )
        canvas.showPage()
    canvas.save()
    data = path.read_bytes()
    if kind == "cid":
        # Same-length renames keep every xref offset valid.
        data = data.replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFileX")
    elif kind == "control":
        data = re.sub(rb"(<[0-9A-F]{2}> <00)[C-F]([0-9A-F]>)", rb"\g<1>0\g<2>", data)
    else:
        raise ValueError(f"unknown garbage kind {kind!r}")
    path.write_bytes(data)
    return path


def wrong_stream_length(path: Path, *, change: int = -20, ascii85: bool = False) -> Path:
    """Two pages whose compressed content streams declare a wrong /Length.

    With plain Flate streams (``ascii85=False``) pdfminer logs a warning and returns
    empty pages; wrapped in ASCII85 the damaged stream is dropped without a word.
    """
    saved = rl_config.useA85
    rl_config.useA85 = int(ascii85)
    try:
        text_pages(path, ["Halaman satu tentang kemitraan", "Halaman dua tentang kemitraan"])
    finally:
        rl_config.useA85 = saved
    data = path.read_bytes()

    def damage(match: re.Match[bytes]) -> bytes:
        return match.group(1) + str(int(match.group(2)) + change).encode()

    path.write_bytes(re.sub(rb"(/FlateDecode \]? ?/Length )(\d+)", damage, data))
    return path


def huge_page(path: Path, chars: int = 1_500_000) -> Path:
    """One page covered in ``chars`` tiny characters: a pathological text layer."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Helvetica", 1)
    row = ("kemitraan " * 60)[:500]
    rows = max(1, chars // len(row))
    for index in range(rows):
        canvas.drawString(5, PAGE_HEIGHT - 5 - (index % 800) * 1.0, row)
    canvas.showPage()
    canvas.save()
    return path


def many_pages(path: Path, pages: int = 2000) -> Path:
    """A long document with a little text per page."""
    canvas = Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(MARGIN, 700, f"Bagian {number} laporan kemitraan warga.")
        canvas.showPage()
    canvas.save()
    return path


def interleaved_columns(path: Path, left: tuple[str, ...], right: tuple[str, ...]) -> Path:
    """One two-column page whose content stream draws row by row across the columns.

    Many real PDFs do: a reader that follows the stream (``extract_text``, pdfium's
    own text) interleaves the columns' lines; only the words' positions tell the
    columns apart.
    """
    canvas = Canvas(str(path), pagesize=A4)
    canvas.setFont("Times-Roman", BODY_SIZE)
    top = 100.0
    for row in range(max(len(left), len(right))):
        for x, lines in ((MARGIN, left), (RIGHT_X, right)):
            if row < len(lines) and lines[row]:
                canvas.drawString(x, PAGE_HEIGHT - top - BODY_SIZE, lines[row])
        top += LEADING
    canvas.showPage()
    canvas.save()
    return path


def rotated_label(path: Path, body: tuple[str, ...], label: str) -> Path:
    """One page of body lines and a label drawn upwards in the margin (a stamp, an axis)."""
    canvas = Canvas(str(path), pagesize=A4)
    _lines(canvas, body, MARGIN, 100.0)
    canvas.saveState()
    canvas.translate(PAGE_WIDTH - 30, 300)
    canvas.rotate(90)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(0, 0, label)
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path
