"""The comparison matrix: its cells, its filters, its formats, and the CLI command."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
from conftest import PROJECT_ROOT, SEED_PDF, SEED_TXT, plpbk
from stores import build_store, golden_documents

from pipeline.compare import Comparison, build_comparison
from pipeline.errors import CompareError, UnknownLanguageError
from pipeline.query import parse_params, resolve_query, rows, run_query
from pipeline.render import FORMATS, OutputFormat, renderer, renderers
from pipeline.render.text import to_csv, to_json, to_markdown
from pipeline.store import KnowledgeStore

CORPUS = PROJECT_ROOT / "corpus"


@pytest.fixture(scope="module")
def golden_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("compare") / "golden", golden_documents())


@pytest.fixture(scope="module")
def golden(golden_path: Path) -> Iterator[KnowledgeStore]:
    with KnowledgeStore.open(golden_path, read_only=True) as kg:
        yield kg


@pytest.fixture(scope="module")
def dev_and_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev set (seed text and seed PDF) and the bundled corpus, in one store."""
    files = [SEED_TXT, SEED_PDF, *sorted(CORPUS.glob("*.txt")), *sorted(CORPUS.glob("*.pdf"))]
    return build_store(tmp_path_factory.mktemp("compare") / "dev", [(f, None) for f in files])


def evidence_by_query(kg: KnowledgeStore) -> dict[tuple[str, str], int]:
    """(code, file) → evidence, as `plpbk-kg query codes` counts it (grouping annotations)."""
    columns, table = rows(run_query(kg, resolve_query("codes")))
    return {(row[columns.index("code")], row[columns.index("file")]): int(row[-1]) for row in table}


def cells(comparison: Comparison) -> dict[tuple[str, str], int]:
    return {
        (row.notation, column.name): comparison.count(row.notation, column.key)
        for row in comparison.rows
        for column in comparison.columns
        if comparison.count(row.notation, column.key)
    }


# --- cells agree with the query --------------------------------------------------------


def test_cells_agree_with_the_codes_query_on_the_golden_store(golden: KnowledgeStore) -> None:
    comparison = build_comparison(golden)
    assert cells(comparison) == evidence_by_query(golden)
    assert [column.name for column in comparison.columns] == [
        "kemitraan-kraton.txt",
        "kolaborasi-gadingrejo.txt",
        "notulen-bkm-scan.txt",
        "partnership-review-tegal.txt",
    ]


def test_cells_agree_with_the_codes_query_on_dev_set_and_corpus(dev_and_corpus: Path) -> None:
    with KnowledgeStore.open(dev_and_corpus, read_only=True) as kg:
        comparison = build_comparison(kg)
        expected = evidence_by_query(kg)
    assert cells(comparison) == expected
    assert len(comparison.columns) == 2 + len(list(CORPUS.glob("*.txt"))) + 2
    # The seed study's text and its PDF are the same study: the same codes.
    seed_txt = {code for code, name in expected if name == SEED_TXT.name}
    seed_pdf = {code for code, name in expected if name == SEED_PDF.name}
    assert seed_txt == seed_pdf and len(seed_txt) >= 25


def test_every_code_is_a_row_in_codebook_order_even_without_evidence(
    golden: KnowledgeStore,
) -> None:
    comparison = build_comparison(golden)
    notations = [row.notation for row in comparison.rows]
    assert len(notations) == 32
    assert notations[:3] == ["sector.government", "sector.private", "sector.community"]
    assert notations[-1] == "method.miles_huberman"
    assert [family.notation for family in comparison.families][:3] == ["sector", "role", "form"]
    assert comparison.count("method.miles_huberman", "kemitraan-kraton.txt") == 0
    for family in comparison.families:
        assert all(
            row.notation.startswith(family.notation + ".")
            for row in comparison.rows_of(family.notation)
        )


def test_families_carry_their_definitions(golden: KnowledgeStore) -> None:
    families = {family.notation: family for family in build_comparison(golden).families}
    assert families["form"].definition == "What a partner contributes to the programme."
    assert all(family.definition for family in families.values())


def test_labels_follow_the_language(golden: KnowledgeStore) -> None:
    english = {row.notation: row.label for row in build_comparison(golden, lang="en").rows}
    indonesian = {row.notation: row.label for row in build_comparison(golden, lang="id").rows}
    assert english["form.physical"] == "physical aid"
    assert indonesian["form.physical"] == "bantuan fisik"
    family = build_comparison(golden, lang="id").families[0]
    assert family.label == "sektor pelaku"


# --- filters ---------------------------------------------------------------------------


