"""The closed-class words of Indonesian and English that relations and denials read.

The word lists below are grammar (as spaCy keeps stop words in code), not cues: cues
are data in ``ontology/patterns``. See :mod:`pipeline.tag.relations` for how they are
read.
"""

from __future__ import annotations

from collections.abc import Sequence

NEGATABLE_FAMILIES = frozenset({"role", "form"})
"""Families whose mentions a negation denies (the tagger drops denied mentions)."""

RELATED_FAMILIES = frozenset({"sector", "role", "form"})
"""Families whose mentions relations join (sectors, the roles they play and the forms
they provide); :meth:`PageStructure.relations` reads no other mention."""

NEGATION_REACH = 4
"""At most this many words may stand between a negation and the mention it denies."""

SUBJECT_REACH = 20
"""A sector more than this many tokens before a mention is not taken as its subject.

Agencies and companies often go by long names ("Dinas Koperasi dan UMKM Kabupaten
Banyumas", "PT Bank Rakyat Indonesia (BRI) Kantor Cabang Purwokerto") between which and
the aid they give a counted object stands, so the reach spans a long subject."""

CARRY_REACH = 2
"""A form in a sentence that names no sector is provided by the giver of a sentence at
most this many sentences before it (:func:`pipeline.tag.continued.carried_provisions`):
news names the giver once and goes on about the gift for a sentence or two."""

PARTY_WORDS = frozenset(
    {
        # Indonesian: residents, their groups, companies, the government
        "warga", "masyarakat", "penduduk", "keluarga", "penerima", "kpm", "ksm", "bkm",
        "lkm", "kelompok", "swasta", "perusahaan", "pemerintah", "pemkot", "pemkab",
        "pemda", "pemprov", "dinas", "donatur", "relawan",
        # English
        "residents", "community", "communities", "people", "households", "families",
        "government", "company", "companies", "donor", "donors", "volunteers",
    }
)  # fmt: skip
"""Words that name a party whether or not the tagger coded them as a sector there (a
resident is a sector only where the text speaks of partnership or aid): a sentence
holding one may have a giver of its own, so no giver is carried into or across it
(:data:`CARRY_REACH`)."""

AGENT_REACH = 4
"""An agent marker ("oleh", "dari", "by", "from") at most this many tokens after a
mention introduces its subject."""

OBJECT_REACH = 8
"""A sector after a mention, when none stands before it, is its subject only this many
tokens after it at most ("... event tertentu dilaksanakan pihak swasta")."""

NEGATIONS = frozenset(
    {
        # Indonesian
        "tidak", "tak", "tdk", "gak", "nggak", "enggak", "ga", "bukan", "bukannya",
        "belum", "blm", "tanpa", "jangan",
        # English ("didn't" is tokenised "didn", "'", "t")
        "not", "no", "never", "without", "neither", "nor", "cannot",
        "didn", "doesn", "don", "isn", "wasn", "weren", "aren", "hasn", "haven",
        "hadn", "couldn", "wouldn", "shouldn",
    }
)  # fmt: skip
"""Words that deny what follows them."""

NOT_A_DENIAL_AFTER = frozenset(
    {"hanya", "sekadar", "sekedar", "saja", "cuma", "mampu", "lain", "only", "just", "merely",
     "least", "doubt"}
)  # fmt: skip
"""A negation followed by one of these does not deny: "tidak hanya" (not only),
"tidak mampu" (poor), "not only", "not least", "no doubt"."""

LITOTES = (
    ("mau", "ketinggalan"), ("ingin", "ketinggalan"), ("ketinggalan",), ("kalah",),
    ("lupa",), ("segan",), ("ragu",), ("sungkan",), ("hesitate",), ("less", "than"),
)  # fmt: skip
"""What a negation may deny to affirm the rest (litotes): "tak mau ketinggalan,
memberikan dana" (not to be left behind: it gives too), "tak lupa menyerahkan", "tidak
segan membantu", "did not hesitate to fund", "no less than": no denial of what follows."""

DIFFICULTIES = frozenset(
    {"kesulitan", "kesusahan", "kewalahan", "gagal", "unable", "failed", "fails", "struggled",
     "struggle", "struggles"}
)  # fmt: skip
"""Words of failing or struggling: before a verb ("pemerintah *kesulitan* membangun sarana
itu", "*gagal* menyalurkan dana", "*unable* to fund", "*failed* to build") they deny what
the verb does, as a negation does; before a noun ("kesulitan air bersih") they deny
nothing."""

