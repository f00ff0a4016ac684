"""REFI-QDA GUIDs derived from the IRIs of the graph.

REFI-QDA (the QDA-XML Project and Codebook schemas) names every code, source,
selection, coding and user by a GUID. Ours are UUID version 5 of the IRI of the
thing named (RFC 9562, the URL namespace), so that exporting the same store twice
gives the same GUIDs, and an import can find the IRI a GUID came from by computing
the GUIDs of the IRIs it knows (:func:`guid_index`). GUIDs are written lower-case;
the schema's pattern allows both cases, and other tools write upper-case, so
compare them with :func:`same_guid` (or through :func:`normalise_guid`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

__all__ = ["guid", "guid_index", "normalise_guid", "same_guid"]


def guid(iri: str) -> str:
    """Return the REFI-QDA GUID of the thing an IRI names: ``uuid5(NAMESPACE_URL, iri)``.

    Args:
        iri: The IRI, as the store has it (no angle brackets).

    Returns:
        The GUID in its 36-character lower-case form, ``xxxxxxxx-xxxx-5xxx-…``.
    """
    return str(uuid.uuid5(uuid.NAMESPACE_URL, iri))


def normalise_guid(value: str) -> str:
    """Return a GUID as :func:`guid` writes it: lower-case, without braces.

    REFI-QDA allows ``{…}`` around a GUID and either case (tools differ).

    Raises:
        ValueError: The value is not a GUID.
    """
    return str(uuid.UUID(value.strip().strip("{}")))


def same_guid(first: str, second: str) -> bool:
    """Tell whether two GUIDs are the same, whatever their case or braces."""
    return normalise_guid(first) == normalise_guid(second)


def guid_index(iris: Iterable[str]) -> dict[str, str]:
    """Return the IRI each GUID was derived from, for the IRIs given.

    Args:
        iris: IRIs whose GUIDs an imported file may hold (codes, documents …).

    Returns:
        A mapping from :func:`guid` of each IRI to the IRI.
    """
    return {guid(iri): iri for iri in iris}
