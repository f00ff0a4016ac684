"""The comparison as one self-contained HTML file, to open offline or mail to a colleague.

The page holds everything it needs: its style and script are inline, it names no
font, image or script elsewhere, and a Content-Security-Policy (with the hashes of
its own style and script) stops the browser from fetching anything. It shows:

* the matrix as a heatmap table, codes grouped by family, coloured as the picture of
  ``pipeline.heatmap`` is; a cell with annotations is a button that opens a side panel
  with its evidence quotes (and ``#cell=<notation>|<column index>`` opens it on load);
* the documents' metadata;
* a legend: the colour scale and each code's definition, by family.

The data the script needs (labels, counts, quotes) is embedded as JSON, escaped so
that no quote can end its element. The same comparison always gives the same text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from typing import Any

from pipeline.compare import Comparison, DocumentInfo
from pipeline.heatmap import EMPTY, Band, bands, colour_scale, colour_step, column_label

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "title_document": "Codes by document",
        "title_place": "Codes by place",
        "document": "document",
        "documents": "documents",
        "code": "code",
        "codes": "codes",
        "annotation": "annotation",
        "annotations": "annotations",
        "labels_in": "labels in English",
        "repeated": "a document studying several places counts in each",
        "matrix": "Matrix",
        "matrix_hint": "Select a cell to read its evidence.",
        "code_heading": "Code",
        "documents_heading": "Documents",
        "file_name": "File name",
        "title": "Title",
        "language": "Language",
        "year": "Year",
        "places": "Places studied",
        "methods": "Methods",
        "pages": "Pages",
        "legend": "Legend",
        "scale": "Colour scale",
        "scale_note": "Number of evidence annotations in a cell.",
        "notation": "Notation",
        "label": "Label",
        "definition": "Definition",
        "evidence": "Evidence",
        "close": "Close",
        "page": "p.",
        "characters": "characters",
        "no_evidence": "Evidence for this cell was not included in this report.",
        "no_annotations": "No annotation of this code here.",
        "showing": "Showing {shown} of {count}.",
        "counted_in": "Documents counted",
    },
    "id": {
        "title_document": "Kode per dokumen",
        "title_place": "Kode per tempat",
        "document": "dokumen",
        "documents": "dokumen",
        "code": "kode",
        "codes": "kode",
        "annotation": "anotasi",
        "annotations": "anotasi",
        "labels_in": "label dalam bahasa Indonesia",
        "repeated": "dokumen yang meneliti beberapa tempat dihitung di setiap tempat",
        "matrix": "Matriks",
        "matrix_hint": "Pilih sel untuk membaca buktinya.",
        "code_heading": "Kode",
        "documents_heading": "Dokumen",
        "file_name": "Nama berkas",
        "title": "Judul",
        "language": "Bahasa",
        "year": "Tahun",
        "places": "Tempat yang diteliti",
        "methods": "Metode",
        "pages": "Halaman",
        "legend": "Legenda",
        "scale": "Skala warna",
        "scale_note": "Jumlah anotasi bukti dalam satu sel.",
        "notation": "Notasi",
        "label": "Label",
        "definition": "Definisi",
        "evidence": "Bukti",
        "close": "Tutup",
        "page": "hal.",
        "characters": "karakter",
        "no_evidence": "Bukti untuk sel ini tidak disertakan dalam laporan ini.",
        "no_annotations": "Tidak ada anotasi kode ini di sini.",
        "showing": "Menampilkan {shown} dari {count}.",
        "counted_in": "Dokumen yang dihitung",
    },
}
"""The page's words by language; a language not listed gets English."""

_SCRIPT_STRINGS = (
    "annotation",
    "annotations",
    "page",
    "characters",
    "no_evidence",
    "no_annotations",
    "showing",
    "evidence",
)

