"""Fuzzing: hostile inputs for each stage, and the properties every output must keep.

Shared by ``tests/test_fuzz.py`` (a bounded run in CI) and ``benchmarks/fuzz.py`` (the
long run whose figures are in ``benchmarks/RESULTS.md``). Each ``check_*`` function
runs one stage on one input and raises :class:`AssertionError` when a property breaks;
an exception that is not the pipeline's own (:class:`~pipeline.errors.PipelineError`)
propagates as it is, which is a failure too.

The properties (issue 16):

* decoding any bytes gives text or the pipeline's error, and valid UTF-8 is read as
  itself;
* tagging and the entities stage on any text give evidence inside the text and inside
  its page, ``exact == text[start:end]``;
* the graph of any tagged text, stored (twice: the second write goes through the
  store's SPARQL update) and read back, has every ``oa:exact`` equal to the slice its
  ``oa:start`` and ``oa:end`` select;
* the query side answers any string, any mutation of a named query and any parameter
  with a result or the pipeline's error, and never runs a ``SERVICE`` clause unless
  allowed;
* extraction of a mutated PDF under its limits gives consistent pages or the
  pipeline's error, never a crash of the worker.

Seed text is the project's own: the bundled ``corpus/`` and the golden corpus, read
at run time.
"""

from __future__ import annotations

import hashlib
import random
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from documents import RUN, tagged, two_page_text
from hypothesis import strategies as st
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from pipeline.document import (
    PAGE_SEPARATOR,
    EntityFindings,
    Evidence,
    ExtractedText,
    Page,
    PageSource,
    SourceFile,
)
from pipeline.entities import recognise_entities
from pipeline.errors import (
    ExtractionError,
    PipelineError,
    QuerySyntaxError,
    ServiceNotAllowedError,
)
from pipeline.extract import ExtractionLimits, extract_isolated
from pipeline.extract.plaintext import decode_text, extract_plain_text
from pipeline.graph import document_graph
from pipeline.query import (
    NamedQuery,
    check_parameter_values,
    list_queries,
    parse_params,
    resolve_query,
    rows,
    run_query,
    serialize_results,
)
from pipeline.store import KnowledgeStore
from pipeline.tag import tag_document

ROOT = Path(__file__).resolve().parent.parent

# --- text ------------------------------------------------------------------------------

HOSTILE_PIECES = (
    "\u0301",  # a combining mark, alone or after a letter
    "e\u0301\u0323",
    "\u202e",  # right-to-left override
    "\u200f\u200b\u2060",  # right-to-left mark, zero-width space and joiner
    "\u00ad",  # soft hyphen
    "\ufeff",
    "😀",
    "👩\u200d👩\u200d👧",  # one grapheme, five code points
    "\x00",
    "\x07\x1b",
    "\n\n",
    "-\n",  # a line-end hyphen
    "kemi-\ntraan",
    "\r\n",
    "\r",
    "\t",
    "\f",
    "\u2028\u2029",
    "ﬁ",  # a ligature that lower-cases to two letters
    "İ",  # upper case whose lower case is two code points
    "ẞ",
    "Ａ",  # full-width
    "١٢٣",
    "עברית",
    "العربية",
    "日本語",
    "x" * 600,  # a very long word
    "-" * 40,
    "—",
    "…",
    "(((",
    ")))",
    '"',
    "'",
    "’",
    "...",
    "?!",
    "https://example.org/a-b?c=d",
    "PT.",
    "Tbk",
)
"""Pieces that have broken text handling elsewhere: marks, controls, direction, width."""


def seed_paragraphs() -> list[str]:
    """Paragraphs of the project's own text files (the bundled and the golden corpus)."""
    files = sorted((ROOT / "corpus").glob("*.txt")) + sorted(
        (ROOT / "tests" / "golden" / "corpus").glob("*.txt")
    )
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in files)
    return [part for part in re.split(r"\n\s*\n", text) if part.strip()]


_PARAGRAPHS = seed_paragraphs()
_WORDS = sorted({word for paragraph in _PARAGRAPHS for word in paragraph.split()})

_pieces = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(HOSTILE_PIECES),
    st.text(max_size=12),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=50, max_size=2000),
)


@st.composite
def _word_salad(draw: st.DrawFn) -> str:
    """Words of the corpus among hostile pieces, mostly separated by spaces."""
    pieces = draw(st.lists(_pieces, max_size=80))
    separators = draw(st.lists(st.sampled_from(" \n"), min_size=len(pieces), max_size=len(pieces)))
    return "".join(piece + separator for piece, separator in zip(pieces, separators, strict=True))


