"""Agent phrases far from their form (pipeline/tag/relations_means.py): works paid with
money from a giver, a denied source before the real one, and a facility named after the
community that uses it. Sentences are our own."""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, one_page, statements

from pipeline.annotate import annotate_text

G, P, C = "sector.government", "sector.private", "sector.community"
PH, MO, PR = "form.physical", "form.monetary", "form.programme"


def provides(sentence: str, language: str = "id") -> set[tuple[str, str]]:
    """The (sector, form) provides pairs of ``sentence`` after a partnership preamble."""
    return statements(sentence, "provides", language)


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        (
            "Saluran air di gang itu diperbaiki dengan dana dari pemerintah kota.",
            "id",
            {(G, MO), (G, PH)},
        ),
        (
            "The skills training was paid for with funding from a local company.",
            "en",
            {(P, MO), (P, PR)},
        ),
        ("Dananya bukan dari swasta melainkan dari pemerintah.", "id", {(G, MO)}),
        ("Most of the funding came not from residents but from the government.", "en", {(G, MO)}),
        ("Perbaikan balai warga dikerjakan oleh pemerintah desa.", "id", {(G, PH)}),
    ],
)
def test_the_giver_is_read_across_the_clause(
    sentence: str, language: str, expected: set[tuple[str, str]]
) -> None:
    assert provides(sentence, language) == expected


def test_a_denied_source_alone_gives_nothing() -> None:
    assert (G, MO) not in provides("Dana itu bukan dari pemerintah.")
    assert (G, MO) not in provides("The funds did not come from the government.", "en")


def test_means_without_a_passive_reads_no_far_source() -> None:
    # Active clause: the warga built it; the money's origin later is not the builder.
    found = provides(
        "Warga membangun jalan itu dengan semangat gotong royong dan dana dari swasta."
    )
    assert (C, PH) in found


def test_a_community_facility_built_by_the_community_stays_theirs() -> None:
    assert provides("Balai warga dibangun oleh warga sendiri.") == {(C, PH)}


def roles(sentence: str, language: str = "id") -> set[tuple[str, str]]:
    """The (sector, role) pairs of ``sentence`` after a partnership preamble."""
    text = (ABOUT_ID if language == "id" else ABOUT_EN) + sentence
    tagged = annotate_text(one_page(text)).tagged
    return {(r.subject, r.object) for r in tagged.relations if r.predicate == "plays"}


def test_under_the_guidance_of_names_the_guide() -> None:
    found = roles("The works were carried out by residents under the guidance of the agency.", "en")
    assert found == {(G, "role.facilitator")}
    # Without "under", "guidance of" names no guide.
    assert (C, "role.facilitator") not in roles(
        "Residents asked for more guidance of the works.", "en"
    )


def test_who_receives_guidance_does_not_guide() -> None:
    # The kelurahan facilitator guides, as the programme's own post (the government side:
    # fresh sets P and T); the residents who receive the guidance do not.
    assert roles("Warga mendapatkan bimbingan dari fasilitator kelurahan.") == {
        (G, "role.facilitator")
    }
    assert (C, "role.facilitator") not in roles(
        "The residents received guidance from consultants.", "en"
    )
