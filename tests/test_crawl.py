"""Crawl every page in Chromium under a sub-path: privacy, CSP, errors and axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin, urlparse

import pytest
from helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@pytest.fixture(scope="module", params=["light", "dark"])
def crawl(request, browser, site_url: str) -> Iterator[dict]:
    """Visit every page reachable from the start page; record what each one did."""
    context = browser.new_context(color_scheme=request.param)
    context.add_init_script(RECORD_VIOLATIONS)
    origin = urlparse(site_url).netloc
    off_origin: list[str] = []

    def route(route_obj) -> None:
        if urlparse(route_obj.request.url).netloc != origin:
            off_origin.append(route_obj.request.url)
            route_obj.abort()
        else:
            route_obj.continue_()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    def console(message) -> None:
        if message.type == "error":
            errors.append(f"{page.url}: console {message.text}")

    page.on("console", console)
    results: dict[str, dict] = {}
    queue, seen = [site_url], {site_url}
    while queue:
        url = queue.pop(0)
        response = page.goto(url)
        assert response is not None and response.ok, f"{url} did not load"
        page.wait_for_selector("body")
        page.evaluate(AXE.read_text())
        axe = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        results[url] = {
            "csp": page.evaluate("window.__cspViolations"),
            "axe": [
                f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['target']})"
                for v in axe["violations"]
            ],
        }
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = urljoin(url, href).split("#", 1)[0]
            if target.startswith(site_url) and target not in seen and not target.endswith(
                (".xml", ".gz", ".zip", ".json")
            ):
                seen.add(target)
                queue.append(target)
    yield {"pages": results, "off_origin": off_origin, "errors": errors}
    context.close()


def test_every_section_page_is_reached(crawl: dict, site_url: str) -> None:
    expected = ["", "approaches/", "working-group/", "needs-and-goals/",
                "partner-checklist/", "provider-questions/"]
    assert set(site_url + path for path in expected) <= set(crawl["pages"])


def test_no_request_leaves_the_origin(crawl: dict) -> None:
    assert crawl["off_origin"] == []


def test_no_csp_violations(crawl: dict) -> None:
    violations = {url: page["csp"] for url, page in crawl["pages"].items() if page["csp"]}
    assert violations == {}


def test_no_page_errors(crawl: dict) -> None:
    assert crawl["errors"] == []


def test_no_axe_violations(crawl: dict) -> None:
    violations = {url: page["axe"] for url, page in crawl["pages"].items() if page["axe"]}
    assert violations == {}
