"""The dashboard and the full report, built natively from fixture states."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT

from browser_py.page import runtime

pytestmark = pytest.mark.browser  # it reads the built site's definitions

STATES = Path(__file__).parent / "fixtures" / "states"
NOW = "2026-11-28T10:00:00Z"


@pytest.fixture(scope="module", autouse=True)
def loaded(site_dir: Path) -> None:
    runtime.setup((site_dir / "assets" / "toolkit" / "worksheets.json").read_text())


def partial() -> dict:
    return json.loads((STATES / "partial.json").read_text())


def complete() -> dict:
    """Every worksheet with every field holding a non-empty value of the right shape, but
    the optional ones (left empty: they never count as missing)."""
    schema = runtime.schema()
    state = {}
    for worksheet_id in schema.worksheet_ids:
        values = {}
        for spec in schema.worksheet(worksheet_id).value_fields:
            if not spec.optional:
                values[spec.id] = filled_value(spec)
        state[worksheet_id] = values
    state["goal"]["increase_percent"] = "12"  # one of the goal's either-or boxes
    state["needs-estimate"]["enrollment"] = "4000"  # more than the goal's target
    # Every box of the costs is optional (defaults may stand in): the assumptions the
    # approach chosen above needs, and shares of coverage that add up to 100%.
    state["costs"] = {
        "hire_role": "school-counselor", "supervision": "5000", "space": "2000",
        "contract_basis": "per-session", "sessions_per_student": "12", "session_rate": "150",
        "partner_space": "0", "coordinator_percent": "20", "coordinator_cost": "90000",
        "transport": "1000", "salary": "61710", "benefits_rate": "30",
        "coverage": {"medicaid": {"share": "50"}, "private": {"share": "40"},
                     "none": {"share": "10"}}}
    state["funding"] = {"sources": [{"row_id": "general-fund", "source": "General fund",
                                     "amount": "250000", "first_year": "2026-27",
                                     "last_year": "2030-31", "pays_for": "any"}]}
    return {"worksheets": state}


def filled_value(spec):
    if spec.type == "checkbox":
        return True
    if spec.type in ("choice", "rating"):
        return [spec.options[0].id] if spec.multiple else spec.options[0].id
    if spec.type == "date":
        return "2027-01-15"
    if spec.type == "number":
        return "12"
    if spec.type == "table":
        cells = {c.id: filled_value(c) for c in spec.columns}
        if spec.add_rows:
            return [{"row_id": "r1", **cells}]
        return {row.id: dict(cells) for row in spec.rows}
    if spec.type == "repeat":
        return [{"row_id": "r1", **{f.id: filled_value(f) for f in spec.item_fields}}]
    if spec.type == "ratings":
        return {"r1": spec.options[0].id}
    return "Entered text"


def test_empty_dashboard_shows_the_suggested_path() -> None:
    board = runtime.build_dashboard({"worksheets": {}}, NOW)
    assert board["empty"] is True
    assert board["items"] == []
    # Every step of the practice after the start page, in the site's order: the
    # agreements and the report included.
    assert [step["page"] for step in board["path"]] == [
        "approaches/", "working-group/", "needs-and-goals/", "costs/", "partner-checklist/",
        "provider-questions/", "partnerships/", "report/"]
    assert [step["title"] for step in board["path"]][-2:] == [
        "Agreements and check-ins", "Full report"]
    # The start page's own written path lists the same pages, in the same order.
    written = (ROOT / "content" / "index.md").read_text().split("## A suggested path")[1]
    linked = re.findall(r"^\d+\. \[[^\]]+\]\(([a-z-]+)\.md\)", written.split("\n## ")[0],
                        re.MULTILINE)
    assert [f"{page}/" for page in linked] == [step["page"] for step in board["path"]]
    assert board["next"] == {"worksheet": "district", "title": "Your district", "page": "",
                             "page_title": "Start here", "progress": "Not started",
                             "started": False}


def test_partial_dashboard_lists_started_worksheets_with_results() -> None:
    board = runtime.build_dashboard(partial(), NOW)
    assert board["empty"] is False
    started = {item["worksheet"]: item for item in board["items"]}
    assert set(started) == {"district", "needs-estimate", "gaps"}
    needs = started["needs-estimate"]
    assert needs["page"] == "needs-and-goals/"
    assert needs["progress"] == "75% done"
    assert any("300" in result["text"] for result in needs["results"])
    # The first part not complete in the practice's order: the district is named.
    assert board["next"]["worksheet"] == "approaches"
    assert board["next"]["started"] is False


def full() -> dict:
    return json.loads((STATES / "full.json").read_text())


def test_dashboard_names_what_needs_attention_and_counts_plan_steps() -> None:
    board = runtime.build_dashboard(full(), "2026-12-02")
    started = {item["worksheet"]: item for item in board["items"]}
    plan = started["project-plan"]
    # Every field of the plan is filled in, but 3 of its 15 steps are done.
    assert plan["progress"] == "20% done" and plan["complete"] is False
    results = {result["label"]: result for result in plan["results"]}
    overdue = results["Overdue steps"]["names"]
    assert len(overdue) == 2 and all("(due November 15, 2026, " in name for name in overdue)
    upcoming = results["The next five deadlines"]["names"]
    assert upcoming[0].endswith("(due December 10, 2026, Priya Raman)")
    assert len(upcoming) == 5
    coverage = next(r for r in started["working-group"]["results"])
    assert coverage["names"] == ["Who has worked with the district's legal and procurement teams?",
                                 "Who represents school-based staff?"]
    waiting = next(r for r in started["partner-compare"]["results"]
                   if r["label"].startswith("Open follow-up"))
    assert waiting["names"] and all("open question" in name for name in waiting["names"])
    # The first part not complete, in the practice's order: the plan (its steps).
    assert board["next"] == {"worksheet": "project-plan", "title": "Project plan",
                             "page": "working-group/",
                             "page_title": "Working group and project plan",
                             "progress": "20% done", "started": True}


def test_long_lists_of_names_are_cut_with_a_count() -> None:
    from browser_py.page.dashboard import _names
    assert _names({"names": [f"Step {i}" for i in range(8)]}) == [
        "Step 0", "Step 1", "Step 2", "Step 3", "and 4 more"]
    assert _names({"names": ["A", "B"]}) == ["A", "B"]


def test_complete_only_when_every_part_is_done() -> None:
    from browser_py.core.completion import Completion
    assert Completion(False, 0, 4).words == "Not started"
    assert Completion(True, 3, 4).words == "75% done"
    assert Completion(True, 199, 200).words == "99% done"
    assert Completion(True, 4, 4).words == "Complete"
    assert Completion(True, 0, 0).words == "Started"
    # Every part counted, yet something still missing: never "Complete".
    assert Completion(True, 4, 4, ("A rating",)).words == "Almost done"
    assert not Completion(True, 4, 4, ("A rating",)).complete


def test_complete_dashboard_marks_every_worksheet_complete() -> None:
    board = runtime.build_dashboard(complete(), NOW)
    assert len(board["items"]) == len(runtime.schema().worksheet_ids)
    assert {item["progress"] for item in board["items"]} == {"Complete"}
    assert not any(item["missing"] for item in board["items"])
    report = runtime.build_report(complete(), NOW)
    assert all(section["complete"] and not section["missing"]
               for section in report["sections"])


def test_report_keeps_every_section_in_order_and_says_when_empty() -> None:
    report = runtime.build_report(partial(), NOW)
    titles = [section["title"] for section in report["sections"]]
    assert len(titles) == len(runtime.schema().worksheet_ids)
    assert report["sections"][0]["id"] == "district"
    empty = {s["id"]: s["empty"] for s in report["sections"]}
    assert empty["needs-estimate"] is False and empty["approaches"] is True
    assert report["district"] == "Lakeside Unified"


def test_report_holds_only_what_was_entered_or_computed() -> None:
    report = runtime.build_report(partial(), NOW)
    needs = next(s for s in report["sections"] if s["id"] == "needs-estimate")
    table = next(b for b in needs["blocks"] if b["type"] == "table")
    # Untouched starter rows are prompts, not entries: only the filled row is reported.
    assert table["rows"] == [["Mental health screeners", "300", ""]]
    assert any(b["type"] == "result" for b in needs["blocks"])


def test_markdown_and_html_downloads() -> None:
    state = partial()
    markdown = runtime.report_file(state, NOW, "markdown")
    assert markdown["filename"] == "partnership-plan-2026-11-28.md"
    # "|" is written as a character reference: it cannot split the table's cell.
    assert "Tier 2 support in middle schools &#124; after school" in markdown["text"]
    assert "*Nothing entered yet.*" in markdown["text"]
    page = runtime.report_file(state, NOW, "html")["text"]
    assert page.startswith("<!doctype html>")
    assert "<script" not in page and "http" not in page.split("</head>")[0].replace(
        "http-equiv", "")
    assert "Lakeside Unified" in page


def test_html_report_escapes_entries() -> None:
    state = {"worksheets": {"goal": {"goal": "<script>alert(1)</script> & more"}}}
    page = runtime.report_file(state, NOW, "html")["text"]
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_report_shows_each_checklists_verdict_not_its_ratings() -> None:
    state = {"worksheets": {"partner-checklist": {"checklists": [{
        "row_id": "c1", "provider": "Valley Health", "completed_by": "Ana",
        "date": "2026-11-02", "ratings": {"must-services": "agree", "must-cost": ""},
        "evidence_must": "", "evidence_nice": "", "verdict": "meets"}]}}}
    report = runtime.build_report(state, NOW)
    section = next(s for s in report["sections"] if s["id"] == "partner-checklist")
    # The ratings are set side by side in "Compare providers"; here each verdict.
    assert [block["type"] for block in section["blocks"]] == ["result"]
    verdicts = section["blocks"][0]
    assert verdicts["label"] == "Suggested verdicts"
    row = verdicts["rows"][0]
    assert "Valley Health" in row and "Ana" in row
    assert "row_id" not in json.dumps(section)


def test_report_gives_the_district_profile_only_as_its_suppressed_packet() -> None:
    state = {"worksheets": {"needs-estimate": {"enrollment": "4213"},
                            "provider-questions": {"ermhs_students": "7"}}}
    report = runtime.build_report(state, NOW)
    section = next(s for s in report["sections"] if s["id"] == "provider-questions")
    assert section["empty"] is False
    assert all(block["type"] == "result" for block in section["blocks"])
    rows = [row for block in section["blocks"] for row in block["rows"]]
    ermhs = [row for row in rows if "ERMHS" in row[0]]
    assert ermhs and all(row[1].endswith(": <10") for row in ermhs), ermhs
    assert all("7" not in row[1] for row in rows)


def test_report_shows_the_comparison_made_from_the_checklists() -> None:
    state = full()
    state["worksheets"].pop("partner-compare")  # the sort was never chosen
    report = runtime.build_report(state, "2026-12-02")
    compare = next(s for s in report["sections"] if s["id"] == "partner-compare")
    assert compare["empty"] is False
    assert any(b["type"] == "result" and b["columns"][0] == "Criterion"
               for b in compare["blocks"])
    assert "Compare providers" not in report["summary"]["not_started"]