@st.composite
def _mutated_paragraph(draw: st.DrawFn) -> str:
    """A paragraph of the corpus with hostile pieces inserted and characters deleted."""
    chars = list(draw(st.sampled_from(_PARAGRAPHS)))
    for _ in range(draw(st.integers(0, 10))):
        at = draw(st.integers(0, len(chars)))
        operation = draw(st.integers(0, 2))
        if operation == 0:
            chars.insert(at, draw(st.sampled_from(HOSTILE_PIECES)))
        elif operation == 1 and chars:
            del chars[min(at, len(chars) - 1) : at + draw(st.integers(1, 5))]
        else:
            chars.insert(at, draw(st.text(max_size=4)))
    return "".join(chars)


page_texts = st.one_of(_word_salad(), _mutated_paragraph(), st.text(max_size=200))
"""The text of one page: corpus words among hostile pieces, a mutated paragraph, or any text."""


_PAGE_SOURCES: tuple[PageSource, ...] = ("text-layer", "ocr")


@st.composite
def documents(draw: st.DrawFn) -> ExtractedText:
    """A document of one to four pages as extraction gives it; some pages unusable."""
    bodies = draw(st.lists(page_texts, min_size=1, max_size=4))
    text, pages = "", []
    for number, body in enumerate(bodies, start=1):
        if text:
            text += PAGE_SEPARATOR
        start = len(text)
        text += body
        usable = number == 1 or draw(st.booleans())
        source = draw(st.sampled_from(_PAGE_SOURCES))
        pages.append(Page(number, start, len(text), source, usable))
    return ExtractedText(text=text, pages=tuple(pages), media_type="application/pdf")


@st.composite
def text_file_bytes(draw: st.DrawFn) -> bytes:
    """What a text file might hold: any bytes, or text in some encoding, damaged or not."""
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return draw(st.binary(max_size=3000))
    text = draw(page_texts)
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])
    )
    data = bytearray(text.encode(encoding, errors="replace"))
    if kind == 2:  # damaged: a few bytes flipped, cut or inserted
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data)))
            data[at : at + draw(st.integers(0, 2))] = draw(st.binary(max_size=3))
    return bytes(data)


# --- properties of the text stages -------------------------------------------------------


def check_decoding(data: bytes) -> str | None:
    """Decode a text file's bytes: the text, or None when the pipeline refuses them.

    Raises:
        AssertionError: Valid UTF-8 was not read as itself, or the page does not
            cover the text.
    """
    try:
        text, encoding = decode_text(data, "fuzz.txt")
    except PipelineError:
        return None
    assert isinstance(text, str) and isinstance(encoding, str)
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        try:
            expected = data.decode("utf-8")
        except UnicodeDecodeError:
            expected = None
        assert expected is None or text == expected, (text, expected)
    try:
        extracted = extract_plain_text(data, "fuzz.txt", "text/plain")
    except PipelineError:
        return text
    assert "\r" not in extracted.text
    assert extracted.pages == (Page(1, 0, len(extracted.text), "plain-text"),)
    return extracted.text


def check_evidence(text: ExtractedText, evidence: Evidence, *, what: str) -> None:
    """Evidence lies inside the text and inside its page, and quotes the text there."""
    assert 0 <= evidence.start <= evidence.end <= len(text.text), (what, evidence)
    assert text.text[evidence.start : evidence.end] == evidence.exact, (what, evidence)
    pages = [page for page in text.pages if page.number == evidence.page]
    assert len(pages) == 1, (what, evidence, "no such page")
    page = pages[0]
    assert page.start <= evidence.start and evidence.end <= page.end, (what, evidence, page)


def check_tagging(text: ExtractedText) -> tuple[str, int] | None:
    """Tag a document and its entities; the language and the evidence count, or None
    when the pipeline refuses the text with its own error."""
    try:
        tagged = tag_document(text)
    except PipelineError:
        return None
    for annotation in tagged.annotations:
        check_evidence(text, annotation.evidence, what=annotation.rule)
    for relation in tagged.relations:
        check_evidence(text, relation.evidence, what=relation.rule)
    try:
        found = recognise_entities(text, language=tagged.language)
    except PipelineError:
        return None
    for mention in found.mentions:
        check_evidence(text, mention.evidence, what=mention.rule)
    evidence = len(tagged.annotations) + len(tagged.relations) + len(found.mentions)
    return tagged.language, evidence


_SELECTORS = """
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?exact ?start ?end ?page WHERE {
  GRAPH ?g {
    ?target oa:hasSelector ?quote, ?position .
    ?quote oa:exact ?exact .
    ?position oa:start ?start ; oa:end ?end .
    OPTIONAL { ?target ?pagePredicate ?page FILTER(STRENDS(STR(?pagePredicate), "#page")) }
  }
}
"""


