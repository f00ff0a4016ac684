"""The comparison as one self-contained HTML file, to open offline or mail to a colleague.

The page holds everything it needs: its style and script are inline, it names no
font, image or script elsewhere, and a Content-Security-Policy (with the hashes of
its own style and script) stops the browser from fetching anything. The style, the
script and the page's words (Indonesian and English) are package data in
``pipeline/render/assets/`` (``report.css``, ``report.js``, ``strings.json``), read
with :mod:`importlib.resources` and inlined. It shows:

* the matrix as a heatmap table, codes grouped by family, coloured as the picture of
  ``pipeline.heatmap`` is; a cell with annotations is a button that opens a side panel
  with its evidence quotes (and ``#cell=<notation>|<column index>`` opens it on load);
* the documents' metadata;
* a legend: the colour scale, and each family's definition with its codes' definitions.

The data the script needs (labels, counts, quotes) is embedded as JSON, escaped so
that no quote can end its element. The same comparison always gives the same text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from importlib import resources
from typing import Any

import orjson

from pipeline.compare import Comparison, DocumentInfo
from pipeline.language import LANGUAGES, LanguageCode
from pipeline.render.heatmap import EMPTY, Band, bands, colour_scale, colour_step, column_label


def _asset(name: str) -> str:
    """The text of ``assets/<name>``, the package data beside this module."""
    return resources.files("pipeline.render").joinpath("assets", name).read_text(encoding="utf-8")


STRINGS: dict[LanguageCode, dict[str, str]] = {
    lang: words for lang, words in json.loads(_asset("strings.json")).items() if lang in LANGUAGES
}
"""The page's words by language, from ``assets/strings.json``."""

SCRIPT_STRINGS = (
    "annotation",
    "annotations",
    "page",
    "characters",
    "no_evidence",
    "no_annotations",
    "showing",
    "evidence",
)
"""The words ``assets/report.js`` reads from the page's data (``words.<key>``)."""

_CSS = _asset("report.css")
_SCRIPT = _asset("report.js")


