"""Language detection: Indonesian or English, with a default for text without words."""

from __future__ import annotations

import itertools

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


# --- sentences inside a paragraph (issue 11, class 7: mixed-language documents) -------


def _languages_of(text: str, passages: list[Passage]) -> list[tuple[str, str]]:
    return [(p.language, text[p.start : p.end].strip()) for p in passages]


def test_an_indonesian_quote_inside_an_english_paragraph_is_its_own_passage() -> None:
    quote = (
        '"Dulu kami harus memutar jauh. Sekarang jembatan ini sudah ada dan kami '
        'yang merawatnya bersama,"'
    )
    text = (
        "The new footbridge links two neighbourhoods across the canal. "
        + quote
        + " says a vendor who sits on the village board. The board meets every month."
    )
    passages = passage_languages(text, default="en")
    assert [p.language for p in passages] == ["en", "id", "en"]
    assert _languages_of(text, passages)[1] == ("id", quote)
    assert passages[0].start == 0 and passages[-1].end == len(text)


def test_an_english_abstract_run_into_indonesian_text_without_a_blank_line() -> None:
    english = (
        "Abstract: This study looks at how residents and local firms share the work of "
        "upgrading a riverside settlement. The findings show that trust was built over years."
    )
    indonesian = (
        "Pendahuluan. Kawasan tepi sungai ini sudah lama menjadi tempat tinggal para nelayan "
        "dan buruh harian. Warga bersama pengurus BKM menyusun rencana perbaikan kawasan."
    )
    text = english + "\n" + indonesian
    passages = passage_languages(text, default="id")
    assert [p.language for p in passages] == ["en", "id"]
    assert text[passages[0].start : passages[0].end].strip() == english
    assert passages[1].end == len(text)


def test_an_english_sentence_inside_an_indonesian_paragraph_is_its_own_passage() -> None:
    text = (
        "Pengurus BKM menjelaskan bahwa dana tersebut belum cukup untuk seluruh kegiatan. "
        "The company said that it would consider the request after the site visit. "
        "Warga kemudian menunggu jawaban dari perusahaan selama dua bulan."
    )
    passages = passage_languages(text, default="id")
    assert [language for language, _ in _languages_of(text, passages)] == ["id", "en", "id"]
    assert _languages_of(text, passages)[1][1].startswith("The company said")


def test_a_short_sentence_takes_its_neighbours_language() -> None:
    # 'Ya.' and 'Thank you.' hold no function word: they stay with the run around them.
    text = (
        "Kami sudah menyampaikan usulan itu kepada dinas dan juga kepada perusahaan. Ya. "
        "Mereka belum memberi jawaban yang jelas kepada para pengurus."
    )
    assert [p.language for p in passage_languages(text, default="en")] == ["id"]


def test_english_terms_in_an_indonesian_sentence_do_not_make_a_passage() -> None:
    text = (
        "Program ini memakai pendekatan community driven development dan juga "
        "the best practice of local governance, kata pengurus. Warga setuju dengan usulan itu."
    )
    assert [p.language for p in passage_languages(text, default="id")] == ["id"]


def test_sentence_runs_are_deterministic_and_cover_the_text() -> None:
    text = " ".join(ENGLISH[:2] + INDONESIAN[:2] + ENGLISH[2:] + INDONESIAN[2:])
    first = passage_languages(text, default="en")
    assert first == passage_languages(text, default="en")
    assert [p.language for p in first] == ["en", "id", "en", "id"]
    assert first[0].start == 0 and first[-1].end == len(text)
    assert all(a.end == b.start for a, b in itertools.pairwise(first))
