"""An agreement's provider in Chromium: picked from the providers the checklists name, its
verdict stated in the outline, a new name said plainly; the outline readable at 390 px
and kept as a table on a wide screen and on paper."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import READY, poll, seed

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
PROVIDERS = ["Lakeside Family Counseling Center", "Bayview Community Mental Health Services",
             "Horizon Telehealth for Youth",
             "Eastside Youth and Family Clinic (Federally Qualified Health Center)"]
#: Each cell of the outline's first table: its left edge and width, in CSS px.
CELLS = """() => [...document.querySelectorAll(
    '#ws-agreements [data-output=outlines] .ws-output__table table tbody > tr > *')]
    .map((cell) => { const box = cell.getBoundingClientRect();
                     return [cell.tagName, Math.round(box.left), Math.round(box.width)]; })"""


def test_a_provider_picked_from_the_checklists_states_its_verdict_readably_on_a_phone(
        page, site_url: str) -> None:
    state = json.loads(FULL.read_text())
    del state["worksheets"]["agreements"]  # the checklists and the packet's contact stay
    page.set_viewport_size({"width": 390, "height": 844})
    seed(page, site_url, state)
    page.goto(site_url + "partnerships/")
    page.wait_for_selector(READY, timeout=60_000)
    page.get_by_role("button", name="Add an agreement").click()
    box = page.get_by_label("Provider", exact=True)
    # The box offers the providers the checklists name (two checklists each), once each.
    offered = poll(page, lambda: box.evaluate(
        "(input) => [...(input.list?.options ?? [])].map((option) => option.value)"),
        what="the provider box's list of suggestions")
    assert offered == PROVIDERS
    box.fill(offered[1])  # what picking it from the list types
    outlines = page.locator("#ws-agreements [data-output=outlines]")
    judged = outlines.locator("td", has_text="The working group chose")
    judged.wait_for()
    assert judged.inner_text() == (
        "The working group chose “Exceeds district needs”.\nThe ratings suggest “Does not "
        "meet district needs” instead (must-have rated below Agree: “Services are not cost "
        "prohibitive for students and families” and “Follows confidentiality and "
        "data-privacy policies that fit the district's”).")
    parties = outlines.locator("td", has_text="The district's contact for providers")
    assert "Priya Raman, coordinator of student support, 555-0142" in parties.inner_text()
    # At 390 px each part's title stands above its text, and the text is the box's width.
    cells = page.evaluate(CELLS)
    texts = [width for tag, _left, width in cells if tag == "TD"]
    assert texts and min(texts) >= 300, cells
    assert all(left == cells[0][1] for _tag, left, _width in cells), cells
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    # A name no checklist holds is kept as typed and said plainly, not as a form error.
    box.fill("Lakeview FHC")
    said = outlines.locator("td", has_text="No checklist names “Lakeview FHC” yet")
    said.wait_for()
    assert said.inner_text() == ("No checklist names “Lakeview FHC” yet: rate it in "
                                 "“Provider checklists” before agreeing, or pick a provider "
                                 "the checklists name.")
    # On a wide screen, and on paper at any width, the outline stays a table.
    page.emulate_media(media="print")
    th, td = page.evaluate(CELLS)[:2]
    assert td[1] > th[1], (th, td)
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 900})

    def side_by_side() -> list | None:
        first = page.evaluate(CELLS)[:2]
        return first if first[1][1] > first[0][1] else None
    th, td = poll(page, side_by_side, what="the outline side by side at 1280 px")
    assert td[2] > 600, (th, td)
