"""The Pyodide runtime the site ships, made smaller and faster to start than stock Pyodide.

From the pinned npm package it makes (cached under ``node_modules/.cache``), once per
Pyodide build and list of standard-library modules ``browser_py`` imports:

- ``toolkit_stdlib.zip``: only the standard-library modules Pyodide imports as it boots
  plus those ``browser_py`` imports (found by booting stock Pyodide in Node.js and listing
  ``sys.modules``), and a few modules the standard library imports lazily; as bytecode,
  compiled by Pyodide's own Python (stock Pyodide ships sources, and compiling those is
  most of an ordinary start's time);
- ``pyodide-lock.json`` without the package list the toolkit never loads from;
- ``pyodide.asm.wasm.brotli``: the WebAssembly in brotli, a fifth fewer bytes than gzip,
  unpacked in the browser by the brotli decoder copied beside it (the npm package
  ``brotli-dec-wasm``); the plain file stays for when that cannot be used;
- ``.gz`` copies of the large files, for servers that send precompressed files;

and once per change to ``browser_py``:

- ``browser_py.zip`` as bytecode, compiled by Pyodide's own Python: starting Python the
  ordinary way then imports it without compiling its source in the browser;
- ``python_snapshot.bin.brotli``: a memory snapshot of Python booted with that zip and with
  ``browser_py`` imported (from that same archive), so the browser restores Python instead
  of starting it; stored without the pages a fresh WebAssembly instance holds already
  (``snapshot_format``), in brotli;
- ``toolkit_stdlib_rest.zip``: the standard-library modules that snapshot has not
  imported, all a restored Python can still import (it needs neither the whole standard
  library nor ``browser_py.zip``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

from . import snapshot_format

HERE = Path(__file__).resolve().parent
HELPER = HERE / "pyodide_runtime.mjs"
# Whoever writes the snapshot and whoever reads it: a change to either makes it again.
SNAPSHOT_FORMAT = (HERE / "snapshot_format.py",
                   HERE.parent / "site_templates/overrides/assets/toolkit/snapshot_format.mjs")
PACKAGE_DIR = HERE.parent / "browser_py"
FORMAT = "6"  # bump when what this module writes changes

SOURCE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
COPIED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# The brotli decoder (in the npm package beside pyodide's): the site's name <- the package's.
DECODER_DIR = Path("brotli-dec-wasm") / "pkg"
DECODER = {"brotli_dec_wasm.mjs": "brotli_dec_wasm.js",
           "brotli_dec_wasm_bg.wasm": "brotli_dec_wasm_bg.wasm"}
WASM_BROTLI = "pyodide.asm.wasm.brotli"
STDLIB = "toolkit_stdlib.zip"
STDLIB_REST = "toolkit_stdlib_rest.zip"  # what the snapshot has not imported
# The standard library's bytecode leaves out docstrings and asserts (as `python -OO`
# does): 0.24 MB less to download. browser_py keeps both.
STDLIB_OPTIMIZE = "2"
# Not named .br: servers may send .br files with Content-Encoding (the worker copes with
# that too, by the bytes).
SNAPSHOT = "python_snapshot.bin.brotli"
LOCK = "pyodide-lock.json"
BROWSER_PY_ZIP = "browser_py.zip"  # beside the pyodide folder, not in it
# Where the worker writes browser_py.zip (on sys.path); the snapshot is made with it there.
BROWSER_PY_PATH = "/home/pyodide/browser_py.zip"
GZIPPED = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",  # the zip is deflated
           *DECODER)
SITE_FILES = (*COPIED, *DECODER, WASM_BROTLI, STDLIB, STDLIB_REST, LOCK, SNAPSHOT,
              *(f"{name}.gz" for name in GZIPPED))
MADE_WITH_SNAPSHOT = (SNAPSHOT, STDLIB_REST)
# Imported inside functions, so booting does not list them: datetime.strptime needs
# _strptime (and calendar); text codecs a browser file or a CSV may name.
LAZY_MODULES = (
    "_strptime",
    "calendar",
    "encodings.ascii",
    "encodings.latin_1",
    "encodings.cp1252",
    "encodings.cp437",  # zipfile: names in a workbook (the Excel reader)
    "encodings.utf_8_sig",
    "encodings.utf_16",
    "encodings.utf_32",
)
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
# A whole import statement on one line: `import a, b.c as d` or `from a.b import ...`
# (relative imports are browser_py's own). Whole lines only, so prose in a docstring
# that happens to start with "import" does not count.
_NAME = r"[A-Za-z_][\w.]*"
IMPORT = re.compile(
    rf"^[ \t]*(?:import[ \t]+({_NAME}(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*{_NAME}"
    rf"(?:[ \t]+as[ \t]+\w+)?)*)[ \t]*(?:#.*)?$|from[ \t]+({_NAME})[ \t]+import\b)",
    re.MULTILINE,
)


class RuntimeBuildError(RuntimeError):
    """The runtime could not be made (Node.js missing, Pyodide failed to boot)."""


def stdlib_imports(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Names of the modules ``browser_py`` imports from outside itself (any indentation,
    so imports inside functions count too)."""
    names: set[str] = set()
    for path in sorted(package_dir.rglob("*.py")):
        for plain, source in IMPORT.findall(path.read_text(encoding="utf-8")):
            if source:
                names.add(source)
            else:
                names.update(item.split()[0] for item in plain.split(","))
    own = package_dir.name
    return sorted(n for n in names if n.split(".")[0] != own)


