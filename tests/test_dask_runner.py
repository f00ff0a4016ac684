"""``--runner dask``: documents processed on a Dask cluster, the flow the one writer.

A real ``distributed.LocalCluster`` of two worker processes on loopback is started by
the module; the CLI joins it by address (``--runner dask://HOST:PORT``) or starts a
cluster of its own (``--runner dask``). The reference is the local runner on the same
files, into another real on-disk store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pdfs
import pyoxigraph as ox
import pytest
from conftest import CLI, PROJECT_ROOT, plpbk

from pipeline.report import IngestReport, Status
from pipeline.runners import HOLD_ENV, RunnerSpec, parse_runner

CORPUS = PROJECT_ROOT / "corpus"
GOOD = (
    "review-plpbk-banjarmasin.txt",
    "laporan-lapangan-kesenden.txt",
    "kemitraan-plpbk-sangkrah.pdf",
)
MEMORY_MB = "400"
"""``PLPBK_EXTRACT_MEMORY_MB`` of the workers and of the local run: stops huge.pdf quickly."""
RUN_TIMES = ("startedAtTime", "endedAtTime")
"""The run's clock times: the only quads two runs on the same files may differ in."""


def store_quads(store: Path, *, graph: str | None = None) -> list[str]:
    """The store's quads as sorted N-Quads lines, without the runs' clock times."""
    kept: list[str] = []
    for quad in ox.Store.read_only(str(store)):
        if graph is not None and str(quad.graph_name) != f"<{graph}>":
            continue
        if not str(quad.predicate).endswith(tuple(f"{t}>" for t in RUN_TIMES)):
            kept.append(str(quad))
    return sorted(kept)


def tree_state() -> str:
    """A fingerprint of the code and data a run's triples depend on (names, sizes, times).

    The suite runs in a working tree other people may commit to while it runs: a run
    before and a run after such a commit legitimately differ, whatever the runner.
    """
    files = [PROJECT_ROOT / "flows.py"]
    files += sorted((PROJECT_ROOT / "pipeline").rglob("*.py"))
    files += sorted(f for f in (PROJECT_ROOT / "ontology").rglob("*") if f.is_file())
    digest = hashlib.sha256()
    for file in files:
        stat = file.stat()
        digest.update(f"{file}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def comparable_with_the_reference(tree_at_start: str) -> None:
    """Skip a comparison with the local run when the tree changed since the module began.

    Never in CI (nothing changes the tree there); in a shared working tree, a triple
    that differs because a tagging rule was committed mid-run says nothing of the runner.
    """
    if tree_state() != tree_at_start:
        pytest.skip(
            "pipeline/, ontology/ or flows.py changed while this module ran (someone "
            "committed): the local run made at its start is no reference any more"
        )


def document_graphs(store: Path) -> set[str]:
    """The named graphs of the store's documents."""
    return {g.value for g in ox.Store.read_only(str(store)).named_graphs() if "/doc/" in g.value}


def _report(done: subprocess.CompletedProcess[str] | tuple[int, str, str]) -> IngestReport:
    stdout = done[1] if isinstance(done, tuple) else done.stdout
    data = json.loads(stdout)
    from pipeline.report import DocumentOutcome

    outcomes = [
        DocumentOutcome(**{**d, "status": Status(d["status"]), "warnings": tuple(d["warnings"])})
        for d in data["documents"]
    ]
    return IngestReport(store=data["store"], outcomes=outcomes)


@pytest.fixture(scope="module")
def tree_at_start() -> str:
    """The tree's fingerprint before the cluster and the local run start."""
    return tree_state()


@pytest.fixture(scope="module")
def worker_limits(tree_at_start: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The extraction's memory limit, and the folder where workers announce a document
    mid-way (``PLPBK_TEST_HOLD_DIR``), in the environment the workers start with."""
    hold = tmp_path_factory.mktemp("hold")
    settings = {"PLPBK_EXTRACT_MEMORY_MB": MEMORY_MB, HOLD_ENV: str(hold)}
    previous = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    yield hold
    for name, value in previous.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value


@pytest.fixture(scope="module")
def cluster(worker_limits: Path) -> Iterator[tuple[object, str]]:
    """Two worker processes of one thread each on loopback, with a small memory limit."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            memory_limit="1.5GiB",
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
        Client(local) as client,
    ):
        yield client, local.scheduler_address


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "reports"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "empty.pdf").write_bytes(b"")
    pdfs.huge_page(folder / "huge.pdf")
    return folder


