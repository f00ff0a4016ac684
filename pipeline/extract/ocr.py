"""OCR of PDF pages that have no usable text layer: render, clean up, Tesseract.

The PDF reader (:mod:`pipeline.extract.pdf`) calls :func:`ocr_pages` for the pages
of a PDF whose text layer is missing (a scan) or garbage (a font without a unicode
map). Each page is rendered with pdfium at :data:`RENDER_DPI`, cleaned up, and read
by Tesseract (through pytesseract, which runs the ``tesseract`` program) with the
Indonesian and English models. What comes back is word boxes in PDF points from the
page's top-left corner, each word as tall as the line Tesseract put it in (so that,
as with a text layer's font boxes, the words of a line share one height), and the
page's mean word confidence. Reading order is not decided here: the extraction
stage lays out OCR words with the same column, line and paragraph logic as
text-layer words.

Clean-up, measured on the shared scanned seed (``benchmarks/ocr.py``, word-order
ratio against the reference text): the page is rendered in greyscale and
**deskewed**. The seed is tilted by 0.4 degrees, which moves a column's left edge by
5 pt from top to bottom: too much for the column detection, which then reads the two
columns line by line (0.59 without deskewing, 0.997 with it). Binarising with Otsu's
threshold (0.995 with deskewing) and a median filter (0.992) did not help
Tesseract, which binarises by itself, so :data:`CLEANUP` leaves them off; they stay
available for noisier scans.

Pages are OCR'd in parallel by threads, one ``tesseract`` process each, one
OpenMP thread per process: Tesseract's own threads made a page about seven times
slower on two busy cores. Rendering is serialised (pdfium is not thread-safe) and
each thread holds one page image, so memory stays flat however long the document.

``PLPBK_TESSERACT`` names the ``tesseract`` program to run (default: the one on
``PATH``); pointing it at a missing file simulates a machine without Tesseract.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import pypdfium2
import pytesseract
from PIL import Image, ImageFilter

__all__ = [
    "CLEANUP",
    "INSTALL_COMMAND",
    "LANGUAGES",
    "RENDER_DPI",
    "TESSERACT_ENV",
    "Cleanup",
    "OcrPage",
    "OcrWord",
    "ocr_pages",
    "tesseract_problem",
]

TESSERACT_ENV = "PLPBK_TESSERACT"
"""Environment variable: the ``tesseract`` program to run instead of the one on PATH."""
INSTALL_COMMAND = "apt-get install tesseract-ocr tesseract-ocr-ind"
"""The one command that makes OCR work on Debian or Ubuntu (English comes with it)."""
LANGUAGES = "ind+eng"
RENDER_DPI = 300
"""Pages are rendered at 300 dpi, the resolution Tesseract's documentation
recommends; on the seed (a 150 dpi scan) it read more words right than 150 dpi did
(word-order ratio 0.997 against 0.994, both deskewed), at about 1.4 times the time."""


@dataclass(frozen=True, slots=True)
class Cleanup:
    """Which clean-up steps a rendered page gets before Tesseract reads it.

    Attributes:
        deskew: Turn a tilted scan straight (:func:`deskew`).
        denoise: A 3x3 median filter against speckle.
        binarise: Black on white by Otsu's threshold (:func:`binarise`).
    """

    deskew: bool = True
    denoise: bool = False
    binarise: bool = False


CLEANUP = Cleanup()
"""The clean-up extraction uses; ``benchmarks/ocr.py`` measures the alternatives."""
_MAX_SKEW = 3.0
"""Degrees; a scan tilted further is rare and is left as it is."""
_SKEW_STEPS = (0.25, 0.05)
"""The skew search: whole range in quarter degrees, then twentieths around the best."""
_TESSERACT_TIMEOUT = 300.0
"""Seconds one page may take; a page that takes longer is left empty with a warning."""
_POINTS_PER_INCH = 72.0


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word Tesseract read, in points from the page's top-left corner.

    Attributes:
        x0: Left edge.
        x1: Right edge.
        top: Top of the word's line.
        bottom: Bottom of the word's line.
        text: The word.
        confidence: Tesseract's confidence in the word, 0 to 100.
    """

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrPage:
    """What OCR read on one page.

    Attributes:
        number: 1-based page number.
        words: The words, in Tesseract's order (layout is the caller's).
        confidence: Mean word confidence, 0 to 100; None when no word was read.
        error: Why the page could not be OCR'd, or None.
    """

    number: int
    words: tuple[OcrWord, ...]
    confidence: float | None
    error: str | None = None


