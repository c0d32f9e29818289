"""A loader that cannot fail quietly, and a page that refuses another site's frame."""

from __future__ import annotations

import time
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from helpers import READY, copy_site, poll

from generator.serve import SiteHandler, serve_in_thread

# Times and link speeds are judged here: run with nothing beside them (`make test`).
pytestmark = [pytest.mark.browser, pytest.mark.alone]

PAGE = "working-group/"
STATUS = "[data-save-status]"


class OctetStreamHandler(SiteHandler):
    """nginx's default MIME map: no type for .mjs."""

    extensions_map = {**SiteHandler.extensions_map, ".mjs": "application/octet-stream"}


class PagesLikeHandler(SiteHandler):
    """A host that sends no security headers (GitHub Pages cannot send frame-ancestors)."""

    def end_headers(self) -> None:
        SimpleHTTPRequestHandler.end_headers(self)


class SlowSnapshotHandler(SiteHandler):
    """A slow link, for the memory snapshot alone: it comes at 320 KB/s (4 MB: over 12 s)."""

    def copyfile(self, source, outputfile) -> None:
        if not self.path.endswith("python_snapshot.bin.brotli"):
            super().copyfile(source, outputfile)
            return
        while chunk := source.read(16 * 1024):
            outputfile.write(chunk)
            time.sleep(0.05)  # the server's pace, not a wait in the test


class SnapshotCutHandler(SiteHandler):
    """A connection that drops part way through the memory snapshot, after its first
    megabyte came fast enough for the worker to take it."""

    def copyfile(self, source, outputfile) -> None:
        if not self.path.endswith("python_snapshot.bin.brotli"):
            super().copyfile(source, outputfile)
            return
        outputfile.write(source.read(1024 * 1024))
        outputfile.flush()
        self.close_connection = True
        self.connection.shutdown(2)  # the rest never comes


class BrotliEncodingHandler(SiteHandler):
    """A host that sends the site's brotli files with Content-Encoding: br (the browser
    unpacks them before the worker sees them)."""

    def end_headers(self) -> None:
        if self.path.endswith(".brotli"):
            self.send_header("Content-Encoding", "br")
        super().end_headers()


def said(page) -> str:
    assert poll(page, lambda: "not being saved" in page.locator(STATUS).inner_text(),
                what="the loader's warning")
    assert page.locator("[data-python-status]").inner_text() == "Calculator: not started."
    return page.locator("[data-warning]").inner_text()


def test_a_module_served_with_the_wrong_type_is_named(page, site_dir: Path, serve) -> None:
    url = serve(site_dir, OctetStreamHandler)
    page.goto(url + PAGE)
    assert poll(page, lambda: "sent as application/octet-stream" in said(page))
    assert "text/javascript" in said(page)


