"""The tagger's fast paths find exactly what the plain ways they replace find.

Each test sets a fast path (see ``benchmarks/tagger.py``) against the obvious
implementation it stands for: the token regex one match at a time, spaCy's lookup
tables and ``PhraseMatcher``, judging every piece of a text for its language.
"""

from __future__ import annotations

import bisect
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from bank_lines import read_bank
from conftest import PROJECT_ROOT, SEED_TXT
from spacy.lookups import load_lookups
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import hash_string  # type: ignore[attr-defined]  # Cython, untyped
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline import language
from pipeline.codebook import CuePattern, load_codebook
from pipeline.tag import indices_of, lexicon, split_sentences
from pipeline.tag.cues import Phrases, anchors
from pipeline.tag.lexicon import LANGUAGE_DEFAULTS, Words, _lookup_table
from pipeline.tag.sentences import sentence_starts
from pipeline.tag.tagger import LanguageTagger, default_tagger
from pipeline.tag.tokens import _DASH, _LINE_BREAK, TOKEN, Tokens, tokenize

TRICKY_TEXTS = [
    "non-fisik dan sarana-prasarana",
    "kemi-\ntraan dengan swasta, kemi- \ntraan, Kemi-\nTraan",
    "event — event, mitra-mitra, bentuk - bentuk, a--b",
    "pe1atihan  kader\tBKM rnasyarakat vyang 0rang",
    "Jl. Merdeka No. 5, dr. Budi dkk. (2019) hlm. 12",
    "lihat https://example.org/a_b?x=1&y=2 atau www.pu.go.id/plpbk",
    "Rp 12.500.000,00 (3,5%) pada 2019/2020 - 2021",
    "snake_case_name, _awal dan kemi\u00adtraan \u00ad",
    "\u201cKutipan\u201d \u2018tunggal\u2019 \u2014 em \u2013 en \u2015 bar",
    "\u2212 minus \u2010 hyphen \u2011 non-breaking",
    "-awal dan akhir-",
    "\u2014\n\u2014",
    "",
    "   \n  ",
]


def _tokenize_one_match_at_a_time(text: str, words: Words) -> Tokens:
    """The tokenizer as first written: one regex match, one bisect per dash."""
    spans = [match.span() for match in TOKEN.finditer(text)]
    tokens = Tokens([s for s, _ in spans], [e for _, e in spans], [text[s:e] for s, e in spans])
    merges: list[int] = []
    for dash in _DASH.finditer(text):
        left = bisect.bisect_right(tokens.starts, dash.start()) - 1
        right = left + 1
        if left < 0 or right >= len(tokens.words) or (merges and merges[-1] == left):
            continue
        first, second = tokens.words[left], tokens.words[right]
        if not (first[0].isalnum() and second[0].isalnum()):
            continue
        reduplicated = words.norm(first) == words.norm(second)
        broken = (
            dash.start() == tokens.ends[left]
            and _LINE_BREAK.match(text, dash.end()) is not None
            and second[0].islower()
            and words.is_broken(first, second)
        )
        if reduplicated or broken:
            merges.append(left)
    for left in reversed(merges):
        tokens.ends[left] = tokens.ends[left + 1]
        tokens.words[left] = text[tokens.starts[left] : tokens.ends[left]]
        del tokens.starts[left + 1], tokens.ends[left + 1], tokens.words[left + 1]
    return tokens


def _random_texts(count: int) -> list[str]:
    rng = random.Random(7)
    pieces = ["mitra", "kemi", "traan", "Event", "event", "-", "\u2014", " - ", "\n", " \n"]
    pieces += [" ", "  ", "\t", "_", ".", ",", "\u00ad", "1", "\u2212", "x_y", "(", "\u201c"]
    return ["".join(rng.choices(pieces, k=rng.randrange(12))) for _ in range(count)]


