"""Crawl a served site in Chromium, recording off-origin requests, CSP violations,
page errors and axe-core violations on every page reachable from the start page."""

from __future__ import annotations

from urllib.parse import urljoin, urlparse

from helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def crawl_site(browser, site_url: str, color_scheme: str = "light", **context_options) -> dict:
    """Visit every page of the site; return what each page did."""
    context = browser.new_context(color_scheme=color_scheme, **context_options)
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
    context.close()
    return {"pages": results, "off_origin": off_origin, "errors": errors}
