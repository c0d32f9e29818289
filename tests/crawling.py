"""Crawl a served site in Chromium, recording off-origin requests, CSP violations,
page errors and axe-core violations on every page reachable from the start page; and
axe-core and the palette switch for other tests."""

from __future__ import annotations

import functools
from urllib.parse import urljoin, urlparse

from helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: The axe rules whose result depends on the colours: all a second palette can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page, colours_only: bool = False) -> list[str]:
    """axe-core's WCAG 2.1 AA violations on the page (with ``colours_only``, of the rules
    that depend on the colours)."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(_axe_source())
    only = {"type": "rule", "values": COLOUR_RULES} if colours_only else {
        "type": "tag", "values": AXE_TAGS}
    found = page.evaluate("(only) => axe.run(document, {runOnly: only})", only)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in found["violations"]]


def axe_violations_within(page, selector: str, colours_only: bool = False) -> list[str] | None:
    """axe-core's WCAG 2.1 AA violations inside the first element matching ``selector``
    (with ``colours_only``, of the rules that depend on the colours); None when the page
    drew that element again while axe ran (check again)."""
    if not page.evaluate("() => typeof axe === 'object'"):
        page.evaluate(_axe_source())
    only = {"type": "rule", "values": COLOUR_RULES} if colours_only else {
        "type": "tag", "values": AXE_TAGS}
    found = page.evaluate("""async ([selector, only]) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        const result = await axe.run(element, {runOnly: only});
        return element.isConnected ? result : null;
    }""", [selector, only])
    if found is None:
        return None
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})"
            for v in found["violations"]]


def switch_scheme(page, to: str) -> None:
    """Switch the palette the way a reader does, with the header's button."""
    name, scheme = {"dark": ("Switch to dark mode", "slate"),
                    "light": ("Switch to light mode", "default")}[to]
    page.get_by_title(name).click()
    page.wait_for_selector(f"body[data-md-color-scheme={scheme}]", state="attached")


def crawl_site(browser, site_url: str, dark: bool = False, axe: bool = True,
               **context_options) -> dict:
    """Visit every page of the site; return what each page did. With ``dark``, each page
    is checked again with axe's colour rules in the dark palette; without ``axe``, axe is
    not run (the pages' "axe" is None)."""
    context = browser.new_context(color_scheme="light", **context_options)
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
        results[url] = {"csp": page.evaluate("window.__cspViolations"),
                        "axe": axe_violations(page) if axe else None}
        if dark:
            switch_scheme(page, "dark")
            results[url]["axe_dark"] = axe_violations(page, colours_only=True)
            switch_scheme(page, "light")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = urljoin(url, href).split("#", 1)[0]
            if target.startswith(site_url) and target not in seen and not target.endswith(
                (".xml", ".gz", ".zip", ".json")
            ):
                seen.add(target)
                queue.append(target)
    context.close()
    return {"pages": results, "off_origin": off_origin, "errors": errors}
