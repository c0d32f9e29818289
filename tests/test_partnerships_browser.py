"""Agreements and check-ins in Chromium: an outline typed, downloaded and printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import (
    READY,
    field_id,
    output_text,
    pdf_words,
    press_at,
    reload,
    saved_values,
    seed,
    type_at,
)

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"


def test_an_outline_typed_in_the_page_downloads_with_the_goal_and_the_owners(
        page, site_url: str, tmp_path: Path) -> None:
    state = json.loads(FULL.read_text())
    del state["worksheets"]["agreements"]  # the plan, the goal and the verdicts stay
    seed(page, site_url, state)
    page.goto(site_url + "partnerships/")
    page.wait_for_selector(READY, timeout=60_000)
    outlines = page.locator("#ws-agreements [data-output=outlines]")
    outlines.locator(".ws-output__text", has_text="No agreements yet").wait_for()
    assert "Bayview Community Mental Health Services" in outlines.inner_text()
    page.get_by_role("button", name="Add an agreement").click()
    page.get_by_label("Provider", exact=True).fill("Lakeside Family Counseling Center")
    page.get_by_label("The district's lead for this partnership").fill("Priya Raman")
    outlines.locator(".ws-output__text", has_text="1 agreement outline").wait_for()
    table = outlines.locator("table")
    assert "from 610 to 763 students" in table.inner_text()
    link = outlines.locator(".ws-output__links a", has_text="Agreement outlines")
    assert link.get_attribute("href").endswith("/partnerships/#ws-agreements")
    with page.expect_download() as event:
        page.get_by_role("button", name="Download the outlines (Markdown)").click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    text = saved.read_text(encoding="utf-8").replace("\\", "")
    for expected in ("## Agreement with Lakeside Family Counseling Center",
                     "from 610 to 763 students", "District lead: Priya Raman",
                     "Dr. Maria Gonzalez-Whitfield", "Jordan Okafor", "not legal text",
                     "Missing: the provider's contact"):
        assert expected in text, expected


def test_the_printed_page_holds_the_outline_and_the_check_in_chart(
        page, site_url: str) -> None:
    seed(page, site_url, json.loads(FULL.read_text()))
    page.goto(site_url + "partnerships/")
    page.wait_for_selector(READY, timeout=60_000)
    pace = page.locator("#ws-check-ins [data-output=pace]")
    pace.locator("svg[role=img]").wait_for()
    assert "40 of the goal's 153 more students" in pace.inner_text()
    text = pdf_words(page.pdf(format="Letter"))
    for expected in ("Agreement with Lakeside Family Counseling Center",
                     "Information sharing: questions to settle with counsel",
                     "Students who started care and the goal", "40 started care",
                     "33 on pace",
                     "Goal by August 31, 2027", "Send consent forms home"):
        assert expected in text, expected
    assert "Fill in:" not in text, "links to fill in are for the screen"


def test_a_check_in_by_keyboard_counts_toward_the_goal(page, site_url: str) -> None:
    state = json.loads(FULL.read_text())
    del state["worksheets"]["check-ins"]  # the goal (153 more students) stays
    seed(page, site_url, state)
    page.goto(site_url + "partnerships/")
    page.wait_for_selector(READY, timeout=60_000)
    table = "#w-check-ins--checkins"
    first = {"date": "02022027", "partner": "Lakeside", "referred": "24", "seen": "18",
             "wait": "9"}
    for column, text in first.items():
        type_at(page, field_id(table, "checkin-1", column), text)
    press_at(page, "#ws-check-ins [data-add-row=checkins]")  # focus: the new row
    page.keyboard.type("03022027")
    added = page.locator(f"{table} tbody > tr").nth(1).get_attribute("data-row-id")
    for column, text in {"partner": "Lakeside", "referred": "31", "seen": "22"}.items():
        type_at(page, field_id(table, added, column), text)
    text = output_text(page, "check-ins", "pace", "40 of the goal's 153 more students")
    assert "started care by March 2, 2027" in text
    saved_values(page, "check-ins", lambda v: len(v["checkins"]) == 2
                 and v["checkins"][1]["seen"] == "22")
    reload(page)
    output_text(page, "check-ins", "pace", "40 of the goal's 153 more students")