def test_a_missing_module_is_named(context, site_dir: Path, serve, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    copy_site(site_dir, broken)
    (broken / "assets" / "toolkit" / "toolkit.mjs").unlink()
    page = context.new_page()
    page.goto(serve(broken) + PAGE)
    assert poll(page, lambda: "toolkit.mjs is missing, status 404" in said(page))


def test_a_working_page_says_it_saves(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    page.wait_for_selector("html[data-toolkit=running][data-loader-check=done]")
    assert "Everything you type is saved" in page.locator(STATUS).inner_text()


def test_another_sites_frame_gets_no_toolkit(page, site_dir: Path, serve,
                                             tmp_path: Path) -> None:
    site_url = serve(site_dir, PagesLikeHandler)
    (tmp_path / "frame.html").write_text(
        f'<!doctype html><title>Other site</title><iframe src="{site_url}{PAGE}" '
        'width="800" height="600"></iframe>')
    other, other_url = serve_in_thread(tmp_path, "/")
    try:
        page.goto(other_url + "frame.html")
        frame = page.frame_locator("iframe")
        note = frame.locator(".tk-framed")
        note.wait_for()
        assert "does not run inside another site's page" in note.inner_text()
        assert frame.locator("[data-action=clear]").count() == 0
        assert frame.locator("[data-import-file]").count() == 0
    finally:
        other.shutdown()



def python_files(page) -> list[str]:
    """The names of the Python runtime's files the page (and its worker) ask for."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url.rsplit("/", 1)[-1]))
    return asked


def test_on_a_slow_link_python_starts_without_the_snapshot(page, site_dir: Path,
                                                            serve) -> None:
    url = serve(site_dir, SlowSnapshotHandler)
    asked = python_files(page)
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=12_000)  # before it could come
    assert page.get_attribute("html", "data-python-start") == "fresh"
    assert page.get_attribute("html", "data-python-link") == "slow"
    before_offline_copy = list(asked)  # the service worker may fetch everything later
    assert {"toolkit_stdlib.zip", "browser_py.zip"} <= set(before_offline_copy)
    assert "toolkit_stdlib_rest.zip" not in before_offline_copy
    page.fill("#w-needs-estimate--sources--screeners--indicated", "40")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 40").wait_for()


def test_a_snapshot_cut_off_part_way_still_starts_python(page, site_dir: Path,
                                                         serve) -> None:
    url = serve(site_dir, SnapshotCutHandler)
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    assert page.get_attribute("html", "data-python-start") == "fresh"
    assert page.get_attribute("html", "data-python-link") is None  # taken, then lost
    page.fill("#w-needs-estimate--sources--screeners--indicated", "40")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 40").wait_for()


def test_on_loopback_python_starts_from_the_snapshot(page, site_url: str) -> None:
    asked = python_files(page)
    page.goto(site_url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.get_attribute("html", "data-python-start") == "snapshot"
    assert page.get_attribute("html", "data-python-link") is None
    # Restored, Python has browser_py and the start-up modules: it takes only the rest.
    before_offline_copy = list(asked)
    assert "toolkit_stdlib_rest.zip" in before_offline_copy
    assert not {"toolkit_stdlib.zip", "browser_py.zip"} & set(before_offline_copy)
    page.fill("#w-needs-estimate--sources--screeners--indicated", "40")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 40").wait_for()


class WasmAsOctetStreamHandler(SiteHandler):
    """An older host's MIME map: no type for .wasm (stock Pyodide never starts there)."""

    extensions_map = {**SiteHandler.extensions_map, ".wasm": "application/octet-stream"}


def test_python_starts_when_the_host_sends_wasm_with_another_type(page, site_dir: Path,
                                                                   serve) -> None:
    url = serve(site_dir, WasmAsOctetStreamHandler)
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.get_attribute("html", "data-python-start") == "snapshot"
    page.fill("#w-needs-estimate--sources--screeners--indicated", "40")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 40").wait_for()


def needs_are_counted(page) -> None:
    page.fill("#w-needs-estimate--sources--screeners--indicated", "40")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 40").wait_for()


def test_a_host_that_unpacks_the_brotli_files_itself_still_gives_the_snapshot(
        page, site_dir: Path, serve) -> None:
    url = serve(site_dir, BrotliEncodingHandler)
    encoded: list[str] = []
    page.on("response", lambda response: encoded.append(response.url) if response.headers.get(
        "content-encoding") == "br" else None)
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.get_attribute("html", "data-python-start") == "snapshot"
    assert any(name.endswith("python_snapshot.bin.brotli") for name in encoded)
    assert any(name.endswith("pyodide.asm.wasm.brotli") for name in encoded)
    needs_are_counted(page)


def test_without_the_brotli_decoder_python_starts_from_the_plain_files(
        context, site_dir: Path, serve, tmp_path: Path) -> None:
    broken = copy_site(site_dir, tmp_path / "site")
    (broken / "assets" / "toolkit" / "pyodide" / "brotli_dec_wasm_bg.wasm").unlink()
    page = context.new_page()
    asked = python_files(page)
    page.goto(serve(broken) + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert page.get_attribute("html", "data-python-start") == "fresh"
    assert {"pyodide.asm.wasm", "toolkit_stdlib.zip", "browser_py.zip"} <= set(asked)
    needs_are_counted(page)
