"""Cue patterns (``patterns/*.jsonl``): the phrases and token patterns that signal a code.

A pattern line is spaCy's ruler format plus the project's keys::

    {"label": "form.physical", "pattern": "bantuan fisik", "id": "form.physical/id/bantuan-fisik",
     "lang": "id", "attr": "LEMMA", "context": "physical_works"}

``label`` is a code's notation; ``id`` is unique and starts with ``{label}/{lang}/``;
``pattern`` is a phrase (a string, matched token by token on ``attr``: ``"LEMMA"``, the
default, or ``"NORM"``, the OCR-normalised lower-case word) or a list of spaCy token
patterns (matched with spaCy's ``Matcher``; slower, for the few cues that need
operators; their ``ORTH``/``LOWER``/``TEXT`` see the normalised word, and they are
looked for only around a mandatory token pinned to literal words, when each has one);
``context`` names a rule of ``contexts.jsonl`` the match must satisfy. A word that
only counts next to others ("dana" after "menyalurkan") is a phrase with a context
rule rather than a token pattern: it runs at the phrase matcher's speed.

Each pattern is checked against the codes and the context rules it names; token
patterns are compiled once with spaCy's ``Matcher`` (``validate=True``), so that spaCy's
own complaint is reported at the pattern's line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.codebook.concepts import Concept
from pipeline.codebook.contexts import ContextRule
from pipeline.codebook.folder import CONTEXTS_FILE
from pipeline.codebook.lines import data_lines, line_language, suggestion
from pipeline.errors import CodebookError

MATCH_ATTRS = ("LEMMA", "NORM")
"""Token attributes a phrase pattern can be matched on."""

_PATTERN_KEYS = {"label", "pattern", "id", "lang", "attr", "context", "anchor", "player"}
_PATTERN_REQUIRED = ("label", "pattern", "id", "lang")


@dataclass(frozen=True, slots=True)
class CuePattern:
    """One cue pattern: a phrase or token pattern that signals a code.

    Attributes:
        id: Unique id, ``{label}/{lang}/{slug}``; the annotation's ``rule``.
        label: The notation of the code it signals.
        lang: ``"id"`` or ``"en"``.
        pattern: A phrase, or a list of spaCy token-pattern dicts.
        attr: What a phrase is matched on: ``"LEMMA"`` or ``"NORM"``.
        context: Name of the context rule the match must satisfy, if any.
        source: ``file:line`` it was read from, for messages.
        anchor: For a token pattern, the index of the token the tagger looks for first
            (a mandatory token pinned to words): given where the usual choice, the token
            with the longest words, is a common word and another is rare in reports.
        player: For a role cue whose words say who plays the role ("perencanaan
            partisipatif": residents plan; "fasilitator kelurahan": the programme's own
            facilitator), the sector that plays it where the clause names no one; for a
            form cue whose words say who gives it (a state budget line: "dana APBD",
            "BLM"), the sector that provides it.
    """

    id: str
    label: str
    lang: str
    pattern: str | list[dict[str, Any]]
    attr: str = "LEMMA"
    context: str | None = None
    source: str = ""
    anchor: int | None = None
    player: str | None = None

    @property
    def is_phrase(self) -> bool:
        """True for a phrase pattern (PhraseMatcher), False for a token pattern (Matcher)."""
        return isinstance(self.pattern, str)


def read_patterns(
    files: list[Path], concepts: Mapping[str, Concept], contexts: Mapping[str, ContextRule]
) -> tuple[CuePattern, ...]:
    """Read and validate the pattern files, in order; compile token patterns with spaCy.

    Raises:
        CodebookError: A line is invalid, an id is used twice, or spaCy rejects a
            token pattern; the message names the file and line.
    """
    # spaCy imported here, not at the top: the codebook's fingerprint (every ingest,
    # even one with nothing to do) needs this package but not spaCy (~2 s to import).
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    notations = sorted(concepts)
    seen: dict[str, str] = {}
    patterns: list[CuePattern] = []
    for path in files:
        for where, entry in data_lines(path, keys=_PATTERN_KEYS):
            pattern = _read_pattern(entry, where, notations, concepts, contexts, path)
            if pattern.id in seen:
                raise CodebookError(
                    f"{where}: pattern id {pattern.id!r} is already used at {seen[pattern.id]}"
                )
            seen[pattern.id] = where
            if not pattern.is_phrase:
                try:
                    matcher.add(pattern.id, [pattern.pattern])  # type: ignore[list-item]
                except (MatchPatternError, ValueError, TypeError) as error:
                    reason = " ".join(str(error).split())
                    raise CodebookError(
                        f"{where}: spaCy rejects the token pattern: {reason}"
                    ) from error
            patterns.append(pattern)
    return tuple(patterns)


def _read_pattern(
    entry: dict[str, Any],
    where: str,
    notations: list[str],
    concepts: Mapping[str, Concept],
    contexts: Mapping[str, ContextRule],
    path: Path,
) -> CuePattern:
    missing = [key for key in _PATTERN_REQUIRED if key not in entry]
    if missing:
        raise CodebookError(f"{where}: missing key(s) {missing}")
    label, lang, pattern_id = entry["label"], entry["lang"], entry["id"]
    if label not in concepts:
        raise CodebookError(
            f"{where}: unknown label {label!r}{suggestion(str(label), notations)}: a label must "
            "be a notation of the codebook (add the code to codebook.md and rebuild "
            "codebook.ttl first)"
        )
    family = concepts[label].family
    if path.stem != family:
        raise CodebookError(
            f"{where}: code {label!r} belongs in patterns/{family}.jsonl, not {path.name}"
        )
    lang = line_language(lang, where)
    if not isinstance(pattern_id, str) or not pattern_id.startswith(f"{label}/{lang}/"):
        raise CodebookError(
            f"{where}: id {pattern_id!r} must start with '{label}/{lang}/' (label/lang/slug)"
        )
    attr = entry.get("attr", "LEMMA")
    if attr not in MATCH_ATTRS:
        raise CodebookError(f"{where}: unknown attr {attr!r}; use one of {list(MATCH_ATTRS)}")
    context = entry.get("context")
    if context is not None and context not in contexts:
        raise CodebookError(
            f"{where}: unknown context {context!r}{suggestion(str(context), sorted(contexts))}; "
            f"define it in {CONTEXTS_FILE}"
        )
    pattern = entry["pattern"]
    if isinstance(pattern, str):
        if not any(ch.isalnum() for ch in pattern):
            raise CodebookError(f"{where}: the phrase pattern {pattern!r} has no word in it")
    elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        if "attr" in entry:
            raise CodebookError(
                f"{where}: 'attr' applies to phrase patterns only; a token pattern names "
                "its attributes itself"
            )
    else:
        raise CodebookError(
            f"{where}: 'pattern' must be a phrase (string) or a non-empty list of "
            "token-pattern objects"
        )
    anchor = entry.get("anchor")
    if anchor is not None:
        _check_anchor(anchor, pattern, where)
    player = entry.get("player")
    if player is not None and (
        family not in ("role", "form")
        or player not in concepts
        or concepts[player].family != "sector"
    ):
        raise CodebookError(
            f"{where}: 'player' must be a sector code ({', '.join(_sectors(concepts))}) "
            f"on a role or form cue, not {player!r}"
        )
    return CuePattern(
        id=pattern_id,
        label=label,
        lang=lang,
        pattern=pattern,
        attr=attr,
        context=context,
        source=where,
        anchor=anchor,
        player=player,
    )


def _sectors(concepts: Mapping[str, Concept]) -> list[str]:
    return sorted(code for code, concept in concepts.items() if concept.family == "sector")


_ANCHOR_ATTRS = ("NORM", "LOWER", "LEMMA")
"""Token attributes an anchor token may be pinned to (the tagger finds them by lookups)."""


def _check_anchor(anchor: Any, pattern: Any, where: str) -> None:
    """Raise unless ``anchor`` indexes a mandatory token of ``pattern`` pinned to words."""
    if isinstance(pattern, str):
        raise CodebookError(f"{where}: 'anchor' applies to token patterns only")
    if isinstance(anchor, bool) or not isinstance(anchor, int) or not 0 <= anchor < len(pattern):
        raise CodebookError(
            f"{where}: 'anchor' must be the index of one of the pattern's "
            f"{len(pattern)} tokens, not {anchor!r}"
        )
    token = pattern[anchor]
    if is_optional(token):
        raise CodebookError(
            f"{where}: 'anchor' {anchor} names an optional token (OP {token.get('OP')!r})"
        )
    if not literal_words(token, _ANCHOR_ATTRS):
        raise CodebookError(
            f"{where}: 'anchor' {anchor} names a token not pinned to words on "
            f"{'/'.join(_ANCHOR_ATTRS)} (a word or an IN list)"
        )


def is_optional(token: dict[str, Any]) -> bool:
    """True when a token pattern may match no token (``OP`` ``?``, ``*``, ``!``, ``{0,n}``)."""
    op = str(token.get("OP", ""))
    return op in ("?", "*", "!") or op.startswith(("{,", "{0"))


def literal_words(token: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    """The literal words a token pattern names under ``keys`` (equality or ``IN``)."""
    words: list[str] = []
    for key in keys:
        value = token.get(key)
        if isinstance(value, str):
            words.append(value)
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            words += [v for v in value["IN"] if isinstance(v, str)]
    return words
