"""The entity stage: organisations, places, programmes, sites and cited works.

Scored against gold files: the shared seed (dev set), the team's corpus documents
(``corpus/*.gold.json``; the PDFs' text from ``corpus/src/*.md``) and held-out
documents written for these tests (``tests/heldout_entities/``). A predicted entity
matches a gold entry when one of its names (label or alternative label) is one of the
entry's names (label or "also"), compared by :func:`~pipeline.gazetteer.name_key`; a
citation matches on (first author's surname, year).
"""

from __future__ import annotations

import ast
import dataclasses
import json
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import PROJECT_ROOT, SEED_GOLD, SEED_TXT
from documents import RUN, source_for

from pipeline.document import (
    PAGE_SEPARATOR,
    Entity,
    EntityFindings,
    EntityKey,
    ExtractedText,
    Fact,
    FactField,
    Page,
    TaggedDocument,
)
from pipeline.entities import EntityDataError, load_entity_data, recognise_entities
from pipeline.gazetteer import name_key
from pipeline.graph import document_graph
from pipeline.iris import ORGANISATION_NS as ORG_NS
from pipeline.iris import PLACE_NS, WORK_NS, entity_iri
from pipeline.query import parse_params, resolve_query, rows, run_query
from pipeline.resources import data_dir
from pipeline.store import KnowledgeStore
from pipeline.tag import tag_document

# The fields of the facts the tests read (see pipeline.document.FactField).
CLASSIFICATION: FactField = "sector"
PLACE_KIND: FactField = "place_kind"
CONTAINED_IN: FactField = "contained_in"
AREA_SERVED: FactField = "area_served"
IDENTIFIER: FactField = "identifier"
CREATOR: FactField = "creator"
CONTRIBUTOR: FactField = "contributor"
DATE: FactField = "date"
SPATIAL: FactField = "studies_place"
REFERENCES: FactField = "cites"

CORPUS = PROJECT_ROOT / "corpus"
HELDOUT = Path(__file__).resolve().parent / "heldout_entities"
F1_FLOOR = 0.85

GOLD_DOCUMENTS = [
    pytest.param(SEED_GOLD, SEED_TXT, id="dev-seed"),
    pytest.param(
        CORPUS / "kemitraan-plpbk-sangkrah.gold.json",
        CORPUS / "src" / "kemitraan-plpbk-sangkrah.md",
        id="corpus-sangkrah-id",
    ),
    pytest.param(
        CORPUS / "corporate-partners-kemijen.gold.json",
        CORPUS / "src" / "corporate-partners-kemijen.md",
        id="corpus-kemijen-en",
    ),
    pytest.param(
        CORPUS / "laporan-lapangan-kesenden.gold.json",
        CORPUS / "laporan-lapangan-kesenden.txt",
        id="corpus-kesenden-id",
    ),
    pytest.param(
        CORPUS / "review-plpbk-banjarmasin.gold.json",
        CORPUS / "review-plpbk-banjarmasin.txt",
        id="corpus-banjarmasin-en",
    ),
    *(
        pytest.param(gold, gold.with_name(gold.name.replace(".gold.json", ".txt")), id=gold.stem)
        for gold in sorted(HELDOUT.glob("*.gold.json"))
    ),
]


def plain_text(path: Path) -> ExtractedText:
    """A text file as the extract stage gives it: one page."""
    text = path.read_text(encoding="utf-8")
    return ExtractedText(
        text=text, pages=(Page(1, 0, len(text), "plain-text"),), media_type="text/plain"
    )


@pytest.fixture(scope="module")
def seed() -> EntityFindings:
    return recognise_entities(plain_text(SEED_TXT), language="id")


def node_iri(entity: Entity) -> str:
    """The IRI the graph stage gives the entity (as the store holds it)."""
    return entity_iri(entity.key)


def entities_of(findings: EntityFindings, kind: str) -> list[Entity]:
    """The distinct entities of one kind named in a document."""
    found = {m.entity.key: m.entity for m in findings.mentions if m.entity.kind == kind}
    return list(found.values())


def by_label(findings: EntityFindings, label: str) -> Entity:
    (entity,) = [
        e
        for e in {m.entity.key: m.entity for m in findings.mentions}.values()
        if name_key(label) in {name_key(n) for n in (e.label, *e.alt_labels)}
    ]
    return entity


def value(fact: Fact) -> str | int:
    """A fact's value, another entity's as its IRI."""
    return entity_iri(fact.value) if isinstance(fact.value, EntityKey) else fact.value


def fact(entity: Entity, field: FactField) -> list[str | int]:
    return [value(f) for f in entity.facts if f.field == field]


def score(predicted: list[Any], gold: list[Any], match: Any) -> float:
    """F1 of predicted against gold items (1.0 when both are empty)."""
    if not predicted and not gold:
        return 1.0
    precision = sum(any(match(p, g) for g in gold) for p in predicted) / max(len(predicted), 1)
    recall = sum(any(match(p, g) for p in predicted) for g in gold) / max(len(gold), 1)
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def names(entity: Entity) -> set[str]:
    return {name_key(n) for n in (entity.label, *entity.alt_labels)}


def gold_names(entry: dict[str, Any]) -> set[str]:
    return {name_key(n) for n in (entry["label"], *entry.get("also", []))}


def entity_scores(gold_path: Path, text_path: Path) -> dict[str, float]:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    found = recognise_entities(plain_text(text_path), language=gold["language"])
    result = {
        key: score(entities_of(found, kind), gold[key], lambda p, g: bool(names(p) & gold_names(g)))
        for kind, key in (("organization", "organizations"), ("place", "places"))
    }
    works = [
        (str(fact(e, CREATOR)[0]).lower(), fact(e, DATE)[0]) for e in entities_of(found, "work")
    ]
    cited = [(c["author"].lower(), int(c["year"])) for c in gold["citations"]]
    result["citations"] = score(works, cited, lambda p, g: p == g)
    return result


# --- scores against the gold files -------------------------------------------------


@pytest.mark.parametrize(("gold_path", "text_path"), GOLD_DOCUMENTS)
@pytest.mark.parametrize("kind", ["organizations", "places", "citations"])
def test_f1_against_gold(gold_path: Path, text_path: Path, kind: str) -> None:
    f1 = entity_scores(gold_path, text_path)[kind]
    assert f1 >= F1_FLOOR, f"{gold_path.name}: {kind} F1 {f1:.2f} < {F1_FLOOR}"


def test_seed_organisations_carry_their_gold_sectors(seed: EntityFindings) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["organizations"]
    for entry in gold:
        matching = [e for e in entities_of(seed, "organization") if names(e) & gold_names(entry)]
        assert matching, entry["label"]
        for entity in matching:
            assert fact(entity, CLASSIFICATION) == [entry["sector"]]


def test_seed_places_lie_in_their_gold_parents(seed: EntityFindings) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["places"]
    places = entities_of(seed, "place")
    described = {node_iri(e): e for e in (*places, *seed.implied)}
    iri_of = {
        entry["label"]: next(node_iri(p) for p in places if names(p) & gold_names(entry))
        for entry in gold
    }
    for entry in gold:
        entity = described[iri_of[entry["label"]]]
        assert fact(entity, PLACE_KIND) == [entry["kind"]], entry["label"]
        if "in" in entry:
            ancestors = []
            while parents := fact(entity, CONTAINED_IN):
                ancestors.append(parents[0])
                entity = described[parents[0]]
            assert iri_of[entry["in"]] in ancestors, entry["label"]


# --- places ------------------------------------------------------------------------


def test_merged_kelurahan_old_names_are_the_new_kelurahan(seed: EntityFindings) -> None:
    kramatsari = by_label(seed, "Kramatsari")
    assert node_iri(by_label(seed, "Kraton Kidul")) == node_iri(kramatsari)
    assert node_iri(kramatsari) == PLACE_NS + "33.75.01.1008"
    assert kramatsari.label == "Pasirkratonkramat"
    assert {"Kramatsari", "Kraton Kidul"} <= set(kramatsari.alt_labels)
    quotes = {m.evidence.exact for m in seed.mentions if node_iri(m.entity) == node_iri(kramatsari)}
    assert {"Kramatsari", "Kraton Kidul", "Kelurahan Kratonkidul"} <= quotes


def test_two_same_named_desa_are_told_apart_by_their_context() -> None:
    found = recognise_entities(plain_text(HELDOUT / "laporan-dua-desa-sidorejo.txt"), language="id")
    sidorejo = {node_iri(e): e for e in entities_of(found, "place") if e.label == "Sidorejo"}
    assert set(sidorejo) == {PLACE_NS + "33.24.09.2006", PLACE_NS + "33.26.15.2007"}
    assert fact(sidorejo[PLACE_NS + "33.24.09.2006"], CONTAINED_IN) == [
        PLACE_NS + "33.24.09"  # Kecamatan Brangsong, Kabupaten Kendal
    ]
    assert fact(sidorejo[PLACE_NS + "33.26.15.2007"], CONTAINED_IN) == [
        PLACE_NS + "33.26.15"  # Kecamatan Tirto, Kabupaten Pekalongan
    ]


@pytest.mark.parametrize(
    ("frame", "code"),
    [("Kabupaten Kendal", "33.24.09.2006"), ("Kabupaten Pekalongan", "33.26.15.2007")],
)
def test_a_desa_is_placed_by_the_regency_its_document_names(frame: str, code: str) -> None:
    text = text_of(f"Pendampingan PLPBK di Desa Sidorejo, {frame}, berjalan dua tahun.")
    (place,) = [
        e
        for e in entities_of(recognise_entities(text, language="id"), "place")
        if e.label == "Sidorejo"
    ]
    assert node_iri(place) == PLACE_NS + code


def test_a_kelurahan_is_placed_in_its_kota_when_the_text_does_not_say() -> None:
    found = recognise_entities(
        text_of("BKM di Kelurahan Podosugih mengelola aset PLPBK."), language="id"
    )
    podosugih = by_label(found, "Podosugih")
    chain = {node_iri(e): e for e in found.implied}
    kecamatan = chain[fact(podosugih, CONTAINED_IN)[0]]
    assert kecamatan.label == "Pekalongan Barat"
    assert fact(kecamatan, PLACE_KIND) == ["kecamatan"]
    kota = chain[fact(kecamatan, CONTAINED_IN)[0]]
    assert (kota.label, fact(kota, IDENTIFIER)) == ("Kota Pekalongan", ["33.75"])
    assert chain[fact(kota, CONTAINED_IN)[0]].label == "Jawa Tengah"


def test_places_in_the_reference_list_are_not_places_of_the_study() -> None:
    text = text_of(
        "Kajian PLPBK di Kelurahan Sangkrah, Kota Surakarta (Handayani, 2017).\n\n"
        "Daftar Pustaka\n\n"
        "Handayani, R. (2017). Kampung Kota. Yogyakarta: Penerbit Serambi.\n"
    )
    labels = {e.label for e in entities_of(recognise_entities(text, language="id"), "place")}
    assert labels == {"Sangkrah", "Kota Surakarta"}


@pytest.mark.parametrize("where", ["di Surakarta", "di Kota Surakarta"])
def test_a_kota_is_also_named_without_its_kind_word(where: str) -> None:
    text = text_of(f"Program PLPBK di Kelurahan Sangkrah berjalan; pemerintah {where} mendukung.")
    (kota,) = [
        e
        for e in entities_of(recognise_entities(text, language="id"), "place")
        if node_iri(e) == PLACE_NS + "33.72"
    ]
    assert kota.label == "Kota Surakarta"
    # How a kota is mostly called, whether or not this document wrote it so.
    assert "Surakarta" in kota.alt_labels


def test_a_province_named_in_english_word_order_is_the_province() -> None:
    text = text_of("The PLPBK site of Kelurahan Talang Banjar lies in Kota Jambi (Jambi Province).")
    found = recognise_entities(text, language="en")
    province = by_label(found, "Jambi Province")
    assert (node_iri(province), fact(province, PLACE_KIND)) == (PLACE_NS + "15", ["provinsi"])
    assert node_iri(by_label(found, "Kota Jambi")) == PLACE_NS + "15.71"


# --- organisations -----------------------------------------------------------------


def test_the_bkm_of_one_kelurahan_is_not_the_bkm_of_another() -> None:
    podosugih = recognise_entities(
        text_of("Program PLPBK: BKM Kelurahan Podosugih merencanakan jalan."), language="id"
    )
    sangkrah = recognise_entities(
        text_of("Program PLPBK: BKM Kelurahan Sangkrah merencanakan taman."), language="id"
    )
    (one,) = entities_of(podosugih, "organization")
    (other,) = entities_of(sangkrah, "organization")
    assert node_iri(one) == ORG_NS + "33.75.01.1003/bkm"
    assert node_iri(other) == ORG_NS + "33.72.03.1008/bkm"
    assert fact(one, AREA_SERVED) == [PLACE_NS + "33.75.01.1003"]


def test_acronym_long_form_and_renamed_body_are_one_organisation(seed: EntityFindings) -> None:
    bpjs = by_label(seed, "Jamsostek")
    assert node_iri(bpjs) == ORG_NS + "bpjs-ketenagakerjaan"
    assert bpjs.label == "BPJS Ketenagakerjaan"
    text = text_of(
        "Badan Perencanaan Pembangunan Daerah Kota Surakarta (Bappeda) mendampingi BKM "
        "dalam PLPBK; Bappeda Kota Surakarta juga memimpin forum."
    )
    (bappeda,) = [
        e
        for e in entities_of(recognise_entities(text, language="id"), "organization")
        if node_iri(e).endswith("/bappeda")
    ]
    assert node_iri(bappeda) == ORG_NS + "33.72/bappeda"
    assert bappeda.label == "Bappeda Kota Surakarta"


def test_companies_keep_their_legal_form_out_of_the_node() -> None:
    text = text_of("Dana CSR PT Gelar Karya (Persero) Tbk dan PT Gelar Karya membantu BKM.")
    found = entities_of(recognise_entities(text, language="id"), "organization")
    (company,) = [e for e in found if node_iri(e).startswith(ORG_NS + "pt-")]
    assert company.label == "PT Gelar Karya"
    assert "PT Gelar Karya (Persero) Tbk" in company.alt_labels
    assert node_iri(company) == ORG_NS + "pt-gelar-karya"
    assert fact(company, CLASSIFICATION) == ["sector.private"]


def test_a_company_named_after_a_region_is_a_company_not_a_place() -> None:
    text = text_of(
        "Program PLPBK di Kelurahan Sangkrah: Bank Kalsel dan Bank DKI menyumbang, "
        "dan Bank Mandiri Cabang Sukoharjo juga."
    )
    found = recognise_entities(text, language="id")
    banks = {e.label: e for e in entities_of(found, "organization")}
    assert {"Bank Kalsel", "Bank DKI", "Bank Mandiri"} <= set(banks)
    assert fact(banks["Bank DKI"], CLASSIFICATION) == ["sector.private"]
    places = {e.label for e in entities_of(found, "place")}
    assert not places & {"Kalimantan Selatan", "DKI Jakarta"}


@pytest.mark.parametrize(
    ("sentence", "iri", "name"),
    [
        (
            "Pengurus BKM Podosugih Makmur menyusun rencana PLPBK di Kelurahan Podosugih.",
            ORG_NS + "33.75.01.1003/bkm",
            "BKM Podosugih Makmur",
        ),
        (
            "Di Kelurahan Sangkrah, Karang Taruna Tunas Harapan mengelola taman PLPBK.",
            ORG_NS + "33.72.03.1008/karang-taruna",
            "Karang Taruna Tunas Harapan",
        ),
        (
            "PLPBK di Kelurahan Sangkrah: sambungan air dari PDAM Tirta Bening.",
            ORG_NS + "33.72/pdam",
            "PDAM Tirta Bening",
        ),
    ],
)
def test_a_body_with_its_own_name_keeps_the_name_and_its_place(
    sentence: str, iri: str, name: str
) -> None:
    found = recognise_entities(text_of(sentence), language="id")
    (entity,) = [e for e in entities_of(found, "organization") if node_iri(e) == iri]
    assert name in entity.alt_labels


