"""One build, one set of files: the service worker keeps a whole build, checks every file
against the build's list, and never serves two builds together."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, poll, poll_script

pytestmark = pytest.mark.browser

EDITION = "Example County Office of Education"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def manifest(site: Path) -> dict[str, str]:
    """The files and hashes the build's service worker keeps after a reading page (which
    starts no Python), those kept only once used left out: the search languages, the Excel
    reader, and the ways of starting Python other than the preferred one."""
    text = (site / "sw.js").read_text(encoding="utf-8")
    files = json.loads(re.search(r"^const FILES = (.*);", text, re.MULTILINE)[1])
    later = set(json.loads(re.search(r"^const LATER = (.*?);", text, re.MULTILINE)[1]))
    assert "assets/toolkit/xlsx.zip" in later
    choices = json.loads(re.search(r"^const CHOICES = (.*);", text, re.MULTILINE)[1])
    assert choices, "the ways of starting Python are listed"
    later |= {name for options in choices for option in options[1:] for name in option}
    return {name: sha for name, sha in files.items() if name not in later}


# Every kept file of the site's cache, hashed in the browser: {address: sha256}.
CACHED = """async (scope) => {
  const names = (await caches.keys()).filter((n) => n.startsWith('cmhp-toolkit:'));
  if (names.length !== 1) return {caches: names.length};
  const cache = await caches.open(names[0]);
  const out = {};
  for (const request of await cache.keys()) {
    const body = await (await cache.match(request)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
    out[request.url.slice(scope.length) || './'] =
      [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  }
  return out;
}"""


# Every cache of the toolkit by name, each as CACHED gives one: a new build installing in
# the background (its worker waiting) keeps its files in a cache of its own.
EVERY_CACHE = """async (scope) => {
  const out = {};
  for (const name of (await caches.keys()).filter((n) => n.startsWith('cmhp-toolkit:'))) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) {
      const body = await (await cache.match(request)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
      out[name][request.url.slice(scope.length) || './'] =
        [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
  }
  return out;
}"""


EVICT = """async ([scope, file]) => {
  const name = (await caches.keys()).find((n) => n.startsWith('cmhp-toolkit:'));
  return (await caches.open(name)).delete(scope + file);
}"""


@pytest.fixture
def first_build(browser, deployments) -> Iterator:
    """The first build visited on a reading page until it is kept whole: (page, url,
    deploy (a build's name to its files), the first build's files, what is kept)."""
    url = deployments.url

    def deploy(name: str) -> dict[str, str]:
        return manifest(deployments.deploy(name))
    first = deploy("standard")
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    assert poll_script(page, CONTROLLED)
    yield page, url, deploy, first, installed(page, url, first)
    context.close()


def installed(page, url: str, files: dict[str, str]) -> dict:
    """Wait until the service worker keeps every file of the build; return what it keeps."""
    wanted = set(files)

    def complete():
        cached = page.evaluate(CACHED, url)
        return cached if wanted <= set(cached) else None
    return poll(page, complete, 120, what="the whole build kept")


def test_a_page_of_the_first_build_never_runs_the_seconds_files(first_build) -> None:
    page, url, deploy, first, cached = first_build
    # A reading page kept the whole build, Python's files included, each as listed.
    assert {f: h for f, h in cached.items() if f in first} == {
        f: first[f] for f in cached if f in first}
    assert "assets/toolkit/pyodide/pyodide.asm.wasm.brotli" in cached
    second = deploy("edition")
    assert second["assets/toolkit/worksheets.json"] != first["assets/toolkit/worksheets.json"]
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert EDITION not in page.content()
    definitions = page.evaluate(
        "async () => (await fetch('../assets/toolkit/worksheets.json')).json()")
    assert definitions["settings"]["district_name"] != EDITION
    # The first build's copy still holds exactly its files, each checked against its
    # list (the second build may be installing beside it, for the reload it offers).
    assert cached in page.evaluate(EVERY_CACHE, url).values()


def test_an_evicted_file_of_another_build_makes_the_page_offer_a_reload(first_build) -> None:
    page, url, deploy, _, _ = first_build
    deploy("edition")
    assert page.evaluate(EVICT, [url, "assets/toolkit/worksheets.json"])
    page.goto(url + "needs-and-goals/")
    banner = page.locator("[data-update-banner]")
    banner.wait_for(timeout=60_000)
    assert "updated while it was open" in banner.inner_text()
    with page.expect_navigation():
        banner.get_by_role("button", name="Reload to update").click()
    page.wait_for_selector(READY, timeout=60_000)
    definitions = page.evaluate(
        "async () => (await fetch('../assets/toolkit/worksheets.json')).json()")
    assert definitions["settings"]["district_name"] == EDITION


def test_an_evicted_file_is_fetched_again_and_kept_when_it_matches(first_build) -> None:
    page, url, _, first, _ = first_build
    assert page.evaluate(EVICT, [url, "assets/toolkit/toolkit.mjs"])
    page.goto(url + "needs-and-goals/")
    page.wait_for_selector(READY, timeout=60_000)
    assert installed(page, url, first)["assets/toolkit/toolkit.mjs"] == \
        first["assets/toolkit/toolkit.mjs"]
    # Offline, with it evicted again: the page says plainly that nothing is saved.
    assert page.evaluate(EVICT, [url, "assets/toolkit/toolkit.mjs"])
    page.context.set_offline(True)
    page.reload()
    status = page.locator("[data-save-status]")
    assert poll(page, lambda: "not being saved" in status.inner_text(), 30,
                what="the loader's warning")