def check_graph(text: ExtractedText) -> int | None:
    """Build, store and read back a document's graph; the number of quotes checked.

    The graph is written twice to a store: the first write adds the quads, the second
    replaces the document through a SPARQL update whose text holds every literal.

    Raises:
        AssertionError: An ``oa:exact`` read back is not its selected slice, or a page
            number is not one of the document's.
    """
    try:
        tagged = tag_document(text)
        found = recognise_entities(text, language=tagged.language)
    except PipelineError:
        return None
    source = fingerprint_bytes(text.text.encode("utf-8", errors="surrogatepass"))
    graph = document_graph(source, text, tagged, found, run=RUN)
    numbers = {page.number for page in text.pages}
    store = KnowledgeStore.in_memory()
    checked = 0
    for _ in range(2):
        store.replace_document(graph, source_path="/fuzz/laporan.pdf")
        solutions = store.raw.query(_SELECTORS)
        assert isinstance(solutions, ox.QuerySolutions)
        checked = 0
        for row in solutions:
            exact, start, end, page = (row[name] for name in ("exact", "start", "end", "page"))
            assert exact is not None and start is not None and end is not None
            begin, stop = int(start.value), int(end.value)
            assert 0 <= begin <= stop <= len(text.text), (begin, stop)
            assert exact.value == text.text[begin:stop], (exact.value, begin, stop)
            assert page is not None and int(page.value) in numbers, page
            checked += 1
    expected = graph.counts.annotations
    assert checked == expected, (checked, expected)
    return checked


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the query side ------------------------------------------------------------------------


class ServiceTrap:
    """A local TCP port that counts connections: where fuzzed ``SERVICE`` clauses point.

    A guard that lets a ``SERVICE`` clause through makes the store connect here, never
    to the network; each connection is accepted and closed at once.
    """

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(64)
        self.connections = 0
        self.iri = f"<http://127.0.0.1:{self._socket.getsockname()[1]}/sparql>"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        """Stop listening."""
        self._socket.close()


def query_store(path: Path) -> Path:
    """A small store at ``path``: one document's graph (no vocabulary, so that a fuzzed
    product of patterns stays small)."""
    text = two_page_text()
    graph = document_graph(
        fingerprint_bytes(b"fuzz"), text, tagged(text), EntityFindings(), run=RUN
    )
    with KnowledgeStore.open(path) as kg:
        kg.replace_document(graph, source_path="/fuzz/laporan.pdf")
    return path


def fingerprint_bytes(data: bytes) -> SourceFile:
    """A source file for bytes that need not exist on disk."""
    return SourceFile(path=Path("/fuzz/laporan.pdf"), sha256=_sha256(data), size=len(data))


_QUERY_TOKENS = (
    "SERVICE", "SILENT", "{", "}", '"', "'", "#", "\\", "\n", '"""', "'''", "plpbk:a\\'",
    "ex:b\\#", "?x", "FILTER(", ")", "(", "SELECT", "ASK", "CONSTRUCT", "DESCRIBE",
    "LOAD <file:///etc/passwd>", "INSERT DATA { <a:b> <a:c> <a:d> }", "DROP ALL", "GRAPH",
    "BIND(1 AS ?z)", "VALUES ?v { 1 }", "PREFIX ex: <http://e/>", "BASE <http://b/>", "<",
    ">", "^^xsd:string", "@en", ";", ",", ".", "a", "*", "OPTIONAL", "UNION", "MINUS",
    "\x00", "\u0301", "LIMIT 1", "ORDER BY ?x", "GROUP BY ?x", "COUNT(*)", ":", "$", "_:b",
    "[]", "sErViCe", "REGEX(?x, '(')", "xsd:integer('x')", "1/0",
)  # fmt: skip


def named_query_texts() -> list[str]:
    """The texts of the project's named queries."""
    return [query.text for query in list_queries()]


TRAP = "<http://trap.invalid/sparql>"
"""The endpoint fuzzed ``SERVICE`` clauses name; :func:`check_query_spec` points it at the trap."""


@st.composite
def mutated_queries(draw: st.DrawFn) -> str:
    """A named query with SPARQL tokens inserted, spans deleted, any text inserted."""
    text = draw(st.sampled_from(named_query_texts()))
    tokens = st.sampled_from((*_QUERY_TOKENS, f"SERVICE {TRAP} {{ ?s ?p ?o }}"))
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        operation = draw(st.integers(0, 3))
        if operation == 0:
            text = f"{text[:at]} {draw(tokens)} {text[at:]}"
        elif operation == 1:
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif operation == 2:
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        else:
            text = text[:at] + draw(tokens) + text[at:]
    return text