@pytest.fixture(scope="module")
def local_run(
    prefect_api: str, worker_limits: Path, batch: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IngestReport]:
    """The reference: the default runner on the same files."""
    import flows

    store = tmp_path_factory.mktemp("local") / "kg"
    return store, flows.ingest([str(batch)], store=str(store))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("local", RunnerSpec(kind="local")),
        ("dask", RunnerSpec(kind="dask")),
        ("dask://10.0.0.5:8786", RunnerSpec(kind="dask", address="tcp://10.0.0.5:8786")),
        ("tcp://scheduler:8786", RunnerSpec(kind="dask", address="tcp://scheduler:8786")),
    ],
)
def test_runner_values_name_where_documents_run(value: str, expected: RunnerSpec) -> None:
    assert parse_runner(value) == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--runner", "spark"), "expected local, dask"),
        (("--runner", "dask://scheduler"), "dask://HOST:PORT"),
        (("--runner", "dask://h:1", "--workers", "2"), "start more with dask worker"),
    ],
)
def test_a_bad_runner_is_a_usage_error_before_any_work(
    tmp_path: Path, args: tuple[str, ...], words: str
) -> None:
    (tmp_path / "a.txt").write_text("Kemitraan warga dan swasta.\n")
    done = plpbk("ingest", str(tmp_path / "a.txt"), "--store", str(tmp_path / "kg"), *args)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr
    assert not (tmp_path / "kg").exists()


@pytest.mark.slow
def test_a_joined_cluster_gives_the_same_triples_as_a_local_run(
    prefect_api: str,
    cluster: tuple[object, str],
    batch: Path,
    local_run,
    tree_at_start: str,
    tmp_path: Path,
) -> None:
    _, address = cluster
    local_store, local_report = local_run
    store = tmp_path / "kg"
    done = plpbk(
        "ingest",
        str(batch),
        "--store",
        str(store),
        "--runner",
        address.replace("tcp://", "dask://"),
        "--json",
        env={"PREFECT_API_URL": prefect_api},
        timeout=120,
    )
    assert done.returncode == 1, done.stderr  # empty.pdf fails, as it does locally
    assert f"Dask cluster at {address}" in done.stderr
    report = _report(done)
    (huge,) = [o for o in report.outcomes if o.path.endswith("huge.pdf")]
    assert huge.reason and "PLPBK_EXTRACT_MEMORY_MB" in huge.reason  # the worker's limit
    comparable_with_the_reference(tree_at_start)
    assert [(o.path, o.status, o.reason, o.code_evidence) for o in report.outcomes] == [
        (o.path, o.status, o.reason, o.code_evidence) for o in local_report.outcomes
    ]
    assert store_quads(store) == store_quads(local_store)


@pytest.mark.slow
def test_runner_dask_starts_a_local_cluster_of_workers(
    prefect_api: str, batch: Path, local_run, tree_at_start: str, tmp_path: Path
) -> None:
    local_store, _ = local_run
    name = GOOD[0]
    done = plpbk(
        "ingest",
        str(batch / name),
        "--store",
        str(tmp_path / "kg"),
        "--runner",
        "dask",
        "--workers",
        "1",  # one process: the cheapest cluster that proves --runner dask starts one
        env={"PREFECT_API_URL": prefect_api},
        timeout=150,
    )
    assert done.returncode == 0, done.stderr
    assert "local Dask cluster of 1 worker process" in done.stderr
    assert "1 ingested" in done.stdout
    (graph,) = document_graphs(tmp_path / "kg")
    comparable_with_the_reference(tree_at_start)
    assert store_quads(tmp_path / "kg", graph=graph) == store_quads(local_store, graph=graph)


