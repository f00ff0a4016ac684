"""A cue matched by its lemma must not fire on another word that shares the lemma.

Failure class of the fresh real set K (issue 11), in sentences of our own: Indonesian
*kurangi*/*mengurangi* (to reduce) share the lemma of *kurang* (lacking), so a headline
about funds that reduce slums read as a funding shortage. Such cues are matched on the
word forms that carry the meaning (the English 'wells' likewise on its form: its lemma is
that of 'better' and 'as well as').
"""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, found


@pytest.mark.parametrize(
    "sentence",
    [
        "Dana CSR Kurangi Kumuh di Kelurahan Tegalrejo.",
        "Anggaran kota dipakai untuk mengurangi genangan di kampung nelayan.",
        "Dana desa ikut dikurangi luas kawasan kumuhnya tahun ini.",
    ],
)
def test_reducing_is_no_shortage(sentence: str) -> None:
    assert "constraint.funding_shortage" not in found(ABOUT_ID + sentence, "id")


@pytest.mark.parametrize(
    "sentence",
    [
        "Pembangunan talud tertunda karena dana kelurahan kurang.",
        "Forum itu mengaku kekurangan dana untuk melanjutkan jalan lingkungan.",
        "Dana kelurahan makin berkurang sehingga pekerjaan berhenti.",
    ],
)
def test_lacking_funds_is_a_shortage(sentence: str) -> None:
    assert "constraint.funding_shortage" in found(ABOUT_ID + sentence, "id")


def test_wells_built_are_physical_works() -> None:
    text = ABOUT_EN + "The company paid for two wells and a drainage channel in the village."
    assert "form.physical" in found(text, "en")
