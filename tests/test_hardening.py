"""Hostile and careless input to ingest, extract and remove (issue 16): no hang, no traceback.

Each test runs the real thing: files, links, FIFOs and a small full disk (tmpfs) made
here, the ``plpbk-kg`` console script through the suite's runner, and for the
orchestrator a real ingest killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CLI, PROJECT_ROOT, SEED_TXT, plpbk

from pipeline.extract.plaintext import decode
from pipeline.source import discover
from pipeline.store import KnowledgeStore

REPORT = "Swasta memberi bantuan fisik berupa pembangunan jalan lingkungan.\n"


def _report(folder: Path, name: str = "laporan.txt", text: str = REPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr + done.stdout, done.stderr


def _one_error_line(done: subprocess.CompletedProcess[str], status: int) -> str:
    assert done.returncode == status, done.stdout + done.stderr
    _no_traceback(done)
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, done.stderr
    return errors[0]


# --- discovery: symlink storms, the store's own folder ------------------------------


def test_links_back_to_a_folder_are_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    _report(folder / "sub", "b.txt", "Pemerintah kota membangun drainase.\n")
    for parent in (folder, folder / "sub"):
        (parent / "s1").symlink_to(".")
        (parent / "s2").symlink_to(".")
    (folder / "sub" / "up").symlink_to("..")
    # Without the check the walk forks in two at every level: 2^40 paths before the
    # kernel's link limit. In a subprocess, so that a regression fails instead of hanging.
    code = (
        "import sys; from pathlib import Path; from pipeline.source import discover; "
        "print('\\n'.join(str(p) for p in discover([Path(sys.argv[1])]).files))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        str((folder / "a.txt").resolve()),
        str((folder / "sub" / "b.txt").resolve()),
    ]


def test_a_link_to_a_folder_elsewhere_is_followed(tmp_path: Path) -> None:
    outside = _report(tmp_path / "elsewhere", "c.txt")
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    (folder / "more").symlink_to(outside.parent)
    assert set(discover([folder]).files) == {(folder / "a.txt").resolve(), outside.resolve()}


def test_discovery_never_enters_the_folder_it_is_told_to_skip(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    with KnowledgeStore.open(folder / "kg"):
        pass
    assert (folder / "kg" / "CURRENT").is_file()
    assert discover([folder], skip=[folder / "kg"]).files == ((folder / "a.txt").resolve(),)


@pytest.mark.slow
def test_ingesting_a_folder_that_holds_the_store_ingests_no_store_file(
    prefect_api: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    store = folder / "kg"
    env = {"PREFECT_API_URL": prefect_api}
    first = plpbk("ingest", str(folder), "--store", str(store), "--json", env=env)
    assert first.returncode == 0, first.stderr
    # The store exists now, inside the folder: a second ingest must not read its files.
    second = plpbk("ingest", str(folder), "--store", str(store), "--json", env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert '"failed"' not in second.stdout
    assert "OPTIONS" not in second.stdout and "CURRENT" not in second.stdout
    assert second.stdout.count('"path"') == 1


@pytest.mark.slow
def test_an_ingest_through_a_symlink_storm_ends(prefect_api: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    (folder / "s1").symlink_to(".")
    (folder / "s2").symlink_to(".")
    done = plpbk(
        "ingest", str(folder), "--store", str(tmp_path / "kg"),
        env={"PREFECT_API_URL": prefect_api}, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 ingested, 0 unchanged, 0 failed" in done.stdout


# --- a full disk -----------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB tmpfs: room for the store and a couple of documents, not for six."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_is_one_error_line_under_the_summary(
    prefect_api: str, small_disk: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    seed = SEED_TXT.read_text(encoding="utf-8")
    for number in range(1, 7):  # six documents of 30 KB: their quads overflow the disk
        _report(folder, f"doc{number}.txt", f"{seed}\nSalinan {number}.\n")
    store = small_disk / "kg"
    env = {"PREFECT_API_URL": prefect_api}
    done = plpbk("ingest", str(folder), "--store", str(store), env=env, timeout=600)
    error = _one_error_line(done, 1)
    assert "no space left on device" in error and str(store) in error
    assert "free space and ingest again" in error
    # The summary says, file by file, what was stored and what was not.
    rows = [line for line in done.stdout.splitlines() if ".txt" in line]
    assert len(rows) == 6, done.stdout
    failed = [row for row in rows if "failed" in row]
    assert failed and all("not stored" in row for row in failed), done.stdout
    ingested = {row.split()[1] for row in rows if "ingested" in row}
    # What the summary calls ingested is what the store holds (read from a copy with room).
    copy = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(store), str(copy)], check=True)
    listed = plpbk("query", "documents", "--store", str(copy), "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    stored = {line.split(",")[0] for line in listed.stdout.splitlines()[1:]}
    assert stored == ingested
    # With room again, a second ingest completes the batch.
    again = plpbk("ingest", str(folder), "--store", str(copy), env=env, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{6 - len(ingested)} ingested, {len(ingested)} unchanged, 0 failed" in again.stdout


# --- smaller ones ----------------------------------------------------------------------


@pytest.mark.slow
def test_an_ignore_file_that_is_not_utf8_is_read_with_a_warning(
    prefect_api: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    _report(folder, "draft.txt", "Draf yang tidak diingest.\n")
    (folder / ".plpbkignore").write_bytes(b"# catatan caf\xe9\ndraft.txt\nlama-\xff\xfe.txt\n")
    done = plpbk(
        "ingest", str(folder), "--store", str(tmp_path / "kg"), "--json",
        env={"PREFECT_API_URL": prefect_api},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    _no_traceback(done)
    assert "warning:" in done.stderr and ".plpbkignore" in done.stderr
    assert "a.txt" in done.stdout and "draft.txt" not in done.stdout


@pytest.mark.parametrize(
    ("args", "env", "names"),
    [
        (["--workers", "-1"], {}, "--workers"),
        (["--workers", "0"], {}, "--workers"),
        ([], {"PLPBK_EXTRACT_TIMEOUT": "abc"}, "PLPBK_EXTRACT_TIMEOUT"),
        ([], {"PLPBK_EXTRACT_MEMORY_MB": "-5"}, "PLPBK_EXTRACT_MEMORY_MB"),
    ],
)
def test_a_bad_ingest_setting_is_a_usage_error_before_the_orchestrator_starts(
    tmp_path: Path, args: list[str], env: dict[str, str], names: str
) -> None:
    file = _report(tmp_path / "in")
    store = tmp_path / "kg"
    done = plpbk("ingest", str(file), "--store", str(store), *args, env=env, timeout=60)
    assert names in _one_error_line(done, 2)
    assert "orchestrator" not in done.stderr
    assert not store.exists()  # refused before anything was opened


def test_a_bad_extraction_limit_is_a_usage_error_for_extract(tmp_path: Path) -> None:
    file = _report(tmp_path)
    done = plpbk("extract", str(file), env={"PLPBK_EXTRACT_TIMEOUT": "abc"})
    assert "PLPBK_EXTRACT_TIMEOUT" in _one_error_line(done, 2)


def test_remove_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    _report(folder, "a.txt")
    done = plpbk("remove", "a.txt", "--store", str(folder))
    assert str(folder) in _one_error_line(done, 1)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]  # no RocksDB files written


def test_remove_refuses_a_store_path_where_nothing_is(tmp_path: Path) -> None:
    store = tmp_path / "typo-store"
    done = plpbk("remove", "a.txt", "--store", str(store))
    assert str(store) in _one_error_line(done, 1)
    assert not store.exists()  # no empty store created


def test_extract_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "laporan.txt"
    os.mkfifo(fifo)
    started = time.monotonic()
    done = plpbk("extract", str(fifo), timeout=60)
    assert "not a regular file" in _one_error_line(done, 1)
    assert time.monotonic() - started < 30  # not the extraction time limit


def test_a_fifo_in_a_folder_is_not_a_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _report(folder, "a.txt")
    os.mkfifo(folder / "pipe.txt")
    assert discover([folder]).files == ((folder / "a.txt").resolve(),)


def _utf8_with_bad_bytes() -> bytes:
    text = "Kafe “Warung Kopi” di Kelurahan Café Baru — bantuan CSR untuk renovasi.\n" * 40
    data = text.encode("utf-8")
    return data[:500] + b"\xff" + data[500:1500] + b"\xfe" + data[1500:]


def test_utf8_with_a_few_bad_bytes_is_read_as_utf8_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "laporan.txt"
    path.write_bytes(_utf8_with_bad_bytes())
    done = plpbk("extract", str(path))
    assert done.returncode == 0, done.stderr
    assert "Café Baru" in done.stdout and "Ã" not in done.stdout
    assert done.stdout.count("\ufffd") == 2
    assert "warning:" in done.stderr and "2 bytes not valid UTF-8" in done.stderr
    assert "laporan.txt" in done.stderr


def test_a_cp1252_text_is_still_read_as_cp1252() -> None:
    data = ("Kafe di Kelurahan Café Baru, bantuan CSR untuk renovasi.\n" * 40).encode("cp1252")
    decoded = decode(data, "lama.txt")
    assert (decoded.encoding, decoded.warnings) == ("cp1252", ())
    assert "Café Baru" in decoded.text


# --- the temporary Prefect server dies with the CLI ------------------------------------


def _children(parent: int) -> dict[int, bytes]:
    """The children of ``parent`` and their command lines."""
    found: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
            if fields[1] == str(parent):
                found[int(entry.name)] = (entry / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the server")
def test_killing_the_cli_stops_its_temporary_prefect_server(tmp_path: Path) -> None:
    file = _report(tmp_path / "in")
    env = {**os.environ, "COLUMNS": "200"}
    env.pop("PREFECT_API_URL", None)  # no server given: the ingest starts a temporary one
    env["XDG_STATE_HOME"] = str(tmp_path / "state")  # and finds none kept running
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    cli = subprocess.Popen(
        [str(CLI), "ingest", str(file), "--store", str(tmp_path / "kg")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=PROJECT_ROOT,
    )
    server = None
    try:
        deadline = time.monotonic() + 120
        while server is None and time.monotonic() < deadline and cli.poll() is None:
            servers = [pid for pid, cmd in _children(cli.pid).items() if b"uvicorn" in cmd]
            server = servers[0] if servers else None
            time.sleep(0.2)
        assert server is not None, "the ingest started no temporary Prefect server"
        time.sleep(1.0)  # the watchdog looks every 0.2 s
        os.kill(cli.pid, signal.SIGKILL)
        cli.wait(timeout=10)
        gone_by = time.monotonic() + 10
        while _running(server) and time.monotonic() < gone_by:
            time.sleep(0.2)
        assert not _running(server), "the temporary Prefect server outlived the CLI"
    finally:
        if cli.poll() is None:
            cli.kill()
        if server is not None and _running(server):
            os.kill(server, signal.SIGKILL)


# --- a big text --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_text_of_three_million_characters_is_ingested(prefect_api: str, tmp_path: Path) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    sections = [f"{seed}\nBagian {number}.\n" for number in range(3_000_000 // len(seed) + 1)]
    big = _report(tmp_path / "in", "besar.txt", "\n\n".join(sections))
    assert len(big.read_text(encoding="utf-8")) > 3_000_000  # three times spaCy's max_length
    done = plpbk(
        "ingest", str(big), "--store", str(tmp_path / "kg"), "--json",
        env={"PREFECT_API_URL": prefect_api}, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (row,) = json.loads(done.stdout)["documents"]
    assert row["status"] == "ingested", row
    # Each section holds the seed's codes: a tagger that gave up part-way would find fewer.
    single = plpbk(
        "ingest", str(SEED_TXT), "--store", str(tmp_path / "kg-seed"), "--json",
        env={"PREFECT_API_URL": prefect_api},
    )  # fmt: skip
    (seed_row,) = json.loads(single.stdout)["documents"]
    assert row["codes"] >= seed_row["codes"] > 0
    assert row["code_evidence"] >= len(sections) * seed_row["code_evidence"] * 0.9


def test_a_document_over_the_tagging_time_limit_fails_alone(
    prefect_api: str, tmp_path: Path
) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    big = _report(tmp_path / "in", "besar.txt", "\n\n".join([seed] * (3_000_000 // len(seed))))
    small = _report(tmp_path / "in", "kecil.txt", seed)
    done = plpbk(
        "ingest", str(big), str(small), "--store", str(tmp_path / "kg"), "--json",
        env={"PREFECT_API_URL": prefect_api, "PLPBK_TAG_TIMEOUT": "3"},
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    _no_traceback(done)
    rows = {Path(row["path"]).name: row for row in json.loads(done.stdout)["documents"]}
    assert rows["kecil.txt"]["status"] == "ingested", rows["kecil.txt"]
    assert rows["besar.txt"]["status"] == "failed"
    assert rows["besar.txt"]["reason"] == (
        "besar.txt: tagging took longer than 3 s and was stopped; "
        "split the document, or raise the limit with PLPBK_TAG_TIMEOUT=<seconds>"
    )


def test_a_bad_tagging_limit_is_a_usage_error_before_any_work(tmp_path: Path) -> None:
    done = plpbk(
        "ingest", str(SEED_TXT), "--store", str(tmp_path / "kg"),
        env={"PLPBK_TAG_TIMEOUT": "0"},
    )  # fmt: skip
    line = _one_error_line(done, 2)
    assert "PLPBK_TAG_TIMEOUT must be a positive number" in line
    assert not (tmp_path / "kg").exists()
