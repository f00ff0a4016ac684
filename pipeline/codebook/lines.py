"""A data file's lines: JSONL read into objects, and the checks every kind of line shares.

Every error is a :class:`~pipeline.errors.CodebookError` that names the file and line.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator, Set
from pathlib import Path
from typing import Any

from pipeline.errors import CodebookError, UnknownLanguageError
from pipeline.language import LanguageCode, check_language

SINGLE_WORD = re.compile(r"[^\W_]+")
"""A word of letters and digits: what word lists hold, one token each."""


def data_lines(path: Path, *, keys: Set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield a JSONL file's objects with their ``file:line``, skipping blank lines.

    The whole file is parsed before the first object is given, so that bad JSON
    anywhere is reported before what a line says.

    Args:
        path: The file.
        keys: The keys a line may have.

    Raises:
        CodebookError: The file cannot be read, a line is no JSON object, or a line
            has a key not in ``keys``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CodebookError(f"{path}: cannot read: {error}") from error
    lines: list[tuple[str, dict[str, Any]]] = []
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
        lines.append((f"{path}:{lineno}", value))
    for where, entry in lines:
        unknown = set(entry) - keys
        if unknown:
            raise CodebookError(
                f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(keys)}"
            )
        yield where, entry


def description(entry: dict[str, Any], where: str, *, of: str) -> str:
    """A line's ``description``, which every rule must have: ``of`` names the rule."""
    value = entry.get("description")
    if not isinstance(value, str) or not value.strip():
        raise CodebookError(f"{where}: {of} needs a 'description'")
    return value


def word_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    """Validate a line's list of single words (letters and digits only)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{where}: {key!r} must be a list of words")
    for word in value:
        if not SINGLE_WORD.fullmatch(word):
            raise CodebookError(
                f"{where}: {key!r} holds {word!r}; these are single words of "
                "letters and digits, compared one token at a time"
            )
    return tuple(value)


def suggestion(value: str, choices: list[str]) -> str:
    """`` (did you mean ...?)`` naming the choice closest to ``value``, or ""."""
    close = difflib.get_close_matches(value, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def line_language(value: object, where: str) -> LanguageCode:
    """A data line's ``lang``, checked; an unknown one is a codebook error at that line."""
    try:
        return check_language(value, what=f"{where}: 'lang'")
    except UnknownLanguageError as error:
        raise CodebookError(str(error)) from None
