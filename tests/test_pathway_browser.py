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


def outline_of(page, provider: str) -> str:
    """The outline's "Referral pathway and crisis plan" cell of the agreement with
    ``provider``."""
    table = page.locator(f"{OUTLINES} table", has_text=f"Agreement with {provider}")
    row = table.locator("tr", has_text="Referral pathway and crisis plan")
    return row.inner_text() if row.count() else ""


def test_an_agreement_on_a_pathway_of_its_own_gets_its_outline_from_it(
        browser, site_url: str, tmp_path: Path) -> None:
    """Bayview works differently: its agreement gets its own steps, owners and targets on
    the page and its own crisis contact; its outline (on the page, in Markdown and in
    Word) is built from them and says so, and the other agreement keeps the district's."""
    docx = pytest.importorskip("docx", reason="python-docx is in the test extras")
    context = browser.new_context(accept_downloads=True, service_workers="block")
    page = context.new_page()
    errors = helpers.watch_errors(page)
    try:
        seed(page, site_url, json.loads(FULL.read_text()))
        page.goto(site_url + "partnerships/")
        page.wait_for_selector(READY, timeout=60_000)
        entry = page.locator("#ws-agreements [data-repeat-item]", has_text="Bayview")
        note = entry.locator("[data-item-note]")
        note.filter(has_text="Follows the district's referral pathway").wait_for()
        entry.get_by_label("This provider follows a referral pathway of its own").check()
        note.filter(has_text="no steps are entered yet").wait_for()
        assert "Missing: for its own referral pathway, the steps of the referral pathway " \
               "(in this agreement's entries)" in poll(
                   page, lambda: outline_of(page, "Bayview"), what="Bayview's outline")
        add = entry.get_by_role("button", name="Add a step")
        steps = entry.locator("[data-table=pathway_steps] tbody > tr[data-row-id]")
        for name, school, provider, days in (
                ("The counselor phones the referral to Bayview's intake line",
                 "School counselor", "Intake line", "1"),
                ("First appointment at Bayview's clinic", "Principal", "Clinician", "4")):
            add.click()
            page.keyboard.type(name)  # the new step's first box has the focus
            row = steps.last
            row.locator("[data-name$='.school_owner']").fill(school)
            row.locator("[data-name$='.provider_owner']").fill(provider)
            row.locator("[data-name$='.days']").fill(days)
            row.locator("[data-name$='.wait']").check()
        entry.locator("[data-name$='.crisis_school']").fill("Bayview's on-call supervisor")
        note.filter(has_text="Follows a pathway of its own: 2 steps, target 5 school days."
                    ).wait_for()
        assert poll(page, lambda: "on-call supervisor" in outline_of(page, "Bayview"),
                    what="Bayview's crisis contact in its outline")
        text = outline_of(page, "Bayview")
        for expected in (
                "This outline uses this provider's own referral pathway, set out in this "
                "agreement's entries, not the district's.",
                "1. The counselor phones the referral to Bayview's intake line (school: "
                "School counselor; provider: Intake line; 1 school day)",
                "2. First appointment at Bayview's clinic (school: Principal; provider: "
                "Clinician; 4 school days)",
                "Target from referral to a first appointment: 5 school days.",
                "Crisis plan, call at the school: Bayview's on-call supervisor",
                "Crisis plan, local mobile crisis team: County mobile crisis team"):
            assert expected in text, expected
        assert "Missing:" not in text
        lakeside = outline_of(page, "Lakeside")
        assert "This outline uses the district's referral pathway" in lakeside
        assert "Target from referral to a first appointment: 10 school days." in lakeside
        roles = helpers.output_text(page, "referral-pathway", "roles", "rely on")
        assert "step 2 of the pathway Bayview Community Mental Health Services follows" in roles
        saved = helpers.saved_values(page, "agreements", lambda values: any(
            len(item.get("pathway_steps") or []) == 2 and item.get("crisis_school")
            for item in values["agreements"]))
        [bayview] = [item for item in saved["agreements"] if item["own_pathway"]]
        assert [row["days"] for row in bayview["pathway_steps"]] == ["1", "4"]

        markdown = save(page, tmp_path, "Download the outlines (Markdown)").read_text(
            encoding="utf-8").replace("\\", "")
        bayview_part = markdown.split("## Agreement with Bayview", 1)[1]
        for expected in ("This outline uses this provider's own referral pathway",
                         "2. First appointment at Bayview's clinic (school: Principal; "
                         "provider: Clinician; 4 school days)",
                         "Target from referral to a first appointment: 5 school days.",
                         "Crisis plan, call at the school: Bayview's on-call supervisor"):
            assert expected in bayview_part, expected
        word = docx.Document(str(save(page, tmp_path, "Download the outlines (Word, .docx)")))
        texts = [p.text for p in word.paragraphs]
        at = texts.index("Agreement with Bayview Community Mental Health Services")
        after = "\n".join(texts[at:])
        for expected in ("This outline uses this provider's own referral pathway",
                         "1. The counselor phones the referral to Bayview's intake line",
                         "Target from referral to a first appointment: 5 school days.",
                         "Crisis plan, call at the school: Bayview's on-call supervisor"):
            assert expected in after, expected
    finally:
        context.close()
    assert errors == []


def save(page, tmp_path: Path, button: str) -> Path:
    """Download with the button named ``button``; the saved file."""
    with page.expect_download() as event:
        page.get_by_role("button", name=button).click()
    path = tmp_path / event.value.suggested_filename
    event.value.save_as(path)
    return path