def tesseract_problem() -> str | None:
    """Why OCR cannot run on this machine, or None when it can.

    Returns:
        A phrase such as ``"Tesseract is not installed"``, or None.
    """
    command = _tesseract_command()
    if shutil.which(command) is None:
        return f"Tesseract is not installed (no {command!r} program found)"
    try:
        languages = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError, subprocess.SubprocessError) as error:
        return f"Tesseract does not run ({error})"
    missing = [code for code in LANGUAGES.split("+") if code not in languages]
    if missing:
        return f"Tesseract lacks the language data {', '.join(missing)}"
    return None


def ocr_pages(
    pdf: BinaryIO | bytes, numbers: Sequence[int], *, workers: int | None = None
) -> list[OcrPage]:
    """Render and OCR some pages of a PDF.

    Args:
        pdf: The PDF file (open, binary) or its bytes.
        numbers: 1-based numbers of the pages to read.
        workers: How many pages to OCR at once; by default one per available core.

    Returns:
        One :class:`OcrPage` per number, in the order given.

    Raises:
        RuntimeError: Tesseract is missing (check :func:`tesseract_problem` first).
    """
    problem = tesseract_problem()
    if problem is not None:
        raise RuntimeError(problem)
    # One OpenMP thread per tesseract process: the pages are the parallelism.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if workers is None:
        workers = len(os.sched_getaffinity(0))
    document = pypdfium2.PdfDocument(pdf)
    render_lock = threading.Lock()

    def read(number: int) -> OcrPage:
        with render_lock:
            page = document[number - 1]
            try:
                image = render_page(page)
            finally:
                page.close()
        return _recognise(number, image, dpi=image.info["dpi"][0])

    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            return list(pool.map(read, numbers))
    finally:
        document.close()


def render_page(
    page: pypdfium2.PdfPage, *, dpi: int | None = None, cleanup: Cleanup | None = None
) -> Image.Image:
    """Render a page in greyscale and clean it up for Tesseract.

    Args:
        page: The pdfium page.
        dpi: Rendering resolution; :data:`RENDER_DPI` by default.
        cleanup: Clean-up steps; :data:`CLEANUP` by default.

    Returns:
        The image to OCR, at ``dpi`` pixels per inch.
    """
    dpi = RENDER_DPI if dpi is None else dpi
    cleanup = CLEANUP if cleanup is None else cleanup
    bitmap = page.render(scale=dpi / _POINTS_PER_INCH, grayscale=True)
    image = bitmap.to_pil().convert("L")
    bitmap.close()
    if cleanup.deskew:
        image = deskew(image)
    if cleanup.denoise:
        image = image.filter(ImageFilter.MedianFilter(3))
    if cleanup.binarise:
        image = binarise(image)
    image.info["dpi"] = (dpi, dpi)
    return image


def deskew(image: Image.Image) -> Image.Image:
    """Turn a tilted scan straight, so that a column's lines share one left edge.

    The angle is the one at which the rows of a reduced copy are most unequal in ink
    (text lines and the gaps between them sharpest): a projection-profile search.
    """
    angle = skew_angle(image)
    if angle == 0.0:
        return image
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)


