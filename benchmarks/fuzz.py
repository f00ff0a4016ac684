"""Fuzzing, the long run: the properties of ``tests/test_fuzz.py`` on many more inputs.

Each property runs ``--examples`` Hypothesis examples (the query-string and query
parameter properties too); the PDF loop extracts ``--mutants`` mutants of the seed PDFs
through :func:`pipeline.extract.extract_isolated` under a 20 s, 1 GiB limit and tags
what they give. Unlike the test, a failure does not stop the run: each is counted,
grouped by its first line, and shown with its smallest input seen; failing PDF mutants
are kept in ``--keep`` with the traceback of an in-process extraction beside them.

Prints, per property: inputs tried, outcomes, failures (distinct and total), seconds.

Usage:
    .venv/bin/python benchmarks/fuzz.py                         # 5,000 examples, 1,000 mutants
    .venv/bin/python benchmarks/fuzz.py --examples 500 --mutants 100 --seed 7
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import (  # noqa: E402
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
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.extract import ExtractionLimits, extract_text  # noqa: E402
from pipeline.query import list_queries, selected_variables  # noqa: E402
from pipeline.store import KnowledgeStore  # noqa: E402


class Tally:
    """Inputs tried, their outcomes, and failures grouped by their first line."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tried = 0
        self.outcomes: Counter[str] = Counter()
        self.failures: Counter[str] = Counter()
        self.smallest: dict[str, str] = {}
        self.started = time.monotonic()

    def run(self, check: Callable[[], object], shown: str) -> None:
        """Run one check; count its outcome, or its failure with the input shown."""
        self.tried += 1
        try:
            outcome = check()
        except Exception as error:  # every failure is counted, none stops the run
            line = str(error).splitlines()[0] if str(error) else ""
            # A PDF mutant's message starts with its file name: group by what follows.
            line = re.sub(r"^\S*mutant-\d+-\S+: ", "", line)
            key = f"{type(error).__name__}: {line}"
            key = key[:160]
            self.failures[key] += 1
            if key not in self.smallest or len(shown) < len(self.smallest[key]):
                self.smallest[key] = shown
            return
        self.outcomes[_label(outcome)] += 1

    def report(self) -> None:
        seconds = time.monotonic() - self.started
        failed = sum(self.failures.values())
        outcomes = ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common(6))
        print(
            f"{self.name}: {self.tried} inputs in {seconds:.0f} s; "
            f"failures {failed} ({len(self.failures)} distinct); {outcomes}",
            flush=True,
        )
        for key, count in self.failures.most_common():
            print(f"    {count} x {key}\n        smallest input: {self.smallest[key][:300]!r}")


def _label(outcome: object) -> str:
    """A check's result as an outcome: the pipeline's answer, or what was made."""
    if outcome is None:
        return "refused (our error)"
    if isinstance(outcome, tuple):
        return "tagged"
    if isinstance(outcome, int):
        return "stored"
    return str(outcome)


def _decoded(text: str | None) -> str | None:
    return None if text is None else "decoded"


def fuzz_properties(examples: int, store: KnowledgeStore, trap: ServiceTrap) -> None:
    """Every Hypothesis property, ``examples`` inputs each."""
    fuzz = settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    named = {query.name: query for query in list_queries()}

    tally = Tally("decoding: any bytes")
    fuzz(
        given(text_file_bytes())(
            lambda data: tally.run(lambda: _decoded(check_decoding(data)), repr(data))
        )
    )()
    tally.report()

    tally = Tally("tagging and entities: hostile text")
    fuzz(given(documents())(lambda text: tally.run(lambda: check_tagging(text), text.text)))()
    tally.report()

    tally = Tally("graph: stored, oa:exact == slice")
    fuzz(given(documents())(lambda text: tally.run(lambda: check_graph(text), text.text)))()
    tally.report()

    for title, strategy, service in (
        ("query: any string", st.text(max_size=300), False),
        ("query: mutated named queries", mutated_queries(), False),
        ("query: SERVICE among tricky tokens", service_queries(), True),
    ):
        tally = Tally(title)
        fuzz(given(strategy)(_query_property(tally, store, trap, has_service=service)))()
        tally.report()

    tally = Tally("query: parameters")

    @st.composite
    def parameters(draw: st.DrawFn) -> tuple[str, list[str]]:
        name = draw(st.sampled_from(sorted(named)))
        variables = selected_variables(named[name].text) or ["x"]
        keys = st.one_of(st.sampled_from(variables), st.text(max_size=8))
        pairs = draw(st.lists(st.tuples(keys, st.text(max_size=40)), max_size=3))
        return name, [f"{key}={value}" for key, value in pairs]

    fuzz(
        given(parameters())(
            lambda case: tally.run(
                lambda: check_parameters(store, named[case[0]], case[1]), repr(case)
            )
        )
    )()
    tally.report()


def _query_property(
    tally: Tally, store: KnowledgeStore, trap: ServiceTrap, *, has_service: bool
) -> Callable[[str], None]:
    def one(spec: str) -> None:
        tally.run(lambda: check_query_spec(store, spec, trap=trap, has_service=has_service), spec)

    return one


def fuzz_pdfs(mutants: int, seed: int, keep: Path) -> None:
    """The mutation loop: extract each mutant under limits, then tag its text."""
    limits = ExtractionLimits(seconds=20.0, memory_bytes=1024 * 1024 * 1024)
    work = Path(tempfile.mkdtemp(prefix="plpbk-fuzz-"))
    seeds = seed_pdfs(work / "seeds")
    tally = Tally(f"PDF mutants of {len(seeds)} seeds (seed {seed})")
    for index, (origin, data) in enumerate(pdf_mutants(seeds, mutants, seed=seed)):
        path = work / f"mutant-{index:05d}-{origin}"
        path.write_bytes(data)
        failures = sum(tally.failures.values())

        def one(path: Path = path) -> str:
            outcome, text = check_pdf(path, limits=limits)
            if text is not None:
                check_tagging(text)
            return outcome

        tally.run(one, path.name)
        if sum(tally.failures.values()) > failures:
            keep.mkdir(parents=True, exist_ok=True)
            kept = keep / path.name
            kept.write_bytes(data)
            try:
                extract_text(kept)
            except Exception:
                kept.with_suffix(".traceback.txt").write_text(traceback.format_exc())
        path.unlink()
    tally.report()
    if tally.failures:
        print(f"    failing mutants kept in {keep}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="examples per property")
    parser.add_argument("--mutants", type=int, default=1000, help="PDF mutants")
    parser.add_argument("--seed", type=int, default=16, help="seed of the PDF mutations")
    parser.add_argument(
        "--keep", type=Path, default=Path("fuzz-crashes"), help="where failing mutants go"
    )
    args = parser.parse_args()
    started = time.monotonic()
    trap = ServiceTrap()
    with tempfile.TemporaryDirectory() as folder:
        path = query_store(Path(folder) / "kg")
        with KnowledgeStore.open(path, read_only=True) as store:
            fuzz_properties(args.examples, store, trap)
    trap.close()
    print(f"    connections to the SERVICE trap: {trap.connections}", flush=True)
    fuzz_pdfs(args.mutants, args.seed, args.keep)
    print(f"total {time.monotonic() - started:.0f} s")


if __name__ == "__main__":  # extraction workers re-run this module
    main()
