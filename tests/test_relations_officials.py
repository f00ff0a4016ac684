"""An official's title names a government actor (issue 11, class 'who oversees').

"Pekerjaan diawasi oleh Kepala Seksi ... Kelurahan X": the title is masked so that its
words ("Pelatihan", "Masyarakat") give no code, but the official it names is the
government side of the partnership, and the agent of the oversight. Sentences are our
own.
"""

from __future__ import annotations

import pytest
from documents import found, tag

OPENING = "Dalam kemitraan antara BKM dan swasta di kelurahan ini, "


def roles(text: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in tag(text, "id").relations if r.predicate == "plays"}


@pytest.mark.parametrize(
    "text",
    [
        OPENING + "pekerjaan talud dipantau setiap bulan oleh Kepala Seksi Pembangunan "
        "Kelurahan Sukamaju, Ir. Hadi.",
        OPENING + "pekerjaan jembatan diawasi oleh Kasi Ekonomi dan Kemitraan Kelurahan Sukamaju.",
        OPENING + "seluruh kegiatan dibina oleh Kepala Bidang Permukiman Dinas Perkim.",
    ],
)
def test_an_official_who_oversees_is_the_government_facilitator(text: str) -> None:
    assert ("sector.government", "role.facilitator") in roles(text)


def test_the_words_of_an_officials_title_are_still_no_cue() -> None:
    text = OPENING + "laporan ditandatangani Kepala Seksi Pelatihan dan Pemberdayaan Masyarakat."
    codes = found(text, "id")
    assert "form.programme" not in codes
    assert codes.get("sector.government") == ["Kepala Seksi"]


def test_an_official_among_informants_is_no_party() -> None:
    text = OPENING + "informan penelitian ini adalah Kepala Seksi Pemberdayaan Kelurahan Sukamaju."
    assert "Kepala Seksi" not in found(text, "id").get("sector.government", [])


def test_a_company_head_is_no_official() -> None:
    text = OPENING + "bantuan diserahkan oleh Kepala Bagian Umum PT Sinar Abadi kepada KSM."
    assert "sector.government" not in found(text, "id")
