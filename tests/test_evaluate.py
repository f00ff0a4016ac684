"""Evaluation against gold files, through a real store; the tagger measured on held-out texts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEED_GOLD, SEED_PDF, SEED_TXT, plpbk
from documents import RUN, annotate, source_for, two_page_text, with_relations_and_entities

from pipeline.document import (
    Entity,
    EntityFindings,
    EntityKey,
    EntityMention,
    Evidence,
    ExtractedText,
    Fact,
    Page,
    TaggedDocument,
)
from pipeline.entities import recognise_entities
from pipeline.errors import GoldFileError
from pipeline.evaluate import EvaluationReport, MatchScore, Score, evaluate, read_gold
from pipeline.extract import extract_text
from pipeline.graph import document_graph
from pipeline.resources import vocabulary_files
from pipeline.source import fingerprint
from pipeline.store import KnowledgeStore
from pipeline.tag import default_tagger, tag_document

HELDOUT = PROJECT_ROOT / "tests" / "heldout"
HELDOUT_ENTITIES = PROJECT_ROOT / "tests" / "heldout_entities"
HELDOUT_GOLDS = sorted(HELDOUT.glob("*.gold.json"))
CORPUS_GOLDS = sorted((PROJECT_ROOT / "corpus").glob("*.gold.json"))
SET_C = [  # set C of tests/heldout/README.md: first run blind; rules since tuned on its misses
    HELDOUT / f"{name}.gold.json"
    for name in (
        "heldout-liputan-tambak-lorok",
        "heldout-paper-kampung-deret",
        "heldout-laporan-singkat-kemlayan",
        "heldout-buletin-sekolah",
    )
]


def write_gold(folder: Path, name: str = "gold.gold.json", **fields: object) -> Path:
    gold: dict[str, object] = {
        "about": "test",
        "files": ["laporan-a.pdf"],
        "language": "id",
        "codes": {},
    }
    gold |= {"organizations": [], "places": [], "programmes": [], "sites": [], "citations": []}
    gold |= {"roles": [], "provides": []}
    gold |= fields
    path = folder / name
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[KnowledgeStore]:
    """An on-disk store holding one hand-made document, laporan-a.pdf."""
    text = two_page_text()
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        source = source_for(b"a", "laporan-a.pdf")
        graph = document_graph(source, text, *with_relations_and_entities(text), run=RUN)
        kg.replace_document(graph, source_path=str(source.path))
        yield kg


# --- scores ---------------------------------------------------------------------------


def test_score_measures() -> None:
    score = Score(true_positives=3, false_positives=1, false_negatives=2)
    assert (score.precision, score.recall) == (0.75, 0.6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score() == Score(0, 0, 0)
    assert (Score().precision, Score().recall, Score().f1) == (1.0, 1.0, 1.0)
    assert Score(1, 0, 0) + Score(0, 1, 1) == Score(1, 1, 1)


def test_codes_found_missed_and_wrong(store: KnowledgeStore, tmp_path: Path) -> None:
    # The document holds sector.private, form.physical, sector.community, form.monetary.
    gold = write_gold(
        tmp_path,
        codes={
            "sector.private": ["swasta"],
            "form.physical": ["bantuan fisik"],
            "role.planner": ["BKM sebagai perencana"],
            "goal.welfare": ["kesejahteraan"],
        },
    )
    report = evaluate(store, [gold])
    (document,) = report.documents
    assert document.file == "laporan-a.pdf"
    assert document.codes == Score(true_positives=2, false_positives=2, false_negatives=2)
    assert report.codes == document.codes
    assert report.families["sector"] == Score(1, 1, 0)
    assert report.families["form"] == Score(1, 1, 0)
    assert report.families["role"] == Score(0, 0, 1)
    assert [(e.code, e.gold_phrases) for e in document.missed] == [
        ("goal.welfare", ("kesejahteraan",)),
        ("role.planner", ("BKM sebagai perencana",)),
    ]
    wrong = {e.code: e.evidence for e in document.wrong}
    assert set(wrong) == {"form.monetary", "sector.community"}
    (fired,) = wrong["form.monetary"]
    assert (fired.quote, fired.rule, fired.page) == ("dana CSR", "form.monetary/test", 2)
    assert two_page_text().text[fired.start : fired.end] == "dana CSR"


def test_roles_and_provides(store: KnowledgeStore, tmp_path: Path) -> None:
    # The document states plays(community, planner) and provides(private, physical).
    gold = write_gold(
        tmp_path,
        roles=[{"sector": "sector.community", "role": "role.planner"}],
        provides=[
            {"sector": "sector.private", "form": "form.physical"},
            {"sector": "sector.government", "form": "form.programme"},
        ],
    )
    (document,) = evaluate(store, [gold]).documents
    assert document.roles == Score(1, 0, 0)
    assert document.provides == Score(1, 0, 1)
    (missed,) = document.missed_provides
    assert (missed.sector, missed.object) == ("sector.government", "form.programme")
    gold = write_gold(tmp_path, roles=[], provides=[])
    (document,) = evaluate(store, [gold]).documents
    (wrong,) = document.wrong_roles
    assert (wrong.sector, wrong.object) == ("sector.community", "role.planner")
    assert [(e.quote, e.rule) for e in wrong.evidence] == [("BKM sebagai perencana", "rel/test")]


def test_evidence_recall_counts_phrases_overlapped_by_their_code(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    gold = write_gold(
        tmp_path,
        codes={
            # overlapped: the annotation "bantuan fisik" lies inside the phrase
            "form.physical": ["memberi bantuan fisik berupa jalan", "sarana prasarana"],
            # "swasta" is annotated, but "pemerintah dan swasta" is an earlier mention
            "sector.private": ["Kemitraan pemerintah dan swasta"],
        },
    )
    (document,) = evaluate(store, [gold]).documents
    assert (document.evidence_found, document.evidence_total) == (2, 3)
    assert document.evidence_recall == pytest.approx(2 / 3)


def test_a_phrase_broken_at_a_line_end_still_overlaps(tmp_path: Path) -> None:
    text = "Tahun lalu mulai terjalin kemi-\ntraan dengan pihak swasta di kampung."
    extracted = ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")
    tagged = TaggedDocument(
        "id", (annotate(extracted, "role.partner", "kemi-\ntraan dengan pihak swasta"),)
    )
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        source = source_for(b"b", "laporan-b.txt")
        graph = document_graph(source, extracted, tagged, EntityFindings(), run=RUN)
        kg.replace_document(graph, source_path="b")
        gold = write_gold(
            tmp_path, files=["laporan-b.txt"], codes={"role.partner": ["kemitraan dengan pihak"]}
        )
        (document,) = evaluate(kg, [gold]).documents
    assert document.evidence_recall == 1.0


def test_a_document_with_nothing_to_find_scores_one_when_nothing_is_found(
    tmp_path: Path,
) -> None:
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        text = two_page_text()
        source = source_for(b"c", "kosong.pdf")
        graph = document_graph(source, text, TaggedDocument("id", ()), EntityFindings(), run=RUN)
        kg.replace_document(graph, source_path="c")
        report = evaluate(kg, [write_gold(tmp_path, files=["kosong.pdf"])])
    (document,) = report.documents
    assert document.codes == Score()
    assert (document.codes.f1, document.evidence_recall) == (1.0, 1.0)


def test_gold_naming_no_stored_document_is_reported(store: KnowledgeStore, tmp_path: Path) -> None:
    gold = write_gold(tmp_path, files=["absent.pdf", "src/absent.md"])
    report = evaluate(store, [gold])
    assert report.documents == ()
    assert report.unmatched == (str(gold),)


def test_every_stored_file_a_gold_names_is_scored(store: KnowledgeStore, tmp_path: Path) -> None:
    gold = write_gold(tmp_path, files=["other.txt", "laporan-a.pdf", "src/laporan-a.pdf"])
    assert [d.file for d in evaluate(store, [gold]).documents] == ["laporan-a.pdf"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read"),
        ('{"files": [], "codes": {}}', "'files'"),
        ('{"files": ["a.pdf"], "codes": []}', "'codes'"),
        ('{"files": ["a.pdf"], "codes": {}, "roles": [{"sector": "sector.private"}]}', "'role'"),
        ('{"files": ["a.pdf"], "codes": {}, "places": [{"kind": "kota"}]}', "'label'"),
        ('{"files": ["a.pdf"], "codes": {}, "organizations": {"label": "X"}}', "must be a list"),
        ('{"files": ["a.pdf"], "codes": {}, "citations": [{"author": "Sari"}]}', "'year'"),
    ],
)
def test_malformed_gold_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFileError, match=message):
        read_gold(path)


def test_report_as_json(store: KnowledgeStore, tmp_path: Path) -> None:
    gold = write_gold(tmp_path, codes={"sector.private": ["swasta"]})
    data = json.loads(json.dumps(evaluate(store, [gold]).to_dict()))
    assert data["codes"] == {"tp": 1, "fp": 3, "fn": 0, "precision": 0.25, "recall": 1.0,
                             "f1": 0.4}  # fmt: skip
    (document,) = data["documents"]
    assert {e["code"] for e in document["wrong"]} == {
        "form.physical",
        "form.monetary",
        "sector.community",
    }
    assert document["wrong"][0]["evidence"][0]["rule"].endswith("/test")


# --- the held-out set and the dev set, through a store --------------------------------


def test_heldout_gold_files_pass_check_gold(shared_dir: Path) -> None:
    assert len(HELDOUT_GOLDS) >= 8
    result = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "check_gold.py"), *map(str, HELDOUT_GOLDS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _files_of(gold_paths: list[Path]) -> list[Path]:
    files = []
    for gold in gold_paths:
        for name in json.loads(gold.read_text(encoding="utf-8"))["files"]:
            path = gold.parent / name
            if "/" not in name and path.is_file():
                files.append(path)
    return files


@pytest.fixture(scope="module")
def tagged_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    """The dev set, the held-out samples and the bundled corpus, tagged into one store."""
    files = [SEED_TXT, SEED_PDF, *_files_of(HELDOUT_GOLDS), *_files_of(CORPUS_GOLDS)]
    with KnowledgeStore.open(tmp_path_factory.mktemp("tagged") / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        for path in files:
            text = extract_text(path)
            tagged = default_tagger().tag(text)
            graph = document_graph(fingerprint(path), text, tagged, EntityFindings(), run=RUN)
            kg.replace_document(graph, source_path=str(path))
        yield kg


def _summary(report: EvaluationReport) -> str:
    return "\n".join(
        f"{d.file}: F1 {d.codes.f1:.2f} missed {[e.code for e in d.missed]} "
        f"wrong {[e.code for e in d.wrong]}"
        for d in report.documents
    )


def test_dev_set_codes_roles_and_provides(tagged_store: KnowledgeStore) -> None:
    report = evaluate(tagged_store, [SEED_GOLD])
    assert {d.file for d in report.documents} == {SEED_TXT.name, SEED_PDF.name}
    for document in report.documents:
        # Measured: P = R = F1 = 1.0 on the text and on the PDF; 56 of 56 phrases.
        assert document.codes.f1 >= 0.95, _summary(report)
        assert document.roles.recall == 1.0, document.missed_roles
        assert document.provides.recall == 1.0, document.missed_provides
        assert document.evidence_recall >= 0.9


def test_heldout_samples_and_corpus_micro_f1(tagged_store: KnowledgeStore) -> None:
    report = evaluate(tagged_store, [*HELDOUT_GOLDS, *CORPUS_GOLDS])
    assert report.unmatched == ()
    # Measured on the 17 documents: micro P 0.99, R 0.95, F1 0.97 (0.95 before the recall
    # work on sets C, D and E).
    assert report.codes.f1 >= 0.85, _summary(report)


def test_set_c_and_corpus_micro_f1(tagged_store: KnowledgeStore) -> None:
    report = evaluate(tagged_store, [*SET_C, *CORPUS_GOLDS])
    assert len(report.documents) == 9
    # First, blind run of set C: 0.89 (with corpus/: 0.91). After tuning on its misses and
    # those of sets D and E (no longer blind): set C 0.95, corpus/ 0.95.
    assert report.codes.f1 >= 0.85, _summary(report)


def test_documents_with_nothing_to_find_come_out_nearly_empty(
    tagged_store: KnowledgeStore,
) -> None:
    empty = [
        gold
        for gold in [*HELDOUT_GOLDS, *CORPUS_GOLDS]
        if not json.loads(gold.read_text(encoding="utf-8"))["codes"]
    ]
    assert len(empty) >= 3
    for document in evaluate(tagged_store, empty).documents:
        assert document.codes.false_positives <= 1, document.wrong


# --- entities -------------------------------------------------------------------------

ENTITY_TEXT = (
    "Kajian PLPBK di Podosugih: BKM Sido Rukun dan PT Salah Sasaran membangun taman (Sari, 2015)."
)


def mention(text: str, entity: Entity, phrase: str) -> EntityMention:
    start = text.index(phrase)
    return EntityMention(entity, Evidence(start, start + len(phrase), 1, phrase), "org/test")


def entity_document(text: str, bkm_names: tuple[str, ...]) -> EntityFindings:
    """A document naming a BKM (with these other names), a company, a place and a work."""
    bkm = Entity(EntityKey("organization", "bkm", place="33.75.01.1003"), "BKM Podosugih",
                 bkm_names)  # fmt: skip
    company = Entity(EntityKey("organization", "pt-salah-sasaran"), "PT Salah Sasaran")
    podosugih = Entity(EntityKey("place", "33.75.01.1003"), "Podosugih")
    work = Entity(
        EntityKey("work", "sari", year="2015"),
        "Sari (2015)",
        facts=(Fact("creator", "Sari"), Fact("date", 2015, "integer")),
    )
    # Implied, not named: its name is in the graph but the document does not name it.
    kota = Entity(EntityKey("place", "33.75"), "Kota Pekalongan")
    return EntityFindings(
        mentions=(
            mention(text, bkm, "BKM Sido Rukun"),
            mention(text, company, "PT Salah Sasaran"),
            mention(text, podosugih, "Podosugih"),
            mention(text, work, "Sari, 2015"),
        ),
        implied=(kota,),
        document_facts=(Fact("cites", work.key, "entity"),),
    )


@pytest.fixture
def entity_store_dir(tmp_path: Path) -> Path:
    """A store on disk with two documents naming one BKM: laporan-e.txt as "BKM Sido
    Rukun", laporan-f.txt also as "LKM Sido Rukun"."""
    path = tmp_path / "kg"
    with KnowledgeStore.open(path) as kg:
        kg.load_vocabulary(vocabulary_files())
        for name, names in (
            ("laporan-e.txt", ("BKM Sido Rukun",)),
            ("laporan-f.txt", ("BKM Sido Rukun", "LKM Sido Rukun")),
        ):
            text = ENTITY_TEXT + " " + name
            extracted = ExtractedText(text, (Page(1, 0, len(text), "plain-text"),), "text/plain")
            tagged = TaggedDocument(language="id", annotations=())
            found = entity_document(text, names)
            source = source_for(name.encode(), name)
            kg.replace_document(
                document_graph(source, extracted, tagged, found, run=RUN), source_path=name
            )
    return path


