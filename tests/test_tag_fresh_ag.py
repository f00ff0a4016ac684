"""The classes fresh real sets AG1, AG2, AH1 and AH2 showed on their first runs (issue 11,
2026-12-05).

Thirty-two real public texts written blind (Indonesian news on CSR house repairs, KOTAKU
pages from Aceh to Papua, BKM blogs, funding gaps; English abstracts and evaluations; four
controls). Sentences of our own.

- The KOTAKU programme's own name holds a negation ("Kota *Tanpa* Kumuh", "Cities
  *Without* Slums"): a name denies nothing that follows it.
- Needing money is asking for it: a company named in what a city *needs* ("membutuhkan
  kerja sama swasta melalui dana CSR") gave nothing yet.
- A proposal from a body ("merupakan usulan dari forum warga") names who asked for the
  works, not who gave them.
- A funding gap said as money still needed ("masih membutuhkan anggaran sebesar Rp ...")
  or as works done without funds ("tanpa alokasi dana") is a funding shortage.
- Residents' own money ("dana swadaya murni masyarakat") is monetary aid they give.
- Partnering with a village or neighbourhood forum ("bersinergi dengan forum nagari") is
  the partner role, as with any other body; a programme judged "layak dilanjutkan" /
  "feasible to continue" is the sustainability goal.
- Taking a company on as a partner ("dengan menggandeng perusahaan") is partnership
  vocabulary: the company named there is a party to the partnership (AH).
- A regional water company (PDAM) is a company like a BUMD: cooperating with it is the
  partner role, and it is the private sector where partnership is spoken of (AI).
- Money a government never allocated or has not released ("tak lagi
  menganggarkan dana", "dana pendamping belum juga dicairkan") is a funding shortage
  (AH).
"""

from __future__ import annotations

import pytest
from documents import codes_about as codes
from documents import found, statements

G, P, C = "sector.government", "sector.private", "sector.community"
PH, MO = "form.physical", "form.monetary"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "id",
            "Program Kota Tanpa Kumuh menjalin kerja sama dengan PT Griya Sentosa memperbaiki "
            "rumah nelayan.",
        ),
        (
            "id",
            "Kotaku (Kota tanpa kumuh) bermitra dengan sebuah bank daerah di pesisir itu.",
        ),
        (
            "en",
            "The Cities Without Slums programme partnered with a cement company to pave the lanes.",
        ),
    ],
)
def test_a_negation_inside_the_programme_s_name_denies_nothing(language: str, text: str) -> None:
    assert "role.partner" in codes(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Perusahaan itu tidak bekerja sama dengan BKM dalam perbaikan rumah."),
        ("en", "The bank did not partner with the city on the drains."),
    ],
)
def test_a_negation_outside_a_name_still_denies(language: str, text: str) -> None:
    assert "role.partner" not in codes(text, language)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        (
            "id",
            "Untuk menata kampung nelayan itu, pemkot membutuhkan dukungan pihak swasta "
            "melalui dana CSR.",
        ),
        (
            "id",
            "Perbaikan talud memerlukan kerja sama perusahaan-perusahaan swasta lewat dana CSR.",
        ),
        ("en", "The city needs the support of private firms through their CSR funds."),
    ],
)
def test_what_a_city_needs_from_companies_is_not_given(language: str, sentence: str) -> None:
    assert (P, MO) not in statements(sentence, "provides", language)
    assert (P, "role.partner") not in statements(sentence, "plays", language)


def test_a_company_that_gives_through_its_csr_fund_still_gives() -> None:
    sentence = "Perusahaan swasta itu menyalurkan bantuan melalui dana CSR untuk warga."
    assert (P, MO) in statements(sentence, "provides")


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("id", "Perbaikan rumah itu merupakan usulan dari forum warga kelurahan."),
        ("id", "Pembangunan sumur bor ini adalah permohonan dari kelompok masyarakat setempat."),
        ("en", "The footbridge was a request from the residents of the ward."),
    ],
)
def test_a_proposal_from_a_body_is_no_gift_of_it(language: str, sentence: str) -> None:
    assert (C, PH) not in statements(sentence, "provides", language)


