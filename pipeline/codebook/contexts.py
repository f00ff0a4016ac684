"""Context rules (``contexts.jsonl``): conditions on the words around a cue match.

A context line::

    {"context": "physical_works", "description": "...", "near": ["membangun", ...],
     "near_lemma": ["bangun"], "window": 8, "side": "both", "reject_name": true,
     "not_prev": [...], "not_next": [...], "extends": "partnership", "topic_min": 6,
     "doc_min": 2, "topic": "partnership"}

``extends`` adds the word lists of a context defined on an earlier line; ``topic_min``,
``doc_min``, ``distinct_min``, ``not_in_document`` and ``topic`` weigh the whole document
(see :class:`ContextRule`); ``requires`` names an earlier rule that must hold too;
``not_near`` and ``not_near_lemma`` are words that must not stand within ``not_window``
tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.codebook.lines import data_lines, description, word_list
from pipeline.errors import CodebookError

_CONTEXT_KEYS = {
    "context",
    "description",
    "extends",
    "near",
    "near_lemma",
    "window",
    "reject_name",
    "side",
    "not_prev",
    "not_next",
    "topic_min",
    "doc_min",
    "distinct_min",
    "not_in_document",
    "topic",
    "same_sentence",
    "requires",
    "not_near",
    "not_near_lemma",
    "not_window",
    "addressee",
}
_MAX_WINDOW = 50
_SIDES = ("both", "before", "after")


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A condition on the words around a cue match.

    Attributes:
        name: What patterns call it by.
        description: What it is for.
        near: Words (matched on the normalised form) of which one must occur within
            ``window`` tokens of the match, on the same page; empty means no such need.
        near_lemma: The same, matched on the lemma.
        window: How many tokens count as near.
        side: Where near words count: ``"before"`` the match, ``"after"`` it or
            on ``"both"`` sides.
        reject_name: Reject a capitalised match next to another capitalised word
            (a street or place name such as "Jalan Merdeka").
        not_prev: Words that must not stand right before the match.
        not_next: Words that must not stand right after the match.
        topic_min: When above 0, the near-word condition also holds anywhere in a
            document whose usable pages hold at least this many near words: the
            document as a whole is about the rule's topic (a partnership study speaks
            of "masyarakat" as an actor even far from the word "kemitraan"), while a
            news page that says "kerja sama" once is not.
        distinct_min: When above 0, the rule does not hold in a document whose usable
            pages hold fewer different near words (by lemma) than this: one word said
            twice ("permukiman" in flood news) is not a topic.
        not_in_document: Words (normalised) of which none may occur anywhere in the
            document's usable pages ("the bank" is no company in a report that names the
            AIIB or the ADB: it refers back to the lender).
        requires: The name of another rule that must hold as well (both near-word
            conditions, where one rule's words are not enough: a shortage of money
            counts as the funding goal only in a sentence about partnership).
        not_near: Words (normalised) of which none may stand within ``not_window``
            tokens of the match in its sentence ("penghidupan yang *berkelanjutan*"
            is a livelihood, not a programme that lasts).
        not_near_lemma: The same, matched on the lemma.
        not_window: How many tokens ``not_near`` words reach.
        addressee: A sector's notation: when the clause says to whom the matched
            thing is addressed ("proposal *kepada perusahaan*", "proposals *to the
            agency*"), the match counts only if that is this sector (a proposal from
            a government office to companies is no proposal to government).
        source: ``file:line`` it was read from.
    """

    name: str
    description: str
    near: tuple[str, ...] = ()
    near_lemma: tuple[str, ...] = ()
    window: int = 10
    side: str = "both"
    reject_name: bool = False
    not_prev: tuple[str, ...] = ()
    not_next: tuple[str, ...] = ()
    topic_min: int = 0
    doc_min: int = 0
    distinct_min: int = 0
    not_in_document: tuple[str, ...] = ()
    topic: str | None = None
    same_sentence: bool = False
    requires: str | None = None
    not_near: tuple[str, ...] = ()
    not_near_lemma: tuple[str, ...] = ()
    not_window: int = 3
    addressee: str | None = None
    source: str = ""


