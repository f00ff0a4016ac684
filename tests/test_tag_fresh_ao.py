"""The generic classes that the false codes and relations of fresh sets AG-AN and of the
first runs of AO and AP showed (issue 11, 2026-12-06, the round after AN). Sentences of
our own.

- A region's name is a word, not a misreading: OCR repair never respells one into a cue
  or grammar word ("Kajar" is no "ajar", "Lidak" no "tidak"; 680 of the gazetteer's
  one-word names were respelt before).
- Teaching is programme support only as a verb of teaching someone ("mengajari warga",
  "diajarkan kepada ibu-ibu PKK"), not learning, a doctrine or a school's teaching and
  learning ("belajar", "ajaran", "belajar mengajar").
- A reporter's observation ("pantauan media ini di lapangan") is no monitoring role.
- "Pembinaan" after a word of money ("uang pembinaan" for a contest's winners, "dana
  pembinaan") names what the money is for, not someone guiding the programme.
- "Arahan" acted on or had ("sesuai arahan Bupati", "punya arahan jelas") is no
  facilitating; direction given still is.
- A programme post named only as a title, of a speaker or of someone attending ("ujar
  Askot ...", "turut hadir Koordinator Kota ..."), is no facilitator role stated.
- A form after a word of condition in its clause ("kalau lima puluh perusahaan
  masing-masing ikut merehab ...", "apabila BKM tidak mampu mencairkan dana ...") is
  supposed, not given; after "maka" it is the rule's outcome and stands.
- A role asked or hoped for ("bupati mengajak kalangan pengusaha turut membantu", "kami
  berharap perusahaan ikut bermitra") is not played yet, as a form asked for is not given.
- A topic word with the enclitic "-nya" ("CSRnya", "bantuannya") is that topic word for the
  context rules: a news item whose only words of aid carry it still speaks of aid.
"""

from __future__ import annotations

import pytest
from documents import codes_about as codes
from documents import found, statements

from pipeline.tag import default_tagger

G, P, C = "sector.government", "sector.private", "sector.community"
PARTNER, FACILITATOR = "role.partner", "role.facilitator"


@pytest.mark.parametrize("name", ["Kajar", "Lidak", "Kendari", "Terangun"])
def test_a_region_name_is_never_respelt_into_another_word(name: str) -> None:
    assert default_tagger()._for("id").words.norm(name) == name.lower()


def test_a_misreading_that_names_no_region_is_still_repaired() -> None:
    assert default_tagger()._for("id").words.norm("swatsa") == "swasta"


def test_a_village_named_like_a_negation_denies_nothing() -> None:
    sentence = "Perusahaan di Lidak memberikan bantuan semen kepada KSM."
    assert (P, "form.physical") in statements(sentence, "provides")


@pytest.mark.parametrize(
    "text",
    [
        "Pemuda kampung belajar membuat kompos bersama warga.",
        "Ajaran gotong royong masih dipegang warga kampung itu.",
        "Gedung itu dipakai untuk kegiatan belajar mengajar anak-anak warga.",
    ],
)
def test_learning_or_a_doctrine_is_no_programme_support(text: str) -> None:
    assert "form.programme" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Fasilitator mengajari warga membuat kompos dari sampah dapur.",
        "Cara memilah sampah diajarkan kepada ibu-ibu PKK oleh kader BKM.",
    ],
)
def test_teaching_residents_is_programme_support(text: str) -> None:
    assert "form.programme" in codes(text)


def test_a_reporters_observation_is_no_monitoring() -> None:
    assert FACILITATOR not in codes(
        "Pantauan media ini di lapangan, pembangunan talud oleh KSM sudah selesai."
    )
    assert FACILITATOR in codes("Dinas memantau pembangunan talud oleh KSM.")


@pytest.mark.parametrize(
    "text",
    [
        "Pemenang lomba kampung bersih mendapat uang pembinaan dari BKM.",
        "Kelurahan menganggarkan dana pembinaan bagi kelompok pemelihara.",
    ],
)
def test_guidance_as_what_money_is_for_is_no_facilitator(text: str) -> None:
    assert FACILITATOR not in codes(text)


def test_guidance_given_to_someone_is_still_facilitation() -> None:
    assert FACILITATOR in codes("Dinas memberikan pembinaan kepada pengurus KSM.")


@pytest.mark.parametrize(
    "text",
    [
        "Sesuai arahan Bupati, setiap lurah harus bermitra dengan perusahaan.",
        "Pengurus BKM kini punya arahan jelas soal penataan kampung.",
    ],
)
def test_direction_acted_on_or_had_is_no_facilitation(text: str) -> None:
    assert FACILITATOR not in codes(text)


def test_direction_given_is_facilitation() -> None:
    assert FACILITATOR in codes("Dinas memberikan arahan kepada pengurus BKM.")


