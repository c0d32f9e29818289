"""Helpers shared by the tests: building the site and launching Chromium."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

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


def poll_script(page, script: str, arg=None, timeout_s: float = 60.0):
    """Return the page function ``script``'s first truthy result (called with ``arg``),
    polling until the deadline; raise AssertionError when the deadline passes."""
    return poll(page, lambda: page.evaluate(script, arg), timeout_s, what=script)


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


def state_key(site_url: str) -> str:
    """The localStorage key under which the site at ``site_url`` saves its entries."""
    return f"cmhp-toolkit:{urlparse(site_url).path}:state"


def blank(page, site_url: str) -> None:
    """Open an empty page at the site's address (its origin, so its storage), where no
    script of the site runs: storage is written there without starting Python."""
    url = site_url + "__blank__.html"

    def empty(route) -> None:
        route.fulfill(status=200, content_type="text/html",
                      body="<!doctype html><title>Blank</title>")
    page.route(url, empty)
    try:
        page.goto(url)
    finally:
        page.unroute(url, empty)


def seed(page, site_url: str, state: dict | str, opened: bool = False) -> None:
    """Save ``state`` (entries, or their JSON text) as the site's stored entries, from an
    empty page at the site's address (``opened``: from the site's page already open); the
    next page opened reads them."""
    if not opened:
        blank(page, site_url)
    text = state if isinstance(state, str) else json.dumps(state)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [state_key(site_url), text])


def start(page, site_url: str, path: str) -> None:
    """Open ``path`` with no saved entries and the calculator ready."""
    blank(page, site_url)
    page.evaluate("""() => Object.keys(localStorage).filter(k => k.startsWith('cmhp-toolkit:'))
                          .forEach(k => localStorage.removeItem(k))""")
    open_ready(page, site_url + path)


@contextmanager
def seeded_page(context, site_url: str, state: dict | str) -> Iterator:
    """A new page of ``context`` with ``state`` saved as the site's entries; closed after,
    and the test fails if it threw an uncaught error."""
    page = context.new_page()
    errors = watch_errors(page)
    seed(page, site_url, state)
    yield page
    page.close()
    assert errors == []


def watch_errors(page) -> list[str]:
    """The list that collects the page's uncaught errors from now on."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def tab_to(page, selector: str, limit: int = 800) -> None:
    """Press Tab (only) until the element matching ``selector`` has the focus."""
    for _ in range(limit):
        if page.evaluate("(s) => !!document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def output(page, worksheet: str, output_id: str):
    """The locator of a worksheet's computed output."""
    return page.locator(f"#ws-{worksheet} [data-output='{output_id}']")


def output_line(page, worksheet: str, output_id: str):
    """The locator of the sentence a worksheet's computed output leads with."""
    return output(page, worksheet, output_id).locator(".ws-output__text")


def output_text(page, worksheet: str, output_id: str, contains: str) -> str:
    """Wait until an output's sentence holds ``contains``; return all the output shows."""
    wait_text(output_line(page, worksheet, output_id), contains)
    return output(page, worksheet, output_id).inner_text()


def wait_text(locator, text: str, timeout_ms: float = 15_000) -> str:
    """Wait until ``locator`` holds ``text``; return its whole text."""
    locator.filter(has_text=text).wait_for(timeout=timeout_ms)
    return locator.inner_text()


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page after page (a form feed between pages)."""
    from pypdf import PdfReader

    return "\f".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_words(data: bytes) -> str:
    """The text of a PDF with every run of white space made one space."""
    return re.sub(r"\s+", " ", pdf_text(data))


def reload(page) -> None:
    """Reload the page and wait until the calculator is ready."""
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)


def type_at(page, selector: str, text: str) -> None:
    """Tab to ``selector`` and type ``text`` there."""
    tab_to(page, selector)
    page.keyboard.type(text)


def press_at(page, selector: str, key: str = "Enter") -> None:
    """Tab to ``selector`` and press ``key`` there."""
    tab_to(page, selector)
    page.keyboard.press(key)


def field_id(table: str, row: str, column: str) -> str:
    """The selector of the box in ``column`` of ``row`` in the table whose selector is
    ``table``."""
    return f"{table}--{row}--{column}"


def saved_values(page, worksheet: str, check) -> dict:
    """Wait until the saved values of ``worksheet`` pass ``check``; return them."""
    def ready():
        state = saved_state(page)
        values = (state or {}).get("worksheets", {}).get(worksheet)
        return values if values and check(values) else None
    return poll(page, ready, what=f"{worksheet} saved as expected")
