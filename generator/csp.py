"""Content-Security-Policy: hash every inline script and add the policy to each page."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")
META_NAME = "Content-Security-Policy"
#: The policy's meta tag as the build writes it into every page.
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def inline_script_hashes(html: str) -> set[str]:
    """Return the CSP sources (``'sha256-…'``) of the executable inline scripts in ``html``."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match["attrs"].lower()
        if re.search(r"\bsrc\s*=", attrs) or any(kind in attrs for kind in DATA_TYPES):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return hashes


def policy(script_hashes: Iterable[str]) -> str:
    """Return the site's policy: its own origin only, Wasm allowed, inline scripts by hash."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data:",
            # mkdocs-material sets style attributes; styles cannot send data off-site here.
            "style-src 'self' 'unsafe-inline'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def add_policy(html: str, content: str) -> str:
    """Insert the policy as the first element of ``<head>`` (before any script runs)."""
    if META_NAME in html:
        raise ValueError("page already carries a Content-Security-Policy")
    meta = f'<meta http-equiv="{META_NAME}" content="{content}">'
    head = re.search(r"<head[^>]*>", html, re.I)
    if head is None:
        raise ValueError("page has no <head>")
    return f"{html[: head.end()]}\n{meta}{html[head.end() :]}"


def apply_to_site(site_dir: Path) -> str:
    """Add one policy covering every inline script to every HTML page in ``site_dir``."""
    pages = sorted(site_dir.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    content = policy(hashes)
    for page, text in texts.items():
        page.write_text(add_policy(text, content), encoding="utf-8")
    return content
