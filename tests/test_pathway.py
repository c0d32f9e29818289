"""The referral pathway: flows and targets, owners, the crisis plan, the outline's part
built from them, and the check-ins' wait against the target."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from browser_py.core.computations import Context
from browser_py.worksheets import agreement_pathways, agreements, pathway

STATES = Path(__file__).parent / "fixtures" / "states"
TODAY = "2027-03-20"
PART = "Referral pathway and crisis plan"


def full() -> dict[str, Any]:
    return json.loads((STATES / "full.json").read_text(encoding="utf-8"))["worksheets"]


def complete() -> dict[str, Any]:
    """The full fixture's pathway: every step owned, every flow with its consent."""
    return copy.deepcopy(full()["referral-pathway"])


def context_of(worksheets: dict[str, Any]) -> Context:
    return Context(state=worksheets, today=date.fromisoformat(TODAY),
                   titles={pathway.SHEET: "Referral pathway and crisis plan"},
                   pages={pathway.SHEET: "partnerships/"})


def step(values: dict[str, Any], row_id: str) -> dict[str, Any]:
    return next(row for row in values["steps"] if row["row_id"] == row_id)


def run(name: str, values: dict[str, Any], worksheets: dict[str, Any] | None = None):
    sheets = worksheets if worksheets is not None else {pathway.SHEET: values}
    return getattr(pathway, name)(values, context_of(sheets))


# ---- Flows and targets ------------------------------------------------------------------


def test_a_complete_pathway_has_its_target_owners_and_consented_flows() -> None:
    values = complete()
    target = run("pathway_target", values)
    assert target.status == "ok"
    assert target.text == ("10 school days from referral to a first appointment, over 3 "
                           "steps.")
    assert [row[1] for row in target.rows] == ["2 school days", "3 school days",
                                               "5 school days"]
    owners = run("pathway_owners", values)
    assert (owners.status, owners.text) == ("ok", "Every step has an owner (9 steps).")
    flows = run("pathway_flows", values)
    assert flows.status == "ok"
    assert flows.text == "5 information flows, each with its consent named."
    assert [row[2] for row in flows.rows] == ["school to provider", "provider to school",
                                              "both ways", "provider to school",
                                              "provider to school"]
    assert all(row[3] != "none named yet" and row[4] == "" for row in flows.rows)
    assert any("42 CFR Part 2" in message for message in flows.messages)
    assert pathway.gaps(values) == []


def test_the_target_adds_only_the_ticked_steps_and_waits_for_each_ones_days() -> None:
    values = complete()
    step(values, "team-review")["wait"] = True  # 3 more school days
    assert pathway.target_of(pathway.read_steps(values)[0]).days == 13
    step(values, "first-contact")["days"] = ""
    target = run("pathway_target", values)
    assert target.status == "incomplete"
    assert target.text == ("No target yet: step 5 of the wait has no target in school "
                           "days.")
    assert "a target in school days for step 5" in pathway.gaps(values)
    for row in values["steps"]:
        row["wait"] = False
    assert run("pathway_target", values).text.startswith("No step is ticked")


def test_days_that_are_not_a_number_are_named() -> None:
    values = complete()
    step(values, "referral")["days"] = "two"
    target = run("pathway_target", values)
    assert target.status == "error"
    assert target.messages[0].startswith("Step 4, target in school days:")


def test_a_flow_with_no_consent_is_flagged_and_missing() -> None:
    values = complete()
    step(values, "care")["consent"] = ""
    step(values, "closing")["consent"] = "  "
    flows = run("pathway_flows", values)
    assert flows.status == "incomplete"
    assert flows.text == "5 information flows, 2 with no consent named."
    assert "Name the consent that covers steps 7 and 9." in flows.messages
    assert [row[3] for row in flows.rows].count("none named yet") == 2
    assert "the consent that covers steps 7 and 9" in pathway.gaps(values)


def test_information_named_without_a_direction_is_a_flow_to_place() -> None:
    values = complete()
    step(values, "first-contact").update(information="Times the family can be reached",
                                         direction="", consent="Family's release")
    flows = run("pathway_flows", values)
    assert flows.text.startswith("6 information flows")
    assert "Choose the direction of the information at step 5." in flows.messages
    assert flows.status == "incomplete"


