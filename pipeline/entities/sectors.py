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

from pipeline.codebook import Codebook

_CUE_WORD = re.compile(r"[\w-]+")
_MAX_CUE_WORDS = 6
"""The most words a sector cue has that is looked for in a name."""


class NameSectors:
    """The sectors the codebook's context-free sector cues give names.

    Args:
        codebook: The codebook whose sector cues are read.
    """

    def __init__(self, codebook: Codebook) -> None:
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

    def of(self, name: str, head_sector: str) -> str:
        """The sector of ``name``, read after a head word of ``head_sector``.

        The head word's sector, unless the name's words hold the cues of exactly one
        other sector.
        """
        words = _CUE_WORD.findall(name.lower())
        said = {
            self.cues[tuple(words[i : i + size])]
            for size in range(1, _MAX_CUE_WORDS + 1)
            for i in range(len(words) - size + 1)
            if tuple(words[i : i + size]) in self.cues
        }
        if len(said) == 1 and head_sector not in said:
            return said.pop()
        return head_sector
