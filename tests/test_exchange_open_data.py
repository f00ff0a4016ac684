"""``plpbk-kg export --format trig|nquads|jsonld|csv|ro-crate``: the store as open data.

A store built through the real stages from the golden corpus; exports run through the
real CLI and are read back by independent readers: pyoxigraph's parsers into a fresh
store, the ``csvw`` package (a CSVW processor), and the ``rocrate`` package.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import plpbk
from stores import build_store, golden_documents

from pipeline.iris import MANIFEST_GRAPH
from pipeline.store import KnowledgeStore

SYNTAXES = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
ONE = "kemitraan-kraton.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("kg") / "store", golden_documents())


def _quads(store: Path) -> set[ox.Quad]:
    with KnowledgeStore.open(store, read_only=True) as kg:
        return set(kg.raw.quads_for_pattern(None, None, None, None))


def _export(store: Path, fmt: str, *args: str) -> bytes:
    done = plpbk("export", "--format", fmt, "--store", str(store), *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.encode("utf-8")


def _read_back(data: bytes, fmt: str) -> set[ox.Quad]:
    """The export loaded into a fresh store: the quads it gives back."""
    fresh = ox.Store()
    fresh.load(data, format=SYNTAXES[fmt])
    return set(fresh.quads_for_pattern(None, None, None, None))


# --- RDF ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_the_whole_store_round_trips(store: Path, fmt: str) -> None:
    original = _quads(store)
    assert len(original) > 1000
    assert _read_back(_export(store, fmt), fmt) == original


@pytest.mark.parametrize("fmt", sorted(SYNTAXES))
def test_a_selection_is_its_graphs_the_vocabularies_and_its_manifest_rows(
    store: Path, fmt: str
) -> None:
    original = _quads(store)
    with KnowledgeStore.open(store, read_only=True) as kg:
        (chosen,) = [d for d in kg.documents() if d.file_name == ONE]
    doc = ox.NamedNode(chosen.iri)
    manifest = ox.NamedNode(MANIFEST_GRAPH)
    expected = {
        quad
        for quad in original
        if quad.graph_name == doc
        or (quad.graph_name == manifest and quad.subject == doc)
        or (
            str(quad.graph_name).startswith("<https://w3id.org/plpbk-kg/graph/")
            and quad.graph_name != manifest
        )
    }
    exported = _read_back(_export(store, fmt, "--documents", ONE), fmt)
    assert exported == expected
    graphs = {quad.graph_name for quad in exported}
    assert {g for g in graphs if "/doc/" in str(g)} == {doc}


def test_an_rdf_export_is_the_same_bytes_twice(store: Path) -> None:
    assert _export(store, "trig") == _export(store, "trig")


# --- the matrix with CSVW ---------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("csv") / "matrix.csv"
    done = plpbk("export", "--format", "csv", "--store", str(store), "--output", str(output))
    assert done.returncode == 0, done.stderr
    return output


def test_the_csv_is_what_compare_writes(store: Path, matrix: Path) -> None:
    compared = plpbk("compare", "--store", str(store), "--format", "csv")
    assert compared.returncode == 0, compared.stderr
    assert matrix.read_text(encoding="utf-8") == compared.stdout


def test_a_csvw_processor_reads_the_matrix_with_its_metadata(matrix: Path) -> None:
    from csvw import CSVW

    metadata = matrix.with_name(matrix.name + "-metadata.json")
    assert metadata.is_file()
    table = CSVW(str(metadata))
    assert table.is_valid, table.warnings
    (read,) = table.to_json()["tables"]
    header = matrix.read_text(encoding="utf-8").splitlines()[0].split(",")
    rows = [row["describes"][0] for row in read["row"]]
    assert rows[0]["@id"] == "https://w3id.org/plpbk-kg/codebook/sector.government"
    assert rows[0]["skos:notation"] == "sector.government"
    columns = json.loads(metadata.read_text(encoding="utf-8"))["tableSchema"]["columns"]
    assert [column["titles"] for column in columns] == header
    assert all(isinstance(rows[0][c["name"]], int) for c in columns[1:])  # typed as integers


def test_the_csvw_check_fails_on_a_title_that_is_not_the_header(
    matrix: Path, tmp_path: Path
) -> None:
    from csvw import CSVW

    copy = tmp_path / matrix.name
    copy.write_bytes(matrix.read_bytes())
    metadata = json.loads(matrix.with_name(matrix.name + "-metadata.json").read_text())
    metadata["tableSchema"]["columns"][1]["titles"] = "not-the-file.txt"
    (tmp_path / f"{matrix.name}-metadata.json").write_text(json.dumps(metadata))
    # The processor refuses the table, with a report or (on reading the rows) an error.
    try:
        valid = CSVW(str(tmp_path / f"{matrix.name}-metadata.json")).is_valid
    except ValueError as error:
        assert "missing required columns" in str(error)
    else:
        assert not valid


# --- the RO-Crate ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def crate(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("crate") / "deposit.zip"
    done = plpbk("export", "--format", "ro-crate", "--store", str(store), "--output", str(output))
    assert done.returncode == 0, done.stderr
    return output


def test_the_rocrate_package_reads_the_crate_and_its_entities(crate: Path, store: Path) -> None:
    from rocrate.rocrate import ROCrate

    read = ROCrate(crate)
    assert {entity.id for entity in read.data_entities} == {
        "graph.trig",
        "codebook.qdc",
        "ontology/codebook.ttl",
        "ontology/plpbk.ttl",
        "matrix.csv",
        "matrix.csv-metadata.json",
        "sources.sha256",
    }
    with KnowledgeStore.open(store, read_only=True) as kg:
        documents = kg.documents()
    actions = read.get_by_type("CreateAction")
    assert len(actions) == len(documents)
    for action in actions:
        assert action["instrument"]["name"] == "plpbk-kg"
        assert action["instrument"]["version"] == "0.1.0"  # tests/documents.py's RUN
        assert action["result"].id == "graph.trig"
        assert action["startTime"] <= action["endTime"]
    # The metadata file's descriptor is a CreativeWork too: the sources are those named.
    sources = {e.get("name"): e for e in read.get_by_type("CreativeWork") if e.get("name")}
    for document in documents:
        assert sources[document.file_name]["identifier"] == f"sha256:{document.sha256}"
    assert read.root_dataset["datePublished"] == max(a["endTime"] for a in actions)


def test_the_crate_holds_the_graph_and_the_sources_hashes(crate: Path, store: Path) -> None:
    with zipfile.ZipFile(crate) as archive:
        graph = archive.read("graph.trig")
        checksums = archive.read("sources.sha256").decode()
        qdc = archive.read("codebook.qdc")
    assert _read_back(graph, "trig") == _quads(store)
    with KnowledgeStore.open(store, read_only=True) as kg:
        documents = kg.documents()
    assert sorted(checksums.splitlines()) == sorted(
        f"{document.sha256}  {document.file_name}" for document in documents
    )
    assert b'xmlns="urn:QDA-XML:codebook:1.0"' in qdc
    scan = Path(__file__).parent / "golden" / "scanned" / "notulen-bkm-scan.txt"
    assert f"{hashlib.sha256(scan.read_bytes()).hexdigest()}  {scan.name}" in checksums


def test_the_crate_is_the_same_bytes_twice(crate: Path, store: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.zip"
    done = plpbk("export", "--format", "ro-crate", "--store", str(store), "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == crate.read_bytes()
    with zipfile.ZipFile(io.BytesIO(crate.read_bytes())) as archive:
        assert archive.namelist()[0] == "ro-crate-metadata.json"
