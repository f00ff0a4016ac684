"""Codings made in a live Taguette come back with their spans right.

Taguette 1.5.2 (a free QDA tool; PyPI ``taguette``) runs in a virtualenv of its own,
``.venv-taguette`` (it pins SQLAlchemy < 1.5, which Prefect's does not allow): ``make
test`` creates it, and so does this module's fixture when it is missing. The test starts
a real Taguette server on loopback, drives it through its HTTP API as its web page does
(log in with the token it prints, create a project, upload a document, create tags,
highlight by UTF-8 byte offsets, export ``project.sqlite3``), and imports the export with
``plpbk-kg import-codings``: every highlight must come back as the quote it highlighted,
at the offsets of that quote in the text the store indexes -- accents, an ampersand, an
angle bracket and an emoji included.
"""

from __future__ import annotations

import html
import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, plpbk
from stores import build_store

from pipeline.exchange.coders import codings_of
from pipeline.store import KnowledgeStore

TAGUETTE_VENV = PROJECT_ROOT / ".venv-taguette"
TAGUETTE_VERSION = "1.5.2"

TEXT = (
    "Catatan Rapat BKM Café Sejahtera\n\n"
    "Warga & BKM menerima bantuan fisik berupa jalan beton dari PT Naïve Jaya 😀.\n"
    "Swasta juga memberi dana CSR Rp 5 juta <tunai> untuk taman baca.\n"
    "Dinas PU membantu perencanaan, pengawasan, dan pelatihan warga.\n"
)
"""A document with accents, an emoji (four UTF-8 bytes), ``&`` and ``<``: each counts
differently in Taguette's byte offsets over HTML text than in our character offsets."""

HIGHLIGHTS = (
    ("form.physical", "bantuan fisik berupa jalan beton dari PT Naïve Jaya 😀"),
    ("bantuan uang", "dana CSR Rp 5 juta <tunai>"),
    ("Private Sector", "PT Naïve Jaya"),
    ("form.programme", "pelatihan warga"),
    ("catatan pribadi", "Café Sejahtera"),
)
"""(tag path, quote): tags by notation, by Indonesian and English label (any case), and
one that is no code of the codebook."""


