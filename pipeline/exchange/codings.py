"""Human coding in: another tool's codings as a coder's annotations of stored documents.

A QDA tool's project (a REFI-QDA ``.qdpx``, a Taguette ``project.sqlite3``) is read
by its reader into a :class:`ForeignProject`: its codes, its sources (each with the
text the tool holds and the codings, as offsets into that text) and its users. Then:

* each source is matched to a stored document **by its text** (see
  :mod:`~pipeline.exchange.alignment`: line endings and Unicode normalisation are
  forgiven and positions remapped); a source whose text is no stored document's is
  reported, never guessed;
* each code is matched to a code of the codebook by its GUID (an export of ours), its
  notation, or either label (English or Indonesian), whatever the case; an unknown
  code is listed with how many codings it had, and those codings are left out;
* each coding becomes an ``oa:Annotation`` attributed to its coder
  (``prov:wasAttributedTo``, the IRI :func:`~pipeline.iris.coder_iri` mints) with the
  tagger's evidence -- quote, context, page, offsets -- in a named graph per document
  and coder (:func:`~pipeline.iris.coder_graph_iri`), which re-ingesting the document
  leaves alone. Importing again replaces that coder's graph of that document.

A coder's annotation differs from the tagger's in one deliberate way: its body is a
node of its own (a W3C ``oa:SpecificResource`` body: ``oa:hasSource`` the code,
``oa:hasPurpose oa:classifying``) instead of the code itself, and the annotation
carries no ``oa:motivatedBy``. The named queries and ``compare`` walk from an
annotation straight to its code (``oa:hasBody ?concept . ?concept skos:notation
?code``), so they keep showing the tagger's evidence alone, unchanged by an import;
:mod:`~pipeline.exchange.coders` reads the coders' annotations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from pipeline.errors import ExportError, PipelineError
from pipeline.exchange.alignment import Alignment, align
from pipeline.exchange.contents import (
    Codebook,
    StoredDocument,
    document_text,
    read_codebook,
    read_documents,
)
from pipeline.exchange.guids import guid, normalise_guid
from pipeline.iris import (
    body_iri,
    code_iri,
    coder_graph_iri,
    coder_iri,
    coder_key,
    coding_import_iri,
    coding_iri,
    position_selector_iri,
    quote_selector_iri,
    target_iri,
)
from pipeline.quads import iter_ntriples
from pipeline.store import KnowledgeStore
from pipeline.vocab import DCTERMS, OA, PLPBK, PROV, RDF, RDFS, XSD

TAGGER = "plpbk-kg"
"""The tagger's name as a coder: ``agreement`` and ``compare --coder`` know it."""

CONTEXT_CHARS = 32
"""Characters of context kept before and after a quote, as the tagger keeps."""


