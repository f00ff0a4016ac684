"""Organisations named otherwise than by the words after a head word.

:mod:`~pipeline.entities.organisations` reads most names as a head word and the
capitalised words after it. Some are written otherwise, and this module reads them:

* an English office described by its portfolio, after the place whose office it is or a
  body's acronym ("the Padang manpower office", "the PUPR office");
* a group described by one or two words before its own name ('kelompok nelayan "Sumber
  Rejeki"');
* a region's listed body after its place in English word order ("the Denpasar CSR
  Forum");
* a long form, its short name in brackets, then the body's own name ("Badan Keswadayaan
  Masyarakat (BKM) Mekar Sari");

and says where a body's name names no body: after a street's word ("Jalan Pertamina").
"""

from __future__ import annotations

from spacy.tokens import Doc

from pipeline.entities.acronyms import acronym_after
from pipeline.entities.data import ListedBody
from pipeline.entities.names import NameReader, TokenAt
from pipeline.entities.pages import fold, join
from pipeline.entities.places import PlaceCandidate
from pipeline.gazetteer import name_key

_QUOTES = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019"}


def after_street_word(names: NameReader, doc: Doc, start: int) -> bool:
    """True where a street's word comes right before ``start``.

    "Jalan Pertamina", "Jl. Bank Mandiri", "Gang PLN": the words after it name the
    street, not the body it was named after.
    """
    before = start - 1
    if before > 0 and doc[before].text == "." and not doc[before - 1].whitespace_:
        before -= 1  # "Jl. Pertamina"
    return before >= 0 and doc[before].lower_ in names.street_words


def english_place_before(
    doc: Doc, start: int, listed: ListedBody, places_by_end: dict[int, PlaceCandidate]
) -> PlaceCandidate | None:
    """The place named before a region's body in English order: "the Denpasar CSR Forum".

    Only after "the", which says the words are one English noun phrase (an
    Indonesian "di Kota Semarang Forum CSR ..." runs two phrases together).
    ``places_by_end`` holds the page's places by the token after their last.
    """
    if listed.scope != "region":
        return None
    candidate = places_by_end.get(start)
    if candidate is None or candidate.span_first == 0:
        return None
    if doc[candidate.span_first - 1].lower_ != "the":
        return None
    return candidate


def office_name(
    names: NameReader, doc: Doc, start: int, end: int, places: dict[int, PlaceCandidate]
) -> tuple[int, str, ListedBody | None, PlaceCandidate | None] | None:
    """An English description of a regional office: "the Padang manpower office".

    The word "office" (``start:end``) after one to three portfolio words and the
    place whose office it is, or after a body's acronym ("the PUPR office": the
    Dinas PUPR). Returns where the description starts, its name without the place,
    the body it names (where known) and the place; None when it is no such thing
    ("the branch office", "the kelurahan office").
    """
    alias = names.alias
    first = start
    while (
        first > 0
        and start - first < 3
        and (
            doc[first - 1].lower_ in ("'s", "\u2019s")
            or (doc[first - 1].is_alpha and doc[first - 1].is_lower)
        )
        and doc[first - 1].lower_ not in names.not_portfolio
        and fold(doc[first - 1].text) not in names.kind_words
    ):
        first -= 1
    body = None
    if first > 0 and doc[first - 1].is_upper and doc[first - 1].is_alpha:
        acronym = doc[first - 1].text
        body = next(
            (
                alias[key]
                for key in (name_key(f"Dinas {acronym}"), name_key(f"Badan {acronym}"))
                if key in alias
            ),
            None,
        )
        if body is None:
            return None
        first -= 1
    by_end = {c.span_last: c for c in places.values()}
    candidate = by_end.get(first)
    if body is None and (candidate is None or first == start):
        return None
    core = join(doc[first:end])
    body = body or alias.get(name_key(core))
    begin = candidate.span_first if candidate is not None else first
    return begin, core[:1].upper() + core[1:], body, candidate


def group_name(
    names: NameReader, doc: Doc, at: int, place_tokens: set[TokenAt], page: int
) -> tuple[str, int] | None:
    """The name of a group after the words that say what it is.

    'kelompok nelayan "Sumber Rejeki"': one or two lower-case words, then the
    group's own name, capitalised, maybe in quotes. Returns the name and one past
    its end (with the closing quote); None when no name follows ("kelompok nelayan
    di Kelurahan Lere", "kelompok swadaya masyarakat").
    """
    index = at
    while (
        index < len(doc)
        and index - at < 2
        and doc[index].is_alpha
        and doc[index].is_lower
        and doc[index].lower_ not in names.not_portfolio
    ):
        index += 1
    if index == at:
        return None
    quoted = index < len(doc) and doc[index].text in _QUOTES
    first = index + quoted
    last = first
    while (
        last < len(doc)
        and last - first < 4
        and (page, last) not in place_tokens
        and names.continues_name(doc[last])
        and not (last == first and names.opens_name(doc[last]))
    ):
        last += 1
    if last == first:
        return None
    end = last + 1 if quoted and last < len(doc) and doc[last].text in _QUOTES else last
    return join(doc[first:last]), end


def bracketed_short_name(doc: Doc, at: int) -> str | None:
    """The short name in brackets at ``at`` ("(BKM)"), followed by a capitalised word."""
    if (
        at + 3 < len(doc)
        and doc[at].text == "("
        and doc[at + 2].text == ")"
        and acronym_after(doc, at + 1)
        and doc[at + 3].text[:1].isupper()
    ):
        return doc[at + 1].text
    return None
