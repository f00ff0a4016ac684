"""The clause filter: a bag-of-words classifier that says whether a code holds in a sentence.

spaCy's own ``textcat_multilabel`` (``spacy.TextCatBOW.v3``: unigrams and bigrams, no
vectors, nothing downloaded) over a blank pipeline, one label a judged code. Its words are
the tagger's lemmas of the sentence, so that it reads "dimitrakan" as the rules do, and a
token the masks set aside (inside a name, a title, a link line) reads as
:data:`MASKED`. Training is deterministic: a fixed seed, a fixed order, one thread of
numpy on the CPU; the same examples give the same weights and the same scores.
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.pipeline import TextCategorizer
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

from pipeline.learn.examples import ClauseExample

MASKED = "<masked>"
"""The word a masked token reads as."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How the filter is trained and when it keeps a code.

    Attributes:
        threshold: A code is kept when its score is at least this.
        epochs: Passes over the examples.
        batch: Examples a training step.
        ngrams: The longest word n-gram the bag of words counts.
        length: Rows of the bag-of-words table (hashed n-grams).
        seed: The seed of the weights and of the order of the examples.
        architecture: ``"bow"`` (the bag of words alone) or ``"ensemble"`` (spaCy's
            default for the component: the bag of words beside a small CNN over hashed
            word forms, prefixes, suffixes and shapes; still no vectors).
    """

    threshold: float = 0.5
    epochs: int = 20
    batch: int = 16
    ngrams: int = 2
    length: int = 2**14
    seed: int = 0
    architecture: str = "bow"


WordsOf = Callable[[str, str], list[str]]
"""``(lang, text) -> words``: a sentence read as the filter reads it (lemmas, masked)."""


class ClauseFilter:
    """A trained classifier of codes in sentences.

    Build one with :meth:`train`. :meth:`scores` gives each code's probability in a
    sentence; :meth:`keeps` says whether a code found there by the rules stands.
    Codes it was never trained on are always kept.

    Attributes:
        labels: The codes it judges.
        settings: How it was trained.
        fingerprint: SHA-256 of the examples and settings it was trained on: the same
            fingerprint, the same filter.
    """

    def __init__(
        self, nlp: Language, labels: tuple[str, ...], settings: Settings, fingerprint: str
    ) -> None:
        self._nlp = nlp
        self._textcat: TextCategorizer = nlp.get_pipe("textcat_multilabel")  # type: ignore[assignment]
        self.labels = labels
        self._known = frozenset(labels)
        self.settings = settings
        self.fingerprint = fingerprint

    @classmethod
    def train(
        cls,
        examples: Sequence[ClauseExample],
        words_of: WordsOf,
        *,
        settings: Settings = Settings(),
    ) -> ClauseFilter:
        """Train a filter on ``examples``.

        Args:
            examples: Sentences with codes that hold or do not.
            words_of: How a sentence reads (the tagger's lemmas; see :data:`WordsOf`).
            settings: How to train.

        Returns:
            The trained filter.

        Raises:
            ValueError: ``examples`` is empty.
        """
        if not examples:
            raise ValueError("the clause filter needs at least one training example")
        nlp = spacy.blank("xx")
        bag = {
            "@architectures": "spacy.TextCatBOW.v3",
            "exclusive_classes": False,
            "ngram_size": settings.ngrams,
            "no_output_layer": False,
            "length": settings.length,
        }
        if settings.architecture == "bow":
            model = bag
        elif settings.architecture == "ensemble":
            model = {
                "@architectures": "spacy.TextCatEnsemble.v2",
                "linear_model": bag,
                "tok2vec": {
                    "@architectures": "spacy.Tok2Vec.v2",
                    "embed": {
                        "@architectures": "spacy.MultiHashEmbed.v2",
                        "width": 64,
                        "rows": [2000, 2000, 500, 1000, 500],
                        "attrs": ["NORM", "LOWER", "PREFIX", "SUFFIX", "SHAPE"],
                        "include_static_vectors": False,
                    },
                    "encode": {
                        "@architectures": "spacy.MaxoutWindowEncoder.v2",
                        "width": 64,
                        "window_size": 1,
                        "maxout_pieces": 3,
                        "depth": 2,
                    },
                },
            }
        else:
            raise ValueError(f"unknown architecture {settings.architecture!r}: bow or ensemble")
        textcat: TextCategorizer = nlp.add_pipe(  # type: ignore[assignment]
            "textcat_multilabel", config={"model": model}
        )
        labels = tuple(sorted({code for e in examples for code, _ in e.cats}))
        for label in labels:
            textcat.add_label(label)
        training = [
            Example.from_dict(_doc(nlp, words_of(e.lang, e.text)), {"cats": _cats(e)})
            for e in examples
        ]
        fix_random_seed(settings.seed)
        optimizer = nlp.initialize(lambda: training)
        order = random.Random(settings.seed)
        for _ in range(settings.epochs):
            order.shuffle(training)
            for batch in minibatch(training, size=settings.batch):
                nlp.update(batch, sgd=optimizer, drop=0.0)
        return cls(nlp, labels, settings, fingerprint(examples, settings))

    def scores(self, sentences: Sequence[Sequence[str]]) -> list[dict[str, float]]:
        """Each sentence's score of each code it judges (words as :data:`WordsOf` gives)."""
        if not sentences:
            return []
        docs = [_doc(self._nlp, words) for words in sentences]
        return [dict(doc.cats) for doc in self._textcat.pipe(docs, batch_size=256)]

    def judge(
        self,
        found: Sequence[tuple[str, int]],
        lemmas: Sequence[str],
        masked: AbstractSet[int],
        sentence_firsts: Sequence[int],
    ) -> list[bool]:
        """Whether each code found on a page stands, read in its sentence.

        Args:
            found: ``(code, first token)`` of each match the rules kept.
            lemmas: The page's lemmas.
            masked: The indices of its masked tokens.
            sentence_firsts: The first token of each of its sentences, ascending.

        Returns:
            One answer a match, in order: codes the filter does not judge stand.
        """
        sentences: dict[int, int] = {}  # a judged match's sentence, by its index in found
        for index, (code, start) in enumerate(found):
            if code in self._known:
                sentences[index] = max(0, bisect.bisect_right(sentence_firsts, start) - 1)
        if not sentences:
            return [True] * len(found)
        read = sorted(set(sentences.values()))
        ends = [*sentence_firsts[1:], len(lemmas)]
        scores = dict(
            zip(
                read,
                self.scores(
                    [clause_words(lemmas, masked, sentence_firsts[i], ends[i]) for i in read]
                ),
                strict=True,
            )
        )
        return [
            index not in sentences or self.keeps(code, scores[sentences[index]])
            for index, (code, _) in enumerate(found)
        ]

    def keeps(self, code: str, score: dict[str, float]) -> bool:
        """True when ``code``, found in a sentence with these scores, stands."""
        return code not in self._known or score[code] >= self.settings.threshold


def fingerprint(examples: Sequence[ClauseExample], settings: Settings) -> str:
    """SHA-256 of the examples (in order) and the settings."""
    digest = hashlib.sha256(repr(settings).encode())
    for example in examples:
        digest.update(example.to_json().encode())
    return digest.hexdigest()


def clause_words(
    lemmas: Sequence[str], masked: AbstractSet[int], first: int, last: int
) -> list[str]:
    """The words of tokens ``first`` to ``last`` (excluded) as the filter reads them.

    Args:
        lemmas: The page's lemmas (:class:`pipeline.tag.pages.TokenisedPage`).
        masked: The indices of its masked tokens.
        first: The first token of the sentence.
        last: One past its last token.
    """
    return [MASKED if i in masked else lemmas[i] for i in range(first, last)]


def _doc(nlp: Language, words: Sequence[str]) -> Doc:
    return Doc(nlp.vocab, words=list(words) or [MASKED])


def _cats(example: ClauseExample) -> dict[str, float]:
    return {code: float(holds) for code, holds in example.cats}
