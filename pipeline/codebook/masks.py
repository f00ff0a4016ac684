"""Mask rules (``masks.jsonl``): words that open a stretch where cue words are no evidence.

A mask line (see :class:`MaskRule`; :mod:`pipeline.tag.masks` applies them)::

    {"mask": "title", "lang": "id", "words": ["kepala", "ketua"], "description": "..."}
    {"mask": "idiom", "lang": "en", "phrases": ["pave the way"], "description": "..."}
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.codebook.lines import (
    SINGLE_WORD,
    data_lines,
    description,
    line_language,
    word_list,
)
from pipeline.errors import CodebookError
from pipeline.language import LanguageCode

_MASK_KEYS = {"mask", "lang", "words", "phrases", "not_after", "description"}
MASK_KINDS = {
    "organisation": "words",
    "title": "words",
    "street": "words",
    "slogan": "words",
    "line": "phrases",
    "idiom": "phrases",
}
"""The kinds of mask line and the list each gives (see :class:`MaskRule`)."""


@dataclass(frozen=True, slots=True)
class MaskRule:
    """Words that open a stretch of text in which cue words are no evidence.

    Kinds (``mask``):

    * ``organisation``: a name head ("PT", "Dinas", "Kementerian"). It opens a name
      even inside a run of capitalised words; the head's own cue counts (it says what
      the organisation is), the words after it do not ("PT Karya *Sejahtera*").
      ``not_after`` lists words that, right before the head, make it part of the name
      before ("World Bank": no new name at "Bank").
    * ``title``: a title or form of address ("Kepala", "Ketua", "Bapak", "Head"); the
      title and the capitalised words after it, up to an organisation head or an
      acronym, are no evidence ("Kepala Seksi *Pelatihan*").
    * ``street``: a street word ("Jalan", "Jl"): the whole name is no evidence.
    * ``slogan``: a word that introduces a quoted slogan ("semboyan", "tagline"): the
      quoted words right after it are no evidence.
    * ``line``: a phrase that opens a link line to another article ("baca juga",
      "read also"): the rest of its line is no evidence.
    * ``idiom``: a phrase (matched on lemmas) whose words are no cue ("pave the way",
      "jalan keluar").

    Attributes:
        kind: One of :data:`MASK_KINDS`.
        lang: ``"id"`` or ``"en"``.
        words: Single words (lower case), for the word kinds.
        phrases: Phrases, for ``line`` and ``idiom``.
        not_after: For ``organisation``: words before the head that keep it inside
            the name before it.
        description: What the line is for.
        source: ``file:line`` it was read from.
    """

    kind: str
    lang: LanguageCode
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


def read_masks(path: Path) -> tuple[MaskRule, ...]:
    """Read and validate ``masks.jsonl`` (none when absent), in file order.

    Raises:
        CodebookError: A line is invalid; the message names the file and line.
    """
    if not path.is_file():
        return ()
    masks: list[MaskRule] = []
    for where, entry in data_lines(path, keys=_MASK_KEYS):
        kind = entry.get("mask")
        if kind not in MASK_KINDS:
            raise CodebookError(f"{where}: unknown mask {kind!r}; use one of {sorted(MASK_KINDS)}")
        lang = line_language(entry.get("lang"), where)
        described = description(entry, where, of=f"a {kind} mask")
        key = MASK_KINDS[kind]
        other = "phrases" if key == "words" else "words"
        if other in entry:
            raise CodebookError(f"{where}: a {kind} mask lists {key!r}, not {other!r}")
        if "not_after" in entry and kind != "organisation":
            raise CodebookError(f"{where}: 'not_after' applies to organisation masks only")
        listed = entry.get(key)
        if key == "words":
            values = word_list(listed, where, key)
        elif isinstance(listed, list) and all(
            isinstance(v, str) and SINGLE_WORD.search(v) for v in listed
        ):
            values = tuple(listed)
        else:
            raise CodebookError(f"{where}: 'phrases' must be a list of phrases")
        if not values:
            raise CodebookError(f"{where}: a {kind} mask lists no {key}")
        not_after = (
            word_list(entry["not_after"], where, "not_after") if "not_after" in entry else ()
        )
        masks.append(
            MaskRule(
                kind=kind,
                lang=lang,
                words=tuple(v.lower() for v in values) if key == "words" else (),
                phrases=tuple(values) if key == "phrases" else (),
                not_after=tuple(v.lower() for v in not_after),
                description=described,
                source=where,
            )
        )
    return tuple(masks)
