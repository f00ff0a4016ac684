"""Entity classes of the second night wave (issue 11, helper F2): our own sentences.

Each case names a class: "the Bank" in a donor's English report is its bank; an
English word after "Bank" that is the bank's own thing (a table's "Bank Approval
Date", "Bank staff") names no bank; a headline's verb ends a company's name.
"""

from __future__ import annotations

from documents import organisations, recognise

from pipeline.document import Entity, EntityFindings


def sector(entity: Entity) -> str:
    return next(str(f.value) for f in entity.facts if f.field == "sector")


# --- "the Bank" ------------------------------------------------------------------------


def test_the_bank_alone_is_the_world_bank() -> None:
    found = organisations(
        recognise("The review asks whether the Bank supervised the housing loans well.", "en")
    )
    assert list(found) == ["World Bank"]
    assert "the Bank" in found["World Bank"].alt_labels
    assert sector(found["World Bank"]) == "sector.international"


def test_the_bank_is_the_one_bank_the_document_names() -> None:
    text = (
        "The Asian Development Bank lent to four towns. "
        "Bank-financed drains were built, and the Bank's team visited twice."
    )
    found = recognise(text, "en")
    labels = [m.entity.label for m in found.mentions if m.entity.kind == "organization"]
    assert set(labels) == {"Asian Development Bank"}
    assert labels.count("Asian Development Bank") == 3


def test_the_bank_is_nobody_where_two_banks_are_named() -> None:
    text = (
        "The World Bank and the Asian Development Bank both lent money; "
        "the Bank asked for a review."
    )
    found = recognise(text, "en")
    quotes = {m.evidence.exact for m in found.mentions}
    assert "the Bank" not in quotes


def test_the_bank_with_its_own_name_after_is_that_name() -> None:
    found = recognise("Loans came from the Bank of Tanjung Raya to the traders.", "en")
    assert "World Bank" not in organisations(found)


def test_an_indonesian_text_reads_no_english_reference() -> None:
    found = recognise("Warga menabung di the Bank kecil milik koperasi.")
    assert "World Bank" not in organisations(found)


# --- words after "Bank" that are the bank's own things ----------------------------------


def test_a_table_label_after_bank_names_no_bank() -> None:
    text = "Project ID P100001 Bank Approval Date Closing Date 12-Mar-2011 30-Jun-2016"
    assert not organisations(recognise(text, "en"))


def test_bank_staff_and_performance_are_no_banks() -> None:
    text = "Bank Performance was rated moderately satisfactory; Bank Staff visited twice."
    assert not organisations(recognise(text, "en"))


# --- a headline's verb ends the name --------------------------------------------------


def test_a_headline_verb_before_a_number_ends_a_companys_name() -> None:
    found = organisations(recognise("PT Karya Lestari Bangun Tiga Sumur di Desa Baru\n"))
    assert "PT Karya Lestari" in found
    assert not any("Bangun" in label for label in found)


def test_a_kan_verb_ends_a_banks_name_in_a_headline() -> None:
    found = organisations(recognise("Bank Maju Salurkan Bantuan Bedah Rumah\n"))
    assert "Bank Maju" in found


def test_a_verb_word_inside_a_companys_name_stays() -> None:
    found = organisations(recognise("Jalan itu dikerjakan PT Tirta Bangun Persada tahun lalu."))
    assert "PT Tirta Bangun Persada" in found


# --- numbered commands of the army and the police -------------------------------------


def test_a_district_command_with_its_number_is_a_government_body() -> None:
    text = (
        "Warga dibantu Komando Distrik Militer (Kodim) 0412/Lampung Utara membangun jalan. "
        "Anggota Kodim 0412/LU bekerja tiga hari."
    )
    found = recognise(text)
    commands = [m for m in found.mentions if m.entity.label == "Kodim 0412"]
    assert len(commands) == 2
    entity = commands[0].entity
    assert "Komando Distrik Militer" in entity.alt_labels
    assert sector(entity) == "sector.government"
    assert commands[0].evidence.exact.startswith("Komando Distrik Militer (Kodim) 0412")


def test_a_commands_seat_after_the_slash_is_no_place_of_the_document() -> None:
    found = recognise("Bantuan datang dari Polres 1105/Lampung Utara untuk warga desa.")
    assert "Polres 1105" in organisations(found)
    assert not [m for m in found.mentions if m.entity.kind == "place"]


