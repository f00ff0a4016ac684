"""The HTML report of a comparison: self-contained, escaped, deterministic, in its language.

The hand-made comparison they draw is ``tests/comparisons.py``'s, as the heatmap and
browser tests do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from comparisons import HOSTILE_LABEL, HOSTILE_QUOTE, sample_comparison
from conftest import PROJECT_ROOT

from pipeline.compare import Column, Comparison, Family, Row
from pipeline.render.heatmap import PALETTE, colour_scale, colour_step, contrast
from pipeline.render.html_report import SCRIPT_STRINGS, STRINGS, render_html

ASSETS = PROJECT_ROOT / "pipeline" / "render" / "assets"


@dataclass
class Element:
    """An element as the HTML parser saw it."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and all(child.attrs.get(k) == v for k, v in attrs.items()):
                    found.append(child)
                found.extend(child.find_all(tag, **attrs))
        return found

    def find(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}> elements"
        return found[0]

    def elements(self) -> list[Element]:
        result = []
        for child in self.children:
            if isinstance(child, Element):
                result.append(child)
                result.extend(child.elements())
        return result


class TreeBuilder(HTMLParser):
    """Python's own HTML parser, building a tree (void elements have no children)."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "col", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in self.VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Element:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder.root


def page_data(page: str) -> dict:
    return json.loads(parse(page).find("script", type="application/json").text())


def matrix_cells(page: str) -> dict[tuple[str, int], Element]:
    """The matrix's cells by (notation, column index)."""
    cells = {}
    for tr in parse(page).find("table", id="matrix").find_all("tr"):
        header = tr.find_all("th", scope="row")
        if header:
            notation = header[0].find("code").text()
            for index, td in enumerate(tr.find_all("td")):
                cells[notation, index] = td
    return cells


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_comparison())


