"""What the benchmark serves: the toolkit site, a plain mkdocs-material build of the same
pages, and a bare page that boots stock Pyodide in a module worker; and the server."""

from __future__ import annotations

import functools
import gzip
import io
import os
import shutil
import subprocess
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

import yaml

from generator import pyodide_runtime
from generator.serve import SiteHandler

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json")

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bare Pyodide</title></head>
<body><p>Bare Pyodide in a module worker.</p>
<script type="module">
const worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = (event) => {
  document.documentElement.dataset.python = event.data.ok ? "ready" : "failed";
};
</script></body></html>
"""
BARE_WORKER = """import { loadPyodide } from "./pyodide/pyodide.mjs";
try {
  const pyodide = await loadPyodide({ indexURL: new URL("./pyodide/", import.meta.url).href });
  self.pythonMemoryBytes = () => pyodide._module.HEAP8.length;
  self.postMessage({ ok: true });
} catch (error) {
  self.postMessage({ ok: false, error: String(error) });
}
"""


#: Types a real host compresses (nginx ``gzip on`` with these ``gzip_types``; GitHub
#: Pages compresses the same kinds), for the toolkit and the bare page alike.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/wasm",
                    "image/svg+xml", "application/xml")


@functools.lru_cache(maxsize=64)
def _gzipped(path: Path, stamp: tuple[int, int]) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class Wire:
    """What the server sent, by address: bytes and downloads (the benchmark counts a whole
    visit, the service worker's downloads included, where a host would)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: dict[str, int] = {}
        self.downloads: dict[str, int] = {}

    def add(self, path: str, size: int) -> None:
        """Count one response of ``size`` body bytes for ``path``."""
        with self.lock:
            self.sent[path] = self.sent.get(path, 0) + size
            self.downloads[path] = self.downloads.get(path, 0) + 1

    def reset(self) -> None:
        """Forget what was counted."""
        with self.lock:
            self.sent.clear()
            self.downloads.clear()

    def snapshot(self) -> tuple[int, dict[str, int], dict[str, int]]:
        """Total bytes so far, and the bytes and downloads by address."""
        with self.lock:
            return sum(self.sent.values()), dict(self.sent), dict(self.downloads)


#: Every benchmark server's count of what it sent.
WIRE = Wire()


class BenchHandler(SiteHandler):
    """The site handler plus what common static hosts do, the same for every site served:
    gzip for the types a host compresses when the browser accepts it (a file's
    precompressed ``.gz`` sibling when there is one, as nginx ``gzip_static`` does, else
    compressed as it is sent, as ``gzip on`` does), and ``Cache-Control: max-age=600``
    (GitHub Pages)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        kind = self.guess_type(str(path))
        if not (accepts and path.is_file() and path.suffix != ".gz"
                and kind.startswith(COMPRESSED_TYPES)):
            return super().send_head()
        packed = path.with_name(path.name + ".gz")
        if packed.is_file():
            body = packed.read_bytes()
        else:
            stat = path.stat()
            body = _gzipped(path, (stat.st_mtime_ns, stat.st_size))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        WIRE.add(self.path.split("?", 1)[0], len(data))
        outputfile.write(data)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab: expected
            super().handle_error(request, client_address)


class Server:
    """A threading server for ``root`` on 127.0.0.1 (a free port), stopped by ``close``."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(BenchHandler, directory=str(root), prefix="/")
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def build_toolkit(target: Path, site_url: str, runtime_cache: Path | None = None) -> float:
    """Build the toolkit site into ``target`` for ``site_url``; return seconds taken."""
    env = {"TOOLKIT_SITE_URL": site_url}
    if runtime_cache is not None:
        env["TOOLKIT_RUNTIME_CACHE"] = str(runtime_cache)
    return _mkdocs(ROOT / "mkdocs.yml", target, env)


def plain_config(folder: Path) -> Path:
    """Write a mkdocs.yml for the same pages with plain mkdocs-material: no toolkit
    plugin, no theme overrides, no toolkit CSS or scripts."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        config = yaml_load(source)
    config["docs_dir"] = str(ROOT / "content")
    config["theme"].pop("custom_dir", None)
    config["plugins"] = ["search"]
    config.pop("extra_css", None)
    config.pop("extra_javascript", None)
    config["exclude_docs"] = "worksheets/\neditions/\n*.yml\n"
    config["strict"] = False  # plain pages keep the worksheet placeholders as text
    config["site_url"] = ""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "mkdocs-plain.yml"
    target.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return target


def build_plain(target: Path, config: Path) -> float:
    """Build the plain site into ``target``; return seconds taken."""
    return _mkdocs(config, target, {})


def write_bare(target: Path) -> None:
    """Write the bare page: stock Pyodide's files and a module worker that boots them, with
    ``.gz`` copies of the same files the toolkit's build precompresses, at its level."""
    (target / "pyodide").mkdir(parents=True, exist_ok=True)
    for name in STOCK_FILES:
        shutil.copyfile(PYODIDE / name, target / "pyodide" / name)
    for name in (name for name in pyodide_runtime.GZIPPED if name in STOCK_FILES):
        data = (target / "pyodide" / name).read_bytes()
        (target / "pyodide" / f"{name}.gz").write_bytes(
            gzip.compress(data, compresslevel=9, mtime=0))
    (target / "index.html").write_text(BARE_PAGE, encoding="utf-8")
    (target / "worker.mjs").write_text(BARE_WORKER, encoding="utf-8")


def _mkdocs(config: Path, target: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config),
         "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"build of {config.name} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed
