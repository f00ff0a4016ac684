"""The learned clause filter (pipeline.learn): its examples, its training, its place in the tagger.

Every sentence here is written for these tests. The filters trained here are tiny (a
few dozen sentences, a fraction of a second); the project's own filter is trained once
for the dev set check.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_GOLD, SEED_TXT
from documents import one_page

from pipeline.codebook import load_codebook
from pipeline.document import CodeAnnotation, Evidence
from pipeline.learn import (
    EXAMPLES_FILE,
    ClauseExample,
    ClauseFilter,
    Settings,
    default_learned_tagger,
    train_filter,
)
from pipeline.learn.examples import (
    bank_examples,
    gold_examples,
    judged,
    read_examples,
    write_examples,
)
from pipeline.tag import Tagger, default_tagger

WELFARE = "goal.welfare"

# Welfare the partnership aims at (the code holds) and welfare of someone else (it does not).
TRAINING = [
    *(
        ClauseExample("id", text, ((WELFARE, True),), "test")
        for text in (
            "Kemitraan ini bertujuan meningkatkan kesejahteraan warga di kampung nelayan.",
            "Bantuan perusahaan diarahkan untuk kesejahteraan keluarga miskin di bantaran sungai.",
            "BKM ingin kesejahteraan warga kawasan kumuh naik lewat usaha bersama.",
            "Tujuan program adalah kesejahteraan masyarakat miskin kota.",
            "Perbaikan kampung diharapkan membawa kesejahteraan bagi warga miskin.",
            "Warga kampung berharap kesejahteraan mereka membaik setelah penataan.",
        )
    ),
    *(
        ClauseExample("id", text, ((WELFARE, False),), "test")
        for text in (
            "Bupati menyoroti kesejahteraan pegawai negeri di kantornya.",
            "Serikat buruh pabrik menuntut kesejahteraan karyawan dinaikkan.",
            "Kesejahteraan guru honorer menjadi janji kampanye gubernur.",
            "Menteri membahas kesejahteraan prajurit di perbatasan.",
            "Klub sepak bola menjamin kesejahteraan pemainnya.",
            "Direksi bank menaikkan tunjangan kesejahteraan pegawai.",
        )
    ),
]

PARTNERSHIP = (
    "Kemitraan dengan BKM menjaga agar kegiatan tetap berkelanjutan setelah program selesai."
)
TRUE_WELFARE = "Program ini bertujuan meningkatkan kesejahteraan warga miskin di kawasan kumuh."
FALSE_WELFARE = "Bupati meminta agar kesejahteraan pegawai honorer di kantornya diperhatikan."
QUESTIONS = [
    ["program", "ini", "tuju", "tingkat", "sejahtera", "warga", "miskin"],
    ["bupati", "minta", "sejahtera", "pegawai", "honorer"],
    ["<masked>"],
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_codebook())


@pytest.fixture(scope="module")
def welfare_filter(tagger: Tagger) -> ClauseFilter:
    return train_filter(tagger, TRAINING)


def welfare_evidence(tagger: Tagger, text: str) -> list[str]:
    return [a.evidence.exact for a in tagger.tag(one_page(text)).annotations if a.code == WELFARE]


# --- training ---------------------------------------------------------------------------------


def test_the_same_examples_train_the_same_filter(
    tagger: Tagger, welfare_filter: ClauseFilter
) -> None:
    again = train_filter(tagger, list(TRAINING))
    assert again.fingerprint == welfare_filter.fingerprint
    assert again.scores(QUESTIONS) == welfare_filter.scores(QUESTIONS)


def test_other_examples_train_another_filter(tagger: Tagger, welfare_filter: ClauseFilter) -> None:
    fewer = train_filter(tagger, TRAINING[1:])
    assert fewer.fingerprint != welfare_filter.fingerprint
    assert fewer.scores(QUESTIONS) != welfare_filter.scores(QUESTIONS)


def test_the_filter_judges_only_the_codes_it_was_taught(welfare_filter: ClauseFilter) -> None:
    assert welfare_filter.labels == (WELFARE,)
    words = QUESTIONS[1]
    stands = welfare_filter.judge(
        [("sector.government", 0), (WELFARE, 2), ("goal.funding", 2)], words, set(), [0]
    )
    assert stands == [True, welfare_filter.keeps(WELFARE, welfare_filter.scores([words])[0]), True]


def test_the_ensemble_trains_the_same_filter_twice(tagger: Tagger) -> None:
    settings = Settings(architecture="ensemble", epochs=5)
    first, second = (train_filter(tagger, TRAINING, settings=settings) for _ in range(2))
    assert first.fingerprint == second.fingerprint
    assert first.scores(QUESTIONS) == second.scores(QUESTIONS)


def test_an_unknown_architecture_is_refused(tagger: Tagger) -> None:
    with pytest.raises(ValueError, match="unknown architecture 'cnn'"):
        train_filter(tagger, TRAINING, settings=Settings(architecture="cnn"))


def test_training_needs_examples(tagger: Tagger) -> None:
    with pytest.raises(ValueError, match="at least one"):
        train_filter(tagger, [])


# --- in the tagger ----------------------------------------------------------------------------


def test_the_filter_drops_a_false_code_and_keeps_a_true_one(
    tagger: Tagger, welfare_filter: ClauseFilter
) -> None:
    text = f"{PARTNERSHIP} {TRUE_WELFARE} {FALSE_WELFARE}"
    # The rules alone find welfare in both sentences.
    assert welfare_evidence(tagger, text) == ["meningkatkan kesejahteraan warga", "kesejahteraan"]
    filtered = Tagger(tagger.codebook, clause_filter=welfare_filter)
    assert welfare_evidence(filtered, text) == ["meningkatkan kesejahteraan warga"]


def test_a_code_whose_every_sentence_is_false_leaves_the_document(
    tagger: Tagger, welfare_filter: ClauseFilter
) -> None:
    text = f"{PARTNERSHIP} {FALSE_WELFARE}"
    assert WELFARE in {a.code for a in tagger.tag(one_page(text)).annotations}
    filtered = Tagger(tagger.codebook, clause_filter=welfare_filter).tag(one_page(text))
    assert WELFARE not in {a.code for a in filtered.annotations}
    # The codes it was not taught stand as the rules found them.
    assert list(filtered.annotations) == [
        a for a in tagger.tag(one_page(text)).annotations if a.code != WELFARE
    ]


def test_the_tagger_has_no_filter_by_default() -> None:
    assert default_tagger().clause_filter is None


# --- examples ---------------------------------------------------------------------------------


def annotation(text: str, code: str, phrase: str) -> CodeAnnotation:
    start = text.index(phrase)
    return CodeAnnotation(code, Evidence(start, start + len(phrase), 1, phrase), "test/rule")


def test_gold_examples_take_the_gold_sentences_and_the_rules_false_codes() -> None:
    text = (
        "Kemitraan ini meningkatkan kesejahteraan warga. "
        "Perusahaan memberi bantuan dana untuk MCK. "
        "Dana desa juga dipakai untuk lomba. "
        "Ada pula bantuan semen."
    )
    gold = {"goal.welfare": ["kesejahteraan warga"], "form.monetary": ["bantuan dana"],
            "sector.private": ["Perusahaan"]}  # fmt: skip
    found = [
        annotation(text, "goal.welfare", "kesejahteraan"),
        annotation(text, "form.monetary", "Dana desa"),  # in the gold, not in its sentence
        annotation(text, "form.event", "lomba"),  # not in the gold: a negative
        annotation(text, "sector.private", "Perusahaan"),  # sectors are not judged
    ]
    examples = gold_examples(text, "id", gold, found, source="doc")
    assert [(e.text, e.cats) for e in examples] == [
        ("Kemitraan ini meningkatkan kesejahteraan warga.", (("goal.welfare", True),)),
        ("Perusahaan memberi bantuan dana untuk MCK.", (("form.monetary", True),)),
        ("Dana desa juga dipakai untuk lomba.", (("form.event", False),)),
    ]


def test_a_gold_phrase_across_a_line_break_is_found() -> None:
    text = "Warga menyusun rencana\npenataan kampung. Lain kali saja."
    examples = gold_examples(text, "id", {"role.planner": ["menyusun rencana penataan"]}, [],
                             source="doc")  # fmt: skip
    assert [e.text for e in examples] == ["Warga menyusun rencana\npenataan kampung."]


def test_bank_examples_read_each_bank_line(tmp_path: Path) -> None:
    lines: dict[str, list[dict[str, Any]]] = {
        "forms_goals": [{"code": "form.event", "lang": "id", "expect": False, "text": "A."}],
        "roles": [{"role": "role.planner", "lang": "en", "expect": True, "text": "B."}],
        "relations": [
            {"id": "r1", "lang": "id", "text": "C.",
             "roles": [["sector.private", "role.partner"]],
             "provides": [["sector.private", "form.monetary"]]},
            {"id": "r2", "lang": "id", "text": "D.", "roles": [], "provides": []},
        ],
    }  # fmt: skip
    for name, rows in lines.items():
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert [(e.lang, e.text, e.cats) for e in bank_examples(tmp_path)] == [
        ("id", "A.", (("form.event", False),)),
        ("en", "B.", (("role.planner", True),)),
        ("id", "C.", (("form.monetary", True), ("role.partner", True))),
    ]


def test_examples_read_back_as_written(tmp_path: Path) -> None:
    path = tmp_path / "clauses.jsonl"
    write_examples(path, TRAINING)
    assert read_examples(path) == TRAINING


def test_the_examples_file_speaks_of_the_codebook_codes_but_sectors() -> None:
    """A snapshot (rewritten by ``benchmarks/learned.py --write``), checked as data."""
    examples = read_examples(EXAMPLES_FILE)
    concepts = load_codebook().concepts
    assert examples
    for example in examples:
        assert example.lang in ("id", "en") and example.text.strip() and example.cats
        assert all(code in concepts and judged(code) for code, _ in example.cats), example


def test_the_examples_file_holds_no_blind_or_dev_text() -> None:
    sources = {e.source.split("/", 1)[0].split(":", 1)[0] for e in read_examples(EXAMPLES_FILE)}
    assert all(re.fullmatch(r"forms_goals|roles|relations|heldout(_\w+)?", s) for s in sources), (
        sources
    )


# --- the project's filter ---------------------------------------------------------------------


def test_dev_set_codes_hold_with_the_project_filter() -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    gold = set(json.loads(SEED_GOLD.read_text(encoding="utf-8"))["codes"])
    tagged = default_learned_tagger().tag(one_page(text))
    assert default_learned_tagger().clause_filter is not None
    assert {a.code for a in tagged.annotations} == gold