def test_family_filter_keeps_only_those_codes(golden: KnowledgeStore) -> None:
    comparison = build_comparison(golden, families=["factor", "constraint"])
    assert {row.family for row in comparison.rows} == {"factor", "constraint"}
    assert [f.notation for f in comparison.families] == ["factor", "constraint"]
    assert comparison.count("constraint.funding_shortage", "partnership-review-tegal.txt") == 2
    assert all(
        notation.split(".")[0] in {"factor", "constraint"} for notation, _ in comparison.counts
    )


def test_documents_filter(golden: KnowledgeStore) -> None:
    comparison = build_comparison(
        golden, documents=["partnership-review-tegal.txt", "kemitraan-kraton.txt"]
    )
    assert [c.name for c in comparison.columns] == [
        "kemitraan-kraton.txt",
        "partnership-review-tegal.txt",
    ]
    assert [d.file_name for d in comparison.documents] == [
        "kemitraan-kraton.txt",
        "partnership-review-tegal.txt",
    ]


@pytest.mark.parametrize("place", ["Jawa Timur", "jawa  timur", "35", "Kota Pasuruan", "35.75"])
def test_place_filter_takes_the_documents_studying_places_inside_it(
    golden: KnowledgeStore, place: str
) -> None:
    comparison = build_comparison(golden, place=place)
    assert [c.name for c in comparison.columns] == [
        "kemitraan-kraton.txt",
        "kolaborasi-gadingrejo.txt",
    ]


def test_by_place_sums_the_documents_studying_each_place(golden: KnowledgeStore) -> None:
    by_document = build_comparison(golden)
    by_place = build_comparison(golden, by="place")
    names = {column.name: column for column in by_place.columns}
    assert set(names) == {"Gadingrejo", "Kota Pasuruan", "Tegalsari", "Kota Tegal"}
    assert names["Tegalsari"].documents == ("partnership-review-tegal.txt",)
    assert names["Tegalsari"].kind == "kelurahan"
    for row in by_place.rows:
        for column in by_place.columns:
            expected = sum(by_document.count(row.notation, name) for name in column.documents)
            assert by_place.count(row.notation, column.key) == expected


@pytest.mark.parametrize(
    ("kwargs", "argument", "message"),
    [
        ({"by": "year"}, "by", "'year': expected document or place"),
        (
            {"families": ["forms"]},
            "families",
            "unknown family forms (did you mean form?); the codebook's families are ",
        ),
        (
            {"documents": ["kemitraan-kraton.pdf"]},
            "documents",
            "not in the store: kemitraan-kraton.pdf (did you mean kemitraan-kraton.txt?); "
            "it holds 4 documents",
        ),
        (
            {"place": "Kota Atlantis"},
            "place",
            "no document in the store studies 'Kota Atlantis' or a place inside it",
        ),
    ],
)
def test_unknown_filters_are_named_in_the_error_with_the_argument(
    golden: KnowledgeStore, kwargs: dict[str, object], argument: str, message: str
) -> None:
    with pytest.raises(CompareError) as error:
        build_comparison(golden, **kwargs)  # type: ignore[arg-type]
    assert str(error.value).startswith(message)
    assert error.value.argument == argument


def test_an_unknown_language_is_the_one_language_error(golden: KnowledgeStore) -> None:
    with pytest.raises(UnknownLanguageError, match=r"unknown language 'fr' \(expected id or en\)"):
        build_comparison(golden, lang="fr")  # type: ignore[arg-type]


def test_compare_errors_name_no_command_line_flag(golden: KnowledgeStore) -> None:
    """The CLI words errors for its flags; the stage's messages name none."""
    for kwargs in (
        {"by": "year"},
        {"families": ["forms"]},
        {"documents": ["nope.pdf"]},
        {"place": "Kota Atlantis"},
    ):
        with pytest.raises(CompareError) as error:
            build_comparison(golden, **kwargs)  # type: ignore[arg-type]
        assert not re.search(r"--[a-z]|plpbk-kg", str(error.value)), str(error.value)
    source = (PROJECT_ROOT / "pipeline" / "compare.py").read_text(encoding="utf-8")
    assert not re.search(r"[\"'` ]--[a-z]", source)


def test_an_empty_store_is_explained(tmp_path: Path) -> None:
    with KnowledgeStore.open(tmp_path / "empty") as kg, pytest.raises(CompareError):
        build_comparison(kg)


# --- metadata and evidence -------------------------------------------------------------


