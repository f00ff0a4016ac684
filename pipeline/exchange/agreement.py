"""How far two coders agree: per code and overall, by document and by passage.

Two measures, each for what it can say:

* **Document level: Cohen's kappa.** For a code, each document both coders coded is
  "present" or "absent" for each coder; kappa is their agreement beyond what their
  rates of "present" would give by chance, ``(p_o - p_e) / (1 - p_e)``. Undefined (None)
  when both coders give every document the same answer (``p_e`` = 1). Overall kappa
  pools the (document, code) pairs of every code either coder used.
* **Segment level: overlap F1.** A coder's span of a code agrees with the other's span
  of that code in the same document when the two share at least one character; spans
  are paired one to one, greatest overlap first, and
  ``F1 = 2 × paired / (spans of A + spans of B)`` (symmetric: neither coder is the
  reference). The tagger marks a cue phrase where a person marks a sentence, so
  requiring the same boundaries would count finding the same passage as a miss.
  Krippendorff's unitized alpha is the usual measure for spans, but it needs one
  continuum both coders segmented wholly; here most codes are sparse (a code touches a
  few passages of a long text) and the tagger segments nothing outside its cues, so
  alpha would be dominated by the uncoded text it does not decide on.

The spans on which the coders disagree are listed with their quotes: a document one
coder gave a code and the other did not, and each span left without a partner.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.exchange.coders import CoderCoding

__all__ = ["Agreement", "CodeAgreement", "Disagreement", "cohen_kappa", "measure_agreement"]


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    """The agreement on one code (or, as ``overall``, on all codes pooled).

    Attributes:
        code: The code's notation, or ``"overall"``.
        documents: The documents compared (pairs of document and code, for overall).
        present_a: Of those, where coder A gave the code.
        present_b: Where coder B gave it.
        both: Where both did.
        kappa: Cohen's kappa on presence, or None when undefined.
        spans_a: Coder A's spans of the code.
        spans_b: Coder B's spans.
        paired: Spans paired by overlap.
    """

    code: str
    documents: int
    present_a: int
    present_b: int
    both: int
    kappa: float | None
    spans_a: int
    spans_b: int
    paired: int

    @property
    def agreement(self) -> float:
        """The share of documents on which the coders agree (``p_o``)."""
        if not self.documents:
            return 1.0
        neither = self.documents - self.present_a - self.present_b + self.both
        return (self.both + neither) / self.documents

    @property
    def f1(self) -> float | None:
        """Overlap F1 of the spans; None when neither coder has any."""
        total = self.spans_a + self.spans_b
        return 2 * self.paired / total if total else None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A place where one coder coded and the other did not.

    Attributes:
        level: ``"document"`` (a code given to the document by one coder only) or
            ``"span"`` (a span with no overlapping span of the other's).
        coder: Who coded it.
        coding: The coding (for a document-level one, the coder's first span of it).
    """

    level: str
    coder: str
    coding: CoderCoding


@dataclass(frozen=True, slots=True)
class Agreement:
    """Two coders' agreement over the documents both coded.

    Attributes:
        coder_a: The first coder's name.
        coder_b: The second's.
        documents: The file names compared (coded by both).
        codes: Each code either coder used, in notation order.
        overall: All of them pooled.
        disagreements: Where they differ, by document, code and offsets.
    """

    coder_a: str
    coder_b: str
    documents: tuple[str, ...]
    codes: tuple[CodeAgreement, ...]
    overall: CodeAgreement
    disagreements: tuple[Disagreement, ...]