class CodingImportError(PipelineError):
    """A file of codings cannot be read or imported.

    Attributes:
        argument: The option at fault (``"coder"``), or None when the file is.
    """

    def __init__(self, message: str, *, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


@dataclass(frozen=True, slots=True)
class ForeignCode:
    """A code as the other tool names it.

    Attributes:
        key: The tool's id of the code (a REFI-QDA GUID, a Taguette tag id).
        name: Its name (a Taguette tag's path).
        guid: Its REFI-QDA GUID, when it has one.
    """

    key: str
    name: str
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignCoding:
    """One coding in the other tool: a code on a span of a source's text.

    Attributes:
        code: The :attr:`ForeignCode.key` of its code.
        start: Offset of the span in the source's text (characters: code points).
        end: Offset just past it.
        user: The name of the user who coded it, when the tool records one.
    """

    code: str
    start: int
    end: int
    user: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignSource:
    """A source (a document) of the other tool's project.

    Attributes:
        name: Its name in the tool.
        text: Its text as the tool holds it; the codings' offsets index it. None when
            the project does not hold it (the reason is in ``problem``).
        codings: Its codings.
        problem: Why its text could not be read, if it could not.
    """

    name: str
    text: str | None
    codings: tuple[ForeignCoding, ...]
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class ForeignProject:
    """What a reader found in another tool's file.

    Attributes:
        tool: The kind of file ("REFI-QDA project", "Taguette project").
        codes: Its codes.
        sources: Its sources.
    """

    tool: str
    codes: tuple[ForeignCode, ...]
    sources: tuple[ForeignSource, ...]


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """What became of one source.

    Attributes:
        source: The source's name in the tool.
        document: The stored document's file name it matched, or None.
        problem: Why it matched none (or could not be read), if so.
        imported: Codings imported, by coder.
        changed: How the tool's copy of the text differed from ours (remapped).
        skipped: Codings left out, each with its reason (a span outside the text).
    """

    source: str
    document: str | None
    problem: str | None = None
    imported: Mapping[str, int] = field(default_factory=dict)
    changed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did.

    Attributes:
        file_name: The file imported.
        tool: The kind of file.
        coders: The coders whose codings were imported.
        sources: Each source's outcome, in the file's order.
        unknown_codes: Codes of the file matching no code of the codebook, each with
            the number of codings left out.
    """

    file_name: str
    tool: str
    coders: tuple[str, ...]
    sources: tuple[SourceOutcome, ...]
    unknown_codes: tuple[tuple[str, int], ...]

    @property
    def imported(self) -> int:
        """Codings imported in all."""
        return sum(sum(outcome.imported.values()) for outcome in self.sources)


def read_codings_file(path: Path) -> ForeignProject:
    """Read another tool's file of codings: a ``.qdpx``/``.qde`` or a Taguette export.

    The kind is told from the file's bytes (a zip, XML, an SQLite database), not its
    name.

    Raises:
        CodingImportError: The file cannot be read, or is none of these kinds.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as error:
        raise CodingImportError(f"cannot read {path}: {error.strerror or error}") from error
    if head.startswith(b"PK\x03\x04"):
        from pipeline.exchange.qdpx_read import read_qdpx

        return read_qdpx(path)
    if head.startswith(b"SQLite format 3\x00"):
        from pipeline.exchange.taguette import read_taguette

        return read_taguette(path)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        from pipeline.exchange.qdpx_read import read_qde

        return read_qde(path)
    raise CodingImportError(
        f"{path.name} is neither a REFI-QDA project (.qdpx, .qde) nor a Taguette project "
        "export (project.sqlite3)"
    )


@dataclass(frozen=True, slots=True)
class _Document:
    iri: str
    file_name: str
    text: str
    pages: tuple[tuple[int, int, int], ...]  # (start, end, number)


def import_codings(
    store: KnowledgeStore, project: ForeignProject, *, file: Path, coder: str | None = None
) -> ImportReport:
    """Import a project's codings into the store as coders' annotations.

    Args:
        store: The store, opened for writing.
        project: What a reader found in ``file``.
        file: The file read (its name and SHA-256 are recorded with the import).
        coder: The coder all codings are attributed to; by default each coding's user
            as the tool recorded it.

    Returns:
        What was imported, and what was not and why.

    Raises:
        CodingImportError: No coder is given and the file names none, or the coder's
            name is the tagger's (``argument`` "coder"), or the store holds no
            documents or no codebook.
    """
    coders = _coders(project, coder)
    try:
        codebook = read_codebook(store)
        stored = read_documents(store)
    except ExportError as error:
        raise CodingImportError(str(error)) from None
    matched_codes, unknown = _match_codes(project, codebook)
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    texts: dict[str, _Document] = {}
    outcomes: list[SourceOutcome] = []
    operations: list[str] = []
    for source in project.sources:
        if source.text is None:
            outcomes.append(SourceOutcome(source.name, None, problem=source.problem))
            continue
        found = _match_source(store, source, stored, texts)
        if isinstance(found, str):
            outcomes.append(SourceOutcome(source.name, None, problem=found))
            continue
        document, alignment = found
        by_coder: dict[str, dict[tuple[str, int, int], None]] = {name: {} for name in coders}
        skipped: list[str] = []
        for coding in source.codings:
            notation = matched_codes.get(coding.code)
            if notation is None:
                continue
            if not 0 <= coding.start < coding.end <= len(source.text):
                skipped.append(
                    f"{coding.start}–{coding.end}: outside the source's text "
                    f"({len(source.text)} characters)"
                )
                continue
            start, end = alignment.map_span(coding.start, coding.end)
            if start >= end:
                skipped.append(f"{coding.start}–{coding.end}: an empty span once aligned")
                continue
            by_coder[coder or coding.user or ""][notation, start, end] = None
        for name, spans in by_coder.items():
            operations += _coder_graph_update(document, name, spans, file.name, digest)
        outcomes.append(
            SourceOutcome(
                source.name,
                document.file_name,
                imported={name: len(spans) for name, spans in by_coder.items()},
                changed=alignment.changed,
                skipped=tuple(skipped),
            )
        )
    if operations:
        # One update: the coder's graphs of every document in one transaction. Then
        # published, so that readers (queries read the newest snapshot) see them now.
        store.raw.update(" ;\n".join(operations))
        store.publish()
    return ImportReport(
        file_name=file.name,
        tool=project.tool,
        coders=tuple(coders),
        sources=tuple(outcomes),
        unknown_codes=unknown,
    )


def check_coder_name(name: str) -> str:
    """Return a coder's name stripped, refusing an empty one and the tagger's.

    Raises:
        CodingImportError: The name is empty, or is the tagger's (``argument`` "coder").
    """
    stripped = " ".join(name.split())
    if not coder_key(stripped):
        raise CodingImportError("a coder's name cannot be empty", argument="coder")
    if is_tagger(stripped):
        raise CodingImportError(
            f"{stripped!r} is the tagger's name: its codings are the ingest's own; import a "
            "person's codings under their name (--coder NAME)",
            argument="coder",
        )
    return stripped


def is_tagger(name: str) -> bool:
    """Tell whether a coder's name is the tagger's: ``plpbk-kg``, with or without a version."""
    key = coder_key(name)
    return key == TAGGER or key.startswith(f"{TAGGER}-")


def _coders(project: ForeignProject, coder: str | None) -> list[str]:
    """The coders the import attributes codings to, in the order first met."""
    if coder is not None:
        return [check_coder_name(coder)]
    users: dict[str, None] = {}
    anonymous = 0
    for source in project.sources:
        for coding in source.codings:
            if coding.user is None:
                anonymous += 1
            else:
                users.setdefault(coding.user, None)
    if anonymous:
        raise CodingImportError(
            f"{anonymous} codings of the file name no user: say whose they are with --coder NAME",
            argument="coder",
        )
    if not users:
        raise CodingImportError(
            "the file has no codings and names no user: say whose they are with --coder NAME",
            argument="coder",
        )
    for user in users:
        if is_tagger(user):
            raise CodingImportError(
                f"the codings are by {user!r}, the tagger (a plpbk-kg export?): import them "
                "as a person's with --coder NAME",
                argument="coder",
            )
    return list(users)


def _match_codes(
    project: ForeignProject, codebook: Codebook
) -> tuple[dict[str, str], tuple[tuple[str, int], ...]]:
    """Each foreign code's notation, and the unknown codes with their codings' count."""
    by_guid = {guid(code.iri): code.notation for code in codebook.codes}
    by_name: dict[str, str] = {}
    for code in codebook.codes:
        for name in (code.notation, *code.labels.values()):
            by_name.setdefault(_fold(name), code.notation)
    matched: dict[str, str] = {}
    for foreign in project.codes:
        notation = None
        if foreign.guid:
            try:
                notation = by_guid.get(normalise_guid(foreign.guid))
            except ValueError:
                notation = None
        if notation is None:
            notation = by_name.get(_fold(foreign.name))
        if notation is None and "/" in foreign.name:
            notation = by_name.get(_fold(foreign.name.rsplit("/", 1)[1]))
        if notation is not None:
            matched[foreign.key] = notation
    used: dict[str, int] = {}
    for source in project.sources:
        for coding in source.codings:
            if coding.code not in matched:
                used[coding.code] = used.get(coding.code, 0) + 1
    names = {foreign.key: foreign.name for foreign in project.codes}
    unknown = tuple(sorted((names.get(key, key), count) for key, count in used.items()))
    return matched, unknown


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _match_source(
    store: KnowledgeStore,
    source: ForeignSource,
    stored: Sequence[StoredDocument],
    texts: dict[str, _Document],
) -> tuple[_Document, Alignment] | str:
    """The stored document whose text is the source's, or why there is none.

    Documents of the source's name are tried first; then every document whose text is
    long enough to be it. Two documents with the very same text are told apart by name.
    """
    assert source.text is not None
    documents = list(stored)
    stem = Path(source.name).stem.casefold()
    named = [d for d in documents if Path(d.file_name).stem.casefold() == stem]
    length = len(source.text.strip())
    others = [d for d in documents if d not in named and d.text_length >= length]
    found: list[tuple[_Document, Alignment]] = []
    problems: list[str] = []
    for candidates in (named, others):
        for candidate in candidates:
            try:
                document = texts.get(candidate.iri) or _load(store, candidate)
            except ExportError as error:
                problems.append(str(error))
                continue
            texts[candidate.iri] = document
            alignment = align(source.text, document.text)
            if alignment is not None:
                found.append((document, alignment))
        if found:
            break
    if len(found) > 1:
        names = [document.file_name for document, _ in found]
        by_name = [pair for pair in found if Path(pair[0].file_name).stem.casefold() == stem]
        if len(by_name) != 1:
            return f"its text is that of several stored documents ({', '.join(names)})"
        found = by_name
    if found:
        return found[0]
    why = f" ({'; '.join(problems)})" if problems else ""
    return (
        f"its text ({len(source.text)} characters) is no stored document's, even with line "
        f"endings and Unicode normalisation aside{why}; ingest the document it was coded on"
    )


def _load(store: KnowledgeStore, document: StoredDocument) -> _Document:
    text = document_text(store, document)
    results = store.query(
        f"""SELECT ?start ?end ?number WHERE {{ GRAPH <{document.iri}> {{
          <{document.iri}> plpbk:hasPage ?page .
          ?page plpbk:startOffset ?start ; plpbk:endOffset ?end ; plpbk:pageNumber ?number .
        }} }}"""
    )
    assert isinstance(results, ox.QuerySolutions)
    pages = sorted(
        (int(row["start"].value), int(row["end"].value), int(row["number"].value))
        for row in results
        if isinstance(row["start"], ox.Literal)
        and isinstance(row["end"], ox.Literal)
        and isinstance(row["number"], ox.Literal)
    )
    return _Document(document.iri, document.file_name, text, tuple(pages))


def _page(document: _Document, start: int) -> int:
    """The 1-based page holding offset ``start`` (the last page starting at or before it)."""
    number = 1
    for page_start, _, page_number in document.pages:
        if page_start <= start:
            number = page_number
    return number


def _coder_graph_update(
    document: _Document,
    coder: str,
    spans: Iterable[tuple[str, int, int]],
    file_name: str,
    digest: str,
) -> list[str]:
    """The SPARQL update operations replacing one coder's graph of one document."""
    graph = coder_graph_iri(document.iri, coder)
    quads = coder_quads(
        document.iri,
        document.text,
        coder,
        spans,
        file_name,
        digest,
        page=lambda start: _page(document, start),
    )
    body = "\n".join(iter_ntriples(quads))
    return [f"DROP SILENT GRAPH <{graph}>", f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"]


def coder_quads(
    document: str,
    text: str,
    coder: str,
    spans: Iterable[tuple[str, int, int]],
    file_name: str,
    digest: str,
    *,
    page: Callable[[int], int],
) -> list[ox.Quad]:
    """Return the quads of one coder's graph of one document.

    Args:
        document: The document's IRI.
        text: Its text (the offsets index it).
        coder: The coder's name.
        spans: (notation, start, end) of each coding.
        file_name: The file the codings were imported from.
        digest: That file's SHA-256.
        page: A function from an offset to its 1-based page.
    """
    graph = ox.NamedNode(coder_graph_iri(document, coder))
    agent = ox.NamedNode(coder_iri(coder))
    activity = ox.NamedNode(coding_import_iri(document, coder, digest))
    doc = ox.NamedNode(document)
    quads: list[ox.Quad] = []

    def add(subject: ox.NamedNode, predicate: object, obj: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(subject, ox.NamedNode(str(predicate)), obj, graph))

    add(agent, RDF.type, ox.NamedNode(str(PROV.Agent)))
    add(agent, RDFS.label, ox.Literal(coder))
    add(activity, RDF.type, ox.NamedNode(str(PROV.Activity)))
    add(activity, PROV.wasAssociatedWith, agent)
    add(activity, PROV.used, doc)
    add(activity, DCTERMS.source, ox.Literal(file_name))
    for notation, start, end in sorted(spans, key=lambda span: (span[1], span[2], span[0])):
        node = ox.NamedNode(coding_iri(document, coder, notation, start, end))
        body = ox.NamedNode(body_iri(node.value))
        target = ox.NamedNode(target_iri(node.value))
        quote = ox.NamedNode(quote_selector_iri(node.value))
        position = ox.NamedNode(position_selector_iri(node.value))
        add(node, RDF.type, ox.NamedNode(str(OA.Annotation)))
        add(node, OA.hasBody, body)
        add(node, OA.hasTarget, target)
        add(node, PROV.wasAttributedTo, agent)
        add(node, PROV.wasGeneratedBy, activity)
        add(body, OA.hasSource, ox.NamedNode(code_iri(notation)))
        add(body, OA.hasPurpose, ox.NamedNode(str(OA.classifying)))
        add(target, RDF.type, ox.NamedNode(str(OA.SpecificResource)))
        add(target, OA.hasSource, doc)
        add(target, PLPBK.page, ox.Literal(str(page(start)), datatype=_INTEGER))
        add(target, OA.hasSelector, quote)
        add(target, OA.hasSelector, position)
        add(quote, RDF.type, ox.NamedNode(str(OA.TextQuoteSelector)))
        add(quote, OA.exact, ox.Literal(text[start:end]))
        add(quote, OA.prefix, ox.Literal(text[max(0, start - CONTEXT_CHARS) : start]))
        add(quote, OA.suffix, ox.Literal(text[end : end + CONTEXT_CHARS]))
        add(position, RDF.type, ox.NamedNode(str(OA.TextPositionSelector)))
        add(position, OA.start, ox.Literal(str(start), datatype=_INTEGER))
        add(position, OA.end, ox.Literal(str(end), datatype=_INTEGER))
    return quads


_INTEGER = ox.NamedNode(str(XSD.integer))
