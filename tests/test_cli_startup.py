"""``plpbk-kg`` starts without the stages: ``--help`` and an ingest with nothing to do.

Every command is registered at start-up, so whatever a command module imports at its
top, every call pays for. Extraction (pdfplumber, pdfium, Tesseract's wrapper), spaCy,
Prefect and Dask cost seconds to import; they are imported by the commands that use
them, when they use them. Checked in a fresh interpreter, as a user's call starts.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from conftest import PROJECT_ROOT

HEAVY = (
    "pipeline.extract",
    "pipeline.runners",
    "pipeline.annotate",
    "pipeline.tag",
    "flows",
    "prefect",
    "prefect_dask",
    "distributed",
    "dask",
    "spacy",
    "pdfplumber",
    "pypdfium2",
)
"""What no command may import before it runs: the stages, the orchestration, the cluster."""

NOT_FOR_A_SETTLED_INGEST = (
    "pipeline.tag",
    "flows",
    "spacy",
    "prefect",
    "prefect_dask",
    "distributed",
    "dask",
)
"""What an ingest with nothing to do never imports. It does import the extraction
package (pdfplumber, pdfium: ~0.7 s): the extraction and tagging limits are checked
before the store is opened, and ``pipeline.extract.limits`` imports its package, which
imports the PDF readers. ``pipeline.runners`` (which reads ``--runner``) is light."""

_PROBE = """
import json, sys
from pipeline.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code
heavy = json.loads({heavy!r})
print(json.dumps({{"code": code, "loaded": [m for m in heavy if m in sys.modules]}}))
"""


def _loaded_after(*args: str, cwd: Path) -> tuple[object, list[str]]:
    """Run ``plpbk-kg ARGS`` in a fresh interpreter: its exit code, the heavy modules loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=json.dumps(HEAVY)), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], result["loaded"]


def test_help_imports_no_stage_no_orchestration_no_cluster() -> None:
    code, loaded = _loaded_after("--help", cwd=PROJECT_ROOT)
    assert code in (0, None)
    assert loaded == []


def test_ingest_help_imports_no_stage_either() -> None:
    code, loaded = _loaded_after("ingest", "--help", cwd=PROJECT_ROOT)
    assert code in (0, None)
    assert loaded == []


def test_an_ingest_with_nothing_to_do_imports_neither_tagging_nor_prefect(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    report = Path(shutil.copy(PROJECT_ROOT / "corpus" / "review-plpbk-banjarmasin.txt", folder))
    store = _stored_as_ingest_would(tmp_path / "kg", report)
    code, loaded = _loaded_after("ingest", str(folder), "--store", str(store), cwd=PROJECT_ROOT)
    assert code in (0, None)  # every file unchanged: nothing failed
    assert [m for m in loaded if m in NOT_FOR_A_SETTLED_INGEST] == []


def _stored_as_ingest_would(store: Path, file: Path) -> Path:
    """The file through the real stages into a store, recorded with this version's
    pipeline and codebook, so the next ingest plans it as unchanged (no Prefect here)."""
    import pipeline
    from pipeline.codebook import codebook_fingerprint
    from pipeline.entities import recognise_entities
    from pipeline.extract import extract_text
    from pipeline.graph import RunInfo, document_graph
    from pipeline.resources import vocabulary_files
    from pipeline.source import fingerprint
    from pipeline.store import KnowledgeStore
    from pipeline.tag import tag_document

    text = extract_text(file)
    tagged = tag_document(text)
    found = recognise_entities(text, language=tagged.language)
    now = datetime.now(UTC)
    run = RunInfo(pipeline.__version__, codebook_fingerprint(), started=now, ended=now)
    graph = document_graph(fingerprint(file), text, tagged, found, run=run)
    with KnowledgeStore.open(store) as kg:
        kg.load_vocabulary(vocabulary_files())
        kg.replace_document(graph, source_path=str(file))
    return store
