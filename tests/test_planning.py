"""Planning worksheets natively: coverage, progress, overdue, ordering, check-ins, approaches."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
import yaml

from browser_py.core.computations import ACTIONS, REGISTRY, Context
from browser_py.worksheets import approaches, planning
from browser_py.worksheets.approaches import approaches_for_against, approaches_mix
from browser_py.worksheets.planning import (
    checkin_series,
    describe_series,
    next_steps_status,
    plan_calendar,
    plan_csv,
    plan_overdue,
    plan_progress,
    plan_steps,
    plan_unowned,
    plan_upcoming,
    shorten,
    working_group_coverage,
)

WORKSHEETS = Path(__file__).resolve().parent.parent / "content" / "worksheets"
TODAY = date(2025, 10, 1)


def definition(worksheet: str) -> dict:
    return yaml.safe_load((WORKSHEETS / f"{worksheet}.yml").read_text("utf-8"))


def step(text: str = "", owner: str = "", deadline: str = "", done: bool = False,
         row_id: str = "") -> dict:
    return {"row_id": row_id or text.lower().replace(" ", "-") or "blank", "step": text,
            "owner": owner, "deadline": deadline, "done": done}


def task(text: str = "", owner: str = "", deadline: str = "", done: bool = False) -> dict:
    return {"row_id": text.lower().replace(" ", "-") or "blank", "task": text, "owner": owner,
            "deadline": deadline, "done": done}


def context(next_steps: list[dict] | None = None, today: date = TODAY) -> Context:
    state = {"next-steps": {"steps": next_steps}} if next_steps is not None else {}
    return Context(state=state, today=today)


# ---- The definitions and the code agree ---------------------------------------------


def test_phase_tables_match_the_plan_definition() -> None:
    fields = {f["id"]: f for f in definition("project-plan")["fields"]}
    for field_id, _name in planning.PHASES:
        columns = [c["id"] for c in fields[field_id]["columns"]]
        assert fields[field_id]["add_rows"] is True
        assert columns == ["done", "step", "owner", "deadline"]
    assert {o["id"] for o in fields["checkin-weekday"]["options"]} <= set(
        planning.ics.WEEKDAYS)
    assert [o["id"] for o in fields["checkin-frequency"]["options"]] == list(
        planning.ics.FREQUENCIES)


def test_next_steps_definition_has_the_columns_the_plan_reads() -> None:
    (table,) = definition("next-steps")["fields"]
    assert [c["id"] for c in table["columns"]] == ["done", "task", "owner", "deadline"]
    assert len(table["starter_rows"]) == 1


def test_working_group_questions_match_the_checkbox_columns() -> None:
    (table,) = definition("working-group")["fields"]
    boxes = [c["id"] for c in table["columns"] if c["type"] == "checkbox"]
    assert boxes == list(planning.WORKING_GROUP_QUESTIONS)
    assert [r["position"] for r in table["starter_rows"]] == [
        "District head of student support", "School counselor(s)", "Social worker(s)",
        "Other licensed provider(s) in the district"]


def test_approach_tables_match_the_definition() -> None:
    fields = {f["id"]: f for f in definition("approaches")["fields"]}
    for approach, _short, _long in approaches.APPROACHES:
        assert [r["id"] for r in fields[approach]["rows"]] == [
            c for c, _name in approaches.CONSIDERATIONS]
        assert [c["id"] for c in fields[approach]["columns"]] == ["notes", "fit"]
    assert [o["id"] for o in fields["chosen"]["options"]] == [
        a for a, _s, _l in approaches.APPROACHES]


def test_every_named_function_is_registered() -> None:
    for worksheet in ("approaches", "working-group", "project-plan", "next-steps"):
        data = definition(worksheet)
        assert all(c["function"] in REGISTRY for c in data.get("computed", []))
        assert all(a["function"] in ACTIONS for a in data.get("actions", []))


# ---- Working group coverage ---------------------------------------------------------

ALL_QUESTIONS = list(planning.WORKING_GROUP_QUESTIONS)


@pytest.mark.parametrize(
    ("members", "status", "uncovered"),
    [
        ([], "incomplete", ALL_QUESTIONS),
        ([{"row_id": "a", "knows_services": True, "knows_legal": "yes"}], "incomplete",
         ALL_QUESTIONS[1:]),
        ([{"row_id": "a", **dict.fromkeys(ALL_QUESTIONS[:3], True)},
          {"row_id": "b", "represents_staff": True}], "incomplete", ["represents_families"]),
        ([{"row_id": "a", **dict.fromkeys(ALL_QUESTIONS[:2], True)},
          {"row_id": "b", **dict.fromkeys(ALL_QUESTIONS[2:], True)}], "ok", []),
        ("not a list", "incomplete", ALL_QUESTIONS),
    ],
    ids=["nobody", "one-question", "one-gap", "covered-together", "bad-shape"],
)
def test_working_group_coverage(members, status: str, uncovered: list[str]) -> None:
    output = working_group_coverage({"members": members}, Context())
    assert output.status == status
    assert output.messages == [planning.WORKING_GROUP_QUESTIONS[k] for k in uncovered]
    if uncovered:
        assert output.text.startswith(f"{len(uncovered)} of 5 guiding questions")
        assert "before the group meets" in output.text


def test_working_group_names_positions_without_a_member() -> None:
    members = [{"row_id": "a", "position": "Social worker(s)", "name": ""},
               {"row_id": "b", "position": "School counselor(s)", "name": "Dana"}]
    text = working_group_coverage({"members": members}, Context()).text
    assert "1 position has no member named yet: Social worker(s)." in text


# ---- Progress -----------------------------------------------------------------------


def test_progress_counts_the_plan_and_the_next_steps_on_their_own() -> None:
    values = {
        "roadmap": [step("A", done=True), step("B"), step("C", done=True)],
        "outreach": [step("D")],
        "agreements": [],
        "launch": [step("E", done=True), step()],  # an empty added row does not count
    }
    output = plan_progress(values, context([task("F", done=True), task("G")]))
    assert output.status == "ok"
    assert output.text == "The plan: 3 of 5 steps done (60%)."
    assert output.progress == (3, 5)
    assert output.columns == ["Phase", "Steps done", "Progress"]
    assert output.rows == [
        ["Develop a roadmap and strategy", "2 of 3", "67%"],
        ["Begin reaching out to new partners", "0 of 1", "0%"],
        ["Establish or update agreements", "No steps", "—"],
        ["Launch and assess partnerships", "1 of 1", "100%"],
        ["Whole plan", "3 of 5", "60%"],
        ["Next steps (not part of the plan)", "1 of 2", "50%"],
    ]


@pytest.mark.parametrize(
    ("values", "text", "status"),
    [
        ({}, "No steps yet: add steps to the plan.", "incomplete"),
        ({"roadmap": [step("A", done=True)]}, "All 1 step is done.", "ok"),
        ({"roadmap": [step("A", done=True), step("B", done=True)]}, "All 2 steps are done.",
         "ok"),
        # Percentages round (1 of 6 is 17%), but 199 of 200 is not shown as 100% and
        # 1 of 300 not as 0%.
        ({"roadmap": [step(f"S{i}", done=i == 0) for i in range(6)]},
         "The plan: 1 of 6 steps done (17%).", "ok"),
        ({"roadmap": [step(f"S{i}", done=i > 0) for i in range(200)]},
         "The plan: 199 of 200 steps done (99%).", "ok"),
        ({"roadmap": [step(f"S{i}", done=i == 0) for i in range(300)]},
         "The plan: 1 of 300 steps done (1%).", "ok"),
    ],
    ids=["empty", "one-done", "all-done", "rounds", "never-100-before-done",
         "never-0-once-started"],
)
def test_progress_text(values: dict, text: str, status: str) -> None:
    output = plan_progress(values, context())
    assert (output.text, output.status) == (text, status)


def test_a_row_with_only_an_owner_or_deadline_is_a_step() -> None:
    values = {"roadmap": [step(owner="Ana"), step(deadline="2025-12-01"), step()]}
    steps = plan_steps(values, context())
    assert [(s.number, s.name) for s in steps] == [
        (1, "Row 1 (no description yet)"), (2, "Row 2 (no description yet)")]


# ---- Overdue ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deadline", "done", "overdue"),
    [
        ("2025-09-30", False, True),  # yesterday
        ("2025-10-01", False, False),  # today is not yet overdue
        ("2025-10-02", False, False),
        ("2025-09-01", True, False),  # done in time or late: not overdue
        ("", False, False),
    ],
    ids=["yesterday", "today", "tomorrow", "done", "no-deadline"],
)
def test_overdue_means_deadline_before_today_and_not_done(
    deadline: str, done: bool, overdue: bool
) -> None:
    output = plan_overdue({"launch": [step("X", "Ana", deadline, done)]}, context())
    assert (output.status == "incomplete") is overdue
    assert len(output.rows) == int(overdue)


def test_overdue_lists_oldest_first_with_days_late_across_plan_and_next_steps() -> None:
    values = {
        "roadmap": [step("Late roadmap", "Ana", "2025-09-20")],
        "launch": [step("Very late launch", "", "2025-08-31")],
    }
    output = plan_overdue(values, context([task("Late task", "Sam", "2025-09-30")]))
    assert output.text.startswith("3 steps are overdue")
    assert output.columns == ["Step", "Phase", "Owner", "Deadline", "Late by"]
    assert output.rows == [
        ["Very late launch", "Launch and assess partnerships", "No owner yet", "August 31, 2025",
         "31 days"],
        ["Late roadmap", "Develop a roadmap and strategy", "Ana", "September 20, 2025", "11 days"],
        ["Late task", "Next steps", "Sam", "September 30, 2025", "1 day"],
    ]


def test_today_comes_from_the_context() -> None:
    values = {"roadmap": [step("X", "Ana", "2025-10-01")]}
    assert plan_overdue(values, context(today=date(2025, 10, 1))).rows == []
    assert len(plan_overdue(values, context(today=date(2025, 10, 2))).rows) == 1


def test_unreadable_deadline_is_named_not_counted() -> None:
    output = plan_overdue({"outreach": [step("X", "Ana", "next week")]}, context())
    assert output.rows == []
    assert output.status == "incomplete"
    assert output.messages == [
        "Begin reaching out to new partners, row 1: the deadline “next week” is not a date. "
        "Choose it again with the date picker."]


# ---- Unowned ------------------------------------------------------------------------


def test_unowned_lists_open_steps_without_owner_in_plan_order() -> None:
    values = {
        "roadmap": [step("Owned", "Ana"), step("Nobody", "  "), step("Done", done=True)],
        "agreements": [step("Later nobody", deadline="2025-11-03")],
    }
    output = plan_unowned(values, context([task("Task nobody")]))
    assert output.text == "3 steps still to do have no owner yet."
    assert output.rows == [
        ["Nobody", "Develop a roadmap and strategy", "No deadline yet"],
        ["Later nobody", "Establish or update agreements", "November 3, 2025"],
        ["Task nobody", "Next steps", "No deadline yet"],
    ]


def test_unowned_all_owned() -> None:
    output = plan_unowned({"roadmap": [step("A", "Ana")]}, context([task("B", "Sam")]))
    assert (output.status, output.text) == ("ok", "Every step still to do has an owner.")


# ---- The next five deadlines: ordering ----------------------------------------------


def test_upcoming_is_the_next_five_by_date_then_plan_order() -> None:
    values = {
        "roadmap": [step("R1", "A", "2025-10-20"), step("R2", "A", "2025-10-05"),
                    step("R3", "A", "2025-09-01"), step("R4", "A", "2025-10-05", done=True)],
        "outreach": [step("O1", "", "2025-10-05"), step("O2", "B")],
        "launch": [step("L1", "C", "2025-10-01"), step("L2", "C", "2026-01-15")],
    }
    output = plan_upcoming(values, context([task("T1", "D", "2025-10-05"),
                                            task("T2", "D", "2025-10-02")]))
    assert output.text == "The next 5 of 7 upcoming deadlines, from October 1, 2025."
    assert [row[0] for row in output.rows] == ["L1", "T2", "R2", "O1", "T1"]
    assert output.rows[0] == ["L1", "Launch and assess partnerships", "C",
                              "Wednesday, October 1, 2025", "Today"]
    assert output.rows[1][4] == "Tomorrow"
    assert output.rows[2][4] == "In 4 days"
    assert output.messages == ["1 step still to do has no deadline yet."]


def test_upcoming_none() -> None:
    output = plan_upcoming({"roadmap": [step("A", "Ana", "2025-01-01")]}, context())
    assert (output.text, output.status, output.rows) == ("No upcoming deadlines.", "ok", [])


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("Short step.", 90, "Short step."),
     ("Create a list of potential community providers.", 20, "Create a list of…"),
     ("one\n  two", 90, "one two"),
     ("x" * 30, 10, "xxxxxxxxx…")],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= limit


# ---- Next steps ---------------------------------------------------------------------


def test_next_steps_status() -> None:
    values = {"steps": [task("Book the board", "Ana", "2025-09-15"), task("Tell staff"),
                        task("Send notes", "Sam", "2025-09-01", done=True)]}
    output = next_steps_status(values, context())
    assert output.text == "1 of 3 tasks done."
    assert output.status == "incomplete"
    assert output.messages == ["Overdue since September 15, 2025: Book the board",
                               "No owner yet: Tell staff"]
    assert next_steps_status({}, context()).status == "incomplete"


# ---- Partner check-ins --------------------------------------------------------------


def checkins(start: str = "2025-10-01", weekday: str = "tuesday",
             frequency: str = "every-two-weeks", until: str = "") -> dict:
    return {"checkin-start": start, "checkin-weekday": weekday,
            "checkin-frequency": frequency, "checkin-until": until}


@pytest.mark.parametrize(
    ("values", "first", "rule", "words"),
    [
        (checkins(weekday="wednesday", frequency="weekly"), date(2025, 10, 1),
         "FREQ=WEEKLY;BYDAY=WE", "every Wednesday, from Wednesday, October 1, 2025, with no end"),
        (checkins(), date(2025, 10, 7), "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
         "every two weeks on Tuesday, from Tuesday, October 7, 2025"),
        (checkins(frequency="monthly", until="2026-06-30"), date(2025, 10, 7),
         "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20260630", "on the first Tuesday of each month"),
        (checkins(start="2025-10-10", weekday="monday", frequency="monthly"),
         date(2025, 10, 13), "FREQ=MONTHLY;BYDAY=2MO", "on the second Monday"),
        (checkins(start="2025-09-29", weekday="monday", frequency="monthly"),
         date(2025, 9, 29), "FREQ=MONTHLY;BYDAY=-1MO", "on the last Monday of each month"),
    ],
    ids=["weekly", "two-weeks", "monthly-until", "monthly-second", "monthly-fifth-is-last"],
)
def test_checkin_series(values: dict, first: date, rule: str, words: str) -> None:
    series, missing, problems = checkin_series(values)
    assert (missing, problems) == ([], [])
    assert series is not None
    assert series.first == first
    assert series.rule() == rule
    assert words in describe_series(series)


def test_checkin_series_names_what_is_missing_or_wrong() -> None:
    output = plan_calendar({}, context())
    assert output.status == "incomplete"
    assert output.messages == ["To add the partner check-ins, choose the first check-in "
                               "date, the day of the week and how often."]
    output = plan_calendar(checkins(until="2025-10-02"), context())
    assert output.status == "error"
    assert "before the first one (Tuesday, October 7, 2025)" in output.messages[0]
    output = plan_calendar(checkins(start="soon"), context())
    assert output.status == "error" and "not a date" in output.messages[0]


def test_calendar_summary_counts_dated_steps() -> None:
    values = {"roadmap": [step("A", deadline="2025-10-09"), step("B")], **checkins()}
    output = plan_calendar(values, context([task("T", deadline="2025-12-01")]))
    assert output.status == "ok"
    assert output.text.startswith("The calendar file holds 2 dated steps and a partner "
                                  "check-in every two weeks on Tuesday")


# ---- CSV of the plan ----------------------------------------------------------------


def test_plan_csv_has_every_step_next_steps_and_safe_cells() -> None:
    values = {"roadmap": [step("Line one\nline two, “quoted”", "Ana", "2025-09-01"),
                          step("=HYPERLINK(\"x\")", "+Bob", "", True)]}
    download = plan_csv(values, context([task("Tell staff", "Sam", "2025-10-09")]))
    assert download.filename == "project-plan-2025-10-01.csv"
    assert download.media_type == "text/csv"
    assert download.text.startswith("\ufeff")
    assert "\r\n" in download.text
    rows = list(csv.reader(io.StringIO(download.text[1:], newline="")))
    assert rows == [
        ["Phase", "Row", "Step", "Owner", "Deadline", "Done", "Status"],
        ["Develop a roadmap and strategy", "1", "Line one\nline two, “quoted”", "Ana",
         "2025-09-01", "No", "Overdue"],
        ["Develop a roadmap and strategy", "2", "'=HYPERLINK(\"x\")", "'+Bob", "", "Yes",
         "Done"],
        ["Next steps", "1", "Tell staff", "Sam", "2025-10-09", "No", "To do"],
    ]


# ---- Approaches ---------------------------------------------------------------------


def rated(**fits: str) -> dict:
    """Values with fit ratings given as approach__consideration=fit."""
    values: dict = {}
    for key, rating in fits.items():
        approach, consideration = key.split("__")
        values.setdefault(approach, {})[consideration.replace("_", "-")] = {
            "fit": rating, "notes": f"Notes on {approach} {consideration}"}
    return values


def test_mix_with_nothing_chosen_still_compares_the_approaches() -> None:
    output = approaches_mix(rated(contract__labor_market="good"), Context())
    assert output.status == "incomplete"
    assert output.rows[2] == ["Contract", "No", "Good", "Not rated", "Not rated"]
    assert output.messages == ["Contract is not chosen, though you rated it a good fit on "
                               "labor market dynamics. Worth a second look?"]


def test_mix_names_the_combination() -> None:
    values = {**rated(partner__labor_market="good", partner__flexibility="mixed",
                      partner__quality="poor", contract__labor_market="good",
                      contract__flexibility="good", contract__quality="good"),
              "chosen": ["contract", "partner"]}
    output = approaches_mix(values, Context())
    assert output.status == "ok"
    assert output.text == ("You chose to combine 2 approaches: partner with community "
                           "providers at no cost to the district and contract with community "
                           "providers.")
    assert [row[1] for row in output.rows] == ["Yes", "No", "Yes"]


def test_mix_asks_for_missing_ratings_and_questions_an_all_poor_choice() -> None:
    values = {**rated(employ__labor_market="poor", employ__flexibility="poor",
                      employ__quality="poor", partner__quality="good"),
              "chosen": ["employ", "partner"]}
    output = approaches_mix(values, Context())
    assert output.status == "incomplete"
    assert output.messages == [
        "Partner at no cost: rate its fit on labor market dynamics and flexibility.",
        "Directly employ: you rated it a poor fit on every consideration. Say in your "
        "reasons why you chose it.",
    ]


def test_for_and_against_groups_the_chosen_approaches_considerations() -> None:
    values = {**rated(partner__labor_market="poor", partner__flexibility="good",
                      partner__quality="mixed", employ__flexibility="good",
                      contract__quality="good"),
              "chosen": ["partner", "contract"]}
    output = approaches_for_against(values, Context())
    assert output.text == ("For your choice: 2 rated a good fit. Against it: 1 rated a poor "
                           "fit. Both ways: 1 rated mixed.")
    assert output.columns == ["Consideration", "Argues", "Your notes"]
    assert [row[:2] for row in output.rows] == [
        ["Partner at no cost: Flexibility", "For (good fit)"],
        ["Contract: Quality and accountability", "For (good fit)"],
        ["Partner at no cost: Quality and accountability", "Both ways (mixed fit)"],
        ["Partner at no cost: Labor market dynamics", "Against (poor fit)"],
    ]
    assert output.rows[0][2] == "Notes on partner flexibility"
    assert output.status == "incomplete"
    assert output.messages == ["2 of the considerations for your choice are not rated yet."]


def test_for_and_against_needs_a_choice_and_ratings() -> None:
    assert approaches_for_against({}, Context()).status == "incomplete"
    output = approaches_for_against({"chosen": ["employ"]}, Context())
    assert output.text == "Rate the fit of each consideration for the approaches you chose."


def test_long_notes_are_shortened_in_the_summary() -> None:
    values = {"chosen": ["employ"],
              "employ": {"quality": {"fit": "good", "notes": "word " * 100}}}
    notes = approaches_for_against(values, Context()).rows[0][2]
    assert notes.endswith("…") and len(notes) <= approaches.NOTES_LIMIT