def test_a_body_the_works_come_from_still_gives() -> None:
    assert (C, PH) in statements("Perbaikan rumah itu merupakan bantuan dari warga.", "provides")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "id",
            "Pemkot masih membutuhkan anggaran sebesar Rp 4 miliar untuk menata kawasan pesisir.",
        ),
        ("id", "Penataan pasar itu masih memerlukan tambahan dana Rp 700 juta lagi."),
        ("id", "Walaupun tanpa alokasi dana bantuan, warga tetap membangun saluran."),
        ("id", "Kegiatan ronda lingkungan berjalan tanpa anggaran dari pemerintah."),
        ("en", "Without any budget allocation, the residents built the footpath themselves."),
    ],
)
def test_money_still_needed_or_missing_is_a_funding_shortage(language: str, text: str) -> None:
    assert "constraint.funding_shortage" in codes(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Pelatihan menjahit itu diberikan tanpa biaya kepada warga."),
        ("id", "Warga masih membutuhkan waktu sebulan untuk menyelesaikan saluran."),
        ("en", "The residents built the footpath without any help from outside."),
    ],
)
def test_free_of_charge_or_time_needed_is_no_funding_shortage(language: str, text: str) -> None:
    assert "constraint.funding_shortage" not in codes(text, language)


@pytest.mark.parametrize(
    "sentence",
    [
        "Jalan itu dibangun dengan dana swadaya murni masyarakat.",
        "Pembangunan gapura itu menggunakan dana swadaya warga sendiri.",
    ],
)
def test_residents_own_money_is_monetary_aid_they_give(sentence: str) -> None:
    assert MO in codes(sentence)
    assert (C, MO) in statements(sentence, "provides")


@pytest.mark.parametrize(
    "text",
    [
        "Perusahaan itu bersinergi dengan forum nagari dalam program bedah rumah.",
        "Bank daerah itu bekerja sama dengan paguyuban warga membangun taman.",
        "PT Kayu Manis berkolaborasi dengan kelompok nelayan memperbaiki dermaga.",
    ],
)
def test_partnering_with_a_community_forum_is_the_partner_role(text: str) -> None:
    assert "role.partner" in codes(text)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Hasil evaluasi menunjukkan program ini layak dilanjutkan."),
        ("id", "Menurut tim penilai, kegiatan BKM itu patut untuk diteruskan."),
        ("en", "The evaluation concludes that the programme is feasible to continue."),
        ("en", "Reviewers judged the community grants worth continuing."),
    ],
)
def test_a_programme_judged_worth_continuing_is_the_sustainability_goal(
    language: str, text: str
) -> None:
    assert "goal.sustainability" in codes(text, language)


def test_a_company_taken_on_as_a_partner_is_a_party_to_the_partnership() -> None:
    # no partnership preamble: "menggandeng" alone makes the company a party
    text = (
        "Program bedah rumah bagi warga kurang mampu itu dikerjakan dengan menggandeng "
        "perusahaan properti setempat. Rumahnya kini sudah selesai dibangun."
    )
    assert "sector.private" in found(text, "id")


def test_a_company_named_without_partnership_words_is_no_party() -> None:
    text = (
        "Harga rumah di kawasan itu naik karena perusahaan properti membangun perumahan "
        "mewah. Rumah warga lama kini diapit ruko."
    )
    assert "sector.private" not in found(text, "id")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "Sejak 2010 pemkot tak lagi menganggarkan dana bagi kegiatan BKM itu."),
        ("id", "Dana pendamping dari kabupaten belum juga dicairkan hingga akhir tahun."),
        ("en", "The municipality did not allocate any matching funds to the programme."),
    ],
)
def test_money_never_allocated_or_released_is_a_funding_shortage(language: str, text: str) -> None:
    assert "constraint.funding_shortage" in codes(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Pemkot tidak menyediakan tempat sampah di pasar itu.",
        "Warga tidak menyadari bahwa dana itu sudah dicairkan.",
    ],
)
def test_something_else_not_provided_is_no_funding_shortage(text: str) -> None:
    assert "constraint.funding_shortage" not in codes(text)


def test_cooperating_with_the_water_company_is_the_partner_role() -> None:
    text = "Untuk sambungan air ke rumah warga, pemkab bekerja sama dengan PDAM Kabupaten Tuban."
    assert {"role.partner", P} <= codes(text)
    assert (P, "role.partner") in statements(text, "plays")


def test_the_water_company_named_without_partnership_words_is_no_party() -> None:
    text = (
        "Warga mengeluhkan air PDAM yang keruh sejak seminggu. Petugas datang memeriksa "
        "meteran di rumah-rumah warga."
    )
    assert P not in found(text, "id")