def test_clinical_details_to_the_school_are_flagged_with_the_rule() -> None:
    values = complete()
    step(values, "feedback")["clinical"] = True
    flows = run("pathway_flows", values)
    flagged = [row for row in flows.rows if row[4]]
    assert [row[0] for row in flagged] == ["Step 8: Feedback to the school"]
    assert flagged[0][4] == "Clinical details to the school"
    assert ("Clinical details go to the school at step 8. Only what the family agreed to "
            "share goes to the school, and only for supporting the student at school."
            in flows.messages)
    lines, _missing = pathway.outline_lines(values, context_of({pathway.SHEET: values}))
    assert any(line.startswith("Information at step 8") and pathway.SHARING_RULE in line
               for line in lines)


def test_a_step_without_an_owner_on_either_side_is_missing() -> None:
    values = complete()
    step(values, "team-review")["school_owner"] = ""
    step(values, "first-contact")["provider_owner"] = ""
    owners = run("pathway_owners", values)
    assert owners.status == "incomplete"
    assert owners.text == "2 of 9 steps have no owner yet."
    assert owners.names == [
        "Step 2: The school's student support team reviews the concern and…",
        "Step 5: The provider contacts the family"]
    assert "an owner for steps 2 and 5" in pathway.gaps(values)


def test_a_flow_with_an_owner_on_one_side_only_is_pointed_out() -> None:
    values = complete()
    step(values, "referral")["provider_owner"] = ""
    owners = run("pathway_owners", values)
    assert owners.status == "ok"
    assert owners.messages == ["Information crosses at step 4 but only one side has an "
                               "owner: name who sends it and who receives it."]


def test_the_starting_rows_name_the_practices_steps_and_miss_owners_and_consents() -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets
    root = Path(__file__).resolve().parent.parent
    sheet = load_worksheets(root / "content" / "worksheets", REGISTRY, ACTIONS)[pathway.SHEET]
    values = {"steps": sheet.field("steps").empty_value()}
    steps, _problems = pathway.read_steps(values)
    words = " ".join(s.name for s in steps)
    for expected in ("screener", "crisis event", "tier of support", "consents",
                     "minors consent", "referral to the provider", "contacts the family",
                     "first appointment", "Care", "Feedback to the school",
                     "Closing the loop"):
        assert expected in words, expected
    assert [s.number for s in steps if s.wait] == [4, 5, 6]
    gaps = pathway.gaps(values)
    assert "an owner for steps 1, 2, 3, 4, 5, 6, 7, 8 and 9" in gaps
    assert "a target in school days for steps 4, 5 and 6" in gaps
    assert "the consent that covers steps 4, 6, 7, 8 and 9" in gaps


# ---- Two-way communication --------------------------------------------------------------


def test_communication_reads_the_meetings_from_the_plan_and_warns_of_email() -> None:
    sheets = full()
    values = sheets[pathway.SHEET]
    said = run("pathway_communication", values, sheets)
    assert said.status == "ok"
    rows = dict(said.rows)
    assert rows["The partners meet"].startswith("on the first Tuesday of each month")
    assert rows["Channel"] == ("a secure portal or shared record system (The district's "
                               "secure file transfer portal)")
    values["channel"] = "email-attachments"
    warned = run("pathway_communication", values, sheets)
    assert warned.status == "incomplete"
    assert pathway.UNSAFE_WARNING in warned.messages
    assert "a secure channel instead of email attachments" in pathway.gaps(values)
    alone = run("pathway_communication", complete())  # no project plan
    assert dict(alone.rows)["The partners meet"] == "not entered yet"
    assert alone.links[0]["worksheet"] == "project-plan"


# ---- The crisis plan --------------------------------------------------------------------


def test_a_complete_crisis_plan_names_every_contact() -> None:
    crisis = run("pathway_crisis", complete())
    assert crisis.status == "ok"
    assert crisis.text.startswith("The crisis plan is complete")
    plan = dict(crisis.rows)
    assert plan["Local mobile crisis team"] == "County mobile crisis team, 555-0142"
    assert plan["988, the Suicide & Crisis Lifeline"] == "call or text 988"
    assert pathway.crisis_missing(complete()) == []