def test_documents_metadata(golden: KnowledgeStore) -> None:
    comparison = build_comparison(golden, lang="en")
    info = {d.file_name: d for d in comparison.documents}
    tegal = info["partnership-review-tegal.txt"]
    assert tegal.language == "en"
    assert tegal.places == ("Kota Tegal", "Tegalsari")  # the kota named with it is studied too
    assert set(tegal.methods) == {"qualitative method", "in-depth interview"}
    assert info["notulen-bkm-scan.txt"].pages == 3


def test_evidence_of_each_cell_matches_the_evidence_query(golden: KnowledgeStore) -> None:
    comparison = build_comparison(golden, with_evidence=True)
    assert set(comparison.evidence) == set(comparison.counts)
    for (notation, key), quotes in comparison.evidence.items():
        assert len(quotes) == comparison.count(notation, key)
    params = parse_params(["file=kemitraan-kraton.txt", "code=form.physical"])
    _, table = rows(run_query(golden, resolve_query("evidence"), params=params))
    quotes = comparison.evidence["form.physical", "kemitraan-kraton.txt"]
    assert [(str(q.page), str(q.start), str(q.end), q.text) for q in quotes] == [
        tuple(row[2:6]) for row in table
    ]


# --- formats ---------------------------------------------------------------------------


def test_csv_has_the_notation_then_a_column_per_document(golden: KnowledgeStore) -> None:
    comparison = build_comparison(golden)
    table = list(csv.reader(io.StringIO(to_csv(comparison))))
    assert table[0] == ["code", *(c.name for c in comparison.columns)]
    assert [row[0] for row in table[1:]] == [row.notation for row in comparison.rows]
    by_code = {row[0]: row[1:] for row in table[1:]}
    assert by_code["form.physical"] == ["2", "0", "1", "3"]


def test_markdown_has_a_heading_row_per_family(golden: KnowledgeStore) -> None:
    text = to_markdown(build_comparison(golden, families=["role"], lang="id"))
    lines = text.splitlines()
    assert lines[0] == (
        "| code | kemitraan-kraton.txt | kolaborasi-gadingrejo.txt | notulen-bkm-scan.txt "
        "| partnership-review-tegal.txt |"
    )
    assert lines[2] == "| **peran pelaku** | | | | |"
    assert "| perencana (`role.planner`) | 1 | 0 | 0 | 0 |" in lines


def test_json_carries_counts_by_column_name(golden: KnowledgeStore) -> None:
    data = json.loads(to_json(build_comparison(golden, by="place")))
    assert data["by"] == "place"
    physical = next(row for row in data["rows"] if row["code"] == "form.physical")
    assert physical["counts"]["Tegalsari"] == 3
    assert {d["file"] for d in data["documents"]} >= {"partnership-review-tegal.txt"}


# --- the command -----------------------------------------------------------------------


