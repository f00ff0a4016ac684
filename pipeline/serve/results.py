"""Answers as the SPARQL 1.1 Protocol serves them: formats chosen by ``Accept``, rows capped.

A SELECT's solutions are collected up to the server's row cap before anything is written,
so that an answer over the cap is refused (or, when the client asks for it, cut and
labelled) rather than sent half-written; the store's own serialisers write a whole
iterator, so the four result formats (W3C SPARQL 1.1 Query Results JSON, XML, CSV, TSV)
are written here from the collected rows. An ASK is written by the store; a CONSTRUCT's
or DESCRIBE's triples by ``pyoxigraph.serialize`` (Turtle, N-Triples, JSON-LD).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal as Kind
from typing import TypeVar
from xml.sax.saxutils import escape, quoteattr

import orjson
import pyoxigraph as ox

from pipeline.errors import QueryError
from pipeline.vocab import PREFIXES

RESULT_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
"""A SELECT's or an ASK's formats (``?format=`` key → media type), the first the default."""

GRAPH_TYPES: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
"""A CONSTRUCT's or a DESCRIBE's formats (``?format=`` key → media type), the first the default."""

RECORDS = "records"
"""The REST API's JSON: ``{"columns": […], "rows": [{column: value}], "truncated": …}``."""

_ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "nt",
    "turtle": "ttl",
    "n-triples": "nt",
    "json-ld": "jsonld",
}
_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


Item = TypeVar("Item")


class NotAcceptableError(QueryError):
    """No format the client accepts can carry this kind of answer (HTTP 406)."""


class TooManyRowsError(QueryError):
    """The answer has more rows than the server's cap, and the client did not ask to cut it."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A query's answer, serialised whole.

    Attributes:
        body: The bytes to send.
        media_type: Their media type (with ``charset`` where textual).
        rows: Rows (or triples) written; None for an ASK.
        truncated: Whether the answer was cut at the row cap (asked for by the client).
        snapshot: The published snapshot the worker read (None: a store without
            snapshots), set by the worker: what the server's cache files it under.
    """

    body: bytes
    media_type: str
    rows: int | None = None
    truncated: bool = False
    snapshot: str | None = None


def choose_format(kind: Kind["results", "graph"], accept: Sequence[str], fmt: str | None) -> str:
    """The format key to answer in: ``fmt`` if given, else the first accepted that fits.

    Args:
        kind: ``"results"`` for SELECT and ASK, ``"graph"`` for CONSTRUCT and DESCRIBE.
        accept: The media types of the ``Accept`` header, most preferred first.
        fmt: A ``?format=`` key or media type, which overrides ``accept``.

    Raises:
        NotAcceptableError: Nothing asked for fits this kind of answer.
    """
    table = RESULT_TYPES if kind == "results" else GRAPH_TYPES
    by_type = {media: key for key, media in table.items()}
    if fmt:
        key = _ALIASES.get(fmt, by_type.get(fmt, fmt))
        if key in table:
            return key
        raise NotAcceptableError(
            f"format {fmt!r} cannot carry this answer; use one of {', '.join(table)}"
        )
    if not accept:
        return next(iter(table))
    for media in accept:
        found = by_type.get(media) or _ALIASES.get(media)
        if found in table:
            return str(found)
        major = media.split("/")[0]
        if media == "*/*":
            return next(iter(table))
        if media.endswith("/*"):
            for candidate_key, candidate in table.items():
                if candidate.startswith(f"{major}/"):
                    return candidate_key
    raise NotAcceptableError(
        f"none of the accepted types ({', '.join(accept)}) can carry this answer; this one "
        f"is served as {', '.join(table.values())}"
    )


