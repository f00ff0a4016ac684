"""Lists: companies named with other companies ("PT A, B, PT C dan D"), and lists of places.

Reports list the firms that attended or joined ("perusahaan a.l. PT Freeport, Rajawali
Asia Resources, PT Pertamina ... dan Medco Power Indonesia"): the names the head words
and the listed bodies find are some of them, and the names between them, with no head
word, are companies too. A name counts when it stands between two companies of the
list, or is the list's last item after "dan"/"and", or its first after a word that
opens a list ("yaitu", "a.l.", "antara lain", "such as"), and the list names at least
two companies that were found. Products, charities and persons listed with companies
are what this cannot tell apart; a name with a word in lower case ("Habitat for
Humanity"), a place, a person's title or a head word is left alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.names import NameReader, TokenAt
from pipeline.entities.pages import Found, PageDoc, is_name, join, slug

if TYPE_CHECKING:
    from pipeline.entities.places import PlaceCandidate

PRIVATE = "sector.private"
_PLACE_CONNECTORS = {",", "dan", "serta", "and", "&", "maupun", "atau", "or"}
_SEPARATORS = {",", "dan", "and", "serta", "&"}
_LAST = {"dan", "and", "serta", "&"}
_OPENERS = {
    "yaitu",
    "yakni",
    "a.l.",
    "al.",
    "lain",
    "seperti",
    "termasuk",
    "including",
    "namely",
    "like",
    ":",
}
_MAX_WORDS = 4
_COMPANY_WORDS = {"perusahaan", "korporasi", "companies", "firms", "corporations", "bumn"}
"""Words for companies that announce a list of them."""
_CUE_REACH = 6
"""How many words after the word for companies the list may open."""

Item = tuple[int, int, bool]
"""A list item: its first token, one past its last, and whether it is a body found."""


def listed_companies(
    page: PageDoc,
    found: list[Found],
    names: NameReader,
    place_tokens: set[TokenAt],
    *,
    is_company: set[int],
) -> list[Found]:
    """The companies named without a head word in lists of companies on ``page``.

    Args:
        page: The page.
        found: The organisations found on it.
        names: The reader of names (titles, head words, kind words).
        place_tokens: The tokens of the document's places, as ``(page, index)``.
        is_company: The indexes in ``found`` of the companies (private sector).
    """
    doc = page.doc
    spans: dict[int, int] = {}  # first token -> one past the last, of each body found
    companies_at: set[int] = set()
    taken: set[int] = set()
    for index, item in enumerate(found):
        # The tokens starting inside the body, by bisection of the sorted offsets (a scan
        # of the page for every body was quadratic in a long page).
        first = bisect.bisect_left(page.starts, item.start, hi=len(doc))
        past = bisect.bisect_left(page.starts, item.end, lo=first, hi=len(doc))
        if first == past:
            continue
        taken.update(range(first, past))
        spans[first] = past
        if index in is_company:
            companies_at.add(first)
    seen: set[int] = set()
    result: list[Found] = []
    for first in sorted(companies_at):
        if first in seen:
            continue
        items = _chain(doc, first, spans, taken, page, place_tokens, names)
        seen.update(start for start, _, _ in items)
        companies = [i for i, (start, _, _) in enumerate(items) if start in companies_at]
        if len(companies) < 2:
            continue
        for position, (start, end, known) in enumerate(items):
            if known:
                continue
            between = companies[0] < position < companies[-1]
            last = position == len(items) - 1 and doc[start - 1].lower_ in _LAST
            opened = position == 0 and start > 0 and doc[start - 1].lower_ in _OPENERS
            if between or last or opened:
                result.append(_company(page, doc, start, end))
    done = {item.start for item in result}
    for start, end in _announced(doc, spans, taken, page, place_tokens, names):
        if page.start(start) not in done:
            done.add(page.start(start))
            result.append(_company(page, doc, start, end))
    return result


def _chain(
    doc: Doc,
    first: int,
    spans: dict[int, int],
    taken: set[int],
    page: PageDoc,
    place_tokens: set[TokenAt],
    names: NameReader,
) -> list[Item]:
    """The items of the list the company at ``first`` stands in, in order."""
    items: list[Item] = [(first, spans[first], True)]
    # Back: separators, then an item, while there are items.
    at = first
    while True:
        before = at - 1
        if before < 0 or doc[before].lower_ not in _SEPARATORS:
            break
        while before >= 0 and doc[before].lower_ in _SEPARATORS:
            before -= 1
        start = next((s for s, e in spans.items() if e == before + 1), None)
        if start is not None:
            items.insert(0, (start, before + 1, True))
            at = start
            continue
        start = before + 1
        while start - 1 >= 0 and _name_word(
            doc[start - 1], start - 1, taken, page, place_tokens, names
        ):
            start -= 1
        if start == before + 1 or before + 1 - start > _MAX_WORDS:
            break
        items.insert(0, (start, before + 1, False))
        at = start
    return items + _forward(doc, spans[first], spans, taken, page, place_tokens, names)


def _forward(
    doc: Doc,
    at: int,
    spans: dict[int, int],
    taken: set[int],
    page: PageDoc,
    place_tokens: set[TokenAt],
    names: NameReader,
    *,
    first: bool = False,
) -> list[Item]:
    """The items of a list from token ``at`` on (``first``: an item starts there)."""
    items: list[Item] = []
    while at < len(doc) and (first or doc[at].lower_ in _SEPARATORS):
        while not first and at < len(doc) and doc[at].lower_ in _SEPARATORS:
            at += 1
        first = False
        if at in spans:
            items.append((at, spans[at], True))
            at = spans[at]
            continue
        end = at
        while end < len(doc) and _name_word(doc[end], end, taken, page, place_tokens, names):
            end += 1
        if end == at or end - at > _MAX_WORDS:
            break
        items.append((at, end, False))
        at = end
    return items


def _announced(
    doc: Doc,
    spans: dict[int, int],
    taken: set[int],
    page: PageDoc,
    place_tokens: set[TokenAt],
    names: NameReader,
) -> Iterator[tuple[int, int]]:
    """The names of lists that a word for companies announces: "perusahaan, yaitu A, B dan C".

    A word for companies, then within a few words a word that opens a list, then three
    or more items: each name without a head word is a company.
    """
    for cue in doc:
        if cue.lower_ not in _COMPANY_WORDS:
            continue
        for opener in doc[cue.i + 1 : cue.i + 1 + _CUE_REACH]:
            if not _opens_list(doc, opener.i):
                continue
            items = _forward(doc, opener.i + 1, spans, taken, page, place_tokens, names, first=True)
            if len(items) >= 3:
                yield from ((start, end) for start, end, known in items if not known)
            break


def _opens_list(doc: Doc, at: int) -> bool:
    """True for a word that opens a list: "yaitu", "a.l.", "antara lain", "such as", ":"."""
    word = doc[at].lower_
    if word == "as":
        return at > 0 and doc[at - 1].lower_ == "such"
    return word in _OPENERS


def _name_word(
    token: Token,
    index: int,
    taken: set[int],
    page: PageDoc,
    place_tokens: set[TokenAt],
    names: NameReader,
) -> bool:
    """True for a word of a company's name with no head word: a capitalised name word.

    A hyphen inside a name ("Coca-Cola") is a word of it.
    """
    doc = token.doc
    if (
        token.text == "-"
        and 0 < index < len(doc) - 1
        and not doc[index - 1].whitespace_
        and not token.whitespace_
        and is_name(doc[index + 1])
    ):
        return index not in taken
    return (
        index not in taken
        and (id(page), index) not in place_tokens
        and (is_name(token) or (token.is_upper and token.is_alpha and len(token.text) > 1))
        and token.lower_ not in _SEPARATORS
        and not names.is_title(token)
        and not names.opens_name(token)
        and names.continues_name(token)
    )


def _company(page: PageDoc, doc: Doc, start: int, end: int) -> Found:
    name = join(doc[start:end])
    entity = Entity(
        EntityKey("organization", slug(name)),
        name,
        (),
        (Fact("sector", PRIVATE, "code"),),
    )
    return Found(entity, page.start(start), page.end(end), "org/listed-company")


def places_in_lists(places: list[PlaceCandidate]) -> Iterator[PlaceCandidate]:
    """The places of lists of three or more, a place's container beside it counted in.

    Consecutive places are one list when only list punctuation, conjunctions or a
    bracket lie between them, or when the second contains the first ("kelurahan A
    kecamatan B"); addresses and datelines are no list.
    """
    run: list[PlaceCandidate] = []
    for candidate in [*places, None]:
        previous = run[-1] if run else None
        if (
            candidate is not None
            and previous is not None
            and not candidate.named_only
            and previous.page is candidate.page
            and _joined(previous, candidate)
        ):
            run.append(candidate)
            continue
        if len({c.region.code for c in run if c.region is not None}) >= 3:
            yield from run
        run = [] if candidate is None or candidate.named_only else [candidate]


def _joined(previous: PlaceCandidate, candidate: PlaceCandidate) -> bool:
    """True when two places stand in one list ("A, B dan C"; "A (Kecamatan B)"; "A kec. B")."""
    between = candidate.page.doc[previous.span_last : candidate.span_first]
    if len(between) > 3 or not all(
        t.lower_ in _PLACE_CONNECTORS or t.text in "()" for t in between
    ):
        return False
    inside = (
        previous.region is not None
        and candidate.region is not None
        and previous.region.is_within(candidate.region)
    )
    return inside or any(t.lower_ in _PLACE_CONNECTORS for t in between)
