"""Language detection: Indonesian or English, with a default for text without words."""

from __future__ import annotations

import pytest

from pipeline.language import SAMPLE_CHARS, Passage, detect_language, passage_languages

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


# --- passages -------------------------------------------------------------------------


def test_a_text_in_one_language_is_one_passage() -> None:
    text = "\n\n".join(INDONESIAN * 3)
    assert passage_languages(text, default="id") == [Passage(0, len(text), "id")]


def test_an_english_abstract_is_a_passage_of_its_own() -> None:
    abstract = "Abstract\n\n" + " ".join(ENGLISH) + "\n\n"
    body = "\n\n".join(INDONESIAN * 5)
    passages = passage_languages(abstract + body, default="id")
    assert [p.language for p in passages] == ["id", "en", "id"]
    heading, english, indonesian = passages
    assert (heading.start, english.end, indonesian.end) == (0, len(abstract), len(abstract + body))
    assert heading.end == english.start and english.end == indonesian.start


def test_a_foreign_phrase_does_not_make_a_passage() -> None:
    text = INDONESIAN[0] + " Istilahnya community development, kata pengurus.\n\n" + INDONESIAN[1]
    assert [p.language for p in passage_languages(text, default="id")] == ["id"]


@pytest.mark.parametrize("text", ["", "\n\n\n", "2014\n\n2019"])
def test_a_text_without_words_is_one_passage_in_the_default_language(text: str) -> None:
    assert passage_languages(text, default="en") == [Passage(0, len(text), "en")]
