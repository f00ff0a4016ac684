"""Short names: the acronym a document gives a body in brackets, and what it spells.

"PT Kutai Timber Indonesia (KTI)", "Satuan Kerja … (Satker PIP)", "Ministry of Finance
(MoF)", "Asosiasi Pemerintahan Desa Seluruh Indonesia (Apdesi)": the short name in
brackets after a name is that body's wherever the document writes it
(:meth:`~pipeline.entities.organisations.OrganisationFinder.with_short_names`). A word
in capitals is a short name; a word in mixed case is one where it spells the name (its
letters, in order, from the name's words). A name read after a head word that stopped
at a kind word goes on to the bracket when its short name needs the words between. A
head word in lower case names a body when an acronym follows it ("forum CSR").
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc

from pipeline.document import Entity
from pipeline.entities.pages import Found, is_name, join
from pipeline.gazetteer import name_key

_MIN_PIECES = 3
"""The fewest words an acronym in mixed case must spell from."""
_SPELLED_WORDS = 4
"""The most words past a kind word a bracketed short name may carry a name over."""


def short_name(doc: Doc, start: int, end: int) -> str | None:
    """The short name given in brackets right after a name: "(KTI)", "(Satker PIP)".

    A word in capitals is one, and so is a word the name's letters spell in order
    from its first: "Ministry of Finance (MoF)", "Asosiasi Pemerintahan Desa Seluruh
    Indonesia (Apdesi)" ("(Persero)" spells nothing of "PT Semen Padang").
    """
    if end >= len(doc) or doc[end].text != "(":
        return None
    close = next((i for i in range(end + 1, min(len(doc), end + 5)) if doc[i].text == ")"), None)
    if close is None or close == end + 1:
        return None
    inner = doc[end + 1 : close]
    if not all(is_name(t) or (t.is_upper and t.text.isalnum()) for t in inner):
        return None
    if not any(t.is_upper and len(t.text) > 1 for t in inner) and not (
        len(inner) == 1 and spells(inner[0].text, [t.text for t in doc[start:end]])
    ):
        return None  # "(Persero)" is a legal form, not a short name
    return join(inner)


def acronym_after(doc: Doc, at: int) -> bool:
    """True where an acronym in capitals follows: "forum CSR", "dinas PU"."""
    return at < len(doc) and len(doc[at].text) > 1 and doc[at].is_upper and doc[at].is_alpha


def to_spelled_short_name(doc: Doc, start: int, last: int) -> int:
    """The end of a name its bracketed short name spells on past a kind word.

    "Asosiasi Pemerintahan Desa Seluruh Indonesia (Apdesi)": the name stopped at
    "Desa" (a kind word, but no place follows), and "Apdesi" needs the words up to
    the bracket. Returns ``last`` when no such short name follows within a few words.
    """
    for bracket in range(last + 1, min(len(doc), last + _SPELLED_WORDS + 1)):
        if doc[bracket].text == "(":
            break
        if not is_name(doc[bracket - 1]):
            return last
    else:
        return last
    if not is_name(doc[bracket - 1]) or bracket + 2 >= len(doc) or doc[bracket + 2].text != ")":
        return last
    short = doc[bracket + 1].text
    words = [t.text for t in doc[start:bracket]]
    if spells(short, words) and not spells(short, words[: last - start]):
        return bracket
    return last


def spells(short: str, words: list[str]) -> bool:
    """True when ``short`` is an acronym of ``words``.

    Read in order, its letters fall into pieces of three or more of the words, each
    piece the initial of its word and maybe more of that word's letters ("MoF":
    Ministry, of, Finance; "Apdesi": Asosiasi, Pemerintahan, Desa, Indonesia), the
    first word's always; words may be left out ("Seluruh"). Two pieces are too easily
    found by chance ("Kota" in "Kelompok Tani").
    """
    letters = short.casefold()
    folded = [word.casefold() for word in words if word[:1].isalpha()]
    if len(letters) < 3 or not letters.isalpha() or not folded:
        return False
    return _pieces(letters, folded, 0) >= _MIN_PIECES


def _pieces(letters: str, words: list[str], first: int) -> int:
    """The most words ``letters`` falls into from ``words[first:]``; 0 when it cannot."""
    if not letters:
        return 0
    best = -1
    for index in range(first, len(words)):
        word = words[index]
        if first == 0 and index > 0:
            break  # the first word's initial opens the acronym
        if word[0] != letters[0]:
            continue
        at = 1
        for taken in range(1, len(letters) + 1):
            if taken > 1:
                at = word.find(letters[taken - 1], at) + 1
                if at == 0:
                    break
            rest = letters[taken:]
            if not rest:
                best = max(best, 1)
                continue
            more = _pieces(rest, words, index + 1)
            if more > 0:
                best = max(best, 1 + more)
    return max(best, 0)


def also_named(entity: Entity, name: str) -> Entity:
    """The entity with ``name`` among its alternative names."""
    if name_key(name) in {name_key(n) for n in (entity.label, *entity.alt_labels)}:
        return entity
    return Entity(entity.key, entity.label, (*entity.alt_labels, name), entity.facts)


_LEGAL_END = re.compile(r"(?:[ \t]*\(Persero\)|[ \t]+Tbk\.?)+$")
"""A legal form written after a company's name: "(Persero)", "Tbk", "(Persero) Tbk"."""

_LEGAL_START = re.compile(r"^(?:PT|CV)\.?[ \t]+(?=\S{3})")
"""A legal form written before a company's name: "PT ", "PT. ", "CV "."""


def with_plain_names(found: list[Found]) -> list[Found]:
    """Each company written with its legal form is named without it too.

    "PT Pelabuhan Indonesia (Persero)" is also "PT Pelabuhan Indonesia", and "PT. Bank
    DKI" is also "Bank DKI": a text may write either, and each is one of the company's
    names (a news list of donors writes "PT. Jasindo", the next report "Jasindo"; fresh
    set Z).
    """
    for item in found:
        entity = item.entity
        named = (entity.label, *entity.alt_labels)
        plain = [
            _LEGAL_END.sub("", name)
            for name in entity.alt_labels
            if _LEGAL_END.search(name) and name.startswith(("PT ", "PT. "))
        ]
        plain += [
            _LEGAL_START.sub("", _LEGAL_END.sub("", name))
            for name in named
            if _LEGAL_START.search(name)
        ]
        known = {name_key(n) for n in named}
        new = tuple(dict.fromkeys(n for n in plain if name_key(n) not in known))
        if new:
            item.entity = dataclasses.replace(entity, alt_labels=entity.alt_labels + new)
    return found
