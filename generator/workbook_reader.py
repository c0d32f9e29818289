"""The Excel zip the site ships, for counting from a district's ``.xlsx`` files and for
the worksheets' Excel downloads: ``xlsx.zip``, loaded into the browser's Python only when
a person picks a workbook or asks for an Excel file.

It holds the pinned pure-Python ``openpyxl`` and ``et_xmlfile`` packages (installed with
the generator) and the standard-library modules that reading and writing a workbook
import beyond the toolkit's trimmed standard library (found by reading a sample workbook
with stock Pyodide in Node.js, then writing one with the toolkit's own writer,
``browser_py/documents/xlsx_file.py``), compiled to bytecode by that Pyodide. Made once per
package versions, writer and Pyodide build, then cached.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from . import pyodide_runtime

PACKAGES = ("openpyxl", "et_xmlfile")
NAME = "xlsx.zip"
#: The toolkit's Excel writer: the build writes a workbook with it to find what it imports.
WRITER = pyodide_runtime.PACKAGE_DIR / "documents" / "xlsx_file.py"
FIXED_TIME = pyodide_runtime.FIXED_TIME


def _package_files() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise pyodide_runtime.RuntimeBuildError(
                f"The Python package {package} is needed to build the Excel reader; run "
                "`make setup` (it installs the pinned version).")
        root = Path(next(iter(spec.submodule_search_locations)))
        found += [(f"{package}/{p.relative_to(root).as_posix()}", p)
                  for p in sorted(root.rglob("*.py")) if "__pycache__" not in p.parts]
    return found


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=9) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _sample(path: Path) -> None:
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Student ID", "Grade", "Screened on"])
    book.active.append([1001, 9, datetime.date(2026, 9, 1)])
    book.save(path)


def build(pyodide_dir: Path, toolkit_stdlib: Path, cache_root: Path, target: Path) -> Path:
    """Write ``xlsx.zip`` into ``target`` (a folder), from the cache when it is current."""
    files = _package_files()
    versions = [importlib.metadata.version(p.replace("_", "-")) for p in PACKAGES]
    digest = hashlib.sha256(json.dumps([versions, [n for n, _ in files]]).encode())
    # Names, sizes and times suffice for installed files (the runtime's cache does the
    # same for large files); the toolkit's standard library is written anew into each
    # site, so its bytes count.
    for path in (*(p for _, p in files), pyodide_dir / "python_stdlib.zip",
                 pyodide_runtime.HELPER, Path(__file__)):
        stat = path.stat()
        digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}".encode())
    digest.update(hashlib.sha256(toolkit_stdlib.read_bytes()).digest())
    digest.update(hashlib.sha256(WRITER.read_bytes()).digest())
    cached = cache_root / f"xlsx-{digest.hexdigest()[:16]}.zip"
    if not cached.is_file():
        for stale in cache_root.glob("xlsx-*.zip"):
            stale.unlink(missing_ok=True)
        packages = [(name, path.read_bytes()) for name, path in files]
        cache_root.mkdir(parents=True, exist_ok=True)
        # A folder of its own: two builds at once (two checkouts) never share one.
        work = Path(tempfile.mkdtemp(prefix="xlsx-work-", dir=cache_root))
        (work / "packages.zip").write_bytes(_zip(packages))
        _sample(work / "sample.xlsx")
        imported = json.loads(pyodide_runtime._node(
            "workbook", str(pyodide_dir), str(work / "packages.zip"), str(work / "sample.xlsx"),
            str(WRITER)))
        with zipfile.ZipFile(toolkit_stdlib) as have:  # bytecode: named as the sources
            present = {n.removesuffix("c") if n.endswith(".pyc") else n
                       for n in have.namelist()}
        wanted = [m for m in imported if m.split(".")[0] not in PACKAGES]
        extra = work / "stdlib.zip"
        names = pyodide_runtime.trim_stdlib(pyodide_dir / "python_stdlib.zip", extra, wanted)
        with zipfile.ZipFile(extra) as stdlib:
            modules = [(n, stdlib.read(n)) for n in names if n not in present]
        # A package the toolkit's standard library holds finds its submodules there
        # only: those must be in that library (pyodide_runtime.LAZY_MODULES).
        packages_there = {n.rsplit("/", 1)[0] for n in present if n.endswith("/__init__.py")}
        stranded = [n for n, _ in modules if n.rsplit("/", 1)[0] in packages_there]
        if stranded:
            raise pyodide_runtime.RuntimeBuildError(
                "Reading or writing a workbook needs these modules in the toolkit's standard "
                "library: "
                f"{', '.join(stranded)} (add them to LAZY_MODULES in pyodide_runtime.py).")
        # As bytecode: importing openpyxl from source takes seconds in the browser.
        (work / "reader.zip").write_bytes(_zip(packages + modules))
        pyodide_runtime._node("compile", str(pyodide_dir), str(work / "reader.zip"),
                              str(work / "compiled.zip"))
        os.replace(work / "compiled.zip", cached)  # whole, or not there at all
        shutil.rmtree(work, ignore_errors=True)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target / NAME)
    return target / NAME
