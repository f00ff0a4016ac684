"""Tagger benchmark: words per second through the full tagger, on varied text, one core.

"Full tagger" is :meth:`pipeline.tag.Tagger.tag` on each document as the flow calls
it: language detection, tokenisation, normalisation and OCR repair, lemmas, every
cue pattern and context rule, negation, and relations. The text is about a million
words per run, made to vary as real reports do, because repeating one document
flatters every cache (spaCy's, and the tagger's own per word form):

* sentences of the dev set, the held-out samples and the bundled corpus (Indonesian
  and English) are shuffled across documents of several pages;
* one word in twelve is perturbed: an OCR confusion (``rn`` for ``m``, ``1`` for
  ``l``), an Indonesian affix (``di-``, ``-nya``, ``-kan``), a letter dropped or
  doubled, a line-end hyphen, or a made-up word, so that a run meets tens of thousands
  of word forms it has not seen;
* each run draws a fresh corpus (its own random seed) and tags it with the same tagger,
  as a long ingest would; the first run starts from empty word caches.

The process is pinned to one core. Reports each run and the median, in wall-clock
words per second and per CPU second of the process (the machine is shared: the
second figure is the one that does not depend on what else runs).

Usage:
    python benchmarks/tagger.py                       # ~1,000,000 words, 5 runs
    python benchmarks/tagger.py --words 200000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from pipeline.codebook import load_codebook  # noqa: E402
from pipeline.document import PAGE_SEPARATOR, ExtractedText, Page  # noqa: E402
from pipeline.tag import Tagger, split_sentences  # noqa: E402

SOURCES = [
    ROOT.parent / "shared" / "corpus" / "dev" / "000_f7380d2d06d386c1.txt",
    *sorted((ROOT / "tests" / "heldout").glob("*.txt")),
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "corpus" / "src").glob("*.md")),
]
PAGE_WORDS = 450
PAGES_PER_DOCUMENT = 8
PERTURB_EVERY = 12
OCR = (("m", "rn"), ("l", "1"), ("i", "l"), ("o", "0"), ("y", "v"), ("t", "l"))
PREFIXES = ("di", "me", "ber", "ter", "pe", "se", "ke")
SUFFIXES = ("nya", "kan", "an", "i", "lah", "s", "ed", "ing")


def sentences() -> tuple[list[str], list[str]]:
    """The sentences of the source texts, Indonesian and English apart."""
    indonesian, english = [], []
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        target = english if _looks_english(text) else indonesian
        target += [text[s.start : s.end] for s in split_sentences(text)]
    return indonesian, english


def _looks_english(text: str) -> bool:
    words = text.lower().split()
    return sum(w in {"the", "and", "of", "to"} for w in words) > len(words) / 40


def perturb(word: str, rng: random.Random) -> str:
    """One word changed as OCR, morphology or a new name would change it."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) < 3:
        return word
    kind = rng.randrange(6)
    if kind == 0:
        wrong, right = rng.choice(OCR)
        return word.replace(wrong, right, 1) if wrong in word else word + right
    if kind == 1:
        return rng.choice(PREFIXES) + word.lower()
    if kind == 2:
        return word + rng.choice(SUFFIXES)
    if kind == 3:
        index = rng.randrange(1, len(word))
        return word[:index] + word[index:][1:] if rng.random() < 0.5 else word + word[-1]
    if kind == 4:
        index = rng.randrange(2, len(word)) if len(word) > 3 else 1
        return word[:index] + "-\n" + word[index:]
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(4, 10)))


def corpus(words: int, seed: int) -> list[ExtractedText]:
    """About ``words`` words of shuffled, perturbed documents, 1 in 4 of them English."""
    rng = random.Random(seed)
    indonesian, english = sentences()
    documents: list[ExtractedText] = []
    total = 0
    while total < words:
        pool = english if rng.random() < 0.25 else indonesian
        bodies = []
        for _ in range(PAGES_PER_DOCUMENT):
            page: list[str] = []
            count = 0
            while count < PAGE_WORDS:
                sentence = rng.choice(pool).split()
                sentence = [
                    perturb(w, rng) if rng.randrange(PERTURB_EVERY) == 0 else w for w in sentence
                ]
                page.append(" ".join(sentence))
                count += len(sentence)
            body = ""
            for sentence in page:  # hard-wrapped lines, as extracted text comes
                body += sentence + ("\n" if rng.random() < 0.3 else " ")
            bodies.append(body.strip())
            total += count
        documents.append(_document(bodies))
    return documents


def _document(bodies: list[str]) -> ExtractedText:
    text, pages = "", []
    for number, body in enumerate(bodies, start=1):
        if text:
            text += PAGE_SEPARATOR
        pages.append(Page(number, len(text), len(text) + len(body)))
        text += body
    return ExtractedText(text, tuple(pages), "application/pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="words per run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    tagger = Tagger(load_codebook())
    for language in ("id", "en"):  # build both languages' matchers before timing
        tagger.tag(_document(["BKM sebagai perencana."]), language=language)
    build = time.perf_counter() - started

    runs = []
    for run in range(args.runs):
        documents = corpus(args.words, args.seed + run)
        words = sum(len(d.text.split()) for d in documents)
        forms = len({w for d in documents for w in d.text.split()})
        started, cpu_started = time.perf_counter(), time.process_time()
        annotations = relations = 0
        for document in documents:
            tagged = tagger.tag(document)
            annotations += len(tagged.annotations)
            relations += len(tagged.relations)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        runs.append(
            {
                "words": words,
                "word_forms": forms,
                "documents": len(documents),
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "words_per_second": round(words / seconds),
                "words_per_cpu_second": round(words / cpu),
                "annotations": annotations,
                "relations": relations,
            }
        )
        if not args.json:
            print(
                f"run {run + 1}: {words:,} words ({forms:,} forms, {len(documents)} documents) "
                f"in {seconds:.2f} s = {words / seconds:,.0f} words/s "
                f"({words / cpu:,.0f} per CPU second); "
                f"{annotations:,} annotations, {relations:,} relations",
                flush=True,
            )
    median = statistics.median(r["words_per_second"] for r in runs)
    median_cpu = statistics.median(r["words_per_cpu_second"] for r in runs)
    if args.json:
        figures = {"median": median, "median_per_cpu_second": median_cpu}
        print(json.dumps({"build_seconds": round(build, 2), "runs": runs, **figures}))
    else:
        print(
            f"tagger built in {build:.1f} s; median {median:,.0f} words/s "
            f"({median_cpu:,.0f} per CPU second) over {len(runs)} runs"
        )


if __name__ == "__main__":
    main()
