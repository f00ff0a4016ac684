"""A document's named graph as the graph stage hands it to the store, and N-Triples.

The graph stage builds a :class:`DocumentGraph`; the store loads it. Both depend on
this module, so the store needs no stage to know what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pyoxigraph import Quad, Triple


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """The quads of one document, all in the named graph ``graph_iri``.

    Attributes:
        document_iri: The document's IRI.
        graph_iri: The named graph holding its quads.
        quads: The quads.
        annotation_count: Every annotation: codes, statements and entity mentions.
        code_annotation_count: The code annotations (``plpbk:codeAnnotationCount``,
            the ``annotations`` of ``query documents`` and the cells of ``compare``).
        code_count: Distinct codes with evidence (``plpbk:distinctCodeCount``).
        statement_count: Role and provision statements.
        mention_count: Entity mentions.
    """

    document_iri: str
    graph_iri: str
    quads: tuple[Quad, ...]
    annotation_count: int
    code_annotation_count: int
    code_count: int
    statement_count: int
    mention_count: int


def iter_ntriples(statements: Iterable[Quad | Triple]) -> Iterator[str]:
    """Yield each quad's or triple's triple in N-Triples syntax (for ``INSERT DATA``)."""
    for statement in statements:
        yield f"{statement.subject} {statement.predicate} {statement.object} ."
