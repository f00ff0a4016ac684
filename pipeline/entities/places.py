"""Places: the regions of the gazetteer a document names.

Places are n-grams of capitalised words that the gazetteer (:mod:`pipeline.gazetteer`,
Kemendagri's regions) knows by name, kept when a kind word stands before or after them
(``Kelurahan``, ``Kab.``, ``Regency``, ``city of``: ``place-words.jsonl``), when they
are a province, a kabupaten/kota whose name is no ordinary word, a name listed after a
kind word ("Kelurahan Podosugih, Kramatsari dan Kraton Kidul"), a place already found in
the document, or a kecamatan/kelurahan/desa of a kabupaten or kota the document names.
A name many regions share is resolved by the document's other places, the nearest
counting most, so "Desa Sidorejo" near "Kabupaten Kendal" is Kendal's Sidorejo, not
Batang's; a name that stays ambiguous is left out.

The places a document studies are said by :mod:`pipeline.entities.studied`, from the
places found here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pipeline.document import Entity, EntityKey, Fact
from pipeline.entities.data import EntityData
from pipeline.entities.names import NameReader
from pipeline.entities.pages import PageDoc, fold, is_name, join
from pipeline.gazetteer import Gazetteer, Region, name_key

_CONNECTORS = {",", "dan", "serta", "and", "&", "maupun", "atau", "or"}
_LEVEL_WEIGHT = {1: 1.0, 2: 2.0, 3: 3.0}
_NEAR_CHARS = 500.0
"""Distance (characters) at which a context place counts half as much as one beside."""
_MAX_NAME_TOKENS = 5
_VILLAGE_KINDS = frozenset({"kelurahan", "desa"})  # the village a themed kampung is named for
_ADDRESS_WORDS = 12
"""How many words back along its line a place may stand from the word of an address."""
_ADDRESS_FILLERS = {"di", "no", "nomor", "rt", "rw", "blok", "kav", "gg", "gang", "km", "lt"}
_LOWER_ADDRESS_CUES = {"alamat", "beralamat", "berkantor", "address", "located"}
"""Words of an address that say so in lower case too ("Jalan" must be a street's name)."""
_DATELINE_WORDS = 6
_AFFILIATION_WORDS = 20
"""An author's affiliation line is short: a line of more words is prose."""
_DASHES = {"-", "\u2013", "\u2014", "--"}


@dataclass(slots=True)
class PlaceCandidate:
    """A run of capitalised words the gazetteer knows as a name, maybe a place.

    Attributes:
        page: The page it is on.
        first: Its first name token.
        last: One past its last name token.
        key: The :func:`name_key` of its words.
        span_first: The first token of its evidence (with a kind word before).
        span_last: One past the last token of its evidence (with a kind word after).
        kinds: The kinds of place a kind word beside it says it is.
        region: The region it is, once resolved.
        rule: The rule that resolved it.
        after_head: It stands right after a name's head word ("BKM Sido Makmur").
        listed: It is one of a list of places ("in Yogyakarta, Banjarmasin and Bima").
        named_only: It is named where no study is: an office's address ("Jl. …,
            Jakarta Selatan", "beralamat di …") or a news item's dateline ("JAKARTA –").
        incidental: It is named once, in passing (:func:`_mark_incidental`): a place
            of the document, but never one it studies or is about.
    """

    page: PageDoc
    first: int
    last: int
    key: str
    span_first: int
    span_last: int
    kinds: frozenset[str] | None = None
    region: Region | None = None
    rule: str = ""
    after_head: bool = False
    listed: bool = False
    named_only: bool = False
    incidental: bool = False

    @property
    def start(self) -> int:
        """Offset of its evidence in the document's text."""
        return self.page.start(self.span_first)

    @property
    def end(self) -> int:
        """Offset one past its evidence."""
        return self.page.end(self.span_last)

    @property
    def surface(self) -> str:
        """The name as written, without kind words."""
        return join(self.page.doc[self.first : self.last])

    @property
    def bare_name(self) -> str:
        """The name as written without a kind word ("Surabaya"); "" with one ("Kota Surabaya")."""
        if (self.span_first, self.span_last) != (self.first, self.last):
            return ""
        return self.surface


@dataclass(slots=True)
class DocumentPlaces:
    """What the places of a document say about where it is.

    Attributes:
        places: The places found (resolved candidates), in the order of the text.
        home_region: The one kabupaten or kota the document studies (or names), if one.
        home_village: The one kelurahan or desa it studies (or names), if one.
        studied: The places it studies: the most specific, and the kecamatan and
            kabupaten/kota named with them
            (:func:`pipeline.entities.studied.locate_document`).
    """

    places: list[PlaceCandidate] = field(default_factory=list)
    home_region: Region | None = None
    home_village: Region | None = None
    studied: list[Region] = field(default_factory=list)


class PlaceFinder:
    """Finds the places of a document and where it is.

    Args:
        data: The entity data (kind words).
        gazetteer: The regions.
        lexicon: Ordinary words (lower case): a one-word place name that is also an
            ordinary word ("Kendal", "Batang") counts only after a kind word or once the
            document has named the place so.
        names: The reader of organisations' names (a place in a company's name is none).
    """

    def __init__(
        self, data: EntityData, gazetteer: Gazetteer, lexicon: frozenset[str], names: NameReader
    ) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.names = names

    def find(self, pages: list[PageDoc], context: DocumentPlaces, limit: int) -> None:
        """Find the places named before offset ``limit``, into ``context.places``."""
        candidates = [c for page in pages for c in self._candidates(page) if c.start < limit]
        anchors: list[tuple[Region, int]] = []
        gazetteer = self.gazetteer

        def regions(candidate: PlaceCandidate) -> list[Region]:
            found = [gazetteer.region(code) for code in gazetteer.codes_named(candidate.key)]
            if candidate.kinds is not None:
                found = [r for r in found if r.kind in candidate.kinds]
            return found

        def settle(candidate: PlaceCandidate, region: Region, rule: str) -> None:
            candidate.region, candidate.rule = region, rule
            anchors.append((region, candidate.start))

        # 1. Provinces and kabupaten/kota: the frame the smaller places are read in.
        for index, candidate in enumerate(candidates):
            top = [r for r in regions(candidate) if r.level <= 2]
            if candidate.kinds is not None:
                region = self._choose(top, candidate.start, anchors, prefer_top=True)
                if region is not None:
                    settle(candidate, region, "place/kind-word")
                continue
            provinces = [r for r in top if r.level == 1]
            regencies = [r for r in top if r.level == 2]
            single_word = candidate.last - candidate.first == 1
            if len(provinces) == 1:
                settle(candidate, provinces[0], "place/province")
            elif len(regencies) == 1 and not (single_word and candidate.key in self.lexicon):
                settle(candidate, regencies[0], "place/regency-name")
            elif len(regencies) == 1 and self._province_after(
                candidates[index + 1 : index + 2], candidate, regencies[0]
            ):
                # "di Belu, Nusa Tenggara Timur": an ordinary word ("belu") followed by
                # the province it is a kabupaten of is that kabupaten.
                settle(candidate, regencies[0], "place/regency-name")
            elif regencies and (_town_dateline(candidate) or self._in_affiliation(candidate)):
                # "EKBIS.CO, MEDAN --", "Universitas X" then "SEMARANG": a dateline's or
                # an affiliation's town is a city, also where its name is an ordinary
                # word or a kabupaten's too.
                towns = [r for r in regencies if r.kind == "kota"] or regencies
                if len(towns) == 1:
                    settle(candidate, towns[0], "place/town-line")
        # 2. Kecamatan, then kelurahan and desa, after a kind word, nearest frame first.
        for level in (3, 4):
            for candidate in candidates:
                if candidate.region is None and candidate.kinds is not None:
                    options = [r for r in regions(candidate) if r.level == level]
                    region = self._choose(options, candidate.start, anchors)
                    if region is not None:
                        settle(candidate, region, "place/kind-word")
        # 3. Names listed after a place ("Desa Kutoharjo dan Sidorejo", "Kota Tegal,
        # Pekalongan dan Batang"): a place of the same level, of the same kind where
        # the name has one of both (Kota Pekalongan, not Kabupaten Pekalongan).
        for index, candidate in enumerate(candidates):
            if candidate.region is not None or candidate.kinds is not None:
                continue
            previous = candidates[index - 1] if index else None
            if previous is None or previous.region is None or previous.region.level < 2:
                continue
            if previous.page is not candidate.page or not _listed_after(previous, candidate):
                continue
            level = previous.region.level
            options = [r for r in regions(candidate) if r.level == level]
            if level == 2:
                same_kind = [r for r in options if r.kind == previous.region.kind]
                options = same_kind or options
                region = options[0] if len(options) == 1 else None
            else:
                region = self._choose(options, candidate.start, anchors)
            if region is not None:
                candidate.kinds = frozenset({region.kind})
                settle(candidate, region, "place/listed")
        # 4. Names the document has already given a place, and places of its frame.
        by_key: dict[str, list[tuple[Region, int]]] = {}
        for candidate in candidates:
            if candidate.region is not None:
                by_key.setdefault(candidate.key, []).append((candidate.region, candidate.start))
                for name in (candidate.region.name, *candidate.region.other_names):
                    by_key.setdefault(name_key(name), []).append(
                        (candidate.region, candidate.start)
                    )
                by_key.setdefault(
                    name_key(re.sub(r"^(Kabupaten|Kota)\s+", "", candidate.region.name)), []
                ).append((candidate.region, candidate.start))
        frames = [r for r, _ in anchors if r.level == 2]
        for candidate in candidates:
            if candidate.region is not None:
                continue
            known = by_key.get(candidate.key)
            if known:
                nearest = min(known, key=lambda item: abs(item[1] - candidate.start))
                settle(candidate, nearest[0], "place/named-before")
                continue
            if candidate.after_head or (
                candidate.last - candidate.first == 1 and candidate.key in self.lexicon
            ):
                continue
            options = [
                r
                for r in regions(candidate)
                if r.level >= 3 and any(r.is_within(frame) for frame in frames)
            ]
            region = self._choose(options, candidate.start, anchors)
            if region is not None:
                settle(candidate, region, "place/in-frame")
        resolved = [c for c in candidates if c.region is not None]
        for previous, candidate in itertools.pairwise(resolved):
            if previous.page is candidate.page and _listed_after(previous, candidate):
                previous.listed = candidate.listed = True
        for candidate in resolved:
            candidate.named_only = (
                self._in_address(candidate)
                or _in_dateline(candidate)
                or _town_dateline(candidate)
                or self._in_affiliation(candidate)
            )
        _mark_incidental(resolved)
        context.places = resolved

    def _province_after(
        self, following: list[PlaceCandidate], candidate: PlaceCandidate, regency: Region
    ) -> bool:
        """True when the next name, after a comma or nothing, is the regency's province."""
        if not following or following[0].page is not candidate.page:
            return False
        after = following[0]
        between = candidate.page.doc[candidate.span_last : after.span_first]
        if len(between) > 1 or any(t.text != "," for t in between):
            return False
        return any(
            code == regency.code.split(".")[0]
            for code in self.gazetteer.codes_named(after.key)
            if self.gazetteer.region(code).level == 1
        )

    def _in_address(self, candidate: PlaceCandidate) -> bool:
        """True for a place in an address: "Jl. Sudirman No. 5, Jakarta Selatan".

        Going back along its line over a street's name, numbers, other places and
        list punctuation reaches a word of an address ("Jl.", "Jalan", "alamat",
        "beralamat di").
        """
        doc = candidate.page.doc
        cues = self.data.cues["address"]
        index = candidate.span_first
        while index > 0 and candidate.span_first - index < _ADDRESS_WORDS:
            if doc[index].is_sent_start:
                return False
            index -= 1
            token = doc[index]
            word = token.lower_.rstrip(".")
            if word in cues and (token.text[0].isupper() or word in _LOWER_ADDRESS_CUES):
                return True
            if not (
                is_name(token)
                or token.is_digit
                or token.is_punct
                or word in _ADDRESS_FILLERS
                or fold(token.text) in self.data.kind_before
                or any(ch.isdigit() for ch in token.text)
            ):
                return False
        return False

    def _in_affiliation(self, candidate: PlaceCandidate) -> bool:
        """True for a place in an author's affiliation: "Universitas X, Semarang".

        The place's line, short as an affiliation's is, names a university, a faculty
        or a department; or the place ends a line of its own ("Makassar, Indonesia")
        after such a line.
        """
        doc = candidate.page.doc
        words = self.data.cues["affiliation-word"]
        first = candidate.span_first
        while first > 0 and not doc[first].is_sent_start:
            first -= 1
        last = candidate.span_last
        while last < len(doc) and not doc[last].is_sent_start:
            last += 1
        line = doc[first:last]
        if len(line) <= _AFFILIATION_WORDS and any(t.lower_ in words for t in line):
            return True
        if first == 0 or len(line) > 4 or first != candidate.span_first:
            return False
        above = first - 1
        while above > 0 and not doc[above].is_sent_start:
            above -= 1
        return first - above <= _AFFILIATION_WORDS and any(
            t.lower_ in words for t in doc[above:first]
        )

    def _candidates(self, page: PageDoc) -> list[PlaceCandidate]:
        doc = page.doc
        found: list[PlaceCandidate] = []
        in_names = self.names.company_name_tokens(doc)
        index = 0
        while index < len(doc):
            token = doc[index]
            if not is_name(token) or fold(token.text) in self.data.kind_before:
                index += 1
                continue
            if index in in_names:
                index += 1  # "Bank Jatim", "PT Semen Padang": a company, not a place
                continue
            candidate = None
            for size in range(min(_MAX_NAME_TOKENS, len(doc) - index), 0, -1):
                tokens = doc[index : index + size]
                if not all(is_name(t) for t in tokens):
                    continue
                key = "".join(name_key(t.text) for t in tokens)
                if self.gazetteer.has_name(key):
                    candidate = PlaceCandidate(page, index, index + size, key, index, index + size)
                    break
            if candidate is None:
                index += 1
                continue
            self._kind_hint(candidate)
            if self._names_no_region(candidate):
                index = candidate.last
                continue
            if candidate.kinds is None and candidate.key in self.names.alias:
                index = candidate.last  # "Karang Taruna" is a body before it is a desa
                continue
            candidate.after_head = index > 0 and doc[index - 1].lower_ in self.names.head_ends
            found.append(candidate)
            index = candidate.last
        return found

    def _names_no_region(self, candidate: PlaceCandidate) -> bool:
        """True for a region's name that names something else where it stands.

        An office before a kind word is the office ("Kantor Kelurahan Panembahan": no
        village "Kantor"); a name after a river's, a mountain's or a street's word
        without a kind word is that feature's ("bantaran sungai Bialo"); a name after a
        police or army unit is the unit's ("Kapolsek Kraton"), as a place in a
        company's name is the company's.
        """
        doc = candidate.page.doc
        cues = self.data.cues
        if candidate.span_last > candidate.last:
            return candidate.last - candidate.first == 1 and (
                fold(doc[candidate.first].text) in cues["office-word"]
            )
        if candidate.kinds is not None or candidate.first == 0:
            return False
        before = doc[candidate.first - 1]
        word = fold(before.text).rstrip(".")
        if before.text == "." and candidate.first > 1:
            word = fold(doc[candidate.first - 2].text)
        return word in cues["feature-word"] or word in cues["force-unit"]

    def _kind_hint(self, candidate: PlaceCandidate) -> None:
        """Read the kind word before or after a name, and widen the evidence to it."""
        doc = candidate.page.doc
        before = candidate.first - 1
        if before >= 0 and doc[before].text == "." and before >= 1:
            before -= 1  # "Kab. Kendal"
        if before >= 1 and doc[before].lower_ == "administrasi":
            before -= 1  # "Kota Administrasi Jakarta Pusat", "Kabupaten Administrasi ..."
        if before >= 0:
            word = fold(doc[before].text)
            if word in self.data.kind_before:
                candidate.kinds = self.data.kind_before[word]
                candidate.span_first = before
                return
            if word == "of" and before >= 1:
                word = fold(doc[before - 1].text)
                if word in self.data.kind_before_of:
                    candidate.kinds = self.data.kind_before_of[word]
                    candidate.span_first = before - 1
                    return
        if before >= 1 and self._themed_village(doc[before - 1].lower_, doc[before].lower_):
            # "Kampung Budaya X", "Kampung Wisata X": the themed kampung is the
            # village's own project, named for it (the site keeps the whole name).
            candidate.kinds = _VILLAGE_KINDS
            return
        after = candidate.last
        joined = ""
        for size in range(3):
            if after + size >= len(doc):
                break
            joined += doc[after + size].text.lower()
            if joined in self.data.kind_after:
                candidate.kinds = self.data.kind_after[joined]
                candidate.span_last = after + size + 1
                return
            if doc[after + size].whitespace_:
                break

    def _themed_village(self, head: str, theme: str) -> bool:
        """True for a site's one-word head and its theme word: "kampung" "budaya"."""
        return any(
            h.entity == "site" and h.words == (head,) and theme in h.next for h in self.data.heads
        )

    def _choose(
        self,
        options: list[Region],
        position: int,
        anchors: list[tuple[Region, int]],
        *,
        prefer_top: bool = False,
    ) -> Region | None:
        """The region a name means: the one the document's nearest places contain.

        For a province, kabupaten or kota (``prefer_top``) a region the document has
        already named wins, then the highest level. A smaller place goes by the context
        places that contain it, the nearest and deepest counting most; two villages of
        one name are both kept apart that way ("Desa Sidorejo, Kecamatan Brangsong" and
        "Desa Sidorejo di Kecamatan Tirto").
        """
        if not options:
            return None
        if prefer_top:
            mentioned = {region.code for region, _ in anchors}
            named = [r for r in options if r.code in mentioned]
            if len(named) == 1:
                return named[0]
        scores = []
        for region in options:
            score = 0.0
            for anchor, at in anchors:
                if region.is_within(anchor):
                    weight = _LEVEL_WEIGHT.get(anchor.level, 3.0)
                    score = max(score, weight / (1.0 + abs(position - at) / _NEAR_CHARS))
            scores.append(score)
        best = max(scores)
        if best > 0:
            winners = [r for r, s in zip(options, scores, strict=True) if s == best]
            return winners[0] if len(winners) == 1 else None
        if len(options) == 1:
            return options[0]
        if prefer_top:
            top = min(r.level for r in options)
            highest = [r for r in options if r.level == top]
            if len(highest) == 1:
                return highest[0]
        return None

    def place_entity(self, region: Region, surface: str = "") -> Entity:
        """The entity of a region, ``surface`` (the name the document gives) among its names."""
        names = [*region.other_names]
        # The name the document gives is one of the place's names: "Surabaya" for Kota
        # Surabaya too (as the gazetteer spells it, not "SURABAYA" of a heading).
        bare = re.sub(r"^(Kabupaten|Kota)(\s+Administrasi)?\s+", "", region.name)
        if surface and name_key(surface) == name_key(bare):
            surface = bare
        # A kabupaten's or a kota's name without its kind word is how it is mostly
        # called ("Jepara", "Jakarta Pusat"), whatever this document wrote; a smaller
        # place's is often said with it ("Kecamatan Meral", "Kelurahan Kauman").
        kinded = f"{region.kind.capitalize()} {region.name}" if region.level >= 3 else ""
        for name in (bare, surface, kinded):
            if name and name_key(name) not in {name_key(n) for n in (region.name, *names)}:
                names.append(name)
        facts = [Fact("place_kind", region.kind), Fact("identifier", region.code)]
        parent = self.gazetteer.parent(region)
        if parent is not None:
            facts.append(Fact("contained_in", EntityKey("place", parent.code), "entity"))
        return Entity(EntityKey("place", region.code), region.name, tuple(names), tuple(facts))


def at_level(gazetteer: Gazetteer, regions: Iterable[Region], level: int) -> Iterator[Region]:
    """The regions at ``level``, and those at ``level`` that contain the deeper ones."""
    for region in regions:
        if region.level == level:
            yield region
        elif region.level > level:
            for ancestor in gazetteer.ancestors(region):
                if ancestor.level == level:
                    yield ancestor


def _in_dateline(candidate: PlaceCandidate) -> bool:
    """True for a news item's dateline: "JAKARTA –", "Mataram (Antara) –" opening a line."""
    doc = candidate.page.doc
    if not doc[candidate.span_first].is_sent_start:
        return False
    # "Mataram (Antara) -": a news agency's name in brackets makes a dateline of a
    # town in mixed case too.
    agency = candidate.span_last < len(doc) and doc[candidate.span_last].text == "("
    if not agency and not all(t.is_upper for t in doc[candidate.first : candidate.last]):
        return False
    for token in doc[candidate.span_last : candidate.span_last + _DATELINE_WORDS]:
        if token.is_sent_start:
            return False
        if token.text in _DASHES:
            return True
    return False


def _town_dateline(candidate: PlaceCandidate) -> bool:
    """True for a town a line opens with after a news site's name: "EKBIS.CO, MEDAN --".

    At most two words (the site's name, a comma) stand before the town on its line,
    and a dash follows it ("Kabarsatu.id Lamongan –").
    """
    doc = candidate.page.doc
    # Doc.text joins every token anew: kept once a page (it was quadratic in a long page).
    text = doc.user_data.get("plpbk:text")
    if text is None:
        text = doc.user_data["plpbk:text"] = doc.text
    begin = doc[candidate.span_first].idx
    line_start = text.rfind("\n", 0, begin) + 1
    if len(text[line_start:begin].split()) > 2:
        return False
    end = doc[candidate.span_last - 1].idx + len(doc[candidate.span_last - 1].text)
    return re.match(r"[ \t]*(?:--|\u2013|\u2014|-)[ \t]", text[end : end + 6]) is not None


def _listed_after(previous: PlaceCandidate, candidate: PlaceCandidate) -> bool:
    """True when only list punctuation and conjunctions lie between the two names."""
    between = candidate.page.doc[previous.span_last : candidate.span_first]
    return 0 < len(between) <= 2 and all(t.lower_ in _CONNECTORS for t in between)


def _mark_incidental(places: list[PlaceCandidate]) -> None:
    """Mark the places named once, without a kind word, outside the document's frame.

    "kerja di Jakarta" in a report on a kelurahan of Kota Cirebon is where somebody
    works, not a place the report is about: a region named only so, and neither
    containing nor contained in any other place named, is incidental. It is still a
    place the document names (the blind gold sets list such places, not studied).
    """
    regions = {c.region.code: c.region for c in places if c.region is not None}
    counts: dict[str, int] = {}
    for candidate in places:
        if candidate.region is not None:
            counts[candidate.region.code] = counts.get(candidate.region.code, 0) + 1
    for candidate in places:
        region = candidate.region
        if (
            region is None
            or candidate.kinds is not None
            or candidate.listed
            or counts[region.code] > 1
        ):
            continue
        candidate.incidental = not any(
            other.is_within(region) or region.is_within(other)
            for code, other in regions.items()
            if code != region.code
        )
