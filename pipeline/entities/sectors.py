"""The sector of an organisation's name, as the codebook's sector cues say it.

The tagger codes a sector where a cue of ``ontology/patterns/sector.jsonl`` stands;
the entities classify the organisation a name is. For one name the two must agree, so
the entities read the same cues: a name read after a head word has its head word's
sector ("Forum" names a community forum) unless the name holds the cues of one other
sector ("Forum Corporate Social Responsibility Kota X" is the private sector's forum,
and the tagger codes "corporate social responsibility" private). Only cues that need no
context count: "csr", "bkm", "world bank" say a sector wherever they stand, "bank" or
"pemerintah" only in a sentence about a partnership, which a name is not.

Listed bodies carry their own sector (``organizations.jsonl``); a test checks that the
tagger codes none of their names with another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.codebook import Codebook
from pipeline.entities.data import ListedBody

_CUE_WORD = re.compile(r"[\w-]+")
_OFFICE_WORDS = {"Dinas", "Badan"}
"""The words a region's offices are named by, before the affair they are for."""
_MAX_CUE_WORDS = 6
"""The most words a sector cue has that is looked for in a name."""


class NameSectors:
    """The sectors the codebook's context-free sector cues give names.

    A region's body named by a community head word ("Forum") for an affair its
    government has an office for is the government's: "Forum Pengembangan Perumahan dan
    Kawasan Permukiman" is convened for the affair of the Dinas Perumahan dan Kawasan
    Permukiman.

    Args:
        codebook: The codebook whose sector cues are read.
        bodies: The listed bodies, whose regional offices name the government's affairs.
    """

    def __init__(self, codebook: Codebook, *, bodies: Iterable[ListedBody] = ()) -> None:
        self.affairs = {
            tuple(word.lower() for word in name.split()[1:])
            for body in bodies
            if body.scope == "region" and body.sector == "sector.government"
            for name in (body.label, *body.alt)
            if name.split()[0] in _OFFICE_WORDS and len(name.split()) > 2
        }
        """The affairs a region's government has an office for ("lingkungan hidup")."""
        cues: dict[tuple[str, ...], str] = {}
        shared: set[tuple[str, ...]] = set()
        for pattern in codebook.patterns:
            if (
                not pattern.label.startswith("sector.")
                or pattern.context is not None
                or not isinstance(pattern.pattern, str)
            ):
                continue
            words = tuple(_CUE_WORD.findall(pattern.pattern.lower()))
            if words and cues.setdefault(words, pattern.label) != pattern.label:
                shared.add(words)  # a phrase two sectors share says neither
        self.cues = {words: sector for words, sector in cues.items() if words not in shared}

    def of(self, name: str, head_sector: str, *, regional: bool = False) -> str:
        """The sector of ``name``, read after a head word of ``head_sector``.

        The head word's sector, unless the name's words hold the cues of exactly one
        other sector; a ``regional`` community body's named for a government affair is
        the government's.
        """
        words = _CUE_WORD.findall(name.lower())
        if regional and head_sector == "sector.community" and self._of_affair(name):
            return "sector.government"
        said = {
            self.cues[tuple(words[i : i + size])]
            for size in range(1, _MAX_CUE_WORDS + 1)
            for i in range(len(words) - size + 1)
            if tuple(words[i : i + size]) in self.cues
        }
        if len(said) == 1 and head_sector not in said:
            return said.pop()
        return head_sector

    def _of_affair(self, name: str) -> bool:
        """True when ``name`` holds an affair a region's government has an office for."""
        words = tuple(word.lower() for word in name.split())
        return any(
            words[i : i + len(affair)] == affair
            for affair in self.affairs
            for i in range(len(words) - len(affair) + 1)
        )
