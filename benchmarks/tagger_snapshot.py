"""Snapshot of everything the tagger finds, to show that a speed-up changes no output.

Tags every text the project keeps (``corpus/*.txt`` and ``corpus/src/*.md``, the
held-out samples, the held-out entity samples and the dev set's seed study) with
:func:`pipeline.tag.tag_document` and :func:`pipeline.entities.recognise_entities`, as
the flow does, and, with ``--generated``, the
shuffled and perturbed documents of ``benchmarks/tagger.py`` (fixed seeds) with
:meth:`pipeline.tag.Tagger.tag`, which reach OCR repair, stemming and reduplication
far more often than the bundled texts. Writes one JSON document: per text its
language and its annotations, relations and entity mentions, sorted.

Usage:
    python benchmarks/tagger_snapshot.py /tmp/before.json
    # ... change the tagger ...
    python benchmarks/tagger_snapshot.py /tmp/after.json
    cmp /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline.codebook import load_codebook  # noqa: E402
from pipeline.document import EntityFindings, Evidence, TaggedDocument  # noqa: E402
from pipeline.entities import recognise_entities  # noqa: E402
from pipeline.extract import extract_text  # noqa: E402
from pipeline.iris import entity_iri  # noqa: E402
from pipeline.tag import Tagger, tag_document  # noqa: E402

SOURCES = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "corpus" / "src").glob("*.md")),
    *sorted((ROOT / "tests" / "heldout").glob("*.txt")),
    *sorted((ROOT / "tests" / "heldout_entities").glob("*.txt")),
    ROOT.parent / "shared" / "corpus" / "dev" / "000_f7380d2d06d386c1.txt",
]


def _span(evidence: Evidence) -> list[Any]:
    return [evidence.start, evidence.end, evidence.page]


def findings(tagged: TaggedDocument, found: EntityFindings | None = None) -> dict[str, Any]:
    """What ``tagged`` and ``found`` hold, as sorted JSON-ready lists."""
    mentions = found.mentions if found is not None else ()
    return {
        "language": tagged.language,
        "annotations": sorted(
            [a.code, *_span(a.evidence), a.rule, a.evidence.exact] for a in tagged.annotations
        ),
        "relations": sorted(
            [r.predicate, r.subject, r.object, *_span(r.evidence), r.rule] for r in tagged.relations
        ),
        "entities": sorted(
            [entity_iri(m.entity.key), m.entity.kind, *_span(m.evidence), m.rule] for m in mentions
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="where to write the JSON snapshot")
    parser.add_argument(
        "--generated",
        type=int,
        default=300_000,
        metavar="WORDS",
        help="words of generated benchmark text to tag as well (0: none)",
    )
    parser.add_argument("--seeds", type=int, default=2, help="generated corpora, seeds 1..N")
    args = parser.parse_args()

    snapshot: dict[str, Any] = {}
    for path in SOURCES:
        text = extract_text(path)
        tagged = tag_document(text)
        found = recognise_entities(text, language=tagged.language)
        snapshot[str(path.relative_to(ROOT.parent))] = findings(tagged, found)
    if args.generated:
        from tagger import corpus  # benchmarks/tagger.py

        tagger = Tagger(load_codebook())  # one tagger for all, as a long ingest has
        for seed in range(1, args.seeds + 1):
            for number, document in enumerate(corpus(args.generated, seed)):
                snapshot[f"generated/{seed}/{number}"] = findings(tagger.tag(document))
    args.output.write_text(json.dumps(snapshot, ensure_ascii=False, sort_keys=True, indent=0))
    counts = [len(v["annotations"]) for v in snapshot.values()]
    print(f"{len(snapshot)} texts, {sum(counts):,} annotations -> {args.output}")


if __name__ == "__main__":
    main()