DENYING_PHRASES = (("rather", "than"), ("instead", "of"), ("alih", "alih"), ("bukannya",))
"""Multi-word negations: "rather than X", "instead of X", "alih-alih X"."""

CONTRASTS = frozenset(
    {
        "tetapi", "tapi", "namun", "melainkan", "sedangkan", "sementara", "padahal",
        "sebaliknya", "karena", "sehingga", "walaupun", "meskipun", "meski", "walau",
        "but", "however", "whereas", "while", "yet", "although", "though", "instead",
        "rather", "because", "unless",
    }
)  # fmt: skip
"""Words that open a new clause (contrast, cause, concession), ending the reach of a
negation."""

CLAUSE_PUNCTUATION = frozenset({";", ":"})
CLAUSE_BREAKS = CLAUSE_PUNCTUATION | CONTRASTS

AGENT_MARKERS = {
    "plays": frozenset({"oleh", "by", "tangan", "dipegang", "hands"}),
    "provides": frozenset({"oleh", "dari", "by", "from"}),
}
"""Words that introduce who did or gave something, after the thing ("bantuan dari
pemerintah" gives the giver, but "perencanaan dari masyarakat" no facilitator; a role
"di tangan warga", "dipegang warga", "in the hands of residents" is theirs)."""

PASSIVE_PROVISION = frozenset(
    {"provided", "given", "funded", "financed", "donated", "supplied", "contributed"}
)
"""English participles that open a subjectless sentence about the previous one's aid
("Provided by the city and two banks."); Indonesian uses any di- verb ("Diberikan
dari swasta, pemerintah ...")."""

RECIPIENT_MARKERS = frozenset(
    {
        "kepada", "untuk", "bagi", "ke", "terhadap", "pada", "antar", "antara", "to", "for",
        "towards", "into", "between", "among", "amongst",
    }
)  # fmt: skip
"""Words that make the sector after them a recipient, or one party of a relation
("antara pemerintah dan swasta"), not the one that plays or provides."""

PARTY_MARKERS = frozenset({"dengan", "with"})
"""Words that end a mention of partnering ("bermitra *dengan*", "in partnership *with*"):
the mention names no player of the role unless the partner stands inside it ("bermitra
dengan swasta")."""

ENGAGING = frozenset(
    {"menggandeng", "digandeng", "menggandengkan", "merangkul", "dirangkul", "engaged",
     "enlisted", "melibatkan", "libatkan", "mengikutsertakan", "involve", "involves",
     "involved", "involving", "engage", "engages", "engaging"}
)  # fmt: skip
"""Verbs of taking someone on as a partner: as after "bermitra *dengan*", the one taken
on ("Pemkab *menggandeng* CSR dari berbagai perusahaan", "PT X *digandeng* Pemkot") is the
partner, not the programme side that takes it on; so is a company a city *involves*
("Pemkot *melibatkan* pelaku usaha", "the city *engaged* private companies")."""

JOINING_SECTORS = frozenset({"sector.private", "sector.international"})
"""Sectors that join a programme from outside it: a company or a donor that cooperates
with the programme's own bodies ("Bank X bekerja sama dengan kelurahan", "the agency
partnered with the city"), or that they cooperate with ("Pemkot bekerja sama dengan Bank
BJB"), is the partner of that partnership; a government body or residents partnering with
each other name no partner by that (the codebook's partner joins, not from the start)."""

OWNER_MARKERS = frozenset({"milik", "kepunyaan", "owned", "subsidiary"})
"""Words that make the sector after them the owner of the actor before them ("Bank
Sulteng, bank daerah *milik* Pemerintah Provinsi", "a bank owned by the province"): the
owner gives nothing, the actor it owns does."""

MODIFIED = frozenset(
    {"driven", "based", "led", "oriented", "centred", "centered", "focused", "owned",
     "managed", "run", "development", "empowerment"}
)  # fmt: skip
"""Words that make the sector before them a modifier of what follows ("a
*community*-driven programme", "a *government*-led project", "a *government*-owned
bank"): the sector names the kind of thing, it does nothing itself; "*community*
development programmes" develop the community (fresh set Z)."""

