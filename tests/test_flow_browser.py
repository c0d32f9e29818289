"""The referral pathway's diagram in Chromium, on the full report and the board brief:
drawn from the full plan at a desktop's and a phone's width, in the light and the dark
palette, with no axe-core violation, no sideways scrolling, and its steps read in order
by screen readers from the list that stands for the drawing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from crawling import axe_violations_within, switch_scheme
from helpers import READY, poll, seeded_page

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
FIGURE = "figure.tk-flow"


@pytest.fixture(scope="module", params=[1280, 390], ids=["desktop", "phone"])
def width_context(browser, request) -> Iterator:
    """A context at a desktop's or a phone's width, service workers blocked."""
    context = browser.new_context(viewport={"width": request.param, "height": 900},
                                  service_workers="block", color_scheme="light")
    yield context
    context.close()


@pytest.fixture
def page(width_context, site_url: str) -> Iterator:
    with seeded_page(width_context, site_url, FULL.read_text()) as page:
        yield page


def axe_clean(page, colours_only: bool = False) -> list[str]:
    """The diagram's axe violations, checked again if the page drew it anew meanwhile."""
    def run() -> tuple[list[str]] | None:
        found = axe_violations_within(page, FIGURE, colours_only)
        return None if found is None else (found,)
    return poll(page, run, 30, "axe ran on the diagram")[0]


@pytest.mark.parametrize(("path", "first", "steps"), [
    ("report/", "A concern is identified: a screener", 9),
    ("board-brief/", "The school sends the referral to the provider.", 3),
])
def test_the_diagram_passes_axe_in_both_palettes_and_reflows(
        page, site_url: str, path: str, first: str, steps: int) -> None:
    page.goto(site_url + path)
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-report-actions]:not([hidden])").wait_for()
    figure = page.locator(FIGURE).first
    figure.wait_for()
    # Screen readers: the figure is named by its title, the drawing is hidden, and the
    # list under it says every step in order, whole.
    assert page.locator(f"{FIGURE} .tk-flow__steps").first.get_attribute("aria-hidden") == "true"
    words = figure.locator("ol.tk-flow__words > li").all_inner_texts()
    assert len(words) == steps and words[0].startswith(first), words
    assert page.locator(f"{FIGURE} .tk-flow__box").count() == steps
    assert page.locator(f"{FIGURE} .tk-flow__arrow").count() == steps - 1
    assert axe_clean(page) == []
    # No sideways scrolling, the phone's width included (WCAG 1.4.10).
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    boxes = page.locator(f"{FIGURE} .tk-flow__box").evaluate_all(
        "(boxes) => boxes.map((b) => b.getBoundingClientRect().right)")
    assert max(boxes) <= page.viewport_size["width"]
    switch_scheme(page, "dark")
    assert axe_clean(page, colours_only=True) == []
    switch_scheme(page, "light")
