"""The graph stage: contract shape, grounded evidence, determinism."""

from __future__ import annotations

import typing

import pyoxigraph as ox
import pytest
from documents import RUN, annotate, source_for, tagged, two_page_text
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pipeline.document import (
    Entity,
    EntityFindings,
    EntityKey,
    EntityMention,
    Fact,
    FactField,
    TaggedDocument,
)
from pipeline.graph import document_graph, document_iri

NO_ENTITIES = EntityFindings()


def _rdflib(quads: tuple[ox.Quad, ...]) -> Graph:
    triples = [q.triple for q in quads]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def _store(quads: tuple[ox.Quad, ...]) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def test_document_graph_is_deterministic() -> None:
    text = two_page_text()
    first = document_graph(source_for(b"a"), text, tagged(text), NO_ENTITIES, run=RUN)
    second = document_graph(source_for(b"a"), text, tagged(text), NO_ENTITIES, run=RUN)
    g1 = _rdflib(first.quads)
    g2 = _rdflib(second.quads)
    assert isomorphic(g1, g2), graph_diff(to_isomorphic(g1), to_isomorphic(g2))
    assert first.quads == second.quads
    assert not any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
        for q in first.quads
    )


def test_every_quad_is_in_the_documents_named_graph() -> None:
    text = two_page_text()
    graph = document_graph(source_for(b"a"), text, tagged(text), NO_ENTITIES, run=RUN)
    assert {q.graph_name.value for q in graph.quads} == {graph.graph_iri}
    assert graph.document_iri == document_iri(source_for(b"a").sha256)


def test_document_node_follows_the_contract() -> None:
    text = two_page_text()
    source = source_for(b"report bytes", name="kajian.pdf")
    store = _store(document_graph(source, text, tagged(text), NO_ENTITIES, run=RUN).quads)
    rows = list(
        store.query(
            """PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?name ?id ?lang ?title WHERE { GRAPH ?g { ?doc a plpbk:Document ;
        plpbk:fileName ?name ; dcterms:identifier ?id ; dcterms:language ?lang ;
        dcterms:title ?title } }"""
        )
    )
    assert len(rows) == 1
    assert rows[0]["name"].value == "kajian.pdf"
    assert rows[0]["id"].value == f"sha256:{source.sha256}"
    assert rows[0]["lang"].value == "id"
    assert rows[0]["title"].value == "Kemitraan PLPBK"


def test_annotations_are_grounded_in_the_text() -> None:
    text = two_page_text()
    store = _store(document_graph(source_for(b"a"), text, tagged(text), NO_ENTITIES, run=RUN).quads)
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?body ?exact ?start ?end ?page ?run WHERE { GRAPH ?g {
          ?a a oa:Annotation ; oa:hasBody ?body ; oa:hasTarget ?t ; prov:wasGeneratedBy ?run .
          ?t oa:hasSource ?doc ; plpbk:page ?page ;
             oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact ?exact ] ,
                            [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] .
          ?run plpbk:pipelineVersion ?pv ; plpbk:codebookVersion ?cv .
        } }"""
        )
    )
    assert len(rows) == 4
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert text.text[start:end] == row["exact"].value
        assert int(row["page"].value) == text.page_at(start)
    pages = {row["body"].value.rsplit("/", 1)[1]: int(row["page"].value) for row in rows}
    assert pages == {
        "sector.private": 1,
        "form.physical": 1,
        "sector.community": 2,
        "form.monetary": 2,
    }


def test_duplicate_annotations_are_kept_once() -> None:
    text = two_page_text()
    twice = annotate(text, "form.physical", "bantuan fisik")
    doc = TaggedDocument(language="id", annotations=(twice, twice))
    graph = document_graph(source_for(b"a"), text, doc, NO_ENTITIES, run=RUN)
    assert graph.annotation_count == 1


def test_a_quote_that_is_not_the_text_at_its_offsets_is_refused() -> None:
    text = two_page_text()
    good = annotate(text, "form.physical", "bantuan fisik")
    bad = type(good)(
        code=good.code,
        rule=good.rule,
        evidence=type(good.evidence)(good.evidence.start, good.evidence.end, 1, "bantuan uang!"),
    )
    with pytest.raises(ValueError, match="quotes"):
        document_graph(source_for(b"a"), text, TaggedDocument("id", (bad,)), NO_ENTITIES, run=RUN)


def test_relations_are_statements_with_their_evidence() -> None:
    from documents import with_relations_and_entities

    text = two_page_text()
    graph = document_graph(source_for(b"a"), text, *with_relations_and_entities(text), run=RUN)
    store = _store(graph.quads)
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        SELECT ?kind ?sector ?object ?exact WHERE { GRAPH ?g {
          ?a a oa:Annotation ; oa:hasBody ?s ; oa:hasTarget/oa:hasSelector/oa:exact ?exact .
          ?s a ?kind ; plpbk:sector ?sector ; plpbk:role|plpbk:form ?object } }
        ORDER BY ?kind"""
        )
    )
    found = [
        (
            r["kind"].value.rsplit("#", 1)[1],
            r["sector"].value.rsplit("/", 1)[1],
            r["object"].value.rsplit("/", 1)[1],
            r["exact"].value,
        )
        for r in rows
    ]
    assert found == [
        ("ProvisionStatement", "sector.private", "form.physical", "Swasta memberi bantuan fisik"),
        ("RoleStatement", "sector.community", "role.planner", "BKM sebagai perencana"),
    ]


