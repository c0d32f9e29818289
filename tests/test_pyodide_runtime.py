"""The Python runtime the site ships: a trimmed standard library that holds everything
browser_py needs (proved in Pyodide in Chromium), a memory snapshot the page really uses,
and precompressed copies that match their originals."""

from __future__ import annotations

import ast
import base64
import datetime
import gzip
import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyodide_workload
import pytest
from helpers import READY

from generator import pyodide_runtime, snapshot_format
from generator.assets import PACKAGE_DIR, PYODIDE_CORE, browser_py_modules
from generator.serve import serve_in_thread

ROOT = Path(__file__).resolve().parent.parent
STOCK = ROOT / "node_modules" / "pyodide"
FIXTURES = Path(__file__).parent / "fixtures"
STATES = sorted([*FIXTURES.glob("parity/*.json"), *FIXTURES.glob("states/*.json")])
HARNESS_PAGE = """<!doctype html><html><body><script type="module">
const worker = new Worker("harness.mjs" + location.search, { type: "module" });
worker.onmessage = (event) => {
  window.harnessResult = event.data;
  document.documentElement.dataset.done = "yes";
};
</script></body></html>"""
# Boots Pyodide as ?mode= says: "trimmed" (the site's zip, started fresh: the worker's
# fallback), "snapshot" (the snapshot and the zip of what it has not imported, without
# browser_py.zip: the worker's fast path) or "stock" (stock Pyodide's whole standard
# library), then imports and runs what the test sent.
HARNESS_WORKER = """import { loadPyodide } from "./site/pyodide/pyodide.mjs";
const mode = new URL(import.meta.url).searchParams.get("mode");
const text = async (url) => (await fetch(url)).text();
const bytes = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
try {
  const options = mode === "stock"
    ? { indexURL: new URL("./stock/", import.meta.url).href }
    : { indexURL: new URL("./site/pyodide/", import.meta.url).href,
        stdLibURL: new URL("./site/pyodide/toolkit_stdlib.zip", import.meta.url).href };
  if (mode === "snapshot") {  // read as the worker reads it
    const format = await import("./site/snapshot_format.mjs");
    const { unbrotli } = await import("./site/brotli.mjs");
    const packed = (await fetch("site/pyodide/python_snapshot.bin.brotli")).body;
    const stored = await format.unpack(unbrotli(packed, format.MAGIC));
    format.restoreAsLoaded(stored);
    options._loadSnapshot = stored.image;
    options.stdLibURL = new URL("./site/pyodide/toolkit_stdlib_rest.zip", import.meta.url).href;
  }
  const pyodide = await loadPyodide(options);
  pyodide.FS.mkdirTree("/home/pyodide");
  if (mode !== "snapshot") {
    pyodide.FS.writeFile("/home/pyodide/browser_py.zip", await bytes("site/browser_py.zip"));
  }
  pyodide.FS.writeFile("/home/pyodide/pyodide_workload.py", await bytes("pyodide_workload.py"));
  pyodide.FS.writeFile("/home/pyodide/xlsx.zip", await bytes("site/xlsx.zip"));
  pyodide.globals.set("DEFINITIONS", await text("site/worksheets.json"));
  pyodide.globals.set("INPUT", await text("input.json"));
  const output = pyodide.runPython(`
import base64, importlib, json, sys
for path in ("/home/pyodide/browser_py.zip", "/home/pyodide"):
    if path not in sys.path:
        sys.path.insert(0, path)
sys.path.append("/home/pyodide/xlsx.zip")  # as the worker adds the Excel reader
given = json.loads(INPUT)
failed = {}
for name in given["imports"]:
    try:
        importlib.import_module(name)
    except Exception as error:
        failed[name] = repr(error)
import pyodide_workload
json.dumps({"failed": failed, "modules": sorted(sys.modules),
            "result": pyodide_workload.run(DEFINITIONS, given["states"],
                                           base64.b64decode(given["workbook"]))})
`);
  self.postMessage({ ok: true, output });
} catch (error) {
  self.postMessage({ ok: false, error: String(error && error.stack || error) });
}
"""


def unbrotli(path: Path) -> bytes:
    """The file unpacked from brotli (by Node.js, which the build needs anyway)."""
    done = subprocess.run(
        ["node", "-e", "const z = require('node:zlib'), fs = require('node:fs');"
         "process.stdout.write(z.brotliDecompressSync(fs.readFileSync(process.argv[1])))",
         str(path)], capture_output=True, check=True, timeout=60)
    return done.stdout


def stdlib_names(archive: Path) -> set[str]:
    """Module names whose source or bytecode a zip holds."""
    names = set()
    for name in zipfile.ZipFile(archive).namelist():
        if name.endswith((".py", ".pyc")):
            module = name.rsplit(".", 1)[0].replace("/", ".")
            names.add(module.removesuffix(".__init__"))
    return names


