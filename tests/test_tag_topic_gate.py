"""The topic gate: one word that names the topic, or three different words that touch it.

Class 'a control with one topic-touching word' (fresh real sets S and T, issue 11): a flood
report speaks of 'permukiman warga' twice, an irrigation clean-up of officials who
'berperan', a geothermal loan page of a 'partnership'; each passed the old gate, which one
word of any kind opened, and gave codes. Texts of our own, each over 100 tokens.
"""

from __future__ import annotations

import pytest
from documents import found

FLOOD = (
    "Hujan deras sejak sore membuat sungai di kecamatan itu meluap dan merendam ratusan "
    "rumah di tiga desa. Air setinggi lutut masuk ke permukiman warga di sepanjang bantaran "
    "sungai, dan sebagian warga mengungsi ke balai desa dan masjid terdekat. Petugas BPBD "
    "kabupaten bersama relawan mendirikan dapur umum dan memeriksa saluran air yang "
    "tersumbat sampah. Kepala pelaksana BPBD mengatakan genangan di permukiman mulai surut "
    "menjelang pagi, tetapi warga diminta tetap waspada karena hujan masih akan turun "
    "selama sepekan. Jalan desa yang tergenang sempat ditutup, dan sekolah di dua desa "
    "meliburkan muridnya satu hari. Drainase dan fasilitas umum yang rusak akan didata."
)
"""A flood report: 'permukiman' twice, nothing else of the topic."""

IRRIGATION = (
    "Ratusan petani dan perangkat desa membersihkan saluran irigasi primer yang dangkal "
    "oleh lumpur dan rumput liar sepanjang dua kilometer. Kegiatan tahunan itu digelar "
    "menjelang musim tanam agar air dari bendung dapat mengalir sampai ke sawah di ujung "
    "desa. Camat yang hadir mengatakan para kepala dusun berperan menggerakkan petani, "
    "dan dinas pertanian meminjamkan dua pompa untuk mengeringkan bagian yang tergenang. "
    "Setelah saluran bersih, kelompok tani akan mengatur jadwal giliran air dan menanam "
    "padi serentak supaya hama wereng tidak menyebar dari satu petak ke petak lain. "
    "Petani berharap panen tahun ini lebih baik daripada tahun lalu yang gagal."
)
"""An irrigation clean-up: officials 'berperan' once, nothing else of the topic."""

LOAN = (
    "The bank approved a loan for a geothermal power plant on the slopes of a volcano in "
    "the west of the island. The plant will add fifty megawatts to the grid and replace "
    "diesel generators that now supply two districts. The project is a partnership between "
    "the state electricity company and a private developer, which will drill six wells "
    "and build the turbines over four years. Engineers will monitor the wells and the "
    "steam field, and the company will publish its environmental reports every year. "
    "Officials said the plant would cut fuel imports and lower the cost of power for "
    "factories in the provincial capital."
)
"""A power-plant loan: 'partnership' once, nothing else of the topic."""


@pytest.mark.parametrize(("text", "language"), [(FLOOD, "id"), (IRRIGATION, "id"), (LOAN, "en")])
def test_one_word_that_only_touches_the_topic_makes_no_codes(text: str, language: str) -> None:
    assert not found(text, language)


def test_a_word_that_names_the_topic_opens_the_gate() -> None:
    text = FLOOD.replace("Drainase dan", "Bantuan CSR dari bank daerah untuk drainase dan")
    assert found(text, "id")


def test_three_different_words_that_touch_the_topic_open_it() -> None:
    text = FLOOD + (
        " Pemerintah desa mengajak warga berpartisipasi dalam kerja sama dengan pemangku "
        "kepentingan untuk menata kembali permukiman di bantaran."
    )
    assert found(text, "id")