@pytest.fixture
def entity_store(entity_store_dir: Path) -> Iterator[KnowledgeStore]:
    with KnowledgeStore.open(entity_store_dir, read_only=True) as kg:
        yield kg


def entity_gold(folder: Path) -> Path:
    """Gold for laporan-e.txt: one of its two organisations, its place, one of two works."""
    return write_gold(
        folder,
        files=["laporan-e.txt"],
        organizations=[
            {"label": "BKM Sido Rukun", "also": ["BKM Podosugih"], "sector": "sector.community"},
            {"label": "Dinas Sosial", "sector": "sector.government"},
        ],
        places=[{"label": "Podosugih", "kind": "kelurahan"}],
        citations=[{"author": "Sari", "year": 2015}, {"author": "Putra", "year": 2010}],
    )


def test_entities_found_missed_and_wrong(entity_store: KnowledgeStore, tmp_path: Path) -> None:
    report = evaluate(entity_store, [entity_gold(tmp_path)])
    (document,) = report.documents
    assert document.entities == {
        "organizations": MatchScore(found_correct=1, found=2, gold_found=1, gold=2),
        "places": MatchScore(1, 1, 1, 1),  # Kota Pekalongan is only implied: not counted
        "citations": MatchScore(1, 1, 1, 2),
        # The gold gives sectors; these hand-made entities carry none, so none is right.
        "organization-sectors": MatchScore(0, 2, 0, 2),
    }
    assert report.entities == document.entities
    assert [(e.kind, e.name) for e in document.missed_entities] == [
        ("organizations", "Dinas Sosial"),
        ("citations", "Putra (2010)"),
    ]
    (wrong,) = document.wrong_entities
    assert (wrong.kind, wrong.name) == ("organizations", "PT Salah Sasaran")
    assert [(e.quote, e.rule) for e in wrong.evidence] == [("PT Salah Sasaran", "org/test")]


