"""Offline use: after one visit the toolkit works with no network; new builds are offered."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from bench.sites import WIRE, BenchHandler
from helpers import READY, copy_site, poll_script

from generator.serve import serve_in_thread

# Times and link speeds are judged here: run with nothing beside them (`make test`).
pytestmark = [pytest.mark.browser, pytest.mark.alone]

SCREENERS = "#w-needs-estimate--sources--screeners--indicated"


CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def computes(page, value: str) -> None:
    """Wait until Python is ready on the needs page, type ``value`` as the screeners' count
    and wait until the results show it."""
    page.wait_for_selector(READY, timeout=60_000)
    page.fill(SCREENERS, value)
    page.locator("#ws-needs-estimate .ws-output__text").filter(has_text=value).first.wait_for()
PYTHON_CACHED = """async () => {
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    if (await cache.match(new URL('assets/toolkit/pyodide/pyodide.asm.wasm.brotli',
                                  document.querySelector('link[rel=stylesheet]').href
                                    .replace(/assets\\/stylesheets\\/.*$/, '')))) return true;
  }
  return false;
}"""


def test_works_offline_after_one_visit(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "needs-and-goals/")
        page.wait_for_selector(READY, timeout=60_000)
        assert poll_script(page, CONTROLLED), "the service worker never took control"
        assert poll_script(page, PYTHON_CACHED), "Python's files were not kept for offline use"
        context.set_offline(True)
        page.reload()
        computes(page, "77")
        page.goto(site_url + "working-group/")
        page.wait_for_selector("#ws-working-group")
    finally:
        context.close()


INSTALLED = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return Boolean(navigator.serviceWorker.controller && registration?.active
                 && !registration.installing && !registration.waiting);
}"""


def test_a_first_visit_downloads_each_file_once_and_keeps_what_it_used(
        browser, site_dir: Path) -> None:
    """The offline copy takes what the page already received from the HTTP cache, keeps
    the way of starting Python this browser used (not the plain WebAssembly nor the
    ordinary start's files), and the site still works offline."""
    handler = functools.partial(BenchHandler, directory=str(site_dir), prefix="/toolkit/")
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/toolkit/"
    WIRE.reset()
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "needs-and-goals/")
        page.wait_for_selector(READY, timeout=60_000)
        assert poll_script(page, INSTALLED, timeout_s=120), "the offline copy never completed"
        _, sent, downloads = WIRE.snapshot()
        twice = {path: n for path, n in downloads.items()
                 if n > 1 and sent[path] / n > 100_000}
        assert twice == {}, f"downloaded more than once: {twice}"
        pyodide = "/toolkit/assets/toolkit/pyodide/"
        assert f"{pyodide}pyodide.asm.wasm.brotli" in downloads
        for unused in (f"{pyodide}pyodide.asm.wasm", f"{pyodide}toolkit_stdlib.zip",
                       "/toolkit/assets/toolkit/browser_py.zip"):
            assert unused not in downloads, unused
        context.set_offline(True)
        page.reload()
        computes(page, "77")
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_new_build_is_offered_and_applied(browser, deployments) -> None:
    url = deployments.url
    deployments.deploy("standard")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url)
        assert poll_script(page, CONTROLLED)
        assert "Example County Office of Education" not in page.content()
        deployments.deploy("edition")
        page.reload()  # still the first build, from its cache; the new one installs
        assert "Example County Office of Education" not in page.content()
        banner = page.locator("[data-update-banner]")
        banner.wait_for(timeout=30_000)
        with page.expect_navigation():
            banner.get_by_role("button", name="Reload to update").click()
        page.get_by_text("This edition of the toolkit is set up for").wait_for()
    finally:
        context.close()


def test_site_works_online_when_the_service_worker_fails(browser, site_dir: Path,
                                                         tmp_path: Path) -> None:
    broken = copy_site(site_dir, tmp_path / "site")
    (broken / "sw.js").unlink()
    server, url = serve_in_thread(broken, "/toolkit/")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + "needs-and-goals/")
        page.wait_for_selector("html[data-offline=unavailable]")
        computes(page, "12")
    finally:
        context.close()
        server.shutdown()