def test_compare_command_csv_equals_query_counts(dev_and_corpus: Path) -> None:
    done = plpbk("compare", "--store", str(dev_and_corpus), "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.reader(io.StringIO(done.stdout)))
    found = {
        (row[0], name): int(value)
        for row in table[1:]
        for name, value in zip(table[0][1:], row[1:], strict=True)
        if value != "0"
    }
    with KnowledgeStore.open(dev_and_corpus, read_only=True) as kg:
        assert found == evidence_by_query(kg)


def test_compare_command_table_and_filters(golden_path: Path) -> None:
    done = plpbk(
        "compare", "--store", str(golden_path), "--family", "form", "--lang", "id",
        "--documents", "kemitraan-kraton.txt,partnership-review-tegal.txt",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "bantuan fisik" in done.stdout
    assert "kolaborasi-gadingrejo.txt" not in done.stdout
    assert "4 codes × 2 documents" in done.stderr


@pytest.mark.parametrize(
    ("fmt", "magic"), [("html", b"<!DOCTYPE html"), ("png", b"\x89PNG"), ("svg", b"<?xml")]
)
def test_compare_command_writes_files(
    golden_path: Path, tmp_path: Path, fmt: str, magic: bytes
) -> None:
    target = tmp_path / f"matrix.{fmt}"
    done = plpbk("compare", "--store", str(golden_path), "--format", fmt, "--output", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().lstrip()[: len(magic)].lower() == magic.lower()
    assert not list(tmp_path.glob(".*.partial"))


def test_compare_command_needs_an_output_for_pictures(golden_path: Path) -> None:
    done = plpbk("compare", "--store", str(golden_path), "--format", "png")
    assert done.returncode == 2
    assert "--output" in done.stderr


def test_compare_command_names_an_unknown_family(golden_path: Path) -> None:
    done = plpbk("compare", "--store", str(golden_path), "--family", "forms")
    assert done.returncode == 2
    assert done.stderr.startswith("error: --family: unknown family forms (did you mean form?)")


def test_a_profile_of_an_older_version_is_explained(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from pipeline.resources import vocabulary_files

    doc = ox.NamedNode("https://w3id.org/plpbk-kg/doc/old")
    old = ox.Literal(
        '{"form.physical":1}',
        datatype=ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON"),
    )
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        kg.load_vocabulary(vocabulary_files())
        kg.raw.add(
            ox.Quad(doc, ox.NamedNode("https://w3id.org/plpbk-kg/ontology#codeProfile"), old, doc)
        )
        with pytest.raises(CompareError, match="older plpbk-kg; remove the document"):
            build_comparison(kg)


# --- the terminal table at the widths people have ---------------------------------------


@pytest.mark.parametrize("width", [80, 120])
def test_compare_in_the_terminal_fits_narrow_widths(dev_and_corpus: Path, width: int) -> None:
    done = plpbk("compare", "--store", str(dev_and_corpus), columns=width)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    with KnowledgeStore.open(dev_and_corpus, read_only=True) as kg:
        comparison = build_comparison(kg)
    # Every code on one line, with its counts on the same line, in column order.
    for row in comparison.rows:
        (line,) = [line for line in lines if re.match(rf"{re.escape(row.notation)}\s", line)]
        counts = [comparison.count(row.notation, column.key) for column in comparison.columns]
        assert line.split()[-len(counts) :] == [str(n) if n else "·" for n in counts], line
    # The columns are keyed, and the legend says which document each key is.
    for index, column in enumerate(comparison.columns, start=1):
        assert re.search(rf"^D{index}\s+{re.escape(column.name)}\s*$", done.stdout, re.M)


def test_compare_in_a_wide_terminal_heads_columns_by_file_name(golden_path: Path) -> None:
    done = plpbk("compare", "--store", str(golden_path), columns=400)
    assert done.returncode == 0, done.stderr
    header = next(line for line in done.stdout.splitlines() if line.startswith("┃ code"))
    assert "kemitraan-kraton.txt" in header and "D1" not in done.stdout
    assert "physical aid form.physical" in done.stdout


def test_compare_table_shows_family_definitions(golden_path: Path) -> None:
    done = plpbk("compare", "--store", str(golden_path), columns=100)
    assert done.returncode == 0, done.stderr
    assert re.search(
        r"^form\s+form of partnership: What a partner contributes to the programme\.\s*$",
        done.stdout,
        re.M,
    )


def test_compare_table_to_a_file_is_the_text_without_colours(
    golden_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "matrix.txt"
    done = plpbk("compare", "--store", str(golden_path), "--output", str(target), columns=80)
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "form.physical" in text
    assert max(len(line) for line in text.splitlines()) <= 80


# --- output formats: a registry --------------------------------------------------------


def test_every_output_format_has_a_renderer() -> None:
    assert get_args(OutputFormat) == ("table", "csv", "md", "json", "html", "png", "svg")
    assert tuple(r.name for r in renderers()) == FORMATS
    assert {r.name for r in renderers() if r.needs_file} == {"html", "png", "svg"}
    for registered in renderers():
        assert callable(registered.load()), registered.name


def test_an_unknown_format_is_refused_naming_the_formats() -> None:
    with pytest.raises(ValueError, match=r"'xlsx'; the formats are table, csv, md, json, html"):
        renderer("xlsx")


def test_a_renderer_is_imported_only_when_its_format_is_asked_for() -> None:
    script = (
        "import sys\n"
        "from comparisons import sample_comparison\n"
        "from pipeline.render import renderer\n"
        "renderer('csv').render(sample_comparison())\n"
        "names = [m for m in sys.modules if m.startswith(('pipeline', 'matplotlib'))]\n"
        "print(' '.join(sorted(names)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT / "tests",  # where comparisons.py is
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "pipeline.render.text" in loaded
    for lazy in ("pipeline.render.html_report", "pipeline.render.terminal", "matplotlib"):
        assert lazy not in loaded


def test_markdown_ends_with_a_legend_of_families_and_codes(golden: KnowledgeStore) -> None:
    text = to_markdown(build_comparison(golden, families=["form"]))
    legend = text.split("**Legend**\n\n", 1)[1].splitlines()
    assert legend[0] == (
        "- **form of partnership** (`form`): What a partner contributes to the programme."
    )
    assert legend[1].startswith("  - `form.physical` physical aid: ")


def test_json_families_carry_their_definitions(golden: KnowledgeStore) -> None:
    data = json.loads(to_json(build_comparison(golden, families=["form"])))
    assert data["families"] == [
        {
            "notation": "form",
            "label": "form of partnership",
            "definition": "What a partner contributes to the programme.",
        }
    ]


def test_many_columns_are_shown_a_slice_at_a_time_in_a_narrow_terminal() -> None:
    from rich.console import Console

    from pipeline.compare import Column, Family, Row
    from pipeline.render.terminal import matrix_view

    rows = (
        Row("form.physical", "form", "physical aid", ""),
        Row("effort.institutional_strengthening", "effort", "institutional strengthening", ""),
    )
    columns = tuple(
        Column(f"d{j}", f"laporan-{j:02d}.pdf", (f"laporan-{j:02d}.pdf",)) for j in range(30)
    )
    counts = {
        (row.notation, column.key): 100 + j for row in rows for j, column in enumerate(columns)
    }
    families = (Family("form", "form", "What is given."), Family("effort", "effort", ""))
    comparison = Comparison("en", "document", families, rows, columns, counts, ())
    console = Console(file=io.StringIO(), width=80, color_system=None)
    console.print(matrix_view(comparison))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert max(len(line) for line in text.splitlines()) <= 80
    titles = re.findall(r"codes × documents, (D\d+)–(D\d+)", text)
    assert len(titles) > 1 and titles[0][0] == "D1" and titles[-1][1] == "D30"
    for row in rows:
        lines = [line for line in text.splitlines() if line.startswith(row.notation + " ")]
        assert len(lines) == len(titles)  # once a slice, never wrapped
    assert re.search(r"^D30\s+laporan-29\.pdf\s*$", text, re.M)


@pytest.mark.parametrize(("width", "columns"), [(80, 30), (200, 30), (200, 3), (80, 3)])
def test_the_table_as_plain_text_is_what_the_console_prints(width: int, columns: int) -> None:
    """``--format table --output FILE`` joins the laid-out lines itself, the same text."""
    from rich.console import Console

    from pipeline.compare import Column, Family, Row
    from pipeline.render.terminal import matrix_view

    rows = (
        Row("form.physical", "form", "physical aid", ""),
        Row("effort.institutional_strengthening", "effort", "institutional strengthening", ""),
    )
    shown = tuple(
        Column(f"d{j}", f"laporan-{j:02d}.pdf", (f"laporan-{j:02d}.pdf",)) for j in range(columns)
    )
    counts = {(row.notation, column.key): j for row in rows for j, column in enumerate(shown) if j}
    families = (Family("form", "form", "What is given."), Family("effort", "effort", ""))
    comparison = Comparison("en", "document", families, rows, shown, counts, ())
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(matrix_view(comparison))
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    assert "laporan-01.pdf" in printed and "families" in printed
    assert matrix_view(comparison).plain(width) == printed


# --- writing the output ---------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "csv"])
def test_output_naming_a_folder_is_a_usage_error_and_writes_nothing(
    golden_path: Path, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    done = plpbk("compare", "--store", str(golden_path), "--format", fmt, "--output", str(folder))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: --output"), done.stderr
    assert "is a folder" in done.stderr and "Traceback" not in done.stderr
    assert list(folder.iterdir()) == [] and list(tmp_path.glob(".*partial")) == []


def test_output_under_a_file_is_a_usage_error(golden_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "matrix.csv"
    done = plpbk("compare", "--store", str(golden_path), "--format", "csv", "--output", str(target))
    assert done.returncode == 2, done.stderr
    assert f"{blocker} is a file, not a folder" in done.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_output_that_cannot_be_written_is_one_error_line(golden_path: Path, tmp_path: Path) -> None:
    target = tmp_path / ("m" * 300 + ".csv")  # longer than a file name may be
    done = plpbk("compare", "--store", str(golden_path), "--format", "csv", "--output", str(target))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"error: cannot write {target}"), done.stderr
    assert "nothing was written" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_comparison_comes_back_from_its_worker_whole(golden: KnowledgeStore) -> None:
    # The worker sends the comparison pickled; its parts pickle as their fields in order,
    # so a field out of place would come back in another's slot.
    import pickle

    comparison = build_comparison(golden, with_evidence=True)
    assert comparison.evidence and comparison.documents and comparison.columns
    again = pickle.loads(pickle.dumps(comparison, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == comparison
    assert again.documents[0].file_name == comparison.documents[0].file_name
    quote = next(iter(comparison.evidence.values()))[0]
    assert next(iter(again.evidence.values()))[0].after == quote.after