@pytest.fixture(scope="module")
def indonesian() -> LanguageTagger:
    return default_tagger()._for("id")


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_tokens_lie_at_their_offsets(text: str, indonesian: LanguageTagger) -> None:
    tokens = tokenize(text, indonesian.words)
    assert [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)] == tokens.words
    assert tokens.starts == sorted(tokens.starts)


def test_tokenizer_splits_as_one_match_at_a_time(indonesian: LanguageTagger) -> None:
    texts = [*TRICKY_TEXTS, *_random_texts(3_000), SEED_TXT.read_text(encoding="utf-8")]
    for text in texts:
        fast = tokenize(text, indonesian.words)
        plain = _tokenize_one_match_at_a_time(text, indonesian.words)
        assert (fast.starts, fast.ends, fast.words) == (plain.starts, plain.ends, plain.words)


def test_line_end_hyphen_and_reduplication_become_one_token(
    indonesian: LanguageTagger,
) -> None:
    tokens = tokenize("kemi-\ntraan dan event \u2014 event", indonesian.words)
    assert tokens.words == ["kemi-\ntraan", "dan", "event \u2014 event"]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", ["lemma_lookup", "lexeme_norm"])
def test_lookup_table_answers_as_spacys_table(lang: str, name: str) -> None:
    table, by_hash = _lookup_table(lang, name)
    spacy_table = load_lookups(lang, [name]).get_table(name)
    hashes = frozenset(spacy_table.keys())
    assert len(table) == len(spacy_table)
    for word, value in table.items():
        assert spacy_table.get(word) == value
        assert (word in by_hash) == (hash_string(word) in hashes)


def test_a_word_that_is_a_spacy_symbol_is_no_hash_of_the_table() -> None:
    table, by_hash = _lookup_table("en", "lemma_lookup")
    assert "number" in table
    assert "number" not in by_hash


def test_phrases_find_what_spacys_phrase_matcher_finds() -> None:
    rng = random.Random(3)
    words = ["a", "b", "c", "d"]
    vocab = Vocab()
    matcher = PhraseMatcher(vocab)
    phrases = Phrases()
    for number in range(40):  # nested, overlapping and repeated phrases
        phrase = rng.choices(words, k=rng.randrange(1, 5))
        pattern = CuePattern(f"p{number}", "code", "id", " ".join(phrase))
        matcher.add(pattern.id, [Doc(vocab, words=phrase)])
        phrases.add(pattern, phrase)
    for _ in range(300):
        values = rng.choices(words, k=rng.randrange(30))
        expected = Counter(
            (vocab.strings[k], s, e) for k, s, e in matcher(Doc(vocab, words=values))
        )
        assert Counter((p.id, s, e) for p, s, e in phrases(values)) == expected


@pytest.mark.parametrize(
    ("lang", "text", "windows"),
    [
        ("id", "baru 3 warga yang menjawab surat itu", 1),
        ("id", "tanggung jawab pemerintah atas jawaban warga", 0),  # no "baru/hanya/cuma"
        ("id", "disusun oleh warga sendiri", 1),
        ("id", "disusun dengan rapi", 0),  # no "oleh", no actor
        ("en", "only two responses came back", 1),
        ("en", "the response was slow", 0),  # no "only/just"
    ],
)
def test_token_patterns_see_only_windows_that_hold_their_required_words(
    lang: str, text: str, windows: int
) -> None:
    tagger = default_tagger()._for(lang)
    page = tagger.page(text)
    assert tagger.token_anchors is not None
    assert len(tagger.token_anchors.windows(page)) == windows


def test_a_patterns_anchor_in_the_data_is_the_word_looked_for() -> None:
    # Left to itself the tagger anchors on the token with the longer words
    # ("kemitraan ..."); the data may name a rarer one instead.
    tagger = default_tagger()._for("id")
    tokens = [{"NORM": {"IN": ["kemitraan", "kolaborasi"]}}, {"NORM": "antara"}]
    stops = frozenset(LANGUAGE_DEFAULTS["id"].stop_words)
    plain = CuePattern("role.partner/id/t", "role.partner", "id", tokens)
    hinted = replace(plain, anchor=1)
    default = anchors([plain], tagger.words, stops)
    chosen = anchors([hinted], tagger.words, stops)
    assert default is not None and chosen is not None
    assert "kemitraan" in default.norms and "antara" not in default.norms
    assert chosen.norms == {"antara"}
    assert (chosen.before, chosen.after) == (1, 0)


