"""A paraphrase bank for the form, process, goal, constraint and effort codes (issue 11):
sentences of our own, written from the codebook's definitions before any rule was changed,
to measure and hold each class.

Each line of ``tests/banks/forms_goals.jsonl`` names a code, a language, a sentence and
whether the code is expected there (``expect``): positives word the code as real reports
do (verbs of giving money or goods with their affixes, purposes after 'agar', 'supaya',
'demi', 'in order to', proposals sent to an office or a company); negatives are near misses
(the cue word in a name, a title, a statistic, an idiom or another setting; a negation).
Lines 247-272 were added with the first fix, a near miss for each new cue class; lines
273-365 are a second round written after the first fix and before the second (its first
run: recall 24/56, false 4/29), with near misses for the second fix's classes at the end;
lines 366-392 a third round on goals in background wording (first run: recall 4/6, false
3/21); lines 393-441 a fourth on proposals, constraints and efforts (first run: recall
7/31, false 0/9), near misses for its fix's classes at the end; lines 442-487 a fifth on
forms and goals in the evaluation register (first run: recall 18/30, false 2/9); lines
488-494 near misses for the financing verbs and grants the relations bank's misses showed
(a study's own funding, parents paying school fees).
The sentence follows a line that makes the document about partnership, and is tagged as
the flow's worker tags it (``annotate_text``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bank_lines import code_cases, read_bank
from documents import ABOUT_EN, ABOUT_ID, one_page

from pipeline.annotate import annotate_text
from pipeline.codebook import literal_words
from pipeline.tag import default_tagger

PATTERNS = Path(__file__).parent.parent / "ontology" / "patterns"
OWN_FILES = ("form", "goal", "process", "constraint", "effort")
LEMMA_CHECKED = tuple(sorted(path.stem for path in PATTERNS.glob("*.jsonl")))
"""Every family's pattern file: the lemma check holds for all of them."""

XFAIL: dict[str, str] = {
    "Ketua BKM pernah mengikuti pelatihan menjahit saat masih remaja.": (
        "a person's own past training ('pernah mengikuti ... saat masih remaja') is not told"
        " apart from training given by a partner"
    ),
    "The interview was conducted after a training session in another province.": (
        "'training' as the occasion after an article ('after a training session') is not"
        " told apart from training given"
    ),
    "The programme sought to change how residents treat the river.": (
        "a change of how people treat their surroundings, worded without any word of care,"
        " awareness or cleanliness, is beyond the cues"
    ),
    "Pabrik itu menerima mesin baru dari Jerman.": (
        "goods received count as aid whoever receives them: a factory's own purchase is not"
        " told apart from a machine given to a waste bank"
    ),
    "The factory installed new meters on its own production line.": (
        "goods installed count as aid whoever they are for: 'its own' is not read"
    ),
    "The keys were returned after handover of the office.": (
        "'after handover' is the works lasting beyond the project only when what is handed"
        " over is the programme's; an office's keys are not told apart"
    ),
}
"""Sentences still wrong after a reasonable fix, by their text, with the reason."""


def bank() -> list[dict[str, object]]:
    """The bank's lines, in file order."""
    return read_bank("forms_goals")


def cases() -> list[object]:
    """The bank as pytest parameters, the known failures marked strict xfail."""
    return code_cases("forms_goals", "code", XFAIL)


def test_the_bank_holds_both_kinds_for_every_code() -> None:
    counts: dict[tuple[object, object], int] = {}
    for line in bank():
        counts[line["code"], line["expect"]] = counts.get((line["code"], line["expect"]), 0) + 1
    codes = {str(code) for code, _ in counts}
    assert len(codes) == 17, codes
    for code in codes:
        least = 10 if code.startswith(("form.", "goal.", "process.")) else 3
        assert counts[code, True] >= least and counts[code, False] >= 3, code
    languages = [line["lang"] for line in bank()]
    assert languages.count("id") >= 0.6 * len(languages) >= languages.count("en") * 1.2


def test_bank_sentences_are_unique() -> None:
    texts = [line["text"] for line in bank()]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(("code", "language", "expect", "text"), cases())
def test_code_is_found_exactly_where_the_codebook_puts_it(
    code: str, language: str, expect: bool, text: str
) -> None:
    about = ABOUT_ID if language == "id" else ABOUT_EN
    annotations = annotate_text(one_page(about + text)).tagged.annotations
    codes = {annotation.code: annotation.evidence.exact for annotation in annotations}
    assert (code in codes) is expect, codes


@pytest.mark.parametrize("name", LEMMA_CHECKED)
def test_token_patterns_name_lemmas_as_the_tagger_makes_them(name: str) -> None:
    """A token pattern's LEMMA words are compared with the page's lemmas as they are: a
    word written as it appears ('lingkungan', whose lemma is 'lingkung') never matches."""
    tagger = default_tagger()
    wrong = []
    with (PATTERNS / f"{name}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            if isinstance(entry["pattern"], str):
                continue
            words = tagger._for(entry["lang"]).words
            for token in entry["pattern"]:
                for word in literal_words(token, ("LEMMA",)):
                    if words.lemma(words.norm(word)) != word:
                        wrong.append((entry["id"], word, words.lemma(words.norm(word))))
    assert not wrong
