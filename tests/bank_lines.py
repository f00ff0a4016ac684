"""The paraphrase banks of ``tests/banks/``: their lines, and code banks as pytest cases.

Each bank is a JSONL file of sentences written in our own words (issue 11); the test files
of the banks read them here, so that a bank is read one way everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

BANKS = Path(__file__).parent / "banks"


def read_bank(name: str) -> list[dict[str, Any]]:
    """The lines of ``tests/banks/<name>.jsonl``, in file order, blank lines left out."""
    with (BANKS / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def code_cases(name: str, key: str, xfail: dict[str, str]) -> list[object]:
    """A bank of codes as pytest parameters ``(code, language, expect, text)``.

    Args:
        name: The bank's file name without ``.jsonl``.
        key: The line's key that holds the code (``"role"``, ``"code"``).
        xfail: Sentences still wrong, by their text, with the reason: marked strict xfail.
    """
    params = []
    for line in read_bank(name):
        text = str(line["text"])
        marks = [pytest.mark.xfail(strict=True, reason=xfail[text])] if text in xfail else []
        params.append(
            pytest.param(line[key], line["lang"], line["expect"], text, marks=marks, id=text[:60])
        )
    return params
