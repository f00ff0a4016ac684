"""Tagging and entities of one document, each in a worker process under limits.

The tagger and the recogniser are linear in the text, but a document can still be
larger than a run should spend on it; Prefect's timeouts cannot stop a thread, so the
flow runs each stage of a document through the isolation runner of
extraction (:func:`pipeline.extract.limits.run_isolated`): a worker process that the
flow kills after ``PLPBK_TAG_TIMEOUT`` seconds and that caps its own memory at
``PLPBK_TAG_MEMORY_MB`` (its own variable: spaCy and the tagger's tables need more
address space than a limit tuned for extraction may allow). Extraction knows nothing of
the stages: its worker imports each by name.

The workers are warm (:func:`~pipeline.extract.limits.run_isolated`): each builds the
tagger and the recogniser once, before its first document and outside that document's
time limit, and serves one document after another until a limit stops it.

The pipeline runs both stages of a document in one call, :func:`annotate_isolated`
(:func:`annotate_text` in the worker): the document's language, then its entities,
then its codes and relations, the organisations the entities stage named serving the
relations as actors beside the sector cues ("PT Semen Jaya menyalurkan bantuan":
:mod:`pipeline.tag.actors`). One call sends the text to the worker once, not twice.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.document import EntityFindings, ExtractedText, TaggedDocument
from pipeline.extract.limits import ExtractionLimits, run_isolated
from pipeline.extract.plaintext import extract_plain_text
from pipeline.extract.sniff import PLAIN_TEXT_MEDIA_TYPE

__all__ = [
    "TAG_MEMORY_ENV",
    "TAG_TIMEOUT_ENV",
    "Annotated",
    "annotate_isolated",
    "annotate_text",
    "tag_limits",
]

TAG_TIMEOUT_ENV = "PLPBK_TAG_TIMEOUT"
"""Environment variable: the time limit of a document's tagging and entities, in seconds."""
TAG_MEMORY_ENV = "PLPBK_TAG_MEMORY_MB"
"""Environment variable: their memory limit in MB (MiB)."""


def tag_limits(environ: Mapping[str, str] | None = None) -> ExtractionLimits:
    """The limits of :func:`annotate_isolated` (tagging and entities).

    ``PLPBK_TAG_TIMEOUT`` (600 s by default) and ``PLPBK_TAG_MEMORY_MB`` (4096 MB).

    Args:
        environ: Where to read the variables; the process environment by default.

    Raises:
        ValueError: A variable is set but is not a positive number.
    """
    return ExtractionLimits.from_env(
        os.environ if environ is None else environ,
        timeout_env=TAG_TIMEOUT_ENV,
        memory_env=TAG_MEMORY_ENV,
    )


_WARM_UP_SENTENCE = "Pemerintah kota dan swasta bermitra dengan warga memberi bantuan fisik."


@functools.cache
def _warm_up_text() -> ExtractedText:
    """A sentence each new worker tags (or reads for entities) once before its first
    document: that builds spaCy and the rulers outside the document's time limit."""
    return extract_plain_text(_WARM_UP_SENTENCE.encode(), "warm-up.txt", PLAIN_TEXT_MEDIA_TYPE)


@dataclass(frozen=True, slots=True)
class Annotated:
    """A document's codes and relations, and its entities.

    Attributes:
        tagged: What the tagger found (the document's language, codes, relations).
        found: What the entities stage found.
    """

    tagged: TaggedDocument
    found: EntityFindings


def annotate_text(text: ExtractedText) -> Annotated:
    """The tag and entities stages of one document, in process (what the worker runs).

    The language first (the tagger's own detection, on the usable pages), then the
    entities in that language, then the codes and relations, with the named
    organisations as the relations' actors (:func:`pipeline.tag.actors.organisation_actors`).

    Args:
        text: The document's extracted text.

    Returns:
        Its codes, relations and entities.

    Raises:
        PipelineError: A stage raised one (invalid entity or region data on first use).
    """
    # Imported here: the flow's process imports this module to start workers, which
    # import the stages (spaCy, the codebook) themselves.
    from pipeline.entities import recognise_entities
    from pipeline.language import detect_language
    from pipeline.tag import tag_document
    from pipeline.tag.actors import organisation_actors

    # The tagger detects the language the same way, on the same pages: the entities
    # are read in the language the document is tagged in.
    language = detect_language(
        "\n".join(text.text[page.start : page.end] for page in text.pages if page.usable)
    )
    found = recognise_entities(text, language=language)
    tagged = tag_document(text, actors=organisation_actors(found))
    return Annotated(tagged=tagged, found=found)


def _warm_up_annotate() -> None:
    """Build the tagger and the recogniser in a new worker (one sentence through both)."""
    annotate_text(_warm_up_text())


def annotate_isolated(
    text: ExtractedText, *, name: str, limits: ExtractionLimits | None = None
) -> Annotated:
    """Run :func:`annotate_text` (tagging and entities) in a warm worker under limits.

    One call, under the limits and with the messages of tagging (``PLPBK_TAG_TIMEOUT``,
    ``PLPBK_TAG_MEMORY_MB``; "NAME: tagging took longer than ..."): the two stages
    share their variables, and the text travels to the worker once.

    Args:
        text: The document's extracted text.
        name: The document's file name, which error messages start with.
        limits: By default :func:`tag_limits`, read at each call.

    Returns:
        What ``annotate_text(text)`` returns.

    Raises:
        ResourceLimitError: The stages ran out of time or memory and were stopped.
        PipelineError: A stage raised one (the same class and message).
    """
    result: Annotated = run_isolated(
        "pipeline.annotate:annotate_text",
        text,
        warm_up=("pipeline.annotate:_warm_up_annotate", (), {}),
        name=name,
        what="tagging",
        timeout_env=TAG_TIMEOUT_ENV,
        memory_env=TAG_MEMORY_ENV,
        limits=tag_limits() if limits is None else limits,
    )
    return result
