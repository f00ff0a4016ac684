"""Read a Taguette project export (``project.sqlite3``) for its codings.

Taguette (a free QDA tool) exports a project as an SQLite database: ``documents``
(``name``, ``contents``: the document as HTML), ``tags`` (``path``), ``highlights``
(``document_id``, ``start_offset``, ``end_offset``, ``snippet``: the highlighted HTML)
and ``highlight_tags``; ``commands`` records who did what (``highlight_add`` by
``user_login``).

A highlight's offsets are **UTF-8 byte offsets over the HTML's text nodes** (tags not
counted, ``&amp;`` one byte: the character it stands for). The document's text here is
its text nodes joined, entities decoded (the HTML parser's input stream normalises CR
and CRLF to LF first, as a browser's does); each offset is turned into a character
offset into that text, and each highlight's text is checked against its snippet's, so
that a document whose HTML this reader sees differently from Taguette is reported, not
imported at the wrong place. Taguette trims the whitespace around a document's text;
:mod:`~pipeline.exchange.alignment` forgives that when the text is matched to a stored
document.

The database is opened read-only, and only these tables are read.
"""

from __future__ import annotations

import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

from pipeline.exchange.codings import (
    CodingImportError,
    ForeignCode,
    ForeignCoding,
    ForeignProject,
    ForeignSource,
)

TOOL = "Taguette project"


class _TextNodes(HTMLParser):
    """Collects an HTML fragment's text nodes, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(markup: str) -> str:
    """Return the text of an HTML fragment: its text nodes joined, entities decoded."""
    parser = _TextNodes()
    parser.feed(markup.replace("\r\n", "\n").replace("\r", "\n"))
    parser.close()
    return "".join(parser.parts)


def byte_offset_to_index(encoded: bytes, offset: int) -> int:
    """Return the character index of a UTF-8 byte offset (inside a character: its start)."""
    return len(encoded[: max(offset, 0)].decode("utf-8", errors="ignore"))


def read_taguette(path: Path) -> ForeignProject:
    """Read a Taguette ``project.sqlite3`` export.

    Raises:
        CodingImportError: The database is not a Taguette project export.
    """
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise CodingImportError(f"cannot open {path.name}: {error}") from error
    try:
        return _project(connection)
    except sqlite3.Error as error:
        raise CodingImportError(
            f"{path.name} is not a Taguette project export (project.sqlite3): {error}"
        ) from error
    finally:
        connection.close()


def _project(connection: sqlite3.Connection) -> ForeignProject:
    tags = {
        str(tag_id): tag_path
        for tag_id, tag_path in connection.execute("SELECT id, path FROM tags ORDER BY id")
    }
    users = _highlight_users(connection)
    tags_of: dict[int, list[str]] = {}
    for highlight_id, tag_id in connection.execute(
        "SELECT highlight_id, tag_id FROM highlight_tags ORDER BY highlight_id, tag_id"
    ):
        tags_of.setdefault(highlight_id, []).append(str(tag_id))
    sources = []
    for document_id, name, contents in connection.execute(
        "SELECT id, name, contents FROM documents ORDER BY id"
    ):
        text = html_text(contents)
        encoded = text.encode("utf-8")
        codings: list[ForeignCoding] = []
        problems: list[str] = []
        for highlight_id, start_offset, end_offset, snippet in connection.execute(
            "SELECT id, start_offset, end_offset, snippet FROM highlights "
            "WHERE document_id = ? ORDER BY start_offset, end_offset, id",
            (document_id,),
        ):
            start = byte_offset_to_index(encoded, start_offset)
            end = byte_offset_to_index(encoded, end_offset)
            if text[start:end] != html_text(snippet):
                problems.append(
                    f"highlight {highlight_id} at bytes {start_offset}–{end_offset} reads "
                    f"{text[start:end]!r} here but {html_text(snippet)!r} in Taguette"
                )
                continue
            codings += [
                ForeignCoding(code=tag, start=start, end=end, user=users.get(highlight_id))
                for tag in tags_of.get(highlight_id, ())
            ]
        if problems:
            sources.append(
                ForeignSource(
                    name=name,
                    text=None,
                    codings=(),
                    problem="its HTML is read differently here: " + "; ".join(problems[:3]),
                )
            )
            continue
        sources.append(ForeignSource(name=name, text=text, codings=tuple(codings)))
    codes = tuple(ForeignCode(key=key, name=tag_path) for key, tag_path in tags.items())
    return ForeignProject(tool=TOOL, codes=codes, sources=tuple(sources))


def _highlight_users(connection: sqlite3.Connection) -> dict[int, str]:
    """Who added each highlight, from the ``highlight_add`` commands (the last one wins)."""
    users: dict[int, str] = {}
    for user, payload in connection.execute("SELECT user_login, payload FROM commands ORDER BY id"):
        try:
            command = json.loads(payload)
        except (TypeError, json.JSONDecodeError):
            continue
        if isinstance(command, dict) and command.get("type") == "highlight_add" and user:
            highlight = command.get("highlight_id")
            if isinstance(highlight, int):
                users[highlight] = str(user)
    return users