@pytest.mark.parametrize(
    ("villages", "expected"),
    [
        # each village's BKM is named: "BKM" is one of them
        ("Kelurahan Podosugih dan Kelurahan Sangkrah", {"33.75.01.1003/bkm", "33.72.03.1008/bkm"}),
        # Kramatsari's BKM is not named: "BKM" may be that one
        (
            "Kelurahan Podosugih, Kelurahan Sangkrah dan Kelurahan Kramatsari",
            {"33.75.01.1003/bkm", "33.72.03.1008/bkm", "unplaced"},
        ),
    ],
)
def test_a_bare_bkm_is_a_named_one_when_every_village_names_its_own(
    villages: str, expected: set[str]
) -> None:
    text = text_of(
        f"Kajian PLPBK di {villages}. BKM Podosugih Makmur dan BKM Sangkrah Berseri "
        "menyusun rencana; BKM juga mencari mitra."
    )
    bkms = {
        "unplaced" if "/unplaced/" in node_iri(e) else node_iri(e)[len(ORG_NS) :]
        for e in entities_of(recognise_entities(text, language="id"), "organization")
    }
    assert bkms == expected


@pytest.mark.parametrize(
    ("sentence", "label", "sector", "local"),
    [
        (
            "PLPBK di Kelurahan Podosugih: Unit Pengelola Keuangan (UPK) mencatat dana.",
            "Unit Pengelola Keuangan",
            "sector.community",
            "33.75.01.1003/unit-pengelola-keuangan",
        ),
        (
            "PLPBK di Kelurahan Podosugih: BKM membentuk Tim Inti Perencanaan Partisipatif.",
            "Tim Inti Perencanaan Partisipatif",
            "sector.community",
            "33.75.01.1003/tim-inti-perencanaan-partisipatif",
        ),
        (
            "PLPBK di Kelurahan Podosugih: Badan Pengelola Kawasan belum aktif.",
            "Badan Pengelola Kawasan",
            "sector.community",
            "33.75.01.1003/badan-pengelola-kawasan",
        ),
        (
            "PLPBK: Tim Koordinasi Penanggulangan Kemiskinan Daerah Kota Pekalongan memantau.",
            "Tim Koordinasi Penanggulangan Kemiskinan Daerah",
            "sector.government",
            "33.75/tim-koordinasi-penanggulangan-kemiskinan-daerah",
        ),
        (
            "PLPBK di Kota Pekalongan: Balai Besar Wilayah Sungai Pemali Juana membangun tanggul.",
            "Balai Besar Wilayah Sungai Pemali Juana",
            "sector.government",
            "33.75/balai-besar-wilayah-sungai-pemali-juana",
        ),
        (
            "PLPBK: Dinas Pemuda, Olahraga dan Pariwisata Kota Pekalongan membantu.",
            "Dinas Pemuda, Olahraga dan Pariwisata",
            "sector.government",
            "33.75/dinas-pemuda-olahraga-dan-pariwisata",
        ),
        (
            "PLPBK di Kelurahan Podosugih: Warung Mak Ijah menyediakan konsumsi.",
            "Warung Mak Ijah",
            "sector.private",
            "warung-mak-ijah",
        ),
        (
            'PLPBK di Kelurahan Podosugih: kelompok tani "Sido Makmur" menanam bibit.',
            "Sido Makmur",
            "sector.community",
            "33.75.01.1003/sido-makmur",
        ),
    ],
)
def test_a_name_a_head_word_opens_is_an_organisation_of_its_sector(
    sentence: str, label: str, sector: str, local: str
) -> None:
    found = recognise_entities(text_of(sentence), language="id")
    (entity,) = [e for e in entities_of(found, "organization") if node_iri(e) == ORG_NS + local]
    assert entity.label == label
    assert fact(entity, CLASSIFICATION) == [sector]


@pytest.mark.parametrize(
    "sentence",
    [
        "PLPBK di Kota Pekalongan: Dinas Sosial, Bappeda dan BKM hadir.",
        "PLPBK di Kota Pekalongan: hadir Dinas Sosial, Pak Budi dan Bu Ani.",
        "PLPBK di Kelurahan Podosugih: rapat di Balai Desa dan kelompok nelayan di Podosugih.",
    ],
)
def test_lists_of_bodies_and_people_are_not_one_name(sentence: str) -> None:
    found = recognise_entities(text_of(sentence), language="id")
    labels = {e.label for e in entities_of(found, "organization")}
    assert not [label for label in labels if "," in label or "Balai" in label]
    assert labels <= {
        "Dinas Sosial Kota Pekalongan",
        "Bappeda Kota Pekalongan",
        "BKM Podosugih",
        "BKM",
    }


@pytest.mark.parametrize(
    ("office", "local", "name"),
    [
        ("the Pekalongan tourism office", "33.75/tourism-office", "Pekalongan tourism office"),
        ("the PU office", "33.75/dinas-pu", "PU office"),
        ("the Kramatsari women's group", "33.75.01.1008/women-s-group", "Kramatsari women's group"),
    ],
)
def test_an_english_description_of_a_local_body(office: str, local: str, name: str) -> None:
    text = text_of(
        f"The PLPBK review visited Kelurahan Kramatsari, Kota Pekalongan; {office} helped."
    )
    found = recognise_entities(text, language="en")
    (entity,) = [e for e in entities_of(found, "organization") if node_iri(e) == ORG_NS + local]
    assert name in (entity.label, *entity.alt_labels)


