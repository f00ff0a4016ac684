"""The codebook: codebook.ttl agrees with codebook.md, cue files are validated on load."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import PROJECT_ROOT
from rdflib import RDF, SKOS, Graph, Literal, URIRef

from pipeline.codebook import (
    Codebook,
    codebook_fingerprint,
    default_ontology_dir,
    load_codebook,
)
from pipeline.errors import CodebookError

ONTOLOGY = PROJECT_ROOT / "ontology"
SCHEME = "https://w3id.org/plpbk-kg/codebook"


def _md_rows(shared_dir: Path) -> dict[str, tuple[str, str, str]]:
    """The code table of codebook.md, read independently of the build script."""
    rows = {}
    for line in (shared_dir / "codebook.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"[a-z_]+\.[a-z_]+", cells[0]):
            rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_codebook", ONTOLOGY / "build_codebook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def ontology_copy(tmp_path: Path) -> Path:
    """A copy of the ontology folder with one small pattern file, to break at will."""
    directory = tmp_path / "ontology"
    (directory / "patterns").mkdir(parents=True)
    shutil.copy(ONTOLOGY / "codebook.ttl", directory / "codebook.ttl")
    shutil.copy(ONTOLOGY / "contexts.jsonl", directory / "contexts.jsonl")
    _write_lines(
        directory / "patterns" / "form.jsonl",
        [
            {
                "label": "form.physical",
                "pattern": "bantuan fisik",
                "id": "form.physical/id/bantuan-fisik",
                "lang": "id",
            }
        ],
    )
    return directory


def _write_lines(path: Path, lines: list[dict[str, object] | str]) -> None:
    text = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    path.write_text(text, encoding="utf-8")


def _append(path: Path, line: dict[str, object] | str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write((line if isinstance(line, str) else json.dumps(line)) + "\n")


# --- codebook.ttl against codebook.md ------------------------------------------------


def test_codebook_ttl_has_every_code_of_codebook_md_with_labels_and_definition(
    codebook: Codebook, shared_dir: Path
) -> None:
    rows = _md_rows(shared_dir)
    assert len(rows) == 32
    for notation, (label_id, label_en, meaning) in rows.items():
        concept = codebook.concepts[notation]
        assert concept.labels == {"id": label_id, "en": label_en}, notation
        assert concept.definition == meaning, notation
        assert concept.iri == f"{SCHEME}/{notation}"
        assert concept.family == notation.split(".")[0]


def test_codebook_ttl_has_no_code_beyond_codebook_md(codebook: Codebook, shared_dir: Path) -> None:
    assert set(codebook.concepts) == set(_md_rows(shared_dir))


def test_scheme_iri_and_version_come_from_the_title(codebook: Codebook) -> None:
    assert codebook.scheme == SCHEME
    assert codebook.version == "1.1"


def test_international_sector_is_a_code_of_the_sector_family(codebook: Codebook) -> None:
    concept = codebook.concepts["sector.international"]
    assert concept.family == "sector"
    assert concept.labels == {
        "id": "lembaga internasional",
        "en": "international development partner",
    }
    assert "neither a company nor the Indonesian government" in concept.definition
    graph = Graph().parse(ONTOLOGY / "codebook.ttl")
    family = URIRef(f"{SCHEME}/family/sector")
    members = {str(graph.value(m, SKOS.notation)) for m in graph.objects(family, SKOS.member)}
    assert members == {
        "sector.government", "sector.private", "sector.community", "sector.international",
    }  # fmt: skip


def test_display_order_follows_the_table_of_codebook_md(shared_dir: Path) -> None:
    graph = Graph().parse(ONTOLOGY / "codebook.ttl")
    order = URIRef("https://w3id.org/plpbk-kg/ontology#displayOrder")
    by_position = {
        int(graph.value(concept, order)): str(graph.value(concept, SKOS.notation))
        for concept in graph.subjects(RDF.type, SKOS.Concept)
    }
    table = list(_md_rows(shared_dir))
    assert [by_position[i] for i in sorted(by_position)] == table
    assert sorted(by_position) == list(range(1, len(table) + 1))
    assert by_position[4] == "sector.international"  # after the three v1 sectors
    families = {
        str(graph.value(collection, SKOS.notation)): int(graph.value(collection, order))
        for collection in graph.subjects(RDF.type, SKOS.Collection)
    }
    first_seen = list(dict.fromkeys(notation.split(".")[0] for notation in table))
    assert sorted(families, key=families.__getitem__) == first_seen


def test_codebook_ttl_is_skos_with_plain_notations_and_family_collections() -> None:
    graph = Graph().parse(ONTOLOGY / "codebook.ttl")
    scheme = URIRef(SCHEME)
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        notation = graph.value(concept, SKOS.notation)
        assert isinstance(notation, Literal)
        assert notation.datatype is None and notation.language is None
        assert (concept, SKOS.inScheme, scheme) in graph
    families = set(graph.subjects(RDF.type, SKOS.Collection))
    assert {str(f).rsplit("/", 1)[1] for f in families} == {
        "sector", "role", "form", "process", "goal", "factor", "constraint", "effort", "method",
    }  # fmt: skip
    for family in families:
        name = str(family).rsplit("/", 1)[1]
        assert str(family) == f"{SCHEME}/family/{name}"
        labels = {
            lit.language
            for lit in graph.objects(family, SKOS.prefLabel)
            if isinstance(lit, Literal)
        }
        assert labels == {"id", "en"}
        members = {str(graph.value(m, SKOS.notation)) for m in graph.objects(family, SKOS.member)}
        assert members and all(m.startswith(f"{name}.") for m in members)


def test_codebook_ttl_is_what_the_build_script_makes_of_codebook_md(
    build_script: ModuleType, shared_dir: Path
) -> None:
    # Regenerate with `python ontology/build_codebook.py` and review the diff.
    source = build_script.parse_codebook_md((shared_dir / "codebook.md").read_text("utf-8"))
    expected = build_script.serialize_codebook(build_script.codebook_graph(source))
    assert (ONTOLOGY / "codebook.ttl").read_text(encoding="utf-8") == expected


def test_build_script_rejects_a_title_without_version(build_script: ModuleType) -> None:
    with pytest.raises(ValueError, match="version"):
        build_script.parse_codebook_md("# The partnership codebook\n| a.b | x | y | z | w |\n")


def test_every_code_has_cues_in_both_languages(codebook: Codebook) -> None:
    for notation in codebook.concepts:
        langs = {p.lang for p in codebook.patterns if p.label == notation}
        assert langs == {"id", "en"}, notation


def test_pattern_files_are_split_by_family(codebook: Codebook) -> None:
    for pattern in codebook.patterns:
        file_name = Path(pattern.source.rsplit(":", 1)[0]).name
        assert file_name == f"{codebook.concepts[pattern.label].family}.jsonl"


def test_default_ontology_dir_is_the_projects() -> None:
    assert default_ontology_dir() == ONTOLOGY


# --- validation: errors name file and line --------------------------------------------


GOOD = {"label": "form.monetary", "pattern": "bantuan uang", "lang": "id"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"label": "form.physical", "pattern": "x"', "not valid JSON"),
        ('["form.physical"]', "expected a JSON object"),
        (
            {**GOOD, "label": "form.physicl", "id": "form.physicl/id/x"},
            "did you mean 'form.physical'",
        ),
        ({**GOOD, "lang": "fr", "id": "form.monetary/fr/x"}, "unknown language 'fr'"),
        ({**GOOD, "id": "form.monetary/id/x", "attr": "SHAPE"}, "unknown attr 'SHAPE'"),
        ({**GOOD, "id": "form.monetary/id/x", "context": "nowhere"}, "unknown context 'nowhere'"),
        ({**GOOD, "id": "form.monetary/id/x", "kontext": "x"}, "unknown key(s) ['kontext']"),
        ({"label": "form.monetary", "pattern": "x", "lang": "id"}, "missing key(s) ['id']"),
        ({**GOOD, "id": "form.physical/id/x"}, "must start with 'form.monetary/id/'"),
        (
            {
                "label": "form.physical",
                "pattern": "x",
                "id": "form.physical/id/bantuan-fisik",
                "lang": "id",
            },
            "already used at",
        ),
        ({**GOOD, "id": "form.monetary/id/x", "pattern": "  -- "}, "has no word in it"),
        ({**GOOD, "id": "form.monetary/id/x", "pattern": 42}, "'pattern' must be a phrase"),
        (
            {**GOOD, "id": "form.monetary/id/x", "pattern": [{"LEMMAX": "uang"}]},
            "spaCy rejects the token pattern",
        ),
        (
            {**GOOD, "id": "form.monetary/id/x", "pattern": [{"LEMMA": {"IN": "uang"}}]},
            "spaCy rejects the token pattern",
        ),
        ({**GOOD, "id": "form.monetary/id/x", "anchor": 0}, "applies to token patterns only"),
        (
            {**GOOD, "id": "form.monetary/id/x", "player": "role.partner"},
            "'player' must be a sector code (sector.community, sector.government",
        ),
        (
            {**GOOD, "id": "form.monetary/id/x", "pattern": [{"NORM": "uang"}], "anchor": 1},
            "must be the index of one of the pattern's 1 tokens",
        ),
        (
            {**GOOD, "id": "form.monetary/id/x", "pattern": [{"NORM": "uang"}], "anchor": True},
            "must be the index",
        ),
        (
            {
                **GOOD,
                "id": "form.monetary/id/x",
                "pattern": [{"NORM": "dana", "OP": "?"}, {"NORM": "uang"}],
                "anchor": 0,
            },
            "names an optional token",
        ),
        (
            {
                **GOOD,
                "id": "form.monetary/id/x",
                "pattern": [{"IS_DIGIT": True}, {"NORM": "uang"}],
                "anchor": 0,
            },
            "names a token not pinned to words",
        ),
        (
            {
                "label": "sector.private",
                "pattern": "bank",
                "id": "sector.private/id/x",
                "lang": "id",
            },
            "belongs in patterns/sector.jsonl",
        ),
    ],
)
def test_bad_pattern_line_is_rejected_naming_file_and_line(
    ontology_copy: Path, line: dict[str, object] | str, message: str
) -> None:
    path = ontology_copy / "patterns" / "form.jsonl"
    _append(path, "")  # a blank line is allowed and still counted
    _append(path, line)
    with pytest.raises(CodebookError) as error:
        load_codebook(ontology_copy)
    assert f"{path}:3:" in str(error.value)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"context": "x", "near": ["a"]}, "needs a 'description'"),
        ({"context": "x", "description": "d", "near": "a"}, "must be a list of words"),
        ({"context": "x", "description": "d", "near": ["kerja sama"]}, "single words"),
        ({"context": "x", "description": "d", "window": 0}, "'window' must be an integer"),
        ({"context": "x", "description": "d", "side": "left"}, "'side' must be one of"),
        ({"context": "x", "description": "d", "extends": "later"}, "which no earlier line"),
        ({"context": "partnership", "description": "d"}, "defined twice"),
        ({"context": "x", "description": "d", "topic_min": -1}, "'topic_min' must be a whole"),
        ({"context": "x", "description": "d", "doc_min": "2"}, "'doc_min' must be a whole"),
        ({"context": "x", "description": "d", "distinct_min": -1}, "'distinct_min' must be a"),
        ({"context": "x", "description": "d", "not_in_document": "adb"}, "must be a list of"),
        ({"context": "x", "description": "d", "topic": "sponsorship"}, "with a 'topic_min'"),
        ({"context": "x", "description": "d", "topic": "later"}, "with a 'topic_min'"),
        ({"context": "x", "description": "d", "same_sentence": 1}, "'same_sentence' must be"),
    ],
)
def test_bad_context_line_is_rejected_naming_file_and_line(
    ontology_copy: Path, line: dict[str, object], message: str
) -> None:
    path = ontology_copy / "contexts.jsonl"
    lineno = len(path.read_text(encoding="utf-8").splitlines()) + 1
    _append(path, line)
    with pytest.raises(CodebookError) as error:
        load_codebook(ontology_copy)
    assert f"{path}:{lineno}:" in str(error.value)
    assert message in str(error.value)


def test_context_rules_weigh_whole_documents(codebook: Codebook) -> None:
    partnership = codebook.contexts["partnership"]
    assert partnership.topic_min > 0 and partnership.doc_min > 0
    assert codebook.contexts["sponsorship"].topic == "partnership"
    assert codebook.contexts["funding_nearby"].same_sentence


GOOD_LEMMA = {"lang": "id", "lemma": "rencana", "lemmas": ["rancang"], "description": "d"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({**GOOD_LEMMA, "lang": "fr"}, "unknown language 'fr'"),
        ({**GOOD_LEMMA, "lemma": "dua kata"}, "'lemma' must be one word"),
        ({**GOOD_LEMMA, "description": " "}, "needs a 'description'"),
        ({"lang": "id", "lemma": "x", "description": "d"}, "lists no 'lemmas' and no 'words'"),
        ({**GOOD_LEMMA, "words": ["dua kata"]}, "single words"),
        ({**GOOD_LEMMA, "spelling": True}, "lemmas are no spellings"),
        ({**GOOD_LEMMA, "spelling": "yes", "lemmas": [], "words": ["x"]}, "'spelling' must be"),
        ({**GOOD_LEMMA, "kata": []}, "unknown key(s) ['kata']"),
    ],
)
def test_bad_lemma_line_is_rejected_naming_file_and_line(
    ontology_copy: Path, line: dict[str, object], message: str
) -> None:
    path = ontology_copy / "lemmas.jsonl"
    _append(path, GOOD_LEMMA)
    _append(path, line)
    with pytest.raises(CodebookError) as error:
        load_codebook(ontology_copy)
    assert f"{path}:2:" in str(error.value)
    assert message in str(error.value)


def test_a_word_is_folded_into_one_lemma_only(ontology_copy: Path) -> None:
    path = ontology_copy / "lemmas.jsonl"
    _append(path, GOOD_LEMMA)
    _append(path, {**GOOD_LEMMA, "lemma": "desain"})
    with pytest.raises(CodebookError, match="already folded into another lemma at"):
        load_codebook(ontology_copy)


def test_lemmas_are_optional_and_loaded_when_present(ontology_copy: Path) -> None:
    assert load_codebook(ontology_copy).synonyms == ()
    _append(ontology_copy / "lemmas.jsonl", GOOD_LEMMA)
    (synonyms,) = load_codebook(ontology_copy).synonyms
    assert (synonyms.lang, synonyms.lemma, synonyms.lemmas) == ("id", "rencana", ("rancang",))


def test_the_projects_lemmas_fold_synonyms_of_both_languages(codebook: Codebook) -> None:
    assert {entry.lang for entry in codebook.synonyms} == {"id", "en"}


def test_valid_token_pattern_is_accepted(ontology_copy: Path) -> None:
    _append(
        ontology_copy / "patterns" / "form.jsonl",
        {**GOOD, "id": "form.monetary/id/tok", "pattern": [{"LEMMA": "bantu"}, {"NORM": "uang"}]},
    )
    codebook = load_codebook(ontology_copy)
    assert not codebook.patterns[-1].is_phrase


def test_a_token_pattern_may_name_its_anchor(ontology_copy: Path) -> None:
    pattern = [{"NORM": {"IN": ["bantuan", "dana"]}}, {"NORM": "hibah", "OP": "+"}]
    _append(
        ontology_copy / "patterns" / "form.jsonl",
        {**GOOD, "id": "form.monetary/id/tok", "pattern": pattern, "anchor": 1},
    )
    assert load_codebook(ontology_copy).patterns[-1].anchor == 1


def test_missing_codebook_ttl_says_how_to_build_it(ontology_copy: Path) -> None:
    (ontology_copy / "codebook.ttl").unlink()
    with pytest.raises(CodebookError, match=r"build_codebook\.py"):
        load_codebook(ontology_copy)


def test_no_pattern_files_is_an_error(ontology_copy: Path) -> None:
    (ontology_copy / "patterns" / "form.jsonl").unlink()
    with pytest.raises(CodebookError, match=r"no \*\.jsonl pattern files"):
        load_codebook(ontology_copy)


# --- fingerprint -------------------------------------------------------------------------


def test_fingerprint_is_version_plus_short_hash_and_stable(ontology_copy: Path) -> None:
    fingerprint = codebook_fingerprint(ontology_copy)
    assert re.fullmatch(r"1\.1\+[0-9a-f]{12}", fingerprint)
    assert load_codebook(ontology_copy).fingerprint == fingerprint
    assert codebook_fingerprint(ontology_copy) == fingerprint


def test_fingerprint_changes_when_a_cue_is_added(ontology_copy: Path) -> None:
    before = codebook_fingerprint(ontology_copy)
    _append(ontology_copy / "patterns" / "form.jsonl", {**GOOD, "id": "form.monetary/id/uang"})
    assert codebook_fingerprint(ontology_copy) != before


def test_fingerprint_changes_when_a_context_rule_changes(ontology_copy: Path) -> None:
    before = codebook_fingerprint(ontology_copy)
    _append(ontology_copy / "contexts.jsonl", {"context": "new", "description": "d"})
    assert codebook_fingerprint(ontology_copy) != before


def test_fingerprint_changes_when_a_synonym_is_added(ontology_copy: Path) -> None:
    before = codebook_fingerprint(ontology_copy)
    _append(ontology_copy / "lemmas.jsonl", GOOD_LEMMA)
    assert codebook_fingerprint(ontology_copy) != before


def test_projects_fingerprint_matches_loaded_codebook(codebook: Codebook) -> None:
    assert codebook_fingerprint() == codebook.fingerprint


def test_a_goal_cue_names_no_player(ontology_copy: Path) -> None:
    line = {"label": "goal.funding", "pattern": "dana abadi kampung", "lang": "id"}
    _append(
        ontology_copy / "patterns" / "goal.jsonl",
        {**line, "id": "goal.funding/id/t", "player": "sector.government"},
    )
    with pytest.raises(CodebookError, match="on a role or form cue"):
        load_codebook(ontology_copy)


@pytest.mark.parametrize(
    ("family", "label", "pattern", "sector"),
    [
        ("role", "role.planner", "rencana kampung", "sector.community"),  # who plays it
        ("form", "form.monetary", "dana apbdes", "sector.government"),  # who gives it
    ],
)
def test_a_role_or_form_cue_may_name_its_player_a_sector_only(
    ontology_copy: Path, family: str, label: str, pattern: str, sector: str
) -> None:
    line = {"label": label, "pattern": pattern, "lang": "id"}
    path = ontology_copy / "patterns" / f"{family}.jsonl"
    _append(path, {**line, "id": f"{label}/id/t", "player": sector})
    assert load_codebook(ontology_copy).patterns[-1].player == sector
    _append(path, {**line, "id": f"{label}/id/u", "player": "role.partner"})
    with pytest.raises(CodebookError, match="'player' must be a sector code"):
        load_codebook(ontology_copy)