@pytest.mark.slow
def test_a_worker_killed_mid_document_leaves_whole_documents_and_the_batch_completes(
    prefect_api: str,
    cluster: tuple[object, str],
    batch: Path,
    local_run,
    worker_limits: Path,
    tree_at_start: str,
    tmp_path: Path,
) -> None:
    """SIGKILL to the worker running a document, at a moment the test knows: the worker
    has extracted and tagged it (its warm tagging children alive) and waits on a hold
    file (``PLPBK_TEST_HOLD_DIR``). The nanny restarts the worker; Dask runs the document
    again or it fails with a reason; the batch completes; nothing partial is stored; the
    killed worker's children do not outlive it."""
    client, address = cluster
    local_store, _ = local_run
    hold_folder, victim = worker_limits, GOOD[1]
    for marker in hold_folder.glob("*.running"):
        marker.unlink()
    hold = hold_folder / f"{victim}.hold"
    hold.touch()
    before = client.run(os.getpid)  # type: ignore[attr-defined]
    store = tmp_path / "kg"
    runner = address.replace("tcp://", "dask://")
    process = subprocess.Popen(
        [str(CLI), "ingest", str(batch), "--store", str(store), "--json", "--runner", runner],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PREFECT_API_URL": prefect_api, "COLUMNS": "200"},
        cwd=PROJECT_ROOT,
    )
    try:
        pid = _held_worker(hold_folder, victim, process, deadline=180)
        assert pid in before.values()
        children = _descendants(pid)
        os.kill(pid, signal.SIGKILL)
        hold.unlink()  # a second run of the document goes through
        stdout, stderr = process.communicate(timeout=240)
    finally:
        hold.unlink(missing_ok=True)
        if process.poll() is None:
            process.kill()
            process.communicate()
    report = _report((process.returncode, stdout, stderr))
    names = sorted(Path(o.path).name for o in report.outcomes)
    assert names == sorted([*GOOD, "empty.pdf", "huge.pdf"]), stderr
    (killed,) = [o for o in report.outcomes if Path(o.path).name == victim]
    assert killed.status is Status.INGESTED or (killed.reason and victim in killed.reason), killed
    others = [o for o in report.outcomes if Path(o.path).name in GOOD and o is not killed]
    assert {o.status for o in others} == {Status.INGESTED}, others
    ingested = [o for o in report.outcomes if o.status is Status.INGESTED]
    graphs = document_graphs(store)
    assert graphs == {f"https://w3id.org/plpbk-kg/doc/{o.sha256}" for o in ingested}
    client.wait_for_workers(2, timeout=60)  # type: ignore[attr-defined]
    after = client.run(os.getpid)  # type: ignore[attr-defined]
    assert pid not in after.values()
    _gone(children, within=30)
    comparable_with_the_reference(tree_at_start)
    for graph in graphs:  # each stored document whole: as the local run stored it
        assert store_quads(store, graph=graph) == store_quads(local_store, graph=graph)


def _held_worker(
    folder: Path, name: str, process: subprocess.Popen[str], *, deadline: float
) -> int:
    """The pid of the worker process that announced ``name`` in ``folder`` (and is held)."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = sorted(folder.glob(f"{name}.*.running"))
        if found:
            return int(found[0].name.rsplit(".", 2)[1])
        if process.poll() is not None:
            raise AssertionError(f"the ingest ended first: {process.communicate()}")
        time.sleep(0.1)
    raise AssertionError(f"no worker announced {name} within {deadline:g} s")


def _descendants(pid: int) -> set[int]:
    """The processes below ``pid`` (its children, theirs, ...), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier}
        found |= frontier
    return found


def _gone(pids: set[int], *, within: float) -> None:
    """Wait until none of ``pids`` runs (a zombie counts as gone); fail naming them."""
    end = time.monotonic() + within
    alive = pids
    while alive and time.monotonic() < end:
        alive = {pid for pid in alive if _running(pid)}
        time.sleep(0.2)
    names = {pid: _command(pid) for pid in alive}
    assert not alive, f"the killed worker's children outlived it: {names}"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120]
    except OSError:
        return "?"