def test_offices_of_no_body_are_not_organisations() -> None:
    text = text_of(
        "The PLPBK team met at the kelurahan office and at the branch office of a bank in "
        "Kota Pekalongan."
    )
    assert entities_of(recognise_entities(text, language="en"), "organization") == []


def test_a_numbered_company_and_a_short_name_are_one_node_each() -> None:
    text = text_of(
        "PLPBK di Kelurahan Podosugih: PT Pelabuhan Indonesia III (Pelindo III) dan "
        "PT Sinar Bahari Nusantara (SBN) membantu; Pelindo III dan SBN hadir lagi."
    )
    found = recognise_entities(text, language="id")
    companies = {node_iri(e): e for e in entities_of(found, "organization")}
    assert set(companies) >= {ORG_NS + "pelindo-iii", ORG_NS + "pt-sinar-bahari-nusantara"}
    assert ORG_NS + "pelindo" not in companies
    assert companies[ORG_NS + "pelindo-iii"].label == "Pelabuhan Indonesia III"
    quotes = [
        m.evidence.exact
        for m in found.mentions
        if node_iri(m.entity) == ORG_NS + "pt-sinar-bahari-nusantara"
    ]
    assert quotes == ["PT Sinar Bahari Nusantara", "SBN", "SBN"]


def test_a_name_split_at_a_line_end_is_one_name() -> None:
    text = text_of(
        "PLPBK di Kelurahan Podosugih: BKM bersama Tim Inti Peren-\ncanaan Partisipatif menyusun."
    )
    found = recognise_entities(text, language="id")
    entity = by_label(found, "Tim Inti Perencanaan Partisipatif")
    quotes = {m.evidence.exact for m in found.mentions if node_iri(m.entity) == node_iri(entity)}
    assert quotes == {"Tim Inti Peren-\ncanaan Partisipatif"}


def test_a_document_outside_the_domain_keeps_what_it_names() -> None:
    # The festival notice studies no partnership (its gold has no codes), but the bank
    # its account is held at is an organisation it names; no place, programme or work.
    # (Its gold file, written when this stage had a topic gate, lists no organisation.)
    found = recognise_entities(
        plain_text(CORPUS / "pengumuman-festival-literasi.txt"), language="id"
    )
    assert [(m.entity.label, m.evidence.exact) for m in found.mentions] == [
        ("Bank Sentosa", "Bank Sentosa")
    ]
    assert fact(found.mentions[0].entity, CLASSIFICATION) == ["sector.private"]
    assert not [f for f in found.document_facts if f.field != "date"]


# --- cited works -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Menurut Notoatmodjo (2003) kemitraan", [("Notoatmodjo", "2003")]),
        ("terdahulu (Aprinasari, 2014) tiga", [("Aprinasari", "2014")]),
        ("Sumber: (Miles & Huberman, 2009)", [("Miles", "2009")]),
        ("model Miles dan Huberman (1992) dipakai", [("Miles", "1992")]),
        ("dipilih (Sugiyono, 2010: 15) secara", [("Sugiyono", "2010")]),
        ("Sutanto et al. (2019) note", [("Sutanto", "2019")]),
        ("kajian (Sari dkk., 2015; Arnstein, 1969) ini", [("Sari", "2015"), ("Arnstein", "1969")]),
        ("Kota Pekalongan (2015) dan Tabel 1 (2014)", []),
        ("seperti Wibowo, Lestari, dan Gunawan (2018) tunjukkan", [("Wibowo", "2018")]),
        ("Hartono, Siregar and Pane (2011) argue", [("Hartono", "2011")]),
        ("kajian (Rahardjo, Utami, & Nugroho, 2020) ini", [("Rahardjo", "2020")]),
        ("Namun, Santoso dan Wijaya (2016) menulis", [("Santoso", "2016")]),
        ("menurut Badan Pusat Statistik (2021) angka", [("Badan Pusat Statistik", "2021")]),
        ("data (Kementerian Sosial, 2019) menunjukkan", [("Kementerian Sosial", "2019")]),
        ("di Kota Semarang, Kendal dan Demak (2015) itu", []),
    ],
)
def test_citation_forms(sentence: str, expected: list[tuple[str, str]]) -> None:
    found = recognise_entities(text_of(f"Kemitraan PLPBK. {sentence}."), language="id")
    works = [(fact(e, CREATOR)[0], str(fact(e, DATE)[0])) for e in entities_of(found, "work")]
    assert sorted(works) == sorted(expected)


def test_a_cited_work_is_keyed_by_first_author_and_year(seed: EntityFindings) -> None:
    miles = [e for e in entities_of(seed, "work") if fact(e, CREATOR) == ["Miles"]]
    assert [node_iri(e) for e in miles] == [WORK_NS + "miles-2009"]
    assert fact(miles[0], CONTRIBUTOR) == ["Huberman"]
    assert fact(miles[0], DATE) == [2009]
    quotes = {m.evidence.exact for m in seed.mentions if node_iri(m.entity) == node_iri(miles[0])}
    assert quotes == {"Miles & Huberman, 2009", "Miles dan Huberman (2009)"}


def test_every_author_after_the_first_is_a_contributor() -> None:
    text = text_of("Kemitraan PLPBK. Menurut Wibowo, Lestari, dan Gunawan (2018) kemitraan tumbuh.")
    (work,) = entities_of(recognise_entities(text, language="id"), "work")
    assert node_iri(work) == WORK_NS + "wibowo-2018"
    assert fact(work, CONTRIBUTOR) == ["Lestari", "Gunawan"]


