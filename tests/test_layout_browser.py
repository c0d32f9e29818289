"""Room for the worksheets: with entries of realistic length, no page scrolls sideways at
1280, 1024, 390 or 320 px (WCAG 1.4.10), no table is wider than its box, and no control
sits outside the box that holds it; with every result, chart and card drawn, axe finds
nothing in light or dark at desktop and phone widths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawling import axe_violations, switch_scheme
from helpers import READY, poll, seed, watch_errors

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
WIDTHS = (1280, 1024, 390, 320)

# What overflows, as text: the page's own width, tables wider than their box, and
# controls whose edges pass the nearest box that clips or scrolls them (or the window).
OVERFLOWS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`page is ${doc.scrollWidth} px wide`);
  const boxes = ".ws-table-scroll, .ws-output__table, .tk-report__table, .md-typeset__table";
  for (const box of document.querySelectorAll(boxes)) {
    const table = box.querySelector(":scope > table");
    if (box.offsetParent && table && table.scrollWidth > box.clientWidth + 1) {
      problems.push(`table "${(table.caption || table.rows[0]).textContent.trim().slice(0, 40)}"` +
        ` is ${table.scrollWidth} px in a ${box.clientWidth} px box`);
    }
  }
  const clipper = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      if (/(auto|scroll|hidden)/.test(getComputedStyle(node).overflowX)) return node;
    }
    return null;
  };
  const controls = ".md-content :is(input, textarea, select, button, a.md-button)";
  for (const el of document.querySelectorAll(controls)) {
    const r = el.getBoundingClientRect();
    if (!el.offsetParent || r.width === 0 || getComputedStyle(el).opacity === "0") continue;
    const holder = clipper(el);
    const box = holder ? holder.getBoundingClientRect() : { left: 0, right: window.innerWidth };
    if (r.left < box.left - 1 || r.right > box.right + 1) {
      const name = el.id || el.textContent.trim().slice(0, 20);
      const span = (a) => `${Math.round(a.left)}-${Math.round(a.right)}`;
      problems.push(`${el.tagName.toLowerCase()}#${name} spans ${span(r)} outside ${span(box)}`);
    }
  }
  return problems;
}"""

DRAWN = """() => !document.querySelector('[data-output][data-status=pending]')
  && !document.querySelector('[data-report]:not(:has([data-report-actions]:not([hidden])))')"""


def pages(site_dir: Path) -> list[str]:
    """Every page holding a worksheet, the start page, the full report and the board
    brief."""
    placements = json.loads((site_dir / "assets/toolkit/worksheets.json").read_text())["placements"]
    return sorted({p["page"] for p in placements} | {"report/", "board-brief/"})


def test_pages_list_every_worksheet_page(site_dir: Path) -> None:
    assert {"", "working-group/", "needs-and-goals/", "partner-checklist/", "report/",
            "board-brief/"} <= set(pages(site_dir))
    assert (site_dir / "board-brief" / "index.html").is_file()


@pytest.fixture(scope="module")
def full_plan(browser, site_url: str) -> Iterator:
    """One context for the pages checked with the full plan: its storage holds the plan,
    and the runtime the first page fetched is at hand for the next."""
    context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900},
                                  color_scheme="light")
    page = context.new_page()
    seed(page, site_url, FULL.read_text())
    page.close()
    yield context
    context.close()


@pytest.mark.parametrize("page_path", ["", "approaches/", "working-group/", "needs-and-goals/",
                                       "partner-checklist/", "provider-questions/",
                                       "partnerships/", "report/", "board-brief/"])
def test_nothing_scrolls_sideways(full_plan, site_url: str, site_dir: Path,
                                  page_path: str) -> None:
    assert page_path in pages(site_dir)
    page = full_plan.new_page()
    errors = watch_errors(page)
    try:
        page.goto(site_url + page_path)
        page.wait_for_selector(READY, state="attached", timeout=60_000)
        assert poll(page, lambda: page.evaluate(DRAWN), what="every result drawn")
        found: list[str] = []

        def fits() -> bool:
            found[:] = page.evaluate(OVERFLOWS)
            return not found

        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            try:
                assert poll(page, fits, timeout_s=5,
                            what=f"{page_path or 'start page'} fits {width} px")
            except AssertionError:
                raise AssertionError(f"at {width} px on /{page_path}: {found[:6]}") from None
            if width in (1280, 390):
                assert axe_violations(page) == [], f"axe at {width} px, light, /{page_path}"
                switch_scheme(page, "dark")
                assert axe_violations(page, colours_only=True) == [], (
                    f"axe at {width} px, dark, /{page_path}")
                switch_scheme(page, "light")
    finally:
        page.close()
    assert errors == []