def build(pyodide_dir: Path, cache_root: Path, imports: Iterable[str],
          browser_py: bytes, browser_py_modules: Iterable[str]) -> tuple[list[Path], Path]:
    """Return the cached files of :data:`SITE_FILES` and the compiled ``browser_py.zip``,
    making what is missing: the runtime once per Pyodide build and import list, the
    snapshot and compiled zip once per runtime and ``browser_py`` (its sources' zip, and
    its module names). The worker puts that compiled zip where the snapshot had it."""
    missing = [name for name in SOURCE_FILES if not (pyodide_dir / name).is_file()]
    missing += [str(DECODER_DIR / name) for name in DECODER.values()
                if not (pyodide_dir.parent / DECODER_DIR / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Files missing from {pyodide_dir.parent}: {', '.join(missing)}. "
            "Run `npm ci` (make site does this) to install the pinned npm packages."
        )
    imports = sorted(set(imports))
    key = _cache_key(pyodide_dir, imports)
    runtime_files = [name for name in SITE_FILES if name not in MADE_WITH_SNAPSHOT]
    runtime = _cached(cache_root, f"runtime-{key[:20]}", runtime_files,
                      lambda work: _make_runtime(pyodide_dir, work, imports))
    key = hashlib.sha256(f"{key}\n{sorted(browser_py_modules)}\n".encode() + browser_py)
    snapshot = _cached(cache_root, f"snapshot-{key.hexdigest()[:20]}",
                       [*MADE_WITH_SNAPSHOT, BROWSER_PY_ZIP],
                       lambda work: _make_snapshot(pyodide_dir, runtime, work, imports,
                                                   browser_py, sorted(browser_py_modules)))
    return ([runtime / name for name in runtime_files]
            + [snapshot / name for name in MADE_WITH_SNAPSHOT], snapshot / BROWSER_PY_ZIP)


def install(files: Iterable[Path], target: Path) -> list[Path]:
    """Put the runtime's files into ``target``: hard links where possible (40 MB need not be
    copied on each build; the cached files are read-only), else copies."""
    target.mkdir(parents=True, exist_ok=True)
    placed = []
    for source in files:
        destination = target / source.name
        destination.unlink(missing_ok=True)
        try:
            os.link(source, destination)
        except OSError:
            shutil.copyfile(source, destination)
        placed.append(destination)
    return placed


def _cached(cache_root: Path, name: str, files: list[str], make) -> Path:
    """The cache folder ``name`` holding ``files``; made by ``make(folder)`` when missing.
    Folders of its kind unused for an hour are removed (a runtime is 40 MB). Several builds
    may run at once: each makes its own folder and the first to finish wins."""
    folder = cache_root / name
    if all((folder / file).is_file() for file in files):
        os.utime(folder)
        return folder
    cache_root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="building-", dir=cache_root))
    try:
        make(work)
        for made in work.iterdir():  # read-only: the site's hard links share these files
            made.chmod(0o444)
        work.chmod(0o755)
        try:
            os.replace(work, folder)
        except OSError:
            if not all((folder / file).is_file() for file in files):
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stale = time.time() - 3600
    for old in cache_root.glob(name.split("-")[0] + "-*"):
        if old != folder and old.stat().st_mtime < stale:
            shutil.rmtree(old, ignore_errors=True)
    return folder


def trim_stdlib(stock: Path, target: Path, modules: Iterable[str]) -> list[str]:
    """Write a zip of the stock standard library holding only ``modules`` (and their
    packages' ``__init__``); return the archive names written."""
    wanted = set()
    for module in modules:
        parts = module.split(".")
        wanted.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    written = []
    with zipfile.ZipFile(stock) as source, zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        names = set(source.namelist())
        for module in sorted(wanted):
            base = module.replace(".", "/")
            for name in (f"{base}.py", f"{base}/__init__.py"):
                if name in names:
                    archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME),
                                     source.read(name), compress_type=zipfile.ZIP_DEFLATED)
                    written.append(name)
    return written


def leave_out(stdlib: Path, modules: Iterable[str], target: Path) -> list[str]:
    """Write a copy of the zip ``stdlib`` without the files of ``modules``; return the
    archive names written."""
    held = set(modules)
    written = []
    with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile(target, "w") as archive:
        for info in source.infolist():
            module = info.filename.rsplit(".", 1)[0].replace("/", ".")
            if module.removesuffix(".__init__") not in held:
                archive.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED,
                                 compresslevel=9)
                written.append(info.filename)
    return written