def test_an_institution_cited_and_listed_is_one_work() -> None:
    text = text_of(
        "Catatan PLPBK (Badan Pusat Statistik, 2021) dan (Muñoz, 2012).\n\nDaftar Pustaka\n\n"
        "Badan Pusat Statistik. (2021). Statistik Perumahan. Jakarta: BPS.\n"
        "Muñoz, J. (2012). Barrios. Bogotá: Uniandes.\n"
    )
    found = recognise_entities(text, language="id")
    works = {node_iri(e): e for e in entities_of(found, "work")}
    assert set(works) == {WORK_NS + "badan-pusat-statistik-2021", WORK_NS + "munoz-2012"}
    bps = works[WORK_NS + "badan-pusat-statistik-2021"]
    assert fact(bps, CREATOR) == ["Badan Pusat Statistik"]
    quotes = [m.evidence.exact for m in found.mentions if node_iri(m.entity) == node_iri(bps)]
    assert quotes == ["Badan Pusat Statistik, 2021", "Badan Pusat Statistik. (2021"]


def test_a_reference_list_entry_alone_is_not_a_citation() -> None:
    text = text_of(
        "Catatan PLPBK (Arnstein, 1969).\n\nReferences\n\n"
        "Arnstein, S. R. (1969). A ladder of citizen participation.\n"
        "Whitcombe, T. A. (2020). Notes from northern Java.\n"
    )
    found = recognise_entities(text, language="en")
    assert {node_iri(e) for e in entities_of(found, "work")} == {WORK_NS + "arnstein-1969"}
    quotes = [m.evidence.exact for m in found.mentions if m.entity.kind == "work"]
    assert quotes == ["Arnstein, 1969", "Arnstein, S. R. (1969"]


# --- document facts and evidence ------------------------------------------------------


def test_places_studied_cited_works_and_year_are_document_facts(seed: EntityFindings) -> None:
    facts = {(f.field, value(f)) for f in seed.document_facts}
    spatial = {v for p, v in facts if p == SPATIAL}
    assert spatial == {
        PLACE_NS + "33.24",  # Kendal
        PLACE_NS + "33.75",  # Kota Pekalongan
        # Kendal's three field sites, listed in the body (Kebondalem, Kutoharjo, Sidorejo)
        PLACE_NS + "33.24.15.1006",
        PLACE_NS + "33.24.08.2013",
        PLACE_NS + "33.24.09.2006",
    }
    references = {v for p, v in facts if p == REFERENCES}
    assert references == {node_iri(e) for e in entities_of(seed, "work")}
    assert not [v for p, v in facts if p == DATE]  # the seed gives no year
    magelang = recognise_entities(
        plain_text(HELDOUT / "kolaborasi-kotaku-magelang.txt"), language="id"
    )
    assert [(f.value, f.kind) for f in magelang.document_facts if f.field == DATE] == [
        (2021, "integer")
    ]
    assert {value(f) for f in magelang.document_facts if f.field == SPATIAL} == {
        PLACE_NS + "33.71.03.1002",  # Cacaban, not Kendal's desa Cacaban
        PLACE_NS + "33.71.03.1001",  # Kemirirejo
        PLACE_NS + "33.71.03",  # their kecamatan, Magelang Tengah, named with them
        PLACE_NS + "33.71",  # and their town, Kota Magelang
    }


def test_every_mention_quotes_the_text_on_its_page() -> None:
    first = "Kajian PLPBK di Kelurahan Podosugih, Kota Pekalongan (Putera, 2012)."
    second = "Bank Mandiri dan BKM membangun Binatur River Walk di Podosugih."
    text = first + PAGE_SEPARATOR + second
    two_pages = ExtractedText(
        text=text,
        pages=(Page(1, 0, len(first)), Page(2, len(first) + 2, len(text))),
        media_type="application/pdf",
    )
    found = recognise_entities(two_pages, language="id")
    assert len(found.mentions) >= 7
    for mention in found.mentions:
        evidence = mention.evidence
        assert evidence.exact == text[evidence.start : evidence.end]
        assert evidence.page == two_pages.page_at(evidence.start)
    pages = {m.entity.label: m.evidence.page for m in found.mentions}
    assert pages["Binatur River Walk"] == 2 and pages["Putera (2012)"] == 1


def test_pages_marked_unusable_are_not_read() -> None:
    first = "Program PLPBK di Kelurahan Podosugih."
    second = "Bank Mandiri membantu (Putera, 2012)."
    text = first + PAGE_SEPARATOR + second
    garbled = ExtractedText(
        text=text,
        pages=(Page(1, 0, len(first)), Page(2, len(first) + 2, len(text), usable=False)),
        media_type="application/pdf",
    )
    found = recognise_entities(garbled, language="id")
    assert {m.evidence.page for m in found.mentions} == {1}


def test_sites_lie_in_the_village_named_before_them(seed: EntityFindings) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    places = entities_of(seed, "place")
    for site in gold["sites"]:
        entity = by_label(seed, site["label"])
        (where,) = [p for p in places if name_key(site["at"]) in names(p)]
        assert fact(entity, CONTAINED_IN) == [node_iri(where)], site["label"]


# --- data files --------------------------------------------------------------------


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    shutil.copytree(data_dir("ontology") / "entities", tmp_path / "entities")
    return tmp_path