def test_windows_shared_by_patterns_find_what_each_pattern_finds_alone() -> None:
    # One Matcher per combination of patterns a window may match, kept and reused:
    # the same matches as each pattern's own Matcher over the window.
    tagger = default_tagger()._for("id")
    text = " ".join(line["text"] for line in read_bank("roles") if line["lang"] == "id")
    page = tagger.page(text)
    assert tagger.token_anchors is not None
    windows = tagger.token_anchors.windows(page)
    assert any(len(wanted) > 1 for _, _, wanted in windows)
    expected: Counter[tuple[str, int, int]] = Counter()
    for start, end, wanted in windows:
        doc = tagger.doc(page.norms[start:end], page.lemmas[start:end])
        for index in wanted:
            for key, first, last in tagger.window_matcher((index,))(doc):
                expected[(tagger.vocab.strings[key], first + start, last + start)] += 1
    assert Counter((p.id, s, e) for p, s, e in tagger.token_matches(page)) == expected
    assert expected


def test_a_required_word_missing_means_no_token_match_anyway() -> None:
    tagger = default_tagger()._for("id")
    page = tagger.page("tanggung jawab pemerintah atas jawaban warga")
    doc = tagger.doc(page.norms, page.lemmas)
    every = tuple(range(len(tagger.token_patterns)))
    assert not tagger.window_matcher(every)(doc)


def _bank_texts(lang: str) -> list[str]:
    banks = ("roles", "forms_goals", "relations")
    return [line["text"] for name in banks for line in read_bank(name) if line["lang"] == lang]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_windowed_token_matches_equal_one_matcher_over_the_whole_page(lang: str) -> None:
    # Each window runs only the patterns whose required words it holds; over every bank
    # sentence of ours, joined into pages of ten, that finds exactly what one Matcher of
    # every token pattern finds over the whole page.
    tagger = default_tagger()._for(lang)
    every = Matcher(tagger.vocab)
    for pattern in tagger.patterns.values():
        if not isinstance(pattern.pattern, str):
            every.add(pattern.id, [pattern.pattern])
    texts = _bank_texts(lang)
    assert len(texts) > 100
    for first in range(0, len(texts), 10):
        page = tagger.page(" ".join(texts[first : first + 10]))
        doc = tagger.doc(page.norms, page.lemmas)
        expected = Counter((tagger.vocab.strings[k], s, e) for k, s, e in every(doc))
        found = Counter((p.id, s, e) for p, s, e in tagger.token_matches(page))
        assert found == expected


def _language_judging_every_piece(text: str) -> str:
    votes: Counter[str] = Counter()
    detector, codes = language._detector()
    for piece in language._pieces(text):
        if any(ch.isalpha() for ch in piece):
            found = detector.detect_language_of(piece)
            if found in codes:
                votes[codes[found]] += len(piece)
    if not votes:
        return language.DEFAULT_LANGUAGE
    return max(sorted(votes), key=lambda code: votes[code])


