"""Lemma synonyms (``lemmas.jsonl``): words the tagger folds into one lemma.

A lemma line folds synonyms into one lemma, so that every ``LEMMA`` pattern and
context rule written with one word matches the others too::

    {"lang": "id", "lemma": "rencana", "lemmas": ["rancang"], "words": [],
     "description": "merancang, perancang and rancangan plan as merencanakan does"}

``lemmas`` folds every word whose lemma is listed, ``words`` only those word forms
(normalised, lower case); with ``"spelling": true`` the words are spellings of the
lemma (abbreviations: "utk" for "untuk") and become it as their normalised form too.
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

_LEMMA_KEYS = {"lang", "lemma", "lemmas", "words", "spelling", "description"}


@dataclass(frozen=True, slots=True)
class LemmaSynonyms:
    """Words that the tagger gives one lemma, so that a cue written with one matches all.

    Attributes:
        lang: ``"id"`` or ``"en"``.
        lemma: The lemma they all get.
        lemmas: Every word whose own lemma is one of these gets :attr:`lemma`.
        words: These normalised word forms get :attr:`lemma`.
        spelling: The words are spellings of the lemma (abbreviations such as "utk"
            for "untuk"): they get it as their normalised form too, so that ``NORM``
            patterns and the relation grammar read them as the full word.
        description: Why they are synonyms here.
        source: ``file:line`` it was read from.
    """

    lang: str
    lemma: str
    lemmas: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    spelling: bool = False
    description: str = ""
    source: str = ""


def read_synonyms(path: Path) -> tuple[LemmaSynonyms, ...]:
    """Read and validate ``lemmas.jsonl`` (none when absent), in file order.

    Raises:
        CodebookError: A line is invalid, or folds a word another line folds already.
    """
    if not path.is_file():
        return ()
    synonyms: list[LemmaSynonyms] = []
    folded: dict[tuple[str, str, str], str] = {}
    for where, entry in data_lines(path, keys=_LEMMA_KEYS):
        lang = line_language(entry.get("lang"), where)
        lemma = entry.get("lemma")
        if not isinstance(lemma, str) or not SINGLE_WORD.fullmatch(lemma):
            raise CodebookError(f"{where}: 'lemma' must be one word of letters and digits")
        described = description(entry, where, of=f"lemma {lemma!r}")
        lists = {
            key: word_list(entry[key], where, key) if key in entry else ()
            for key in ("lemmas", "words")
        }
        if not any(lists.values()):
            raise CodebookError(f"{where}: lemma {lemma!r} lists no 'lemmas' and no 'words'")
        spelling = entry.get("spelling", False)
        if not isinstance(spelling, bool):
            raise CodebookError(f"{where}: 'spelling' must be true or false")
        if spelling and lists["lemmas"]:
            raise CodebookError(
                f"{where}: a 'spelling' entry lists 'words' only: lemmas are no spellings"
            )
        for key, values in lists.items():
            for value in values:
                earlier = folded.setdefault((lang, key, value.lower()), where)
                if earlier != where:
                    raise CodebookError(
                        f"{where}: {value!r} is already folded into another lemma at {earlier}"
                    )
        synonyms.append(
            LemmaSynonyms(
                lang=lang,
                lemma=lemma,
                lemmas=tuple(v.lower() for v in lists["lemmas"]),
                words=tuple(v.lower() for v in lists["words"]),
                spelling=spelling,
                description=described,
                source=where,
            )
        )
    return tuple(synonyms)