@pytest.mark.parametrize(
    ("file_name", "line", "message"),
    [
        (
            "organizations.jsonl",
            '{"id": "x", "label": "X", "alt": [], "sector": "sector.ngo", "scope": "national"}',
            "'sector' must be one of",
        ),
        (
            "organizations.jsonl",
            '{"id": "bappeda", "label": "B", "alt": [], '
            '"sector": "sector.government", "scope": "region"}',
            "duplicate id 'bappeda'",
        ),
        ("programmes.jsonl", '{"id": "x", "label": "X", "alt": "X"}', "'alt' must be a list"),
        ("name-heads.jsonl", '{"head": "PT", "entity": "company"}', "'entity' must be"),
        (
            "place-words.jsonl",
            '{"word": "dukuh", "kind": "dusun", "position": "before"}',
            "'kind' must be",
        ),
        ("document-cues.jsonl", "{not json", "not valid JSON"),
    ],
)
def test_invalid_entity_data_names_file_and_line(
    ontology_copy: Path, file_name: str, line: str, message: str
) -> None:
    path = ontology_copy / "entities" / file_name
    count = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    with pytest.raises(EntityDataError, match=message) as error:
        load_entity_data(ontology_copy)
    assert f"{path}:{count + 1}:" in str(error.value)


def test_the_entity_data_is_valid() -> None:
    data = load_entity_data()
    assert data.bodies["bkm"].scope == "village"
    assert "Jamsostek" in data.bodies["bpjs-ketenagakerjaan"].alt


# --- graphs and named queries ------------------------------------------------------


def text_of(content: str) -> ExtractedText:
    return ExtractedText(
        text=content, pages=(Page(1, 0, len(content), "plain-text"),), media_type="text/plain"
    )


@pytest.fixture(scope="module")
def two_studies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    """The seed and the English Pekalongan note, each in its own named graph."""
    documents = [
        (SEED_TXT, "seed.txt", "id"),
        (HELDOUT / "note-csr-pekalongan-barat.txt", "note-pekalongan.txt", "en"),
    ]
    with KnowledgeStore.open(tmp_path_factory.mktemp("kg") / "kg") as kg:
        kg.load_vocabulary(sorted(data_dir("ontology").glob("*.ttl")))
        for path, name, language in documents:
            text = plain_text(path)
            source = source_for(path.read_bytes(), name)
            tagged = TaggedDocument(language=language, annotations=())
            found = recognise_entities(text, language=language)
            graph = document_graph(source, text, tagged, found, run=RUN)
            kg.replace_document(graph, source_path=name)
        yield kg


def annotated_from(kg: KnowledgeStore, iri: str) -> set[str]:
    """The file names of the documents with an annotation identifying ``iri``."""
    results = kg.query(
        "SELECT DISTINCT ?file ?e WHERE { ?a oa:hasBody ?e ; oa:motivatedBy oa:identifying ; "
        "oa:hasTarget/oa:hasSource ?d . ?d plpbk:fileName ?file }",
        substitutions={ox.Variable("e"): ox.NamedNode(iri)},
    )
    assert isinstance(results, ox.QuerySolutions)
    return {solution["file"].value for solution in results}


@pytest.mark.parametrize(
    "iri",
    [
        PLACE_NS + "33",  # "Jawa Tengah" in one, "Central Java" in the other
        PLACE_NS + "33.75",  # "Kota Pekalongan", "Pekalongan City"
        PLACE_NS + "33.75.01.1008",  # Kramatsari / Kraton Kidul, under either name
        ORG_NS + "kementerian-pupr",  # "Departemen Pekerjaan Umum", "Ministry of Public Works…"
    ],
)
def test_the_same_place_or_national_body_is_one_node_across_documents(
    two_studies: KnowledgeStore, iri: str
) -> None:
    assert annotated_from(two_studies, iri) == {"seed.txt", "note-pekalongan.txt"}


def test_generic_bodies_of_two_documents_are_two_nodes(two_studies: KnowledgeStore) -> None:
    results = two_studies.query(
        "SELECT DISTINCT ?org WHERE { ?org a org:Organization ; rdfs:label ?l . "
        'FILTER(STRSTARTS(?l, "BKM")) }'
    )
    assert isinstance(results, ox.QuerySolutions)
    bkms = {solution["org"].value for solution in results}
    assert ORG_NS + "33.75.03.1004/bkm" in bkms  # the BKM of Panjang Wetan (the note)
    assert len(bkms) == 3  # and the note's named BKM, and the seed's own unplaced BKM


def table(kg: KnowledgeStore, name: str, *params: str) -> tuple[list[str], list[list[str]]]:
    """Run a named query with ``NAME=VALUE`` parameters: its columns and rows."""
    results = run_query(kg, resolve_query(name), params=parse_params(params))
    assert isinstance(results, ox.QuerySolutions)
    return rows(results)


def test_citations_query_lists_author_and_year(two_studies: KnowledgeStore) -> None:
    columns, cited = table(two_studies, "citations", "file=seed.txt")
    assert columns == ["file", "author", "year", "work"]
    assert [row[1:3] for row in cited] == [
        ["Aprinasari", "2014"],
        ["Fatmawati", "2012"],
        ["Kuswanti", "2008"],
        ["Miles", "2009"],
        ["Notoatmodjo", "2003"],
        ["Putera", "2012"],
        ["Wahyudi", "2014"],
    ]
    _, everything = table(two_studies, "citations")
    assert ["note-pekalongan.txt", "Arnstein", "1969"] in [row[:3] for row in everything]