def test_a_command_word_without_a_number_is_no_numbered_command() -> None:
    found = recognise("Kodim setempat ikut membantu warga membersihkan saluran.")
    assert not [m for m in found.mentions if m.rule == "org/command"]


# --- a town in a dateline or an affiliation, also an ordinary word -----------------------


def places(found: EntityFindings) -> dict[str, Entity]:
    """The places named, by their label."""
    return {m.entity.label: m.entity for m in found.mentions if m.entity.kind == "place"}


def test_an_ordinary_word_town_in_a_news_sites_dateline_is_the_city() -> None:
    found = recognise("WARTAKITA.COM, MEDAN -- Harga beras naik dua persen pekan ini.\n")
    assert "Kota Medan" in places(found)


def test_a_dateline_town_in_mixed_case_after_a_site_name_is_the_city() -> None:
    found = recognise("Beritaku.id Malang – Warga kampung menggelar kerja bakti.\n")
    assert "Kota Malang" in places(found)


def test_an_ordinary_word_town_in_running_text_stays_a_word() -> None:
    found = recognise("Nasib malang menimpa warga itu.\nIa berjalan di medan yang berat.")
    assert not places(found)


def test_a_town_alone_under_a_university_line_is_the_city() -> None:
    text = (
        "PENATAAN KAMPUNG NELAYAN\n"
        "TESIS\n"
        "UNIVERSITAS NUSANTARA RAYA\n"
        "SEMARANG\n"
        "2012\n"
        "Penelitian ini dilakukan di Kelurahan Tambakrejo Kecamatan Gayamsari.\n"
    )
    found = places(recognise(text))
    assert "Kota Semarang" in found
    assert "Kabupaten Semarang" not in found


# --- a region's government in English word order ---------------------------------------


def test_a_city_government_in_english_is_the_kotas_government() -> None:
    text = "With the grant, the Bima City Government paved three kilometres of lanes."
    found = recognise(text, "en")
    governments = [m.entity for m in found.mentions if m.rule == "org/english-government"]
    assert len(governments) == 1
    government = governments[0]
    assert government.label == "Pemerintah Kota Bima"
    assert "Bima City Government" in government.alt_labels
    assert sector(government) == "sector.government"
    served = {f.value.name for f in government.facts if f.field == "area_served"}
    bima = [m.entity.key.name for m in found.mentions if m.entity.label == "Kota Bima"]
    assert served == set(bima)


def test_a_regency_government_in_english_is_the_kabupatens() -> None:
    found = organisations(recognise("The Sleman Regency Government approved the plan.", "en"))
    assert "Pemerintah Kabupaten Sleman" in found


def test_an_unknown_place_before_city_government_names_no_government() -> None:
    found = recognise("The Atlantis City Government is a novel's invention.", "en")
    assert not [m for m in found.mentions if m.rule == "org/english-government"]


# --- hotels and airlines named with the kind word last --------------------------------


def test_a_hotel_named_with_the_kind_word_last_is_a_private_business() -> None:
    found = organisations(recognise("The Kemuning Hotel pun ikut menyumbang dua tong sampah."))
    assert "The Kemuning Hotel" in found
    assert sector(found["The Kemuning Hotel"]) == "sector.private"


def test_an_airline_in_an_english_text_is_a_private_business() -> None:
    found = organisations(recognise("Smoke forced Rajawali Air to cancel two flights.", "en"))
    assert sector(found["Rajawali Air"]) == "sector.private"


def test_water_in_an_indonesian_body_is_no_airline() -> None:
    found = recognise("Dinas Sumber Daya Air menata saluran kampung itu.")
    assert not [m for m in found.mentions if m.rule == "org/suffix-business"]


def test_a_preposition_before_hotel_is_no_hotel_name() -> None:
    found = recognise("Rapat digelar Di Hotel lalu ditutup sore hari.")
    assert not [m for m in found.mentions if m.rule == "org/suffix-business"]


# --- a listed company written with its legal form after the name -------------------------


def test_a_listed_company_with_persero_is_named_without_it_too() -> None:
    found = organisations(
        recognise("Bantuan datang dari PT Pelabuhan Indonesia (Persero) dan warga sekitar.")
    )
    [company] = found.values()
    assert "PT Pelabuhan Indonesia (Persero)" in company.alt_labels
    assert "PT Pelabuhan Indonesia" in company.alt_labels
