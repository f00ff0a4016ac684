"""Residents who receive what a partnership gives are the community's part in it.

Class 'beneficiaries' (fresh real sets P, R and S, issue 11): news of a company repairing
houses "kepada warga", "rumah milik warga", "for residents of slum neighbourhoods" names no
BKM; every blind annotator coded the community sector there (the codebook's community is
"residents and their own organisations"), and the rules, which took residents for an actor
only where the clause says they act, missed it in 14 of 48 real texts and never coded it
wrongly. Residents who receive are still never providers. Sentences of our own.
"""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, found, one_page

from pipeline.annotate import annotate_text

RECEIVING = [
    ("id", "PT Sinar Abadi menyerahkan bantuan bedah rumah kepada lima warga Desa Tegalsari."),
    (
        "id",
        "Dana CSR bank daerah dipakai untuk memperbaiki rumah milik warga yang tidak layak huni.",
    ),
    ("id", "Tahun ini bantuan renovasi rumah diberikan bagi 20 keluarga miskin dan warga lansia."),
    ("id", "Penerima bantuan itu adalah keluarga buruh di Kelurahan Sukamaju."),
    ("id", "Perusahaan itu membangun sumur bor untuk masyarakat di sekitar pabrik."),
    (
        "en",
        "The loan will finance drainage and footpaths for residents of 200 slum neighbourhoods.",
    ),
    ("en", "The programme provided residents with basic infrastructure and clean water."),
    ("en", "Families living in the slum received new roofs from a cement company."),
]


@pytest.mark.parametrize(("language", "text"), RECEIVING)
def test_residents_who_receive_aid_are_the_community_sector(language: str, text: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    assert "sector.community" in found(about + text, language)


@pytest.mark.parametrize(("language", "text"), RECEIVING)
def test_residents_who_receive_provide_nothing(language: str, text: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    tagged = annotate_text(one_page(about + text)).tagged
    givers = {r.subject for r in tagged.relations if r.predicate == "provides"}
    assert "sector.community" not in givers, tagged.relations


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # residents only described or counted, no aid in the sentence
        ("id", "Jumlah warga kelurahan itu mencapai dua belas ribu jiwa."),
        ("id", "Sebagian besar warga bekerja sebagai buruh pabrik dan pedagang kecil."),
        ("en", "Most residents of the district work in the port or in small shops."),
        # a slogan of welfare, not a gift
        ("id", "Visi kota adalah mewujudkan kesejahteraan masyarakat yang adil dan makmur."),
    ],
)
def test_residents_only_described_are_no_sector(language: str, text: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    assert "sector.community" not in found(about + text, language)