def test_organisations_query_gives_sector_notations(two_studies: KnowledgeStore) -> None:
    columns, found = table(two_studies, "organisations", "file=seed.txt", "sector=sector.private")
    assert columns == ["file", "organisation", "sector", "org", "mentions"]
    assert [row[1:3] for row in found] == [
        ["BPJS Ketenagakerjaan", "sector.private"],
        ["Bank Mandiri", "sector.private"],
        ["Bank Muamalat", "sector.private"],
        ["Forum CSR", "sector.private"],
    ]


def test_places_query_gives_kind_parent_code_and_studied(two_studies: KnowledgeStore) -> None:
    columns, found = table(two_studies, "places", "file=seed.txt")
    assert columns == ["file", "place", "kind", "parent", "code", "studied"]
    by_place = {row[1]: row for row in found}
    assert by_place["Kota Pekalongan"][2:] == ["kota", "Jawa Tengah", "33.75", "true"]
    assert by_place["Jawa Tengah"][2:] == ["provinsi", "", "33", "false"]
    assert by_place["Pasirkratonkramat"][2] == "kelurahan"
    assert by_place["Podosugih"][3] == "Pekalongan Barat"  # a parent the seed only implies


# --- a stage of its own, speaking no RDF ----------------------------------------------

ENTITIES_PACKAGE = PROJECT_ROOT / "pipeline" / "entities"
RDF_MODULES = ("pipeline.vocab", "pipeline.iris", "pipeline.graph", "pipeline.store")
RDF_LIBRARIES = ("rdflib", "pyoxigraph")


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at any depth of its code (absolute names)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"  # names stay checkable
            found |= {node.module or ""} | {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_the_entities_package_has_a_module_per_job() -> None:
    modules = {path.stem for path in ENTITIES_PACKAGE.glob("*.py")}
    assert {"data", "places", "organisations", "citations", "sites", "programmes"} <= modules
    assert "recogniser" in modules
    for path in ENTITIES_PACKAGE.glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path.name


@pytest.mark.parametrize("path", sorted(ENTITIES_PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_entities_package_imports_no_rdf_vocabulary(path: Path) -> None:
    imported = imported_modules(path)
    assert imported, f"{path.name} imports nothing? the check would be empty"
    breaches = sorted(
        name
        for name in imported
        for forbidden in (*RDF_MODULES, *RDF_LIBRARIES)
        if name == forbidden or name.startswith(forbidden + ".")
    )
    assert breaches == []
    assert "w3id.org" not in path.read_text(encoding="utf-8")  # no IRI spelled either


def test_the_import_check_sees_an_rdf_import(tmp_path: Path) -> None:
    module = tmp_path / "speaks_rdf.py"
    module.write_text("def f():\n    from pipeline.vocab import DCTERMS\n    return DCTERMS\n")
    assert "pipeline.vocab" in imported_modules(module)


def test_findings_are_domain_values(seed: EntityFindings) -> None:
    entities = [*(m.entity for m in seed.mentions), *seed.implied]
    facts = [*seed.document_facts, *(f for e in entities for f in e.facts)]
    assert {e.kind for e in entities} == {"organization", "place", "programme", "site", "work"}
    assert {f.field for f in facts} <= set(typing.get_args(FactField))
    for fact_ in facts:
        assert "://" not in str(fact_.value), fact_
        if fact_.field == "sector":
            assert (fact_.kind, str(fact_.value).split(".")[0]) == ("code", "sector")
        if fact_.field in ("contained_in", "area_served", "studies_place", "cites"):
            assert isinstance(fact_.value, EntityKey), fact_
    places = [e for e in entities if e.kind == "place"]
    assert all(e.key == EntityKey("place", e.key.name) for e in places)
    assert EntityKey("place", "33.75") in {e.key for e in places}  # Kota Pekalongan, by code


def test_tagging_alone_yields_no_entities() -> None:
    text = plain_text(SEED_TXT)
    tagged = tag_document(text)
    assert {f.name for f in dataclasses.fields(tagged)} == {"language", "annotations", "relations"}
    assert tagged.annotations, "the seed has codes to find"
    assert recognise_entities(text, language=tagged.language).mentions, "and names"
    graph = document_graph(source_for(b"seed"), text, tagged, EntityFindings(), run=RUN)
    assert graph.counts.mentions == 0
    assert not [q for q in graph.quads if q.object.value.endswith("#identifying")]


@pytest.mark.slow
def test_the_flow_runs_entities_as_a_task_of_its_own(prefect_api: str, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    import flows

    path = CORPUS / "laporan-lapangan-kesenden.txt"
    state = flows.ingest([str(path)], store=str(tmp_path / "kg"), return_state=True)
    (row,) = state.result().outcomes
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(
                id=FlowRunFilterId(any_=[state.state_details.flow_run_id])
            ),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
        )
    names = [run.task_key.rsplit("-", 1)[0] for run in runs]
    # One task a document runs its stages (entities in a worker of its own), one loads.
    per_document = [name for name in names if name in ("annotate_document", "load_batch")]
    assert per_document == ["annotate_document", "load_batch"]
    assert all(run.state is not None and run.state.is_completed() for run in runs)
    # What the flow loaded is what the stage finds on the same text.
    expected = recognise_entities(plain_text(path), language=row.language or "")
    assert row.mentions == len(expected.mentions) > 0