_CSS = """\
:root{--ink:#1b1f24;--muted:#57606a;--line:#d0d7de;--grid:#eef1f4;--band:#eef1f4;\
--accent:#d4570a;--panel-w:min(30rem,92vw)}
*{box-sizing:border-box}
body{margin:0;padding:1.25rem 1.5rem;color:var(--ink);background:#fff;\
font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif}
h1{font-size:1.4rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
section{margin:1.5rem 0}
.summary,.hint,.note{color:var(--muted);margin:0 0 .75rem}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.85em}
.matrix-wrap{overflow:auto;max-height:80vh;width:fit-content;max-width:100%;\
border:1px solid var(--line)}
table.matrix{border-collapse:separate;border-spacing:0}
.matrix th,.matrix td{border-right:1px solid var(--grid);border-bottom:1px solid var(--grid)}
.matrix thead th{position:sticky;top:0;z-index:2;background:#fff;vertical-align:bottom;\
padding:.4rem .15rem;font-weight:600;border-bottom:1px solid var(--line)}
.matrix thead th.corner{left:0;z-index:3;text-align:left;padding:.4rem .5rem}
.matrix .col{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);\
max-height:13rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.matrix .kind{font-weight:400;color:var(--muted)}
.matrix tbody th{position:sticky;left:0;z-index:1;background:#fff;text-align:left;\
font-weight:400;padding:.15rem .5rem;min-width:14rem;max-width:24rem;\
border-right:1px solid var(--line)}
.notation{color:var(--muted);margin-left:.35rem}
.matrix tr.family th{background:var(--band);font-weight:600;padding-top:.35rem}
.matrix tr.family td{background:var(--band)}
.matrix td{min-width:2.5rem;width:2.5rem;height:1.9rem;padding:0;text-align:center;\
font-variant-numeric:tabular-nums}
.matrix td button{display:block;width:100%;min-height:1.9rem;margin:0;padding:0;border:0;\
background:transparent;color:inherit;font:inherit;cursor:pointer}
.matrix td button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
.matrix td.selected{box-shadow:inset 0 0 0 2px var(--accent)}
table.plain{border-collapse:collapse}
.plain th,.plain td{border-bottom:1px solid var(--line);padding:.3rem .6rem;text-align:left;\
vertical-align:top}
.plain thead th{border-bottom:2px solid var(--line)}
.scale{display:flex;flex-wrap:wrap;gap:.35rem 1rem;list-style:none;padding:0;margin:0 0 .5rem}
.swatch{display:inline-block;width:1.6rem;height:1rem;margin-right:.35rem;\
border:1px solid var(--line);vertical-align:middle}
.panel{position:fixed;top:0;right:0;bottom:0;width:var(--panel-w);overflow:auto;z-index:10;\
background:#fff;border-left:1px solid var(--line);box-shadow:-4px 0 16px rgba(0,0,0,.1);\
padding:1rem 1.25rem}
.panel[hidden]{display:none}
.panel-head{display:flex;align-items:flex-start;gap:.75rem}
.panel-head h2{flex:1;margin:0}
.panel-head h2:focus{outline:none}
.panel-close{border:1px solid var(--line);background:#fff;border-radius:4px;\
font:inherit;font-size:1.1rem;line-height:1;padding:.25rem .5rem;cursor:pointer}
.panel-sub{color:var(--muted);margin:.35rem 0 1rem}
.quotes{list-style:none;padding:0;margin:0}
.quotes li{margin:0 0 .9rem;padding:0 0 .9rem;border-bottom:1px solid var(--grid)}
.quotes blockquote{margin:0 0 .35rem;padding-left:.75rem;border-left:3px solid #9ecae1;\
white-space:pre-wrap;overflow-wrap:anywhere}
.quotes mark{background:#fdd49e;color:inherit;padding:0 .1em;border-radius:2px}
.context{color:var(--muted)}
.source{color:var(--muted);font-size:.85rem}
.offsets{margin-left:.5rem}
@media (min-width:60rem){body.panel-open main{margin-right:calc(var(--panel-w) + .5rem)}}
@media print{.panel{display:none}.matrix-wrap{max-height:none;overflow:visible}\
.matrix thead th,.matrix tbody th{position:static}}
"""

