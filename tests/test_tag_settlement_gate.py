"""The topic gate's subject: partnerships that upgrade settlements.

Class 'a control that speaks of aid' (fresh real set X, issue 11): a company's CSR
renovation of a school and a flood appeal's donations use the partnership gate's strong
words (CSR, bantuan, donasi, renovasi) and gave sector, form and constraint codes; neither
names a settlement, a slum, housing or a programme that upgrades them. A document that
names none is off topic unless it speaks of partnership throughout (a city's CSR forum,
fresh set U). Texts of our own, each over 100 tokens.
"""

from __future__ import annotations

from documents import found

from pipeline.tag.context import PARTNERSHIP_ALONE

SCHOOL = (
    "Sebuah perusahaan di kawasan industri merenovasi dua ruang kelas sebuah sekolah dasar "
    "negeri yang atapnya nyaris roboh. Renovasi dibiayai dana CSR perusahaan senilai Rp 150 "
    "juta dan dikerjakan selama dua bulan oleh kontraktor lokal. Kepala sekolah mengatakan "
    "murid kelas empat dan lima selama ini belajar di musala karena ruang kelas tidak aman. "
    "Dinas pendidikan kabupaten menyebut anggaran daerah tahun ini tidak cukup untuk "
    "memperbaiki semua gedung sekolah yang rusak, sehingga sekolah lain masih menunggu "
    "giliran. Para guru berharap meja dan kursi baru juga segera datang sebelum tahun "
    "ajaran berikutnya dimulai, dan komite sekolah akan menjaga gedung yang sudah baru."
)
"""A company's CSR renovation of a school: CSR twice, renovation twice, no settlement."""

APPEAL = (
    "Posko peduli banjir di halaman kantor kecamatan membuka donasi bagi korban banjir di "
    "tiga kabupaten. Relawan menerima bantuan berupa beras, air mineral, selimut dan obat-"
    "obatan dari warga dan para pedagang pasar. Koordinator posko mengatakan donasi uang "
    "akan dibelikan kebutuhan bayi dan perempuan yang paling sering kurang di pengungsian. "
    "Bantuan dikirim setiap sore dengan truk yang dipinjamkan sebuah ekspedisi. Petugas "
    "BPBD mencatat ketinggian air mulai turun, tetapi sebagian pengungsi belum bisa "
    "pulang karena jalan menuju desa mereka masih tertutup lumpur dan batang pohon. Posko "
    "akan tetap buka sampai akhir bulan, dan penyumbang dapat menitipkan bantuan kapan saja."
)
"""A flood appeal: donations and aid throughout, no settlement."""


def test_aid_words_in_a_text_that_names_no_settlement_make_no_codes() -> None:
    assert not found(SCHOOL, "id")
    assert not found(APPEAL, "id")


def test_a_settlement_named_opens_the_gate() -> None:
    text = SCHOOL.replace(
        "Para guru berharap",
        "Perusahaan yang sama tahun lalu membantu perbaikan MCK di kampung kumuh dekat "
        "sekolah. Para guru berharap",
    )
    assert "form.monetary" in found(text, "id")


def test_partnership_throughout_keeps_a_text_without_settlement_on_topic() -> None:
    forum = (
        "Forum CSR kota menggelar rapat dengan perusahaan anggota untuk menyusun rencana "
        "bantuan tahun depan. Ketua forum mengatakan dana CSR dari dua puluh perusahaan "
        "akan diarahkan ke pembangunan yang tidak tercakup APBD. Bantuan CSR tahun ini "
        "sudah dipakai untuk taman, jembatan kecil dan alat kesehatan puskesmas. Setiap "
        "perusahaan menyerahkan laporan bantuan kepada forum, dan forum menyampaikan daftar "
        "kebutuhan dari pemerintah kota kepada perusahaan. Wali kota meminta perusahaan "
        "yang belum bergabung ikut dalam forum CSR agar bantuan lebih merata dan CSR "
        "tidak tumpang tindih. Forum juga akan menerbitkan laporan CSR setiap semester "
        "supaya warga tahu bantuan apa saja yang sudah diberikan perusahaan."
    )
    words = sum(forum.lower().count(word) for word in ("csr", "bantuan"))
    assert words >= PARTNERSHIP_ALONE  # the text is what the test says it is
    assert "sector.private" in found(forum, "id")


def test_an_urban_poverty_programme_is_on_topic_without_a_settlement_word() -> None:
    review = (
        "The review assessed the second phase of the urban poverty programme in forty "
        "cities. Grants went to community boards, which chose their own projects, and the "
        "government hired consultants to train the boards. The review found that the "
        "boards were more accountable than the ward offices, but that poorer households "
        "took part less often than others. Local governments cost-shared a small part of "
        "the grants. The reviewers recommend that future phases give the boards a longer "
        "horizon and that the ministry publish the results of its monitoring each year, so "
        "that donors and cities can see what the grants achieved and where they fell short."
    )
    assert found(review, "en")
    # the same text about a fisheries programme names neither poverty nor the city
    assert not found(review.replace("urban poverty", "fisheries"), "en")