AIMS = frozenset(
    {"target", "sasaran", "harapan", "berharap", "diharapkan", "mimpi", "impian", "cita",
     "targets", "aim", "aims", "hope", "hopes", "hoped", "hoping", "goal", "goals",
     "aspiration", "aspirations", "expected"}
)  # fmt: skip
"""Words of aims and hopes: a form after one, in the clause of the sector before it, is
what the sector aims or hopes for ("salah satu target utama forum BKM adalah
*channeling*", "swasta diharapkan memberikan bantuan"), not what it gave."""

PARTICIPATING = frozenset(
    {"berpartisipasi", "terlibat", "dilibatkan", "berperan", "berperanserta", "ikut",
     "turut", "participate", "participates", "participated", "participating", "involved"}
)  # fmt: skip
"""Verbs of taking part: a sector right before one, after a role noun in its sentence,
plays that role ("dalam perencanaan dan pelaksanaan, warga diajak untuk
*berpartisipasi*"; "in planning, residents were *involved* from the start")."""

PARTICIPANT_REACH = 3
"""At most this many words between such a sector and its verb of taking part."""

SUPPORTING_VERBS = frozenset(
    {"strengthen", "strengthens", "strengthened", "strengthening", "support", "supports",
     "supported", "supporting", "assist", "assists", "assisted", "assisting", "help",
     "helps", "helped", "helping", "empower", "empowers", "empowered", "empowering",
     "train", "trains", "trained", "coach", "coached", "mentor", "mentored", "guide",
     "guides", "guided", "equip", "equips", "equipped", "serve", "serves", "served",
     "benefit", "benefits", "benefited", "benefitted", "target", "targets", "targeted",
     "reach", "reached", "reaches"}
)  # fmt: skip
"""English verbs whose object is helped ("strengthen *the BKMs* through training",
"helped *communities* with materials"): a sector right after one (determiners aside)
receives the form that follows, and does not give it. Only for forms: the object of
"engage" or "involve" still plays a role ("engage *communities* in planning")."""

UPKEEP = frozenset(
    {"mengelola", "dikelola", "terkelola", "pengelolaan", "memelihara", "dipelihara",
     "terpelihara", "pemeliharaan", "merawat", "dirawat", "perawatan", "memanfaatkan",
     "dimanfaatkan", "pemanfaatan", "menggunakan", "digunakan", "terbangun", "milik",
     "maintain", "maintains", "maintained", "maintaining", "maintenance", "manage",
     "manages", "managed", "managing", "operate", "operates", "operated", "operating",
     "upkeep", "use", "uses", "used", "using", "owned", "existing"}
)  # fmt: skip
"""Words of keeping up, using or owning facilities that exist: a form right after one
("masyarakat dalam *mengelola* sarana prasarana", "partisipasi warga dalam
*pemeliharaan* prasarana", "residents *maintain* the drains") or described by one
right after it ("sarana prasarana yang sudah *terbangun*", "prasarana umum adalah
*milik* pemerintah") is kept up, not given, unless a word of building or giving stands
with it (:data:`MAKING`)."""

MAKING = frozenset(
    {"membangun", "dibangun", "pembangunan", "membuat", "dibuat", "pembuatan",
     "memberikan", "diberikan", "menyediakan", "disediakan", "penyediaan", "menyumbang",
     "menyumbangkan", "build", "builds", "built", "building", "construct", "constructed",
     "construction", "give", "gave", "given", "provide", "provided", "provides",
     "donated", "donate"}
)  # fmt: skip
"""Words of building or giving: beside one, a word of upkeep does not take the form
out of the provisions ("BKM *membangun* dan memelihara jalan")."""

UPKEEP_REACH = 3
"""At most this many words between a word of upkeep and the form it keeps up, either side."""

ACTOR_NOUNS = frozenset(
    {"aktor", "pelaku", "pihak", "sektor", "kalangan", "actors", "actor", "sector", "sectors"}
)
"""Nouns that may stand between a marker and the sector it governs ("antara aktor
pemerintah")."""

RECEIVING = frozenset(
    {
        "menerima", "diterima", "mendapat", "mendapatkan", "memperoleh", "diperoleh",
        "diberi", "diberikan", "dibekali", "ikut", "mengikuti", "diikuti", "peserta",
        "received", "receives", "receive",
        "receiving", "got", "gets", "obtained", "benefited", "benefitted", "attended",
        "attend", "attends", "participated",
    }
)  # fmt: skip
"""Verbs of receiving and attending: the sector before them received the aid or took
the training, and did not give it ("pengurus LKM *diberikan* bimbingan": the board is
guided, it guides no one)."""

