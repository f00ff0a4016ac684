"""The codebook: the codes of ``codebook.ttl`` and the rules the tagger reads them by.

The ontology folder holds the data the tagger runs on::

    ontology/codebook.ttl        the codes (built by ontology/build_codebook.py)
    ontology/contexts.jsonl      named context rules that cue patterns refer to
    ontology/lemmas.jsonl        synonyms folded into one lemma before matching
    ontology/masks.jsonl         stretches where cue words are no evidence (names, titles,
                                 streets, link lines, idioms, slogans)
    ontology/implied.jsonl       roles a sector plays by what it provides (a giver is a donor)
    ontology/patterns/*.jsonl    cue patterns, one file per family, one pattern a line

Each file of the package reads one kind of it:

* :mod:`~pipeline.codebook.folder` -- where the folder is, its file names, and the
  fingerprint of their bytes that tells documents tagged with an older codebook;
* :mod:`~pipeline.codebook.concepts` -- the codes: SKOS concepts and their families;
* :mod:`~pipeline.codebook.lines` -- a JSONL file read line by line, with the checks
  every kind of line shares;
* :mod:`~pipeline.codebook.patterns` -- cue patterns, checked against the codes and
  compiled by spaCy;
* :mod:`~pipeline.codebook.contexts` -- context rules the patterns name;
* :mod:`~pipeline.codebook.lemmas` -- synonyms folded into one lemma;
* :mod:`~pipeline.codebook.masks` -- stretches where cue words are no evidence;
* :mod:`~pipeline.codebook.implied` -- roles implied by what a sector provides.

This file puts them together: :func:`load_codebook` reads and validates the whole
folder into a :class:`Codebook`. Adding a code or a cue is a data change; everything
is checked on load and every error names the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.codebook.concepts import Concept, read_concepts, read_scheme
from pipeline.codebook.contexts import ContextRule, read_contexts
from pipeline.codebook.folder import (
    CODEBOOK_TTL,
    CONTEXTS_FILE,
    ENTITIES_DIR,
    IMPLIED_FILE,
    LEMMAS_FILE,
    MASKS_FILE,
    PATTERNS_DIR,
    default_ontology_dir,
    fingerprint,
)
from pipeline.codebook.implied import ImpliedRole, read_implied
from pipeline.codebook.lemmas import LemmaSynonyms, read_synonyms
from pipeline.codebook.lines import suggestion
from pipeline.codebook.masks import MASK_KINDS, MaskRule, read_masks
from pipeline.codebook.patterns import (
    MATCH_ATTRS,
    CuePattern,
    is_optional,
    literal_words,
    read_patterns,
)
from pipeline.errors import CodebookError

__all__ = [
    "CODEBOOK_TTL",
    "CONTEXTS_FILE",
    "ENTITIES_DIR",
    "LEMMAS_FILE",
    "MASKS_FILE",
    "MASK_KINDS",
    "MATCH_ATTRS",
    "PATTERNS_DIR",
    "Codebook",
    "Concept",
    "ContextRule",
    "CuePattern",
    "ImpliedRole",
    "LemmaSynonyms",
    "MaskRule",
    "codebook_fingerprint",
    "default_ontology_dir",
    "is_optional",
    "literal_words",
    "load_codebook",
]


@dataclass(frozen=True)
class Codebook:
    """The codes, their cue patterns and context rules, as loaded and validated.

    Attributes:
        scheme: The concept scheme's IRI.
        version: The scheme's ``owl:versionInfo``.
        concepts: The codes by notation.
        patterns: The cue patterns, in file order (files sorted by name).
        contexts: The context rules by name.
        synonyms: Synonyms folded into one lemma, in file order.
        masks: The mask rules, in file order.
        implied: Roles implied by what a sector provides, in file order.
        fingerprint: ``{version}+{hash}``: changes whenever the Turtle, a pattern or
            a context rule changes, so documents tagged with an older codebook can
            be found and re-tagged.
        directory: The ontology folder it was loaded from.
    """

    scheme: str
    version: str
    concepts: Mapping[str, Concept]
    patterns: tuple[CuePattern, ...]
    contexts: Mapping[str, ContextRule]
    fingerprint: str
    directory: Path = field(compare=False)
    synonyms: tuple[LemmaSynonyms, ...] = ()
    masks: tuple[MaskRule, ...] = ()
    implied: tuple[ImpliedRole, ...] = ()

    def patterns_for(self, lang: str) -> tuple[CuePattern, ...]:
        """Return the cue patterns written in language ``lang``."""
        return tuple(p for p in self.patterns if p.lang == lang)


def codebook_fingerprint(ontology_dir: Path | None = None) -> str:
    """Return the codebook's version string: ``{owl:versionInfo}+{short sha256}``.

    The hash covers ``codebook.ttl``, ``contexts.jsonl``, ``lemmas.jsonl``,
    ``masks.jsonl``, ``implied.jsonl``, every pattern file, the entity data files and the gazetteer
    package's version, so editing a cue or an organisation's aliases changes it. This
    reads the files without validating the patterns; :func:`load_codebook` gives the
    same value as :attr:`Codebook.fingerprint`.

    Args:
        ontology_dir: The ontology folder; by default :func:`default_ontology_dir`.

    Raises:
        CodebookError: ``codebook.ttl`` is missing, unreadable or has no version.
    """
    directory = ontology_dir or default_ontology_dir()
    _, version = read_scheme(directory / CODEBOOK_TTL)
    return fingerprint(directory, version)


def load_codebook(ontology_dir: Path | None = None) -> Codebook:
    """Load and validate the codebook, its context rules and its cue patterns.

    Args:
        ontology_dir: The ontology folder; by default :func:`default_ontology_dir`.

    Returns:
        The validated codebook.

    Raises:
        CodebookError: A file is missing or invalid: bad JSON, an unknown or missing
            key, a label that is no notation of the codebook, an unknown language,
            attribute or context, a duplicate id, or a token pattern spaCy rejects.
            The message names the file and line.
    """
    directory = ontology_dir or default_ontology_dir()
    graph, version = read_scheme(directory / CODEBOOK_TTL)
    scheme, concepts = read_concepts(graph, directory / CODEBOOK_TTL)
    contexts = read_contexts(directory / CONTEXTS_FILE)
    synonyms = read_synonyms(directory / LEMMAS_FILE)
    masks = read_masks(directory / MASKS_FILE)
    implied = read_implied(directory / IMPLIED_FILE, concepts)
    pattern_files = sorted((directory / PATTERNS_DIR).glob("*.jsonl"))
    if not pattern_files:
        raise CodebookError(
            f"{directory / PATTERNS_DIR}: no *.jsonl pattern files; the tagger needs cues"
        )
    for rule in contexts.values():
        if rule.addressee is not None and rule.addressee not in concepts:
            raise CodebookError(
                f"{rule.source}: 'addressee' names {rule.addressee!r}, which is no code"
                f"{suggestion(rule.addressee, sorted(concepts))}"
            )
    patterns = read_patterns(pattern_files, concepts, contexts)
    return Codebook(
        scheme=scheme,
        version=version,
        concepts=concepts,
        patterns=patterns,
        contexts=contexts,
        fingerprint=fingerprint(directory, version),
        directory=directory,
        synonyms=synonyms,
        masks=masks,
        implied=implied,
    )