def parse_accept(header: str) -> list[str]:
    """The media types of an ``Accept`` header, by decreasing quality (ties keep their order)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        media, *options = (piece.strip() for piece in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            ranked.append((-quality, index, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def encode(
    results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    *,
    accept: Sequence[str],
    fmt: str | None,
    max_rows: int,
    truncate: bool,
) -> Answer:
    """Serialise a query's answer in the format asked for, holding to the row cap.

    Args:
        results: What the store answered.
        accept: The client's accepted media types, most preferred first.
        fmt: A ``?format=`` that overrides ``accept``.
        max_rows: The most rows (or triples) an answer may have.
        truncate: Send the first ``max_rows`` (labelled) instead of refusing a longer answer.

    Raises:
        NotAcceptableError: No accepted format fits.
        TooManyRowsError: Over the cap and ``truncate`` is false.
    """
    if fmt == RECORDS and isinstance(results, ox.QuerySolutions):
        columns = [variable.value for variable in results.variables]
        solutions, truncated = _capped(results, max_rows, truncate)
        rows = _rows(solutions, len(columns))
        body = _write_records(columns, rows, truncated=truncated)
        return Answer(body, "application/json", len(rows), truncated)
    if fmt == RECORDS:
        fmt = "json" if isinstance(results, ox.QueryBoolean) else "jsonld"
    if isinstance(results, ox.QueryBoolean):
        key = choose_format("results", accept, fmt)
        body = results.serialize(format=_RESULT_FORMATS[key]) or b""
        return Answer(body, _media(RESULT_TYPES[key]))
    if isinstance(results, ox.QueryTriples):
        key = choose_format("graph", accept, fmt)
        triples, truncated = _capped(results, max_rows, truncate)
        body = ox.serialize(triples, format=_RDF_FORMATS[key], prefixes=PREFIXES) or b""
        return Answer(body, _media(GRAPH_TYPES[key]), len(triples), truncated)
    key = choose_format("results", accept, fmt)
    columns = [variable.value for variable in results.variables]
    solutions, truncated = _capped(results, max_rows, truncate)
    rows = _rows(solutions, len(columns))
    body = _WRITERS[key](columns, rows)
    return Answer(body, _media(RESULT_TYPES[key]), len(rows), truncated)


def _capped(items: Iterable[Item], cap: int, cut: bool) -> tuple[list[Item], bool]:
    """The first ``cap`` items, and whether there were more (refused unless ``cut``)."""
    collected: list[Item] = []
    for item in items:
        if len(collected) == cap:
            if cut:
                return collected, True
            raise TooManyRowsError(
                f"the answer has more than {cap:,} rows, the server's limit (--max-rows); "
                "add LIMIT and OFFSET to page through it, narrow the query, or ask for the "
                "first rows only with truncate=true"
            )
        collected.append(item)
    return collected, False


def _rows(solutions: list[ox.QuerySolution], width: int) -> list[Row]:
    """The solutions' values, column by column (by position: twice as fast as by name)."""
    positions = range(width)
    return [[solution[index] for index in positions] for solution in solutions]


def _media(media: str) -> str:
    return media if media.endswith("json") else f"{media}; charset=utf-8"


Row = list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        cell: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            cell["datatype"] = term.datatype.value
        return cell
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise QueryError(f"unexpected term in an answer: {term!r}")


def _write_json(columns: list[str], rows: list[Row]) -> bytes:
    bindings = [
        {
            column: _json_term(term)
            for column, term in zip(columns, row, strict=True)
            if term is not None
        }
        for row in rows
    ]
    document = {"head": {"vars": columns}, "results": {"bindings": bindings}}
    return _dumps(document)


def _dumps(document: object) -> bytes:
    """Compact UTF-8 JSON, by orjson (several times faster on the 10,000-row matrix); an
    integer past 64 bits, which orjson refuses, by the standard library."""
    try:
        return orjson.dumps(document)
    except TypeError:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
            f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object>"
            "</triple>"
        )
    raise QueryError(f"unexpected term in an answer: {term!r}")


def _write_xml(columns: list[str], rows: list[Row]) -> bytes:
    out = io.StringIO()
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
    out.write("<head>")
    for column in columns:
        out.write(f"<variable name={quoteattr(column)}/>")
    out.write("</head><results>")
    for row in rows:
        out.write("<result>")
        for column, term in zip(columns, row, strict=True):
            if term is not None:
                out.write(f"<binding name={quoteattr(column)}>{_xml_term(term)}</binding>")
        out.write("</result>")
    out.write("</results></sparql>\n")
    return out.getvalue().encode()


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _write_csv(columns: list[str], rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_value(term) for term in row] for row in rows)
    return out.getvalue().encode()


def _write_tsv(columns: list[str], rows: list[Row]) -> bytes:
    # TSV carries terms in their N-Triples (Turtle) form, whose escapes keep tabs and line
    # breaks out of a cell.
    lines = ["\t".join(f"?{column}" for column in columns)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _plain(term: object) -> object:
    """A term as a JSON value: numbers and booleans as such, anything else its text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.removeprefix("http://www.w3.org/2001/XMLSchema#")
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in {"decimal", "double", "float"}:
                number = float(term.value)
                return number if math.isfinite(number) else None  # JSON has no NaN
        except ValueError:
            return term.value
        if datatype == "boolean":
            return term.value in {"true", "1"}
        return term.value
    return _csv_value(term)


def _write_records(columns: list[str], rows: list[Row], *, truncated: bool) -> bytes:
    document = {
        "columns": columns,
        "rows": [
            {column: _plain(term) for column, term in zip(columns, row, strict=True)}
            for row in rows
        ],
        "truncated": truncated,
    }
    return _dumps(document)


_INTEGERS = frozenset(
    {
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    }
)
_WRITERS = {"json": _write_json, "xml": _write_xml, "csv": _write_csv, "tsv": _write_tsv}
_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
