"""A learned clause filter over the rule tagger's codes (issue 11, an experiment; off by default).

The rules find a code where one of its cues occurs; on real text, cues also occur in
background wording ("pave the way", a programme's slogan) and give false codes. The
filter reads the sentence of each code the rules found, other than the sectors, and
drops it when a small classifier trained on the project's own material judges that the
code does not hold there.

* :mod:`~pipeline.learn.examples` -- training sentences from the paraphrase banks and the
  held-out sets' gold;
* :mod:`~pipeline.learn.model` -- the classifier (spaCy ``textcat_multilabel``, bag of
  words, deterministic), and how the tagger asks it;
* :func:`learned_tagger` -- a tagger with the filter trained on
  ``ontology/learned/clauses.jsonl`` (a snapshot written by ``benchmarks/learned.py
  --write``: its held-out part holds the rules' false codes of the day, so rewrite it
  when the rules or the banks change before measuring again).

Measured (2026-12-04, ``benchmarks/learned.py``): it does not help, so no default tagger
uses it. Leaving one held-out set out at a time, codes F1 stays 0.94 and non-sector F1
0.93 (recall -0.01; of 19 false non-sector codes one removed, five true ones lost), at
any threshold and with the ensemble architecture; on ten real public texts (judged
sentence by sentence, outside the repository) it dropped none of nine false annotations.
Only :class:`~pipeline.tag.Tagger`'s ``clause_filter`` argument reaches it.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pipeline.codebook import Codebook, load_codebook
from pipeline.learn.examples import ClauseExample, read_examples
from pipeline.learn.model import ClauseFilter, Settings, clause_words
from pipeline.resources import data_dir
from pipeline.tag.tagger import Tagger

__all__ = [
    "EXAMPLES_FILE",
    "ClauseExample",
    "ClauseFilter",
    "Settings",
    "clause_words",
    "default_learned_tagger",
    "learned_tagger",
    "train_filter",
]

EXAMPLES_FILE = data_dir("ontology") / "learned" / "clauses.jsonl"
"""The training examples of the project's filter."""


def train_filter(
    tagger: Tagger,
    examples: list[ClauseExample],
    *,
    settings: Settings = Settings(),  # noqa: B008 -- frozen, shared safely
) -> ClauseFilter:
    """Train a filter on ``examples``, each sentence read by ``tagger``'s words.

    Args:
        tagger: The tagger whose lemmas and masks the filter reads (its own filter is
            not used).
        examples: The training sentences.
        settings: How to train.
    """

    def words_of(lang: str, text: str) -> list[str]:
        page = tagger.language_tagger(lang).page(text)
        return clause_words(page.lemmas, page.mask.masked, 0, len(page.lemmas))

    return ClauseFilter.train(examples, words_of, settings=settings)


def learned_tagger(codebook: Codebook, examples: Path = EXAMPLES_FILE) -> Tagger:
    """A tagger of ``codebook`` whose codes pass a filter trained on ``examples``."""
    tagger = Tagger(codebook)
    tagger.clause_filter = train_filter(tagger, read_examples(examples))
    return tagger


@functools.lru_cache(maxsize=1)
def default_learned_tagger() -> Tagger:
    """The project's codebook with the project's filter, trained on first use (seconds)."""
    return learned_tagger(load_codebook())
