"""Entity classes found on the spent real sets (issue 11, helper F, night): our own sentences.

Each case names a class of error, never a sentence of the real texts: an author's
name hyphenated to its front, reference entries after an abstract without a heading,
names running into an address line or a data field, a dateline with its news agency
in brackets.
"""

from __future__ import annotations

import pytest
from documents import organisations, places, recognise, studied

from pipeline.document import EntityFindings


def works(found: EntityFindings) -> dict[str, str]:
    """The cited works, their key's ``name/year`` to the evidence's quote."""
    return {
        f"{m.entity.key.name}/{m.entity.key.year}": m.evidence.exact
        for m in found.mentions
        if m.entity.kind == "work"
    }


# --- citations: an author hyphenated to its front ----------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "quote"),
    [
        (
            "Kajian ini memakai kerangka UN-Habitat (2019) tentang kampung kota.",
            "un-habitat/2019",
            "UN-Habitat (2019)",
        ),
        (
            "Menurut Al-Rasyid (2011), warga perlu dilibatkan sejak awal.",
            "al-rasyid/2011",
            "Al-Rasyid (2011)",
        ),
    ],
)
def test_an_authors_hyphenated_front_is_part_of_the_name(text: str, key: str, quote: str) -> None:
    found = works(recognise(text))
    assert found == {key: quote}


def test_a_spaced_dash_before_an_author_is_no_part_of_the_name() -> None:
    found = works(recognise("Hasilnya jelas - Wibisono (2013) menyebut hal serupa."))
    assert list(found) == ["wibisono/2013"]


# --- citations: reference entries after an abstract, without a heading ------------------


ABSTRACT_WITH_ENTRIES = (
    "This study reads the partnership through the co-production lens of Ostrom and the "
    "ladder of Arnstein. Data were collected by interviews.\n\n"
    "Ostrom, E. (1996). Crossing the great divide. World Development, 24(6), 1073-1087.\n\n"
    "Arnstein, S. R. (1969). A ladder of citizen participation. JAIP, 35(4), 216-224.\n\n"
    "Lindblom, C. E. (1959). The science of muddling through. PAR, 19(2), 79-88.\n"
)


def test_an_entry_whose_author_the_text_names_is_cited() -> None:
    found = works(recognise(ABSTRACT_WITH_ENTRIES, "en"))
    assert set(found) == {"ostrom/1996", "arnstein/1969"}


def test_an_entry_whose_author_the_text_never_names_is_not_cited() -> None:
    found = works(recognise(ABSTRACT_WITH_ENTRIES, "en"))
    assert "lindblom/1959" not in found


def test_an_entry_by_the_documents_own_author_named_in_its_byline_is_not_cited() -> None:
    text = "Authors: Dewi Larasati, Tomas Hallberg\n\n" + ABSTRACT_WITH_ENTRIES.replace(
        "Lindblom, C. E. (1959)", "Hallberg, T. (2018)"
    )
    found = works(recognise(text, "en"))
    assert "hallberg/2018" not in found
    assert "ostrom/1996" in found


# --- places: a kabupaten's or a kota's name without its kind word -------------------------


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("Bantuan disalurkan ke Kabupaten Kendal bulan lalu.", "Kendal"),
        ("Rapat digelar di Kota Administrasi Jakarta Timur pekan ini.", "Jakarta Timur"),
    ],
)
def test_a_regions_name_without_its_kind_word_is_one_of_its_names(text: str, bare: str) -> None:
    (place,) = [m.entity for m in recognise(text).mentions if m.entity.kind == "place"]
    assert place.label != bare
    assert bare in place.alt_labels


def test_a_kota_administrasi_is_read_with_both_kind_words() -> None:
    found = recognise("Rapat digelar di Kota Administrasi Jakarta Timur pekan ini.")
    (mention,) = [m for m in found.mentions if m.entity.kind == "place"]
    assert mention.entity.key.name == "31.75"
    assert mention.evidence.exact == "Kota Administrasi Jakarta Timur"


# --- organisations: where a name ends -------------------------------------------------------


def test_a_heading_in_capitals_ends_at_its_line_before_an_address() -> None:
    found = organisations(
        recognise(
            "DINAS PERTAMANAN DAN PEMAKAMAN\nJl. Melati Raya No. 4, Kota Tegal\n\n"
            "Laporan ini disusun untuk para mitra."
        )
    )
    assert list(found) == ["DINAS PERTAMANAN DAN PEMAKAMAN"]


