"""The benchmark serves the toolkit and its bare-Pyodide baseline alike: the same
encoding for the same kinds of file, and the same caching, as a real host would."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest
from bench import sites

pytestmark = pytest.mark.browser

#: The toolkit's file and the bare page's file that do the same job.
PAIRS = [
    ("toolkit/assets/toolkit/pyodide/pyodide.asm.wasm", "bare/pyodide/pyodide.asm.wasm"),
    ("toolkit/assets/toolkit/pyodide/pyodide.asm.mjs", "bare/pyodide/pyodide.asm.mjs"),
    ("toolkit/assets/toolkit/pyodide/pyodide.mjs", "bare/pyodide/pyodide.mjs"),
    ("toolkit/assets/toolkit/pyodide/pyodide-lock.json", "bare/pyodide/pyodide-lock.json"),
    ("toolkit/assets/toolkit/pyodide/toolkit_stdlib.zip", "bare/pyodide/python_stdlib.zip"),
    ("toolkit/assets/toolkit/worker.mjs", "bare/worker.mjs"),
    ("toolkit/needs-and-goals/index.html", "bare/index.html"),
]


@pytest.fixture(scope="module")
def served(site_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    www = tmp_path_factory.mktemp("www")
    (www / "toolkit").symlink_to(site_dir, target_is_directory=True)
    sites.write_bare(www / "bare")
    server = sites.Server(www)
    yield server.url
    server.close()


def fetch(url: str) -> tuple[dict[str, str], int]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    with urllib.request.urlopen(request) as reply:
        return {k.lower(): v for k, v in reply.headers.items()}, len(reply.read())


@pytest.mark.parametrize(("toolkit", "bare"), PAIRS, ids=[p[1] for p in PAIRS])
def test_toolkit_and_bare_files_are_served_alike(served: str, toolkit: str, bare: str) -> None:
    ours, ours_bytes = fetch(served + toolkit)
    theirs, theirs_bytes = fetch(served + bare)
    for header in ("content-encoding", "cache-control", "content-type"):
        assert ours.get(header) == theirs.get(header), (header, ours, theirs)
    assert ours_bytes > 0 and theirs_bytes > 0


def test_compressible_files_travel_gzipped(served: str) -> None:
    headers, size = fetch(served + "bare/pyodide/pyodide.asm.wasm")
    assert headers["content-encoding"] == "gzip" and headers["cache-control"] == "max-age=600"
    plain = (sites.PYODIDE / "pyodide.asm.wasm").stat().st_size
    assert size < plain * 0.5  # what travels is the compressed file
    # The toolkit's brotli files travel as they are, fewer bytes than gzip would make them.
    for name in ("python_snapshot.bin.brotli", "pyodide.asm.wasm.brotli"):
        packed, packed_size = fetch(served + "toolkit/assets/toolkit/pyodide/" + name)
        assert "content-encoding" not in packed, name
        assert packed["cache-control"] == "max-age=600", name
        if name == "pyodide.asm.wasm.brotli":
            assert packed_size < size * 0.8
