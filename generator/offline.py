"""Offline use: the service worker, written at build time with this build's files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .render import TEMPLATES

WORKER = "sw.js"
SKIPPED_SUFFIXES = (".gz", ".map")
SKIPPED_NAMES = ("sitemap.xml", WORKER)


# Search's extra languages: fetched (and then kept) only if the site ever uses them.
LANGUAGE_FILES = "assets/javascripts/lunr/"


def _fingerprint(path: Path) -> bytes:
    """What identifies a file's content: its hash, or, for a hard link into the build
    cache (whose files are read-only and kept under a key of their inputs), its inode."""
    stat = path.stat()
    if stat.st_nlink > 1:
        return f"{stat.st_ino}:{stat.st_size}:{stat.st_mtime_ns}".encode()
    return hashlib.sha256(path.read_bytes()).digest()


def site_files(site: Path, later_prefix: str) -> tuple[list[str], list[str], str]:
    """List the site's URLs (relative to its root) to cache at install and later, and a
    version that changes whenever any file's content changes."""
    now, later, digest = [], [], hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if path.name in SKIPPED_NAMES or relative.endswith(SKIPPED_SUFFIXES):
            continue
        digest.update(relative.encode() + b"\0" + _fingerprint(path))
        if relative.startswith((later_prefix, LANGUAGE_FILES)):
            later.append(relative)
            continue
        now.append(relative)
        if path.name == "index.html":  # pages are visited by their folder's address
            now.append(relative[: -len("index.html")] or "./")
    return now, later, digest.hexdigest()[:16]


def write_service_worker(site: Path, later_prefix: str) -> str:
    """Write ``sw.js`` at the site's root; return the build's version."""
    now, later, version = site_files(site, later_prefix)
    env = Environment(loader=FileSystemLoader(TEMPLATES / "offline"), undefined=StrictUndefined,
                      keep_trailing_newline=True)
    text = env.get_template("sw.js.j2").render(version=version, files=now, later=later)
    (site / WORKER).write_text(text, encoding="utf-8")
    return version
