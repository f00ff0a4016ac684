"""The remote store: any SPARQL 1.1 server, spoken to through the W3C protocols only.

A document's named graph is replaced with one Graph Store HTTP Protocol ``PUT`` (the
server swaps the graph whole, so a reader never sees half a document); the manifest
records which path a document was read from through SPARQL Update, *after* the PUT
succeeded; reads go through the SPARQL Query protocol. The order is what makes a
failure between the two writes harmless: the document is whole and current, so the
next ingest finds it unchanged and writes the missing manifest record then (dropping
the version it superseded, as a first ingest would have).

Queries see the union of the named graphs as their default graph, as on the embedded
store, by one of three means (``PLPBK_UNION_DEFAULT_GRAPH``):

* ``parameter`` -- Oxigraph's ``union-default-graph`` request parameter (the default
  for a server at ``--store http://HOST:PORT`` with Oxigraph's endpoint layout);
* ``server`` -- the server is configured so (``oxigraph serve --union-default-graph``,
  Fuseki's ``tdb2:unionDefaultGraph true``): nothing is sent;
* ``graphs`` -- portable to any SPARQL 1.1 server: each query names every graph as a
  ``default-graph-uri`` (and ``named-graph-uri``, so ``GRAPH ?g`` still reaches them),
  the protocol's own way to state a dataset (the default when endpoints are named).

Parameters are bound as the embedded store binds them (before the query is evaluated):
a ``VALUES`` block joined at the head of the query's outer group. Every request has a
timeout, and only the configured endpoints are ever contacted (no proxy from the
environment either).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, cast, get_args

import httpx
import pyoxigraph as ox

from pipeline.errors import QueryTimeoutError, StoreError
from pipeline.iris import document_iri, vocabulary_graph_iri
from pipeline.manifest import (
    MANIFEST,
    SOURCE_PATH,
    drop_document,
    forget_path,
    lexical,
    point_path,
)
from pipeline.quads import DocumentGraph, iter_ntriples
from pipeline.store import DocumentStatus, StoredDocument
from pipeline.vocab import PLPBK, PREFIXES, PROV

UnionMode = Literal["parameter", "server", "graphs"]
"""How queries get the union of the named graphs as their default graph (module docs)."""

QUERY_ENDPOINT_ENV = "PLPBK_QUERY_ENDPOINT"
UPDATE_ENDPOINT_ENV = "PLPBK_UPDATE_ENDPOINT"
GRAPH_STORE_ENDPOINT_ENV = "PLPBK_GRAPH_STORE_ENDPOINT"
UNION_ENV = "PLPBK_UNION_DEFAULT_GRAPH"
TIMEOUT_ENV = "PLPBK_REMOTE_TIMEOUT"

DEFAULT_TIMEOUT = 600.0
"""Seconds a request may take (a large PUT, a long query) before it is given up."""

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to accept a connection."""

CANCELLED = b"The SPARQL operation has been cancelled"
"""What Oxigraph appends to a 200 response whose query it stopped at its timeout."""

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_RESULTS_JSON = "application/sparql-results+json"


class RemoteStoreError(StoreError):
    """The SPARQL server could not be reached, or refused a request (its answer quoted)."""


