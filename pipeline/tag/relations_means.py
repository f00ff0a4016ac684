"""Agent phrases that stand far from the form they give: means, funds and denied sources.

Two clause shapes name the giver of a form with "dari"/"from" further on than
:data:`~pipeline.tag.grammar.AGENT_REACH` allows, one names a giver only to deny it, and
one names it with "melalui"/"through" and a word of funding:

- **Paid with money from X.** A passive clause whose work was done *with* money names
  the money's giver as the work's giver ("Sumur bor ... dibangun *dengan* dana *dari*
  perusahaan", "The training was financed *with* CSR funds *from* PT ..."): the marker
  counts at any distance within the clause when a passive verb and a word of means stand
  between the mention and it.
- **Not from X but from Y.** A negated source ("*bukan dari* pemerintah *melainkan dari*
  swasta", "came *not from* the government *but from* private firms") names who did not
  give: it is passed over, and the source after the contrast is the giver.
- **A proposal from X.** A source after a noun of proposing ("merupakan *usulan dari*
  forum warga", "a *request from* residents") names who asked for the form, not who gave
  it: it is passed over too (:func:`proposed_source`).

- **Done through X's programme or fund.** Works done *through* a programme, a fund or a
  budget were given by the sector it belongs to ("rumah warga direhab *melalui program*
  CSR PT ...", "dibangun *melalui anggaran* pemerintah kota"): "melalui"/"through" with a
  word of funding after it marks the giver as "dari" does, across a passive clause. A body
  that aid passes through is no giver ("disalurkan *melalui* BKM": no word of funding).

And one names no giver at all: a community word inside a physical form after its head
noun ("balai *warga*", "rumah *warga*", "MCK *masyarakat*") names who uses the facility,
not who gave it, and one inside a grant after its aid noun ("bantuan langsung
*masyarakat*", the BLM of P2KP and PNPM) who receives the money (:func:`used_by`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.tag.agents import opens_passive
from pipeline.tag.grammar import CONTRASTS, NEGATIONS, PROPOSAL_NOUNS

if TYPE_CHECKING:
    from pipeline.tag.relations_subjects import Mention

MEANS = frozenset(
    {"dengan", "menggunakan", "memakai", "memanfaatkan", "with", "using", "through"}
)  # fmt: skip
"""Words of means before the money a passive work was done with ("dibangun *dengan* dana
dari ...", "financed *with* funds from ...")."""


def paid_with(norms: Sequence[str], start: int, marker: int) -> bool:
    """True when a passive verb and then a word of means stand in ``norms[start:marker]``:
    the source marker at ``marker`` names who paid for the work mentioned before ``start``."""
    passive = next(
        (i for i in range(start, marker) if opens_passive(norms, i) or norms[i] in {"was", "were"}),
        None,
    )
    return passive is not None and any(norms[i] in MEANS for i in range(passive + 1, marker))


THROUGH = frozenset({"melalui", "lewat", "through", "via"})
"""Words of the way a work was paid for ("*melalui* program CSR", "*through* the city's
budget")."""

FUND_NOUNS = frozenset(
    {"program", "programme", "dana", "anggaran", "bantuan", "skema", "pendanaan",
     "pembiayaan", "fund", "funds", "funding", "budget", "budgets", "scheme"}
)  # fmt: skip
"""Words of funding after "melalui"/"through" that make the sector after them a giver."""


def through_fund(norms: Sequence[str], marker: int) -> bool:
    """True when ``norms[marker]`` is "melalui"/"through" and a word of funding follows
    (after at most one determiner): the sector after it gave the work before it."""
    if norms[marker] not in THROUGH:
        return False
    after = marker + 1
    if after < len(norms) and norms[after] in {"the", "its", "their", "a"}:
        after += 1
    return after < len(norms) and norms[after] in FUND_NOUNS


def denied_source(norms: Sequence[str], marker: int) -> bool:
    """True when the source marker at ``marker`` is negated ("bukan dari", "not from")."""
    return marker > 0 and norms[marker - 1] in NEGATIONS


def proposed_source(norms: Sequence[str], marker: int) -> bool:
    """True when the source marker at ``marker`` follows a noun of proposing ("usulan
    dari", "request from"): it names who asked for the form, not its giver."""
    return marker > 0 and norms[marker - 1] in PROPOSAL_NOUNS


def contrasted_source(norms: Sequence[str], start: int, marker: int) -> bool:
    """True when the source marker at ``marker`` follows a contrast ("melainkan dari",
    "but from") after a denied source since ``start``: it names the real giver."""
    return (
        marker > 0
        and norms[marker - 1] in CONTRASTS
        and any(
            denied_source(norms, i)
            for i in range(start, marker - 1)
            if norms[i] in {"dari", "from"}
        )
    )


AID_NOUNS = frozenset({"bantuan", "hibah", "subsidi", "santunan"})
"""Head nouns of a grant whose community word after them is its recipient ("bantuan
langsung *masyarakat*"), unlike a fund's ("dana swadaya *masyarakat*": the community's own)."""


def used_by(form: Mention, sector: Mention, norms: Sequence[str]) -> bool:
    """True when ``sector``, inside ``form`` after its head noun, is the community that
    uses it ("balai warga") or receives it ("bantuan langsung masyarakat"), not its giver."""
    if sector.code != "sector.community" or sector.start <= form.start:
        return False
    return form.code == "form.physical" or (
        form.code == "form.monetary" and norms[form.start] in AID_NOUNS
    )


UNDER = frozenset({"under", "bawah"})
"""Words before a guidance noun that make its genitive its giver ("*under* the guidance
*of* the agency", "di *bawah* bimbingan ...")."""


def under_guidance(norms: Sequence[str], mention: Mention) -> frozenset[str]:
    """``{"of"}`` when the guidance noun ``mention`` stands under "under"/"di bawah" (at
    most one determiner between): its "of" names who guides, not who is guided."""
    before = norms[max(0, mention.start - 2) : mention.start]
    return frozenset({"of"}) if any(norm in UNDER for norm in before) else frozenset()
