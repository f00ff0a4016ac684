"""Entities in the classes fresh real set Z showed (issue 11, 2026-12-05). Sentences of our own.

- A company written with its legal form before the name ("PT. Bank DKI") is named
  without it too, as the next report writes it ("Bank DKI").
- "Kampung X" is a neighbourhood named X (Kampung Makassar in Ternate, Kampung Bugis,
  Kampung Melayu), not the regency X.
"""

from __future__ import annotations

from documents import organisations, places, recognise


def test_a_company_is_also_named_without_its_legal_form() -> None:
    text = (
        "Penataan kampung itu dibiayai CSR dari PT. Asuransi Kerta Mandiri, PT Bank Pesisir "
        "dan CV. Karya Bangun Sejahtera bersama BKM setempat."
    )
    found = organisations(recognise(text))
    names = {label: {label, *entity.alt_labels} for label, entity in found.items()}
    assert "Asuransi Kerta Mandiri" in names["PT. Asuransi Kerta Mandiri"]
    assert "Bank Pesisir" in names["PT Bank Pesisir"]
    assert "Karya Bangun Sejahtera" in names["CV. Karya Bangun Sejahtera"]


def test_only_a_legal_form_is_dropped_from_a_name() -> None:
    found = organisations(recognise("Dinas Perkim dan BKM Sejahtera menata saluran air."))
    named = {name for entity in found.values() for name in (entity.label, *entity.alt_labels)}
    assert "BKM Sejahtera" in named
    assert not named & {"Sejahtera", "Perkim", "Perumahan dan Kawasan Permukiman"}


def test_a_kampung_named_after_a_city_is_not_the_city() -> None:
    text = "Pemkot Ternate menata kawasan Kampung Makassar bersama perusahaan dan warga."
    assert "Kota Makassar" not in places(recognise(text))
    assert "Kota Ternate" in places(recognise(text))


def test_the_city_itself_is_still_a_place() -> None:
    text = "Di Kota Makassar, BKM dan perusahaan menata kampung nelayan di pesisir."
    assert "Kota Makassar" in places(recognise(text))


def test_developers_associations_are_private_bodies() -> None:
    text = "Forum PKP terdiri dari Dinas PUPR, perwakilan APERSI, REI, camat dan lurah."
    found = organisations(recognise(text))
    sectors = {label: entity for label, entity in found.items()}
    assert "Real Estat Indonesia" in sectors
    assert "Asosiasi Pengembang Perumahan dan Permukiman Seluruh Indonesia" in sectors