def cohen_kappa(first: Sequence[bool], second: Sequence[bool]) -> float | None:
    """Return Cohen's kappa of two coders' yes/no answers on the same items.

    Returns:
        ``(p_o - p_e) / (1 - p_e)``; None when there are no items or chance agreement
        is certain (both coders give every item one and the same answer).

    Raises:
        ValueError: The sequences differ in length.
    """
    if len(first) != len(second):
        raise ValueError("both coders must answer the same items")
    items = len(first)
    if not items:
        return None
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / items
    rate_a = sum(first) / items
    rate_b = sum(second) / items
    chance = rate_a * rate_b + (1 - rate_a) * (1 - rate_b)
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def measure_agreement(
    coder_a: str,
    codings_a: Iterable[CoderCoding],
    coder_b: str,
    codings_b: Iterable[CoderCoding],
    *,
    documents: Sequence[str],
    codes: Sequence[str] = (),
) -> Agreement:
    """Measure two coders' agreement over ``documents``.

    Args:
        coder_a: The first coder's name.
        codings_a: Their codings (those of other documents are ignored).
        coder_b: The second coder's name.
        codings_b: Theirs.
        documents: The file names both coded.
        codes: Only these codes (notations); by default every code either coder used.
    """
    wanted = set(documents)
    spans_a = _by_cell(c for c in codings_a if c.file_name in wanted)
    spans_b = _by_cell(c for c in codings_b if c.file_name in wanted)
    used = sorted({code for _, code in spans_a} | {code for _, code in spans_b})
    chosen = [code for code in used if not codes or code in codes]
    results: list[CodeAgreement] = []
    disagreements: list[Disagreement] = []
    pooled_a: list[bool] = []
    pooled_b: list[bool] = []
    for code in chosen:
        present_a = [bool(spans_a.get((name, code))) for name in documents]
        present_b = [bool(spans_b.get((name, code))) for name in documents]
        pooled_a += present_a
        pooled_b += present_b
        paired = 0
        for name in documents:
            mine = spans_a.get((name, code), [])
            theirs = spans_b.get((name, code), [])
            if bool(mine) != bool(theirs):
                coder, first = (coder_a, mine[0]) if mine else (coder_b, theirs[0])
                disagreements.append(Disagreement("document", coder, first))
            pairs, alone_a, alone_b = _pair(mine, theirs)
            paired += pairs
            if mine and theirs:
                disagreements += [Disagreement("span", coder_a, c) for c in alone_a]
                disagreements += [Disagreement("span", coder_b, c) for c in alone_b]
        results.append(
            CodeAgreement(
                code=code,
                documents=len(documents),
                present_a=sum(present_a),
                present_b=sum(present_b),
                both=sum(a and b for a, b in zip(present_a, present_b, strict=True)),
                kappa=cohen_kappa(present_a, present_b),
                spans_a=sum(len(spans_a.get((n, code), [])) for n in documents),
                spans_b=sum(len(spans_b.get((n, code), [])) for n in documents),
                paired=paired,
            )
        )
    overall = CodeAgreement(
        code="overall",
        documents=len(pooled_a),
        present_a=sum(pooled_a),
        present_b=sum(pooled_b),
        both=sum(a and b for a, b in zip(pooled_a, pooled_b, strict=True)),
        kappa=cohen_kappa(pooled_a, pooled_b),
        spans_a=sum(result.spans_a for result in results),
        spans_b=sum(result.spans_b for result in results),
        paired=sum(result.paired for result in results),
    )
    disagreements.sort(
        key=lambda d: (d.coding.file_name, d.coding.code, d.level, d.coding.start, d.coder)
    )
    return Agreement(
        coder_a=coder_a,
        coder_b=coder_b,
        documents=tuple(documents),
        codes=tuple(results),
        overall=overall,
        disagreements=tuple(disagreements),
    )


def _by_cell(codings: Iterable[CoderCoding]) -> dict[tuple[str, str], list[CoderCoding]]:
    cells: dict[tuple[str, str], list[CoderCoding]] = defaultdict(list)
    for coding in codings:
        cells[coding.file_name, coding.code].append(coding)
    for spans in cells.values():
        spans.sort()
    return dict(cells)


def _pair(
    mine: Sequence[CoderCoding], theirs: Sequence[CoderCoding]
) -> tuple[int, list[CoderCoding], list[CoderCoding]]:
    """Pair overlapping spans one to one, greatest overlap first (ties: earliest first).

    Returns:
        The number of pairs, and the spans of each side left without a partner.
    """
    candidates = sorted(
        (
            (-(min(a.end, b.end) - max(a.start, b.start)), a.start, b.start, i, j)
            for i, a in enumerate(mine)
            for j, b in enumerate(theirs)
            if min(a.end, b.end) > max(a.start, b.start)
        )
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _, _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    alone_a = [c for i, c in enumerate(mine) if i not in used_a]
    alone_b = [c for j, c in enumerate(theirs) if j not in used_b]
    return len(used_a), alone_a, alone_b
