"""``plpbk-kg export`` from a SPARQL server gives the bytes it gives from the embedded store.

The same documents go through the real stages into an embedded store and into a real
``oxigraph serve`` on loopback (``tests/servers.py``); every export format is then
asked of both through the CLI, ``--store`` a folder or the server's URL.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import plpbk
from servers import OxigraphServer, oxigraph_server
from stores import build_store, fill_store, golden_documents

from pipeline.stores import open_store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    local = build_store(tmp_path_factory.mktemp("local") / "kg", golden_documents())
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as server:
        _fill(server)
        yield str(local), server.url


def _fill(server: OxigraphServer) -> None:
    with open_store(server.url) as kg:
        fill_store(kg, golden_documents())


@pytest.mark.parametrize("fmt", ["qdpx", "qdc", "trig", "nquads", "jsonld", "csv", "ro-crate"])
def test_every_format_is_the_same_from_the_server(
    stores: tuple[str, str], fmt: str, tmp_path: Path
) -> None:
    outputs = []
    for number, store in enumerate(stores):
        output = tmp_path / f"{number}" / "export.out"
        done = plpbk("export", "--format", fmt, "--store", store, "--output", str(output))
        assert done.returncode == 0, done.stderr
        files = sorted(output.parent.iterdir())
        outputs.append([(file.name, file.read_bytes()) for file in files])
    assert outputs[0] == outputs[1]
    if fmt == "qdpx":
        with zipfile.ZipFile(tmp_path / "1" / "export.out") as archive:
            assert len([n for n in archive.namelist() if n.startswith("sources/")]) == 4
