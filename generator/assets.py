"""Files the generator adds to the built site: Pyodide's core, browser_py and definitions."""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from .definitions import Worksheet

PYODIDE_CORE = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "browser_py"


def copy_pyodide(source: Path, target: Path) -> list[Path]:
    """Copy only the Pyodide core files the site needs; name any that are missing."""
    missing = [name for name in PYODIDE_CORE if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Pyodide files missing from {source}: {', '.join(missing)}. "
            "Run `npm ci` (make site does this) to install the pinned pyodide package."
        )
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in PYODIDE_CORE:
        shutil.copyfile(source / name, target / name)
        copied.append(target / name)
    return copied


def pack_browser_py(target: Path, package_dir: Path = PACKAGE_DIR) -> Path:
    """Write ``browser_py`` as a zip (sources only, fixed timestamps: same bytes each build)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            name = f"browser_py/{path.relative_to(package_dir).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return target


def write_definitions(target: Path, worksheets: Iterable[Worksheet]) -> Path:
    """Write every worksheet definition as JSON, for the browser and browser_py."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"worksheets": [sheet.as_data() for sheet in worksheets]}
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target