@pytest.mark.parametrize(("emptied", "what"), [
    ({"crisis_mobile": ""}, "the local mobile crisis team"),
    ({"crisis_988": False}, "naming 988 (the Suicide & Crisis Lifeline)"),
    ({"crisis_family": "   "}, "who informs the family"),
    ({"crisis_after": ""}, "how the school is told afterwards"),
])
def test_an_incomplete_crisis_plan_names_what_is_missing(emptied: dict, what: str) -> None:
    values = {**complete(), **emptied}
    crisis = run("pathway_crisis", values)
    assert crisis.status == "incomplete"
    assert crisis.text == "The crisis plan is not complete: 6 of 7 parts filled."
    assert crisis.messages == [f"Still to fill in: {what}."]
    assert pathway.crisis_missing(values) == [what]


def test_an_empty_crisis_plan_misses_all_seven_parts() -> None:
    crisis = run("pathway_crisis", {})
    assert crisis.text == "The crisis plan is not complete: 0 of 7 parts filled."
    assert len(pathway.crisis_missing({})) == 7


# ---- Into the agreement outline ---------------------------------------------------------


def outline_part(worksheets: dict[str, Any], number: int = 0) -> agreements.Part:
    item = worksheets["agreements"]["agreements"][number]
    return next(part for part in agreements.outline(item, context_of(worksheets))
                if part.title == PART)


def test_the_outline_carries_steps_owners_target_flows_and_crisis_contacts() -> None:
    part = outline_part(full())
    assert not part.missing
    text = "\n".join(part.lines)
    for expected in (
            "4. The school sends the referral to the provider (school: School counselor; "
            "provider: Intake coordinator; 2 school days)",
            "Target from referral to a first appointment: 10 school days.",
            "Information at step 4: The referral form",
            "(school to provider; consent: Family's release of information to the provider)",
            "Crisis plan, local mobile crisis team: County mobile crisis team, 555-0142",
            "Crisis plan, 988, the Suicide & Crisis Lifeline: call or text 988",
            "Crisis plan, call at the school: The principal or the crisis team lead",
            "A student's own consent: not yet confirmed with the district's counsel.",
            "is for the district's counsel to confirm"):
        assert expected in text, expected
    metrics = next(p for p in agreements.outline(full()["agreements"]["agreements"][0],
                                                 context_of(full()))
                   if p.title == "Success metrics")
    assert ("Target: at most 10 school days from referral to a first appointment (the "
            "district's referral pathway).") in metrics.lines


def test_an_incomplete_crisis_plan_keeps_the_outline_from_being_complete() -> None:
    from test_partnerships import priced

    sheets = priced(full())  # the costs and funding entered: the rest of the outline filled
    before = agreements.agreement_outlines(sheets["agreements"], context_of(sheets))
    assert before.text.startswith("2 agreement outlines, 1 with every part filled.")
    sheets[pathway.SHEET]["crisis_mobile"] = ""
    part = outline_part(sheets)
    assert part.missing == [("a complete crisis plan (still missing: the local mobile "
                             "crisis team)", pathway.SHEET)]
    after = agreements.agreement_outlines(sheets["agreements"], context_of(sheets))
    assert after.text.startswith("2 agreement outlines, 0 with every part filled.")
    assert after.status == "incomplete"
    assert pathway.SHEET in [link["worksheet"] for link in after.links]
    row = next(row for row in after.rows if row[0] == PART)
    assert "Missing: a complete crisis plan" in row[1]
    assert "(in “Referral pathway and crisis plan”)" in row[1]


def test_without_a_pathway_the_outline_asks_for_it() -> None:
    sheets = full()
    del sheets[pathway.SHEET]
    part = outline_part(sheets)
    assert [line.split(":")[0] for line in part.lines] == [
        "This outline uses the district's referral pathway and crisis plan, from “Referral "
        "pathway and crisis plan”.",
        "The partners meet", "What may be shared, and under which consent, is for the "
        "district's counsel to confirm"]  # the meetings come from the project plan
    whats = [what for what, where in part.missing if where == pathway.SHEET]
    assert whats[0] == "the steps of the referral pathway"
    assert whats[-1].startswith("a complete crisis plan (still missing: what the provider")


