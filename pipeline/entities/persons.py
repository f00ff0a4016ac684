"""The person after a body's name: "Ketua Forum CSR Budi Santoso", "PT Sinar Jaya Arif Wibowo".

News names an official or a manager right after the body, with no title between
("Manager ..., PT Kutai Chip Mill Arif Kurniawan"), and the words after a head word run
on over the person's name. Where the document names the body on its own elsewhere
("PT Kutai Chip Mill (KCM)", "Forum CSR, ..."), the longer name is that body and a
person: the body's name, then one to three capitalised words, one of them no ordinary
word (a personal name; "Abadi" or "Sejahtera" alone is more of a company's own name).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pipeline.document import ExtractedText
from pipeline.entities.pages import Found, fold

_MAX_PERSON_WORDS = 3


def without_persons(
    found: list[Found], text: ExtractedText, lexicon: frozenset[str]
) -> list[Found]:
    """``found`` with each body's name that runs on over a person cut back to the body.

    Args:
        found: The entities found in the document.
        text: The document's text (the evidence is re-cut in it).
        lexicon: Ordinary words, lower case: words all of them are no person's name.
    """
    bodies: dict[tuple[str, ...], Found] = {}  # by the words of its label, or as written
    for item in found:
        if item.entity.kind == "organization":
            for name in (item.entity.label, text.text[item.start : item.end]):
                words = tuple(fold(w) for w in name.split())
                if len(words) >= 2:
                    bodies.setdefault(words, item)
    out: list[Found] = []
    for item in found:
        cut = None
        if item.entity.kind == "organization" and item.rule.startswith("org/head"):
            cut = _cut(item, bodies, text, lexicon)
        out.append(cut or item)
    return out


def _cut(
    item: Found, bodies: dict[tuple[str, ...], Found], text: ExtractedText, lexicon: frozenset[str]
) -> Found | None:
    """The body ``item`` names before a person's name, or None when it names none."""
    label = item.entity.label.split()
    words = tuple(fold(w) for w in label)
    for size in range(len(words) - 1, max(1, len(words) - _MAX_PERSON_WORDS - 1), -1):
        body = bodies.get(words[:size])
        if body is None or body.entity.key == item.entity.key:
            continue
        extra = label[size:]
        if not all(w[:1].isupper() and w.isalpha() for w in extra):
            return None
        if all(_ordinary(fold(w), lexicon) for w in extra):
            return None
        pattern = r"\s+".join(re.escape(w) for w in label[:size])
        match = re.match(pattern, text.text[item.start : item.end], flags=re.IGNORECASE)
        if match is None:
            return None
        return Found(body.entity, item.start, item.start + match.end(), item.rule + "/person")
    return None


def _ordinary(word: str, lexicon: frozenset[str]) -> bool:
    """True for an ordinary word, or one made of an ordinary root ("berkarya", "karya")."""
    return word in lexicon or _stemmer().stem(word) in lexicon


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    """Sastrawi's stemmer (its dictionary is the lexicon), built on first use."""
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()
