"""Indonesian roots by affix stripping: suffixes, prefixes, colloquial verb forms.

Sastrawi stems a word in about 0.3 ms; once the cues are compiled, an unknown word
is stemmed only towards the lemmas the cues and rules look for, by the fast
stripper here (see :meth:`pipeline.tag.lexicon.Words.stem_only_towards`).
"""

from __future__ import annotations

_SUFFIXES = (
    "kannya", "annya", "inya", "kanlah", "nya", "lah", "kah", "pun", "kan", "an", "i", "ku", "mu"
)  # fmt: skip
"""Indonesian suffixes, particles and possessives, longer combinations first."""

_PREFIXES = (
    ("memper", ("",)), ("diper", ("",)), ("keber", ("",)), ("keter", ("",)),
    ("pember", ("",)), ("menge", ("",)), ("penge", ("",)),
    ("meng", ("k", "")), ("peng", ("k", "")), ("meny", ("s",)), ("peny", ("s",)),
    ("mem", ("p", "")), ("pem", ("p", "")), ("men", ("t", "")), ("pen", ("t", "")),
    ("ber", ("",)), ("ter", ("",)), ("per", ("",)), ("bel", ("",)), ("pel", ("",)),
    ("me", ("",)), ("pe", ("",)), ("be", ("",)), ("te", ("",)),
    ("di", ("",)), ("ke", ("",)), ("se", ("",)),
)  # fmt: skip
"""Indonesian prefixes, longer first, with the root letters a nasal prefix replaces."""

_PREFIXES_BY_START = {
    start: [entry for entry in _PREFIXES if entry[0].startswith(start)]
    for start in {prefix[:2] for prefix, _ in _PREFIXES}
}
""":data:`_PREFIXES` by their first two letters (a word's first two letters tell which
prefixes it may start with), in the same order."""


def strip_affixes(word: str, targets: frozenset[str]) -> str | None:
    """The target ``word`` is made of by Indonesian affixes (or colloquially), or None.

    Suffixes come off first (particles and possessives, then -kan, -an, -i), then up
    to two prefixes, a nasal prefix giving back the letter it replaced ("memantau" ->
    "pantau", "menyumbang" -> "sumbang"); then the colloquial forms.
    """
    bases = [word[: -len(s)] for s in _SUFFIXES if word.endswith(s) and len(word) > len(s) + 2]
    for base in bases:
        if base in targets:
            return base
    for base in (word, *bases):
        found = _unprefix(base, targets, depth=2)
        if found:
            return found
    return colloquial_root(word, targets)


def _unprefix(word: str, targets: frozenset[str], *, depth: int) -> str | None:
    """The target ``word`` is made of after one to ``depth`` prefixes, or None."""
    for prefix, restores in _PREFIXES_BY_START.get(word[:2], ()):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            for restore in restores:
                if restore + rest in targets:
                    return restore + rest
            if depth > 1:
                found = _unprefix(rest, targets, depth=depth - 1)
                if found:
                    return found
    return None


def colloquial_root(word: str, roots: frozenset[str]) -> str | None:
    """The root of a colloquial Indonesian verb, or None.

    Spoken Indonesian marks verbs with a bare nasal (ng-, ny-, m-, n-) and ``-in``
    instead of me-...-i/-kan: "ngawasin" (mengawasi), "nyumbang" (menyumbang),
    "mantau" (memantau), "nungguin" (menunggu).
    """
    bases = [word[:-2], word] if word.endswith("in") and len(word) > 5 else [word]
    for base in bases:
        candidates = [base]
        if base.startswith("nge"):
            candidates.append(base[3:])
        if base.startswith("ng"):
            candidates += ["k" + base[2:], base[2:]]
        elif base.startswith("ny"):
            candidates += ["s" + base[2:], "c" + base[2:]]
        elif base.startswith("m"):
            candidates += ["p" + base[1:], "b" + base[1:]]
        elif base.startswith("n"):
            candidates.append("t" + base[1:])
        for candidate in candidates:
            if len(candidate) >= 3 and candidate in roots:
                return candidate
    return None
