"""A document's named graph as the graph stage hands it to the store, and N-Triples.

The graph stage builds a :class:`DocumentGraph`; the store loads it. Both depend on
this module, so the store needs no stage to know what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Quad, Triple


@dataclass(frozen=True, slots=True)
class AnnotationCounts:
    """How many annotations of each kind a document's graph holds.

    Attributes:
        codes: Distinct codes with evidence (``plpbk:distinctCodeCount``, the
            ``codes`` of ``query documents``).
        code_evidence: Code annotations (``plpbk:codeAnnotationCount``, the
            ``annotations`` of ``query documents``; the cells of ``compare`` add up
            to it).
        statements: Role and provision statements.
        mentions: Entity mentions (organisations, places, programmes, sites, works).
    """

    codes: int
    code_evidence: int
    statements: int
    mentions: int

    @property
    def annotations(self) -> int:
        """Every annotation: code evidence, statements and mentions."""
        return self.code_evidence + self.statements + self.mentions


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """The quads of one document, all in the named graph ``graph_iri``.

    Attributes:
        document_iri: The document's IRI.
        graph_iri: The named graph holding its quads.
        quads: The quads.
        counts: Its annotations, by kind.
    """

    document_iri: str
    graph_iri: str
    quads: tuple[Quad, ...]
    counts: AnnotationCounts

    @property
    def annotation_count(self) -> int:
        """Every annotation of the document (codes, statements and mentions)."""
        return self.counts.annotations


def iter_ntriples(statements: Iterable[Quad | Triple]) -> Iterator[str]:
    """Yield each quad's or triple's triple in N-Triples syntax (for ``INSERT DATA``)."""
    for statement in statements:
        yield f"{statement.subject} {statement.predicate} {statement.object} ."
