"""Write the two coders' REFI-QDA projects (``dewi.qdpx``, ``rahmat.qdpx``) from their codings.

Each coder's codings are written by hand in ``<coder>.tsv`` -- file, code, occurrence,
quote -- as a person reads the samples of ``corpus/``; this script finds each quote in
the text (whitespace in a quote matches any run of whitespace, a line break included)
and writes the project a QDA tool would: the coder as its user, the codes as that tool
names them, each sample a ``TextSource`` with the ``PlainTextSelection``s of its
codings. Dewi's tool holds the texts inline (``PlainTextContent``, LF line endings);
Rahmat's runs on Windows and keeps them as files in the archive with CRLF line endings,
its positions counted over that text.

Run ``python tests/qdpx/make_fixtures.py`` after editing a ``.tsv``; the tests check
that the committed ``.qdpx`` files are what it writes.
"""

from __future__ import annotations

import csv
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pipeline.exchange.archive import deterministic_zip

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "corpus"
SAMPLES = (
    "laporan-lapangan-kesenden.txt",
    "pengumuman-festival-literasi.txt",
    "review-plpbk-banjarmasin.txt",
)
"""The samples both coders read (the festival notice has nothing to code)."""

DATE = "2026-12-01T09:00:00Z"
NS = "urn:QDA-XML:project:1.0"


@dataclass(frozen=True)
class Coder:
    """A coder's project: whose, and how their tool keeps the texts."""

    name: str
    stem: str
    crlf: bool


CODERS = (Coder("Dewi", "dewi", crlf=False), Coder("Rahmat", "rahmat", crlf=True))


@dataclass(frozen=True)
class HandCoding:
    """One line of a coder's ``.tsv``."""

    file: str
    code: str
    occurrence: int
    quote: str


def read_codings(path: Path) -> list[HandCoding]:
    """The codings of a ``.tsv`` (lines starting with ``#`` are comments)."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = csv.reader((line for line in lines if not line.startswith("#")), delimiter="\t")
    return [
        HandCoding(file, code, int(occurrence), quote) for file, code, occurrence, quote in rows
    ]


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """The span of the ``occurrence``-th match of ``quote`` in ``text``.

    Raises:
        ValueError: The quote does not occur that often.
    """
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    matches = list(re.finditer(pattern, text))
    if len(matches) < occurrence:
        raise ValueError(f"{quote!r} occurs {len(matches)} times, not {occurrence}")
    match = matches[occurrence - 1]
    return match.start(), match.end()


def _guid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:plpbk-kg-test:" + "/".join(parts))).upper()


def project(coder: Coder, codings: list[HandCoding]) -> bytes:
    """The coder's ``.qdpx`` (deterministic bytes)."""
    user = _guid(coder.stem, "user")
    root = ET.Element(
        "Project",
        {
            "xmlns": NS,
            "name": f"PLPBK samples ({coder.name})",
            "origin": "hand-written test fixture",
            "creatingUserGUID": user,
            "creationDateTime": DATE,
        },
    )
    users = ET.SubElement(root, "Users")
    ET.SubElement(users, "User", {"guid": user, "name": coder.name})
    book = ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes")
    names = list(dict.fromkeys(coding.code for coding in codings))
    for name in names:
        ET.SubElement(
            book,
            "Code",
            {"guid": _guid(coder.stem, "code", name), "name": name, "isCodable": "true"},
        )
    sources = ET.SubElement(root, "Sources")
    files: list[tuple[str, bytes]] = []
    for sample in SAMPLES:
        text = (CORPUS / sample).read_text(encoding="utf-8")
        if coder.crlf:
            text = text.replace("\n", "\r\n")
        source_guid = _guid(coder.stem, "source", sample)
        attributes = {
            "guid": source_guid,
            "name": sample,
            "creatingUser": user,
            "creationDateTime": DATE,
        }
        if coder.crlf:
            attributes["plainTextPath"] = f"internal://{source_guid}.txt"
            files.append((f"sources/{source_guid}.txt", text.encode("utf-8")))
        source = ET.SubElement(sources, "TextSource", attributes)
        if not coder.crlf:
            ET.SubElement(source, "PlainTextContent").text = text
        for number, coding in enumerate(c for c in codings if c.file == sample):
            start, end = locate(text, coding.quote, coding.occurrence)
            selection = ET.SubElement(
                source,
                "PlainTextSelection",
                {
                    "guid": _guid(coder.stem, sample, str(number)),
                    "name": text[start:end],
                    "startPosition": str(start),
                    "endPosition": str(end),
                    "creatingUser": user,
                    "creationDateTime": DATE,
                },
            )
            applied = ET.SubElement(
                selection,
                "Coding",
                {
                    "guid": _guid(coder.stem, sample, str(number), "coding"),
                    "creatingUser": user,
                    "creationDateTime": DATE,
                },
            )
            ET.SubElement(
                applied, "CodeRef", {"targetGUID": _guid(coder.stem, "code", coding.code)}
            )
    ET.indent(root, space="  ")
    xml = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )
    return deterministic_zip([("project.qde", xml), *files], date=(2026, 12, 1, 9, 0, 0))


def main() -> None:
    """Write ``<coder>.qdpx`` beside each ``<coder>.tsv``."""
    for coder in CODERS:
        data = project(coder, read_codings(HERE / f"{coder.stem}.tsv"))
        (HERE / f"{coder.stem}.qdpx").write_bytes(data)
        print(f"wrote {coder.stem}.qdpx ({len(data)} bytes)")


if __name__ == "__main__":
    main()
