"""Fuzzing, bounded for CI: the properties of ``tests/fuzzing.py`` on generated input.

Hypothesis draws ``PLPBK_FUZZ_EXAMPLES`` examples per property (default 200) and the
PDF loop extracts ``PLPBK_FUZZ_MUTANTS`` mutants (default 60, seed
``PLPBK_FUZZ_SEED``); the whole file runs in about a minute. The long run is
``benchmarks/fuzz.py`` (figures in ``benchmarks/RESULTS.md``).

A failure Hypothesis finds is printed with the smallest input that shows it; a failing
mutant is left in the test's temporary folder and named in the message.
"""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzzing import (
    TRAP,
    ServiceTrap,
    check_decoding,
    check_graph,
    check_parameters,
    check_pdf,
    check_query_spec,
    check_tagging,
    documents,
    mutated_queries,
    pdf_mutants,
    query_store,
    seed_pdfs,
    service_queries,
    text_file_bytes,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.document import ExtractedText
from pipeline.errors import DamagedDocumentError, PipelineError
from pipeline.extract import ExtractionLimits, extract_isolated
from pipeline.extract.plaintext import decode_text
from pipeline.query import list_queries, selected_variables
from pipeline.store import KnowledgeStore

EXAMPLES = int(os.environ.get("PLPBK_FUZZ_EXAMPLES", "200"))
MUTANTS = int(os.environ.get("PLPBK_FUZZ_MUTANTS", "60"))
SEED = int(os.environ.get("PLPBK_FUZZ_SEED", "16"))

fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the first example builds the tagger (seconds); no example is timed
    database=None,  # nothing written into the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- text --------------------------------------------------------------------------------


@fuzz
@given(text_file_bytes())
def test_decoding_any_bytes_gives_text_or_our_error(data: bytes) -> None:
    check_decoding(data)


@fuzz
@given(st.text())
def test_utf8_text_decodes_to_itself_unless_full_of_control_characters(text: str) -> None:
    try:
        decoded, encoding = decode_text(text.encode("utf-8"), "fuzz.txt")
    except PipelineError:
        controls = sum(
            1 for char in text if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v"
        )
        assert "\x00" in text or controls > 0.01 * len(text), repr(text)
        return
    assert encoding in {"utf-8", "utf-8-sig"}
    assert text.endswith(decoded) and not text[: len(text) - len(decoded)].strip("\ufeff")


@fuzz
@given(documents())
def test_tagging_any_text_keeps_evidence_inside_its_text_and_page(text: ExtractedText) -> None:
    check_tagging(text)


@fuzz
@given(documents())
def test_stored_graph_of_any_text_quotes_the_slice_its_offsets_select(text: ExtractedText) -> None:
    check_graph(text)


# --- the query side ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def trap() -> Iterator[ServiceTrap]:
    listening = ServiceTrap()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    path = query_store(tmp_path_factory.mktemp("fuzz") / "kg")
    with KnowledgeStore.open(path, read_only=True) as kg:
        yield kg


@fuzz
@given(spec=st.text(max_size=300))
def test_query_answers_any_string(store: KnowledgeStore, trap: ServiceTrap, spec: str) -> None:
    check_query_spec(store, spec, trap=trap)


@fuzz
@given(spec=mutated_queries())
def test_query_answers_any_mutation_of_a_named_query(
    store: KnowledgeStore, trap: ServiceTrap, spec: str
) -> None:
    check_query_spec(store, spec, trap=trap)


_NAMED = {query.name: query for query in list_queries()}


@st.composite
def _parameters(draw: st.DrawFn) -> tuple[str, list[str]]:
    name = draw(st.sampled_from(sorted(_NAMED)))
    variables = selected_variables(_NAMED[name].text) or ["x"]
    names = st.one_of(st.sampled_from(variables), st.text(max_size=8))
    values = st.one_of(
        st.text(max_size=40),
        st.sampled_from(["<http://x/a b>", '"a"@', '"1"^^xsd:integer', "plpbk:", "<>", '"']),
    )
    pairs = draw(st.lists(st.tuples(names, st.sampled_from(["=", ""]), values), max_size=3))
    return name, [f"{key}{sep}{value}" for key, sep, value in pairs]


@fuzz
@given(case=_parameters())
def test_query_parameters_of_any_value_are_bound_or_refused(
    store: KnowledgeStore, case: tuple[str, list[str]]
) -> None:
    name, pairs = case
    check_parameters(store, _NAMED[name], pairs)


@fuzz
@example(
    spec="PREFIX ex: <http://e/>\nSELECT * WHERE { ?s ex:a\\' ?o . "
    f"SERVICE {TRAP} {{ ?s ?p ?o }} FILTER(?o != 'x') }}"
)
@given(spec=service_queries())
def test_query_refuses_every_service_clause_whatever_surrounds_it(
    store: KnowledgeStore, trap: ServiceTrap, spec: str
) -> None:
    check_query_spec(store, spec, trap=trap, has_service=True)


# --- PDFs --------------------------------------------------------------------------------

LIMITS = ExtractionLimits(seconds=20.0, memory_bytes=1024 * 1024 * 1024)


@pytest.fixture(scope="module")
def pdf_seeds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return seed_pdfs(tmp_path_factory.mktemp("seeds"))


@pytest.mark.slow
def test_mutated_pdfs_extract_to_consistent_pages_or_our_error(
    pdf_seeds: list[Path], tmp_path: Path
) -> None:
    outcomes: Counter[str] = Counter()
    for index, (origin, data) in enumerate(pdf_mutants(pdf_seeds, MUTANTS, seed=SEED)):
        path = tmp_path / f"mutant-{index:04d}-{origin}"
        path.write_bytes(data)
        try:
            outcome, text = check_pdf(path, limits=LIMITS)
            if text is not None:
                check_tagging(text)
        except AssertionError as error:
            raise AssertionError(f"{path} (a mutant of {origin}): {error}") from error
        outcomes[outcome] += 1
        path.unlink()
    # The loop reached both sides: mutants that still read, and damage reported.
    assert outcomes["ok"] > 0 and sum(outcomes.values()) - outcomes["ok"] > 0, outcomes


@pytest.mark.parametrize(
    ("media_box", "damaged_box"),
    [
        (b"/MediaBox [ 0 0 ", b"/MediaBox [ 0 0 /v "),  # a name among the numbers
        (b"/MediaBox", b"/MediaBoy"),  # no page box at all (same length: offsets hold)
    ],
    ids=["name-in-media-box", "no-media-box"],
)
def test_pdf_with_a_broken_media_box_is_reported_as_damaged(
    pdf_seeds: list[Path], tmp_path: Path, media_box: bytes, damaged_box: bytes
) -> None:
    data = pdf_seeds[0].read_bytes()
    damaged = data.replace(media_box, damaged_box)
    assert damaged != data
    path = tmp_path / "media-box.pdf"
    path.write_bytes(damaged)
    # pdfminer's finding; pdfium reads such a page on a US Letter box (test_pdf_engines.py).
    with pytest.raises(DamagedDocumentError, match=r"media-box\.pdf: the PDF is damaged"):
        extract_isolated(path, limits=LIMITS, engine="pdfplumber")
