"""Whether a page's text layer reads as text, and tidying the text of one that does.

A font without a unicode map gives ``(cid:NN)`` glyphs, control characters or
arbitrary symbols instead of letters: such a page is *garbage* and goes to OCR
(:mod:`~pipeline.extract.ocr`). On a usable page a stray unmapped glyph becomes
U+FFFD, ligatures are spelled out and control characters are removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

__all__ = ["clean", "garbage_reason"]

_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st", "\u00ad": ""}
)  # fmt: skip
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_GARBAGE_SHARE = 0.25
_MIN_READABLE_SHARE = 0.3


def garbage_reason(texts: Iterator[str] | Sequence[str]) -> str | None:
    """Why a page's text layer is unreadable, or None when it reads as text.

    Unreadable: a quarter or more of the glyphs are ``(cid:NN)`` (no unicode map) or
    control characters, or (on a page with some substance) under 30% are letters or
    digits -- the mark of a font whose codes map to arbitrary symbols.

    Args:
        texts: The page's words and loose characters.

    Returns:
        A phrase naming the fault, or None.
    """
    cids = controls = readable = total = 0
    for text in texts:
        found = len(_CID.findall(text))
        if found:
            cids += found
            total += found
            text = _CID.sub("", text)
        for char in text:
            total += 1
            if char.isalnum():
                readable += 1
            elif char != "\u00ad" and (
                char == "\ufffd" or unicodedata.category(char) in _BAD_CATEGORIES
            ):
                controls += 1
    if total == 0:
        return None
    if cids + controls >= _GARBAGE_SHARE * total:
        if cids >= controls:
            return "(cid:NN) glyphs without a unicode map"
        return "control characters instead of letters"
    if total >= 20 and readable < _MIN_READABLE_SHARE * total:
        return "mostly symbols instead of letters (a font without a unicode map)"
    return None


def clean(text: str) -> str:
    """Tidy a usable page's line: ligatures spelled out, stray unmapped glyphs as
    U+FFFD, control characters dropped."""
    text = _CID.sub("\ufffd", text.translate(_LIGATURES))
    if text.isprintable():
        return text
    return "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