# Terms that are lexically tricky around quotes, escapes and comments, each a whole token.
_TRICKY_TERMS = (
    "?s", "?o", "<http://x/p>", "plpbk:fileName", "ex:a\\'", 'ex:a\\"', "ex:\\#b", "ex:c\\.d",
    "ex:a\\''", "'a\\'b'", '"a#b"', "'''x\"'''", '"""\'"""', "<http://x/#'>", '<http://x/"x>',
    "'SERVICE'", '"# x"', "ex:SERVICE", "?SERVICE", "1", '"\\\\"', "'\\\\'",
)  # fmt: skip
_TRICKY_ELEMENTS = (
    "# ' \" {\n",
    "#\n",
    "FILTER(?o != 'x')",
    'FILTER(?o != "\'")',
    "OPTIONAL { ?s ?p ?o }",
    "BIND('\\'' AS ?q)",
)


@st.composite
def service_queries(draw: st.DrawFn) -> str:
    """A SELECT whose pattern holds a ``SERVICE`` clause among lexically tricky tokens.

    Every element is a whole token sequence (a triple pattern, a comment, a filter),
    so when the query parses its ``SERVICE`` is a clause, never inside a string.
    """
    triple = st.tuples(*(st.sampled_from(_TRICKY_TERMS),) * 3).map(lambda t: " ".join(t) + " .")
    elements = draw(
        st.lists(st.one_of(triple, st.sampled_from(_TRICKY_ELEMENTS)), min_size=1, max_size=6)
    )
    keyword = draw(st.sampled_from(["SERVICE", "service", "Service", "SERVICE SILENT"]))
    gap = draw(st.sampled_from([" ", "\n", "\t", " #c\n", "\r\n"]))
    at = draw(st.integers(0, len(elements)))
    elements.insert(at, f"{keyword}{gap}{TRAP} {{ ?s ?p ?o }}")
    return "PREFIX ex: <http://e/>\nSELECT * WHERE { " + " ".join(elements) + " }"


def check_query_spec(
    store: KnowledgeStore, spec: str, *, trap: ServiceTrap, has_service: bool = False
) -> str:
    """Resolve and run a query as ``plpbk-kg query`` does; how it ended.

    Args:
        store: The store to run it on.
        spec: A name, a ``.rq`` path or SPARQL; :data:`TRAP` in it becomes the trap's IRI.
        trap: Where the query's ``SERVICE`` clauses point; it must see no connection.
        has_service: The query holds a ``SERVICE`` clause wherever it parses: it must be
            refused (or not parse), never run.

    Returns:
        ``"ran"``, ``"refused"`` or the class name of the pipeline's error.

    Raises:
        AssertionError: A ``SERVICE`` clause ran, or the store was asked to connect.
    """
    spec = spec.replace(TRAP, trap.iri)
    before = trap.connections
    try:
        named = resolve_query(spec)
        _consume(run_query(store, named))
        outcome = "ran"
    except ServiceNotAllowedError:
        outcome = "refused"
    except PipelineError as error:
        outcome = type(error).__name__
    assert trap.connections == before, f"the store connected to the trap for {spec!r}"
    if has_service:
        assert outcome in {"refused", QuerySyntaxError.__name__}, (
            f"a SERVICE clause was not refused ({outcome}): {spec!r}"
        )
    return outcome


def check_parameters(store: KnowledgeStore, query: NamedQuery, pairs: list[str]) -> str:
    """Bind ``NAME=VALUE`` pairs to a named query and run it; how it ended."""
    try:
        params = parse_params(pairs)
        check_parameter_values(store, query, params)
        _consume(run_query(store, query, params=params))
    except PipelineError as error:
        return type(error).__name__
    return "ran"