@pytest.mark.parametrize(
    "text",
    [
        "Hal itu disampaikan Askot Mandiri Kota Sukamaju dalam rapat bersama BKM.",
        "Turut hadir Koordinator Kota, lurah dan pengurus BKM.",
        "Rapat itu dihadiri Korkot dan para anggota KSM.",
    ],
)
def test_a_programme_post_named_as_a_title_is_no_facilitator(text: str) -> None:
    assert FACILITATOR not in codes(text)


def test_a_programme_post_that_facilitates_is_still_the_governments_facilitator() -> None:
    sentence = "Koordinator Kota mendampingi BKM menyusun rencana penataan."
    assert FACILITATOR in codes(sentence)
    assert (G, FACILITATOR) in statements(sentence, "plays")


@pytest.mark.parametrize(
    ("language", "sentence", "pair"),
    [
        (
            "id",
            "Kalau lima puluh perusahaan masing-masing ikut merehab rumah, banyak warga tertolong.",
            (P, "form.physical"),
        ),
        (
            "id",
            "Apabila BKM tidak mampu mencairkan dana BLM, dana itu dialihkan ke kelurahan lain.",
            (C, "form.monetary"),
        ),
        (
            "en",
            "If more companies funded the drains, the city could upgrade every kampung.",
            (P, "form.monetary"),
        ),
    ],
)
def test_a_form_under_a_condition_is_supposed_not_given(
    language: str, sentence: str, pair: tuple[str, str]
) -> None:
    assert pair not in statements(sentence, "provides", language)


def test_the_outcome_of_a_condition_is_stated() -> None:
    sentence = "Jika proposal disetujui, maka perusahaan memberikan bantuan semen kepada KSM."
    assert (P, "form.physical") in statements(sentence, "provides")
    assert (P, "form.physical") in statements(
        "Seratus perusahaan membantu bedah rumah warga.", "provides"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Bupati mengajak kalangan pengusaha turut membantu perbaikan RTLH lewat dana CSR.",
        "Kami berharap perusahaan di kota ini ikut bermitra dengan BKM.",
    ],
)
def test_a_role_asked_for_is_not_played(sentence: str) -> None:
    assert not {pair for pair in statements(sentence, "plays") if pair[1] == PARTNER}


def test_a_role_stated_is_played() -> None:
    assert (P, PARTNER) in statements("Perusahaan di kota ini bermitra dengan BKM.", "plays")
    assert (P, PARTNER) in statements(
        "Kalangan pengusaha turut membantu perbaikan RTLH lewat dana CSR.", "plays"
    )


def test_a_topic_word_with_its_enclitic_still_speaks_of_aid() -> None:
    # a news item whose one word of aid carries "-nya": read as with the bare word
    text = (
        "Pabrik Tekstil Sinar Harapan di Kelurahan Sukamaju menyerahkan sepuluh gerobak "
        "sampah untuk setiap RW pada Senin pagi. Gerobak itu nantinya dipakai petugas "
        "kebersihan untuk mengangkut sampah rumah tangga ke tempat pembuangan sementara "
        "di ujung kampung.\n"
        "Menurut manajer pabrik, Budi Santoso, pemberian gerobak itu termasuk dalam "
        "bentuk CSRnya pabrik untuk warga sekitar. Menurut dia, pabrik sudah berdiri di "
        "kawasan itu selama dua puluh tahun dan ingin terus menjadi tetangga yang baik "
        "bagi warga.\n"
        "Sebelumnya Lurah Sukamaju meminta pabrik menyediakan gerobak karena petugas "
        "kebersihan kekurangan alat angkut. Permintaan itu disetujui pimpinan pabrik "
        "dalam waktu satu bulan, meski jumlahnya dipangkas sepertiga.\n"
        "Selain gerobak, pabrik juga memperbaiki kamar mandi umum di tepi sungai dan "
        "mengecat pagar sekolah dasar yang sudah lama kusam. Warga menyambut baik "
        "perhatian itu dan berharap pabrik terus peduli pada lingkungan sekitar.\n"
        "Lurah Sukamaju, Agus, mengucapkan terima kasih kepada pabrik. Ia mengatakan "
        "kelurahan akan mengajak perusahaan lain di kawasan itu untuk ikut "
        "memperhatikan kebutuhan warga, terutama di musim hujan ketika sampah sering "
        "menyumbat saluran air."
    )
    with_enclitic = set(found(text, "id"))
    assert with_enclitic == set(found(text.replace("CSRnya", "CSR"), "id"))
    assert {P, C, "form.physical"} <= with_enclitic


def test_a_lapsed_forum_is_the_forums_constraint_not_the_management_bodys() -> None:
    found_codes = codes(
        "Forum CSR kota itu praktis vakum sejak 2020 karena pengurusnya tak diganti."
    )
    assert "constraint.inactive_forum" in found_codes
    assert "constraint.ineffective_management" not in found_codes
    assert "constraint.ineffective_management" in codes("Pengurus BKM itu vakum sejak 2020.")