def _cache_key(pyodide_dir: Path, imports: list[str]) -> str:
    digest = hashlib.sha256(f"{FORMAT}\n{imports}\n{LAZY_MODULES}\n".encode())
    decoder = (pyodide_dir.parent / DECODER_DIR / name for name in DECODER.values())
    for path in (*(pyodide_dir / n for n in SOURCE_FILES), *decoder, HELPER, Path(__file__),
                 *SNAPSHOT_FORMAT):
        if path.stat().st_size > 4_000_000:  # the wasm and its loader: size and time suffice
            stat = path.stat()           # (pyodide.mjs, hashed whole, names the build)
            digest.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}".encode())
        else:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _make_runtime(pyodide_dir: Path, work: Path, imports: list[str]) -> None:
    # The slowest step (about half a minute) runs beside the others.
    packing = _node_start("brotli", str(pyodide_dir / "pyodide.asm.wasm"), str(work / WASM_BROTLI))
    try:
        booted = json.loads(_node("modules", str(pyodide_dir), ",".join(imports)))
        sources = work / "stdlib_sources.zip"
        trim_stdlib(pyodide_dir / "python_stdlib.zip", sources, [*booted, *LAZY_MODULES])
        _node("compile", str(pyodide_dir), str(sources), str(work / STDLIB), STDLIB_OPTIMIZE)
        sources.unlink()
        lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
        (work / LOCK).write_text(json.dumps({"info": lock["info"], "packages": {}}), "utf-8")
        for name in COPIED:
            shutil.copyfile(pyodide_dir / name, work / name)
        for name, source in DECODER.items():
            shutil.copyfile(pyodide_dir.parent / DECODER_DIR / source, work / name)
        for name in GZIPPED:
            _gzip((work / name).read_bytes(), work / f"{name}.gz", level=9)
        _node_wait(packing)
    finally:
        if packing[0].poll() is None:  # a step failed: stop it too
            packing[0].kill()
            packing[0].communicate()


def _make_snapshot(pyodide_dir: Path, runtime: Path, work: Path, imports: list[str],
                   browser_py: bytes, modules: list[str]) -> None:
    (work / "sources.zip").write_bytes(browser_py)
    _node("compile", str(pyodide_dir), str(work / "sources.zip"), str(work / BROWSER_PY_ZIP))
    raw = work / "snapshot.bin"
    held = json.loads(_node("snapshot", str(pyodide_dir), str(runtime / STDLIB),
                            str(runtime / LOCK), ",".join([*imports, *modules]),
                            str(work / BROWSER_PY_ZIP), BROWSER_PY_PATH, str(raw)))
    not_held = [name for name in modules if name not in held]
    if not_held:  # the worker gives a restored Python no browser_py.zip to import them from
        raise RuntimeBuildError(f"The memory snapshot lacks {', '.join(not_held)}.")
    leave_out(runtime / STDLIB, held, work / STDLIB_REST)
    wasm = (pyodide_dir / "pyodide.asm.wasm").read_bytes()
    try:
        packed = snapshot_format.pack(raw.read_bytes(), wasm)
    except snapshot_format.SnapshotFormatError as error:
        raise RuntimeBuildError(
            f"The memory snapshot cannot be stored for this Pyodide build: {error}. "
            "Use the Pyodide version package.json pins (run `make setup`)."
        ) from None
    raw.write_bytes(packed)
    _node("brotli", str(raw), str(work / SNAPSHOT))
    raw.unlink()
    (work / "sources.zip").unlink()


def _gzip(data: bytes, target: Path, level: int) -> None:
    target.write_bytes(gzip.compress(data, compresslevel=level, mtime=0))


def _node(*args: str) -> str:
    return _node_wait(_node_start(*args))


def _node_start(*args: str) -> tuple[subprocess.Popen, tuple[str, ...]]:
    node = shutil.which("node")
    if node is None:
        raise RuntimeBuildError(
            "Node.js is needed to prepare the Python runtime (expected `node` on PATH; "
            "found none). Install Node.js 20 or later."
        )
    return subprocess.Popen([node, str(HELPER), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True), args


def _node_wait(started: tuple[subprocess.Popen, tuple[str, ...]]) -> str:
    process, args = started
    try:
        stdout, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise RuntimeBuildError(
            f"Preparing the Python runtime took too long (node {HELPER.name} {args[0]})."
        ) from None
    if process.returncode != 0:
        raise RuntimeBuildError(
            f"Preparing the Python runtime failed (node {HELPER.name} {args[0]}, exit "
            f"{process.returncode}):\n{stderr.strip()[-2000:]}"
        )
    return stdout

