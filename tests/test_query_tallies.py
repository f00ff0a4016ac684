"""Load-time tallies (``plpbk:tally``): they count exactly what the annotations state.

The named queries that select by a code, a sector, a role, a form or a place's kind read
the tallies instead of the annotations (issue 15), so a tally that drifted from the
annotations would change their answers silently. Checked here over the bundled corpus
and the golden corpus, tagged as an ingest tags them: every tally equals a count made by
the store from the annotations themselves, and every annotated code, entity and
statement has its tally (nothing more, nothing less). A removal or a re-ingest of a
document takes its tallies with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from documents import RUN
from stores import document_graphs, golden_documents

from pipeline.annotate import annotate_text
from pipeline.extract import extract_text
from pipeline.graph import document_graph
from pipeline.iris import code_iri, document_iri
from pipeline.resources import vocabulary_files
from pipeline.source import fingerprint
from pipeline.store import KnowledgeStore

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

PREFIXES = """
PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

Row = tuple[str, ...]


def documents() -> list[tuple[Path, None]]:
    """The bundled corpus (text and PDF reports) and the golden corpus."""
    files = sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.pdf")])
    return [*((file, None) for file in files), *golden_documents()]  # type: ignore[list-item]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    with KnowledgeStore.open(tmp_path_factory.mktemp("tallies") / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        for file, graph in document_graphs(documents()):
            kg.replace_document(graph, source_path=str(file))
        yield kg


def select(store: KnowledgeStore, sparql: str) -> set[Row]:
    """The rows of a SELECT, each a tuple of its values' lexical forms."""
    results = store.query(PREFIXES + sparql)
    assert isinstance(results, ox.QuerySolutions)
    return {tuple(term.value for term in row) for row in results}


def code_tallies(store: KnowledgeStore) -> set[Row]:
    return select(
        store,
        """SELECT ?doc ?code ?count WHERE { GRAPH ?doc {
             ?doc plpbk:tally ?tally .
             ?tally plpbk:tallyCode ?code ; plpbk:tallyCount ?count } }""",
    )


def test_every_code_annotated_has_its_tally_with_its_count_and_nothing_else(
    store: KnowledgeStore,
) -> None:
    annotated = select(
        store,
        """SELECT ?doc ?code (STR(COUNT(DISTINCT ?annotation)) AS ?count) WHERE { GRAPH ?doc {
             ?annotation oa:motivatedBy oa:classifying ; oa:hasBody ?code ; oa:hasTarget ?t .
             ?t oa:hasSource ?doc } } GROUP BY ?doc ?code""",
    )
    assert len({row[0] for row in annotated}) >= 5  # most documents of both corpora have codes
    assert code_tallies(store) == annotated


def test_every_entity_named_has_its_tally_with_its_mentions_and_nothing_else(
    store: KnowledgeStore,
) -> None:
    named = select(
        store,
        """SELECT ?doc ?entity (STR(COUNT(DISTINCT ?annotation)) AS ?count) WHERE { GRAPH ?doc {
             ?annotation oa:motivatedBy oa:identifying ; oa:hasBody ?entity ; oa:hasTarget ?t .
             ?t oa:hasSource ?doc } } GROUP BY ?doc ?entity""",
    )
    tallies = select(
        store,
        """SELECT ?doc ?entity ?count WHERE { GRAPH ?doc {
             ?doc plpbk:tally ?tally . ?tally plpbk:tallyEntity ?entity ; plpbk:tallyCount ?count
           } }""",
    )
    assert len(named) >= 10
    assert tallies == named


