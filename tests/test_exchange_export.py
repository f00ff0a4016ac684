"""``plpbk-kg export --format qdpx|qdc``: the store as a REFI-QDA project and codebook.

Stores are built through the real stages (``tests/stores.py``) from the golden corpus
and from a text written here with accents, emoji (astral characters: one code point,
two UTF-16 units) and CRLF line ends; exports run through the real CLI and are read
back by two third-party readers, pyrefiqda and qdpxlib.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import plpbk
from pyrefiqda import RefiCodebook, RefiProject
from pyrefiqda.models import CodeBook, Project
from refiqda_schema import problems
from stores import build_store, golden_documents

from pipeline.exchange.archive import zip_date
from pipeline.exchange.contents import (
    read_codebook,
    read_codings,
    read_documents,
)
from pipeline.exchange.guids import guid
from pipeline.store import KnowledgeStore

MIXED_TEXT = (
    "Kemitraan di Kelurahan Café 🏘️: pemerintah kota dan swasta bekerja sama.\r\n"
    "Swasta 😀 memberi bantuan fisik berupa jalan 🚧 dan drainase.\r\n\r\n"
    "BKM sebagai perencana kegiatan; naïve 𝒳 dana CSR membantu program.\r\n"
)
"""Accents, astral emoji and a mathematical letter before the codes, CRLF line ends."""


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    (folder / "campuran-emoji.txt").write_bytes(MIXED_TEXT.encode("utf-8"))
    for file in sorted((Path(__file__).parent / "golden" / "corpus").glob("*.txt")):
        shutil.copy(file, folder / file.name)
    return folder


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, sources: Path) -> Path:
    """The golden corpus (with its OCR'd minutes) and the mixed text, in one store."""
    documents = [(sources / "campuran-emoji.txt", None), *golden_documents()]
    return build_store(tmp_path_factory.mktemp("kg") / "store", documents)


@pytest.fixture(scope="module")
def qdpx(tmp_path_factory: pytest.TempPathFactory, store: Path) -> Path:
    output = tmp_path_factory.mktemp("out") / "project.qdpx"
    done = plpbk("export", "--format", "qdpx", "--store", str(store), "--output", str(output))
    assert done.returncode == 0, done.stderr
    return output


def _stored(store: Path) -> tuple[list, dict]:
    with KnowledgeStore.open(store, read_only=True) as kg:
        documents = read_documents(kg)
        codings = {document.iri: read_codings(kg, document) for document in documents}
    return documents, codings


def _source_texts(qdpx: Path) -> dict[str, str]:
    with zipfile.ZipFile(qdpx) as archive:
        return {
            Path(name).stem: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("sources/")
        }


# --- the standard -------------------------------------------------------------------


def test_the_project_conforms_to_the_refi_qda_project_schema(qdpx: Path) -> None:
    with zipfile.ZipFile(qdpx) as archive:
        assert archive.namelist()[0] == "project.qde"
        qde = archive.read("project.qde")
    assert qde.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Project xmlns="urn:QDA-XML')
    assert problems(qde, Project) == []


def test_the_schema_check_catches_departures(qdpx: Path) -> None:
    # The check itself can fail: a position that is no integer, elements out of order.
    with zipfile.ZipFile(qdpx) as archive:
        qde = archive.read("project.qde").decode()
    broken = qde.replace('startPosition="', 'startPosition="x', 1).replace(
        "<Users>", "<Sources />\n  <Users>", 1
    )
    found = problems(broken.encode(), Project)
    assert any("startPosition" in problem for problem in found)
    assert any("out of the schema's sequence order" in problem for problem in found)


def test_the_codebook_file_conforms_to_the_refi_qda_codebook_schema(store: Path) -> None:
    done = plpbk("export", "--format", "qdc", "--store", str(store))
    assert done.returncode == 0, done.stderr
    assert 'xmlns="urn:QDA-XML:codebook:1.0"' in done.stdout
    assert problems(done.stdout.encode(), CodeBook) == []


# --- third-party readers ---------------------------------------------------------------


def test_pyrefiqda_reads_codes_sources_and_selections(
    qdpx: Path, store: Path, tmp_path: Path
) -> None:
    project = RefiProject.load(qdpx, extract_dir=str(tmp_path / "extracted"))
    with KnowledgeStore.open(store, read_only=True) as kg:
        codebook = read_codebook(kg)
    families = project.code_book.codes.code
    assert [family.guid for family in families] == [guid(f.iri) for f in codebook.families]
    assert all(not family.is_codable for family in families)
    for family, stored in zip(families, codebook.families, strict=True):
        assert [code.guid for code in family.code] == [guid(code.iri) for code in stored.codes]
        assert all(code.is_codable and code.color == family.color for code in family.code)
        assert all(
            code.description.startswith(f"{c.notation}\n")
            for code, c in zip(family.code, stored.codes, strict=True)
        )
    assert len({family.color for family in families}) == len(families)

    documents, codings = _stored(store)
    sources = {source.guid: source for source in project.sources.text_source}
    assert set(sources) == {guid(document.iri) for document in documents}
    users = {user.guid: user.name for user in project.users.user}
    for document in documents:
        source = sources[guid(document.iri)]
        assert source.name == document.file_name
        text = RefiProject.resolve_source_path(source.plain_text_path, tmp_path / "extracted")
        content = text.read_text(encoding="utf-8")
        selections = source.plain_text_selection
        expected = codings[document.iri]
        assert len(selections) == len(expected) > 0
        for selection, coding in zip(selections, expected, strict=True):
            # Positions are code points: Python's slice of the decoded text.
            assert content[selection.start_position : selection.end_position] == coding.exact
            (applied,) = selection.coding
            assert applied.code_ref.target_guid == guid(coding.code)
            assert users[applied.creating_user] == f"plpbk-kg {document.run.pipeline_version}"


def test_pyrefiqda_reads_the_metadata_as_variables(qdpx: Path, tmp_path: Path) -> None:
    project = RefiProject.load(qdpx, extract_dir=str(tmp_path / "extracted"))
    names = {variable.guid: variable.name for variable in project.variables.variable}
    assert set(names.values()) >= {"language", "year", "places studied", "OCR pages"}
    values = {
        source.name: {names[v.variable_ref.target_guid]: v for v in source.variable_value}
        for source in project.sources.text_source
    }
    kraton = values["kemitraan-kraton.txt"]
    assert kraton["language"].text_value == "id"
    assert kraton["places studied"].text_value == "Kota Pasuruan"
    assert kraton["OCR pages"].integer_value == 0
    assert values["notulen-bkm-scan.txt"]["OCR pages"].integer_value == 3


def test_qdpxlib_reads_the_codes_and_every_coded_span(qdpx: Path, store: Path) -> None:
    import qdpxlib

    project = qdpxlib.QDPXFile(str(qdpx))
    with KnowledgeStore.open(store, read_only=True) as kg:
        codebook = read_codebook(kg)
    expected_codes = {guid(f.iri): f.labels["en"] for f in codebook.families}
    expected_codes |= {guid(code.iri): code.labels["en"] for code in codebook.codes}
    assert project.codes == expected_codes
    documents, codings = _stored(store)
    for document in documents:
        # qdpxlib keeps every selection's span before its own sentence splitting (which
        # drops spans without a sentence end); those spans are what it read.
        read = sorted(project.uncoded_intervals[guid(document.iri)].coded_intervals)
        assert read == sorted((c.start, c.end) for c in codings[document.iri])


# --- the text and the offsets -----------------------------------------------------------


def test_the_text_source_is_what_extract_prints(qdpx: Path, store: Path, sources: Path) -> None:
    documents, _ = _stored(store)
    texts = _source_texts(qdpx)
    for name in ("campuran-emoji.txt", "kemitraan-kraton.txt"):
        (document,) = [d for d in documents if d.file_name == name]
        printed = plpbk("extract", str(sources / name))
        assert printed.returncode == 0, printed.stderr
        assert texts[guid(document.iri)] == printed.stdout


def test_offsets_count_code_points_past_emoji_and_crlf(qdpx: Path, store: Path) -> None:
    documents, codings = _stored(store)
    (document,) = [d for d in documents if d.file_name == "campuran-emoji.txt"]
    text = _source_texts(qdpx)[guid(document.iri)]
    assert "\r" not in text  # CRLF read as LF, as extraction reads it
    late = [c for c in codings[document.iri] if c.exact == "dana CSR"]
    assert late, "the mixed text's codes were not found"
    before = text[: late[0].start]
    astral = sum(1 for char in before if ord(char) > 0xFFFF)
    assert astral >= 3  # 🏘, 😀, 🚧, 𝒳: UTF-16 offsets would be off by as many
    assert len(before.encode("utf-16-le")) // 2 == late[0].start + astral
    for coding in codings[document.iri]:
        assert text[coding.start : coding.end] == coding.exact


# --- determinism and the text's origin ---------------------------------------------------


def test_the_same_store_exports_the_same_bytes(qdpx: Path, store: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.qdpx"
    done = plpbk("export", "--format", "qdpx", "--store", str(store), "--output", str(again))
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == qdpx.read_bytes()
    documents, _ = _stored(store)
    latest = max(document.run.ended for document in documents)
    with zipfile.ZipFile(qdpx) as archive:
        assert {info.date_time for info in archive.infolist()} == {zip_date(latest)}


def _drop_page_texts(path: Path) -> None:
    with KnowledgeStore.open(path) as kg:
        kg.raw.update(
            "DELETE WHERE { GRAPH ?g { ?page <https://w3id.org/plpbk-kg/ontology#pageText> ?t } }"
        )
        kg.publish()  # readers (the export) read the newest published snapshot
        assert not list(
            kg.raw.quads_for_pattern(
                None, ox.NamedNode("https://w3id.org/plpbk-kg/ontology#pageText"), None, None
            )
        )


def test_without_page_texts_the_sources_are_extracted_again(sources: Path, tmp_path: Path) -> None:
    files = [(sources / "campuran-emoji.txt", None), (sources / "kemitraan-kraton.txt", None)]
    with_texts = build_store(tmp_path / "with", files)
    without = build_store(tmp_path / "without", files)
    with KnowledgeStore.open(with_texts, read_only=True) as kg:
        assert kg.query("ASK { ?page plpbk:pageText ?text }"), "no page texts to compare with"
    _drop_page_texts(without)
    outputs = []
    for store in (with_texts, without):
        output = tmp_path / f"{store.name}.qdpx"
        done = plpbk("export", "--format", "qdpx", "--store", str(store), "--output", str(output))
        assert done.returncode == 0, done.stderr
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_source_changed_since_ingest_fails_naming_the_file(tmp_path: Path) -> None:
    file = tmp_path / "berubah.txt"
    file.write_text("Swasta memberi bantuan fisik berupa jalan.\n", encoding="utf-8")
    store = build_store(tmp_path / "kg", [(file, None)])
    _drop_page_texts(store)
    file.write_text("Swasta memberi bantuan fisik berupa jalan baru.\n", encoding="utf-8")
    output = tmp_path / "out.qdpx"
    done = plpbk("export", "--format", "qdpx", "--store", str(store), "--output", str(output))
    assert done.returncode == 1
    assert "error: cannot export berubah.txt" in done.stderr
    assert "its SHA-256 differs" in done.stderr
    assert not output.exists()


# --- the command line ---------------------------------------------------------------------


def test_documents_selects_the_sources(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "one.qdpx"
    done = plpbk(
        "export", "--format", "qdpx", "--store", str(store), "--output", str(output),
        "--documents", "kemitraan-kraton.txt",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    project = RefiProject.load(output, extract_dir=str(tmp_path / "x"))
    assert [source.name for source in project.sources.text_source] == ["kemitraan-kraton.txt"]


@pytest.mark.parametrize("fmt", ["qdpx", "qdc", "trig", "nquads", "jsonld", "csv", "ro-crate"])
def test_an_unknown_document_is_a_usage_error_with_a_suggestion(
    store: Path, tmp_path: Path, fmt: str
) -> None:
    output = tmp_path / "x"
    done = plpbk(
        "export", "--format", fmt, "--store", str(store), "--output", str(output),
        "--documents", "kemitraan-kraton.tx",
    )  # fmt: skip
    assert done.returncode == 2
    assert "did you mean kemitraan-kraton.txt?" in done.stderr
    assert not output.exists()


def test_a_zip_format_without_output_is_a_usage_error(store: Path) -> None:
    done = plpbk("export", "--format", "qdpx", "--store", str(store))
    assert done.returncode == 2
    assert "error: --format qdpx writes a file: give --output FILE" in done.stderr


def test_pyrefiqda_reads_the_codebook_file(store: Path, tmp_path: Path) -> None:
    output = tmp_path / "codes.qdc"
    done = plpbk("export", "--format", "qdc", "--store", str(store), "--output", str(output))
    assert done.returncode == 0, done.stderr
    codebook = RefiCodebook.load(output)
    with KnowledgeStore.open(store, read_only=True) as kg:
        stored = read_codebook(kg)
    assert [family.name for family in codebook.codes.code] == [
        family.labels["en"] for family in stored.families
    ]
    assert sum(len(family.code) for family in codebook.codes.code) == len(stored.codes)


@pytest.mark.slow
def test_an_exported_project_imported_back_agrees_with_the_tagger_exactly(
    sources: Path, tmp_path: Path
) -> None:
    # The export's positions, read back by the import (helper E2's `import-codings`), land
    # on the tagger's own spans: emoji, accents and CRLF included.
    files = [(sources / "campuran-emoji.txt", None), (sources / "kemitraan-kraton.txt", None)]
    store = build_store(tmp_path / "kg", files)
    output = tmp_path / "project.qdpx"
    done = plpbk("export", "--format", "qdpx", "--store", str(store), "--output", str(output))
    assert done.returncode == 0, done.stderr
    done = plpbk("import-codings", str(output), "--coder", "round-trip", "--store", str(store))
    assert done.returncode == 0, done.stderr
    done = plpbk(
        "agreement", "--coder", "plpbk-kg", "--coder", "round-trip", "--store", str(store),
        "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout)["codes"]
    assert codes
    for code in codes:
        assert code["spans_a"] == code["spans_b"] == code["paired"], code
        assert code["overlap_f1"] == 1.0, code
    # A selection of the graph carries the chosen document's codings graph, not the other's.
    done = plpbk(
        "export", "--format", "nquads", "--store", str(store), "--documents", "campuran-emoji.txt"
    )
    assert done.returncode == 0, done.stderr
    graphs = {quad.graph_name.value for quad in ox.parse(done.stdout, format=ox.RdfFormat.N_QUADS)}
    with KnowledgeStore.open(store, read_only=True) as kg:
        documents = {d.file_name: d.iri for d in read_documents(kg)}
    coded = {g for g in graphs if "/coder/" in g}
    assert len(coded) == 1
    assert coded.pop().startswith(documents["campuran-emoji.txt"] + "/")