REQUESTING = frozenset(
    {
        "mengajukan", "diajukan", "mengusulkan", "diusulkan", "meminta", "diminta",
        "memohon", "dimohon", "mengirim", "mengirimkan", "request", "requested",
        "requests", "requesting", "applied", "apply", "applies", "asked", "asks", "sought",
        "proposed", "proposes", "submitted", "submits",
    }
)  # fmt: skip
"""Verbs of asking: the sector before them asked for what follows ("BKM mengajukan
proposal kepada dinas untuk perbaikan saluran"), and did not give it."""

GIVING_VERBS = frozenset(
    {
        "give", "gave", "given", "gives", "giving", "provide", "provided", "provides",
        "providing", "supply", "supplied", "supplies", "supplying", "equip", "equipped",
        "equips", "furnish", "furnished", "offer", "offered", "offers", "award", "awarded",
        "awards", "send", "sent", "sends", "lend", "lent", "lends", "hand", "handed",
        "hands", "allocate", "allocated", "allocates",
    }
)  # fmt: skip
"""English verbs of giving: a sector right after one is its recipient ("gave *residents*
cash grants", "provided *residents* with basic infrastructure")."""

ARTICLES = frozenset({"the", "a", "an", "its", "their"})
"""English articles and possessives that may stand between a word and the noun it
introduces ("partnered with *the* BKM")."""

DETERMINERS = ARTICLES | frozenset(
    {"his", "her", "our", "all", "some", "many", "most", "these", "those", "local", "poor",
     "urban", "low", "income", "eligible", "selected"}
)  # fmt: skip
"""Words that may stand between an English verb of giving and its recipient."""

RECIPIENT_GAP = frozenset(
    {"seluruh", "semua", "segenap", "para", "setiap", "tiap", "sejumlah", "beberapa",
     "puluhan", "ratusan", "ribuan", "rekening", "kas", "account", "accounts"}
)  # fmt: skip
"""Words that may stand between a recipient marker and the recipient: how many there are
("bagi *seluruh* masyarakat") and whose account money goes to ("dana dicairkan ke
*rekening* BKM"): the recipient stays a recipient."""

ADDRESS_MARKERS = frozenset({"kepada", "ke", "pada", "to", "towards"})
"""Words that name to whom a proposal or request goes ("proposal *kepada* perusahaan",
"proposals *to* the agency")."""

ADDRESS_REACH = 8
"""An address marker stands at most this many tokens after the mention it addresses."""

PASSIVE_AGENT_REACH = 12
"""In a passive clause ("were given to residents *by* the company") the agent marker
may stand this many tokens after the mention, within the clause."""

COORDINATORS = frozenset(
    {
        "dan", "serta", "maupun", "atau", "bersama", "beserta", "baik", "para", "pihak",
        ",", "and", "or", "both", "together", "with", "as", "well", "the", "its", "their",
    }
)  # fmt: skip
"""Words that may join coordinated sectors ("pemerintah dan swasta", "both A and B")."""

COORDINATION_GAP = 3

LOCATIVES = frozenset({"di", "in", "at"})
PLACE_KIND_WORDS = frozenset(
    {"kabupaten", "kota", "kecamatan", "kelurahan", "desa", "provinsi", "kab", "kec", "kel",
     "regency", "district", "city", "province", "village", "subdistrict"}
)  # fmt: skip
"""A locative and a kind word open a place that may stand between a sector and the next
one it is coordinated with ("dua dinas *di Kabupaten Kediri* dan pihak swasta"): the
place belongs to the sector before it."""

PLACE_REACH = 4
"""The locative, the kind word and at most two words of the place's name."""

BE = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "get", "got", "gets"}
)  # fmt: skip
"""English auxiliaries of the passive voice."""


GENITIVE_REACH = 3
VERB_PREFIXES = ("me", "di", "ber", "ter")
NOUN_PREFIXES = ("pe", "ke")
NOT_NOMINALISATIONS = frozenset(
    {"perusahaan", "pemerintahan", "kelurahan", "kecamatan", "keuangan", "kepengurusan",
     "perkotaan", "pedesaan", "kepulauan", "perbankan"}
)  # fmt: skip
"""Nouns in pe-...-an and ke-...-an that name bodies or places, not actions done to
the sector after them."""