def test_a_role_told_inside_a_condition_is_still_played() -> None:
    sentence = (
        "Apabila kebutuhan warga yang difasilitasi aparat kelurahan selaras dengan rencana "
        "kabupaten, penataan berjalan lancar."
    )
    assert (G, FACILITATOR) in statements(sentence, "plays")


# The state's budget lines are the government's money, whoever receives them (fresh sets
# AG-AP: the government's money missed 31 times, 21 of them with both codes found).
@pytest.mark.parametrize(
    "sentence",
    [
        "Dana APBD kabupaten dipakai membangun jalan lingkungan.",
        "Sebagian biaya talud bersumber dari APBN.",
        "BKM menerima dana BLM sebesar Rp 1 miliar untuk penataan kampung.",
        "Setiap kelurahan mendapat BPM untuk perbaikan drainase.",
        "Kegiatan itu didanai Bantuan Dana Investasi dari program Kotaku.",
        "Rumah warga diperbaiki lewat Bantuan Stimulan Perumahan Swadaya.",
    ],
)
def test_a_state_budget_line_is_the_governments_money(sentence: str) -> None:
    assert (G, "form.monetary") in statements(sentence, "provides")


def test_works_the_government_built_with_its_budget_are_works_not_money() -> None:
    # held-out set D's coder: the budget as the means of the government's own works
    given = statements("Dinas PUPR membangun talud dengan dana APBD.", "provides")
    assert (G, "form.physical") in given
    assert (G, "form.monetary") not in given


@pytest.mark.parametrize(
    "sentence",
    [
        # the "masyarakat" of the grant's name and the BKM that received it give nothing
        "Pada tahun itu BKM menerima Bantuan Langsung Masyarakat (BLM) tahap kedua.",
        "BLM sebesar Rp 1 miliar diterima BKM pada bulan Mei.",
    ],
)
def test_the_recipients_of_a_state_grant_give_nothing(sentence: str) -> None:
    given = statements(sentence, "provides")
    assert (G, "form.monetary") in given
    assert (C, "form.monetary") not in given


@pytest.mark.parametrize(
    "sentence",
    [
        "BKM meminta dana APBD untuk membangun jalan.",  # asked for
        "Keterbatasan APBD menjadi kendala penataan kumuh.",  # a shortage, no money given
        "Pemda tidak bisa hanya mengandalkan APBD untuk penataan kumuh.",
        "Warga blm menerima bantuan dari siapa pun.",  # informal 'belum', no grant
    ],
)
def test_a_budget_asked_for_lacking_or_relied_on_is_given_by_no_one(sentence: str) -> None:
    assert (G, "form.monetary") not in statements(sentence, "provides")
    assert (C, "form.monetary") not in statements(sentence, "provides")


# After the first runs of fresh sets AQ and AR (on the classes above):


@pytest.mark.parametrize(
    ("sentence", "giver", "recipient"),
    [
        # however many receive it, and into whose account it goes
        (
            "Pemda memperbaiki hunian tak layak bagi seluruh warga lewat program bedah rumah.",
            G,
            C,
        ),
        ("PT Sinar Maju mentransfer dana hibah Rp 80 juta ke rekening BKM.", P, C),
        ("Dana hibah itu dikirim perusahaan ke kas para KSM di tiga kelurahan.", P, C),
    ],
)
def test_a_recipient_after_a_quantifier_or_an_account_gives_nothing(
    sentence: str, giver: str, recipient: str
) -> None:
    given = {sector for sector, _ in statements(sentence, "provides")}
    assert giver in given
    assert recipient not in given


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("id", "Karena jalannya rusak parah, dinas kesulitan membangun talud baru."),
        ("id", "Tahun ini perusahaan itu gagal menyalurkan bantuan semen ke kampung."),
        ("en", "The city was unable to fund the new drains in the kampung."),
    ],
)
def test_a_provision_failed_or_struggled_with_is_not_given(language: str, sentence: str) -> None:
    assert not statements(sentence, "provides", language)


def test_a_hardship_named_by_a_noun_denies_nothing() -> None:
    sentence = "Warga yang mengalami kesulitan air bersih dibantu perusahaan dengan sumur bor."
    assert (P, "form.physical") in statements(sentence, "provides")


# After the first runs of fresh sets AS and AT:


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("id", "Dinas sudah mengusulkan dana alokasi khusus untuk menata kawasan kumuh."),
        ("id", "Tahun ini kelurahan itu kami ajukan agar memperoleh Bankeu provinsi."),
        ("en", "The district applied for a grant to upgrade the riverside kampung."),
    ],
)
def test_money_proposed_or_applied_for_is_not_given(language: str, sentence: str) -> None:
    assert not statements(sentence, "provides", language)


def test_money_given_after_a_proposal_further_on_is_given() -> None:
    sentence = (
        "Warga mengusulkan perbaikan jalan itu pada tahun lalu, lalu dinas mengucurkan dana APBD."
    )
    assert (G, "form.monetary") in statements(sentence, "provides")
