"""A comparison as data to paste or to read by program: CSV, Markdown and JSON.

Each renderer is a function of the comparison alone; none opens the store.
"""

from __future__ import annotations

import csv
import io

import orjson

from pipeline.compare import Comparison
from pipeline.render.heatmap import bands


def to_csv(comparison: Comparison) -> str:
    """The matrix as CSV: the code's notation, then one column a document (or place)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", *(column.name for column in comparison.columns)])
    for row in comparison.rows:
        cells = [comparison.count(row.notation, column.key) for column in comparison.columns]
        writer.writerow([row.notation, *cells])
    return out.getvalue()


def to_markdown(comparison: Comparison) -> str:
    """The matrix as a Markdown table, a bold row heading each family, then a legend.

    The legend gives each family's definition, then its codes' definitions, so that
    the table can be read away from the codebook.
    """
    names = [_md(column.name) for column in comparison.columns]
    lines = [
        "| code | " + " | ".join(names) + " |",
        "|---|" + "---:|" * len(names),
    ]
    for band in bands(comparison):
        lines.append(f"| **{_md(band.family.label)}** |" + " |" * len(names))
        for row in band.rows:
            cells = [
                str(comparison.count(row.notation, column.key)) for column in comparison.columns
            ]
            lines.append(f"| {_md(row.label)} (`{row.notation}`) | " + " | ".join(cells) + " |")
    lines += ["", "**Legend**", ""]
    for band in bands(comparison):
        family = band.family
        definition = f": {_md(family.definition)}" if family.definition else ""
        lines.append(f"- **{_md(family.label)}** (`{family.notation}`){definition}")
        for row in band.rows:
            meaning = f": {_md(row.definition)}" if row.definition else ""
            lines.append(f"  - `{row.notation}` {_md(row.label)}{meaning}")
    return "\n".join(lines) + "\n"


def to_json(comparison: Comparison) -> str:
    """The matrix and what explains it, as one JSON document (UTF-8, keys in order)."""
    data = {
        "lang": comparison.lang,
        "by": comparison.by,
        "columns": [
            {"key": c.key, "name": c.name, "kind": c.kind, "documents": list(c.documents)}
            for c in comparison.columns
        ],
        "families": [
            {"notation": family.notation, "label": family.label, "definition": family.definition}
            for family in comparison.families
        ],
        "rows": [
            {
                "code": row.notation,
                "family": row.family,
                "label": row.label,
                "definition": row.definition,
                "counts": {
                    column.name: comparison.count(row.notation, column.key)
                    for column in comparison.columns
                },
            }
            for row in comparison.rows
        ],
        "documents": [
            {
                "file": info.file_name,
                "title": info.title,
                "language": info.language,
                "year": info.year,
                "places": list(info.places),
                "methods": list(info.methods),
                "pages": info.pages,
            }
            for info in comparison.documents
        ],
    }
    # orjson writes what json.dumps(ensure_ascii=False, indent=2) writes, ~10× faster on the
    # 20 MB of 10,000 documents.
    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