def skew_angle(image: Image.Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes the image's text level.

    Each angle is tried by shearing, not rotating: the ink of narrow vertical strips is
    summed per row and each strip's profile shifted by the angle's slope. Rotating a
    copy for every angle would blur all but the zero angle and so favour it.
    """
    factor = max(1, round(min(image.size) / 1200))
    small = image.reduce(factor) if factor > 1 else image
    ink = 255.0 - np.asarray(small, dtype=np.float64)
    height, width = ink.shape
    strip = 16
    count = width // strip
    if count < 2 or height < 2:
        return 0.0
    profiles = ink[:, : count * strip].reshape(height, count, strip).sum(axis=2).T
    centres = (np.arange(count) + 0.5) * strip - width / 2
    padding = int(np.ceil(abs(np.tan(np.radians(_MAX_SKEW))) * width / 2)) + 1

    def sharpness(angle: float) -> float:
        shifts = np.rint(centres * np.tan(np.radians(angle))).astype(int)
        rows = np.zeros(height + 2 * padding)
        for profile, shift in zip(profiles, shifts, strict=True):
            rows[padding + shift : padding + shift + height] += profile
        return float(np.square(np.diff(rows)).sum())

    best = 0.0
    span = _MAX_SKEW
    for step in _SKEW_STEPS:
        steps = round(span / step)
        angles = [best + step * offset for offset in range(-steps, steps + 1)]
        best = max(angles, key=lambda angle: (sharpness(angle), -abs(angle)))
        span = step
    return round(-best, 2)  # the shear that levels the rows undoes a tilt the other way


def binarise(image: Image.Image) -> Image.Image:
    """Black text on white by Otsu's threshold (the one that best splits the histogram)."""
    histogram = image.histogram()
    total = sum(histogram)
    weighted = sum(level * count for level, count in enumerate(histogram))
    below = below_weighted = 0.0
    best_level, best_spread = 127, -1.0
    for level, count in enumerate(histogram):
        below += count
        if below == 0:
            continue
        above = total - below
        if above == 0:
            break
        below_weighted += level * count
        mean_below = below_weighted / below
        mean_above = (weighted - below_weighted) / above
        spread = below * above * (mean_below - mean_above) ** 2
        if spread > best_spread:
            best_level, best_spread = level, spread
    return image.point(lambda value: 255 if value > best_level else 0)


def _recognise(number: int, image: Image.Image, *, dpi: int) -> OcrPage:
    """Run Tesseract on one page image; words with their line's height, in points."""
    try:
        data = pytesseract.image_to_data(
            image,
            lang=LANGUAGES,
            config=f"--dpi {dpi}",
            output_type=pytesseract.Output.DICT,
            timeout=_TESSERACT_TIMEOUT,
        )
    except RuntimeError as error:  # pytesseract's timeout
        return OcrPage(number, (), None, error=f"OCR took over {_TESSERACT_TIMEOUT:g} s ({error})")
    except pytesseract.TesseractError as error:
        return OcrPage(number, (), None, error=f"Tesseract failed: {error.message}")
    scale = _POINTS_PER_INCH / dpi
    lines: dict[tuple[int, int, int, int], tuple[float, float]] = {}
    words: list[OcrWord] = []
    for index, level in enumerate(data["level"]):
        key = (
            data["page_num"][index],
            data["block_num"][index],
            data["par_num"][index],
            data["line_num"][index],
        )
        top, height = data["top"][index], data["height"][index]
        if level == 4:
            lines[key] = (top * scale, (top + height) * scale)
            continue
        text = str(data["text"][index]).strip()
        confidence = float(data["conf"][index])
        if level != 5 or not text or confidence < 0:
            continue
        left, width = data["left"][index], data["width"][index]
        line_top, line_bottom = lines.get(key, (top * scale, (top + height) * scale))
        words.append(
            OcrWord(left * scale, (left + width) * scale, line_top, line_bottom, text, confidence)
        )
    mean = round(statistics.fmean(word.confidence for word in words), 1) if words else None
    return OcrPage(number, tuple(words), mean)


def _tesseract_command() -> str:
    command = os.environ.get(TESSERACT_ENV, "").strip() or "tesseract"
    pytesseract.pytesseract.tesseract_cmd = command
    return command