PHRASE_ENDS = frozenset(
    {"tersebut", "sendiri", "kembali", "selama", "setelah", "sebelum", "antara", "terhadap",
     "melalui", "bersama", "sekarang", "kemudian", "sedangkan", "sementara"}
)  # fmt: skip
"""Longer function words that end a noun phrase, as "ini" and "itu" do."""

PASSIVE_AGENTS = frozenset({"oleh", "by"})
"""The agent markers of a passive clause."""

INCLUSION_MARKERS = frozenset(
    {"including", "include", "includes", "termasuk", "seperti", "such", "namely", "yaitu", "yakni"}
)
"""Words that open the list of the agents a general word stands for, after an agent
marker: "paid for by several sources, *including* the city, two banks and the
residents ...", "didanai oleh berbagai pihak, *termasuk* swasta"."""

INCLUSION_REACH = 6
"""The inclusion word stands at most this many tokens after the agent marker."""

SOURCE_VERBS = frozenset(
    {"berasal", "bersumber", "didapat", "didapatkan", "comes", "came", "come", "coming",
     "originates", "originated", "sourced", "derived"}
)  # fmt: skip
"""Verbs of origin: "dari"/"from" right after one names the giver of the form before it
however far in the clause ("pendanaan taman itu murni *berasal* dari perusahaan", "the
money for the drains *came* from the company")."""

FAR_AGENTS = frozenset({"oleh"})
"""Agent markers that name the agent of the mention before them up to
:data:`PASSIVE_AGENT_REACH` tokens after it even with no passive verb: Indonesian
"oleh" marks an agent and nothing else, and an action noun takes it across its
qualifiers ("pelaksanaan program channeling rehabilitasi RTLH (Rumah Tak Layak Huni)
bagi masyarakat miskin *oleh* pemerintah"). English "by" also marks a time or a means
("by 2020", "by building"), and "dari"/"from" a source."""

ASKING = frozenset(
    {"meminta", "minta", "mengajak", "mengimbau", "menghimbau", "imbauan", "himbauan",
     "menawarkan", "menawari", "tawarkan", "berharap", "mengharapkan", "harapan",
     "diharapkan", "membutuhkan", "memerlukan", "butuh", "ask", "asks", "asked", "urge",
     "urges", "urged", "invite", "invites", "invited", "appeal", "appeals", "appealed",
     "hope", "hopes", "hoped", "hoping", "need", "needs", "require", "requires"}
)  # fmt: skip
"""Words of asking, offering, inviting, hoping and needing: a form after one in its clause is
asked, offered, hoped for or still needed, not given ("Kemenpera meminta perusahaan ... untuk
menyalurkan dana CSR", "dinas menawarkan agar bank itu menyisihkan CSR-nya untuk bedah
rumah", "kami berharap bantuan dari perusahaan", "the ministry urged companies to fund ...",
"penataan itu membutuhkan kerja sama swasta melalui dana CSR"), whoever the clause names."""

PROPOSAL_NOUNS = frozenset(
    {"usulan", "usul", "usulannya", "permohonan", "permintaan", "proposal", "aspirasi",
     "pengajuan", "request", "requests", "proposals", "application", "applications"}
)  # fmt: skip
"""Nouns of proposing and asking: the one after "dari"/"from" next to one proposed or asked
for the form ("bedah rumah itu merupakan *usulan dari* forum warga", "a *request from* the
residents"), it did not give it."""

ASKING_REACH = 30
"""A word of asking governs a form at most this many tokens after it, in its clause
(what is asked for may be named long after: "mengajak peran serta aktif dari berbagai
badan usaha dan LSM untuk berpartisipasi dalam membangun rumah ... dengan membedah
rumah")."""

PROPOSING = frozenset(
    {"mengusulkan", "usulkan", "diusulkan", "mengajukan", "ajukan", "diajukan", "propose",
     "proposes", "proposed", "apply", "applies", "applied"}
)  # fmt: skip
"""Verbs of proposing and applying: a form right after one (at most :data:`PROPOSING_REACH`
tokens) is applied for, not given ("dinas sudah *mengusulkan* DAK untuk kawasan itu",
"kelurahan itu kami *ajukan* agar memperoleh Bankeu", "the city *applied* for a grant")."""

PROPOSING_REACH = 6
"""A verb of proposing governs a form at most this many tokens after it: further on, the
clause may already tell what someone else gave ("BKM mengajukan proposal, dan perusahaan
memberikan semen")."""

