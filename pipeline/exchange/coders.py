"""Who coded what: the tagger's and each person's codings, read from the store.

The tagger is a coder too, named :data:`~pipeline.exchange.codings.TAGGER`
("plpbk-kg"): its codings are the code annotations of each document's own graph, and
it coded every stored document. A person's codings are the annotations imported under
their name (see :mod:`~pipeline.exchange.codings`): attributed to them, each with a
body whose ``oa:hasSource`` is the code. The documents a person coded are those an
import of theirs used, even where they found nothing to code.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pyoxigraph as ox

from pipeline.exchange.codings import TAGGER, CodingImportError, is_tagger
from pipeline.iris import coder_iri, coder_key
from pipeline.stores import GraphStore

__all__ = ["CoderCoding", "coded_documents", "coder_profiles", "codings_of", "list_coders"]


@dataclass(frozen=True, slots=True, order=True)
class CoderCoding:
    """One coding of a document by a coder.

    Attributes:
        file_name: The document's file name.
        code: The code's notation.
        start: ``oa:start`` in the document's text.
        end: ``oa:end``.
        exact: The quote (``oa:exact``).
        page: Its 1-based page.
    """

    file_name: str
    code: str
    start: int
    end: int
    exact: str
    page: int


def list_coders(store: GraphStore) -> list[str]:
    """Return the people whose codings the store holds, by name (the tagger not included)."""
    rows = _rows(
        store,
        """SELECT DISTINCT ?name WHERE {
          ?import prov:wasAssociatedWith ?coder ; prov:used ?doc .
          ?coder rdfs:label ?name .
        }""",
    )
    return sorted({row["name"] for row in rows}, key=str.casefold)


def resolve_coder(store: GraphStore, name: str) -> str:
    """Return a coder's name as the store has it (the tagger's as :data:`TAGGER`).

    Raises:
        CodingImportError: No coder of that name (``argument`` "coder"); the message
            names the closest and lists the store's coders.
    """
    if is_tagger(name):
        return TAGGER
    coders = list_coders(store)
    for coder in coders:
        if coder_key(coder) == coder_key(name):
            return coder
    close = difflib.get_close_matches(name, coders, 1)
    known = ", ".join([TAGGER, *coders])
    raise CodingImportError(
        f"no coder {name!r} in the store"
        + (f" (did you mean {close[0]!r}?)" if close else "")
        + f"; its coders are {known}",
        argument="coder",
    )


def coded_documents(store: GraphStore, coder: str) -> list[str]:
    """Return the file names of the documents ``coder`` coded, sorted."""
    if is_tagger(coder):
        rows = _rows(store, "SELECT ?name WHERE { GRAPH ?doc { ?doc plpbk:fileName ?name } }")
    else:
        rows = _rows(
            store,
            f"""SELECT ?name WHERE {{
              ?import prov:wasAssociatedWith <{coder_iri(coder)}> ; prov:used ?doc .
              ?doc plpbk:fileName ?name .
            }}""",
        )
    return sorted({row["name"] for row in rows})


def codings_of(store: GraphStore, coder: str) -> list[CoderCoding]:
    """Return every coding by ``coder`` (a person, or the tagger), sorted.

    The tagger's are read a document at a time, from each document's own graph.
    """
    if not is_tagger(coder):
        rows = _rows(
            store,
            f"""SELECT ?name ?code ?start ?end ?exact ?page WHERE {{
              ?annotation prov:wasAttributedTo <{coder_iri(coder)}> ;
                          oa:hasBody ?body ; oa:hasTarget ?target .
              ?body oa:hasSource ?concept . ?concept skos:notation ?code .
              ?target oa:hasSource ?doc ; plpbk:page ?page ;
                      oa:hasSelector ?quote , ?position .
              ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
              ?doc plpbk:fileName ?name .
            }}""",
        )
        return sorted(_coding(row) for row in rows)
    codings: list[CoderCoding] = []
    documents = _rows(store, "SELECT ?doc ?name WHERE { GRAPH ?doc { ?doc plpbk:fileName ?name } }")
    for document in documents:
        doc = document["doc"]
        rows = _rows(
            store,
            f"""SELECT ?code ?start ?end ?exact ?page WHERE {{ GRAPH <{doc}> {{
              ?target oa:hasSource <{doc}> ; plpbk:page ?page ;
                      oa:hasSelector ?quote , ?position .
              ?annotation oa:hasTarget ?target ; oa:motivatedBy oa:classifying ;
                          oa:hasBody ?concept .
              ?quote oa:exact ?exact . ?position oa:start ?start ; oa:end ?end .
            }} ?concept skos:notation ?code . }}""",
        )
        codings += [_coding({**row, "name": document["name"]}) for row in rows]
    return sorted(codings)


def coder_profiles(store: GraphStore, coder: str) -> dict[str, dict[str, int]]:
    """Return a person's codings counted by code, by the file name of each document coded.

    A document the coder coded without finding anything has an empty profile.
    """
    profiles: dict[str, dict[str, int]] = {name: {} for name in coded_documents(store, coder)}
    for coding in codings_of(store, coder):
        counts = profiles.setdefault(coding.file_name, {})
        counts[coding.code] = counts.get(coding.code, 0) + 1
    return profiles


def _coding(row: dict[str, str]) -> CoderCoding:
    return CoderCoding(
        file_name=row["name"],
        code=row["code"],
        start=int(row["start"]),
        end=int(row["end"]),
        exact=row["exact"],
        page=int(row["page"]),
    )


def _rows(store: GraphStore, sparql: str) -> list[dict[str, str]]:
    results = store.query(sparql)
    assert isinstance(results, ox.QuerySolutions)
    names = [variable.value for variable in results.variables]
    return [
        {
            name: term.value
            for name in names
            if isinstance(term := solution[name], ox.NamedNode | ox.Literal)
        }
        for solution in results
    ]
