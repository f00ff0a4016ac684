"""Every named query of ``queries/`` against a small fixed corpus, row for row.

The corpus is ``tests/golden/corpus/`` (three short reports the team wrote: two
Indonesian studies of kelurahan in Kota Pasuruan that cite one work in common, and an
English review of Kota Tegal) plus ``tests/golden/scanned/``: minutes whose three
paragraphs are loaded as three OCR'd pages with fixed confidences (the text is given, not
read by Tesseract, so that the confidences in the golden rows do not depend on its
version). Each query has one or more golden files
``tests/golden/<query>.csv`` or ``tests/golden/<query>--<case>.csv``: an optional first
line ``# params: NAME=VALUE ...`` (the ``--param`` values of the case), then the
expected rows as CSV, as ``plpbk-kg query`` shows them (IRIs prefixed).

When the tagger or a query changes on purpose, rewrite the golden files with
``PLPBK_UPDATE_GOLDEN=1 pytest tests/test_queries_golden.py`` and read the diff.
"""

from __future__ import annotations

import csv
import io
import os
import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers import oxigraph_server
from stores import GOLDEN, build_store, fill_store, golden_documents

from pipeline.query import (
    check_parameter_values,
    list_queries,
    parse_params,
    resolve_query,
    rows,
    run_query,
)
from pipeline.remote import RemoteStore
from pipeline.store import KnowledgeStore
from pipeline.stores import GraphStore

PARAMS = "# params:"
UPDATE = os.environ.get("PLPBK_UPDATE_GOLDEN") == "1"


def golden_files() -> list[Path]:
    return sorted(GOLDEN.glob("*.csv"))


def query_name(golden: Path) -> str:
    return golden.stem.split("--", 1)[0]


@pytest.fixture(scope="module", params=["embedded", "oxigraph"])
def golden_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """The golden corpus in an on-disk store, or on an Oxigraph server; opened read-only.

    Both must give every golden row (issue 13): the server is a real ``oxigraph serve``
    on loopback, filled through the Graph Store protocol.
    """
    if request.param == "embedded":
        path = build_store(tmp_path_factory.mktemp("golden") / "kg", golden_documents())
        with KnowledgeStore.open(path, read_only=True) as kg:
            yield kg
        return
    with oxigraph_server(tmp_path_factory.mktemp("golden-server") / "data") as server:
        with RemoteStore.open(server.url) as writer:
            fill_store(writer, golden_documents())
        with RemoteStore.open(server.url, read_only=True) as kg:
            yield kg


def unordered(store: GraphStore, query_text: str, text: str) -> str:
    """Rows in no promised order (the query has no ORDER BY) are compared sorted.

    A server orders them as it likes, and so may the embedded store: the queries over all
    documents join by hashing, with no ORDER BY (sorting 10,000 file names costs more
    than the query), so their rows come in no particular order.
    """
    code = "\n".join(line.split("#", 1)[0] for line in query_text.splitlines())
    if "ORDER BY" in code.upper():
        return text
    head, *body = text.splitlines(keepends=True)
    return head + "".join(sorted(body))


def test_every_named_query_has_a_golden_result() -> None:
    covered = {query_name(golden) for golden in golden_files()}
    missing = [query.name for query in list_queries() if query.name not in covered]
    assert not missing, f"named queries without a golden file in tests/golden/: {missing}"


def test_every_golden_file_names_a_query() -> None:
    names = {query.name for query in list_queries()}
    strays = [golden.name for golden in golden_files() if query_name(golden) not in names]
    assert not strays, f"golden files of no query: {strays}"


@pytest.mark.parametrize("golden", golden_files(), ids=lambda path: path.stem)
def test_query_gives_its_golden_rows(golden: Path, golden_store: GraphStore) -> None:
    lines = golden.read_text(encoding="utf-8").splitlines(keepends=True)
    params = shlex.split(lines[0][len(PARAMS) :]) if lines and lines[0].startswith(PARAMS) else []
    query = resolve_query(query_name(golden))
    columns, table = rows(run_query(golden_store, query, params=parse_params(params)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(table)
    if UPDATE:
        head = [lines[0]] if params else []
        golden.write_text("".join(head) + out.getvalue(), encoding="utf-8")
    expected = "".join(lines[1:] if params else lines)
    assert unordered(golden_store, query.text, out.getvalue()) == unordered(
        golden_store, query.text, expected
    )
    assert len(table) > 0, "a golden case must have rows: an empty result proves little"


@pytest.mark.parametrize(
    "golden",
    [path for path in golden_files() if path.read_text(encoding="utf-8").startswith(PARAMS)],
    ids=lambda path: path.stem,
)
def test_golden_parameters_pass_the_value_check(golden: Path, golden_store: GraphStore) -> None:
    """The check that answers a mistyped value never refuses a value the store holds."""
    first = golden.read_text(encoding="utf-8").splitlines()[0]
    params = parse_params(shlex.split(first[len(PARAMS) :]))
    check_parameter_values(golden_store, resolve_query(query_name(golden)), params)
