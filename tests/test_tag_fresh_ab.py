"""The classes fresh real set AB1 showed on its first run (issue 11, 2026-12-05).

Eight real public texts written blind (Indonesian news on CSR house repairs, a KOTAKU
story, a coordinator's blog, an abstract; English abstracts and a donor page; a control).
Sentences of our own.

- A qualitative method named after the method's own word ("Metode yang digunakan adalah
  kualitatif", "The method used in this study is qualitative").
- Lives said to become better are the welfare goal ("kehidupan mereka akan lebih baik").
- A house or building said to last is its durability, not the programme lasting.
- The line naming the journal an article appeared in is no finding ("Journal:
  Sustainability, 2023").
"""

from __future__ import annotations

import pytest
from documents import codes_about as codes


@pytest.mark.parametrize(
    "text",
    [
        "Metode yang digunakan adalah kualitatif dengan wawancara kepada pengurus BKM.",
        "Pendekatan penelitian ini bersifat kualitatif.",
        "Metodologi yang dipakai dalam kajian ini kualitatif.",
    ],
)
def test_a_qualitative_method_named_after_its_word(text: str) -> None:
    assert "method.qualitative" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "The method used in this study is qualitative, with interviews of BKM members.",
        "Our approach to the three kelurahan was qualitative.",
    ],
)
def test_a_qualitative_method_named_after_its_word_in_english(text: str) -> None:
    assert "method.qualitative" in codes(text, "en")


def test_a_method_far_from_the_word_is_not_qualitative() -> None:
    text = "Metode pendataan rumah oleh KSM bersama perusahaan dinilai cepat oleh warga setempat."
    assert "method.qualitative" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dengan bantuan perusahaan itu, kehidupan para lansia akan lebih baik lagi.",
        "Kemitraan ini membuat kehidupan warga menjadi lebih layak.",
    ],
)
def test_lives_becoming_better_are_the_welfare_goal(text: str) -> None:
    assert "goal.welfare" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kemitraan dengan perusahaan membangun ulang rumah itu. Bangunannya kini tahan lama.",
        "Berkat bantuan CSR, rumahnya direnovasi agar tahan lama menghadapi musim hujan.",
        "Gedung serbaguna hasil kerja sama itu dibuat dari bahan yang bertahan lama.",
    ],
)
def test_a_building_that_lasts_is_no_sustainability(text: str) -> None:
    assert "goal.sustainability" not in codes(text)


def test_a_partnership_that_lasts_stays_sustainability() -> None:
    text = "Kerja sama BKM dengan perusahaan diharapkan bertahan lama setelah program selesai."
    assert "goal.sustainability" in codes(text)


@pytest.mark.parametrize(
    "line",
    [
        "Journal: Sustainability, 2023, No 6, p. 4784",
        "Jurnal: Jurnal Pembangunan Berkelanjutan, Vol. 4",
        "Published in: Journal of Sustainable Development",
    ],
)
def test_the_journal_s_name_is_no_finding(line: str) -> None:
    text = f"Kemitraan pemerintah kota dengan BKM dalam penanganan kumuh.\n{line}\n"
    language = "id" if line.startswith("Jurnal") else "en"
    assert "goal.sustainability" not in codes(text, language)


def test_sustainability_in_running_text_still_counts() -> None:
    text = "The journal article argues that the partnership's sustainability depends on the BKM."
    assert "goal.sustainability" in codes(text, "en")
