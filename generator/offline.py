"""Offline use: the service worker, written at build time with this build's files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import word_writer
from .render import TEMPLATES

WORKER = "sw.js"
SKIPPED_SUFFIXES = (".gz", ".map")
SKIPPED_NAMES = ("sitemap.xml", WORKER)


# Search's extra languages: fetched (and then kept) only if the site ever uses them.
LANGUAGE_FILES = "assets/javascripts/lunr/"
# The Excel reader: fetched (and then kept) only when a person picks a workbook.
WORKBOOK_READER = "xlsx.zip"
# The Word writer: fetched (and then kept) only when a person asks for a Word file.
WORD_WRITER = f"{word_writer.FOLDER}/{word_writer.MODULE}"
# Ways of starting Python, each a list of options (their files), the preferred first: the
# service worker keeps the options a browser used (see sw.js.j2).
PYODIDE = "assets/toolkit/pyodide/"
CHOICES = (
    ((f"{PYODIDE}pyodide.asm.wasm.brotli",), (f"{PYODIDE}pyodide.asm.wasm",)),
    ((f"{PYODIDE}python_snapshot.bin.brotli", f"{PYODIDE}toolkit_stdlib_rest.zip"),
     (f"{PYODIDE}toolkit_stdlib.zip", "assets/toolkit/browser_py.zip")),
)


def site_files(site: Path) -> tuple[dict[str, str], list[str], dict[str, str], str]:
    """The site's files (relative to its root) with the SHA-256 of each, those kept only
    once used, each folder address with its page, and a version that changes whenever
    any file's content changes."""
    files: dict[str, str] = {}
    later: list[str] = []
    pages: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if path.name in SKIPPED_NAMES or relative.endswith(SKIPPED_SUFFIXES):
            continue
        files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(relative.encode() + b"\0" + files[relative].encode())
        if (relative.startswith(LANGUAGE_FILES) or path.name == WORKBOOK_READER
                or relative.endswith(f"/{WORD_WRITER}")):
            later.append(relative)
        if path.name == "index.html":  # pages are visited by their folder's address
            pages[relative[: -len("index.html")] or "./"] = relative
    return files, later, pages, digest.hexdigest()[:16]


def write_service_worker(site: Path) -> str:
    """Write ``sw.js`` at the site's root; return the build's version."""
    files, later, pages, version = site_files(site)
    env = Environment(loader=FileSystemLoader(TEMPLATES / "offline"), undefined=StrictUndefined,
                      keep_trailing_newline=True)
    choices = [[[name for name in option if name in files] for option in options]
               for options in CHOICES if all(name in files for o in options for name in o)]
    text = env.get_template("sw.js.j2").render(version=version, files=files, later=later,
                                               pages=pages, choices=choices)
    (site / WORKER).write_text(text, encoding="utf-8")
    return version