def is_remote(location: str | Path) -> bool:
    """Whether a ``--store`` value names a server (an ``http(s)://`` URL), not a folder."""
    return isinstance(location, str) and location.lower().startswith(("http://", "https://"))


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a SPARQL server answers each protocol, and how it is asked.

    Attributes:
        store: The ``--store`` URL, as the user gave it (shown in messages and summaries).
        query: The SPARQL Query endpoint.
        update: The SPARQL Update endpoint.
        graph_store: The Graph Store HTTP Protocol endpoint (``?graph=`` is added).
        union: How queries see the union of the named graphs (module docs).
        timeout: Seconds any one request may take.
    """

    store: str
    query: str
    update: str
    graph_store: str
    union: UnionMode
    timeout: float

    @classmethod
    def from_environment(cls, store: str, *, environ: Mapping[str, str] | None = None) -> Endpoints:
        """Oxigraph's endpoint layout under ``store``, unless the environment names others.

        ``PLPBK_QUERY_ENDPOINT``, ``PLPBK_UPDATE_ENDPOINT`` and
        ``PLPBK_GRAPH_STORE_ENDPOINT`` name endpoints of another server (the CLI's
        ``--query-endpoint`` … options set them); ``PLPBK_UNION_DEFAULT_GRAPH`` says how
        the union is asked for (``parameter`` for Oxigraph's layout, ``graphs`` once an
        endpoint is named); ``PLPBK_REMOTE_TIMEOUT`` the seconds a request may take.

        Raises:
            StoreError: A malformed URL, union mode or timeout.
        """
        env = os.environ if environ is None else environ
        base = store.rstrip("/")
        named = {
            "query": env.get(QUERY_ENDPOINT_ENV) or "",
            "update": env.get(UPDATE_ENDPOINT_ENV) or "",
            "graph_store": env.get(GRAPH_STORE_ENDPOINT_ENV) or "",
        }
        for url in (store, *named.values()):
            if url and not is_remote(url):
                raise StoreError(f"not an http(s) URL of a SPARQL endpoint: {url!r}")
        union = env.get(UNION_ENV) or ("graphs" if any(named.values()) else "parameter")
        if union not in get_args(UnionMode):
            raise StoreError(
                f"{UNION_ENV}={union!r}: expected one of {', '.join(get_args(UnionMode))}"
            )
        try:
            timeout = float(env.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
        except ValueError:
            raise StoreError(f"{TIMEOUT_ENV} must be a number of seconds") from None
        if timeout <= 0:
            raise StoreError(f"{TIMEOUT_ENV} must be a positive number of seconds")
        return cls(
            store=store,
            query=named["query"] or f"{base}/query",
            update=named["update"] or f"{base}/update",
            graph_store=named["graph_store"] or f"{base}/store",
            union=cast(UnionMode, union),
            timeout=timeout,
        )


class RemoteStore:
    """The project's store on a SPARQL 1.1 server: the same methods as the embedded one.

    Open it with :meth:`open`; use it as a context manager so its connections close.
    No lock guards a server against two writers: run one ingest into it at a time.
    """

    def __init__(self, endpoints: Endpoints, *, read_only: bool) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self.path: Path | None = None  # no folder: nothing local to skip or lock
        self._client: httpx.Client | None = httpx.Client(
            timeout=httpx.Timeout(endpoints.timeout, connect=CONNECT_TIMEOUT),
            trust_env=False,  # never a proxy from the environment: only the given URLs
            follow_redirects=False,
        )

    # --- opening ---------------------------------------------------------------------

    @classmethod
    def open(cls, store: str, *, read_only: bool = False, create: bool = True) -> RemoteStore:
        """Connect to the server at ``store`` and check that it answers queries.

        Args:
            store: The server's URL (Oxigraph's layout), endpoints from the environment.
            read_only: Refuse every write (queries only).
            create: Unused: a server always holds a dataset; kept for the embedded
                store's signature.

        Raises:
            RemoteStoreError: The server does not answer, or refuses the probe.
            StoreError: A malformed URL or setting.
        """
        del create  # a server's dataset exists as soon as the server does
        remote = cls(Endpoints.from_environment(store), read_only=read_only)
        try:
            remote._select("ASK {}", union=False)
        except BaseException:
            remote.close()
            raise
        return remote

    def close(self) -> None:
        """Close the connections to the server."""
        if self._client is not None:
            client, self._client = self._client, None
            client.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- vocabularies ----------------------------------------------------------------

    def load_vocabulary(self, files: Iterable[Path]) -> None:
        """PUT each Turtle file (ontology, codebook) as a named graph of its own."""
        for file in sorted(files):
            try:
                triples = ox.parse(path=str(file), format=ox.RdfFormat.TURTLE)
                body = "\n".join(iter_ntriples(triples))
            except (OSError, SyntaxError) as error:
                raise StoreError(f"cannot load {file}: {error}") from error
            self._put(vocabulary_graph_iri(file.stem), body)

    # --- documents -------------------------------------------------------------------

    def document_status(
        self, sha256: str, *, pipeline_version: str, codebook_version: str
    ) -> DocumentStatus:
        """Tell whether the document with this SHA-256 is stored, and by which versions."""
        doc = f"<{document_iri(sha256)}>"
        rows = self._rows(
            f"SELECT ?pipeline ?codebook WHERE {{ "
            f"{{ SELECT ?present WHERE {{ GRAPH {doc} {{ {doc} ?present ?o }} }} LIMIT 1 }} "
            f"OPTIONAL {{ GRAPH {doc} {{ {doc} <{PROV.wasGeneratedBy}> ?run . "
            f"?run <{PLPBK.pipelineVersion}> ?pipeline ; <{PLPBK.codebookVersion}> ?codebook "
            "} } }"
        )
        if not rows:
            return DocumentStatus.ABSENT
        if any(row == [pipeline_version, codebook_version] for row in rows):
            return DocumentStatus.CURRENT
        return DocumentStatus.STALE

    def replace_document(self, graph: DocumentGraph, *, source_path: str) -> list[str]:
        """PUT a document's graph (replaced whole), then record where it was read from.

        Args:
            graph: The document's quads.
            source_path: The path the document was read from (absolute).

        Returns:
            The IRIs of the documents that were superseded and dropped.

        Raises:
            RemoteStoreError: The server refused or did not answer; the document is then
                either stored whole or not at all (a PUT is atomic), and a new ingest
                completes whatever the failure left undone.
        """
        self._put(graph.graph_iri, "\n".join(iter_ntriples(graph.quads)))
        return self._record([(graph.document_iri, source_path)])

    def record_source(self, sha256: str, source_path: str) -> None:
        """Note that an unchanged document was (also) found at ``source_path``."""
        self.record_sources([(sha256, source_path)])

    def record_sources(self, entries: Iterable[tuple[str, str]]) -> int:
        """Note that unchanged documents were (also) found at these paths, in one update.

        An entry the manifest holds already is left alone. A document that the path
        used to hold, and no other path holds, is dropped: the record a failed ingest
        could not write (its PUT done, its manifest update not) is repaired here.

        Returns:
            How many entries were new.
        """
        return len(self._record([(document_iri(sha), path) for sha, path in entries], count=True))

    def remove_document(self, sha256: str) -> bool:
        """Drop a document's graph and its manifest entries; False if it was absent."""
        doc = document_iri(sha256)
        if not self._select(f"ASK {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}", union=False):
            return False
        self._update(" ;\n".join(drop_document(doc)))
        return True

    def documents(self) -> list[StoredDocument]:
        """Return every stored document, ordered by file name."""
        rows = self._rows(
            "SELECT ?doc ?id ?name WHERE { GRAPH ?doc { ?doc a plpbk:Document ; "
            "dcterms:identifier ?id ; plpbk:fileName ?name } } ORDER BY ?name ?id"
        )
        return [
            StoredDocument(iri=iri, sha256=sha.removeprefix("sha256:"), file_name=name)
            for iri, sha, name in rows
        ]

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query on the server over the union of all graphs.

        The query is first read by the same engine the embedded store uses, so that a
        syntax error or a parameter the query does not select fails the same way.

        Raises:
            SyntaxError: The query does not parse.
            RuntimeError: A parameter is not a variable the query selects.
            QueryTimeoutError: The server stopped the query at its own time limit.
            RemoteStoreError: The server could not be reached or refused the query.
        """
        bound = dict(substitutions or {})
        if not re.search(r"\bSERVICE\b", _blanked(sparql), re.IGNORECASE):
            # Parse only (an empty store answers at once); a SERVICE clause is left to
            # the server, which alone may reach the network on a query's behalf.
            terms: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
            terms = dict(bound)
            ox.Store().query(sparql, prefixes=PREFIXES, substitutions=terms)
        return self._select(bind_values(sparql, bound), union=True)

    # --- internals ---------------------------------------------------------------------

    def _record(self, entries: Sequence[tuple[str, str]], *, count: bool = False) -> list[str]:
        """Point each path at its document in the manifest, dropping what it supersedes.

        Returns the superseded documents, or (``count``) the entries that were new.
        """
        manifest = self._manifest([path for _, path in entries])
        operations: list[str] = []
        superseded: list[str] = []
        new: list[str] = []
        for doc, path in entries:
            at_path = sorted(d for d, paths in manifest.items() if path in paths)
            if at_path == [doc]:
                continue
            new.append(doc)
            operations.append(forget_path(path))
            for old in at_path:
                if old != doc and manifest[old] <= {path} and old not in superseded:
                    superseded.append(old)
                    operations += drop_document(old)
            operations += point_path(doc, path)
        if operations:
            self._update(" ;\n".join(operations))
        return new if count else superseded

    def _manifest(self, paths: Sequence[str]) -> dict[str, set[str]]:
        """Every path of each document that the manifest records at one of ``paths``."""
        found: dict[str, set[str]] = {}
        for start in range(0, len(paths), _BATCH):
            values = " ".join(str(ox.Literal(p)) for p in paths[start : start + _BATCH])
            for doc, path in self._rows(
                f"SELECT ?doc ?path WHERE {{ GRAPH {_MANIFEST} {{ "
                f"VALUES ?at {{ {values} }} ?doc {_SOURCE} ?at . ?doc {_SOURCE} ?path }} }}"
            ):
                found.setdefault(doc, set()).add(path)
        return found

    def _rows(self, sparql: str) -> list[list[str]]:
        """A SELECT's rows as lexical values ("" for unbound), over the server's dataset."""
        results = self._select(sparql, union=False)
        assert isinstance(results, ox.QuerySolutions)
        columns = [v.value for v in results.variables]
        return [[lexical(solution[c]) for c in columns] for solution in results]

    def _select(
        self, sparql: str, *, union: bool
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """POST a query; ``union``: over the union of the graphs (else the server's dataset)."""
        prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
        form: dict[str, str | list[str]] = {"query": prologue + sparql}
        if union and self.endpoints.union == "parameter":
            form["union-default-graph"] = ""
        elif union and self.endpoints.union == "graphs":
            graphs = self._rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
            form["default-graph-uri"] = form["named-graph-uri"] = [g for (g,) in graphs]
        response = self._send("POST", self.endpoints.query, data=form, headers={"Accept": _ACCEPT})
        return _results(response, self.endpoints.query)

    def _put(self, graph_iri: str, ntriples: str) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        self._send(
            "PUT",
            self.endpoints.graph_store,
            params={"graph": graph_iri},
            content=ntriples.encode("utf-8"),
            headers={"Content-Type": "application/n-triples"},
        )

    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        self._send(
            "POST",
            self.endpoints.update,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def _send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str],
        data: Mapping[str, str | list[str]] | None = None,
        params: dict[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """One request; any failure becomes one line naming the URL and the cause."""
        if self._client is None:
            raise StoreError("the store is closed")
        try:
            response = self._client.request(
                method, url, headers=headers, data=data, params=params, content=content
            )
        except httpx.ConnectError as error:
            raise RemoteStoreError(
                f"cannot reach the SPARQL server at {shown(url)} "
                f"({_one_line(str(error)) or 'refused'}); is it running? check --store"
            ) from None
        except httpx.TimeoutException:
            raise RemoteStoreError(
                f"the SPARQL server at {shown(url)} did not answer within "
                f"{self.endpoints.timeout:g} s (raise {TIMEOUT_ENV})"
            ) from None
        except httpx.HTTPError as error:
            raise RemoteStoreError(
                f"the connection to the SPARQL server at {shown(url)} failed: "
                f"{_one_line(str(error)) or type(error).__name__}"
            ) from None
        if response.status_code >= 300:
            message = _one_line(response.text)[:300]
            raise RemoteStoreError(
                f"the SPARQL server at {shown(url)} answered {method} with HTTP "
                f"{response.status_code} {response.reason_phrase}"
                + (f": {message}" if message else "")
            )
        return response


def bind_values(sparql: str, bindings: Mapping[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """Bind variables as the embedded store's substitutions do, in standard SPARQL.

    The outer group ``{ P }`` becomes ``{ VALUES (?v …) { (term …) } { P } }``: the
    values are joined before anything else is evaluated (and before grouping), so the
    answer is the one a substitution gives, and a server starts from the bound terms.

    Args:
        sparql: The query (prefixed names allowed).
        bindings: Each variable's term.

    Returns:
        The query with the bindings written into it (unchanged when there are none).
    """
    if not bindings:
        return sparql
    start, end = _outer_group(sparql)
    variables = " ".join(f"?{variable.value}" for variable in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    head = f"{{ VALUES ({variables}) {{ ({terms}) }} {{"
    return f"{sparql[:start]}{head}{sparql[start + 1 : end]}}} }}{sparql[end + 1 :]}"


def _outer_group(sparql: str) -> tuple[int, int]:
    """The offsets of the braces that open and close the query's WHERE group."""
    text = _blanked(sparql)
    form = re.search(r"\b(SELECT|CONSTRUCT|DESCRIBE|ASK)\b", text, re.IGNORECASE)
    if form is None:
        raise SyntaxError("the query has no SELECT, CONSTRUCT, DESCRIBE or ASK")
    groups: list[tuple[int, int]] = []  # top-level { … } after the form keyword
    where = -1
    depth = 0
    opened = 0
    for match in re.finditer(r"[{}()]|\bWHERE\b", text[form.end() :], re.IGNORECASE):
        token, at = match.group(0), form.end() + match.start()
        if token in "({":
            if depth == 0 and token == "{":
                opened = at
            depth += 1
        elif token in ")}":
            depth -= 1
            if depth == 0 and token == "}":
                groups.append((opened, at))
        elif depth == 0 and where < 0:
            where = at
    if where >= 0:
        after = [group for group in groups if group[0] > where]
    elif form.group(1).upper() == "CONSTRUCT":
        after = groups[1:]  # the first group is the template
    else:
        after = groups
    if not after:
        raise SyntaxError("the query has no WHERE group")
    return after[0]


_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"",
    re.DOTALL,
)


def _blanked(sparql: str) -> str:
    """The query with IRIs, strings and comments blanked out (offsets kept)."""
    out: list[str] = []
    at = 0
    while at < len(sparql):
        char = sparql[at]
        match = None
        if char == "<":
            match = _IRI.match(sparql, at)
        elif char in "'\"":
            match = _STRING.match(sparql, at)
        elif char == "#":
            end = sparql.find("\n", at)
            end = len(sparql) if end < 0 else end
            out.append(" " * (end - at))
            at = end
            continue
        if match is not None:
            out.append(" " * (match.end() - at))
            at = match.end()
        else:
            out.append(char)
            at += 1
    return "".join(out)


def _results(
    response: httpx.Response, url: str
) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Read a query's answer, refusing one the server cut short (even with status 200)."""
    body = response.content
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    tail = body.rstrip()
    if tail.endswith(CANCELLED) or (media_type == _RESULTS_JSON and not tail.endswith(b"}")):
        raise QueryTimeoutError(
            f"the SPARQL server at {shown(url)} stopped the query at its own time limit (its "
            "answer was cut short, though its status was 200); raise the server's timeout "
            "(oxigraph serve --timeout-s) or narrow the query"
        )
    try:
        if media_type == _RESULTS_JSON:
            return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        if rdf_format is None:
            raise RemoteStoreError(
                f"the SPARQL server at {shown(url)} answered in a format the store cannot read "
                f"({media_type or 'no content type'})"
            )
        # A CONSTRUCT's triples, as the embedded store returns them (its own type).
        graph = ox.Store()
        graph.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(body, rdf_format))
        return graph.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    except SyntaxError as error:
        raise RemoteStoreError(
            f"the SPARQL server at {shown(url)} sent an answer that cannot be read: "
            f"{_one_line(str(error))}"
        ) from None


def shown(url: str) -> str:
    """A URL as messages show it: without the credentials it may carry (``http://u:p@host``)."""
    parts = httpx.URL(url)
    return str(parts.copy_with(password=None)) if parts.password else url


def _one_line(text: str) -> str:
    return " ".join(text.split())


_BATCH = 500
"""Paths asked about in one manifest query."""

_SOURCE = str(SOURCE_PATH)  # N-Triples form, ``<…>``
_MANIFEST = str(MANIFEST)
