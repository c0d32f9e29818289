"""What the full report holds for a reader: results where a worksheet's entries are
raw ratings or a document of its own, and where each agreement stands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser_py.core import definitions
from browser_py.core.errors import DefinitionError
from browser_py.documents import report

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
TODAY = "2026-12-02"


@pytest.fixture(scope="module")
def sections(native_runtime) -> dict[str, dict[str, Any]]:
    built = native_runtime.build_report(json.loads(FULL.read_text()), TODAY)
    return {section["id"]: section for section in built["sections"]}


def labels(section: dict[str, Any], kind: str) -> list[str]:
    return [block["label"] for block in section["blocks"] if block["type"] == kind]


def test_checklists_show_their_verdicts_not_every_rating(sections) -> None:
    checklists = sections["partner-checklist"]
    assert labels(checklists, "field") == [] and labels(checklists, "table") == []
    assert labels(checklists, "result") == ["Suggested verdicts"]


def test_agreements_show_where_each_stands_and_leave_the_outlines_to_their_files(
        sections) -> None:
    agreements = sections["agreements"]
    assert labels(agreements, "result") == ["Where each agreement stands",
                                            "The referral pathway each agreement follows"]
    overview = next(block for block in agreements["blocks"] if block["type"] == "result")
    assert overview["columns"] == ["Provider", "How the district works with it",
                                   "Services start", "Review or renewal", "Outline"]
    first, second = overview["rows"]
    # The fixture has no costs or funding: "Who pays for what" is the first one's gap.
    assert first == ["Lakeside Family Counseling Center",
                     "A partnership at no cost to the district", "January 11, 2027",
                     "June 30, 2027", "11 of 12 parts filled. Still missing: Who pays for what"]
    assert second == ["Bayview Community Mental Health Services",
                      "A partnership at no cost to the district", "Not set", "Not set",
                      "5 of 12 parts filled. Still missing: Parties; Services; Students and "
                      "schools; Schedule; Roles and responsibilities; Who pays for what; "
                      "Review, renewal and exit"]
    assert "Agreement outlines" in overview["text"]


def test_the_plan_leaves_out_its_calendar_file_and_the_deadlines_its_table_holds(
        sections) -> None:
    results = labels(sections["project-plan"], "result")
    assert "What the calendar file holds" not in results
    assert "The next five deadlines" not in results
    assert results[:3] == ["Progress by phase", "Overdue steps", "Steps without an owner"]


@pytest.mark.parametrize("worksheet", ["approaches", "location-format", "referral-pathway"])
def test_worksheets_whose_results_set_out_their_entries_show_the_results(
        sections, worksheet: str) -> None:
    section = sections[worksheet]
    assert labels(section, "field") == [] and labels(section, "table") == []
    assert labels(section, "result")


@pytest.mark.parametrize(("report", "shown"), [(False, False), (True, True), (None, True)])
def test_an_output_says_whether_the_report_shows_it(report, shown: bool) -> None:
    output = {"id": "out", "label": "Out", "function": "needs_summary"}
    if report is not None:
        output["report"] = report
    sheet = definitions.check_worksheet(
        {"id": "sheet", "title": "A sheet", "fields": [{"id": "a", "type": "text",
                                                       "label": "A"}],
         "computed": [output]}, "sheet.yml", {"needs_summary"})
    assert sheet.computed[0].report is shown


def test_report_must_be_true_or_false() -> None:
    with pytest.raises(DefinitionError, match='true or false for "report"'):
        definitions.check_worksheet(
            {"id": "sheet", "title": "A sheet",
             "fields": [{"id": "a", "type": "text", "label": "A"}],
             "computed": [{"id": "out", "label": "Out", "function": "needs_summary",
                           "report": "no"}]}, "sheet.yml", {"needs_summary"})


def test_the_rosters_ticks_read_as_one_list_per_member(sections) -> None:
    roster = next(block for block in sections["working-group"]["blocks"]
                  if block["type"] == "table")
    assert roster["columns"] == ["Position", "Name of working group member",
                                 "Roles and responsibilities in the working group",
                                 "Guiding questions they help answer"]
    state = json.loads(FULL.read_text())["worksheets"]["working-group"]["members"]
    labels_of = {"knows_services": "Knows current services and gaps",
                 "knows_legal": "Knows the legal and procurement teams",
                 "community_ties": "Has relationships with community organizations",
                 "represents_staff": "Represents school-based staff",
                 "represents_families": "Represents families"}
    expected = ["\n".join(label for key, label in labels_of.items() if member.get(key))
                for member in state if member.get("name")]
    assert [row[3] for row in roster["rows"]] == expected


def test_ticks_label_needs_two_checkbox_columns() -> None:
    table = {"id": "t", "type": "table", "label": "T", "add_rows": True,
             "ticks_label": "Ticked",
             "columns": [{"id": "a", "type": "text", "label": "A"},
                         {"id": "b", "type": "checkbox", "label": "B"}]}
    with pytest.raises(DefinitionError, match="two or more checkbox columns"):
        definitions.check_worksheet({"id": "sheet", "title": "A sheet", "fields": [table]},
                                    "sheet.yml", set())


@pytest.mark.parametrize(("label", "shown"), [
    ("Our own estimate (enter it below)", "Our own estimate"),
    ("Particular schools (name them below)", "Particular schools"),
    ("Other groups (describe below)", "Other groups"),
    ("Tier 2 (small groups)", "Tier 2 (small groups)"),
])
def test_the_report_leaves_out_the_forms_notes_in_option_labels(label: str,
                                                                 shown: str) -> None:
    assert report.for_reader(label) == shown


def test_no_form_note_reaches_the_full_report(native_runtime) -> None:
    built = native_runtime.report_file(json.loads(FULL.read_text()), TODAY, "markdown")
    text = built["text"]
    for note in ("(enter it below)", "(describe below)", "(name them below)"):
        assert note not in text, note
    assert "Our own estimate" in text
