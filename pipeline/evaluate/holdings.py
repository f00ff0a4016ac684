"""What the store holds for a document: its codes, pairs and entities, asked by SPARQL."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from pipeline.evaluate.scores import Evidence
from pipeline.gazetteer import name_key
from pipeline.stores import GraphStore

_DOCUMENTS = """
SELECT ?doc ?file WHERE { ?doc a plpbk:Document ; plpbk:fileName ?file . }
ORDER BY ?doc
"""

_CODES = """
SELECT ?doc ?file ?code ?quote ?prefix ?suffix ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation a oa:Annotation ; oa:hasBody ?concept ; oa:hasTarget ?target .
  ?concept a skos:Concept ; skos:notation ?code .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quoteSelector oa:prefix ?prefix }
  OPTIONAL { ?quoteSelector oa:suffix ?suffix }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""

_RELATIONS = """
SELECT ?doc ?file ?predicate ?sector ?object ?quote ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation oa:hasBody ?statement ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?statement plpbk:sector/skos:notation ?sector .
  {
    ?statement a plpbk:RoleStatement ; plpbk:role/skos:notation ?object .
    BIND("plays" AS ?predicate)
  } UNION {
    ?statement a plpbk:ProvisionStatement ; plpbk:form/skos:notation ?object .
    BIND("provides" AS ?predicate)
  }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""


_ENTITY_MENTIONS = """
SELECT DISTINCT ?doc ?file ?entity ?kind ?quote ?start ?end ?page ?rule WHERE {
  ?doc a plpbk:Document ; plpbk:fileName ?file .
  ?annotation oa:motivatedBy oa:identifying ; oa:hasBody ?entity ; oa:hasTarget ?target .
  ?target oa:hasSource ?doc ; oa:hasSelector ?quoteSelector , ?positionSelector .
  ?quoteSelector a oa:TextQuoteSelector ; oa:exact ?quote .
  ?positionSelector a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  { ?entity a org:Organization . BIND("organizations" AS ?kind) }
  UNION { ?entity a schema:AdministrativeArea . BIND("places" AS ?kind) }
  UNION { ?entity a dcterms:BibliographicResource . BIND("citations" AS ?kind) }
  OPTIONAL { ?target plpbk:page ?page }
  OPTIONAL { ?annotation plpbk:rule ?rule }
}
"""

# The names an entity has in the document's own graph: another document's names for
# the same node are not what this document was found to say.
_ENTITY_NAMES = """
SELECT DISTINCT ?doc ?file ?entity ?name ?preferred WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file .
    { ?entity rdfs:label ?name . BIND(true AS ?preferred) }
    UNION { ?entity skos:altLabel ?name . BIND(false AS ?preferred) }
  }
}
"""

_SECTORS = """
SELECT DISTINCT ?doc ?file ?entity ?sector WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file .
    ?entity org:classification ?sector .
  }
}
"""

_STUDIED = """
SELECT DISTINCT ?doc ?file ?place WHERE {
  GRAPH ?graph { ?doc a plpbk:Document ; plpbk:fileName ?file ; dcterms:spatial ?place . }
}
"""

_CITED_WORKS = """
SELECT DISTINCT ?doc ?file ?work ?author ?year WHERE {
  GRAPH ?graph {
    ?doc a plpbk:Document ; plpbk:fileName ?file ; dcterms:references ?work .
    ?work dcterms:creator ?author ; dcterms:date ?year .
  }
}
"""


@dataclass
class HeldEntity:
    """An entity the document names, as the store holds it."""

    kind: str
    label: str = ""
    names: set[str] = field(default_factory=set)  # name_key of the label and the alt labels
    evidence: list[Evidence] = field(default_factory=list)
    sectors: set[str] = field(default_factory=set)  # notations of org:classification


@dataclass(frozen=True, slots=True)
class Found:
    """An annotation of a code, with the context the store keeps around its quote."""

    evidence: Evidence
    prefix: str
    suffix: str


@dataclass
class Holdings:
    """What the store holds for one document."""

    codes: dict[str, list[Found]] = field(default_factory=lambda: defaultdict(list))
    relations: dict[tuple[str, str, str], list[Evidence]] = field(
        default_factory=lambda: defaultdict(list)
    )
    entities: dict[str, HeldEntity] = field(default_factory=dict)  # by IRI
    works: dict[str, tuple[str, int]] = field(default_factory=dict)  # cited: (author, year)
    studied: dict[str, HeldEntity] = field(default_factory=dict)  # dcterms:spatial, by IRI


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else str(term.value)


def _integer(solution: ox.QuerySolution, name: str) -> int | None:
    value = _value(solution, name)
    return int(value) if value is not None else None


def _evidence(solution: ox.QuerySolution) -> Evidence:
    return Evidence(
        quote=_value(solution, "quote") or "",
        start=_integer(solution, "start") or 0,
        end=_integer(solution, "end") or 0,
        page=_integer(solution, "page"),
        rule=_value(solution, "rule") or "",
    )


def holdings_of(store: GraphStore, file_name: str) -> dict[str, Holdings]:
    """What the store holds for the documents named ``file_name``, by document IRI."""
    binding = {ox.Variable("file"): ox.Literal(file_name)}
    holdings: dict[str, Holdings] = {}
    for solution in _select(store, _DOCUMENTS, binding):
        holdings[_value(solution, "doc") or ""] = Holdings()
    if not holdings:
        return holdings
    for doc, solutions in _by_document(store, _CODES, binding).items():
        for solution in solutions:
            found = Found(
                _evidence(solution),
                _value(solution, "prefix") or "",
                _value(solution, "suffix") or "",
            )
            holdings[doc].codes[_value(solution, "code") or ""].append(found)
    for doc, solutions in _by_document(store, _RELATIONS, binding).items():
        for solution in solutions:
            key = (
                _value(solution, "predicate") or "",
                _value(solution, "sector") or "",
                _value(solution, "object") or "",
            )
            holdings[doc].relations[key].append(_evidence(solution))
    for doc, solutions in _by_document(store, _ENTITY_MENTIONS, binding).items():
        for solution in solutions:
            entities = holdings[doc].entities
            iri = _value(solution, "entity") or ""
            entity = entities.setdefault(iri, HeldEntity(_value(solution, "kind") or ""))
            entity.evidence.append(_evidence(solution))
    for doc, solutions in _by_document(store, _STUDIED, binding).items():
        for solution in solutions:
            holdings[doc].studied[_value(solution, "place") or ""] = HeldEntity("places")
    for doc, solutions in _by_document(store, _ENTITY_NAMES, binding).items():
        for solution in solutions:
            iri = _value(solution, "entity") or ""
            for named in (holdings[doc].entities.get(iri), holdings[doc].studied.get(iri)):
                if named is None:
                    continue  # an entity the document only implies (a kelurahan's kota)
                name = _value(solution, "name") or ""
                named.names.add(name_key(name))
                if _value(solution, "preferred") == "true":
                    named.label = name
    for doc, solutions in _by_document(store, _SECTORS, binding).items():
        for solution in solutions:
            organisation = holdings[doc].entities.get(_value(solution, "entity") or "")
            if organisation is not None:
                sector = _value(solution, "sector") or ""
                organisation.sectors.add(sector.rsplit("/", 1)[-1])
    for doc, solutions in _by_document(store, _CITED_WORKS, binding).items():
        for solution in solutions:
            year = _integer(solution, "year")
            if year is not None:
                work = _value(solution, "work") or ""
                holdings[doc].works[work] = (_value(solution, "author") or "", year)
    return holdings


def _select(
    store: GraphStore, query: str, binding: dict[ox.Variable, ox.Literal]
) -> ox.QuerySolutions:
    results = store.query(query, substitutions=binding)
    if not isinstance(results, ox.QuerySolutions):
        raise TypeError("expected SELECT results")
    return results


def _by_document(
    store: GraphStore, query: str, binding: dict[ox.Variable, ox.Literal]
) -> dict[str, list[ox.QuerySolution]]:
    """Run ``query`` (which selects ``?doc``) and group its solutions by document."""
    grouped: dict[str, list[ox.QuerySolution]] = defaultdict(list)
    for solution in _select(store, query, binding):
        grouped[_value(solution, "doc") or ""].append(solution)
    return grouped
