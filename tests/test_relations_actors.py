"""Named organisations as the actors of relations (pipeline/tag/actors.py).

The entities stage names organisations ("Karya Mandiri Group", "Yayasan Harapan Bangsa")
that no sector cue word covers; the relation grammar reads them as sector mentions of
their sector, with the same direction rules as the cue words: a recipient is never a
provider, a negation or a request states no provision. The names here are made up.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import plpbk
from documents import ABOUT_EN, ABOUT_ID

from pipeline.document import (
    Entity,
    EntityFindings,
    EntityKey,
    EntityMention,
    Evidence,
    ExtractedText,
    Fact,
    Page,
)
from pipeline.tag import Mention, default_tagger
from pipeline.tag.actors import Actor, actor_mentions, organisation_actors, with_actors

PRIVATE, COMMUNITY, INTERNATIONAL = "sector.private", "sector.community", "sector.international"
COMPANY = ("Karya Mandiri Group", PRIVATE)
COOPERATIVE = ("Sumber Rejeki", COMMUNITY)
FUND = ("Nusantara Fund", INTERNATIONAL)


def one_page(text: str) -> ExtractedText:
    return ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")


def pairs(
    sentence: str, *names: tuple[str, str], language: str = "id"
) -> set[tuple[str, str, str]]:
    """The (predicate, sector, role or form) pairs of ``sentence`` (after a partnership
    preamble), with each named organisation (its first occurrence) as an actor."""
    text = (ABOUT_ID if language == "id" else ABOUT_EN) + sentence
    actors = [Actor(text.index(n), text.index(n) + len(n), sector) for n, sector in names]
    tagged = default_tagger().tag(one_page(text), language=language, actors=actors)
    return {(r.predicate, r.subject, r.object) for r in tagged.relations}


# --- the actors' spans ------------------------------------------------------------------


def _organisation(name: str, start: int, sector: str | None) -> EntityMention:
    facts = (Fact("sector", sector, "code"),) if sector else ()
    key = EntityKey("organization", name.lower(), document="doc")
    return EntityMention(
        Entity(key, name, facts=facts), Evidence(start, start + len(name), 1, name), "test"
    )


def test_organisations_with_a_sector_are_actors_places_are_not() -> None:
    place = EntityMention(
        Entity(EntityKey("place", "sukamaju"), "Sukamaju"), Evidence(40, 48, 1, "Sukamaju"), "t"
    )
    found = EntityFindings(
        mentions=(
            _organisation("Karya Mandiri Group", 20, PRIVATE),
            _organisation("Sumber Rejeki", 0, COMMUNITY),
            _organisation("Kelompok Tanpa Sektor", 60, None),
            place,
        )
    )
    assert organisation_actors(found) == (Actor(0, 13, COMMUNITY), Actor(20, 39, PRIVATE))


def test_actor_spans_become_token_mentions_of_their_page() -> None:
    # Page two starts at character 100; its tokens: "Dana" "dari" "Karya" "Mandiri" "Group".
    page = "Dana dari Karya Mandiri Group"
    words = list(re.finditer(r"\S+", page))
    starts, ends = [w.start() for w in words], [w.end() for w in words]
    actors = [Actor(5, 12, COMMUNITY), Actor(110, 129, PRIVATE), Actor(300, 310, PRIVATE)]
    assert actor_mentions(actors, offset=100, starts=starts, ends=ends) == [Mention(PRIVATE, 2, 5)]


def test_an_organisation_replaces_the_sector_cue_inside_its_name() -> None:
    cue = Mention(PRIVATE, 0, 1)  # "bank" of "Bank Dunia"
    form = Mention("form.monetary", 3, 4)
    named = Mention(INTERNATIONAL, 0, 2)
    assert sorted(with_actors([cue, form], [named]), key=lambda m: m.start) == [named, form]
    # A name inside a form's cue phrase ("dana CSR Karya") leaves the phrase to say who.
    inside = Mention(PRIVATE, 3, 5)
    assert with_actors([form], [inside]) == [form]


# --- direction, negation, requests --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "names", "language", "expected"),
    [
        (
            "Karya Mandiri Group menyalurkan bantuan dana untuk warga.",
            [COMPANY],
            "id",
            {("provides", PRIVATE, "form.monetary"), ("plays", PRIVATE, "role.partner")},
        ),
        (
            "Sumber Rejeki menerima bantuan dana dari Karya Mandiri Group.",
            [COOPERATIVE, COMPANY],
            "id",
            {("provides", PRIVATE, "form.monetary"), ("plays", PRIVATE, "role.partner")},
        ),
        (
            "Bantuan dana diberikan kepada Sumber Rejeki oleh Karya Mandiri Group.",
            [COOPERATIVE, COMPANY],
            "id",
            {("provides", PRIVATE, "form.monetary"), ("plays", PRIVATE, "role.partner")},
        ),
        (
            "Karya Mandiri Group bertindak sebagai mitra dalam penataan kampung.",
            [COMPANY],
            "id",
            {("plays", PRIVATE, "role.partner")},
        ),
        (
            "The Nusantara Fund provided residents with training.",
            [FUND],
            "en",
            {("provides", INTERNATIONAL, "form.programme")},
        ),
        (
            "Residents received training from the Nusantara Fund.",
            [FUND],
            "en",
            {("provides", INTERNATIONAL, "form.programme")},
        ),
        (
            "Karya Mandiri Group was given a loan by the Nusantara Fund.",
            [COMPANY, FUND],
            "en",
            {("provides", INTERNATIONAL, "form.monetary")},
        ),
    ],
)
def test_a_named_organisation_provides_or_plays(
    sentence: str,
    names: list[tuple[str, str]],
    language: str,
    expected: set[tuple[str, str, str]],
) -> None:
    assert pairs(sentence, *names, language=language) == expected
    # The sentences name no sector by a cue word: without the organisations, no pair.
    assert pairs(sentence, language=language) == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "Sumber Rejeki mendapat bantuan dana.",  # a recipient
        "Karya Mandiri Group tidak memberikan bantuan dana.",  # denied
        "Warga meminta Karya Mandiri Group menyalurkan bantuan dana.",  # asked for
        "Diharapkan Karya Mandiri Group memberikan bantuan dana.",  # hoped for
    ],
)
def test_a_named_recipient_or_a_denied_or_asked_provision_states_nothing(sentence: str) -> None:
    assert pairs(sentence, COMPANY if "Karya" in sentence else COOPERATIVE) == set()


def test_a_named_recipient_after_kepada_is_not_the_provider() -> None:
    assert pairs("Pemerintah memberikan bantuan dana kepada Sumber Rejeki.", COOPERATIVE) == {
        ("provides", "sector.government", "form.monetary")
    }


def test_the_words_of_a_name_are_not_grammar() -> None:
    # "harapan" (hope) in a foundation's name hopes for nothing.
    name = ("Yayasan Harapan Bangsa", COMMUNITY)
    assert pairs("Yayasan Harapan Bangsa memberikan pelatihan kepada warga.", name) == {
        ("provides", COMMUNITY, "form.programme")
    }


# --- through the pipeline: the entity stage's organisation, provider in the store ------


def test_an_organisation_the_entity_stage_finds_provides_in_the_store(
    tmp_path_factory: pytest.TempPathFactory, prefect_api: str
) -> None:
    folder = tmp_path_factory.mktemp("actors")
    (folder / "docs").mkdir()
    (folder / "docs" / "laporan-koperasi.txt").write_text(
        ABOUT_ID
        + "Koperasi Maju Jaya menyalurkan bantuan dana untuk warga Kelurahan Sukamaju. "
        + "Koperasi Sumber Rejeki menerima pelatihan dari Pemerintah Kota.\n",
        encoding="utf-8",
    )
    store = folder / "kg"
    env = {"PREFECT_API_URL": prefect_api}
    ingest = plpbk("ingest", str(folder / "docs"), "--store", str(store), env=env)
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    result = plpbk("query", "provides", "--store", str(store), "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    found = {(b["sector"]["value"], b["form"]["value"]) for b in bindings}
    # The cooperative that gives money is the provider; the one that receives training
    # is not (the city government gives it).
    assert found == {
        ("sector.community", "form.monetary"),
        ("sector.government", "form.programme"),
    }


# --- classes of false pairs on the spent sets ---------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Pemerintah kabupaten memilih desa itu untuk kegiatan perbaikan rumah.", "id"),
        ("Pemerintah mempunyai program bantuan dana bergulir bagi kelompok warga.", "id"),
        ("Dinas memastikan anggaran pusat cukup untuk perbaikan rumah warga.", "id"),
        ("The government seeks better drainage for the kampung.", "en"),
    ],
)
def test_a_sector_that_chooses_has_or_seeks_a_form_does_not_provide_it(
    sentence: str, language: str
) -> None:
    assert not {p for p in pairs(sentence, language=language) if p[0] == "provides"}


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Pemerintah kota membangun jalan lingkungan di kawasan itu.", "id",
         ("provides", "sector.government", "form.physical")),
        ("The government has provided drainage to the kampung.", "en",
         ("provides", "sector.government", "form.physical")),
    ],
)  # fmt: skip
def test_a_sector_that_builds_or_has_provided_a_form_provides_it(
    sentence: str, language: str, expected: tuple[str, str, str]
) -> None:
    assert expected in pairs(sentence, language=language)


def test_the_sectors_whose_capacity_is_built_do_not_plan() -> None:
    built = "The grant will raise the capacity of local government and community to draft plans."
    assert not pairs(built, language="en")
    strengthened = "The project strengthens the capacity of local government in drawing up plans."
    assert not pairs(strengthened, language="en")
    # Without "capacity of" the same words plan.
    assert ("plays", "sector.government", "role.planner") in pairs(
        "Local government and community formulate participative plans.", language="en"
    )


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Perbaikan rumah dibiayai dengan dana hibah Pemerintah Kota yang disalurkan kepada BKM.",
         "id", ("provides", "sector.government", "form.monetary")),
        ("The board received block grants of IDR 2 billion from the ministry of public works.",
         "en", ("provides", "sector.government", "form.monetary")),
        ("Works were paid with a loan of US$ 40 million from the Asian Development Bank.",
         "en", ("provides", INTERNATIONAL, "form.monetary")),
    ],
)  # fmt: skip
def test_the_giver_of_money_is_named_after_it_or_after_its_amount(
    sentence: str, language: str, expected: tuple[str, str, str]
) -> None:
    found = pairs(sentence, language=language)
    assert expected in found
    # The BKM the money goes to, and the board that receives it, give nothing.
    assert not {p for p in found if p[1] == COMMUNITY}


def test_a_sector_after_a_training_is_its_trainee_not_its_giver() -> None:
    assert not pairs("Pelatihan kader posyandu dilaksanakan di balai RW.")


@pytest.mark.parametrize(
    "sentence",
    [
        "Pekerjaan bedah rumah diperiksa oleh lurah dan petugas dinas sebelum serah terima.",
        "Dinas perumahan kota mengawasi mutu pembangunan jalan lingkungan sejak awal.",
        "Bantuan bedah rumah untuk warga RW 3 diposting oleh admin BKM.",
    ],
)
def test_who_supervises_checks_or_posts_a_form_does_not_provide_it(sentence: str) -> None:
    assert not {p for p in pairs(sentence) if p[0] == "provides"}


def test_who_builds_a_form_by_a_passive_still_provides_it() -> None:
    assert ("provides", "sector.government", "form.physical") in pairs(
        "Pembangunan jalan lingkungan dikerjakan oleh pemerintah kota."
    )
    assert ("provides", "sector.government", "form.physical") in pairs(
        "The drains were built by the city government.", language="en"
    )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Perusahaan menunggu arahan dari Dinas Perumahan untuk lokasi bantuan.",
         {("plays", "sector.government", "role.facilitator")}),
        ("BKM mendapat pendampingan dari pemerintah kota.",
         {("plays", "sector.government", "role.facilitator")}),
        ("Para pengurus BKM berupaya agar kegiatan tetap berjalan setelah pendampingan program "
         "berakhir.", set()),
        ("Rencana disusun oleh warga; tim fasilitator tidak menulis rencana itu.",
         {("plays", COMMUNITY, "role.planner")}),
    ],
)  # fmt: skip
def test_guidance_comes_from_its_source_and_a_facilitator_team_is_its_own_holder(
    sentence: str, expected: set[tuple[str, str, str]]
) -> None:
    assert pairs(sentence) == expected


def test_after_a_verb_of_facilitating_dari_names_no_facilitator() -> None:
    sentence = "Kegiatan ini memfasilitasi rencana dari masyarakat."
    assert ("plays", COMMUNITY, "role.facilitator") not in pairs(sentence)
    # After a noun of guidance it does; who receives the guidance does not guide.
    guided = pairs("BKM mendapat arahan dari pemerintah kota.")
    assert guided == {("plays", "sector.government", "role.facilitator")}


def test_a_programme_post_in_a_list_of_people_is_no_facilitator_pair() -> None:
    sentence = "Wawancara dilakukan dengan pengurus BKM Maju Bersama, lurah, fasilitator kelurahan."
    assert pairs(sentence, ("BKM Maju Bersama", COMMUNITY)) == set()


def test_a_list_whose_capacity_is_strengthened_gives_nothing() -> None:
    group = ("Kelompok Pemelihara Sarana", COMMUNITY)
    strengthened = (
        "Penguatan kapasitas BKM dan Kelompok Pemelihara Sarana melalui pelatihan pembukuan."
    )
    assert pairs(strengthened, group) == set()
    giving = "Kelompok Pemelihara Sarana dan BKM memberikan pelatihan pembukuan kepada warga."
    assert pairs(giving, group) == {("provides", COMMUNITY, "form.programme")}


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Kata kunci: peran masyarakat, bantuan dana", "id"),
        ("Keywords: community involvement, grants, partnership", "en"),
    ],
)
def test_a_keyword_list_states_no_relation(sentence: str, language: str) -> None:
    assert pairs(sentence, language=language) == set()


def test_a_statement_after_another_colon_still_relates() -> None:
    assert ("provides", COMMUNITY, "form.monetary") in pairs(
        "Hasilnya: masyarakat memberikan dana swadaya untuk jalan."
    )
