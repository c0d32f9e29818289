"""Files the generator adds to the built site: Pyodide's core, browser_py, definitions and
the merge's constants."""

from __future__ import annotations

import functools
import io
import json
import os
import zipfile
from collections.abc import Iterable
from pathlib import Path

from browser_py.page.page_words import words_module
from browser_py.sharing.tab_merge import rules_module

from . import pyodide_runtime, workbook_reader
from .definitions import Worksheet
from .pyodide_runtime import RuntimeBuildError

# What the site's pyodide/ folder holds: Pyodide's loader and wasm, a trimmed standard
# library, a memory snapshot, a lock file without packages, and .gz copies.
PYODIDE_CORE = pyodide_runtime.SITE_FILES
PACKAGE_DIR = Path(__file__).resolve().parent.parent / "browser_py"
__all__ = ["PYODIDE_CORE", "RuntimeBuildError", "copy_pyodide", "write_definitions",
           "write_merge_rules", "write_page_words"]


def _cache(source: Path, cache_root: Path | None) -> Path:
    return cache_root or Path(
        os.environ.get("TOOLKIT_RUNTIME_CACHE") or source.parent / ".cache" / "cmhp-toolkit")


def copy_workbook_reader(source: Path, pyodide_target: Path, target: Path,
                         cache_root: Path | None = None) -> Path:
    """Put ``xlsx.zip`` (the Excel reader, see :mod:`generator.workbook_reader`) into
    ``target``; ``pyodide_target`` holds the runtime :func:`copy_pyodide` wrote."""
    return workbook_reader.build(source, pyodide_target / pyodide_runtime.STDLIB,
                                 _cache(source, cache_root), target)


def copy_pyodide(source: Path, target: Path, cache_root: Path | None = None) -> list[Path]:
    """Put the toolkit's Pyodide runtime into ``target`` and ``browser_py.zip`` (compiled)
    beside it, made from the npm package in ``source`` and the current ``browser_py``
    (cached in ``node_modules/.cache``, or ``$TOOLKIT_RUNTIME_CACHE``); name any missing
    source file."""
    cache = _cache(source, cache_root)
    files, browser_py = pyodide_runtime.build(
        source, cache, pyodide_runtime.stdlib_imports(PACKAGE_DIR),
        browser_py_bytes(), browser_py_modules(),
    )
    return [*pyodide_runtime.install(files, target),
            *pyodide_runtime.install([browser_py], target.parent)]


def browser_py_modules(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Dotted names of every module in ``browser_py``."""
    names = []
    for path in _sources(package_dir):
        parts = ["browser_py", *path.relative_to(package_dir).with_suffix("").parts]
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(names)


def browser_py_bytes(package_dir: Path = PACKAGE_DIR) -> bytes:
    """A zip of ``browser_py``'s sources (fixed timestamps: the same bytes each build), from
    which the build compiles the site's ``browser_py.zip``."""
    stamp = tuple((p, p.stat().st_mtime_ns, p.stat().st_size) for p in _sources(package_dir))
    return _zip_sources(package_dir, stamp)


@functools.lru_cache(maxsize=2)
def _zip_sources(package_dir: Path, stamp: tuple) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in _sources(package_dir):
            name = f"browser_py/{path.relative_to(package_dir).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _sources(package_dir: Path) -> list[Path]:
    return sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)


def write_definitions(
    target: Path, worksheets: Iterable[Worksheet], settings: dict | None = None,
    placements: list[dict[str, str]] | None = None,
    steps: list[dict[str, str]] | None = None,
) -> Path:
    """Write every worksheet definition, the edition's settings, where each worksheet
    is placed (in the site's order), and the practice's steps (every page holding a
    worksheet or the report, in the site's order: the start page's suggested path), as
    JSON."""
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"worksheets": [sheet.as_data() for sheet in worksheets],
            "settings": settings or {}, "placements": placements or [],
            "steps": steps or []}
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def write_merge_rules(target: Path) -> Path:
    """Write ``merge_rules.mjs``: the constants the page's merge (``store.mjs``) shares
    with Python (see :func:`browser_py.sharing.tab_merge.shared_constants`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rules_module(), encoding="utf-8")
    return target


def write_page_words(target: Path) -> Path:
    """Write ``page_words.mjs``: the words the page shows by itself (see
    :mod:`browser_py.page.page_words`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(words_module(), encoding="utf-8")
    return target