CONDITIONS = frozenset(
    {"kalau", "jika", "jikalau", "apabila", "bila", "bilamana", "seandainya", "andaikan",
     "andaikata", "if", "unless"}
)  # fmt: skip
"""Words of condition: a form after one in its clause is supposed, not given ("*kalau* lima
puluh perusahaan masing-masing ikut merehab sepuluh rumah", "*apabila* BKM
tidak mampu mencairkan dana", "*if* companies funded the drains"), unless a word of
:data:`CONSEQUENCES` stands between them: what follows "maka" is the rule's outcome."""

CONSEQUENCES = frozenset({"maka", "then"})
"""Words that open the outcome of a condition ("jika ..., *maka* pemerintah memberikan
dana"): a form after one is what the rule provides, not a supposition."""

POSSIBILITY = frozenset({"bisa", "dapat", "could", "can", "might", "would"})
"""Modals that make the form before them, or the form after them in the clause of the
sector before them, a possibility ("dengan bantuan dana CSR tersebut *bisa* membantu
...", "swasta *dapat* membangun jalan"), not a gift stated."""

FUTURE = frozenset({"akan", "will"})
"""Words of the future right after a form ("27 rumah *akan* dibedah", "drains *will* be
built"): the form is planned, not given yet. Only there: a sector that "akan
menyalurkan" a programme is announcing its own provision, as reports count it."""

POSSIBILITY_REACH = 2
"""At most this many words ("tersebut", "itu", "the") between a form and its modal."""

ADDRESSEE_GAP = 3
"""At most this many words ("pihak", "the", "para") between an address marker and the
sector it names."""

GRAMMAR_WORDS = frozenset().union(
    NEGATIONS,
    DIFFICULTIES,
    NOT_A_DENIAL_AFTER,
    CONTRASTS,
    AGENT_MARKERS["provides"],
    AGENT_MARKERS["plays"],
    RECIPIENT_MARKERS,
    RECIPIENT_GAP,
    OWNER_MARKERS,
    RECEIVING,
    REQUESTING,
    GIVING_VERBS,
    SUPPORTING_VERBS,
    ADDRESS_MARKERS,
    MODIFIED,
    AIMS,
    ASKING,
    PROPOSAL_NOUNS,
    PROPOSING,
    CONDITIONS,
    CONSEQUENCES,
    POSSIBILITY,
    FUTURE,
    SOURCE_VERBS,
    *LITOTES,
    COORDINATORS,
    ACTOR_NOUNS,
    PASSIVE_PROVISION,
    UPKEEP,
    MAKING,
    PARTICIPATING,
)
"""Every word the relation grammar reads, so that OCR repair can restore them."""

PREDICATES = {"role": "plays", "form": "provides"}
ACTIVE_PREFIXES = ("mem", "men", "meng", "meny", "mel", "mer", "mew")
JOINERS = frozenset(
    {"dan", "serta", "maupun", "atau", "bersama", "beserta", ",", "and", "or", "well", "together"}
)
NOT_PASSIVE = frozenset({"dinas", "direktorat", "diskusi", "distribusi", "digital"})
"""Words that begin with "di" but are no passive verb."""


def find_denials(norms: Sequence[str], starts: list[int]) -> list[int]:
    """Indices of the tokens that deny what follows them.

    ``starts`` are the indices of the tokens that may begin a denial
    (:data:`DENIAL_STARTS`), ascending.
    """
    denials = []
    count = len(norms)
    for index in starts:
        norm = norms[index]
        following = norms[index + 1] if index + 1 < count else ""
        if norm in NEGATIONS:
            if (
                following not in NOT_A_DENIAL_AFTER
                and not (norm == "no" and following == ".")
                and not any(
                    tuple(norms[index + 1 : index + 1 + len(phrase)]) == phrase
                    for phrase in LITOTES
                )
            ):
                denials.append(index)
            continue
        if norm in DIFFICULTIES:
            if following == "to" or following.startswith(ACTIVE_PREFIXES):
                denials.append(index)
            continue
        for phrase in DENYING_PHRASES:
            if tuple(norms[index : index + len(phrase)]) == phrase:
                denials.append(index + len(phrase) - 1)
    return sorted(set(denials))


DENIAL_STARTS = NEGATIONS | DIFFICULTIES | {phrase[0] for phrase in DENYING_PHRASES}
CLAUSE_BREAKS_AND_DENIALS = CLAUSE_BREAKS | DENIAL_STARTS