@pytest.fixture(scope="module")
def harness(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("harness")
    (folder / "site").symlink_to(site_dir / "assets" / "toolkit")
    (folder / "stock").symlink_to(STOCK)
    (folder / "index.html").write_text(HARNESS_PAGE)
    (folder / "harness.mjs").write_text(HARNESS_WORKER)
    (folder / "pyodide_workload.py").write_text(Path(pyodide_workload.__file__).read_text())
    imports = pyodide_runtime.stdlib_imports() + browser_py_modules()
    states = [json.loads(path.read_text()) for path in STATES]
    (folder / "input.json").write_text(json.dumps({
        "imports": imports, "states": states,
        "workbook": base64.b64encode(sample_workbook()).decode()}))
    server, url = serve_in_thread(folder)
    yield url
    server.shutdown()


def run_in_pyodide(browser, url: str, mode: str) -> dict:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{url}index.html?mode={mode}")
        page.wait_for_selector("html[data-done]", state="attached", timeout=120_000)
        answer = page.evaluate("() => window.harnessResult")
    finally:
        context.close()
    assert answer["ok"], answer.get("error")
    return json.loads(answer["output"])


def sample_workbook() -> bytes:
    """A referral log as a district exports it: a title sheet, then student numbers that
    Excel stores as numbers, a name column (never read), dates, and the school."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "About"
    book.active.append(["Referral log, exported 2026-11-30"])
    sheet = book.create_sheet("Referrals")
    sheet.append(["Local ID", "Student name", "Referred on", "School"])
    for at in range(45):
        sheet.append([100_200 + at % 40, f"Zoé {at}", datetime.date(2026, 9, 1 + at % 28),
                      "North" if at % 3 else "South"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def native(site_dir: Path) -> dict:
    definitions = (site_dir / "assets" / "toolkit" / "worksheets.json").read_text()
    states = [json.loads(path.read_text()) for path in STATES]
    return json.loads(json.dumps(pyodide_workload.run(definitions, states, sample_workbook())))


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["trimmed", "snapshot"])
def test_browser_py_runs_on_the_trimmed_stdlib(browser, harness: str, native: dict,
                                              mode: str) -> None:
    """Every browser_py module and every standard-library module it names imports, and
    the page's calls give what CPython gives."""
    ran = run_in_pyodide(browser, harness, mode)
    assert ran["failed"] == {}
    assert ran["result"] == native


@pytest.mark.browser
def test_trimmed_stdlib_holds_every_module_the_workload_loads(browser, harness: str,
                                                              site_dir: Path) -> None:
    """Run on stock Pyodide's whole standard library, the workload loads no module from it
    that the trimmed zip lacks (this catches imports made inside stdlib functions)."""
    loaded = set(run_in_pyodide(browser, harness, "stock")["modules"])
    stock = stdlib_names(STOCK / "python_stdlib.zip")
    trimmed = stdlib_names(site_dir / "assets" / "toolkit" / "pyodide" / "toolkit_stdlib.zip")
    reader = stdlib_names(site_dir / "assets" / "toolkit" / "xlsx.zip")  # once a workbook is read
    assert sorted((loaded & stock) - trimmed - reader) == []


@pytest.mark.browser
def test_the_excel_reader_adds_only_what_the_trimmed_stdlib_lacks(site_dir: Path) -> None:
    toolkit = site_dir / "assets" / "toolkit"
    trimmed = stdlib_names(toolkit / "pyodide" / "toolkit_stdlib.zip")
    reader = stdlib_names(toolkit / "xlsx.zip")
    assert sorted(trimmed & reader) == []


@pytest.mark.browser
def test_the_page_starts_python_from_the_snapshot(browser, site_url: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(site_url + "needs-and-goals/")
        page.wait_for_selector(READY, state="attached", timeout=60_000)
        assert page.get_attribute("html", "data-python-start") == "snapshot"
        assert page.get_attribute("html", "data-python-boots") == "1"
    finally:
        context.close()


def test_stdlib_imports_finds_what_ast_finds() -> None:
    found = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    assert pyodide_runtime.stdlib_imports() == sorted(
        n for n in found if not n.startswith("browser_py"))


@pytest.mark.browser
def test_runtime_files_are_whole_and_small(site_dir: Path) -> None:
    folder = site_dir / "assets" / "toolkit" / "pyodide"
    assert sorted(p.name for p in folder.iterdir()) == sorted(PYODIDE_CORE)
    for packed in folder.glob("*.gz"):
        original = folder / packed.name.removesuffix(".gz")
        assert gzip.decompress(packed.read_bytes()) == original.read_bytes(), packed.name
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    assert lock["packages"] == {} and lock["info"]["abi_version"]
    trimmed = stdlib_names(folder / "toolkit_stdlib.zip")
    assert len(trimmed) < len(stdlib_names(STOCK / "python_stdlib.zip")) / 2
    with zipfile.ZipFile(folder / "toolkit_stdlib.zip") as archive:  # as bytecode, smaller
        assert not [name for name in archive.namelist() if name.endswith(".py")]
    assert (folder / "toolkit_stdlib.zip").stat().st_size < (
        STOCK / "python_stdlib.zip").stat().st_size
    rest = stdlib_names(folder / "toolkit_stdlib_rest.zip")  # what the snapshot lacks
    assert rest < trimmed and len(rest) < len(trimmed) / 2
    wasm = (folder / "pyodide.asm.wasm").read_bytes()
    assert unbrotli(folder / "pyodide.asm.wasm.brotli") == wasm
    assert (folder / "pyodide.asm.wasm.brotli").stat().st_size < len(gzip.compress(wasm)) * 0.8
    packed = unbrotli(folder / "python_snapshot.bin.brotli")
    whole = snapshot_format.unpack(packed, wasm)
    assert whole[:4] == b"\0snp"  # Pyodide's own snapshot, whole again
    assert len(packed) < len(whole) / 2  # zero pages and those of a fresh instance left out