def test_row_labels_read_whole_and_stay_one_line(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "needs-and-goals/")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    hidden_text = page.evaluate("""() => [...document.querySelectorAll("textarea.ws-line")]
        .filter((box) => box.offsetParent && box.scrollHeight > box.clientHeight + 1)
        .map((box) => box.value)""")
    assert hidden_text == []
    source = page.locator("#w-needs-estimate--sources--referrals--source")
    assert "Referrals for mental health support or services" == source.input_value()
    one_line = source.bounding_box()["height"]
    source.fill("")
    source.press_sequentially("School nurse")
    source.press("Enter")
    source.press_sequentially(" visits")
    assert source.input_value() == "School nurse visits"
    page.evaluate("""() => {
        const box = document.querySelector("#w-needs-estimate--sources--referrals--source");
        box.value = "Counselor\\nreferrals";
        box.dispatchEvent(new Event("input", {bubbles: true})); }""")
    assert source.input_value() == "Counselor referrals"
    source.fill("Referrals from teachers, staff, families and students themselves, "
                "counted once per student per school year across every school in the district")
    assert poll(page, lambda: source.bounding_box()["height"] > one_line * 1.5,
                what="the box grows with a long label")


def test_entries_menu_folds_by_keyboard(page, site_url: str) -> None:
    page.goto(site_url + "needs-and-goals/")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    menu = page.locator(".tk-bar__more")
    assert not page.locator("[data-action=clear]").is_visible()  # folded: never primary
    menu.locator(":scope > summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-action=clear]").is_visible()
    page.keyboard.press("Tab")  # into the menu: the import button's file box
    page.keyboard.press("Escape")
    assert not menu.evaluate("(details) => details.open")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.locator("h1").click()  # a click elsewhere folds it too
    assert not menu.evaluate("(details) => details.open")
    assert "ws-button--quiet" in page.get_attribute("[data-action=clear]", "class")


def test_a_table_added_later_fits_too(page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "partner-checklist/")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    page.click("[data-add-item=checklists]")
    grid = page.locator("#ws-partner-checklist [data-repeat-item] .ws-table-scroll").first
    assert poll(page, lambda: "ws-cards" in (grid.get_attribute("class") or ""),
                what="the new checklist's ratings grid shown as cards")
    assert page.evaluate(OVERFLOWS) == []


def test_a_table_that_starts_empty_fits_once_a_row_is_added(page, site_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + "needs-and-goals/")
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    table = page.locator('[data-table="group_enrollment"]')
    box = table.locator(".ws-table-scroll")
    assert "ws-cards" not in (box.get_attribute("class") or "")  # its header fits
    table.locator("button", has_text="Add a group").click()
    assert poll(page, lambda: "ws-cards" in (box.get_attribute("class") or ""),
                what="the enrollment table shown as cards once it has a row")
    assert page.evaluate(OVERFLOWS) == []


def test_the_next_step_puts_the_cursor_in_its_worksheet(page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_selector(READY, state="attached", timeout=60_000)
    go = page.locator("[data-next-link]")
    assert poll(page, lambda: go.inner_text() == "Start: Your district", what="next step")
    go.click()
    page.keyboard.type("Riverside Unified")  # typing goes to the field, not the search
    assert page.input_value("#w-district--name") == "Riverside Unified"
    assert poll(page, lambda: go.inner_text() == "Start: Weigh the three approaches",
                what="the next step moves on")
    go.click()
    # The theme's anchor tracking may rewrite the fragment as the page scrolls, so only
    # the page is waited for; the cursor is what a person relies on.
    page.wait_for_url(lambda url: "/approaches/" in url)
    assert poll(page, lambda: page.evaluate(
        "document.activeElement.closest('#ws-approaches') !== null"),
        what="the cursor in the approaches worksheet")
