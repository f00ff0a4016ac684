"""The learned clause filter against the rules alone: leave one held-out set out.

For each held-out set (``tests/heldout``, ``heldout_classes``, ``heldout_classes2``,
``heldout_classes3``, ``heldout_d``, ``heldout_e``) a filter is trained on the banks and
the *other* sets' gold (:mod:`pipeline.learn.examples`), and the left-out set is tagged
through the real tagger (entities first, their organisations the relations' actors, as
:func:`pipeline.annotate.annotate_text`) with the filter off and on. Codes are scored as
:mod:`pipeline.evaluate` scores them: a code is found in a document when one
annotation has it; micro P/R/F1 over (document, code) pairs, all codes and codes other
than sectors; roles and provides as (sector, role/form) pairs of the relations.

Usage:
    python benchmarks/learned.py                  # the leave-one-set-out table
    python benchmarks/learned.py --threshold 0.3  # another keep threshold
    python benchmarks/learned.py --architecture ensemble  # bag of words + CNN, no vectors
    python benchmarks/learned.py --speed          # words per CPU second, off vs on
    python benchmarks/learned.py --gold-dir DIR   # a set it never saw, off vs on
    python benchmarks/learned.py --write          # ontology/learned/clauses.jsonl from all sets
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from pipeline.codebook import load_codebook  # noqa: E402
from pipeline.document import ExtractedText, TaggedDocument  # noqa: E402
from pipeline.entities import recognise_entities  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.language import detect_language  # noqa: E402
from pipeline.learn import EXAMPLES_FILE, ClauseFilter, Settings, train_filter  # noqa: E402
from pipeline.learn.examples import (  # noqa: E402
    ClauseExample,
    bank_examples,
    gold_examples,
    write_examples,
)
from pipeline.tag import Tagger  # noqa: E402
from pipeline.tag.actors import organisation_actors  # noqa: E402

SETS = (
    "heldout",
    "heldout_classes",
    "heldout_classes2",
    "heldout_classes3",
    "heldout_d",
    "heldout_e",
)
BANKS = ROOT / "tests" / "banks"


@dataclass
class Document:
    """A held-out document: its text, gold and what the entities stage found."""

    name: str
    text: ExtractedText
    gold: dict[str, Any]
    actors: Sequence[Any] = ()
    language: str = "id"


@dataclass
class Tally:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: set[Any], gold: set[Any]) -> None:
        self.tp += len(found & gold)
        self.fp += len(found - gold)
        self.fn += len(gold - found)

    def prf(self) -> tuple[float, float, float]:
        # As pipeline.evaluate.scores.Score: nothing to find and nothing found scores 1.
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def documents(folder: Path) -> list[Document]:
    """The documents of a folder of gold files (a held-out set) with their gold."""
    found = []
    for gold_path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for file in gold["files"]:
            text = extract_text(gold_path.parent / file)
            language = detect_language(
                "\n".join(text.text[page.start : page.end] for page in text.pages if page.usable)
            )
            entities = recognise_entities(text, language=language)
            name = f"{folder.name}/{file}"
            found.append(Document(name, text, gold, organisation_actors(entities)))
    return found


def tag(tagger: Tagger, document: Document) -> TaggedDocument:
    return tagger.tag(document.text, actors=document.actors)


def score(tagged: Sequence[TaggedDocument], docs: Sequence[Document]) -> dict[str, Tally]:
    """Codes, codes other than sectors, roles and provides, micro over the documents."""
    tallies = {k: Tally() for k in ("codes", "non_sector", "roles", "provides")}
    for result, document in zip(tagged, docs, strict=True):
        gold = document.gold
        found = {a.code for a in result.annotations}
        tallies["codes"].add(found, set(gold["codes"]))
        tallies["non_sector"].add(
            {c for c in found if not c.startswith("sector.")},
            {c for c in gold["codes"] if not c.startswith("sector.")},
        )
        for key, predicate, field_name in (
            ("roles", "plays", "role"),
            ("provides", "provides", "form"),
        ):
            if key in gold:
                tallies[key].add(
                    {(r.subject, r.object) for r in result.relations if r.predicate == predicate},
                    {(g["sector"], g[field_name]) for g in gold[key]},
                )
    return tallies


def examples_of(
    tagger: Tagger, docs: Sequence[Document], tagged: Sequence[TaggedDocument]
) -> list[ClauseExample]:
    """The gold examples of documents tagged by the rules alone."""
    found = []
    for document, result in zip(docs, tagged, strict=True):
        found += gold_examples(
            document.text.text,
            result.language,
            document.gold["codes"],
            result.annotations,
            source=document.name,
        )
    return found


def row(label: str, tallies: dict[str, Tally]) -> str:
    cells = []
    for key in ("codes", "non_sector", "roles", "provides"):
        p, r, f = tallies[key].prf()
        cells.append(f"{p:.2f} / {r:.2f} / {f:.2f}")
    return f"| {label} | " + " | ".join(cells) + " |"


def leave_one_out(settings: Settings, *, verbose: bool = False) -> None:
    tagger = Tagger(load_codebook())
    sets = {name: documents(ROOT / "tests" / name) for name in SETS}
    rules = {name: [tag(tagger, d) for d in docs] for name, docs in sets.items()}
    banks = bank_examples(BANKS)
    golds = {name: examples_of(tagger, sets[name], rules[name]) for name in SETS}
    print(
        f"bank examples {len(banks)}; gold examples "
        + ", ".join(f"{name} {len(golds[name])}" for name in SETS)
    )
    _header()
    total_off = {k: Tally() for k in ("codes", "non_sector", "roles", "provides")}
    total_on = {k: Tally() for k in ("codes", "non_sector", "roles", "provides")}
    tallies_dropped = {"annotations": 0, "judged": 0, "true": 0, "false": 0}
    for name in SETS:
        training = banks + [e for other in SETS if other != name for e in golds[other]]
        started = time.process_time()
        tagger.clause_filter = train_filter(tagger, training, settings=settings)
        trained = time.process_time() - started
        filtered = [tag(tagger, d) for d in sets[name]]
        tagger.clause_filter = None
        off, on = score(rules[name], sets[name]), score(filtered, sets[name])
        for totals, tallies in ((total_off, off), (total_on, on)):
            for key, tally in tallies.items():
                totals[key].tp += tally.tp
                totals[key].fp += tally.fp
                totals[key].fn += tally.fn
        print(row(f"{name} ({len(sets[name])}) off", off))
        print(row(f"{name} on (trained {len(training)} in {trained:.1f} s)", on), flush=True)
        dropped = _dropped(rules[name], filtered, sets[name])
        tallies_dropped["annotations"] += dropped["annotations"]
        tallies_dropped["true"] += dropped["true"]
        tallies_dropped["false"] += dropped["false"]
        tallies_dropped["judged"] += dropped["judged"]
        if verbose:
            for item in dropped["items"]:
                print("    dropped", *item)
    print(row("all sets off", total_off))
    print(row("all sets on", total_on))
    print(
        f"annotations of judged codes dropped: {tallies_dropped['annotations']} of "
        f"{tallies_dropped['judged']}; document codes lost: {tallies_dropped['true']} true, "
        f"{tallies_dropped['false']} false (of {total_off['non_sector'].fp} false non-sector codes)"
    )


def _dropped(
    before: Sequence[TaggedDocument], after: Sequence[TaggedDocument], docs: Sequence[Document]
) -> dict[str, Any]:
    """What the filter took away: annotations, and codes lost from documents."""
    found: dict[str, Any] = {"annotations": 0, "judged": 0, "true": 0, "false": 0, "items": []}
    for old, new, document in zip(before, after, docs, strict=True):
        kept = set(new.annotations)
        gold = document.gold["codes"]
        for annotation in old.annotations:
            if not annotation.code.startswith("sector."):
                found["judged"] += 1
                if annotation not in kept:
                    found["annotations"] += 1
                    found["items"].append(
                        (
                            document.name,
                            annotation.code,
                            annotation.code in gold,
                            repr(annotation.evidence.exact),
                        )
                    )
        lost = {a.code for a in old.annotations} - {a.code for a in new.annotations}
        found["true"] += len(lost & set(gold))
        found["false"] += len(lost - set(gold))
    return found


def measure_folders(folders: Sequence[Path], settings: Settings) -> None:
    """Each folder of gold files tagged with the filter off and on (trained on the snapshot).

    For sets the filter never saw (a fresh real set): the filter is the one
    ``ontology/learned/clauses.jsonl`` trains, with ``settings``, decided before the run.
    """
    tagger = Tagger(load_codebook())
    learned = train_filter(tagger, _examples_file(), settings=settings)
    print(f"filter {learned.fingerprint[:12]} ({settings})")
    _header()
    for folder in folders:
        docs = documents(folder)
        tagger.clause_filter = None
        off = [tag(tagger, d) for d in docs]
        tagger.clause_filter = learned
        on = [tag(tagger, d) for d in docs]
        print(row(f"{folder.name} ({len(docs)}) off", score(off, docs)))
        print(row(f"{folder.name} on", score(on, docs)))
        dropped = _dropped(off, on, docs)
        print(
            f"    dropped {dropped['annotations']} of {dropped['judged']} annotations; "
            f"document codes lost: {dropped['true']} true, {dropped['false']} false"
        )


def _header() -> None:
    print(
        "| set (docs) | codes P / R / F1 | non-sector P / R / F1 | roles P / R / F1 "
        "| provides P / R / F1 |"
    )
    print("|---|---|---|---|---|")


def speed(settings: Settings, words: int, runs: int) -> None:
    spec = importlib.util.spec_from_file_location("tagger_bench", ROOT / "benchmarks" / "tagger.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tagger = Tagger(load_codebook())
    started = time.process_time()
    learned: ClauseFilter = train_filter(tagger, _examples_file(), settings=settings)
    print(f"filter trained in {time.process_time() - started:.1f} CPU s")
    rates: dict[str, list[float]] = {"off": [], "on": []}
    for run in range(runs):
        corpus = bench.corpus(words, 1 + run)
        count = sum(len(d.text.split()) for d in corpus)
        for mode in ("off", "on") if run % 2 == 0 else ("on", "off"):
            tagger.clause_filter = learned if mode == "on" else None
            started = time.process_time()
            for document in corpus:
                tagger.tag(document)
            rates[mode].append(count / (time.process_time() - started))
        print(
            f"run {run + 1}: off {rates['off'][-1]:,.0f}, on {rates['on'][-1]:,.0f} words/CPU-s",
            flush=True,
        )
    off, on = statistics.median(rates["off"]), statistics.median(rates["on"])
    print(f"median off {off:,.0f}, on {on:,.0f} words per CPU second ({on / off - 1:+.1%})")


def _examples_file() -> list[ClauseExample]:
    from pipeline.learn.examples import read_examples

    return read_examples(EXAMPLES_FILE)


def write(path: Path) -> None:
    tagger = Tagger(load_codebook())
    examples = bank_examples(BANKS)
    for name in SETS:
        docs = documents(ROOT / "tests" / name)
        examples += examples_of(tagger, docs, [tag(tagger, d) for d in docs])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_examples(path, examples)
    print(f"{len(examples)} examples written to {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=Settings().threshold)
    parser.add_argument("--epochs", type=int, default=Settings().epochs)
    parser.add_argument("--ngrams", type=int, default=Settings().ngrams)
    parser.add_argument("--speed", action="store_true", help="words per CPU second, off vs on")
    parser.add_argument("--words", type=int, default=200_000, help="words a speed run")
    parser.add_argument("--runs", type=int, default=3, help="speed runs")
    parser.add_argument("--length", type=int, default=Settings().length)
    parser.add_argument("--architecture", choices=("bow", "ensemble"), default="bow")
    parser.add_argument("--verbose", action="store_true", help="list what the filter drops")
    parser.add_argument(
        "--gold-dir",
        type=Path,
        action="append",
        help="a folder of gold files to measure on (repeatable), with the snapshot's filter",
    )
    parser.add_argument("--write", action="store_true", help=f"write {EXAMPLES_FILE}")
    args = parser.parse_args()
    settings = Settings(
        threshold=args.threshold,
        epochs=args.epochs,
        ngrams=args.ngrams,
        length=args.length,
        architecture=args.architecture,
    )
    if args.write:
        write(EXAMPLES_FILE)
    elif args.gold_dir:
        measure_folders(args.gold_dir, settings)
    elif args.speed:
        speed(settings, args.words, args.runs)
    else:
        leave_one_out(settings, verbose=args.verbose)


if __name__ == "__main__":
    main()
