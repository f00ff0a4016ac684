"""Entity classes found on a second real set (issue 11, helper F2): our own sentences.

Each case names a class of error, never a sentence of the real texts: a unit's number
or level after its name, kind words the head list lacked, a listed ministry whose name
holds "dan", headlines of other articles, place kinds written short.
"""

from __future__ import annotations

import pytest
from documents import organisations, recognise

from pipeline.document import Entity


def sector(entity: Entity) -> str:
    (value,) = [f.value for f in entity.facts if f.field == "sector"]
    return str(value)


# --- name boundaries: a unit's number or level after its name ---------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Rapat dihadiri utusan Balai Wilayah Sungai Kalimantan I. Acara selesai.",
            "Balai Wilayah Sungai Kalimantan I",
        ),
        (
            "Tanggul dibangun Balai Pelaksanaan Jalan Nasional V. Warga senang.",
            "Balai Pelaksanaan Jalan Nasional V",
        ),
        (
            "Surat kepada Kepala Satuan Kerja Penataan Bangunan Provinsi; tembusan arsip.",
            "Satuan Kerja Penataan Bangunan Provinsi",
        ),
        (
            "Laporan Satuan Kerja Air Minum dan Sanitasi Provinsi dikirim bulan ini.",
            "Satuan Kerja Air Minum dan Sanitasi Provinsi",
        ),
    ],
)
def test_a_units_number_or_level_ends_its_name(text: str, name: str) -> None:
    found = organisations(recognise(text))
    assert list(found) == [name]
    assert sector(found[name]) == "sector.government"


def test_a_level_with_its_place_after_it_is_the_place_not_the_name() -> None:
    found = organisations(recognise("Dinas Sosial Provinsi Jawa Tengah membantu warga Kota Tegal."))
    assert [e.label for e in found.values()] == ["Dinas Sosial Jawa Tengah"]


def test_a_listed_body_keeps_its_name_before_a_bare_level() -> None:
    found = organisations(recognise("Bantuan dari Dinas Sosial Kota, lalu warga bergotong royong."))
    (entity,) = found.values()
    assert "Dinsos" in entity.alt_labels


# --- bodies named by a kind word the head list lacked -----------------------------------


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Rakor Pokja AMPL membahas sanitasi kampung.", "Pokja AMPL", "sector.government"),
        (
            "Perumda Griya Mandiri bertindak sebagai kolaborator penataan kampung.",
            "Perumda Griya Mandiri",
            "sector.private",
        ),
        ("Perusda Aneka Karya menyumbang taman bermain.", "Perusda Aneka Karya", "sector.private"),
        (
            "Kepala UPTD Pengelolaan Sampah menerima bantuan truk.",
            "UPTD Pengelolaan Sampah",
            "sector.government",
        ),
    ],
)
def test_a_body_named_by_a_kind_word_has_its_kinds_sector(
    text: str, name: str, expected: str
) -> None:
    found = organisations(recognise(text))
    assert name in found
    assert sector(found[name]) == expected


def test_a_regional_water_company_stays_the_towns_pdam() -> None:
    found = organisations(
        recognise("Perumda Air Minum Tirta Wening di Kota Bandung memasang pipa.")
    )
    assert [e.label for e in found.values()] == ["PDAM Kota Bandung"]


def test_a_ministry_whose_name_joins_two_portfolios_is_one_body() -> None:
    found = recognise(
        "Tim penilai Kementerian Lingkungan Hidup dan Kehutanan datang; pejabat Kemen LHK "
        "memuji bank sampah warga."
    )
    bodies = {m.entity.key for m in found.mentions if m.entity.kind == "organization"}
    assert len(bodies) == 1
    (label,) = {m.entity.label for m in found.mentions if m.entity.kind == "organization"}
    assert label == "Kementerian Lingkungan Hidup dan Kehutanan"


# --- a link to another article names that article's bodies ------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "Baca juga: Dinas Perikanan Kota Tegal Gelar Lomba Perahu",
        "Lalu acara ditutup. Baca Juga:Dinas Perikanan Kota Tegal Gelar Lomba Perahu",
        "Read also: Dinas Perikanan Kota Tegal Gelar Lomba Perahu",
    ],
)
def test_a_link_lines_headline_names_no_body_of_the_document(link: str) -> None:
    found = organisations(
        recognise(f"BKM Sido Makmur membangun talud bersama warga.\n{link}\nWarga puas.")
    )
    assert list(found) == ["BKM Sido Makmur"]


def test_a_body_named_in_the_text_and_a_link_is_still_named() -> None:
    text = (
        "Dinas Perikanan Kota Tegal membantu nelayan.\n"
        "Baca juga: Dinas Perikanan Kota Tegal Gelar Lomba\nNelayan senang."
    )
    bodies = [m for m in recognise(text).mentions if m.entity.kind == "organization"]
    assert [m.evidence.start for m in bodies] == [0]


def test_running_text_glued_after_a_link_is_the_documents_own() -> None:
    found = organisations(
        recognise(
            "Warga senang. Baca juga: Untuk memilih penerima, desa memakai data Bappeda Kota Tegal."
        )
    )
    assert len(found) == 1


# --- a place inside a themed kampung's name ---------------------------------------------


def test_a_themed_kampung_names_its_village() -> None:
    # An invented themed kampung in a real kelurahan: the kampung's name is ours.
    found = recognise("Kampung Lampion Podosugih ramai dikunjungi rombongan perusahaan.")
    villages = [m.entity for m in found.mentions if m.entity.kind == "place"]
    assert [v.label for v in villages] == ["Podosugih"]
    (site,) = [m.entity for m in found.mentions if m.entity.kind == "site"]
    assert [f.value.name for f in site.facts if f.field == "contained_in"] == [villages[0].key.name]


def test_a_bare_village_name_without_the_kampung_stays_unread() -> None:
    found = recognise("Rombongan melihat Podosugih dari jauh.")
    assert not [m for m in found.mentions if m.entity.kind == "place"]


# --- a study's places said by its field work ----------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The fieldwork took place in four kelurahan in Kendari, Palu and Ambon in 2018.",
        "Penelitian lapangan dilakukan di Kendari, Palu dan Ambon pada 2018.",
    ],
)
def test_places_of_the_field_work_are_studied(sentence: str) -> None:
    filler = "The programme worked with residents on drains and paths. " * 30
    found = recognise(filler + sentence, language="en" if "The" in sentence[:4] else "id")
    studied = {
        f.value.name
        for f in found.document_facts
        if f.field == "studies_place" and not isinstance(f.value, (str, int))
    }
    assert {"74.71", "72.71", "81.71"} <= studied


# --- a kind word's abbreviation glued to a name in capitals -------------------------------


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("PROGRAM KOTAKU KAB.KENDAL TAHUN 2019", "Kabupaten Kendal"),
        ("LAPORAN BKM DESA MAJU PROV.JAMBI 2020", "Jambi"),
    ],
)
def test_a_glued_kind_abbreviation_in_capitals_names_its_place(text: str, label: str) -> None:
    found = recognise(text)
    assert label in {m.entity.label for m in found.mentions if m.entity.kind == "place"}


# --- a company's legal form ends its name -------------------------------------------------


def test_a_legal_form_ends_a_companys_name_before_its_branchs_town() -> None:
    found = organisations(recognise("Rombongan PT Sinar Abadi Tbk Semarang meninjau talud warga."))
    assert list(found) == ["PT Sinar Abadi"]
