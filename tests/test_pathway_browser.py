"""The referral pathway in Chromium: a pathway filled on the page reaches the agreement
outline on the page and in its downloaded file."""

from __future__ import annotations

import json
from pathlib import Path

import helpers
import pytest
from helpers import READY, poll, saved_state

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
SHEET = "#ws-referral-pathway"
OUTLINES = "#ws-agreements [data-output=outlines]"


def seed(page, site_url: str, state: dict) -> None:
    helpers.seed(page, site_url, state)


def cell(page, row: str, column: str):
    return page.locator(f"{SHEET} [data-name='steps.{row}.{column}']")


def part_text(page) -> str:
    """The outline's "Referral pathway and crisis plan" cell of the first agreement."""
    row = page.locator(f"{OUTLINES} table").first.locator(
        "tr", has_text="Referral pathway and crisis plan")
    return row.inner_text() if row.count() else ""


def test_a_pathway_filled_on_the_page_reaches_the_agreement_outline(
        browser, site_url: str, tmp_path: Path) -> None:
    state = json.loads(FULL.read_text())
    del state["worksheets"]["referral-pathway"]  # the agreements and the plan stay
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        seed(page, site_url, state)
        page.goto(site_url + "partnerships/")
        page.wait_for_selector(READY, timeout=60_000)
        target = page.locator(f"{SHEET} [data-output=target] .ws-output__text")
        target.filter(has_text="No target yet").wait_for()
        assert poll(page, lambda: "Missing: the steps of the referral pathway"
                    not in part_text(page) and "Missing: " in part_text(page),
                    what="the outline asks for the pathway")
        assert "a complete crisis plan" in part_text(page)
        for row, school, provider, days in (
                ("referral", "School counselor", "Intake coordinator", "2"),
                ("first-contact", "", "Intake coordinator", "3"),
                ("first-appointment", "School counselor", "Assigned clinician", "5")):
            if school:
                cell(page, row, "school_owner").fill(school)
            cell(page, row, "provider_owner").fill(provider)
            cell(page, row, "days").fill(days)
        target.filter(has_text="10 school days from referral to a first appointment").wait_for()
        page.locator(f"{SHEET} [data-name=crisis_school]").fill("The principal")
        page.locator(f"{SHEET} [data-name=crisis_mobile]").fill("County mobile crisis team")
        assert poll(page, lambda: "local mobile crisis team: County mobile crisis team"
                    in part_text(page), what="the last entry in the outline")
        text = part_text(page)
        for expected in ("Target from referral to a first appointment: 10 school days",
                         "4. The school sends the referral to the provider (school: School "
                         "counselor; provider: Intake coordinator; 2 school days)",
                         "Crisis plan, call at the school: The principal",
                         "Crisis plan, local mobile crisis team: County mobile crisis team",
                         "a complete crisis plan (still missing: what the "
                         "provider on site does"):
            assert expected in text, expected
        link = page.locator(f"{OUTLINES} .ws-output__links a",
                            has_text="Referral pathway and crisis plan")
        assert link.get_attribute("href").endswith("/partnerships/#ws-referral-pathway")
        saved = poll(page, lambda: ((saved_state(page) or {}).get("worksheets", {}).get(
            "referral-pathway") or {}).get("crisis_mobile"), what="the pathway saved")
        assert saved == "County mobile crisis team"
        with page.expect_download() as event:
            page.get_by_role("button", name="Download the outlines (Markdown)").click()
        path = tmp_path / event.value.suggested_filename
        event.value.save_as(path)
        markdown = path.read_text(encoding="utf-8").replace("\\", "")
        for expected in ("### Referral pathway and crisis plan",
                         "Target from referral to a first appointment: 10 school days.",
                         "provider: Intake coordinator; 3 school days",
                         "Crisis plan, local mobile crisis team: County mobile crisis team"):
            assert expected in markdown, expected
    finally:
        context.close()