def test_a_name_in_capitals_goes_on_over_a_line_in_capitals() -> None:
    found = organisations(
        recognise("Surat dari\nDINAS SOSIAL\nPEMBERDAYAAN PEREMPUAN\nuntuk warga.")
    )
    assert [e.label for e in found.values()] == ["DINAS SOSIAL PEMBERDAYAAN PEREMPUAN"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kegiatan BKM BKM Lestari berjalan sejak tahun lalu.", "BKM Lestari"),
        ("Bantuan dari PT PT Sinar Makmur Abadi tiba kemarin.", "PT Sinar Makmur Abadi"),
    ],
)
def test_a_head_written_twice_names_from_the_second(text: str, name: str) -> None:
    found = organisations(recognise(text))
    assert list(found) == [name]


# --- places named once in passing: named, never studied ------------------------------------


def test_a_town_named_once_in_passing_is_a_place_not_studied() -> None:
    found = recognise(
        "Warga Kelurahan Kauman, Kota Pekalongan, menata kampung batik. "
        "Seorang pengurus pernah bekerja di Surabaya sebelum pulang."
    )
    labels = places(found)
    assert "Kota Surabaya" in labels
    assert studied(found) == {"33.75.02.1004", "33.75"}


def test_a_town_in_passing_leaves_the_documents_own_region_its_home() -> None:
    # The unplaced "Bappeda" is the studied kota's, not made ambiguous by the passing town.
    found = recognise(
        "Warga Kelurahan Kauman, Kota Pekalongan, menata kampung batik bersama Bappeda. "
        "Seorang pengurus pernah bekerja di Surabaya sebelum pulang."
    )
    (bappeda,) = [m.entity for m in found.mentions if m.entity.kind == "organization"]
    assert bappeda.key.place == "33.75"


@pytest.mark.parametrize(
    ("text", "national"),
    [
        ("Sesudah pelatihan KSM Bappenas menyiapkan panduan baru.", "bappenas"),
        ("Setelah rapat BKM Kementerian PUPR meninjau lokasi.", "kementerian-pupr"),
    ],
)
def test_a_national_body_after_a_village_bodys_head_is_no_name_of_it(
    text: str, national: str
) -> None:
    keys = {e.key.name for e in organisations(recognise(text)).values()}
    assert national in keys
    assert not any(national in key and key != national for key in keys)


# --- places of an author's affiliation: named, not studied ---------------------------------


@pytest.mark.parametrize(
    "affiliation",
    [
        "Fakultas Teknik, Universitas Nusa Bakti, Kota Malang",
        "Department of Planning, Cendana University\nKota Malang, Indonesia",
    ],
)
def test_a_place_of_an_authors_affiliation_is_not_studied(affiliation: str) -> None:
    found = recognise(
        "Kemitraan Penataan Kampung di Kelurahan Kauman, Kota Pekalongan\n\n"
        f"Sri Wulandari\n{affiliation}\n\n"
        "Abstrak\nKajian ini membahas kemitraan BKM dengan perusahaan di kampung batik."
    )
    labels = places(found)
    assert "Kota Malang" in labels
    assert studied(found) == {"33.75.02.1004", "33.75"}


def test_a_long_line_naming_a_university_is_prose_not_an_affiliation() -> None:
    found = recognise(
        "Abstrak\nTim dari Universitas Nusa Bakti mendampingi warga Kelurahan Kauman, "
        "Kota Pekalongan, selama dua tahun untuk menata kampung batik bersama BKM, "
        "perusahaan dan pemerintah kota sejak awal perencanaan hingga pemeliharaan."
    )
    assert studied(found) == {"33.75.02.1004", "33.75"}


# --- a kabupaten whose name is an ordinary word, followed by its province ----------------


def test_an_ordinary_word_before_its_province_is_the_kabupaten() -> None:
    found = recognise("Rumah warga dibangun di Belu, Nusa Tenggara Timur, tahun lalu.")
    labels = places(found)
    assert labels == {"Kabupaten Belu", "Nusa Tenggara Timur"}


def test_an_ordinary_word_before_another_province_stays_a_word() -> None:
    found = recognise("Rumah warga dibangun di Belu, Jawa Tengah, tahun lalu.")
    labels = places(found)
    assert "Kabupaten Belu" not in labels


def test_a_town_before_a_news_agency_in_brackets_is_a_dateline_not_studied() -> None:
    found = recognise(
        "Mataram (Antara) - Sebuah perusahaan semen membangun rumah warga di Desa Lembar, "
        "Kabupaten Lombok Barat."
    )
    labels = places(found)
    assert "Kota Mataram" in labels
    assert studied(found) == {"52.01.13.2001", "52.01"}


def test_a_kecamatan_is_also_named_with_its_kind_word() -> None:
    found = recognise("Warga Kelurahan Kauman, Kecamatan Pekalongan Timur, menata kampung.")
    by_code = {m.entity.key.name: m.entity for m in found.mentions if m.entity.kind == "place"}
    assert "Kecamatan Pekalongan Timur" in by_code["33.75.02"].alt_labels
    assert "Kelurahan Kauman" in by_code["33.75.02.1004"].alt_labels
