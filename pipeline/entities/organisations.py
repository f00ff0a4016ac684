"""Organisations: listed bodies by name, and names that open (or close) with a head word.

The names and aliases of ``organizations.jsonl`` are found by spaCy's
``PhraseMatcher`` (in the recogniser); names that open with a head word of
``name-heads.jsonl`` (``PT``, ``Bank``, ``Dinas``, ``Kementerian``, ``Unit
Pengelola``, a named ``BKM`` or ``KSM`` ...) are the capitalised words after it
(:class:`~pipeline.entities.names.NameReader`). Some heads close a name ("the Padang
manpower office", "the PUPR office": a place or a body's acronym before) or come before
a description ('kelompok nelayan "Sumber Rejeki"'). A short name in brackets after a
name ("PT Kutai Timber Indonesia (KTI)") names the same organisation wherever the
document uses it; a numbered successor of a listed company is a company of its own
("Pelindo IV").

A body's sector is its listed sector; a name read after a head word has the sector
:mod:`pipeline.entities.sectors` gives it.

Whose a body is: a body of which every region or village has its own (Bappeda, Dinas
PU, Forum CSR; BKM, KSM) belongs to the place named right after it ("Bappeda Kota
Surakarta", "BKM Kelurahan Sangkrah"), else to the one kabupaten/kota (village) the
document studies; where the document names that body for each of its places, a bare
mention is one of those, not another node. Where the document does not say whose it
is, the body is that document's own node (keyed by the document's text).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.document import Entity, EntityKey, ExtractedText, Fact
from pipeline.entities.acronyms import acronym_after, also_named, short_name, to_spelled_short_name
from pipeline.entities.data import EntityData, ListedBody, NameHead
from pipeline.entities.described import (
    after_street_word,
    bracketed_short_name,
    english_place_before,
    group_name,
    office_name,
)
from pipeline.entities.lists import PRIVATE, listed_companies
from pipeline.entities.names import (
    ROMAN,
    NameReader,
    TokenAt,
    country_end,
    strip_legal_form,
    written_twice,
)
from pipeline.entities.pages import (
    Found,
    PageDoc,
    PhraseMatch,
    fold,
    join,
    longest_first,
    slug,
)
from pipeline.entities.places import DocumentPlaces, PlaceCandidate, at_level
from pipeline.entities.sectors import NameSectors
from pipeline.gazetteer import Gazetteer, Region, name_key

_PREPOSITIONS = {"di", "of", "in", "se"}
_KIND_BEFORE_SHORT = {"kota", "kabupaten", "provinsi"}

_OrgSpan = tuple[int, int, ListedBody | None, NameHead | None, str]
"""A candidate name: its tokens, the listed body it is, the head word, the rule."""

_Described = tuple[str, ListedBody | None, PlaceCandidate | None]
"""A name not read after its head word: the name, the listed body, the place it names."""


class OrganisationFinder:
    """Finds the organisations a page names and says whose each is.

    Args:
        data: The entity data.
        gazetteer: The regions (a body's place is a region).
        names: The reader of names after head words.
        sectors: The sectors the codebook's cues give names.
    """

    def __init__(
        self,
        data: EntityData,
        gazetteer: Gazetteer,
        names: NameReader,
        sectors: NameSectors,
    ) -> None:
        self.data = data
        self.gazetteer = gazetteer
        self.names = names
        self.sectors = sectors

    def find(
        self,
        page: PageDoc,
        matches: list[PhraseMatch],
        place_tokens: set[TokenAt],
        context: DocumentPlaces,
        doc_key: str,
    ) -> list[Found]:
        """The organisations named on ``page``.

        Args:
            page: The page.
            matches: The page's phrase matches (listed bodies are ``"body:{id}"``).
            place_tokens: The tokens of the document's places, as ``(page, index)``.
            context: The document's places.
            doc_key: The key of the document's text, for bodies it does not place.
        """
        doc = page.doc
        names = self.names
        places = {
            c.span_first: c for c in context.places if c.page is page and c.region is not None
        }
        spans, described = self._spans(page, matches, places, place_tokens)
        chosen = longest_first(spans, prefer=lambda item: item[2] is not None)
        found = []
        for start, end, body, head, rule in chosen:
            name_tokens = doc[start:end]
            numeral = None
            place: Region | None = None
            place_from, place_end = end, None
            if (start, end) in described:
                core, body, candidate = described[(start, end)]
                place = candidate.region if candidate is not None else None
            else:
                core = strip_legal_form(name_tokens)
                if core.endswith(".") and ROMAN.fullmatch(doc[end - 1].text[:-1]):
                    core = core[:-1]  # "... Sumatra I." at a sentence's end: the unit's number
                if body is not None and end - start > 1 and ROMAN.fullmatch(doc[end - 1].text):
                    numeral = doc[end - 1].text
                if body is None and head is not None and head.type is None:
                    body, numeral = names.known_company(name_tokens)
                inner = [c for c in places.values() if start < c.span_first and c.span_last <= end]
                if inner and head is not None and head.type is not None:
                    place = inner[0].region  # "BKM Kesenden Sejahtera"
                else:
                    place, place_from, place_end = _place_after(doc, end, places)
            evidence_end = place_end if place is not None and place_end is not None else end
            surface = join(doc[start:evidence_end])
            if place_end is not None and place_from > end:
                # "Satuan Kerja … (Satker PIP) Provinsi Jawa Tengah": its name is said
                # without the short name between.
                surface = f"{join(doc[start:end])} {join(doc[place_from:place_end])}"
            entity = self.organisation(
                body, head, core, surface, place, context, doc_key, numeral=numeral
            )
            if entity is None:
                continue
            item = Found(entity, page.start(start), page.end(evidence_end), rule)
            item.short = short_name(doc, start, end)
            found.append(item)
        companies = {
            index
            for index, item in enumerate(found)
            if any(f.field == "sector" and f.value == PRIVATE for f in item.entity.facts)
        }
        found += listed_companies(page, found, names, place_tokens, is_company=companies)
        return found

    def _spans(
        self,
        page: PageDoc,
        matches: list[PhraseMatch],
        places: dict[int, PlaceCandidate],
        place_tokens: set[TokenAt],
    ) -> tuple[list[_OrgSpan], dict[tuple[int, int], _Described]]:
        """The candidate names of a page, and those not read after a head word.

        Returns the candidates, and for a name that is not the words after its head
        word (an office, a described group), by its span: the name, the listed body it
        is (where known) and the place it names.
        """
        doc = page.doc
        names = self.names
        spans: list[_OrgSpan] = []
        described: dict[tuple[int, int], _Described] = {}
        places_by_end = {c.span_last: c for c in places.values()}
        for key, start, end in matches:
            if key.startswith("body:"):
                if after_street_word(names, doc, start) or names.on_affiliation_line(
                    doc, start, end
                ):
                    continue  # "Jalan Pertamina": a street named after a body
                listed = self.data.bodies[key[5:]]
                if listed.scope == "national" and end < len(doc) and ROMAN.fullmatch(doc[end].text):
                    end += 1  # "Pelindo IV": one of the company's numbered successors
                if listed.scope == "national":
                    end = country_end(doc, end)  # "... of Indonesia", "... Republik Indonesia"
                before = english_place_before(doc, start, listed, places_by_end)
                if before is not None:
                    # "the Denpasar CSR Forum": the place before a region's body, in
                    # English word order, is whose it is, and part of the name.
                    described[(before.span_first, end)] = (join(doc[start:end]), listed, before)
                    spans.append((before.span_first, end, listed, None, "org/name-place-before"))
                    continue
                spans.append((start, end, listed, None, "org/name"))
        listed_spans = [(start, end) for start, end, _, _, _ in spans]
        national_spans = {(s, e) for s, e, body, _, _ in spans if body and body.scope == "national"}
        for head, start, end in names.head_matches(doc):
            if head.entity != "organization":
                continue
            if after_street_word(names, doc, start) or names.on_affiliation_line(doc, start, end):
                continue
            if not head.suffix and any(first < start < last for first, last in listed_spans):
                # "World Bank Country Director": the head word is the listed body's own
                # word, and what follows is a person's office, not another body.
                continue
            if head.suffix:
                office = office_name(names, doc, start, end, places)
                if office is not None:
                    first, name, office_body, candidate = office
                    described[(first, end)] = (name, office_body, candidate)
                    spans.append((first, end, None, head, "org/office"))
                continue
            if head.described:
                group = group_name(names, doc, end, place_tokens, id(page))
                if group is not None:
                    name, last = group
                    described[(start, last)] = (name, None, None)
                    spans.append((start, last, None, head, "org/described"))
                continue
            if not doc[start].text[0].isupper() and not acronym_after(doc, end):
                continue  # "forum CD CSR": a head in lower case, named by its acronyms
            if written_twice(doc, start, end):
                continue  # "BKM BKM Sejahtera": the name is read from the second
            short = bracketed_short_name(doc, end) if head.type is not None else None
            if short is not None:
                # "Badan Keswadayaan Masyarakat (BKM) Mekar Sari": the long form, its
                # short name, then the body's own name, which goes with the short name.
                last = names.name_run(doc, end + 3, head, place_tokens, id(page))
                if last > end + 3:
                    described[(start, last)] = (f"{short} {join(doc[end + 3 : last])}", None, None)
                    spans.append((start, last, None, head, "org/head"))
                continue
            last = names.name_run(doc, end, head, place_tokens, id(page))
            if last == end or (head.type is not None and (end, last) in national_spans):
                continue  # "KSM Bappenas menyiapkan ...": no KSM's name, a national body
            last = to_spelled_short_name(doc, start, last)
            if head.type is None:
                last = names.before_speaker(doc, start, end, last)
            spans.append((start, last, None, head, "org/head"))
        return spans, described

    def organisation(
        self,
        body: ListedBody | None,
        head: NameHead | None,
        core: str,
        surface: str,
        place: Region | None,
        context: DocumentPlaces,
        doc_key: str,
        *,
        numeral: str | None = None,
    ) -> Entity | None:
        """The organisation a name is: its key, names and facts; None when it is nobody.

        Args:
            body: The listed body it is, where known.
            head: The head word it was named by, if any.
            core: Its name without legal forms ("PT Sangga Warna").
            surface: Its name as written (with the place named after it).
            place: The place named with it.
            context: The document's places.
            doc_key: The key of the document's text, for a body it does not place.
            numeral: The number of a listed company's numbered successor ("IV").
        """
        if body is None and head is not None and head.type is not None:
            body = self.data.bodies[head.type]
            named = core
        elif body is not None:
            named = ""
        else:
            named = core
        if body is not None:
            scope, sector, base_id, label = body.scope, body.sector, body.id, body.label
            alt = [body.label, *body.alt]
        else:
            assert head is not None and head.sector is not None
            sector = self.sectors.of(core, head.sector, regional=head.scope == "region")
            scope, base_id, label = head.scope, slug(core), core
            alt = []
        if body is not None and body.requires_place and not named and not _places_it(body, place):
            return None
        facts = [Fact("sector", sector, "code")]
        if body is not None and body.part_of is not None:
            facts.append(
                Fact("sub_organisation_of", EntityKey("organization", body.part_of), "entity")
            )
        if scope == "national":
            if body is not None and numeral is not None:
                # Pelindo I-IV were four companies: "Pelindo IV" is one of them.
                numbered = [f"{name} {numeral}" for name in alt if "(" not in name]
                key = EntityKey("organization", f"{body.id}-{slug(numeral)}")
                return _entity(key, numbered[0], numbered[1:], surface, facts)
            if body is not None:
                key = EntityKey("organization", body.id)
                return _entity(key, body.label, alt, surface, facts)
            return _entity(EntityKey("organization", base_id), label, alt, surface, facts)
        region = self._scope_place(place, scope, context)
        many = body is not None and body.many
        if named and (body is None or many):
            base_id = slug(named)
        if region is None:
            if named and body is not None:
                # A village's body by its own name ("BKM Pasir Makmur"): the name is
                # the body's, wherever it is.
                return _entity(EntityKey("organization", slug(named)), named, alt, surface, facts)
            # A generic body ("BKM", "Dinas Sosial") whose place the document does not
            # give: this document's own node.
            key = EntityKey("organization", base_id, document=doc_key)
            return _entity(key, label, alt, surface, facts)
        facts.append(Fact("area_served", EntityKey("place", region.code), "entity"))
        key = EntityKey("organization", base_id, place=region.code)
        if named and many:
            return _entity(key, named, alt, surface, facts)
        if named and body is None:
            label = named
        elif body is not None and body.id == "pemerintah-daerah":
            # A province's name has no kind word of its own ("Jawa Tengah").
            province = "Provinsi " if region.level == 1 else ""
            label = f"Pemerintah {province}{region.name}"
        elif body is not None and body.id == "pemerintah-desa":
            label = f"Pemerintah {region.kind.capitalize()} {region.name}"  # a desa or kelurahan
        else:
            label = f"{body.label if body is not None else label} {region.name}"
        if named and body is not None:
            alt.append(named)
        return _entity(key, label, alt, surface, facts)

    def _scope_place(
        self, place: Region | None, scope: str, context: DocumentPlaces
    ) -> Region | None:
        if scope == "village":
            if place is not None and place.level == 4:
                return place
            return context.home_village
        if place is not None:
            if place.level <= 2:
                return place
            return next(at_level(self.gazetteer, [place], 2), None)
        return context.home_region

    def with_short_names(
        self, found: list[Found], text: ExtractedText, pages: list[PageDoc], limit: int
    ) -> list[Found]:
        """Mentions of an organisation by the short name the document gives it.

        After "PT Kutai Timber Indonesia (KTI)", "KTI" is that company, and so is a
        name found elsewhere that is the short name ("Satuan Kerja … (Satker PIP)",
        then "Satker PIP"). A short name that is a listed body's name is left to it.
        """
        defined: dict[str, tuple[str, Entity]] = {}
        for item in found:
            if item.short is None or item.entity.kind != "organization":
                continue
            names = {name_key(n) for n in (item.entity.label, *item.entity.alt_labels)}
            shorts = [item.short]
            head = text.text[item.start : item.end].split(maxsplit=1)[0]
            if self.names.opens_name_word(head) and not item.short.startswith(head):
                # "Forum Pengembangan Perumahan dan Kawasan Permukiman (PKP)", then
                # "Forum PKP": the head word and the short name are the same body.
                shorts.append(f"{head} {item.short}")
            for written in shorts:
                key = name_key(written)
                if key not in self.names.alias and key not in names:
                    defined.setdefault(key, (written, item.entity))
        if not defined:
            return found
        out = []
        for item in found:
            said = text.text[item.start : item.end]
            short = defined.get(name_key(said))
            if item.entity.kind == "organization" and short and short[1].key != item.entity.key:
                item = Found(also_named(short[1], said), item.start, item.end, item.rule)
            out.append(item)
        taken = [(item.start, item.end) for item in out]
        usable = {page.number for page in pages}
        for given, entity in defined.values():
            pattern = re.compile(rf"(?<![\w-]){re.escape(given)}(?![\w-])")
            for match in pattern.finditer(text.text, 0, limit):
                start, end = match.span()
                if text.page_at(start) in usable and not any(
                    a < end and start < b for a, b in taken
                ):
                    out.append(Found(also_named(entity, given), start, end, "org/short-name"))
        return out

    def without_unplaced_twins(self, found: list[Found], context: DocumentPlaces) -> list[Found]:
        """Leave out a generic body the document does not place when it names all of them.

        In a review of Purus and Sumber Jaya that names "BKM Purus Saiyo" and "BKM
        Sumber Jaya Bersama", "the BKM" is one of those two, not a third BKM. Where
        some village's BKM goes unnamed, "the BKM" may be that one, and stays.
        """
        regions = [c.region for c in context.places if c.region is not None]
        named = {
            "village": {r.code for r in regions if r.level == 4},
            "region": {r.code for r in at_level(self.gazetteer, regions, 2)},
        }
        placed: dict[str, set[str]] = {}  # a body's id -> the places it was named for
        for item in found:
            key = item.entity.key
            if key.kind == "organization" and key.document is None:
                placed.setdefault(key.name, set()).add(key.place or "")

        def twin(item: Found) -> bool:
            key = item.entity.key
            if key.kind != "organization" or key.document is None:
                return False
            body = self.data.bodies.get(key.name)
            if body is None or body.scope not in named or not named[body.scope]:
                return False
            return named[body.scope] <= placed.get(body.id, set())

        return [item for item in found if not twin(item)]

    def one_named_body(self, found: list[Found]) -> list[Found]:
        """A village's body the document names once by name, and then shorter.

        A report from one BKM that names it "BKM Maju Bersama" and then "BKM Maju" or
        "the BKM" means that one: a shorter name that begins the longer is it, and
        the body's bare name is it where the document names no other of its kind and
        does not say whose the bare one is. Only for bodies a village has one of and
        that the document does not place (a placed BKM is keyed by its village).
        """
        heads = {
            head.words: head.type
            for head in self.data.heads
            if head.type is not None
            and not head.suffix
            and self.data.bodies[head.type].scope == "village"
            and not self.data.bodies[head.type].many
        }
        named: dict[str, dict[EntityKey, tuple[str, ...]]] = {}  # type -> key -> words
        placed: set[str] = set()
        for item in found:
            key = item.entity.key
            if key.kind != "organization":
                continue
            if key.place is not None and key.name in self.data.bodies:
                placed.add(key.name)
            if key.place is not None or key.document is not None or key.name in self.data.bodies:
                continue
            words = tuple(fold(w) for w in item.entity.label.split())
            for head, body_id in heads.items():
                if words[: len(head)] == head and len(words) > len(head):
                    named.setdefault(body_id, {})[key] = words
        same: dict[EntityKey, EntityKey] = {}
        for instances in named.values():
            for key, words in instances.items():
                longer = [
                    other
                    for other, more in instances.items()
                    if len(more) > len(words) and more[: len(words)] == words
                ]
                if len(longer) == 1:
                    same[key] = longer[0]
        entities = {item.entity.key: item.entity for item in found}
        out = []
        for item in found:
            key = item.entity.key
            target = same.get(key)
            if target is None and key.document is not None and key.name not in placed:
                remaining = {k for k in named.get(key.name, {}) if k not in same}
                if len(remaining) == 1:
                    (target,) = remaining
            if target is not None:
                entity = also_named(entities[target], item.entity.label)
                item = Found(entity, item.start, item.end, item.rule + "/named")
            out.append(item)
        return out

    def one_named_instance(self, found: list[Found]) -> list[Found]:
        """A bare "KSM" is the document's one named KSM of that place, where it names one.

        Bodies a village has many of (``"instances": "many"``) are told apart by name;
        a report that names one ("KSM Sanitasi Mekar") and then says "the KSM" means it.
        """
        many = [body.id for body in self.data.bodies.values() if body.many]
        named: dict[EntityKey, dict[EntityKey, Entity]] = {}  # the bare key -> instances
        for item in found:
            key = item.entity.key
            if key.kind != "organization" or (key.place is None and key.document is None):
                continue
            for body_id in many:
                if key.name.startswith(body_id + "-"):
                    bare = EntityKey(
                        "organization", body_id, place=key.place, document=key.document
                    )
                    named.setdefault(bare, {})[key] = item.entity
        out = []
        for item in found:
            instances = named.get(item.entity.key, {})
            if len(instances) == 1:
                (entity,) = instances.values()
                item = Found(entity, item.start, item.end, item.rule + "/named")
            out.append(item)
        return out


def _places_it(body: ListedBody, place: Region | None) -> bool:
    """True where ``place`` says whose a body named only with its place is.

    A village's body (the government of a desa or kelurahan) needs a village, a
    region's (Pemerintah Kota, Setda) a kabupaten, kota or province.
    """
    if place is None:
        return False
    return place.level == 4 if body.scope == "village" else place.level <= 2


def _entity(key: EntityKey, label: str, alt: list[str], surface: str, facts: list[Fact]) -> Entity:
    names: dict[str, str] = {}
    for name in (*alt, surface):
        name_id = name_key(name)
        if name and name_id != name_key(label) and name_id not in names:
            names[name_id] = name
    return Entity(key, label, tuple(names.values()), tuple(facts))


def _place_after(
    doc: Doc, end: int, places: dict[int, PlaceCandidate]
) -> tuple[Region | None, int, int | None]:
    """The place named right after an organisation's name ("Bappeda Kota Surakarta").

    A short name in brackets may stand between: "Satuan Kerja … (Satker PIP) Provinsi
    Jawa Tengah". Returns the place, the token where its words begin (with a
    preposition: "BKM of Kelurahan Sangkrah") and one past their end; no place:
    ``(None, end, None)``.
    """
    at = end
    # "Pemerintah Kota (Pemkot) Banjarbaru": the kind word, the short name, then the place.
    kind = int(at + 1 < len(doc) and doc[at].lower_ in _KIND_BEFORE_SHORT)
    if at + kind < len(doc) and doc[at + kind].text == "(":
        bracket = at + kind
        close = next(
            (i for i in range(bracket + 1, min(len(doc), bracket + 5)) if doc[i].text == ")"), None
        )
        if close is not None and places.get(close + 1) is not None:
            at = close + 1
    first = at if not kind or at == end else end
    if at < len(doc) and doc[at].lower_ in _PREPOSITIONS:
        at += 1
    candidate = places.get(at)
    if candidate is None and end > 0:
        # "Pemkot Semarang", "Pemprov DKI": the body's short name is the place's kind
        # word too, so the place's words begin at the body's last word.
        candidate = places.get(end - 1)
        first = end
    if candidate is None or candidate.region is None:
        return None, end, None
    return candidate.region, first, candidate.span_last