def test_page_loads_nothing_from_elsewhere(page: str) -> None:
    root = parse(page)
    for element in root.elements():
        assert element.tag not in {"link", "img", "iframe", "object", "embed", "base"}
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert name not in element.attrs, f"<{element.tag} {name}=...>"
    assert not re.search(r"https?:|url\(|@import|//[a-z]", page, re.IGNORECASE)
    policy = root.find("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    assert "default-src 'none'" in policy


def test_policy_allows_exactly_the_inline_style_and_script(page: str) -> None:
    root = parse(page)
    policy = root.find("meta", **{"http-equiv": "Content-Security-Policy"}).attrs["content"]
    (style,) = root.find_all("style")
    (script,) = [s for s in root.find_all("script") if "type" not in s.attrs]

    def source(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert f"style-src {source(style.text())}" in policy
    assert f"script-src {source(script.text())}" in policy


def test_cells_show_their_counts_in_their_row_and_column(page: str) -> None:
    comparison = sample_comparison()
    cells = matrix_cells(page)
    assert len(cells) == len(comparison.rows) * len(comparison.columns)
    for row in comparison.rows:
        for index, column in enumerate(comparison.columns):
            count = comparison.count(row.notation, column.key)
            cell = cells[row.notation, index]
            if count:
                button = cell.find("button")
                assert button.text() == str(count)
                assert button.attrs["data-cell"] == f"{row.notation}|{index}"
                assert cell.attrs["class"] == f"s{colour_step(count, comparison.max_count)}"
            else:
                assert cell.children == [] and "class" not in cell.attrs


def test_rows_are_grouped_under_their_family_headers(page: str) -> None:
    table = parse(page).find("table", id="matrix")
    headings = [
        (th.attrs["scope"], th.text())
        for tbody in table.find_all("tbody")
        for th in tbody.find_all("th")
    ]
    assert headings == [
        ("rowgroup", "Bentuk kemitraan"),
        ("row", HOSTILE_LABEL + "form.physical"),
        ("row", "Bantuan danaform.monetary"),
        ("rowgroup", "Tujuan kemitraan"),
        ("row", "Kesejahteraangoal.welfare"),
        ("rowgroup", "Metode penelitian"),
        ("row", "Kualitatifmethod.qualitative"),
    ]


def test_largest_count_has_the_darkest_colour_with_readable_text(page: str) -> None:
    style = parse(page).find("style").text()
    rules = {
        name: (background, ink)
        for name, background, ink in re.findall(
            r"\.(s\d)\{background:(#[0-9a-f]{6});color:(#[0-9a-f]{6})\}", style
        )
    }
    largest = matrix_cells(page)["form.physical", 0]
    assert rules[largest.attrs["class"]][0] == PALETTE[-1]
    assert all(contrast(background, ink) >= 4.5 for background, ink in rules.values())
    assert ".s0{background:#ffffff}" in style


def test_hostile_text_cannot_break_out_of_its_element(page: str) -> None:
    root = parse(page)
    scripts = root.find_all("script")
    assert len(scripts) == 2 and len(re.findall(r"<script", page, re.IGNORECASE)) == 2
    data_element = root.find("script", type="application/json")
    raw = data_element.text()
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in raw
    (quote,) = page_data(page)["evidence"]["goal.welfare|2"]
    assert quote["text"] == HOSTILE_QUOTE
    assert not root.find_all("b") and not root.find_all("i")
    assert (
        root.find("table", id="matrix")
        .find_all("th", scope="row")[0]
        .text()
        .startswith(HOSTILE_LABEL)
    )


def test_evidence_is_embedded_with_files_pages_and_offsets(page: str) -> None:
    quotes = page_data(page)["evidence"]["form.physical|0"]
    assert quotes == [
        {"file": "kemitraan-malang.pdf", "page": 4, "start": 1200, "end": 1241,
         "text": "swasta membangun jalan lingkungan",
         "before": "Pada 2016 pihak ", "after": " di RW 03."},
        {"file": "kemitraan-malang.pdf", "page": 12, "start": 5300, "end": 5333,
         "text": "bantuan fisik berupa drainase", "before": "", "after": ""},
    ]  # fmt: skip
    assert "form.physical|1" not in page_data(page)["evidence"]
    assert page_data(page)["counts"]["form.physical|1"] == 2


def test_same_comparison_gives_the_same_page_whatever_the_mapping_order() -> None:
    comparison = sample_comparison()
    shuffled = replace(
        comparison,
        counts=dict(reversed(list(comparison.counts.items()))),
        evidence=dict(reversed(list(comparison.evidence.items()))),
    )
    assert render_html(comparison) == render_html(sample_comparison())
    assert render_html(shuffled) == render_html(comparison)


@pytest.mark.parametrize(
    ("lang", "documents_heading", "page_word", "summary"),
    [
        ("id", "Dokumen", "hal.", "3 dokumen · 4 kode · 19 anotasi · label dalam bahasa Indonesia"),
        ("en", "Documents", "p.", "3 documents · 4 codes · 19 annotations · labels in English"),
    ],
)
def test_page_speaks_the_comparison_language(
    lang: str, documents_heading: str, page_word: str, summary: str
) -> None:
    page = render_html(sample_comparison(lang=lang))
    root = parse(page)
    assert root.find("html").attrs["lang"] == lang
    assert root.find("h2", id="documents-title").text() == documents_heading
    assert root.find("p", **{"class": "summary"}).text() == summary
    assert page_data(page)["strings"]["page"] == page_word


def test_place_columns_are_headed_by_place_and_kind() -> None:
    comparison = sample_comparison(by="place")
    page = render_html(comparison)
    headers = parse(page).find("table", id="matrix").find("thead").find_all("th", scope="col")
    assert [th.text() for th in headers] == [
        "Kode",
        "Kota Malang (kota)",
        "Pekalongan (kabupaten)",
        'Semarang <i>"Utara"</i> (kota)',
    ]
    assert "kemitraan-pekalongan.pdf, plpbk-semarang.pdf" in headers[2].attrs["title"]
    assert [c["label"] for c in page_data(page)["columns"]][1] == "Pekalongan (kabupaten)"
    assert parse(page).find("h1").text() == "Kode per tempat"


def test_summary_says_when_a_document_counts_in_several_places() -> None:
    page = render_html(sample_comparison(by="place", lang="en"))
    summary = parse(page).find("p", **{"class": "summary"}).text()
    assert "a document studying several places counts in each" in summary


def test_documents_table_lists_each_documents_metadata(page: str) -> None:
    table = parse(page).find("table", **{"class": "plain documents"})
    rows = [[cell.text() for cell in tr.find_all("th") + tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")]  # fmt: skip
    assert rows == [
        ["kemitraan-malang.pdf", "Kemitraan di Kota Malang", "id", "2019", "Kota Malang",
         "Kualitatif; Wawancara mendalam", "14"],
        ["kemitraan-pekalongan.pdf", "—", "id", "—", "Pekalongan", "—", "9"],
        ["plpbk-semarang.pdf", "Partnership in Semarang", "en", "2021", "Pekalongan; Semarang",
         "Kualitatif", "22"],
    ]  # fmt: skip


def test_legend_shows_the_scale_and_each_code_by_family(page: str) -> None:
    root = parse(page)
    scale = [li.text() for li in root.find("ul", **{"class": "scale"}).find_all("li")]
    assert scale == ["0", *(shade.label for shade in colour_scale(7))]
    legend = root.find("section", **{"aria-labelledby": "legend-title"})
    assert [h3.text() for h3 in legend.find_all("h3")][1:] == [
        "Bentuk kemitraan form",
        "Tujuan kemitraan goal",
        "Metode penelitian method",
    ]
    codes = [
        [td.text() for td in tr.find_all("td")]
        for table in legend.find_all("table")
        for tr in table.find("tbody").find_all("tr")
    ]
    assert codes[0] == ["form.physical", HOSTILE_LABEL, "Pembangunan sarana fisik."]
    assert [code[0] for code in codes] == [row.notation for row in sample_comparison().rows]


def test_legend_gives_each_familys_definition(page: str) -> None:
    legend = parse(page).find("section", **{"aria-labelledby": "legend-title"})
    notes = [p.text() for p in legend.find_all("p", **{"class": "note"})][1:]
    assert notes == [family.definition for family in sample_comparison().families]


def test_rows_of_a_family_missing_from_the_families_still_appear() -> None:
    comparison = sample_comparison()
    orphan = Row("role.partner", "role", "Mitra", "Pihak yang bermitra.")
    comparison = replace(
        comparison,
        rows=(*comparison.rows, orphan),
        counts={**comparison.counts, ("role.partner", comparison.columns[0].key): 2},
    )
    cells = matrix_cells(render_html(comparison))
    assert cells["role.partner", 0].find("button").text() == "2"


def test_large_matrix_renders_with_one_element_per_empty_cell() -> None:
    rows = tuple(Row(f"form.c{i}", "form", f"Kode {i}", "") for i in range(150))
    columns = tuple(
        Column(f"doc:{j}", f"laporan-{j}.pdf", (f"laporan-{j}.pdf",)) for j in range(120)
    )
    counts = {
        (row.notation, column.key): (i * j) % 13
        for i, row in enumerate(rows)
        for j, column in enumerate(columns)
        if (i * j) % 13
    }
    comparison = Comparison(
        "en", "document", (Family("form", "Form", ""),), rows, columns, counts, ()
    )
    page = render_html(comparison)
    cells = matrix_cells(page)
    assert len(cells) == len(rows) * len(columns)
    assert sum(1 for cell in cells.values() if cell.children) == len(counts)
    assert sum(len(cell.elements()) for cell in cells.values()) == len(counts)
    assert len(page.encode()) < 150 * len(rows) * len(columns)


# --- the style, script and words are package data -----------------------------------


def test_page_inlines_the_style_and_script_files(page: str) -> None:
    root = parse(page)
    (style,) = root.find_all("style")
    (script,) = [s for s in root.find_all("script") if "type" not in s.attrs]
    assert style.text().startswith((ASSETS / "report.css").read_text(encoding="utf-8"))
    assert script.text() == (ASSETS / "report.js").read_text(encoding="utf-8")


def test_both_languages_have_every_word_the_page_and_script_use() -> None:
    words = json.loads((ASSETS / "strings.json").read_text(encoding="utf-8"))
    assert set(words) == {"id", "en"} == set(STRINGS)
    assert set(words["id"]) == set(words["en"])
    script = (ASSETS / "report.js").read_text(encoding="utf-8")
    assert set(re.findall(r"\bwords\.(\w+)", script)) == set(SCRIPT_STRINGS)
    assert set(SCRIPT_STRINGS) <= set(words["en"])
    module = (PROJECT_ROOT / "pipeline" / "render" / "html_report.py").read_text(encoding="utf-8")
    for key in re.findall(r"words\[\"(\w+)\"\]", module):
        assert key in words["en"], key


def test_the_wheel_carries_the_report_assets(tmp_path: Path) -> None:
    """Built as pip would build it: the files the report reads are in the package."""
    from hatchling.builders.wheel import WheelBuilder  # a test extra

    (wheel,) = WheelBuilder(str(PROJECT_ROOT)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ("report.css", "report.js", "strings.json"):
        assert f"pipeline/render/assets/{asset}" in names
    assert "pipeline/_data/queries/codebook.rq" in names
