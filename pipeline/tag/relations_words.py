"""Words the relation step reads beside the grammar of :mod:`pipeline.tag.grammar`.

Kept apart from the grammar's closed classes because they are verbs of one job: telling
a clause whose subject does *not* give the form it names.
"""

from __future__ import annotations

__all__ = [
    "AMOUNT_WORDS",
    "CAPACITY_NOUNS",
    "GUIDANCE_NOUNS_EN",
    "HOLDER_AFTER",
    "HOLDER_BEFORE",
    "KEYWORD_LABELS",
    "NOT_GIVING",
    "OWN_MONEY",
    "SOURCE_MARKERS",
    "SUPERVISING",
    "is_guidance_noun",
]

NOT_GIVING = frozenset(
    {"memilih", "mempunyai", "memiliki", "punya", "memastikan", "mengoptimalkan",
     "menunggu", "menanti",
     "choose", "chooses", "chose", "owns", "seek", "seeks", "sought",
     "seeking", "ensure", "ensures", "ensured", "awaits", "awaiting"}
)  # fmt: skip
"""Verbs of choosing, having, seeking, ensuring or waiting between a sector and a form:
the sector chooses a site for the form, has a programme, seeks better access to it or
waits for it ("Pemkab *memilih* desa itu untuk kegiatan perbaikan rumah", "the agency
*seeks* better drains", "Pemerintah *mempunyai* program ..."); it gives
nothing the clause says. Spent sets F-L: 4 false provides pairs of this kind."""

CAPACITY_NOUNS = frozenset(
    {"capacity", "capacities", "capability", "capabilities", "ability", "abilities",
     "empowerment", "strengthening", "skills"}
)  # fmt: skip
"""English nouns whose "of" names who is built up ("raising the *capacity of* city
officials and residents to plan"): that sector is the one helped, not the one
who plans, trains or gives (the Indonesian "peningkatan kapasitas BKM" is
:func:`pipeline.tag.agents.is_genitive`'s)."""

AMOUNT_WORDS = frozenset(
    {"of", "sebesar", "senilai", "sejumlah", "rp", "idr", "us", "usd", "$", "us$",
     "juta", "miliar", "milyar", "triliun", "ribu", "million", "billion", "thousand",
     "rupiah", "dollars", "dolar"}
)  # fmt: skip
"""Words of an amount right after a form ("block grants *of IDR 2 billion* from the
ministry", "bantuan *sebesar Rp 50 juta* dari Pemkot"): they do not count towards the
reach of the agent marker that follows (with the numbers themselves)."""

OWN_MONEY = frozenset({"form.monetary"})
"""Forms whose sector right after them is their giver ("dana hibah *Pemerintah Kota*",
"pinjaman *Bank Dunia*", "dana swadaya *masyarakat*"): money is named by whose it is;
a trainee after a training ("pelatihan *kader*") is not its giver."""

SUPERVISING = frozenset(
    {"mengawasi", "diawasi", "memantau", "dipantau", "memeriksa", "diperiksa", "meninjau",
     "ditinjau", "menilai", "dinilai", "memverifikasi", "diverifikasi", "mengecek", "dicek",
     "diposting", "ditulis", "dilaporkan", "diunggah",
     "supervise", "supervises", "supervised", "monitor", "monitors", "monitored",
     "inspect", "inspects", "inspected", "check", "checks", "checked", "review", "reviews",
     "reviewed", "assess", "assesses", "assessed", "verify", "verifies", "verified",
     "posted", "written", "reported", "uploaded"}
)  # fmt: skip
"""Verbs of supervising, checking or writing up: who does them to a form ("Dinas
*mengawasi* mutu pengecoran", "bedah rumah *diperiksa oleh* Lurah", "*Diposting oleh*
Admin BKM") watches or reports it; the text does not say they gave it."""

HOLDER_BEFORE = frozenset({"tim", "team", "para"})
"""Words before a facilitator noun that make it a person or team of its own ("*tim*
fasilitator tidak menulis rencana"): the sector before is not the facilitator."""

HOLDER_AFTER = frozenset(
    {"program", "programme", "proyek", "project", "konsultan", "consultant", "consultants",
     "kelurahan", "desa", "kecamatan", "kota", "kabupaten", "lapangan"}
)  # fmt: skip
"""Words right after a facilitation noun that name whose it is or make it a post
("setelah pendampingan *program* berakhir", "lurah, fasilitator *kelurahan*"): the
programme's facilitation or a programme post, not the sector before it."""

SOURCE_MARKERS = frozenset({"dari", "from"})
"""Markers naming where guidance comes from ("menunggu arahan *dari* Dinas"): for a
facilitator noun (:func:`is_guidance_noun`) they name its player, as "oleh" does; after
a verb they do not ("Dinas memfasilitasi usulan yang datang *dari* warga")."""

GUIDANCE_NOUNS_EN = frozenset(
    {"guidance", "assistance", "advice", "facilitation", "supervision", "mentoring",
     "coaching", "direction", "directions"}
)  # fmt: skip
"""English nouns of facilitation that "from" may follow with their giver."""


def is_guidance_noun(norm: str) -> bool:
    """True for a noun of facilitation: an Indonesian ...-an noun that is no verb
    ("arahan", "pendampingan", "bimbingan"; not "memfasilitasi"), or an English one."""
    if norm in GUIDANCE_NOUNS_EN:
        return True
    return norm.endswith("an") and not norm.startswith(("me", "di", "ber", "ter"))


KEYWORD_LABELS = frozenset({"kunci", "keywords", "keyword", "words"})
"""The last word of an article's keyword label ("Kata *kunci*:", "*Keywords*:", "Key
*words*:"): the clause after its colon lists topics, it states nothing of who gave what."""