_SCRIPT = """\
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var words = data.strings;
  var matrix = document.getElementById("matrix");
  var panel = document.getElementById("panel");
  var heading = document.getElementById("panel-title");
  var subtitle = document.getElementById("panel-subtitle");
  var content = document.getElementById("panel-body");
  var opener = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function cellButton(key) {
    var buttons = matrix.querySelectorAll("button[data-cell]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-cell") === key) { return buttons[i]; }
    }
    return null;
  }

  function select(button) {
    var previous = matrix.querySelector("td.selected");
    if (previous) { previous.classList.remove("selected"); }
    if (button) { button.parentNode.classList.add("selected"); }
  }

  function quoteItem(quote) {
    var item = element("li");
    var block = element("blockquote");
    if (quote.before) { block.appendChild(element("span", "context", "\u2026" + quote.before)); }
    block.appendChild(element("mark", "", quote.text));
    if (quote.after) { block.appendChild(element("span", "context", quote.after + "\u2026")); }
    item.appendChild(block);
    var source = element("p", "source", quote.file + ", " + words.page + " " + quote.page);
    var offsets = element("span", "offsets", "[" + quote.start + "\u2013" + quote.end + "]");
    offsets.title = words.characters + " " + quote.start + "\u2013" + quote.end;
    source.appendChild(offsets);
    item.appendChild(source);
    return item;
  }

  function openCell(key) {
    var cut = key.lastIndexOf("|");
    var notation = key.slice(0, cut);
    var index = key.slice(cut + 1);
    if (cut < 0 || !/^[0-9]+$/.test(index)) { return false; }
    var row = data.rows[notation];
    var column = data.columns[Number(index)];
    if (row === undefined || column === undefined) { return false; }
    key = notation + "|" + Number(index);
    var count = data.counts[key] || 0;
    var quotes = data.evidence[key] || [];
    heading.textContent = row.label;
    heading.appendChild(element("code", "notation", " " + notation));
    subtitle.textContent = column.label + " \u00b7 " + count + " " +
      (count === 1 ? words.annotation : words.annotations);
    content.replaceChildren();
    if (count === 0) {
      content.appendChild(element("p", "note", words.no_annotations));
    } else if (quotes.length === 0) {
      content.appendChild(element("p", "note", words.no_evidence));
    } else {
      content.appendChild(element("h3", "", words.evidence));
      if (quotes.length < count) {
        content.appendChild(element("p", "note",
          words.showing.replace("{shown}", quotes.length).replace("{count}", count)));
      }
      var list = element("ol", "quotes");
      quotes.forEach(function (quote) { list.appendChild(quoteItem(quote)); });
      content.appendChild(list);
    }
    opener = cellButton(key);
    select(opener);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    var hash = "#cell=" + encodeURIComponent(notation) + "|" + Number(index);
    if (location.hash !== hash) {
      try { history.replaceState(null, "", hash); } catch (error) { /* a sandboxed frame */ }
    }
    if (opener) { opener.scrollIntoView({block: "center", inline: "center"}); }
    heading.focus();
    return true;
  }

  function closePanel() {
    if (panel.hidden) { return; }
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    select(null);
    try {
      history.replaceState(null, "", location.pathname + location.search);
    } catch (error) { /* a sandboxed frame */ }
    if (opener) { opener.focus(); }
  }

  function openFromHash() {
    var hash = location.hash;
    if (hash.indexOf("#cell=") !== 0) { return; }
    try { openCell(decodeURIComponent(hash.slice(6))); } catch (error) { /* a bad link */ }
  }

  matrix.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-cell]");
    if (button) { openCell(button.getAttribute("data-cell")); }
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
})();
"""


def render_html(comparison: Comparison) -> str:
    """Render a comparison as one self-contained HTML page.

    Args:
        comparison: The matrix, its codes, columns and documents; with evidence
            quotes when they are to be readable from the page.

    Returns:
        The page, the same text for the same comparison.
    """
    words = STRINGS.get(comparison.lang, STRINGS["en"])
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
    for row in band.rows:
        cells = []
        for index, column in enumerate(comparison.columns):
            count = comparison.count(row.notation, column.key)
            if count:
                key = escape(f"{row.notation}|{index}")
                cells.append(
                    f'<td class="s{colour_step(count, max_count)}">'
                    f'<button type="button" data-cell="{key}">{count}</button></td>'
                )
            else:
                cells.append("<td></td>")
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
        "strings": {key: words[key] for key in _SCRIPT_STRINGS},
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
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
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
