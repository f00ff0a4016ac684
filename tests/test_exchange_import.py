"""``plpbk-kg import-codings``: a person's coding from a REFI-QDA project, into the store.

Stores are real on-disk stores filled by the real stages (``tests/stores.py``); the
projects are the exporter's own (``plpbk-kg export --format qdpx``), projects rewritten
as other tools keep them (CRLF line endings, decomposed accents), and the two coders'
hand-coded fixtures of ``tests/qdpx/``. Every command runs as a user runs it.
"""

from __future__ import annotations

import csv
import io
import shlex
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, plpbk
from stores import GOLDEN, build_store, golden_documents
from test_queries_golden import PARAMS, golden_files, query_name

from pipeline.compare import build_comparison
from pipeline.exchange.coders import CoderCoding, coded_documents, codings_of, list_coders
from pipeline.exchange.codings import TAGGER
from pipeline.iris import coder_graph_iri, document_iri
from pipeline.query import parse_params, resolve_query, rows, run_query
from pipeline.source import fingerprint
from pipeline.store import KnowledgeStore

CORPUS = PROJECT_ROOT / "corpus"
QDPX = Path(__file__).parent / "qdpx"
ACCENTS = (
    "Catatan rapat BKM Café Sejahtera.\n\n"
    "Warga menerima bantuan fisik berupa jalan dari PT Naïve Jaya 😀 dan dana CSR.\n"
    "Dinas PU membantu perencanaan.\n"
)
"""A document with accents and an emoji (one code point, two UTF-16 units, four bytes)."""


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text samples of corpus/ and a text with accents, ingested by the real stages."""
    folder = tmp_path_factory.mktemp("corpus")
    accents = folder / "catatan-cafe.txt"
    accents.write_text(ACCENTS, encoding="utf-8")
    files = [*sorted(CORPUS.glob("*.txt")), accents]
    return build_store(folder / "kg", [(file, None) for file in files])


@pytest.fixture
def store(corpus_store: Path, tmp_path: Path) -> Path:
    """A copy of the corpus store for one test to write to."""
    return Path(shutil.copytree(corpus_store, tmp_path / "kg"))


@pytest.fixture(scope="module")
def exported(corpus_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus store exported as a REFI-QDA project by ``plpbk-kg export``."""
    output = tmp_path_factory.mktemp("export") / "corpus.qdpx"
    result = plpbk("export", "--format", "qdpx", "--store", str(corpus_store), "-o", str(output))
    assert result.returncode == 0, result.stderr
    return output


def spans(codings: list[CoderCoding]) -> set[tuple[str, str, int, int, str]]:
    return {(c.file_name, c.code, c.start, c.end, c.exact) for c in codings}


def read(store: Path, reader: Callable[[KnowledgeStore], object]) -> object:
    with KnowledgeStore.open(store, read_only=True) as kg:
        return reader(kg)


def rewrite_qdpx(
    source: Path, target: Path, *, text: Callable[[str], str], position: Callable[[str, int], int]
) -> Path:
    """Rewrite a project as another tool keeps it: each text changed, positions moved.

    Args:
        source: A ``.qdpx`` whose sources are ``sources/*.txt`` files.
        target: Where to write the rewritten project.
        text: The tool's copy of a text.
        position: The tool's position of an offset into the original text.
    """
    from lxml import etree

    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    root = etree.fromstring(members["project.qde"])
    ns = "{urn:QDA-XML:project:1.0}"
    for element in root.iter(f"{ns}TextSource"):
        member = "sources/" + element.get("plainTextPath").removeprefix("internal://")
        original = members[member].decode("utf-8")
        members[member] = text(original).encode("utf-8")
        for selection in element.iter(f"{ns}PlainTextSelection"):
            for attribute in ("startPosition", "endPosition"):
                selection.set(attribute, str(position(original, int(selection.get(attribute)))))
    members["project.qde"] = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


