"""A gift stated in a sentence that names no giver is the giver's of the sentences before.

Class 'carried giver' (fresh real sets P, R, S, U and W, issue 11): news names the giver
once ("Baznas merehab rumah warga") and goes on about the gift in sentences of their own
("Kita rehab total dengan anggaran sebesar Rp27 juta"; "Masing-masing unit mendapatkan
bantuan senilai Rp 25 juta"). 41 of the 57 provisions the spent sets missed had both the
sector and the form tagged; a third of those stood in a sentence with no sector at all,
one or two sentences after the giver's. Sentences of our own.
"""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, one_page

from pipeline.annotate import annotate_text


def provisions(text: str) -> set[tuple[str, str]]:
    tagged = annotate_text(one_page(text)).tagged
    return {(r.subject, r.object) for r in tagged.relations if r.predicate == "provides"}


def carried(text: str) -> list[str]:
    tagged = annotate_text(one_page(text)).tagged
    return [r.evidence.exact for r in tagged.relations if r.rule == "relation/provides/carried"]


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            ABOUT_ID + "Pemerintah kota membangun jalan lingkungan di Kampung Sawah. "
            "Setiap rumah mendapat anggaran sebesar Rp 15 juta.",
            ("sector.government", "form.monetary"),
        ),
        (
            ABOUT_ID + "PT Cahaya Baru menyalurkan dana CSR untuk warga Desa Mekar. "
            "Dana itu dipakai untuk pembangunan drainase dan MCK umum.",
            ("sector.private", "form.physical"),
        ),
        (
            # one sentence with no sector between the giver and the gift
            ABOUT_ID + "Dinas Perkim membangun saluran drainase di tiga RW. "
            "Pekerjaan dimulai bulan Maret. "
            "Masing-masing titik menghabiskan anggaran Rp 40 juta.",
            ("sector.government", "form.monetary"),
        ),
        (
            ABOUT_EN + "The company funded a new clinic in the neighbourhood. "
            "It also paid for drainage along the main footpath.",
            ("sector.private", "form.physical"),
        ),
    ],
)
def test_the_gift_of_a_sentence_with_no_sector_is_the_last_givers(
    text: str, pair: tuple[str, str]
) -> None:
    assert pair in provisions(text)
    # the evidence holds the giver and the gift
    assert any(len(quote.split(".")) >= 2 for quote in carried(text)), carried(text)


@pytest.mark.parametrize(
    "text",
    [
        # the sentence of the gift names a party of its own: no carrying
        ABOUT_ID + "Pemerintah kota membangun jalan lingkungan di Kampung Sawah. "
        "Warga menambah anggaran Rp 5 juta dari iuran sendiri.",
        # two givers before: whose money it is stays open
        ABOUT_ID + "Pemerintah kota dan PT Cahaya Baru membangun jalan lingkungan. "
        "Setiap rumah mendapat anggaran sebesar Rp 15 juta.",
        # a sentence naming another party stands between
        ABOUT_ID + "Pemerintah kota membangun jalan lingkungan di Kampung Sawah. "
        "Warga kampung menyambut baik pembangunan itu. "
        "Setiap rumah mendapat anggaran sebesar Rp 15 juta.",
        # too far back
        ABOUT_ID + "Pemerintah kota membangun jalan lingkungan di Kampung Sawah. "
        "Pekerjaan dimulai bulan Maret. Cuaca sedang kering. Hujan belum turun. "
        "Setiap rumah mendapat anggaran sebesar Rp 15 juta.",
    ],
)
def test_no_giver_is_carried_across_another_party_two_givers_or_far(text: str) -> None:
    assert carried(text) == []


def test_a_gift_only_asked_for_is_not_carried() -> None:
    text = (
        ABOUT_ID + "Pemerintah kota membangun jalan lingkungan di Kampung Sawah. "
        "Ke depan diharapkan ada bantuan dana untuk drainase."
    )
    assert ("sector.government", "form.monetary") not in provisions(text)
