"""Read a REFI-QDA project (``.qdpx``, or its bare ``project.qde``) for its codings.

The XML is parsed with lxml told to resolve no entities, read no DTD and reach no
network, so a hostile file can neither read local files nor expand entities (the
"billion laughs"); a ``.qdpx`` is a zip, whose members are read only up to
:data:`MAX_MEMBER_BYTES` each.

What is read (namespace ``urn:QDA-XML:project:1.0``): the users (``User`` GUID and
name), the code tree (``Code`` GUID and name, at any depth), and each
``TextSource``'s text -- ``PlainTextContent``, or ``plainTextPath``
``internal://NAME`` for ``sources/NAME`` inside the archive -- and its
``PlainTextSelection``s (``startPosition``/``endPosition``, character offsets: code
points, or UTF-16 units where the selections' names show the tool counted those) with
their ``Coding``s (``CodeRef``, ``creatingUser``). A coding names its user by the
coding's ``creatingUser``, else its selection's.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pipeline.exchange.codings import (
    CodingImportError,
    ForeignCode,
    ForeignCoding,
    ForeignProject,
    ForeignSource,
)
from pipeline.exchange.guids import normalise_guid

NS = "urn:QDA-XML:project:1.0"
"""The REFI-QDA Project schema's namespace."""

MAX_MEMBER_BYTES = 512 * 1024 * 1024
"""The largest archive member read (a zip bomb is refused, not inflated)."""

TOOL = "REFI-QDA project"

_Member = Callable[[str], "bytes | None"]
"""Reads an archive member by name (None when absent)."""


def read_qdpx(path: Path) -> ForeignProject:
    """Read a ``.qdpx`` archive: its ``project.qde`` and the source texts it holds.

    Raises:
        CodingImportError: The file is no zip, holds no ``project.qde``, or its XML
            cannot be read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if "project.qde" not in members:
                raise CodingImportError(f"{path.name} holds no project.qde: it is no .qdpx")

            def member(name: str) -> bytes | None:
                info = members.get(name)
                if info is None:
                    return None
                if info.file_size > MAX_MEMBER_BYTES:
                    raise CodingImportError(
                        f"{path.name}: {name} would inflate to {info.file_size} bytes; refused"
                    )
                return archive.read(info)

            xml = member("project.qde")
            assert xml is not None
            return _project(path.name, xml, member)
    except (zipfile.BadZipFile, OSError) as error:
        raise CodingImportError(f"cannot read {path.name} as a .qdpx: {error}") from error


def read_qde(path: Path) -> ForeignProject:
    """Read a bare ``project.qde`` (sources' texts only where the XML holds them)."""
    try:
        xml = path.read_bytes()
    except OSError as error:
        raise CodingImportError(f"cannot read {path}: {error.strerror or error}") from error
    return _project(path.name, xml, lambda name: None)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
    )


def _project(file_name: str, xml: bytes, member: _Member) -> ForeignProject:
    try:
        root = etree.fromstring(xml, parser=_parser())
    except etree.XMLSyntaxError as error:
        raise CodingImportError(f"{file_name}: the project's XML cannot be read: {error}") from None
    if root.tag != f"{{{NS}}}Project":
        raise CodingImportError(
            f"{file_name}: the XML is no REFI-QDA project (its root is {root.tag}, not "
            f"Project in {NS})"
        )
    users = {
        _guid(user.get("guid", "")): user.get("name") or user.get("guid", "")
        for user in root.iter(f"{{{NS}}}User")
    }
    codes = tuple(
        ForeignCode(
            key=_guid(code.get("guid", "")), name=code.get("name", ""), guid=code.get("guid")
        )
        for code in root.iter(f"{{{NS}}}Code")
    )
    sources = tuple(_source(source, users, member) for source in root.iter(f"{{{NS}}}TextSource"))
    return ForeignProject(tool=TOOL, codes=codes, sources=sources)


def _source(source: etree._Element, users: dict[str, str], member: _Member) -> ForeignSource:
    name = source.get("name") or source.get("guid", "")
    text: str | None = None
    problem: str | None = None
    content = source.find(f"{{{NS}}}PlainTextContent")
    path = source.get("plainTextPath")
    if content is not None:
        text = content.text or ""
    elif path and path.startswith("internal://"):
        data = member(f"sources/{path.removeprefix('internal://')}")
        if data is None:
            problem = f"its text ({path}) is not in the archive"
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                problem = f"its text ({path}) is not UTF-8"
    else:
        problem = f"its text is outside the project ({path or 'no plainTextPath'})"
    codings = []
    selections = list(source.iter(f"{{{NS}}}PlainTextSelection"))
    to_code_points = _utf16_positions(text, selections) if text is not None else None
    for selection in selections:
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            continue
        if to_code_points is not None:
            start, end = to_code_points(start), to_code_points(end)
        for coding in selection.iter(f"{{{NS}}}Coding"):
            reference = coding.find(f"{{{NS}}}CodeRef")
            if reference is None:
                continue
            creator = coding.get("creatingUser") or selection.get("creatingUser")
            user = users.get(_guid(creator), creator) if creator else None
            codings.append(
                ForeignCoding(
                    code=_guid(reference.get("targetGUID", "")), start=start, end=end, user=user
                )
            )
    return ForeignSource(name=name, text=text, codings=tuple(codings), problem=problem)


def _utf16_positions(text: str, selections: list[etree._Element]) -> Callable[[int], int] | None:
    """A map from UTF-16 positions to code points, when the tool counted in UTF-16.

    REFI-QDA counts characters; tools built on .NET or Java count UTF-16 code units, in
    which a character outside the Basic Multilingual Plane (an emoji) is two. The two
    counts differ only after such a character. Many tools name a selection by the text
    it selects: when more selections' names are the text at their positions read as
    UTF-16 units than read as code points, the positions are UTF-16's. Otherwise (no
    such character, no names to tell by) they are taken as code points.
    """
    if all(ord(char) <= 0xFFFF for char in text):
        return None
    units: list[int] = []  # the code point at each UTF-16 unit, and one past the end
    for index, char in enumerate(text):
        units.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    units.append(len(text))

    def code_point(position: int) -> int:
        return units[min(max(position, 0), len(units) - 1)]

    as_code_points = as_units = 0
    for selection in selections:
        name = selection.get("name")
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            continue
        if not name:
            continue
        as_code_points += text[start:end] == name
        as_units += text[code_point(start) : code_point(end)] == name
    return code_point if as_units > as_code_points else None


def _guid(value: str) -> str:
    """A GUID in one form (case, braces), or the value as it is when it is none."""
    try:
        return normalise_guid(value)
    except ValueError:
        return value