def test_export_then_import_gives_back_the_same_codings(store: Path, exported: Path) -> None:
    result = plpbk("import-codings", str(exported), "--coder", "Ana Lestari", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "review-plpbk-banjarmasin.txt → review-plpbk-banjarmasin.txt" in result.stdout
    tagger = read(store, lambda kg: codings_of(kg, TAGGER))
    person = read(store, lambda kg: codings_of(kg, "Ana Lestari"))
    assert isinstance(tagger, list) and isinstance(person, list)
    assert len(tagger) > 100
    assert spans(person) == spans(tagger)
    assert read(store, list_coders) == ["Ana Lestari"]


def test_a_crlf_project_imports_with_positions_right(
    store: Path, exported: Path, tmp_path: Path
) -> None:
    crlf = rewrite_qdpx(
        exported,
        tmp_path / "windows.qdpx",
        text=lambda original: original.replace("\n", "\r\n"),
        position=lambda original, offset: offset + original[:offset].count("\n"),
    )
    result = plpbk("import-codings", str(crlf), "--coder", "Budi", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "(remapped: line endings)" in result.stdout
    tagger = read(store, lambda kg: codings_of(kg, TAGGER))
    person = read(store, lambda kg: codings_of(kg, "Budi"))
    assert isinstance(tagger, list) and isinstance(person, list)
    assert spans(person) == spans(tagger)  # offsets and quotes as if the text were ours


def test_decomposed_accents_and_an_emoji_keep_their_spans(
    store: Path, exported: Path, tmp_path: Path
) -> None:
    def nfd_position(original: str, offset: int) -> int:
        return len(unicodedata.normalize("NFD", original[:offset]))

    nfd = rewrite_qdpx(
        exported,
        tmp_path / "nfd.qdpx",
        text=lambda original: unicodedata.normalize("NFD", original),
        position=nfd_position,
    )
    result = plpbk("import-codings", str(nfd), "--coder", "Citra", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "catatan-cafe.txt → catatan-cafe.txt" in result.stdout
    assert "Unicode normalisation" in result.stdout
    person = read(store, lambda kg: codings_of(kg, "Citra"))
    tagger = read(store, lambda kg: codings_of(kg, TAGGER))
    assert isinstance(person, list) and isinstance(tagger, list)
    assert spans(person) == spans(tagger)
    # Spans after the accents and the emoji: each decomposed accent moved them by one.
    after = [
        c for c in person if c.file_name == "catatan-cafe.txt" and c.start > ACCENTS.index("😀")
    ]
    assert {c.exact for c in after} >= {"CSR", "Dinas"}


def test_utf16_positions_are_told_by_the_selections_names(
    store: Path, exported: Path, tmp_path: Path
) -> None:
    # A tool counting UTF-16 units (an emoji is two) names each selection by its text,
    # as ours does: the names tell its positions from code points.
    utf16 = rewrite_qdpx(
        exported,
        tmp_path / "utf16.qdpx",
        text=lambda original: original,
        position=lambda original, offset: len(original[:offset].encode("utf-16-le")) // 2,
    )
    result = plpbk("import-codings", str(utf16), "--coder", "Eka", "--store", str(store))
    assert result.returncode == 0, result.stderr
    person = read(store, lambda kg: codings_of(kg, "Eka"))
    tagger = read(store, lambda kg: codings_of(kg, TAGGER))
    assert isinstance(person, list) and isinstance(tagger, list)
    assert spans(person) == spans(tagger)
    assert any(c.start > ACCENTS.index("😀") for c in person if c.file_name == "catatan-cafe.txt")


def test_a_source_whose_text_is_no_stored_documents_is_reported_not_guessed(
    store: Path, exported: Path, tmp_path: Path
) -> None:
    edited = rewrite_qdpx(
        exported,
        tmp_path / "edited.qdpx",
        text=lambda original: original.replace("BKM", "B.K.M."),
        position=lambda original, offset: offset,
    )
    result = plpbk("import-codings", str(edited), "--coder", "Dedi", "--store", str(store))
    assert result.returncode == 1
    assert "not matched: laporan-lapangan-kesenden.txt: its text" in result.stderr
    assert "is no stored document's" in result.stderr
    # The festival notice has no "BKM": it still matches, and is recorded as coded.
    assert read(store, lambda kg: coded_documents(kg, "Dedi")) == [
        "pengumuman-festival-literasi.txt"
    ]


def test_codes_match_by_label_and_unknown_codes_are_listed(store: Path) -> None:
    result = plpbk("import-codings", str(QDPX / "rahmat.qdpx"), "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "unknown code: 'land contribution' (2 codings left out" in result.stderr
    assert "41 codings by Rahmat imported into 3 of 3 sources" in result.stderr
    person = read(store, lambda kg: codings_of(kg, "Rahmat"))
    assert isinstance(person, list)
    assert ("laporan-lapangan-kesenden.txt", "form.event") in {
        (c.file_name, c.code) for c in person
    }
    jetty = [c for c in person if c.code == "form.physical" and "jetty" in c.exact]
    assert [c.exact for c in jetty] == ["provided bags of cement for a small jetty"]


def test_the_tagger_is_no_person_to_import_as(store: Path, exported: Path) -> None:
    named = plpbk("import-codings", str(exported), "--coder", "plpbk-kg", "--store", str(store))
    assert named.returncode == 2
    assert "--coder: 'plpbk-kg' is the tagger's name" in named.stderr
    unnamed = plpbk("import-codings", str(exported), "--store", str(store))
    assert unnamed.returncode == 2
    assert "the tagger (a plpbk-kg export?)" in unnamed.stderr


def test_importing_again_replaces_the_coders_graph(store: Path) -> None:
    for _ in range(2):
        result = plpbk("import-codings", str(QDPX / "dewi.qdpx"), "--store", str(store))
        assert result.returncode == 0, result.stderr
    person = read(store, lambda kg: codings_of(kg, "Dewi"))
    assert isinstance(person, list) and len(person) == 41


def test_reingesting_a_document_leaves_the_coders_graph_alone(store: Path) -> None:
    assert plpbk("import-codings", str(QDPX / "dewi.qdpx"), "--store", str(store)).returncode == 0
    before = read(store, lambda kg: codings_of(kg, "Dewi"))
    report = CORPUS / "review-plpbk-banjarmasin.txt"
    doc = document_iri(fingerprint(report).sha256)
    with KnowledgeStore.open(store, read_only=True) as kg:
        tagged_before = len(kg.raw)
    # The real load: replace_document drops the document's graph and writes it again.
    build_store(store, [(report, None)])
    with KnowledgeStore.open(store, read_only=True) as kg:
        assert len(kg.raw) == tagged_before
        graph = coder_graph_iri(doc, "Dewi")
        assert kg.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert read(store, lambda kg: codings_of(kg, "Dewi")) == before


def test_xml_entities_are_not_resolved(store: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    qde = tmp_path / "hostile.qde"
    qde.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE Project [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="x">'
        '<Users><User guid="11111111-1111-1111-1111-111111111111" name="Eve"/></Users>'
        "<Sources>"
        '<TextSource guid="22222222-2222-2222-2222-222222222222" name="leak.txt">'
        "<PlainTextContent>&leak;</PlainTextContent></TextSource></Sources></Project>",
        encoding="utf-8",
    )
    result = plpbk("import-codings", str(qde), "--coder", "Eve", "--store", str(store))
    assert "TOP-SECRET-VALUE" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert "not matched: leak.txt" in result.stderr
    with KnowledgeStore.open(store, read_only=True) as kg:
        assert not kg.query('ASK { ?s ?p ?o FILTER(CONTAINS(STR(?o), "TOP-SECRET")) }')


def golden_rows(kg: KnowledgeStore) -> dict[str, str]:
    """Every golden case of every named query, as CSV text."""
    answers = {}
    for golden in golden_files():
        first = golden.read_text(encoding="utf-8").splitlines()[0]
        params = shlex.split(first[len(PARAMS) :]) if first.startswith(PARAMS) else []
        columns, table = rows(
            run_query(kg, resolve_query(query_name(golden)), params=parse_params(params))
        )
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([columns, *table])
        answers[golden.stem] = out.getvalue()
    return answers


def test_coders_annotations_change_no_named_query_and_no_comparison(
    tmp_path: Path,
) -> None:
    store = build_store(tmp_path / "golden", golden_documents())
    exported = tmp_path / "golden.qdpx"
    result = plpbk("export", "--format", "qdpx", "--store", str(store), "-o", str(exported))
    assert result.returncode == 0, result.stderr
    with KnowledgeStore.open(store, read_only=True) as kg:
        queries_before = golden_rows(kg)
        comparison_before = build_comparison(kg, with_evidence=True)
    # Every tagger annotation now has a person's twin on the same span and code.
    result = plpbk("import-codings", str(exported), "--coder", "Fajar", "--store", str(store))
    assert result.returncode == 0, result.stderr
    with KnowledgeStore.open(store, read_only=True) as kg:
        twins = codings_of(kg, "Fajar")
        assert spans(twins) == spans(codings_of(kg, TAGGER))
        assert golden_rows(kg) == queries_before
        comparison = build_comparison(kg, with_evidence=True)
    assert comparison.counts == comparison_before.counts
    assert comparison.evidence == comparison_before.evidence
    assert GOLDEN.is_dir()
