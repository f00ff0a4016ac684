"""Planning said in other words: initiating, surveying and selecting, preparing the plan.

Class 'planner paraphrases' (spent sets P, R, S, U, W and X, issue 11): the planner role was
missed in 13 real texts where the actor who plans "menginisiasi program penataan", "sudah
melakukan pendataan" of the houses to repair, "mengidentifikasi kegiatan", "siapkan
perencanaannya" or, in English, "initiated the programme", "conducted a survey" before the
works. Like the planning verbs before them, they count only with the actor who plans
shortly before them (context planning_actor: residents, their bodies, a government body).
Sentences of our own.
"""

from __future__ import annotations

import pytest
from documents import ABOUT_EN, ABOUT_ID, found, one_page

from pipeline.annotate import annotate_text


@pytest.mark.parametrize(
    ("language", "text", "player"),
    [
        ("id", "Pemkot menginisiasi program penataan kampung nelayan itu.", "sector.government"),
        ("id", "BKM sudah melakukan pendataan rumah yang akan diperbaiki.", "sector.community"),
        ("id", "Pengurus LKM mengidentifikasi kegiatan prioritas di tiap RW.", "sector.community"),
        (
            "id",
            "Dinas Perkim siapkan perencanaannya, swasta menyiapkan dananya.",
            "sector.government",
        ),
        (
            "en",
            "The city government initiated the upgrading of the riverside kampung.",
            "sector.government",
        ),
        (
            "en",
            "The community board conducted a survey of the houses to be repaired.",
            "sector.community",
        ),
    ],
)
def test_planning_in_other_words_is_the_planner_role(language: str, text: str, player: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    assert "role.planner" in found(about + text, language)
    tagged = annotate_text(one_page(about + text)).tagged
    planners = {r.subject for r in tagged.relations if r.object == "role.planner"}
    assert player in planners, tagged.relations


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # initiating something other than the programme (a workshop, a collaboration)
        ("id", "Bappeda kota menginisiasi lokakarya kelompok kerja perumahan."),
        # identifying anything but the programme's activities, sites, needs or recipients
        ("id", "Pemerintah dan perusahaan dapat mengidentifikasi langkah prioritas bersama."),
        # no actor who plans before the verb
        ("id", "Kegiatan ini menginisiasi lahirnya kelompok seni di kampung."),
        ("id", "Petugas sensus melakukan pendataan penduduk setiap sepuluh tahun."),
        # a company surveying its own market plans no programme
        ("en", "The bottling company conducted a survey of its customers last year."),
    ],
)
def test_the_same_words_without_an_actor_who_plans_are_no_planner(language: str, text: str) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    assert "role.planner" not in found(about + text, language)