def read_contexts(path: Path) -> dict[str, ContextRule]:
    """Read and validate ``contexts.jsonl`` (none when absent): the rules by name.

    Raises:
        CodebookError: A line is invalid; the message names the file and line.
    """
    if not path.is_file():
        return {}
    contexts: dict[str, ContextRule] = {}
    for where, entry in data_lines(path, keys=_CONTEXT_KEYS):
        name = entry.get("context")
        if not isinstance(name, str) or not name:
            raise CodebookError(f"{where}: 'context' (the rule's name) is missing")
        if name in contexts:
            raise CodebookError(f"{where}: context {name!r} is defined twice")
        described = description(entry, where, of=f"context {name!r}")
        window = entry.get("window", 10)
        if not isinstance(window, int) or isinstance(window, bool) or not 0 < window <= _MAX_WINDOW:
            raise CodebookError(f"{where}: 'window' must be an integer from 1 to {_MAX_WINDOW}")
        side = entry.get("side", "both")
        if side not in _SIDES:
            raise CodebookError(f"{where}: 'side' must be one of {list(_SIDES)}, not {side!r}")
        reject_name = entry.get("reject_name", False)
        if not isinstance(reject_name, bool):
            raise CodebookError(f"{where}: 'reject_name' must be true or false")
        topic_min, doc_min, distinct_min = (
            _whole_number(entry, key, where) for key in ("topic_min", "doc_min", "distinct_min")
        )
        same_sentence = entry.get("same_sentence", False)
        if not isinstance(same_sentence, bool):
            raise CodebookError(f"{where}: 'same_sentence' must be true or false")
        topic = entry.get("topic")
        if topic is not None and (topic not in contexts or not contexts[topic].topic_min):
            raise CodebookError(
                f"{where}: 'topic' names {topic!r}, which no earlier line defines with a "
                "'topic_min'"
            )
        lists = {
            key: word_list(entry[key], where, key) if key in entry else ()
            for key in (
                "near",
                "near_lemma",
                "not_prev",
                "not_next",
                "not_near",
                "not_near_lemma",
                "not_in_document",
            )
        }
        requires = entry.get("requires")
        if requires is not None and requires not in contexts:
            raise CodebookError(
                f"{where}: 'requires' names {requires!r}, which no earlier line defines"
            )
        not_window = entry.get("not_window", 3)
        if (
            not isinstance(not_window, int)
            or isinstance(not_window, bool)
            or not 0 < not_window <= _MAX_WINDOW
        ):
            raise CodebookError(f"{where}: 'not_window' must be an integer from 1 to {_MAX_WINDOW}")
        addressee = entry.get("addressee")
        if addressee is not None and not isinstance(addressee, str):
            raise CodebookError(f"{where}: 'addressee' must be a code's notation")
        base_name = entry.get("extends")
        if base_name is not None:
            base = contexts.get(base_name)
            if base is None:
                raise CodebookError(
                    f"{where}: 'extends' names {base_name!r}, which no earlier line defines"
                )
            for key in lists:
                lists[key] = (*getattr(base, key), *lists[key])
        contexts[name] = ContextRule(
            name=name,
            description=described,
            window=window,
            side=side,
            reject_name=reject_name,
            topic_min=topic_min,
            doc_min=doc_min,
            distinct_min=distinct_min,
            topic=topic,
            same_sentence=same_sentence,
            source=where,
            near=lists["near"],
            near_lemma=lists["near_lemma"],
            not_prev=lists["not_prev"],
            not_next=lists["not_next"],
            requires=requires,
            not_near=lists["not_near"],
            not_near_lemma=lists["not_near_lemma"],
            not_in_document=lists["not_in_document"],
            not_window=not_window,
            addressee=addressee,
        )
    return contexts


def _whole_number(entry: dict[str, Any], key: str, where: str) -> int:
    """Validate a context rule's whole-number setting (0 when absent)."""
    value = entry.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CodebookError(f"{where}: {key!r} must be a whole number, 0 or more")
    return value