def taguette_program() -> Path:
    """The ``taguette`` program of ``.venv-taguette``, made when missing."""
    program = TAGUETTE_VENV / "bin" / "taguette"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(TAGUETTE_VENV)], check=True)
        subprocess.run(
            [
                str(TAGUETTE_VENV / "bin" / "python"),
                "-m",
                "pip",
                "install",
                "--quiet",
                f"taguette=={TAGUETTE_VERSION}",
            ],
            check=True,
        )
    return program


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TaguetteClient:
    """Taguette's HTTP API, as its web page calls it (one session, its XSRF cookie)."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.request(f"/?token={token}")
        self.request("/project/new")  # sets the _xsrf cookie
        self.xsrf = next(c.value for c in self.cookies if c.name == "_xsrf") or ""

    def request(
        self, path: str, data: bytes | None = None, headers: dict[str, str] | None = None
    ) -> bytes:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        with self.opener.open(request, timeout=60) as response:
            return bytes(response.read())

    def new_project(self, name: str) -> int:
        fields = {"name": name, "description": "plpbk-kg test", "_xsrf": self.xsrf}
        request = urllib.request.Request(
            self.base + "/project/new",
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with self.opener.open(request, timeout=60) as response:
            return int(response.geturl().rstrip("/").rsplit("/", 1)[1])

    def api(self, path: str, payload: dict[str, object]) -> dict[str, object]:
        body = self.request(
            path,
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "X-XSRFToken": self.xsrf},
        )
        answer = json.loads(body) if body else {}
        assert isinstance(answer, dict)
        return answer

    def upload_html(self, project: int, name: str, text: str) -> int:
        """Upload plain text as Taguette takes it: HTML-escaped, UTF-8 with a BOM, .html."""
        boundary = uuid.uuid4().hex
        data = b"\xef\xbb\xbf" + html.escape(text, quote=False).encode("utf-8")
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
            for key, value in (
                ("name", name),
                ("description", ""),
                ("direction", "LEFT_TO_RIGHT"),
                ("_xsrf", self.xsrf),
            )
        ]
        body = (
            "".join(parts).encode()
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}.html"\r\nContent-Type: text/html\r\n\r\n'
            ).encode()
        )
        body += data + f"\r\n--{boundary}--\r\n".encode()
        answer = json.loads(
            self.request(
                f"/api/project/{project}/document/new",
                body,
                {
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "X-XSRFToken": self.xsrf,
                },
            )
        )
        return int(answer["created"])


@pytest.fixture(scope="module")
def taguette(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TaguetteClient]:
    """A real Taguette server on loopback (its own database), logged in."""
    program = taguette_program()
    folder = tmp_path_factory.mktemp("taguette")
    port = free_port()
    log = (folder / "taguette.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [
            str(program),
            "--no-browser",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--database",
            str(folder / "taguette.sqlite3"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "HOME": str(folder)},
    )
    try:
        token = ""
        deadline = time.monotonic() + 90
        while not token and time.monotonic() < deadline:
            assert server.poll() is None, (folder / "taguette.log").read_text()
            for line in (folder / "taguette.log").read_text(encoding="utf-8").splitlines():
                if "?token=" in line:
                    token = line.rsplit("?token=", 1)[1].strip()
            time.sleep(0.2)
        assert token, "Taguette printed no login URL: " + (folder / "taguette.log").read_text()
        yield TaguetteClient(f"http://127.0.0.1:{port}", token)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_taguette_highlights_come_back_with_their_spans(
    taguette: TaguetteClient, tmp_path: Path
) -> None:
    document = tmp_path / "catatan-rapat.txt"
    document.write_text(TEXT, encoding="utf-8")
    store = build_store(tmp_path / "kg", [(document, None)])

    project = taguette.new_project("PLPBK")
    document_id = taguette.upload_html(project, "catatan-rapat", TEXT)
    shown = TEXT.strip()  # Taguette trims the text around a document
    for path, quote in HIGHLIGHTS:
        tag = taguette.api(f"/api/project/{project}/tag/new", {"path": path, "description": ""})
        start = shown.index(quote)
        taguette.api(
            f"/api/project/{project}/document/{document_id}/highlight/new",
            {
                "start_offset": len(shown[:start].encode("utf-8")),
                "end_offset": len(shown[: start + len(quote)].encode("utf-8")),
                "tags": [tag["id"]],
            },
        )
    export = tmp_path / "project.sqlite3"
    export.write_bytes(taguette.request(f"/project/{project}/export/project.sqlite3"))

    result = plpbk("import-codings", str(export), "--coder", "Sari", "--store", str(store))
    assert result.returncode == 0, result.stderr
    assert "catatan-rapat → catatan-rapat.txt: 4 by Sari" in result.stdout
    assert "unknown code: 'catatan pribadi' (1 codings left out" in result.stderr
    with KnowledgeStore.open(store, read_only=True) as kg:
        from pipeline.exchange.contents import document_text, read_documents

        (stored,) = read_documents(kg)
        text = document_text(kg, stored)
        codings = codings_of(kg, "Sari")
    got = {(c.code, c.exact, c.start, c.end) for c in codings}
    expected = set()
    for code, (_, quote) in zip(
        ("form.physical", "form.monetary", "sector.private", "form.programme"),
        HIGHLIGHTS,
        strict=False,
    ):
        expected.add((code, quote, text.index(quote), text.index(quote) + len(quote)))
    assert got == expected


def test_our_codebook_lines_up_with_taguettes_qdc(taguette: TaguetteClient, tmp_path: Path) -> None:
    """Our codebook's codes as Taguette tags: Taguette's QDC export has the same structure."""
    from lxml import etree

    document = tmp_path / "catatan-rapat.txt"
    document.write_text(TEXT, encoding="utf-8")
    store = build_store(tmp_path / "kg", [(document, None)])
    ours_file = tmp_path / "codebook.qdc"
    result = plpbk("export", "--format", "qdc", "--store", str(store), "-o", str(ours_file))
    assert result.returncode == 0, result.stderr
    ns = "{urn:QDA-XML:codebook:1.0}"
    ours = etree.fromstring(ours_file.read_bytes())
    codable = [c for c in ours.iter(f"{ns}Code") if c.get("isCodable") == "true"]
    project = taguette.new_project("codebook")
    for code in codable:
        taguette.api(
            f"/api/project/{project}/tag/new", {"path": code.get("name"), "description": ""}
        )
    theirs = etree.fromstring(taguette.request(f"/project/{project}/export/codebook.qdc"))
    assert (theirs.tag, ours.tag) == (f"{ns}CodeBook", f"{ns}CodeBook")
    assert (
        [child.tag for child in theirs][:1] == [child.tag for child in ours][:1] == [f"{ns}Codes"]
    )
    their_codes = {c.get("name"): c for c in theirs.iter(f"{ns}Code")}
    # Taguette adds its default tag; every code of ours is a codable code of theirs.
    assert {c.get("name") for c in codable} <= set(their_codes)
    for code in codable:
        theirs_code = their_codes[code.get("name")]
        assert theirs_code.get("isCodable") == "true"
        assert set(theirs_code.attrib) <= set(code.attrib) | {"color"}
