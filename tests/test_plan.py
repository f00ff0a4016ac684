"""The plan stage: what an ingest processes, and what it settles at once (no Prefect).

Real files in a temporary folder, a real on-disk store holding documents loaded
through the graph stage.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from documents import RUN, tagged, two_page_text

from pipeline.document import EntityFindings
from pipeline.graph import RunInfo, document_graph
from pipeline.plan import Plan, plan_ingest
from pipeline.report import Status
from pipeline.source import discover, fingerprint
from pipeline.store import KnowledgeStore


@pytest.fixture
def store(tmp_path: Path):
    with KnowledgeStore.open(tmp_path / "kg") as kg:
        yield kg


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(store: KnowledgeStore, file: Path, *, run: RunInfo = RUN) -> None:
    """Store ``file``'s document as an ingest by ``run``'s versions would have."""
    text = two_page_text()
    graph = document_graph(fingerprint(file), text, tagged(text), EntityFindings(), run=run)
    store.replace_document(graph, source_path=str(file))


def _plan(paths: list[Path], store: KnowledgeStore) -> Plan:
    return plan_ingest(
        discover(paths),
        store,
        pipeline_version=RUN.pipeline_version,
        codebook_version=RUN.codebook_version,
    )


def test_a_new_file_is_to_be_processed(store: KnowledgeStore, tmp_path: Path) -> None:
    file = _write(tmp_path / "in", "a.txt", "Kemitraan pemerintah dan swasta.\n")
    planned = _plan([file], store)
    assert [source.path for source in planned.todo] == [file.resolve()]
    assert planned.todo[0].sha256 == fingerprint(file).sha256
    assert planned.settled == () and planned.also_found == ()


def test_a_document_stored_by_these_versions_is_unchanged(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    file = _write(tmp_path / "in", "a.txt", "Kemitraan pemerintah dan swasta.\n")
    _load(store, file)
    planned = _plan([file], store)
    assert planned.todo == ()
    (row,) = planned.settled
    assert (row.status, row.sha256, row.reason) == (
        Status.UNCHANGED,
        fingerprint(file).sha256,
        None,
    )
    assert planned.also_found == ((fingerprint(file).sha256, str(file.resolve())),)


def test_a_document_stored_by_another_codebook_is_processed_again(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    file = _write(tmp_path / "in", "a.txt", "Kemitraan pemerintah dan swasta.\n")
    _load(store, file, run=replace(RUN, codebook_version="0+older"))
    planned = _plan([file], store)
    assert [source.path for source in planned.todo] == [file.resolve()]
    assert planned.settled == ()


def test_the_same_bytes_under_two_names_are_one_document(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    first = _write(tmp_path / "in", "a.txt", "Swasta membangun jalan.\n")
    second = _write(tmp_path / "in", "b.txt", "Swasta membangun jalan.\n")
    planned = _plan([tmp_path / "in"], store)
    assert [source.path for source in planned.todo] == [first.resolve()]
    (row,) = planned.settled
    assert row.path == str(second.resolve())
    assert row.status is Status.UNCHANGED
    assert row.reason == "same bytes as a.txt: one document"


def test_a_copy_of_a_stored_document_is_unchanged_and_its_path_noted(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    original = _write(tmp_path / "in", "a.txt", "Swasta membangun jalan.\n")
    _load(store, original)
    copy = _write(tmp_path / "copies", "a-copy.txt", "Swasta membangun jalan.\n")
    planned = _plan([copy], store)
    assert planned.todo == ()
    assert [row.status for row in planned.settled] == [Status.UNCHANGED]
    assert planned.also_found == ((fingerprint(copy).sha256, str(copy.resolve())),)


def test_a_missing_path_fails_with_its_reason(store: KnowledgeStore, tmp_path: Path) -> None:
    planned = _plan([tmp_path / "nowhere"], store)
    assert planned.todo == ()
    (row,) = planned.settled
    assert row.status is Status.FAILED
    assert row.reason == f"{tmp_path / 'nowhere'}: no such file or folder"


def test_a_file_gone_before_it_is_fingerprinted_fails_alone(
    store: KnowledgeStore, tmp_path: Path
) -> None:
    kept = _write(tmp_path / "in", "a.txt", "Kemitraan.\n")
    gone = _write(tmp_path / "in", "b.txt", "Swasta.\n")
    found = discover([tmp_path / "in"])
    gone.unlink()
    planned = plan_ingest(
        found, store, pipeline_version=RUN.pipeline_version, codebook_version=RUN.codebook_version
    )
    assert [source.path for source in planned.todo] == [kept.resolve()]
    (row,) = planned.settled
    assert row.status is Status.FAILED
    assert row.reason is not None and "b.txt: the file disappeared" in row.reason


def test_planning_writes_nothing_to_the_store(store: KnowledgeStore, tmp_path: Path) -> None:
    original = _write(tmp_path / "in", "a.txt", "Swasta membangun jalan.\n")
    _load(store, original)
    copy = _write(tmp_path / "copies", "a-copy.txt", "Swasta membangun jalan.\n")
    before = sorted(str(quad) for quad in store.raw)
    planned = _plan([copy, tmp_path / "in", tmp_path / "nowhere"], store)
    assert planned.also_found  # something the manifest will be told, later
    assert sorted(str(quad) for quad in store.raw) == before


def test_rows_follow_the_order_files_were_found(store: KnowledgeStore, tmp_path: Path) -> None:
    for name in ("c.txt", "a.txt", "b.txt"):
        _write(tmp_path / "in", name, "Kemitraan warga.\n")  # one document, three names
    planned = _plan([tmp_path / "in"], store)
    assert [source.path.name for source in planned.todo] == ["a.txt"]
    assert [Path(row.path).name for row in planned.settled] == ["b.txt", "c.txt"]