def test_entities_are_shared_nodes_annotated_from_each_document() -> None:
    from documents import with_relations_and_entities

    text = two_page_text()
    store = ox.Store()
    for content in (b"one", b"two"):
        store.extend(
            document_graph(
                source_for(content), text, *with_relations_and_entities(text), run=RUN
            ).quads
        )
    rows = list(
        store.query(
            """PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?org ?label ?doc WHERE {
          ?org a org:Organization ; rdfs:label ?label ; org:classification ?sector .
          ?a oa:hasBody ?org ; oa:hasTarget/oa:hasSource ?doc . }""",
            use_default_graph_as_union=True,
        )
    )
    assert {r["org"].value for r in rows} == {"https://w3id.org/plpbk-kg/org/bkm-test"}
    assert len({r["doc"].value for r in rows}) == 2


def test_document_facts_are_about_the_document() -> None:
    from documents import with_relations_and_entities

    text = two_page_text()
    graph = document_graph(source_for(b"a"), text, *with_relations_and_entities(text), run=RUN)
    dates = [q for q in graph.quads if q.predicate.value == "http://purl.org/dc/terms/date"]
    assert [(q.subject.value, q.object.value) for q in dates] == [(graph.document_iri, "2016")]


def test_code_profile_counts_each_codes_annotations_once() -> None:
    text = two_page_text()
    base = tagged(text)
    doubled = TaggedDocument(
        language="id",
        annotations=(
            *base.annotations,
            base.annotations[0],  # the same annotation again: counted once
            annotate(text, "form.physical", "jalan"),
        ),
    )
    store = _store(document_graph(source_for(b"a"), text, doubled, NO_ENTITIES, run=RUN).quads)
    (row,) = store.query(
        """PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        SELECT ?profile WHERE { GRAPH ?g { ?doc plpbk:codeProfile ?profile } }"""
    )
    profile = row["profile"]
    assert profile.datatype == ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")
    assert profile.value == (
        '{"file":"laporan.pdf","language":"id","codes":'
        '{"form.monetary":1,"form.physical":2,"sector.community":1,"sector.private":1}}'
    )


def test_code_profile_of_a_document_without_codes_is_empty() -> None:
    text = two_page_text()
    store = _store(
        document_graph(
            source_for(b"a"),
            text,
            TaggedDocument(language="id", annotations=()),
            NO_ENTITIES,
            run=RUN,
        ).quads
    )
    (row,) = store.query(
        """PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        SELECT ?profile WHERE { GRAPH ?g { ?doc plpbk:codeProfile ?profile } }"""
    )
    assert row["profile"].value == '{"file":"laporan.pdf","language":"id","codes":{}}'


# --- entities: domain values in, the contract's IRIs and properties out -------------------

BASE = "https://w3id.org/plpbk-kg/"
DCTERMS = "http://purl.org/dc/terms/"
SDO = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")


@pytest.mark.parametrize(
    ("key", "iri"),
    [
        (EntityKey("place", "33.75.01.1008"), "place/33.75.01.1008"),
        (EntityKey("organization", "bpjs-ketenagakerjaan"), "org/bpjs-ketenagakerjaan"),
        (EntityKey("organization", "bappeda", place="33.72"), "org/33.72/bappeda"),
        (
            EntityKey("organization", "bkm", document="0123456789abcdef"),
            "org/unplaced/0123456789abcdef/bkm",
        ),
        (EntityKey("programme", "plpbk"), "programme/plpbk"),
        (EntityKey("site", "taman-sari", place="33.75.01.1003"), "site/33.75.01.1003/taman-sari"),
        (EntityKey("site", "taman-sari"), "site/taman-sari"),
        (EntityKey("work", "sugiyono", year="2010a"), "work/sugiyono-2010a"),
    ],
)
def test_an_entity_key_mints_the_contract_iri(key: EntityKey, iri: str) -> None:
    text = two_page_text()
    entity = Entity(key, "Nama")
    evidence = annotate(text, "sector.community", "BKM").evidence
    found = EntityFindings(mentions=(EntityMention(entity, evidence, "test"),))
    graph = document_graph(source_for(b"a"), text, tagged(text), found, run=RUN)
    labelled = {q.subject.value for q in graph.quads if q.predicate.value.endswith("#label")}
    assert labelled == {BASE + iri}


PLACE = EntityKey("place", "33.75.01.1003")


