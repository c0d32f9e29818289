"""The planning worksheets in Chromium: completed by keyboard alone, kept across a reload,
printed to PDF with every entry, and the plan's CSV and calendar downloads."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import icalendar
import pytest
from helpers import (
    field_id,
    output_text,
    pdf_text,
    press_at,
    reload,
    saved_values,
    seed,
    start,
    tab_to,
    type_at,
    watch_errors,
)

pytestmark = pytest.mark.browser

NOW = "2025-10-01T10:00:00"  # "today" for the plan, in the browser's own time zone
WG = "#w-working-group--members"
PLAN = "#w-project-plan"
NEXT = "#w-next-steps--steps"
CONTROLS = ["Export all entries", "Download this table (CSV)", "Add a step", "Add a member",
            "Add a task", "Download the plan as a spreadsheet (CSV)", "Clear data on this device"]


@pytest.fixture(scope="module")
def context(browser) -> Iterator:
    """One browser context for the module, its clock fixed at :data:`NOW`."""
    ctx = browser.new_context(accept_downloads=True, locale="en-US",
                              timezone_id="America/Chicago")
    ctx.clock.set_fixed_time(NOW)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def page(context) -> Iterator:
    """One page for the module; it fails if the page threw an uncaught error."""
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    assert errors == []


# ---- Keyboard only --------------------------------------------------------------------


def tick(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Space")


def date_at(page, selector: str, iso: str) -> None:
    """Type a date into a date box the way a person does: mm, dd, yyyy."""
    year, month, day = iso.split("-")
    type_at(page, selector, month + day + year)
    assert page.input_value(selector) == iso


def choose(page, first_option: str, moves: int) -> None:
    """Choose in a group of round buttons with none chosen yet: Tab reaches its first
    option only; each arrow press moves to the next option and chooses it."""
    tab_to(page, first_option)
    if moves == 0:
        page.keyboard.press("Space")
    for _ in range(moves):
        page.keyboard.press("ArrowRight")


def new_row_id(page, table: str, index: int) -> str:
    return page.locator(f"{table} tbody > tr").nth(index).get_attribute("data-row-id")




# ---- Printing ----------------------------------------------------------------------------


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


CLIPPED = """(scope) => [...document.querySelectorAll(
    `${scope} input[type=text], ${scope} textarea`)].filter((el) => el.value && (
    el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
    .map((el) => el.id)"""
SHOWN = """(selector) => [...document.querySelectorAll(selector)]
    .filter((el) => el.getClientRects().length).map((el) => el.outerHTML.slice(0, 80))"""


def printed(page, worksheet: str, tmp_path: Path, entries: list[str]) -> str:
    """Print the page to PDF; check the worksheet's entries are all there and readable."""
    page.emulate_media(media="print")
    try:
        clipped = page.evaluate(CLIPPED, f"#ws-{worksheet}")
        assert clipped == [], "text cut off in print"
        controls = page.evaluate(SHOWN, "button, .tk-bar, .md-header, .md-sidebar, .md-footer")
        assert controls == [], "controls or navigation would print"
    finally:
        page.emulate_media(media="null")  # page.pdf() then uses print media itself
    data = page.pdf()
    (tmp_path / f"{worksheet}.pdf").write_bytes(data)
    text = pdf_text(data)
    flat = squeeze(text)
    for entry in entries:
        assert squeeze(entry) in flat, f"{entry!r} is not in the printed {worksheet}"
    for control in CONTROLS:
        assert squeeze(control) not in flat, f"the button {control!r} was printed"
    return text


# ---- The worksheets -------------------------------------------------------------------


def test_approaches_by_keyboard_reload_and_print(page, site_url: str, tmp_path: Path) -> None:
    start(page, site_url, "approaches/")
    a = "#w-approaches"
    type_at(page, field_id(f"{a}--partner", "labor-market", "notes"),
            "Two clinics near us bill Medicaid; few take new clients.")
    page.keyboard.press("Tab")  # into the row's Poor / Mixed / Good choice
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # arrows choose as they move: Good
    choose(page, field_id(f"{a}--partner", "flexibility", "fit--poor"), 0)
    type_at(page, field_id(f"{a}--contract", "quality", "notes"), "We can write incentives in.")
    choose(page, field_id(f"{a}--contract", "quality", "fit--poor"), 2)  # Good
    tick(page, f"{a}--chosen--partner")
    tick(page, f"{a}--chosen--contract")
    type_at(page, f"{a}--rationale", "Partners now;\ncontract for the acute needs.")

    assert "You chose to combine 2 approaches" in output_text(page, "approaches", "mix", "combine")
    for_against = output_text(page, "approaches", "for-against", "For your choice: 2")
    assert "Against it: 1 rated a poor fit" in for_against
    assert "Contract: Quality and accountability" in for_against
    saved_values(page, "approaches", lambda v: v.get("rationale", "").endswith("needs."))

    reload(page)
    assert page.input_value(field_id(f"{a}--partner", "labor-market", "notes")).startswith(
        "Two clinics")
    assert page.is_checked(field_id(f"{a}--partner", "labor-market", "fit--good"))
    assert page.is_checked(field_id(f"{a}--partner", "flexibility", "fit--poor"))
    assert page.is_checked(f"{a}--chosen--contract")
    assert not page.is_checked(f"{a}--chosen--employ")
    assert page.input_value(f"{a}--rationale") == "Partners now;\ncontract for the acute needs."
    output_text(page, "approaches", "mix", "combine")

    printed(page, "approaches", tmp_path, [
        "Two clinics near us bill Medicaid; few take new clients.",
        "We can write incentives in.", "Partners now;", "contract for the acute needs.",
        "You chose to combine 2 approaches", "October 1, 2025",
    ])


def test_working_group_by_keyboard_reload_and_print(page, site_url: str,
                                                    tmp_path: Path) -> None:
    start(page, site_url, "working-group/")
    head = "head-of-student-support"
    type_at(page, field_id(WG, head, "name"), "Ana Ruiz")
    page.keyboard.press("Tab")
    page.keyboard.type("Chairs the group; reports to the superintendent.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # knows current services and gaps
    tick(page, field_id(WG, "social-workers", "knows_legal"))
    press_at(page, "#ws-working-group [data-add-row=members]")  # focus moves to the new row
    page.keyboard.type("Family liaison")
    page.keyboard.press("Tab")
    page.keyboard.type("Lee Park")
    added = new_row_id(page, WG, 4)
    tick(page, field_id(WG, added, "represents_families"))
    press_at(page, f"{WG} tr[data-row-id='{added}'] [data-move-row=up]")

    coverage = output_text(page, "working-group", "coverage", "2 of 5")
    assert "Who has relationships with community organizations?" in coverage
    assert "Who represents school-based staff?" in coverage
    assert "Who represents families?" not in coverage
    values = saved_values(page, "working-group",
                          lambda v: [r["row_id"] for r in v["members"]][3] == added)
    assert values["members"][3]["name"] == "Lee Park"

    reload(page)
    rows = page.locator(f"{WG} tbody > tr")
    assert rows.count() == 5
    assert rows.nth(3).get_attribute("data-row-id") == added
    assert page.input_value(field_id(WG, added, "position")) == "Family liaison"
    assert page.input_value(field_id(WG, head, "roles")).startswith("Chairs the group")
    assert page.is_checked(field_id(WG, added, "represents_families"))
    output_text(page, "working-group", "coverage", "2 of 5")

    printed(page, "working-group", tmp_path, [
        "Ana Ruiz", "Chairs the group; reports to the superintendent.", "Family liaison",
        "Lee Park", "Other licensed provider(s) in the district",
        "Who represents school-based staff?",
    ])


def test_project_plan_by_keyboard_reload_and_print(page, site_url: str,
                                                   tmp_path: Path) -> None:
    start(page, site_url, "working-group/")
    roadmap, outreach = f"{PLAN}--roadmap", f"{PLAN}--outreach"
    agreements = f"{PLAN}--agreements"
    tick(page, field_id(roadmap, "gather-working-group", "done"))
    type_at(page, field_id(roadmap, "gather-working-group", "owner"), "Ana")
    date_at(page, field_id(roadmap, "gather-working-group", "deadline"), "2025-09-15")
    type_at(page, field_id(roadmap, "contact-health-department", "owner"), "Ben")
    date_at(page, field_id(roadmap, "contact-health-department", "deadline"), "2025-09-20")
    press_at(page, f"{outreach} tr[data-row-id='begin-outreach'] [data-remove-row]")
    press_at(page, "#ws-project-plan [data-add-row=agreements]")  # focus: the new step box
    page.keyboard.type("Brief the school board")
    page.keyboard.press("Tab")
    page.keyboard.type("Cam")
    page.keyboard.press("Tab")
    page.keyboard.type("10032025")
    added = new_row_id(page, agreements, 3)
    assert page.input_value(field_id(agreements, added, "deadline")) == "2025-10-03"
    press_at(page, f"{agreements} tr[data-row-id='{added}'] [data-move-row=up]")
    type_at(page, f"{PLAN}--checkin-with", "Valley Health")
    date_at(page, f"{PLAN}--checkin-start", "2025-10-01")
    choose(page, f"{PLAN}--checkin-weekday--monday", 1)  # Tuesday
    choose(page, f"{PLAN}--checkin-frequency--weekly", 1)  # every two weeks

    # 15 plan steps; the next steps' starter task is counted on its own.
    progress = output_text(page, "project-plan", "progress", "The plan: 1 of 15 steps done")
    assert "Develop a roadmap and strategy\t1 of 6\t17%" in progress
    assert "Begin reaching out to new partners\t0 of 3\t0%" in progress
    assert "Establish or update agreements\t0 of 4\t0%" in progress
    overdue = output_text(page, "project-plan", "overdue", "1 step is overdue")
    assert "Reach out to your department of health" in overdue and "Ben" in overdue
    assert "11 days" in overdue
    upcoming = output_text(page, "project-plan", "upcoming",
                           "1 upcoming deadline, from October 1, 2025")
    assert "Brief the school board\tEstablish or update agreements\tCam" in upcoming
    assert "In 2 days" in upcoming
    assert "13 steps still to do have no owner yet." in output_text(
        page, "project-plan", "unowned", "no owner")
    assert ("The calendar file holds 3 dated steps and a partner check-in every two weeks on "
            "Tuesday, from Tuesday, October 7, 2025, with no end date.") in output_text(
        page, "project-plan", "calendar", "every two weeks")
    saved_values(page, "project-plan", lambda v: v.get("checkin-frequency") == "every-two-weeks")

    reload(page)
    assert [r.get_attribute("data-row-id") for r in page.locator(
        f"{agreements} tbody > tr").all()] == ["assess-providers", "develop-mou", added,
                                              "finalize-agreements"]
    assert page.locator(f"{outreach} tr[data-row-id='begin-outreach']").count() == 0
    assert page.is_checked(field_id(roadmap, "gather-working-group", "done"))
    assert page.input_value(field_id(agreements, added, "step")) == "Brief the school board"
    assert page.is_checked(f"{PLAN}--checkin-weekday--tuesday")
    assert page.input_value(f"{PLAN}--checkin-start") == "2025-10-01"
    output_text(page, "project-plan", "overdue", "1 step is overdue")

    printed(page, "project-plan", tmp_path, [
        "Brief the school board", "Cam", "10/03/2025", "Valley Health", "Ben", "09/20/2025",
        "The plan: 1 of 15 steps done", "1 step is overdue", "October 1, 2025",
    ])


def test_next_steps_by_keyboard_are_tracked_beside_the_plan(page, site_url: str,
                                                            tmp_path: Path) -> None:
    start(page, site_url, "needs-and-goals/")
    first = "communicate-strategy"
    type_at(page, field_id(NEXT, first, "owner"), "Sam")
    page.keyboard.press("Tab")
    page.keyboard.type("09302025")
    press_at(page, "#ws-next-steps [data-add-row=steps]")  # focus: the new task box
    page.keyboard.type("Share the plan with principals")
    page.keyboard.press("Shift+Tab")  # back to its Done box, just before it
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Dee")
    status = output_text(page, "next-steps", "status", "1 of 2 tasks done.")
    assert "Overdue since September 30, 2025: Communicate the partnership strategy" in status
    saved_values(page, "next-steps", lambda v: len(v["steps"]) == 2 and v["steps"][1]["owner"])

    reload(page)
    assert page.input_value(field_id(NEXT, first, "deadline")) == "2025-09-30"
    added = new_row_id(page, NEXT, 1)
    assert page.is_checked(field_id(NEXT, added, "done"))
    assert page.input_value(field_id(NEXT, added, "task")) == "Share the plan with principals"
    printed(page, "next-steps", tmp_path, ["Share the plan with principals", "Dee", "Sam",
                                           "09/30/2025", "1 of 2 tasks done."])

    page.click("nav.md-nav--primary a[href$='working-group/']")  # instant navigation
    progress = output_text(page, "project-plan", "progress", "The plan: 0 of 15 steps done")
    assert "Next steps (not part of the plan)\t1 of 2\t50%" in progress
    overdue = output_text(page, "project-plan", "overdue", "1 step is overdue")
    assert "Communicate the partnership strategy" in overdue and "Next steps" in overdue


# ---- Downloads ------------------------------------------------------------------------

PLAN_STATE = {
    "project-plan": {
        "roadmap": [
            {"row_id": "gather-working-group", "done": True, "step": "Gather the group",
             "owner": "Ana", "deadline": "2025-09-15"},
            {"row_id": "r1", "done": False, "step": "Call Kim, \"Lee\"; agree fees — naïve 🙂",
             "owner": "Ben", "deadline": "2025-10-20"},
        ],
        "outreach": [], "agreements": [],
        "launch": [{"row_id": "recurring-check-ins", "done": False,
                    "step": "Schedule recurring check-ins", "owner": "", "deadline": ""}],
        "checkin-with": "Valley Health", "checkin-start": "2025-10-01",
        "checkin-weekday": "thursday", "checkin-frequency": "monthly", "checkin-until": "",
    },
    "next-steps": {"steps": [{"row_id": "communicate-strategy", "done": False,
                              "task": "Tell school leaders", "owner": "Sam",
                              "deadline": "2025-10-03"}]},
}


def download_by_keyboard(page, selector: str, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        press_at(page, selector)
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def test_plan_downloads_csv_and_ics(page, site_url: str, tmp_path: Path) -> None:
    start(page, site_url, "working-group/")
    seed(page, site_url, {"worksheets": PLAN_STATE}, opened=True)
    reload(page)
    output_text(page, "project-plan", "calendar", "first Thursday of each month")

    spreadsheet = download_by_keyboard(page, "#ws-project-plan [data-ws-action=csv]", tmp_path)
    assert spreadsheet.name == "project-plan-2025-10-01.csv"
    rows = list(csv.reader(io.StringIO(spreadsheet.read_bytes().decode("utf-8-sig"),
                                       newline="")))
    assert rows[0] == ["Phase", "Row", "Step", "Owner", "Deadline", "Done", "Status"]
    assert rows[2] == ["Develop a roadmap and strategy", "2",
                       "Call Kim, \"Lee\"; agree fees — naïve 🙂", "Ben", "2025-10-20", "No",
                       "To do"]
    assert rows[-1] == ["Next steps", "1", "Tell school leaders", "Sam", "2025-10-03", "No",
                        "To do"]

    calendar_file = download_by_keyboard(page, "#ws-project-plan [data-ws-action=ics]",
                                         tmp_path)
    assert calendar_file.name == "project-plan-2025-10-01.ics"
    data = calendar_file.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") and data.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data.decode("utf-8"))
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Done: Gather the group",
                           "Plan deadline: Call Kim, \"Lee\"; agree fees — naïve 🙂",
                           "Next step: Tell school leaders",
                           "Partner check-in with Valley Health"}
    assert all("UID" in event and "DTSTAMP" in event for event in events.values())
    series = events["Partner check-in with Valley Health"]
    assert series["DTSTART"].dt == date(2025, 10, 2)
    assert series["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=1TH"
    assert events["Next step: Tell school leaders"]["DTSTART"].dt == date(2025, 10, 3)
