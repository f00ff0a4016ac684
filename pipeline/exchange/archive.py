"""Zip archives whose bytes depend on their entries alone (QDPX, RO-Crate).

Python's ``zipfile`` stamps each entry with the clock and the platform; here every
entry has the same date (one the caller reads from the store, never the clock), the
same permissions and system, and entries are written in the order given, so that
exporting the same store twice gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold (DOS time): used for earlier dates."""


def zip_date(moment: str) -> tuple[int, int, int, int, int, int]:
    """Return a zip entry's date for an ``xsd:dateTime`` (its UTC wall time, to 2 s).

    Raises:
        ValueError: ``moment`` is not an ISO date and time.
    """
    parsed = datetime.fromisoformat(moment)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    # A zip (DOS) time counts seconds in twos: say so here rather than let zipfile round.
    second = parsed.second - parsed.second % 2
    stamp = (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, second)
    return max(stamp, ZIP_EPOCH)


def deterministic_zip(
    entries: Iterable[tuple[str, bytes]], *, date: tuple[int, int, int, int, int, int]
) -> bytes:
    """Return a zip archive of ``entries`` (name, bytes), in that order, all dated ``date``.

    Args:
        entries: The archive's members: POSIX paths inside it, and their bytes.
        date: Every entry's date (:func:`zip_date`).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the platform writing it
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()
