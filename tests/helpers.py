"""Helpers shared by the tests: building the site and launching Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Set by the tests' conftest to the test running when it is not marked ``browser``, so
#: that :func:`build_site` refuses to build there (the fast run has no Node.js).
UNMARKED_TEST: str | None = None


def build_site(
    target: Path, config: Path | None = None, site_url: str = "",
    settings: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` into ``target`` and return the finished process; ``settings``
    is a district's edition file (``TOOLKIT_SETTINGS``).

    Raises RuntimeError inside a test that is not marked ``browser``."""
    if UNMARKED_TEST is not None:
        raise RuntimeError(f"{UNMARKED_TEST} builds the site: mark it browser "
                           "(@pytest.mark.browser or pytestmark = pytest.mark.browser)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_SITE_URL": site_url}
    if settings is not None:
        env["TOOLKIT_SETTINGS"] = str(settings)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-q",
         "-f", str(config or ROOT / "mkdocs.yml"), "-d", str(target)],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=300,
    )


def chromium_launch_options(playwright) -> dict:
    """Launch options: Playwright's own Chromium where installed, else Debian's."""
    options: dict = {"args": CHROMIUM_ARGS, "headless": True}
    if not Path(playwright.chromium.executable_path).exists():
        options["executable_path"] = shutil.which("chromium") or "/usr/bin/chromium"
    return options


def poll(page, check, timeout_s: float = 20.0, what: str = ""):
    """Return check()'s first truthy value, polling until the deadline (no fixed sleeps);
    raise AssertionError naming ``what`` (or the check) when the deadline passes."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(
                f"still not true after {timeout_s:g} s: {what or getattr(check, '__name__', check)}"
                f" (last value {value!r})")
        page.wait_for_timeout(50)


READY = "html[data-python=ready]"


def open_ready(page, url: str) -> None:
    """Open ``url`` and wait until the calculator (Python) is ready."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)


def saved_state(page) -> dict | None:
    """The saved entries of the site the page is on, as stored (None before any save)."""
    return page.evaluate(
        """() => { const k = Object.keys(localStorage).find(k => k.endsWith(':state'));
                   return k ? JSON.parse(localStorage.getItem(k)) : null; }"""
    )


def copy_site(source: Path, target: Path) -> Path:
    """A copy of a built site to change: hard links where possible (the runtime is large)."""
    def link(src: str, dst: str) -> None:
        try:
            Path(dst).hardlink_to(src)
        except OSError:
            shutil.copy2(src, dst)
    shutil.copytree(source, target, copy_function=link)
    return target


def open_menu(page) -> None:
    """Open the "Bring in a file, hand out, clear" menu of "Your entries" (it starts folded)."""
    menu = page.locator(".tk-bar__more")
    if not menu.evaluate("(details) => details.open"):
        menu.locator(":scope > summary").click()