def test_an_entity_matches_by_its_names_in_the_document_itself(
    entity_store: KnowledgeStore, tmp_path: Path
) -> None:
    # "LKM Sido Rukun" is the BKM's name only in laporan-f.txt.
    gold = write_gold(
        tmp_path,
        files=["laporan-e.txt", "laporan-f.txt"],
        organizations=[{"label": "LKM Sido Rukun", "sector": "sector.community"}],
    )
    scores = {d.file: d.entities["organizations"] for d in evaluate(entity_store, [gold]).documents}
    assert scores["laporan-e.txt"].gold_found == 0
    assert scores["laporan-f.txt"].gold_found == 1


def test_two_nodes_of_one_gold_entity_are_both_right() -> None:
    score = MatchScore(found_correct=2, found=2, gold_found=1, gold=1)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert MatchScore() + MatchScore(1, 2, 1, 1) == MatchScore(1, 2, 1, 1)
    assert (MatchScore().precision, MatchScore().recall) == (1.0, 1.0)


def test_kinds_of_entity_a_gold_does_not_list_are_not_scored(
    entity_store: KnowledgeStore, tmp_path: Path
) -> None:
    gold = write_gold(tmp_path, files=["laporan-e.txt"])
    data = json.loads(gold.read_text(encoding="utf-8"))
    del data["citations"]
    gold.write_text(json.dumps(data), encoding="utf-8")
    report = evaluate(entity_store, [gold])
    assert set(report.entities) == {"organizations", "places"}
    assert report.entities["organizations"] == MatchScore(0, 2, 0, 0)