def _consume(results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> None:
    """Read every row, as the CLI does: results are lazy and fail while read."""
    if isinstance(results, ox.QuerySolutions):
        rows(results)
    else:
        serialize_results(results, "json")


# --- PDFs ----------------------------------------------------------------------------------


def seed_pdfs(folder: Path) -> list[Path]:
    """The PDFs mutants are made from, written to ``folder``, the same bytes every run.

    The extraction tests' builders (two columns, several pages, encrypted, garbled
    fonts, wrong stream lengths), one PDF whose streams are not compressed (so that
    mutations reach the content operators), and the bundled corpus's PDFs.
    """
    import pdfs

    folder.mkdir(parents=True, exist_ok=True)
    invariant = rl_config.invariant
    rl_config.invariant = 1  # no dates or random ids: the same bytes, the same mutants
    try:
        built = [
            pdfs.two_column_article(folder / "article.pdf"),
            pdfs.text_pages(folder / "pages.pdf", ["Kemitraan warga", "Bantuan dana CSR"]),
            pdfs.garbage_text(folder / "garbled.pdf", ["ok:Halaman baik", "kemitraan"]),
            pdfs.encrypted(folder / "encrypted.pdf"),
            pdfs.wrong_stream_length(folder / "lengths.pdf"),
            _uncompressed(folder / "uncompressed.pdf"),
        ]
    finally:
        rl_config.invariant = invariant
    return built + sorted((ROOT / "corpus").glob("*.pdf"))


def _uncompressed(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=A4, pageCompression=0)
    for number in (1, 2):
        canvas.setFont("Helvetica", 11)
        canvas.drawString(60, 700, f"Halaman {number}: kemitraan pemerintah dan masyarakat")
        canvas.drawString(60, 680, "BKM mengelola dana bantuan dari swasta.")
        canvas.showPage()
    canvas.save()
    return path


_PDF_TOKENS = (
    b"obj", b"endobj", b"stream", b"endstream", b"/Type", b"/Page", b"/Pages", b"/Kids",
    b"/Font", b"BT", b"ET", b"Tj", b"TJ", b"Td", b"Tf", b"/Length", b"xref", b"trailer",
    b"startxref", b"<<", b">>", b"[", b"]", b"(", b")", b"R", b"null", b"/Filter",
    b"/FlateDecode", b"/MediaBox", b"/Rotate", b"/Encrypt", b"-1", b"0", b"99999999",
)  # fmt: skip
_PDF_TOKEN = re.compile(rb"/?[A-Za-z]+|<<|>>|[\[\]()]")
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")


def mutate_pdf(data: bytes, rng: random.Random) -> bytes:
    """One to six mutations: bits flipped, bytes inserted or deleted, the file cut, a
    number or a PDF token replaced, a chunk duplicated."""
    mutant = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(max(1, len(mutant)))
        operation = rng.randrange(7)
        if operation == 0 and mutant:
            mutant[at] ^= 1 << rng.randrange(8)
        elif operation == 1:
            mutant[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif operation == 2:
            del mutant[at : at + rng.randint(1, 64)]
        elif operation == 3:
            del mutant[at:]
        elif operation == 4 and (numbers := list(_NUMBER.finditer(mutant))):
            number = rng.choice(numbers)
            value = rng.choice([0, 1, -1, 2**31, 10**9, rng.randint(-3, 300)])
            mutant[number.start() : number.end()] = str(value).encode()
        elif operation == 5 and (tokens := list(_PDF_TOKEN.finditer(mutant))):
            token = rng.choice(tokens)
            mutant[token.start() : token.end()] = rng.choice(_PDF_TOKENS)
        else:
            source = rng.randrange(max(1, len(mutant)))
            mutant[at:at] = mutant[source : source + rng.randint(1, 200)]
    return bytes(mutant)


def pdf_mutants(seeds: list[Path], count: int, *, seed: int) -> Iterator[tuple[str, bytes]]:
    """``count`` mutants of the seed PDFs, each with the name of the PDF it came from."""
    rng = random.Random(seed)
    originals = [(path.name, path.read_bytes()) for path in seeds]
    for _ in range(count):
        name, data = rng.choice(originals)
        yield name, mutate_pdf(data, rng)


CRASH_MARKS = ("failed unexpectedly in the worker", "extraction worker died")
"""What :func:`~pipeline.extract.extract_isolated` says when the worker crashed: an
exception that is not the pipeline's, or a death by signal."""


def check_pdf(path: Path, *, limits: ExtractionLimits) -> tuple[str, ExtractedText | None]:
    """Extract a (mutated) PDF under limits; the outcome and the text, if any.

    Returns:
        ``("ok", text)``, or the class name of the pipeline's error and None.

    Raises:
        AssertionError: The worker crashed, or the pages are not consistent: in order,
            inside the text, not overlapping.
    """
    try:
        text = extract_isolated(path, limits=limits)
    except ExtractionError as error:
        assert not any(mark in str(error) for mark in CRASH_MARKS), str(error)
        return type(error).__name__, None
    except PipelineError as error:
        return type(error).__name__, None
    assert text.pages, "no pages"
    previous_end, previous_number = 0, 0
    for page in text.pages:
        assert previous_end <= page.start <= page.end <= len(text.text), (page, previous_end)
        assert page.number > previous_number, page
        previous_end, previous_number = page.end, page.number
    return "ok", text
