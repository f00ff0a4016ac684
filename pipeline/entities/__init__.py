"""The entities stage: the organisations, places, programmes, sites and works a document names.

After tagging, :func:`recognise_entities` reads a document's usable pages and returns
its :class:`~pipeline.document.EntityFindings`: one
:class:`~pipeline.document.EntityMention` per name found (evidence: the name as it
stands in the text, ``exact == text.text[start:end]``, on the page where it starts),
the entities only implied (the kota a kelurahan lies in, the ministry a directorate
belongs to), and facts about the document itself (the places it studies, the works it
cites, its year).

The stage returns domain values and never speaks RDF: an entity is identified by an
:class:`~pipeline.document.EntityKey` (a place by its Kemendagri code, a regional body
by its place and kind, a work by its first author and year), and its facts name what
they state (:data:`~pipeline.document.FactField`). The graph stage
(:mod:`pipeline.graph`) turns them into triples, minting IRIs in :mod:`pipeline.iris`.

One module per job:

* :mod:`~pipeline.entities.data` — the data files of ``ontology/entities/``, validated;
* :mod:`~pipeline.entities.pages` — pages as spaCy Docs with offsets, token helpers;
* :mod:`~pipeline.entities.names` — reading the name after a head word ("PT …");
* :mod:`~pipeline.entities.places` — places, resolved against the gazetteer;
* :mod:`~pipeline.entities.studied` — the places a document studies, its region and village;
* :mod:`~pipeline.entities.organisations` — organisations, and whose each is;
* :mod:`~pipeline.entities.described` — names written otherwise than after a head word
  (an English office, a described group, a short name in brackets before the name);
* :mod:`~pipeline.entities.sectors` — the sector of a name, by the codebook's cues;
* :mod:`~pipeline.entities.acronyms` — short names given in brackets, and what they spell;
* :mod:`~pipeline.entities.programmes`, :mod:`~pipeline.entities.sites`;
* :mod:`~pipeline.entities.citations` — cited works;
* :mod:`~pipeline.entities.recogniser` — runs them, and makes the mentions.

Keys (and the IRIs :mod:`pipeline.iris` mints from them), the same in every document:
a place by its code (``place/33.75``, Kota Pekalongan; ``place/33.75.01.1008``,
Pasirkratonkramat, also for its old names Kramatsari and Kraton Kidul); a national or
unique body by its id in ``organizations.jsonl`` (``org/bpjs-ketenagakerjaan``, also
for "Jamsostek"; ``org/pelindo-iv`` for a numbered successor), else the slug of its
name (``org/pt-sangga-warna-cemerlang``, "(Persero)" and "Tbk" left out); a body each
region or village has its own of by the place and its kind (``org/33.72/bappeda``,
``org/33.75.01.1003/bkm``), or its name for those that come many to a village
(``org/32.74.01.1003/ksm-sanitasi-mekar``); such a body where the document does not
say whose it is by the document (``org/unplaced/{text key}/{kind}``: the first 16 hex
digits of the SHA-256 of the document's text; never merged with another document's),
and a village's body by its own name when unplaced (``org/bkm-pasir-makmur``); a
programme by its id; a site by its village and the slug of its name
(``site/{place code}/{slug}``); a work by its first author's surname and year
(``work/miles-2009``, ``work/sugiyono-2010a``, ``work/kementerian-pupr-2016``; accents
dropped: ``work/saldana-2014``).

Facts: an organisation's ``sector`` (a sector code), ``area_served`` (the place of a
regional or village body) and ``sub_organisation_of``; a place's ``place_kind``,
``contained_in`` (the parent region) and ``identifier`` (the code); a programme's
``part_of``; a site's ``contained_in``; a work's ``creator`` (the first author's
surname or an institution's name: the author the work is cited by and keyed on),
``contributor`` (the surnames of the other authors cited, where the citation names
them) and ``date`` (the year, a number analysts compare and sort; the letter of
"2010a" stays in the key only). The document's: ``studies_place`` (the places named in
the title, the abstract or opening, and sentences about the study's location: the most
specific, with the kecamatan and kabupaten/kota named there (a province only when
nothing inside it is named), and the places of a list inside them named anywhere),
``cites`` and ``date`` (its year, from a journal or date line of the first page, where
found).
"""

from __future__ import annotations

from pipeline.entities.data import EntityData, load_entity_data
from pipeline.entities.pages import slug
from pipeline.entities.recogniser import Recogniser, default_recogniser, recognise_entities
from pipeline.errors import EntityDataError

__all__ = [
    "EntityData",
    "EntityDataError",
    "Recogniser",
    "default_recogniser",
    "load_entity_data",
    "recognise_entities",
    "slug",
]