def test_entity_report_as_json(entity_store: KnowledgeStore, tmp_path: Path) -> None:
    data = json.loads(json.dumps(evaluate(entity_store, [entity_gold(tmp_path)]).to_dict()))
    assert data["entities"]["citations"] == {
        "found": 1, "found_correct": 1, "gold": 2, "gold_found": 1,
        "precision": 1.0, "recall": 0.5, "f1": 0.6667,
    }  # fmt: skip
    (document,) = data["documents"]
    assert document["entities"]["organizations"]["f1"] == 0.5
    assert {"kind": "citations", "name": "Putra (2010)"} in document["missed_entities"]
    (wrong,) = document["wrong_entities"]
    assert wrong["iri"].endswith("/org/pt-salah-sasaran")
    assert wrong["evidence"][0]["quote"] == "PT Salah Sasaran"


def test_evaluate_command_prints_the_entity_scores(entity_store_dir: Path, tmp_path: Path) -> None:
    gold = entity_gold(tmp_path)
    result = plpbk("evaluate", str(gold), "--store", str(entity_store_dir))
    assert result.returncode == 0, result.stderr
    for text in ("entities per document", "entities (micro)", "organisations", "citations",
                 "entities missed and found wrongly", "Dinas Sosial", "Putra (2010)",
                 "PT Salah Sasaran", "org/test"):  # fmt: skip
        assert text in result.stdout, text
    assert "0.50 (1/2, +1 wrong)" in result.stdout  # organisations of laporan-e.txt


@pytest.fixture(scope="module")
def recognised_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeStore]:
    """The entity held-out documents, through the tag and entities stages."""
    with KnowledgeStore.open(tmp_path_factory.mktemp("entities") / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        for path in sorted(HELDOUT_ENTITIES.glob("*.txt")):
            text = extract_text(path)
            tagged = tag_document(text)
            found = recognise_entities(text, language=tagged.language)
            graph = document_graph(fingerprint(path), text, tagged, found, run=RUN)
            kg.replace_document(graph, source_path=str(path))
        yield kg


def test_entity_scores_from_the_store_are_the_recognisers(
    recognised_store: KnowledgeStore,
) -> None:
    from test_entities import entity_scores

    golds = sorted(HELDOUT_ENTITIES.glob("*.gold.json"))
    report = evaluate(recognised_store, golds)
    assert len(report.documents) == len(golds) == 3
    for document in report.documents:
        text = Path(document.gold).with_name(document.file)
        expected = entity_scores(Path(document.gold), text)
        found = {
            kind: round(score.f1, 4)
            for kind, score in document.entities.items()
            if kind in expected
        }
        assert found == {kind: round(f1, 4) for kind, f1 in expected.items()}, document.file
