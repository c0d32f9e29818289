"""From verdict to partnership: agreement outlines and check-ins against the goal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from browser_py.core.computations import Context
from browser_py.documents.calendar_export import Recurrence
from browser_py.documents.markdown_text import escape_markdown as md
from browser_py.worksheets import agreements, checkins
from browser_py.worksheets.agreement_costs import TITLE as WHO_PAYS

STATES = Path(__file__).parent / "fixtures" / "states"
TODAY = "2027-03-20"


def state() -> dict[str, Any]:
    return json.loads((STATES / "full.json").read_text(encoding="utf-8"))


def priced(sheets: dict[str, Any]) -> dict[str, Any]:
    """``sheets`` with the costs and the funding entered (the full fixture prices
    nothing), so that "Who pays for what" is filled."""
    from test_agreement_costs import FUNDED, PRICED

    return {**sheets, "costs": json.loads(json.dumps(PRICED)),
            "funding": json.loads(json.dumps(FUNDED))}


def context_of(worksheets: dict[str, Any], today: str = TODAY) -> Context:
    return Context(state=worksheets, today=date.fromisoformat(today),
                   titles={"goal": "Our goal", "agreements": "Agreement outlines",
                           "project-plan": "Project plan"},
                   pages={"goal": "needs-and-goals/", "project-plan": "working-group/"})


# ---- Outlines -------------------------------------------------------------------------


def parts_of(item: dict[str, Any], worksheets: dict[str, Any]) -> dict[str, agreements.Part]:
    return {part.title: part for part in agreements.outline(item, context_of(worksheets))}


def test_a_complete_outline_holds_the_entries_and_misses_nothing() -> None:
    sheets = priced(state()["worksheets"])
    parts = parts_of(sheets["agreements"]["agreements"][0], sheets)
    assert all(not part.missing for part in parts.values()), {
        t: p.missing for t, p in parts.items() if p.missing}
    text = "\n".join(line for part in parts.values() for line in part.lines)
    for expected in ("Lakeside Unified School District and Lakeside Family Counseling Center.",
                     "from 610 to 763 students", "Total student need: 2,895",
                     "Priya Raman", "Dr. Maria Gonzalez-Whitfield",
                     "on the first Tuesday of each month", "Services start on: January 11, 2027",
                     "Review or renewal on: June 30, 2027", "FERPA and HIPAA",
                     "counts only, with any count of students under 10 hidden",
                     "either side may leave easily",
                     "The working group chose “Meets district needs”.",
                     "The district's contact for providers: Priya Raman, coordinator of "
                     "student support, 555-0142",
                     "No money goes from the district to Lakeside Family Counseling Center",
                     "The district's own costs each year: $2,000 space"):
        assert expected in text, expected


def test_a_partial_outline_names_each_gap_and_where_to_fill_it() -> None:
    sheets = priced(state()["worksheets"])
    parts = parts_of(sheets["agreements"]["agreements"][1], sheets)
    missing = {what: where for part in parts.values() for what, where in part.missing}
    assert missing == {
        "the district's lead": "agreements", "the provider's contact": "agreements",
        "the services the provider will deliver": "agreements",
        "which students the services are for": "agreements",
        "the schools served": "agreements", "the schedule": "agreements",
        "the start date": "agreements",
        "what the provider is responsible for": "agreements",
        "what the district is responsible for": "agreements",
        "the review or renewal date": "agreements"}
    assert parts["How the provider was judged"].lines[0] == (
        "The working group chose “Exceeds district needs”.")


def test_an_outline_from_empty_entries_names_every_worksheet_it_needs() -> None:
    parts = parts_of({"row_id": "a", "provider": "New Horizons"}, {})
    wheres = {where for part in parts.values() for _what, where in part.missing}
    assert wheres == {"district", "partner-checklist", "gaps", "needs-estimate",
                      "location-format", "project-plan", "goal", "working-group",
                      "referral-pathway", "agreements", "provider-questions"}
    # The questions for counsel are always there: they are the practice's, not entries.
    assert len(parts["Information sharing: questions to settle with counsel"].lines) == 5


def test_the_outline_output_links_what_is_missing_and_names_chosen_providers() -> None:
    sheets = state()["worksheets"]
    sheets["agreements"]["agreements"] = [{"row_id": "a", "provider": "Lakeside Family "
                                           "Counseling Center"}]
    out = agreements.agreement_outlines(sheets["agreements"], context_of(sheets))
    assert out.status == "incomplete"
    assert out.names == ["Lakeside Family Counseling Center: 5 of 12 parts filled"]
    # The start page counts the agreement's own entries: the provider's name of 12.
    assert out.progress == (1, 12)
    assert {"text": "Agreement outlines", "worksheet": "agreements", "page": ""} in out.links
    # Bayview was judged to exceed the district's needs and has no agreement yet.
    assert "Bayview Community Mental Health Services" in out.messages[0]
    assert agreements.agreement_outlines({}, context_of(sheets)).text.startswith(
        "No agreements yet")


def test_the_downloads_carry_the_goal_the_owners_and_the_draft_mark() -> None:
    sheets = state()["worksheets"]
    context = context_of(sheets)
    markdown = agreements.agreement_outlines_markdown(sheets["agreements"], context)
    assert markdown.filename == "agreement-outlines-2027-03-20.md"
    for expected in ("## Agreement with Lakeside Family Counseling Center",
                     "from 610 to 763 students", "Priya Raman", "not legal text",
                     "Counts of students under 10 are hidden in this file",
                     "**Missing: the district's lead", "Chiefs for Change"):
        assert expected in markdown.text.replace("\\", ""), expected
    page = agreements.agreement_outlines_html(sheets["agreements"], context).text
    assert "default-src 'none'" in page and "<script" not in page
    assert "from 610 to 763 students" in page


def test_the_files_hide_a_small_starting_point() -> None:
    sheets = state()["worksheets"]
    sheets["needs-estimate"]["addressed"] = "8"
    text = agreements.outlines_markdown(sheets["agreements"], context_of(sheets))
    assert "from hidden to hidden students" in text
    shown = agreements.agreement_outlines(sheets["agreements"], context_of(sheets))
    assert "from 8 to 10 students" in shown.rows[6][1]  # the page, for the team, as entered


# ---- Check-ins ------------------------------------------------------------------------


def pace_of(rows: list[dict[str, Any]], began: str = "2027-01-11",
            goal: dict[str, Any] | None = None) -> checkins.Output:
    sheets = state()["worksheets"]
    if goal is not None:
        sheets["goal"] = goal
    values = {"began": began, "checkins": rows}
    return checkins.checkin_pace(values, context_of(sheets))


def row(day: str, seen: str, **more: Any) -> dict[str, Any]:
    return {"row_id": f"r-{day}", "date": day, "partner": "Lakeside", "seen": seen, **more}


@pytest.mark.parametrize(("rows", "expected"), [
    ([row("2027-02-02", "18"), row("2027-03-02", "22")],
     "40 of the goal's 153 more students started care by March 2, 2027 (26%). On pace: 33 "
     "by then keeps to the goal's date, August 31, 2027. At the latest check-in's pace the "
     "goal is reached by July 24, 2027."),
    ([row("2027-02-02", "5"), row("2027-03-02", "6")],
     "11 of the goal's 153 more students started care by March 2, 2027 (7%). Behind pace: "
     "on pace would be 33 by then, 22 more. At the latest check-in's pace the goal is "
     "reached by December 24, 2028, after the goal's date."),
    ([row("2027-02-02", "100"), row("2027-03-02", "60")],
     "160 of the goal's 153 more students started care by March 2, 2027 (100%). The goal's "
     "added capacity is reached."),
    ([row("2027-02-02", "5"), row("2027-03-02", "0")],
     "5 of the goal's 153 more students started care by March 2, 2027 (3%). Behind pace: on "
     "pace would be 33 by then, 28 more. Nobody started care since the check-in before."),
], ids=["on-pace", "behind", "reached", "stalled"])
def test_pace(rows: list[dict[str, Any]], expected: str) -> None:
    out = pace_of(rows)
    assert out.text == expected
    assert out.chart is not None
    assert out.chart["title"] == "Students who started care and the goal"
    assert out.chart["rows"][-1] == ["Goal by August 31, 2027", "", "153"]
    assert [line[1] for line in out.chart["rows"][:-1]] == [
        str(int(rows[0]["seen"])), str(int(rows[0]["seen"]) + int(rows[1]["seen"]))]


def test_pace_without_a_goal_or_check_ins() -> None:
    no_goal = pace_of([row("2027-02-02", "18")], goal={})
    assert no_goal.text == "18 students started care so far; no goal to compare with yet."
    assert no_goal.status == "incomplete" and no_goal.chart is None
    assert [link["worksheet"] for link in no_goal.links] == ["goal"]
    assert pace_of([]).text == "No check-ins yet."
    undated = pace_of([row("", "7")])
    assert undated.text == "No dated check-in yet."
    assert "Check-in 1 has no date yet" in undated.messages[0]
    bad = pace_of([row("2027-02-02", "many")])
    assert bad.status == "error" and "not a number" in bad.messages[0]


def test_pace_from_the_first_check_in_until_the_start_is_entered() -> None:
    out = pace_of([row("2027-02-02", "18"), row("2027-03-02", "22")], began="")
    assert any("Measured from the first check-in (February 2, 2027)" in m
               for m in out.messages)
    assert out.rows == [["Lakeside", "2", "0", "40", "not entered"]]


def test_open_and_overdue_actions() -> None:
    values = state()["worksheets"]["check-ins"]
    out = checkins.checkin_actions(values, context_of({}))
    assert out.text == "1 open action, 1 overdue."
    assert out.rows == [["Send consent forms home in Spanish and English.", "Priya Raman",
                         "March 16, 2027", "Overdue"]]
    early = checkins.checkin_actions(values, context_of({}, "2027-03-10"))
    assert early.text == "1 open action, none overdue." and not early.names


@pytest.mark.parametrize(("frequency", "first", "today", "until", "expected"), [
    ("weekly", "2027-02-02", "2027-03-20", None, date(2027, 3, 23)),
    ("every-two-weeks", "2027-02-02", "2027-03-20", None, date(2027, 3, 30)),
    ("monthly", "2027-02-02", "2027-03-20", None, date(2027, 4, 6)),
    ("monthly", "2027-01-26", "2027-02-24", None, date(2027, 3, 23)),  # the fourth Tuesday
    ("monthly", "2027-03-30", "2027-04-01", None, date(2027, 4, 27)),  # the last Tuesday
    ("monthly", "2027-02-02", "2027-03-20", "2027-03-31", None),
    ("weekly", "2027-02-02", "2027-02-02", None, date(2027, 2, 2)),
])
def test_the_next_check_in(frequency: str, first: str, today: str, until: str | None,
                           expected: date | None) -> None:
    series = Recurrence(frequency, date.fromisoformat(first),
                        date.fromisoformat(until) if until else None)
    assert checkins.upcoming(series, date.fromisoformat(today)) == expected


def test_the_next_check_in_follows_the_plan() -> None:
    sheets = state()["worksheets"]
    out = checkins.next_checkin({}, context_of(sheets))
    assert out.text == "Tuesday, April 6, 2027, with Lakeside Family Counseling Center."
    none = checkins.next_checkin({}, context_of({}))
    assert none.status == "incomplete" and none.links[0]["worksheet"] == "project-plan"


def test_shared_check_ins_hide_small_counts_and_the_chart(native_runtime) -> None:
    full = state()
    full["worksheets"]["check-ins"]["checkins"][1]["seen"] = "4"
    built = native_runtime.build_report(full, TODAY, shareable=True)
    section = next(s for s in built["sections"] if s["id"] == "check-ins")
    table = next(b for b in section["blocks"] if b["type"] == "table")
    seen = [line[3] for line in table["rows"]]
    assert seen == ["hidden", "<10"]  # 18 would give the 4 away through the total 22
    pace = next(b for b in section["blocks"] if b["type"] == "result"
                and b["label"].startswith("Students who started care"))
    assert "4" not in pace["text"].split() and "18" not in pace["text"]
    assert any("chart is left out" in m for m in pace["messages"])
    plain = native_runtime.build_report(full, TODAY)
    section = next(s for s in plain["sections"] if s["id"] == "check-ins")
    assert [line[3] for line in next(b for b in section["blocks"]
                                     if b["type"] == "table")["rows"]] == ["18", "4"]


#: Words only each arrangement's money uses.
COST_WORDS = {"contract": ("What the district pays", "quote", "contracted services"),
              "partner": ("No money goes", "kept whole", "uninsured", "coverage",
                          "coordinator", "partnership costs")}


@pytest.mark.parametrize(("arrangement", "own", "other"), [
    ("partner", agreements.APPROACH_TERMS["partner"], agreements.APPROACH_TERMS["contract"]),
    ("contract", agreements.APPROACH_TERMS["contract"], agreements.APPROACH_TERMS["partner"]),
])
def test_an_agreement_states_its_own_arrangements_terms_and_never_the_others(
        arrangement: str, own: tuple[str, ...], other: tuple[str, ...]) -> None:
    """A partnership at no cost never mentions a contract's terms, and the reverse, even
    when the district pursues both approaches: neither in its review, renewal and exit
    terms nor in who pays for what."""
    sheets = priced(state()["worksheets"])
    sheets["costs"]["mix"] = {"contract": {"share": "50"}, "partner": {"share": "50"}}
    item = {**sheets["agreements"]["agreements"][0], "arrangement": arrangement}
    sheets["approaches"] = {**sheets["approaches"], "chosen": ["partner", "contract"]}
    parts = parts_of(item, sheets)
    terms = parts["Review, renewal and exit"]
    assert not terms.missing
    assert all(line in terms.lines for line in own)
    assert not any(line in terms.lines for line in other)
    assert f"Arrangement: {agreements.ARRANGEMENTS[arrangement]}." in terms.lines
    # Who pays: the arrangement's own money only.
    pays = parts[WHO_PAYS]
    assert not pays.missing
    said = " ".join(pays.lines)
    assert all(word in said for word in COST_WORDS[arrangement])
    assert not any(word in said for word in COST_WORDS[
        "contract" if arrangement == "partner" else "partner"])
    theirs = parts_of({**item, "arrangement": "contract" if arrangement == "partner"
                       else "partner"}, sheets)[WHO_PAYS].lines
    written = agreements.outlines_markdown({"agreements": [item]}, context_of(sheets))
    for line in [*other, *(line for line in theirs if line not in pays.lines)]:
        assert md(line) not in written and line not in written, line


def test_an_agreement_without_an_arrangement_asks_for_it_and_states_no_terms() -> None:
    sheets = state()["worksheets"]
    item = {**sheets["agreements"]["agreements"][0], "arrangement": ""}
    terms = parts_of(item, sheets)["Review, renewal and exit"]
    assert terms.missing == [("whether this agreement is a partnership at no cost or a "
                              "contract", "agreements")]
    assert not any(line in terms.lines for terms_of in agreements.APPROACH_TERMS.values()
                   for line in terms_of)


def test_an_arrangement_the_district_did_not_choose_is_pointed_out() -> None:
    sheets = state()["worksheets"]  # the district chose to partner at no cost
    item = {**sheets["agreements"]["agreements"][0], "arrangement": "contract"}
    lines = parts_of(item, sheets)["Review, renewal and exit"].lines
    assert any("not among the approaches chosen" in line for line in lines)
