"""The tagging commands of the CLI, run for real: codebook, evaluate, and the roles and
provides queries over a store the tagger filled."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, SEED_GOLD, SEED_TXT, plpbk
from documents import RUN

from pipeline.document import EntityFindings
from pipeline.extract import extract_text
from pipeline.graph import document_graph
from pipeline.resources import vocabulary_files
from pipeline.source import fingerprint
from pipeline.store import KnowledgeStore
from pipeline.tag import default_tagger

HELDOUT = PROJECT_ROOT / "tests" / "heldout"
SAMPLES = ["heldout-review-lette", "heldout-notulen-oesapa", "heldout-warta-car-free-day"]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store on disk holding the seed study and three held-out samples, tagged."""
    path = tmp_path_factory.mktemp("cli") / "kg"
    files = [SEED_TXT, *(HELDOUT / f"{name}.txt" for name in SAMPLES)]
    with KnowledgeStore.open(path) as kg:
        kg.load_vocabulary(vocabulary_files())
        for file in files:
            text = extract_text(file)
            tagged = default_tagger().tag(text)
            graph = document_graph(fingerprint(file), text, tagged, EntityFindings(), run=RUN)
            kg.replace_document(graph, source_path=str(file))
    yield path


# --- codebook ---------------------------------------------------------------------------


def test_codebook_lists_every_code_with_labels_and_cue_counts() -> None:
    result = plpbk("codebook")
    assert result.returncode == 0, result.stderr
    for notation in ("sector.government", "form.event", "method.miles_huberman"):
        assert notation in result.stdout
    for header in ("label @id", "label @en", "family", "cues id", "cues en"):
        assert header in result.stdout
    assert "32 codes" in result.stderr


def test_codebook_for_one_language() -> None:
    result = plpbk("codebook", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "label @en" in result.stdout and "cues en" in result.stdout
    assert "label @id" not in result.stdout and "cues id" not in result.stdout
    assert "event sponsorship" in result.stdout


def test_codebook_refuses_an_unknown_language() -> None:
    result = plpbk("codebook", "--lang", "fr")
    assert result.returncode == 2
    assert "'fr' is not one of 'id', 'en'" in result.stderr


# --- evaluate ---------------------------------------------------------------------------


def test_evaluate_as_json(store_dir: Path) -> None:
    golds = [SEED_GOLD, *(HELDOUT / f"{name}.gold.json" for name in SAMPLES)]
    result = plpbk("evaluate", *map(str, golds), "--store", str(store_dir), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    by_file = {d["file"]: d for d in report["documents"]}
    assert set(by_file) == {SEED_TXT.name, *(f"{name}.txt" for name in SAMPLES)}
    seed = by_file[SEED_TXT.name]
    assert seed["codes"]["f1"] >= 0.95
    assert seed["roles"]["recall"] == 1.0
    assert seed["provides"]["recall"] == 1.0
    assert by_file["heldout-warta-car-free-day.txt"]["codes"]["fp"] <= 1
    assert report["codes"]["f1"] >= 0.85
    assert set(report["families"]) >= {"sector", "role", "form", "method"}


def test_evaluate_as_tables_names_what_was_missed_or_wrong(store_dir: Path, tmp_path: Path) -> None:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    gold["files"] = [SEED_TXT.name]
    gold["codes"]["goal.imaginary"] = ["tidak ada"]  # missed, with its phrase
    del gold["codes"]["form.event"]  # found wrongly, with the evidence that fired
    path = tmp_path / "seed.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    result = plpbk("evaluate", str(path), "--store", str(store_dir))
    assert result.returncode == 0, result.stderr
    for text in ("codes per document", "codes per family", "overall (micro)", "roles",
                 "provides", "evidence recall"):  # fmt: skip
        assert text in result.stdout
    assert "goal.imaginary" in result.stdout and "tidak ada" in result.stdout
    assert "found wrongly" in result.stdout
    assert "form.event/id/" in result.stdout  # the rule that fired


def test_evaluate_warns_of_gold_files_naming_no_stored_document(
    store_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "other.gold.json"
    path.write_text(json.dumps({"files": ["elsewhere.pdf"], "codes": {}}), encoding="utf-8")
    result = plpbk("evaluate", str(path), "--store", str(store_dir), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["unmatched"] == [str(path)]
    assert "no stored document" in result.stderr


def test_evaluate_without_a_store_fails_clearly(tmp_path: Path) -> None:
    result = plpbk("evaluate", str(SEED_GOLD), "--store", str(tmp_path / "none"))
    assert result.returncode == 1  # a failure, not a usage error
    assert "no store at" in result.stderr


# --- the roles and provides queries ---------------------------------------------------


def test_roles_query_lists_who_plays_what(store_dir: Path) -> None:
    result = plpbk("query", "roles", "--store", str(store_dir), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    seed = {(r["sector"], r["role"]) for r in rows if r["file"] == SEED_TXT.name}
    assert {
        ("sector.community", "role.planner"),
        ("sector.government", "role.facilitator"),
        ("sector.private", "role.partner"),
    } <= seed
    assert all(int(r["evidence"]) >= 1 for r in rows)
    assert not [r for r in rows if r["file"] == "heldout-warta-car-free-day.txt"]


def test_provides_query_for_one_file(store_dir: Path) -> None:
    result = plpbk(
        "query", "provides", "--store", str(store_dir), "--format", "json",
        "--param", "file=heldout-review-lette.txt",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    found = {(b["sector"]["value"], b["form"]["value"]) for b in bindings}
    assert {b["file"]["value"] for b in bindings} == {"heldout-review-lette.txt"}
    assert ("sector.private", "form.monetary") in found
    # The review says the provincial government gave no cash.
    assert ("sector.government", "form.monetary") not in found