def _sentences_of(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [text[s.start : s.end] for s in split_sentences(text)]


def _mixed_texts(count: int) -> list[str]:
    rng = random.Random(11)
    indonesian = _sentences_of(SEED_TXT)
    english = _sentences_of(PROJECT_ROOT / "tests" / "heldout" / "heldout-mission-benteng.txt")
    texts = []
    for _ in range(count):
        share = rng.random()
        sentences = [
            rng.choice(english if rng.random() < share else indonesian)
            for _ in range(rng.randrange(1, 60))
        ]
        texts.append(" ".join(sentences))
    return texts


def test_language_stops_judging_only_when_the_answer_is_settled() -> None:
    for text in [*_mixed_texts(60), "", "123 456", "a"]:
        assert language.detect_language(text) == _language_judging_every_piece(text)


def test_a_text_whose_pieces_agree_is_not_judged_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    detector, codes = language._detector()
    judged: list[str] = []

    class Counting:
        def detect_language_of(self, piece: str) -> object:
            judged.append(piece)
            return detector.detect_language_of(piece)

    monkeypatch.setattr(language, "_detector", lambda: (Counting(), codes))
    text = " ".join(_sentences_of(SEED_TXT))
    assert language.detect_language(text) == "id"
    # Once more than half the sampled text agrees, the rest cannot outvote it.
    assert len(judged) <= 4 < len(language._pieces(text))


@pytest.mark.parametrize("text", [*TRICKY_TEXTS, "A. B. C.\n\nD\nE\n- f\n1. g", "dr. X. Y! z? "])
def test_sentence_starts_are_those_of_the_sentences(text: str) -> None:
    assert sentence_starts(text) == [s.start for s in split_sentences(text)]


def test_indices_of_lists_the_wanted_positions_in_order() -> None:
    assert indices_of(["a", "b", "a", "c"], {"a", "c"}) == [0, 2, 3]
    assert indices_of([], {"a"}) == []


def test_a_core_anywhere_in_a_word_may_make_it_derive(
    indonesian: LanguageTagger,
) -> None:
    words = indonesian.words
    cores = words._stem_cores or {}

    def by_position(word: str) -> bool:
        return any(
            word.startswith(tail, index)
            for index in range(len(word) - 1)
            for tail in cores.get(word[index : index + 2], ())
        )

    text = SEED_TXT.read_text(encoding="utf-8").lower()
    for word in {*text.split(), "memantau", "dimitrakan", "ngawasin", "x", ""}:
        assert words._may_derive(word) == by_position(word)


def test_lemmas_are_looked_up_in_turn_when_the_cache_starts_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A word lemmatised while the cues were compiled (by Sastrawi) may get another
    # lemma once the cache starts afresh (stemmed towards the cues' lemmas): within a
    # page that empties the cache, each token must get what looking it up in turn gives.
    codebook = load_codebook()
    fast, plain = LanguageTagger(codebook, "id"), LanguageTagger(codebook, "id")
    changed = [
        norm
        for norm, lemma in fast.words.cached_lemmas.items()
        if fast.words._lemmatise(norm) != lemma
    ]
    text = " ".join(["kataxa", "kataxb", "katazc", "katazd", *changed[:3], "mitra"])
    monkeypatch.setattr(lexicon, "CACHE_LIMIT", len(fast.words.cached_lemmas) + 2)
    expected = [plain.words.lemma(plain.words.norm(word)) for word in text.split()]
    assert fast.page(text).lemmas == expected


def test_a_words_lemma_does_not_depend_on_what_the_run_saw_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Words lemmatised while the cues were compiled (by Sastrawi: "relawan" -> "rawan")
    # keep that lemma after the caches start afresh, however long the run.
    codebook = load_codebook()
    tagger = LanguageTagger(codebook, "id")
    compiled = dict(tagger.words.cached_lemmas)
    changed = [norm for norm, lemma in compiled.items() if tagger.words._lemmatise(norm) != lemma]
    assert changed, "no compiled lemma differs from the fast path: the test proves nothing"
    text = " ".join([*changed[:20], "kemitraan", "dimitrakan", "pendampingan"])
    before = tagger.page(text)
    monkeypatch.setattr(lexicon, "CACHE_LIMIT", len(compiled) + 5)
    for round_ in range(3):  # each round overflows the caches and starts them afresh
        tagger.page(" ".join(f"katabaru{round_}x{i}" for i in range(50)))
    after = tagger.page(text)
    assert after.lemmas == before.lemmas
    assert after.norms == before.norms