def render_html(comparison: Comparison) -> str:
    """Render a comparison as one self-contained HTML page.

    Args:
        comparison: The matrix, its codes, columns and documents; with evidence
            quotes when they are to be readable from the page.

    Returns:
        The page, the same text for the same comparison.
    """
    words = STRINGS[comparison.lang]
    css = _CSS + _shade_rules(comparison.max_count)
    title = words["title_place"] if comparison.by == "place" else words["title_document"]
    policy = (
        "default-src 'none'; "
        f"style-src '{_csp_hash(css)}'; script-src '{_csp_hash(_SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(comparison.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="summary">{escape(_summary(comparison, words))}</p>',
        _coders_line(comparison),
        "</header>",
        _matrix_section(comparison, words),
        _documents_section(comparison.documents, words),
        _legend_section(comparison, words),
        "</main>",
        _panel(words),
        '<script type="application/json" id="report-data">'
        f"{_json_for_script(_page_data(comparison, words))}</script>",
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _summary(comparison: Comparison, words: dict[str, str]) -> str:
    """The line under the title: documents, codes, annotations, language."""
    documents = len(comparison.documents)
    codes = len(comparison.rows)
    annotations = sum(comparison.counts.values())
    line = (
        f"{documents} {_plural(documents, words['document'], words['documents'])} · "
        f"{codes} {_plural(codes, words['code'], words['codes'])} · "
        f"{annotations} {_plural(annotations, words['annotation'], words['annotations'])}"
    )
    counted = [name for column in comparison.columns for name in column.documents]
    if len(counted) != len(set(counted)):
        # The cells then add up to more than the store's annotations.
        line += f" ({words['repeated']})"
    return f"{line} · {words['labels_in']}"


def _coders(comparison: Comparison) -> tuple[str, str] | None:
    """The two coders a comparison sets side by side (``compare --coder A --coder B``).

    Such a comparison is a :class:`~pipeline.exchange.coder_matrix.CodersComparison`:
    its counts are the first coder's, ``other_counts`` the second's. Read by attribute,
    so that this renderer does not load the module that reads the store.
    """
    other = getattr(comparison, "other", None)
    return (str(getattr(comparison, "coder", "")), str(other)) if other else None


def _coders_line(comparison: Comparison) -> str:
    """Under the title, whose counts each cell shows: ``A / B``."""
    coders = _coders(comparison)
    if coders is None:
        return ""
    return f'<p class="summary coders">{escape(coders[0])} / {escape(coders[1])}</p>'


def _second_count(comparison: Comparison, notation: str, key: str) -> str:
    """The second coder's count of a cell, after the first's (empty without one)."""
    coders = _coders(comparison)
    if coders is None:
        return ""
    count = getattr(comparison, "other_counts", {}).get((notation, key), 0)
    return f'<span class="pair" title="{escape(coders[1])}"> / {count}</span>'


def _plural(count: int, one: str, many: str) -> str:
    """The word for ``count`` things (Indonesian gives the same word twice)."""
    return one if count == 1 else many


def _matrix_section(comparison: Comparison, words: dict[str, str]) -> str:
    """The heatmap table: a header row of columns, then a band of rows per family."""
    max_count = comparison.max_count
    lines = [
        '<section aria-labelledby="matrix-title">',
        f'<h2 id="matrix-title">{escape(words["matrix"])}</h2>',
        f'<p class="hint">{escape(words["matrix_hint"])}</p>',
        '<div class="matrix-wrap">',
        '<table class="matrix" id="matrix">',
        "<thead><tr>",
        f'<th class="corner" scope="col">{escape(words["code_heading"])}</th>',
    ]
    for column in comparison.columns:
        tooltip = column_label(column)
        if column.documents and column.documents != (column.name,):
            tooltip += f" — {words['counted_in']}: {', '.join(column.documents)}"
        kind = f' <span class="kind">({escape(column.kind)})</span>' if column.kind else ""
        lines.append(
            f'<th scope="col" title="{escape(tooltip)}">'
            f'<span class="col">{escape(column.name)}{kind}</span></th>'
        )
    lines.append("</tr></thead>")
    for band in bands(comparison):
        lines.append(_band_rows(comparison, band, max_count))
    lines += ["</table>", "</div>", "</section>"]
    return "\n".join(lines)


def _band_rows(comparison: Comparison, band: Band, max_count: int) -> str:
    """A family's header row and its codes' rows, as one ``<tbody>``."""
    family = band.family
    lines = [
        f'<tbody data-family="{escape(family.notation)}">',
        f'<tr class="family"><th scope="rowgroup">{escape(family.label)}</th>'
        f'<td colspan="{max(len(comparison.columns), 1)}"></td></tr>',
    ]
    paired = _coders(comparison) is not None
    counts = comparison.counts
    keys = [column.key for column in comparison.columns]
    for row in band.rows:
        cells = []
        notation = row.notation
        for index, key in enumerate(keys):
            # Per cell: 10,000 columns make 300,000 cells, so nothing is looked up twice.
            count = counts.get((notation, key), 0)
            if not count and not paired:
                cells.append("<td></td>")
                continue
            second = _second_count(comparison, notation, key) if paired else ""
            if count:
                key = escape(f"{row.notation}|{index}")
                cells.append(
                    f'<td class="s{colour_step(count, max_count)}">'
                    f'<button type="button" data-cell="{key}">{count}</button>{second}</td>'
                )
            else:
                cells.append(f'<td class="s0">0{second}</td>' if second else "<td></td>")
        lines.append(
            f'<tr><th scope="row" title="{escape(row.definition)}">{escape(row.label)}'
            f'<code class="notation">{escape(row.notation)}</code></th>{"".join(cells)}</tr>'
        )
    lines.append("</tbody>")
    return "\n".join(lines)


def _documents_section(documents: tuple[DocumentInfo, ...], words: dict[str, str]) -> str:
    """The documents' metadata table."""
    headings = ("file_name", "title", "language", "year", "places", "methods", "pages")
    lines = [
        '<section aria-labelledby="documents-title">',
        f'<h2 id="documents-title">{escape(words["documents_heading"])}</h2>',
        '<table class="plain documents">',
        "<thead><tr>"
        + "".join(f'<th scope="col">{escape(words[key])}</th>' for key in headings)
        + "</tr></thead>",
        "<tbody>",
    ]
    for document in documents:
        values = (
            document.title or "—",
            document.language,
            "—" if document.year is None else str(document.year),
            "; ".join(document.places) or "—",
            "; ".join(document.methods) or "—",
            str(document.pages),
        )
        lines.append(
            f'<tr><th scope="row">{escape(document.file_name)}</th>'
            + "".join(f"<td>{escape(value)}</td>" for value in values)
            + "</tr>"
        )
    lines += ["</tbody>", "</table>", "</section>"]
    return "\n".join(lines)


def _legend_section(comparison: Comparison, words: dict[str, str]) -> str:
    """The colour scale, then each family's codes with their definitions."""
    lines = [
        '<section aria-labelledby="legend-title">',
        f'<h2 id="legend-title">{escape(words["legend"])}</h2>',
        f"<h3>{escape(words['scale'])}</h3>",
        f'<p class="note">{escape(words["scale_note"])}</p>',
        '<ul class="scale">',
        '<li><span class="swatch s0"></span>0</li>',
    ]
    lines += [
        f'<li><span class="swatch s{shade.step}"></span>{escape(shade.label)}</li>'
        for shade in colour_scale(comparison.max_count)
    ]
    lines.append("</ul>")
    for band in bands(comparison):
        family = band.family
        lines.append(f"<h3>{escape(family.label)} <code>{escape(family.notation)}</code></h3>")
        if family.definition:
            lines.append(f'<p class="note">{escape(family.definition)}</p>')
        lines += [
            '<table class="plain codes">',
            "<thead><tr>"
            + "".join(
                f'<th scope="col">{escape(words[key])}</th>'
                for key in ("notation", "label", "definition")
            )
            + "</tr></thead>",
            "<tbody>",
        ]
        lines += [
            f"<tr><td><code>{escape(row.notation)}</code></td><td>{escape(row.label)}</td>"
            f"<td>{escape(row.definition)}</td></tr>"
            for row in band.rows
        ]
        lines += ["</tbody>", "</table>"]
    lines.append("</section>")
    return "\n".join(lines)


def _panel(words: dict[str, str]) -> str:
    """The evidence side panel, hidden until a cell is opened."""
    return (
        '<aside id="panel" class="panel" hidden aria-labelledby="panel-title">\n'
        '<div class="panel-head"><h2 id="panel-title" tabindex="-1"></h2>'
        f'<button type="button" id="panel-close" class="panel-close" '
        f'aria-label="{escape(words["close"])}" title="{escape(words["close"])}">×</button>'
        "</div>\n"
        '<p id="panel-subtitle" class="panel-sub"></p>\n'
        '<div id="panel-body"></div>\n'
        "</aside>"
    )


def _page_data(comparison: Comparison, words: dict[str, str]) -> dict[str, Any]:
    """What the script reads: labels, counts and quotes, cells keyed ``notation|index``."""
    index_of = {column.key: index for index, column in enumerate(comparison.columns)}
    rows = {row.notation: {"label": row.label} for row in comparison.rows}
    counts = {
        f"{notation}|{index_of[key]}": count
        for (notation, key), count in comparison.counts.items()
        if count and key in index_of and notation in rows
    }
    evidence = {
        f"{notation}|{index_of[key]}": [
            {
                "file": quote.file_name,
                "page": quote.page,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "before": quote.before,
                "after": quote.after,
            }
            for quote in quotes
        ]
        for (notation, key), quotes in comparison.evidence.items()
        if key in index_of and notation in rows
    }
    return {
        "strings": {key: words[key] for key in SCRIPT_STRINGS},
        "rows": rows,
        "columns": [{"label": column_label(column)} for column in comparison.columns],
        "counts": counts,
        "evidence": evidence,
    }


def _json_for_script(data: Any) -> str:
    """Serialise ``data`` for a ``<script type="application/json">`` element.

    ``<`` and ``>`` become ``\\u003c``/``\\u003e`` so that no ``</script>`` or ``<!--``
    can end or bend the element, ``&`` becomes ``\\u0026``, and the line separators
    U+2028/U+2029 are escaped too: the text is still JSON that parses to the same data.
    """
    # orjson: the same text as json.dumps(sort_keys, compact, not ASCII-escaped), ~10× faster
    # on the 20 MB of a report of 10,000 documents.
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _shade_rules(max_count: int) -> str:
    """CSS classes ``s0``, ``s1``… of the colour steps: background and readable text colour."""
    rules = [f".s0{{background:{EMPTY}}}"]
    rules += [
        f".s{shade.step}{{background:{shade.colour};color:{shade.ink}}}"
        for shade in colour_scale(max_count)
    ]
    return "\n".join(rules) + "\n"


def _csp_hash(source: str) -> str:
    """The CSP source expression allowing an inline element with this exact content."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
