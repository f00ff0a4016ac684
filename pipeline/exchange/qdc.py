"""The codebook as a REFI-QDA Codebook file (``.qdc``, ``urn:QDA-XML:codebook:1.0``).

Families are parent codes (not codable themselves) and codes their children, in
codebook order; each code's ``Description`` gives its notation, its definition and
its Indonesian label, so that a coder in a QDA tool reads what the graph's
``skos:definition`` says. Each family has a colour, and its codes share it. GUIDs
are :func:`~pipeline.exchange.guids.guid` of the concepts' and collections' IRIs: the
same codes in the ``.qdpx`` project and here, and in any export of any store.

The project file (:mod:`~pipeline.exchange.qdpx`) holds the same code tree in its
own namespace; :func:`code_tree` builds it for both.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pipeline.exchange.contents import Code, Codebook, Family, read_codebook, read_documents
from pipeline.exchange.guids import guid

if TYPE_CHECKING:
    from pipeline.stores import GraphStore

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
"""The REFI-QDA Codebook schema's namespace."""

FAMILY_COLOURS = (
    "#1F77B4",
    "#FF7F0E",
    "#2CA02C",
    "#D62728",
    "#9467BD",
    "#8C564B",
    "#E377C2",
    "#7F7F7F",
    "#BCBD22",
    "#17BECF",
)
"""A colour a family, in codebook order (matplotlib's tab10: told apart at a glance)."""

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """Return ``value`` without the characters XML 1.0 cannot hold (most C0 controls)."""
    return _NOT_XML.sub("", value)


def family_colour(index: int) -> str:
    """Return the colour of the family at ``index`` in codebook order."""
    return FAMILY_COLOURS[index % len(FAMILY_COLOURS)]


def code_name(code: Code | Family) -> str:
    """The name a QDA tool shows: the English label, else the notation."""
    return code.labels.get("en") or code.notation


def code_description(code: Code | Family) -> str:
    """The ``Description`` of a code or family: notation, definition, Indonesian label."""
    lines = [code.notation]
    if code.definition:
        lines.append(code.definition)
    if "id" in code.labels:
        lines.append(f"Bahasa Indonesia: {code.labels['id']}")
    return "\n".join(lines)


def code_tree(codebook: Codebook) -> ET.Element:
    """Return the ``Codes`` element: a parent ``Code`` a family, its codes inside it.

    Its elements carry no namespace of their own: they take the default namespace
    their document's root declares (the codebook's or the project's).
    """
    codes = ET.Element("Codes")
    for index, family in enumerate(codebook.families):
        colour = family_colour(index)
        parent = _code(codes, family, colour=colour, codable=False)
        for code in family.codes:
            _code(parent, code, colour=colour, codable=True)
    return codes


def codebook_xml(codebook: Codebook, *, origin: str) -> bytes:
    """Return the ``.qdc`` file's bytes: UTF-8 XML with its declaration.

    Args:
        codebook: The codebook read from the store.
        origin: What wrote it (``"plpbk-kg 0.2.1"``).
    """
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": xml_text(origin)})
    root.append(code_tree(codebook))
    return serialise(root)


def serialise(root: ET.Element) -> bytes:
    """Return an element tree as indented UTF-8 XML with its declaration.

    The root declares the schema's namespace as the default one (an ``xmlns``
    attribute): ElementTree's own ``default_namespace`` refuses unprefixed attributes,
    and REFI-QDA's attributes are all unprefixed.
    """
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def _code(parent: ET.Element, code: Code | Family, *, colour: str, codable: bool) -> ET.Element:
    element = ET.SubElement(
        parent,
        "Code",
        {
            "guid": guid(code.iri),
            "name": xml_text(code_name(code)),
            "isCodable": "true" if codable else "false",
            "color": colour,
        },
    )
    ET.SubElement(element, "Description").text = xml_text(code_description(code))
    return element


def write_qdc(
    store: GraphStore, *, documents: Sequence[str] = (), name: str = ""
) -> dict[str, bytes]:
    """The exporter of ``--format qdc``: the store's codebook as a ``.qdc`` file.

    Args:
        store: The store.
        documents: Checked only (a name the store lacks is refused, as by every
            format): the codebook is the store's whatever documents are chosen.
        name: Unused (one file).
    """
    from pipeline import __version__

    if documents:
        read_documents(store, names=documents)
    return {"": codebook_xml(read_codebook(store), origin=f"plpbk-kg {__version__}")}
