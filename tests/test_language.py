"""Language detection: Indonesian or English, with a default for text without words."""

from __future__ import annotations

import pytest

from pipeline.language import SAMPLE_CHARS, detect_language

INDONESIAN = [
    "Warga kelurahan sepakat memperbaiki saluran air bersama pengurus BKM setelah musim hujan.",
    "Perusahaan daerah menyumbang bahan bangunan untuk taman bermain di tepi sungai.",
    "Rapat koordinasi dengan dinas terkait digelar setiap tiga bulan di balai warga.",
    "Kami belum menerima jawaban atas usulan yang dikirim bulan lalu.",
]
ENGLISH = [
    "Residents agreed to repair the drains with the community board after the rainy season.",
    "A regional company donated building materials for a playground on the riverbank.",
    "Coordination meetings with the line agencies are held every three months.",
    "We have not yet received an answer to the proposal sent last month.",
]


@pytest.mark.parametrize("text", INDONESIAN)
def test_indonesian_paragraph_is_id(text: str) -> None:
    assert detect_language(text) == "id"


@pytest.mark.parametrize("text", ENGLISH)
def test_english_paragraph_is_en(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   \n\t", "2014 — 2019 (3) 45 %"])
def test_text_without_words_falls_back_to_id(text: str) -> None:
    assert detect_language(text) == "id"


def test_long_english_report_with_indonesian_abstract_is_en() -> None:
    abstract = " ".join(INDONESIAN)
    body = " ".join(ENGLISH * 40)
    assert len(abstract + body) > SAMPLE_CHARS
    assert detect_language(abstract + "\n\n" + body) == "en"


def test_long_indonesian_report_with_english_abstract_is_id() -> None:
    abstract = " ".join(ENGLISH)
    body = " ".join(INDONESIAN * 40)
    assert detect_language(abstract + "\n\n" + body) == "id"