# When the page registered the service worker, beside when Python reported it started and
# when the page finished loading (ms since navigation; null for what has not happened).
REGISTER_CLOCK = """(() => {
  window.offlineClock = { registered: null, pythonStarted: null };
  const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
  navigator.serviceWorker.register = (...args) => {
    window.offlineClock.registered ??= performance.now();
    return register(...args);
  };
  new MutationObserver(() => {
    if (document.documentElement?.dataset.pythonStart) {
      window.offlineClock.pythonStarted ??= performance.now();
    }
  }).observe(document, { attributes: true, subtree: true,
                         attributeFilter: ["data-python-start"] });
})();"""
REGISTERED = """() => window.offlineClock.registered === null ? null : {
  ...window.offlineClock,
  loaded: performance.getEntriesByType("navigation")[0].loadEventEnd }"""


@pytest.mark.parametrize("page_path, after", [("needs-and-goals/", "pythonStarted"),
                                              ("your-data/", "loaded")])
def test_the_offline_copy_waits_until_the_page_has_what_it_needs(
        browser, site_url: str, page_path: str, after: str) -> None:
    """Its first download (the whole build) never competes with the page's own: on a
    worksheet page it starts once Python has started, on a reading page once it loaded."""
    context = browser.new_context()
    context.add_init_script(REGISTER_CLOCK)
    page = context.new_page()
    try:
        page.goto(site_url + page_path)
        clock = poll_script(page, REGISTERED)
        assert clock[after] is not None and clock["registered"] >= clock[after], clock
        assert poll_script(page, CONTROLLED), "the service worker never took control"
    finally:
        context.close()



# Presses a key every 300 ms (the person typing) until `afterReadyMs` after Python is
# ready (or for `ms`); returns whether the offline copy was registered meanwhile, and how
# many files its install kept meanwhile.
KEEP_TYPING = """async ({ ms = 0, afterReadyMs = 0 }) => {
  const kept = async () => {
    let count = 0;
    for (const name of await caches.keys()) {
      count += (await (await caches.open(name)).keys()).length;
    }
    return count;
  };
  const registered = async () => Boolean(await navigator.serviceWorker.getRegistration());
  const before = { registered: await registered(), kept: await kept() };
  let registeredMeanwhile = false;
  let readyAt = 0;
  const started = performance.now();
  const typing = () => (afterReadyMs ? !readyAt || performance.now() < readyAt + afterReadyMs
    : performance.now() < started + ms);
  while (typing()) {
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    registeredMeanwhile ||= await registered();
    const ready = document.documentElement.dataset.python === "ready";
    if (!readyAt && ready) readyAt = performance.now();
  }
  return { before, registeredMeanwhile, kept: await kept(), readyAt };
}"""
INSTALLING = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return Boolean(registration && registration.installing);
}"""


def test_the_offline_copy_waits_while_the_person_types(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "needs-and-goals/", wait_until="commit")
        page.wait_for_selector("html[data-toolkit=running]", state="attached")
        typing = page.evaluate(KEEP_TYPING, {"afterReadyMs": 2500})
        assert typing["readyAt"] and not typing["registeredMeanwhile"], typing
        assert poll_script(page, CONTROLLED), "the offline copy never started once typing stopped"
        assert poll_script(page, PYTHON_CACHED)
    finally:
        context.close()


def test_the_offline_copy_holds_its_downloads_while_the_person_clicks(
        browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url + "your-data/")  # a reading page: registers once it is quiet
        assert poll_script(page, INSTALLING, timeout_s=30), "the install never started"
        typing = page.evaluate(KEEP_TYPING, {"ms": 3000})
        # Downloads already under way finish (six at a time); no new one starts.
        assert typing["kept"] - typing["before"]["kept"] <= 6, typing
        assert poll_script(page, CONTROLLED), "the install never went on once the person paused"
        assert poll_script(page, PYTHON_CACHED)
    finally:
        context.close()