@pytest.mark.parametrize(
    ("fact", "predicate", "value"),
    [
        (Fact("place_kind", "kelurahan"), BASE + "ontology#placeKind", ox.Literal("kelurahan")),
        (Fact("identifier", "33.75"), DCTERMS + "identifier", ox.Literal("33.75")),
        (Fact("contained_in", PLACE, "entity"), SDO + "containedInPlace", PLACE),
        (
            Fact("sector", "sector.community", "code"),
            ORG + "classification",
            ox.NamedNode(BASE + "codebook/sector.community"),
        ),
        (Fact("area_served", PLACE, "entity"), SDO + "areaServed", PLACE),
        (
            Fact("sub_organisation_of", EntityKey("organization", "kementerian-pupr"), "entity"),
            ORG + "subOrganizationOf",
            ox.NamedNode(BASE + "org/kementerian-pupr"),
        ),
        (
            Fact("part_of", EntityKey("programme", "pnpm-mandiri-perkotaan"), "entity"),
            DCTERMS + "isPartOf",
            ox.NamedNode(BASE + "programme/pnpm-mandiri-perkotaan"),
        ),
        (Fact("creator", "Sari"), DCTERMS + "creator", ox.Literal("Sari")),
        (Fact("contributor", "Putra"), DCTERMS + "contributor", ox.Literal("Putra")),
        (Fact("date", 2015, "integer"), DCTERMS + "date", ox.Literal("2015", datatype=XSD_INTEGER)),
    ],
)
def test_each_fact_field_is_stated_by_its_property(
    fact: Fact, predicate: str, value: ox.NamedNode | ox.Literal | EntityKey
) -> None:
    text = two_page_text()
    entity = Entity(EntityKey("organization", "bkm-test"), "BKM Test", facts=(fact,))
    evidence = annotate(text, "sector.community", "BKM").evidence
    found = EntityFindings(mentions=(EntityMention(entity, evidence, "test"),))
    graph = document_graph(source_for(b"a"), text, tagged(text), found, run=RUN)
    objects = [
        q.object
        for q in graph.quads
        if q.subject.value == BASE + "org/bkm-test" and q.predicate.value == predicate
    ]
    expected = ox.NamedNode(BASE + "place/33.75.01.1003") if value is PLACE else value
    assert objects == [expected]


def test_every_fact_field_has_a_property() -> None:
    # A field the graph stage cannot state would fail only when some document has it.
    text = two_page_text()
    fields = typing.get_args(FactField)
    facts = tuple(Fact(field, PLACE, "entity") for field in fields)
    found = EntityFindings(document_facts=facts)
    graph = document_graph(source_for(b"a"), text, tagged(text), found, run=RUN)
    stated = {
        q.predicate.value for q in graph.quads if q.object.value == BASE + "place/33.75.01.1003"
    }
    assert len(stated) == len(fields)


def test_document_facts_state_places_studied_and_works_cited() -> None:
    text = two_page_text()
    work = EntityKey("work", "sari", year="2015")
    found = EntityFindings(
        document_facts=(Fact("studies_place", PLACE, "entity"), Fact("cites", work, "entity"))
    )
    graph = document_graph(source_for(b"a"), text, tagged(text), found, run=RUN)
    about = {
        (q.predicate.value, q.object.value)
        for q in graph.quads
        if q.subject.value == graph.document_iri and q.predicate.value.startswith(DCTERMS)
    }
    assert (DCTERMS + "spatial", BASE + "place/33.75.01.1003") in about
    assert (DCTERMS + "references", BASE + "work/sari-2015") in about


def test_implied_entities_are_described_but_not_annotated() -> None:
    text = two_page_text()
    kota = Entity(EntityKey("place", "33.75"), "Kota Pekalongan")
    graph = document_graph(
        source_for(b"a"), text, tagged(text), EntityFindings(implied=(kota,)), run=RUN
    )
    store = _store(graph.quads)
    iri = ox.NamedNode(BASE + "place/33.75")
    assert list(store.quads_for_pattern(iri, None, ox.Literal("Kota Pekalongan"), None))
    assert not list(store.quads_for_pattern(None, None, iri, None))
    assert graph.counts.mentions == 0


def test_each_page_holds_its_text_at_its_offsets() -> None:
    """Placed at their start offsets, the pages' texts are the text offsets index into."""
    text = two_page_text()
    store = _store(document_graph(source_for(b"a"), text, tagged(text), NO_ENTITIES, run=RUN).quads)
    rows = store.query(
        """PREFIX plpbk: <https://w3id.org/plpbk-kg/ontology#>
        SELECT ?number ?start ?end ?text WHERE { GRAPH ?g { ?doc plpbk:hasPage ?page .
          ?page plpbk:pageNumber ?number ; plpbk:startOffset ?start ; plpbk:endOffset ?end ;
                plpbk:pageText ?text } } ORDER BY ?number"""
    )
    pages = [
        (int(r["number"].value), int(r["start"].value), int(r["end"].value), r["text"].value)
        for r in typing.cast(ox.QuerySolutions, rows)
    ]
    assert [(number, start, end) for number, start, end, _ in pages] == [
        (page.number, page.start, page.end) for page in text.pages
    ]
    rebuilt = [" "] * len(text.text)
    for _, start, end, page_text in pages:
        assert len(page_text) == end - start
        rebuilt[start:end] = page_text
    # Only the blank line between the pages is outside every page.
    assert "".join(rebuilt) == text.text.replace("\n\n", "  ")
