"""Done is defined once: the start page, the next step, the report and each worksheet's
own results agree on whether a worksheet is complete and on what it still misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT

from browser_py.core import completion
from browser_py.page import runtime

STATES = Path(__file__).parent / "fixtures" / "states"
TODAY = "2026-11-28"


@pytest.fixture(scope="module", autouse=True)
def loaded() -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))


def fixture_state(name: str) -> dict:
    return json.loads((STATES / f"{name}.json").read_text())


NEEDS = {"enrollment": "4000", "addressed": "100", "sources": [
    {"row_id": "screeners", "source": "Mental health screeners", "indicated": "300",
     "new": "300"}]}
FINISHED_GOAL = {
    "by_date": "2027-08-31", "providers_more": "2", "increase_percent": "25",
    "target_count": "", "caseload": "",  # the either-or box and the "leave it empty" box
    "goal": "Two more providers by August.", "success": "Shorter waits.",
    "staff": {"psychologists": {"fte": "14"}, "counselors": {"fte": "38.5"},
              "social-workers": {"fte": "9"}},
}


def views(state: dict, worksheet: str) -> tuple[dict, dict, dict, dict]:
    """The worksheet's status, its start-page item, its report section and its own
    results, from one state."""
    state = {"worksheets": state}
    board = runtime.build_dashboard(state, TODAY)
    item = next((i for i in board["items"] if i["worksheet"] == worksheet), {})
    section = next(s for s in runtime.build_report(state, TODAY)["sections"]
                   if s["id"] == worksheet)
    return (runtime.status(worksheet, state, TODAY), item, section,
            runtime.compute(worksheet, state, TODAY))


def said(outputs: dict) -> str:
    return " ".join([o["text"] for o in outputs.values()]
                    + [m for o in outputs.values() for m in o["messages"]])


def test_a_finished_goal_with_its_optional_boxes_empty_is_complete_everywhere() -> None:
    status, item, section, outputs = views(
        {"needs-estimate": NEEDS, "goal": FINISHED_GOAL}, "goal")
    assert status["complete"] and status["words"] == "Complete" and not status["missing"]
    assert item["progress"] == "Complete" and item["complete"] is True
    assert section["complete"] is True and section["missing"] == ""
    assert outputs["sentence"]["status"] == "ok" and not outputs["sentence"]["messages"]


def test_a_goal_without_a_percentage_or_a_target_is_not_complete() -> None:
    goal = {**FINISHED_GOAL, "increase_percent": ""}
    status, item, section, outputs = views({"needs-estimate": NEEDS, "goal": goal}, "goal")
    assert not status["complete"] and item["progress"] != "Complete"
    assert any("percentage increase" in m for m in status["missing"])
    assert "percentage increase" in section["missing"]
    assert outputs["sentence"]["status"] == "incomplete"


def test_a_needs_estimate_missing_a_source_says_so_everywhere() -> None:
    needs = {**NEEDS, "sources": [*NEEDS["sources"], {
        "row_id": "referrals", "source": "Referrals", "indicated": "", "new": ""}]}
    status, item, section, outputs = views({"needs-estimate": needs}, "needs-estimate")
    assert not status["complete"] and status["words"] != "Complete"
    assert status["missing"] == ["Both numbers for Referrals"]
    assert item["progress"] != "Complete" and item["complete"] is False
    assert item["missing_text"] == "Still missing: Both numbers for Referrals"
    assert section["missing"] == "Still missing: Both numbers for Referrals."
    assert "Still missing: Referrals" in said(outputs)
    report = runtime.report_file({"worksheets": {"needs-estimate": needs}}, TODAY, "markdown")
    assert "Still missing: Both numbers for Referrals." in report["text"]


def test_next_steps_with_no_task_done_are_not_complete() -> None:
    tasks = {"steps": [
        {"row_id": "a", "task": "Call the county", "owner": "Ana", "deadline": "2027-01-10",
         "done": False},
        {"row_id": "b", "task": "Share the plan", "owner": "Ben", "deadline": "2027-01-12",
         "done": False}]}
    status, item, section, outputs = views({"next-steps": tasks}, "next-steps")
    assert outputs["status"]["text"] == "0 of 2 tasks done."
    assert outputs["status"]["status"] == "incomplete"
    assert not status["complete"] and status["words"] == "0% done"
    assert status["missing"] == ["Not done yet: Call the county",
                                 "Not done yet: Share the plan"]
    assert item["progress"] == "0% done" and section["complete"] is False
    tasks["steps"][0]["done"] = tasks["steps"][1]["done"] = True
    assert views({"next-steps": tasks}, "next-steps")[0]["complete"]


def test_a_checklist_with_a_provider_name_and_no_rating_is_not_complete() -> None:
    values = {"checklists": [{"row_id": "c1", "provider": "Harbor Counseling"}]}
    status, item, section, outputs = views({"partner-checklist": values},
                                           "partner-checklist")
    assert status["started"] and not status["complete"]
    assert status["missing"] == ["A rating on Checklist 1 (Harbor Counseling)"]
    assert item["progress"] != "Complete" and "Harbor Counseling" in section["missing"]
    assert outputs["suggested"]["status"] == "incomplete"
    assert "Still missing: A rating on Checklist 1" in said(outputs)


def test_optional_is_part_of_the_definitions_language() -> None:
    goal = runtime.schema().worksheet("goal")
    optional = {spec.id for spec in goal.value_fields if spec.optional}
    assert optional == {"increase_percent", "target_count", "caseload"}
    assert goal.field("caseload").as_data()["optional"] is True
    assert "caseload" not in {spec.id for spec in completion.required_fields(goal)}


@pytest.mark.parametrize("fixture", ["full", "partial"])
@pytest.mark.parametrize("worksheet", sorted(
    json.loads((ROOT / "tests" / "fixtures" / "states" / "full.json").read_text())
    ["worksheets"]))
def test_the_start_page_and_the_worksheet_agree(worksheet: str, fixture: str) -> None:
    state = fixture_state(fixture)
    status = runtime.status(worksheet, state, TODAY)
    outputs = runtime.compute(worksheet, state, TODAY)
    board = runtime.build_dashboard(state, TODAY)
    item = next((i for i in board["items"] if i["worksheet"] == worksheet), None)
    section = next(s for s in runtime.build_report(state, TODAY)["sections"]
                   if s["id"] == worksheet)
    words = said(outputs).casefold()
    if item is None:
        assert not status["started"]
    else:
        assert item["progress"] == status["words"]
        assert item["complete"] == status["complete"]
        assert item["missing"] == status["missing"]
    assert section["complete"] == status["complete"]
    if "still missing" in words:  # the worksheet names a gap: no view says complete
        assert not status["complete"] and status["missing"]
    if status["complete"]:
        assert "still missing" not in words and not status["missing"]
        assert all(o["status"] != "error" for o in outputs.values())
    else:
        assert status["words"] != "Complete"
        assert section["missing"] or not status["started"] or not status["missing"]