@pytest.mark.parametrize("kind", ["role", "form"])
def test_every_statement_has_its_tally_by_sector_and_role_or_form(
    store: KnowledgeStore, kind: str
) -> None:
    stated = select(
        store,
        f"""SELECT ?doc ?sector ?object (STR(COUNT(DISTINCT ?statement)) AS ?count)
           WHERE {{ GRAPH ?doc {{
             ?annotation oa:motivatedBy oa:describing ; oa:hasBody ?statement ; oa:hasTarget ?t .
             ?t oa:hasSource ?doc .
             ?statement plpbk:sector ?sector ; plpbk:{kind} ?object }} }}
           GROUP BY ?doc ?sector ?object""",
    )
    tallies = select(
        store,
        f"""SELECT ?doc ?sector ?object ?count WHERE {{ GRAPH ?doc {{
             ?doc plpbk:tally ?tally .
             ?tally plpbk:tallySector ?sector ; plpbk:tally{kind.title()} ?object ;
                    plpbk:tallyCount ?count }} }}""",
    )
    assert stated, f"the corpora state no {kind} at all"
    assert tallies == stated


def test_every_entity_a_provision_names_has_its_tally_by_form_and_nothing_else(
    store: KnowledgeStore,
) -> None:
    """organisation-forms starts from these: the entities named in a form's statements."""
    stated = select(
        store,
        """SELECT ?doc ?entity ?form (STR(COUNT(DISTINCT ?statement)) AS ?count)
           WHERE { GRAPH ?doc {
             ?annotation plpbk:evidenceNames ?entity ; oa:hasBody ?statement .
             ?statement plpbk:form ?form } }
           GROUP BY ?doc ?entity ?form""",
    )
    tallies = select(
        store,
        """SELECT ?doc ?entity ?form ?count WHERE { GRAPH ?doc {
             ?doc plpbk:tally ?tally .
             ?tally plpbk:tallyNamed ?entity ; plpbk:tallyNamedForm ?form ;
                    plpbk:tallyCount ?count } }""",
    )
    assert len({row[0] for row in stated}) >= 2, "the corpora name no provider in two documents"
    assert tallies == stated


def test_each_tally_counts_one_thing_in_its_documents_graph(store: KnowledgeStore) -> None:
    """A tally has one count and one thing counted, and no graph but its document's has it."""
    shapes = select(
        store,
        """SELECT ?tally (STR(COUNT(?count)) AS ?counts) (STR(COUNT(?what)) AS ?things)
           WHERE { GRAPH ?doc { ?doc plpbk:tally ?tally .
             OPTIONAL { ?tally plpbk:tallyCount ?count }
             OPTIONAL { ?tally plpbk:tallyCode|plpbk:tallyEntity|plpbk:tallyRole|plpbk:tallyForm
                                  |plpbk:tallyNamed ?what } } } GROUP BY ?tally""",
    )
    assert shapes and {(counts, things) for _, counts, things in shapes} == {("1", "1")}
    elsewhere = select(
        store,
        """SELECT ?tally WHERE { GRAPH ?g { ?doc plpbk:tally ?tally } FILTER(?g != ?doc) }""",
    )
    assert elsewhere == set()


def test_a_documents_tallies_go_with_its_removal_and_are_replaced_by_a_reingest(
    tmp_path: Path,
) -> None:
    file = CORPUS / "laporan-lapangan-kesenden.txt"
    text = extract_text(file)
    annotated = annotate_text(text)
    source = fingerprint(file)
    graph = document_graph(source, text, annotated.tagged, annotated.found, run=RUN)
    doc = document_iri(source.sha256)
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.replace_document(graph, source_path=str(file))
        before = {row for row in code_tallies(kg) if row[0] == doc}
        assert len(before) >= 3

        # Re-ingested with one code annotation left: one tally, counting 1.
        first = annotated.tagged.annotations[0]
        fewer = replace(annotated.tagged, annotations=(first,), relations=())
        kg.replace_document(
            document_graph(source, text, fewer, annotated.found, run=RUN),
            source_path=str(file),
        )
        assert code_tallies(kg) == {(doc, code_iri(first.code), "1")}
        assert select(kg, "SELECT ?t WHERE { ?s plpbk:tallySector|plpbk:tallyRole ?t }") == set()

        kg.remove_document(source.sha256)
        left = f"SELECT ?s ?p WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{doc}/tally/')) }}"
        assert select(kg, left) == set()
        assert select(kg, "SELECT ?doc ?tally WHERE { ?doc plpbk:tally ?tally }") == set()