# ---- Check-ins: the wait against the target ---------------------------------------------


def checkins(*waits: str) -> dict[str, Any]:
    return {"checkins": [{"row_id": f"c{n}", "date": f"2027-0{n}-02", "partner": "Lakeside",
                          "seen": "5", "wait": wait} for n, wait in enumerate(waits, 1)]}


@pytest.mark.parametrize(("waits", "status", "start"), [
    (("14", "9"), "ok", "Target met: 9 days on average at the check-in of February 2, 2027,"),
    (("9", "10"), "ok", "Target met: 10 days on average"),
    (("9", "12.5"), "ok", "Target missed: 12.5 days on average at the check-in of "
                          "February 2, 2027, 2.5 more than the pathway's target of 10 "
                          "school days."),
    ((), "incomplete", "No check-ins with a wait yet. The target is 10 school days"),
    (("",), "incomplete", "No check-ins with a wait yet."),
])
def test_the_wait_against_the_target(waits: tuple[str, ...], status: str, start: str) -> None:
    sheets = {pathway.SHEET: complete()}
    result = agreement_pathways.checkin_wait(checkins(*waits), context_of(sheets))
    assert result.status == status
    assert result.text.startswith(start), result.text
    assert [row[3] for row in result.rows] == [
        "Met" if float(w) <= 10 else "Missed" for w in waits if w]


def test_the_wait_needs_the_pathways_target() -> None:
    result = agreement_pathways.checkin_wait(checkins("9"), context_of({}))
    assert result.status == "incomplete"
    assert result.text.startswith("No target yet")
    assert result.links[0]["worksheet"] == pathway.SHEET


def test_the_full_fixtures_latest_wait_misses_the_target() -> None:
    sheets = full()
    result = agreement_pathways.checkin_wait(sheets["check-ins"], context_of(sheets))
    assert result.text.startswith("Target missed: 12 days on average at the check-in of "
                                  "March 2, 2027, 2 more than")


def test_the_shareable_report_keeps_the_wait_the_days_and_the_pathways_results(
        native_runtime) -> None:
    state = {"worksheets": full()}
    built = native_runtime.build_report(state, TODAY, shareable=True)
    sections = {s["id"]: s for s in built["sections"]}
    labels = {b["label"]: b for b in sections["check-ins"]["blocks"] if b["type"] == "result"}
    wait = labels["Wait to a first appointment, against the referral pathway's target"]
    assert wait["text"].startswith("Target missed: 12 days on average")
    blocks = sections[pathway.SHEET]["blocks"]
    # The report shows the pathway's results, which set its steps out.
    assert [b for b in blocks if b["type"] != "result"] == []
    target = next(b for b in blocks if b["label"].startswith("Target from referral"))
    assert [row[1] for row in target["rows"]] == ["2 school days", "3 school days",
                                                  "5 school days"]
    results = [b["label"] for b in blocks if b["type"] == "result"]
    assert "Crisis plan" in results and "Target from referral to a first appointment" in results


# ---- Done, defined once ------------------------------------------------------------------


def test_the_worksheet_is_complete_only_with_owners_targets_consents_and_a_crisis_plan(
        ) -> None:
    """The start page, the report and the brief read one rule: the full fixture's pathway
    is complete; a flow without consent, a step without owner or an empty crisis part
    keeps it from being so, each named once."""
    from browser_py.core import completion
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets
    root = Path(__file__).resolve().parent.parent
    sheet = load_worksheets(root / "content" / "worksheets", REGISTRY, ACTIONS)[pathway.SHEET]
    sheets = full()
    done = completion.of(sheet, sheets[pathway.SHEET], context_of(sheets))
    assert (done.complete, done.words, done.missing) == (True, "Complete", ())
    values = sheets[pathway.SHEET]
    step(values, "care")["consent"] = ""
    step(values, "team-review")["school_owner"] = ""
    values["crisis_mobile"] = ""
    missing = completion.of(sheet, values, context_of(sheets)).missing
    assert missing == ("The local mobile crisis team", "an owner for step 2",
                       "the consent that covers step 7")
