"""A named organisation referred to again by an anaphor (pipeline/tag/relations_anaphora.py).

"Pihaknya", "Perseroan", "bank tersebut", "the Bank", "we": the giver is the one named
organisation of a fitting kind a few sentences before; with none, or with two different
names that fit, the anaphor stays what it was. An anaphor after "kepada"/"to" is a
recipient. The names and sentences are made up.
"""

from __future__ import annotations

from documents import ABOUT_EN, ABOUT_ID

from pipeline.document import ExtractedText, Page
from pipeline.tag import Mention, PageStructure, default_tagger
from pipeline.tag.actors import Actor
from pipeline.tag.relations_anaphora import resolve_anaphors

PRIVATE, COMMUNITY, INTERNATIONAL = "sector.private", "sector.community", "sector.international"
GOVERNMENT = "sector.government"
FUND = ("Nusantara Fund", INTERNATIONAL)
OTHER_FUND = ("Samudra Fund", INTERNATIONAL)
GROUP = ("Sumber Rejeki", COMMUNITY)
MONEY, PHYSICAL = "form.monetary", "form.physical"


def pairs(sentence: str, *names: tuple[str, str], language: str = "id") -> set[tuple[str, str]]:
    """The (sector, form) provisions of ``sentence`` after a partnership preamble, each
    named organisation (its first occurrence) an actor."""
    text = (ABOUT_ID if language == "id" else ABOUT_EN) + sentence
    page = ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")
    actors = [Actor(text.index(n), text.index(n) + len(n), sector) for n, sector in names]
    tagged = default_tagger().tag(page, language=language, actors=actors)
    return {(r.subject, r.object) for r in tagged.relations if r.predicate == "provides"}


def test_pihaknya_is_the_one_organisation_named_before() -> None:
    given = "Tahun ini pihaknya menyalurkan bantuan dana untuk perbaikan jalan."
    named = "Sumber Rejeki berdiri di kelurahan itu sejak lama. " + given
    assert pairs(given) == set()  # no organisation: no giver
    assert pairs(named, GROUP) == {(COMMUNITY, MONEY), (COMMUNITY, PHYSICAL)}


def test_bank_tersebut_takes_the_donor_sector_of_its_name_not_the_cue() -> None:
    text = (
        "Nusantara Fund membuka kantor di kota itu. "
        "Bank tersebut menyalurkan pinjaman untuk perbaikan jalan."
    )
    # A loan channelled is money (codebook: monetary aid), for named works physical aid too.
    assert pairs(text, FUND) == {(INTERNATIONAL, MONEY), (INTERNATIONAL, PHYSICAL)}


def test_two_names_of_the_kind_leave_the_anaphor_unresolved() -> None:
    text = (
        "Nusantara Fund dan Samudra Fund membuka kantor di kota itu. "
        "Bank tersebut menyalurkan pinjaman untuk perbaikan jalan."
    )
    assert (INTERNATIONAL, PHYSICAL) not in pairs(text, FUND, OTHER_FUND)


def test_the_anaphor_as_recipient_gives_nothing() -> None:
    text = (
        "Sumber Rejeki berdiri di kelurahan itu sejak lama. "
        "Pemerintah kota memberikan bantuan dana kepada pihaknya."
    )
    assert pairs(text, GROUP) == {(GOVERNMENT, MONEY)}


def test_we_in_an_organisations_statement_english() -> None:
    given = "We provided a loan for the drainage works."
    assert pairs(given, language="en") == set()
    named = "Sumber Rejeki has worked in the village for years. " + given
    assert pairs(named, GROUP, language="en") == {(COMMUNITY, MONEY)}


def test_the_bank_as_recipient_english() -> None:
    text = (
        "Nusantara Fund opened an office in the city last year. "
        "The city government gave a loan to the Bank."
    )
    assert (INTERNATIONAL, MONEY) not in pairs(text, FUND, language="en")


def _page(words: list[str]) -> tuple[PageStructure, list[str]]:
    starts, position = [], 0
    for word in words:
        starts.append(position)
        position += len(word) + 1
    # Capitalised: a full stop before a lower-case word ends no sentence.
    text = " ".join(word.capitalize() for word in words)
    return PageStructure.analyse(text, starts, words), words


def test_resolution_reach_kind_and_names() -> None:
    # Three sentences after the name's: within reach.
    words = ["nusantara", "fund", ".", "satu", ".", "dua", ".", "the", "bank"]
    structure, norms = _page(words)
    name = Mention(INTERNATIONAL, 0, 2)
    cue = Mention(PRIVATE, 8, 9)  # "bank" read as a company's cue word
    found = resolve_anaphors(norms, [name, cue], [name], sentence=structure.sentence)
    assert Mention(INTERNATIONAL, 7, 9) in found and cue not in found
    # Four sentences on: beyond the reach, the cue stays.
    far = ["nusantara", "fund", ".", "satu", ".", "dua", ".", "tiga", "."]
    structure, norms = _page([*far, "the", "bank"])
    far_cue = Mention(PRIVATE, 10, 11)
    found = resolve_anaphors(norms, [name, far_cue], [name], sentence=structure.sentence)
    assert found == [name, far_cue]
    # "Perseroan" refers to a company only: a donor's name does not fit.
    kinds = ["nusantara", "fund", ".", "perseroan", "memberi"]
    structure, norms = _page(kinds)
    assert resolve_anaphors(norms, [name], [name], sentence=structure.sentence) == [name]
