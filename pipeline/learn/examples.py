"""Training examples of the clause filter: sentences, each with codes that hold or do not.

Two sources, both written for the project:

* the paraphrase banks (``tests/banks/*.jsonl``): each sentence of the forms/goals and
  roles banks states whether its code holds (``expect``); each sentence of the relations
  bank holds the roles it states and the forms provided;
* the gold of the held-out sets (``tests/heldout*/``): a sentence holding a gold evidence
  phrase of a code is a positive for that code; a sentence where the rules fired a code
  the document's gold lacks is a negative for it. A sentence where the rules fired a
  code the gold has, but which holds none of its phrases, says nothing (the gold lists
  some evidence, not all) and is left out.

Sector codes are left out: an actor's name is their evidence, and the rules already
find them almost without error.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import CodeAnnotation
from pipeline.tag.sentences import Sentence, split_sentences

SECTOR_PREFIX = "sector."
"""Codes the filter never judges."""


@dataclass(frozen=True, slots=True)
class ClauseExample:
    """A sentence and what it says of some codes.

    Attributes:
        lang: The sentence's language (``"id"`` or ``"en"``).
        text: The sentence.
        cats: ``(code, holds)`` pairs, sorted by code; codes not listed are unknown.
        source: Where it came from (a bank line or a held-out file), for the reader.
    """

    lang: str
    text: str
    cats: tuple[tuple[str, bool], ...]
    source: str

    def to_json(self) -> str:
        """One line of an examples file."""
        return json.dumps(
            {"lang": self.lang, "text": self.text, "cats": dict(self.cats), "source": self.source},
            ensure_ascii=False,
            sort_keys=True,
        )


def judged(code: str) -> bool:
    """True for the codes the filter judges: every code but the sectors."""
    return not code.startswith(SECTOR_PREFIX)


def bank_examples(banks: Path) -> list[ClauseExample]:
    """The examples of the forms/goals, roles and relations banks in ``banks``.

    Args:
        banks: The folder of the banks (``tests/banks``).

    Returns:
        One example a bank line that says something of a judged code, in file order.
    """
    examples = []
    for name, key in (("forms_goals", "code"), ("roles", "role")):
        for number, line in enumerate(_lines(banks / f"{name}.jsonl"), 1):
            code = str(line[key])
            if judged(code):
                cats: tuple[tuple[str, bool], ...] = ((code, bool(line["expect"])),)
                examples.append(ClauseExample(line["lang"], line["text"], cats, f"{name}:{number}"))
    for number, line in enumerate(_lines(banks / "relations.jsonl"), 1):
        codes = {pair[1] for pair in [*line.get("roles", []), *line.get("provides", [])]}
        related = tuple((code, True) for code in sorted(codes) if judged(code))
        if related:
            examples.append(
                ClauseExample(line["lang"], line["text"], related, f"relations:{number}")
            )
    return examples


def gold_examples(
    text: str,
    lang: str,
    gold: Mapping[str, Sequence[str]],
    annotations: Iterable[CodeAnnotation],
    *,
    source: str,
) -> list[ClauseExample]:
    """The examples of one held-out document: its gold's sentences and the rules' mistakes.

    Args:
        text: The document's text.
        lang: Its language.
        gold: The gold's codes, each with its evidence phrases.
        annotations: What the rules found in ``text`` (offsets into it).
        source: The document's name, recorded in each example.

    Returns:
        One example a sentence that says something of a judged code, in text order.
    """
    sentences = split_sentences(text)
    starts = [s.start for s in sentences]
    cats: dict[int, dict[str, bool]] = {}
    for code, phrases in gold.items():
        if not judged(code):
            continue
        for phrase in phrases:
            for index in _sentences_holding(text, phrase, sentences):
                cats.setdefault(index, {})[code] = True
    for annotation in annotations:
        if judged(annotation.code) and annotation.code not in gold:
            index = _sentence_at(starts, annotation.evidence.start)
            cats.setdefault(index, {}).setdefault(annotation.code, False)
    return [
        ClauseExample(
            lang,
            text[sentences[i].start : sentences[i].end],
            tuple(sorted(cats[i].items())),
            f"{source}#{i}",
        )
        for i in sorted(cats)
    ]


def write_examples(path: Path, examples: Iterable[ClauseExample]) -> None:
    """Write ``examples`` to ``path``, one JSON line each."""
    path.write_text("".join(e.to_json() + "\n" for e in examples), encoding="utf-8")


def read_examples(path: Path) -> list[ClauseExample]:
    """The examples of a file :func:`write_examples` wrote."""
    return [
        ClauseExample(
            line["lang"], line["text"], tuple(sorted(line["cats"].items())), line["source"]
        )
        for line in _lines(path)
    ]


def _lines(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def _sentence_at(starts: list[int], offset: int) -> int:
    """The index of the sentence that holds ``offset`` (the last one starting at or before)."""
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _sentences_holding(text: str, phrase: str, sentences: Sequence[Sentence]) -> list[int]:
    """The sentences in which ``phrase`` occurs (case and line breaks aside).

    A phrase that spans two sentences marks both: the gold's evidence is the unit, and
    the filter must keep the code in either.
    """
    words = phrase.split()
    if not words:
        return []
    pattern = re.compile(r"[\s\-]*".join(re.escape(w) for w in words), re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        for i, sentence in enumerate(sentences):
            if sentence.start < match.end() and match.start() < sentence.end:
                found.append(i)
    return sorted(set(found))
