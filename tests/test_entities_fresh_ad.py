"""Entities in the classes fresh real sets AC, AD and AG showed (issue 11, 2026-12-05).
Sentences of our own.

- A name never ends with "dan": where the word after "dan" is a place ("Dinas Cipta
  Karya dan Desa Sumbersari"), the name stops before it; where the words after "dan" open
  another body's name ("Dinas Perkim dan CSR PT Maju"), two bodies are named (AG1).
"""

from __future__ import annotations

from documents import organisations, recognise


def test_a_name_stops_before_the_dan_that_joins_it_to_a_place() -> None:
    text = "Studi pada Dinas Pekerjaan Umum Tata Ruang dan Desa Sumbersari Kecamatan Kepanjen."
    names = set(organisations(recognise(text)))
    assert not any(name.split()[-1] == "dan" for name in names), names
    assert any(name.startswith("Dinas Pekerjaan Umum Tata Ruang") for name in names), names


def test_a_name_that_joins_its_own_words_with_dan_keeps_them() -> None:
    text = "Dinas Kelautan dan Perikanan membina kelompok nelayan bersama BKM."
    assert "Dinas Kelautan dan Perikanan" in {
        name.split(" Kabupaten")[0].split(" Kota")[0] for name in organisations(recognise(text))
    }


def test_a_dan_before_another_body_s_name_joins_two_bodies() -> None:
    # fresh set AG1: an office and a company's CSR named together in one headline
    text = "Rumah warga dibangun Dinas Perkim dan CSR PT Sumber Rejeki di Tuban."
    names = set(organisations(recognise(text)))
    assert not any("Dinas" in name and "PT" in name for name in names), names
    assert any(name.startswith("PT Sumber Rejeki") for name in names), names


def test_a_dan_between_an_office_s_portfolios_stays_in_its_name() -> None:
    text = "Dinas Koperasi dan UKM Kota Semarang memberi pelatihan menjahit."
    assert any(name.startswith("Dinas Koperasi dan UKM") for name in organisations(recognise(text)))
