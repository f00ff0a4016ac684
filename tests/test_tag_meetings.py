"""Partners meeting and deliberating: communication and coordination in other words.

Class 'meetings' (spent sets S, U, W and X, issue 11): the communication factor was missed
in 7 real texts where the partners "rembug bareng", "urun rembuk", hold a "rapat
koordinasi" or "rapat kerja" with a CSR forum, "mengadakan rapat" at a resident's house or
open "ruang diskusi"; only "komunikasi", "koordinasi" and regular meetings were cues. Like
those, a meeting counts only where the text speaks of partnership (context partnership).
Sentences of our own.
"""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Pemda, BKM dan perusahaan urun rembuk menentukan lokasi bedah rumah."),
        ("id", "Kami rembug bareng dengan pemerintah provinsi soal bantuan rumah itu."),
        ("id", "Dinas Perkim menggelar rapat koordinasi dengan Forum CSR kabupaten."),
        ("id", "Pengurus LKM mengadakan rapat di rumah warga bersama mitra swasta."),
        ("id", "Kemitraan itu membuka ruang diskusi antara pemerintah dan warga."),
        ("en", "The city and the companies held regular meetings on the kampung works."),
        ("en", "A coordination meeting of the partners agreed on the drainage works."),
    ],
)
def test_partners_meeting_is_communication(language: str, text: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    assert "factor.communication" in found(about + text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # no partnership in the text: a club's meeting, a family's deliberation
        ("id", "Klub sepak bola itu mengadakan rapat untuk memilih pelatih baru musim depan."),
        ("id", "Keluarga besar itu berembuk soal pembagian warisan kebun kopi."),
        ("en", "The chess club held regular meetings in the library on Fridays."),
    ],
)
def test_a_meeting_without_partnership_is_no_factor(language: str, text: str) -> None:
    assert "factor.communication" not in found(text, language)
