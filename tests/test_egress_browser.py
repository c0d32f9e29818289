"""What leaves the device from a stock browser: every page of the site is visited in
Chromium with its default networking (background services on), every request that does
not go to the site passes through a recording proxy that answers none, and what a blank
page of the same origin makes is subtracted."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlparse

import pytest
from helpers import CHROMIUM_ARGS, chromium_launch_options, copy_site

from generator.serve import serve_in_thread

pytestmark = pytest.mark.browser

#: Chromium asks Google's autofill service about the shape of any page with a text box, a
#: date box or a multi-line box (tested here: one box is enough; only tick boxes, option
#: buttons and search boxes are left alone). The request names no value typed; "Your
#: data and privacy" says so. Nothing else may leave.
AUTOFILL = "content-autofill.googleapis.com"
#: What Playwright adds to quiet Chromium; a stock browser runs without these.
QUIETING = ["--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-default-apps", "--no-service-autorun",
            "--disable-client-side-phishing-detection", "--disable-field-trial-config",
            "--disable-component-extensions-with-background-pages", "--disable-extensions",
            "--metrics-recording-only"]


class Recorder:
    """An HTTP proxy on 127.0.0.1 that notes the host of every request and answers 403."""

    def __init__(self) -> None:
        self.hosts: list[tuple[float, str]] = []
        self.socket = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def port(self) -> int:
        return self.socket.getsockname()[1]

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                line = conn.recv(8192).decode("latin-1").split("\r\n", 1)[0]
                target = line.split(" ")[1] if " " in line else ""
                host = urlparse(target).hostname if "://" in target else target.split(":")[0]
                self.hosts.append((time.monotonic(), host or "?"))
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n"
                             b"Connection: close\r\n\r\n")
            except OSError:
                pass

    def quiet(self, seconds: float = 3.0, deadline_s: float = 60.0) -> set[str]:
        """Wait until nothing new has come for ``seconds``; return the hosts seen. Raises
        when requests never stop within the deadline."""
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            last = self.hosts[-1][0] if self.hosts else 0.0
            if time.monotonic() - last >= seconds:
                return {host for _, host in self.hosts}
            time.sleep(0.2)
        raise AssertionError(f"requests kept leaving for {deadline_s:.0f} s: {self.hosts[-5:]}")

    def close(self) -> None:
        self.socket.close()


@pytest.fixture(scope="module")
def same_origin_site(site_dir: Path, tmp_path_factory) -> Iterator[str]:
    """The built site with a blank page beside it, on one origin."""
    folder = tmp_path_factory.mktemp("egress") / "site"
    copy_site(site_dir, folder)
    (folder / "blank.html").write_text("<!doctype html><title>Blank</title>")
    server, url = serve_in_thread(folder, "/toolkit/")
    yield url
    server.shutdown()


def stock_session(chromium, url: str, visit) -> set[str]:
    """Hosts a stock Chromium sends requests to while ``visit(page)`` runs, until quiet."""
    recorder = Recorder()
    options = chromium_launch_options(SimpleNamespace(chromium=chromium))
    options["args"] = [a for a in CHROMIUM_ARGS if a not in QUIETING] + [
        f"--proxy-server=http://127.0.0.1:{recorder.port}"]
    browser = chromium.launch(**options, ignore_default_args=QUIETING)
    try:
        page = browser.new_page()
        page.goto(url)
        visit(page)
        return recorder.quiet()
    finally:
        browser.close()
        recorder.close()


def every_page(site_url: str):
    def visit(page) -> None:
        queue, seen = [site_url], {site_url}
        while queue:
            page.goto(queue.pop(0))
            box = page.locator("form[data-ws-form] input[type=text]").first
            if box.count():
                box.fill("A typed entry")
            for href in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
                target = urljoin(page.url, href).split("#")[0]
                if target.startswith(site_url) and target not in seen and "." not in \
                        target.rsplit("/", 2)[-2]:
                    seen.add(target)
                    queue.append(target)
        assert len(seen) >= 7
    return visit


def test_nothing_but_the_named_autofill_request_leaves_the_device(browser,
                                                                  same_origin_site: str) -> None:
    # A second Chromium from the session's Playwright, launched the stock way.
    chromium = browser.browser_type
    blank = stock_session(chromium, same_origin_site + "blank.html", lambda page: None)
    site = stock_session(chromium, same_origin_site, every_page(same_origin_site))
    # The recorder sees what a stock browser sends by itself (updates, accounts), so a
    # request the site caused could not pass unseen.
    assert blank, "the stock browser sent nothing: the proxy recorded nothing"
    assert site - blank <= {AUTOFILL}, site - blank
    print(f"blank page: {sorted(blank)}; the site adds: {sorted(site - blank)}")

