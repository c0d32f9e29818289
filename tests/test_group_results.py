"""Results counted from the district's files stay: the students with a need by group are
saved with the entries (counts and the groups' names, never a student), so the
over-representation check is worked out again after a reload, exported and imported,
shown in the report and suppressed in every shareable output; a row counted from a file
below rows typed by hand says that their students cannot be matched, and the total says
it may count some students twice."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from test_publication import (
    assert_publication_safe,
    count_parts,
    publication,
    shareable_texts,
    standing_alone,
)
from test_shareable import TODAY, full_state, result, section

from browser_py.core.errors import DefinitionError
from browser_py.documents import report
from generator.definitions import parse_worksheet

ROOT = Path(__file__).resolve().parent.parent
GROUPS = "Are some groups over-represented?"


def with_groups(state: dict[str, Any], need: dict[str, int],
                enrolled: dict[str, int]) -> dict[str, Any]:
    """``state`` with the referrals row counted from a grouped file: the students with a
    need by school as saved, and each school's enrollment typed."""
    state = copy.deepcopy(state)
    sheet = state["worksheets"]["needs-estimate"]
    rows = {row["row_id"]: row for row in sheet["sources"]}
    rows["screeners"]["from_file"] = True
    sheet["group_by"] = "School"
    sheet["group_need"] = [{"row_id": f"group-{n}", "group": name, "students": str(count)}
                           for n, (name, count) in enumerate(need.items(), start=1)]
    sheet["group_enrollment"] = [{"row_id": f"g{n}", "group": name, "enrolled": str(count)}
                                 for n, (name, count) in enumerate(enrolled.items(), start=1)]
    return state


#: Lincoln Middle: 104 of 400 students with a need (26%); all others 60 of 800 (7.5%).
FLAGGED = ({"Lincoln Middle": 104, "Roosevelt Middle": 30, "Jefferson Middle": 30},
           {"Lincoln Middle": 400, "Roosevelt Middle": 400, "Jefferson Middle": 400})


def test_the_comparison_is_worked_out_again_from_the_saved_counts(native_runtime) -> None:
    """Measured before: a school flagged at a risk ratio of 3.47 disappeared on reload.
    The counts are entries now: what the page restores gives the same result."""
    state = with_groups(full_state(), *FLAGGED)
    saved = native_runtime.restore(state)["state"]  # as the page keeps it, then reloads
    assert saved["worksheets"]["needs-estimate"]["group_need"] == state["worksheets"][
        "needs-estimate"]["group_need"]
    groups = native_runtime.compute("needs-estimate", saved, TODAY)["groups"]
    rows = {row[0]: row for row in groups["rows"]}
    assert rows["Lincoln Middle"] == ["Lincoln Middle", "104", "400", "26.0%", "3.47",
                                      "Over-represented"]
    assert groups["text"].endswith("Over-represented (risk ratio 3.00 or more): "
                                   "Lincoln Middle.")
    assert groups["columns"] == ["Group", "Students with a need", "Enrolled", "Risk",
                                 "Risk ratio", "Note"]
    assert ["Lincoln Middle", "3.47 (26.0% against 7.5% of all others)"] in groups[
        "chart"]["rows"]
    # Never a student number: the saved entries hold counts and the groups' names only.
    kept = json.dumps(saved["worksheets"]["needs-estimate"]["group_need"])
    assert set(json.loads(kept)[0]) == {"row_id", "group", "students"}


def test_the_report_shows_the_comparison_as_the_worksheet_does(native_runtime) -> None:
    state = with_groups(full_state(), *FLAGGED)
    page = native_runtime.compute("needs-estimate", state, TODAY)["groups"]
    built = native_runtime.build_report(state, TODAY)
    shown = result(built, "needs-estimate", GROUPS)
    assert (shown["text"], shown["rows"]) == (page["text"], page["rows"])
    # The saved counts are shown through the result only, never as a table of entries.
    labels = [block["label"] for block in section(built, "needs-estimate")["blocks"]]
    assert not any("counted from your files" in label for label in labels)
    for kind in ("markdown", "html"):
        text = native_runtime.report_file(state, TODAY, kind)["text"].replace("\\", "")
        assert "Lincoln Middle" in text and "3.47" in text


def test_the_comparison_is_exported_and_the_import_accepts_it(native_runtime) -> None:
    import jsonschema

    state = with_groups(full_state(), *FLAGGED)
    exported = native_runtime.export(state, "2026-12-02T10:00:00Z", today=TODAY)
    document = json.loads(exported["document"])
    jsonschema.validate(document, json.loads(
        (ROOT / "content" / "export-format.schema.json").read_text()))
    needs = document["worksheets"]["needs-estimate"]
    assert needs["values"]["group_need"] == state["worksheets"]["needs-estimate"]["group_need"]
    assert needs["values"]["group_by"] == "School"
    assert needs["values"]["sources"][0]["from_file"] is True
    assert "Lincoln Middle" in needs["computed"]["groups"]
    preview = native_runtime.preview_import({"worksheets": {}}, text=exported["document"])
    assert preview["ok"], preview
    imported = preview["state"]
    assert imported["worksheets"]["needs-estimate"]["group_need"] == needs["values"][
        "group_need"]
    assert native_runtime.compute("needs-estimate", imported, TODAY)["groups"] == \
        native_runtime.compute("needs-estimate", state, TODAY)["groups"]


def test_entries_saved_before_the_counts_were_kept_still_load(native_runtime) -> None:
    """Entries of an earlier version (no mark of a row counted from a file, no counts by
    group) load and export as before: nothing is set aside, the totals are the same."""
    before = full_state()
    assert "group_need" not in before["worksheets"]["needs-estimate"]
    restored = native_runtime.restore(before)
    assert restored["set_aside"] == [] and restored["messages"] == []
    outputs = native_runtime.compute("needs-estimate", before, TODAY)
    assert outputs["summary"]["text"] == "Total student need: 2,895. Unmet need: 2,285."
    assert outputs["groups"]["text"].startswith("Not checked: no row has been counted")
    exported = native_runtime.export(before, "2026-12-02T10:00:00Z", today=TODAY)
    assert native_runtime.preview_import({"worksheets": {}},
                                         text=exported["document"])["ok"]


def test_a_file_row_below_a_typed_row_says_its_students_may_be_counted_twice(
        native_runtime) -> None:
    """Measured before: a row counted from a file said "1,150 not in an earlier file"
    although a typed row above it may hold the same students, and the total said
    nothing."""
    state = full_state()
    rows = {row["row_id"]: row for row in state["worksheets"]["needs-estimate"]["sources"]}
    rows["referrals"]["from_file"] = True
    summary = native_runtime.compute("needs-estimate", state, TODAY)["summary"]
    assert summary["text"] == ("Total student need: 2,895 (it may count some students "
                               "twice). Unmet need: 2,285.")
    assert ("“Referrals for mental health support or services” was counted from a district "
            "file: the students of “Mental health screeners”, typed above it, cannot be "
            "matched against the file, so some of them may be counted again in its students "
            "not already counted.") in summary["messages"]
    # The report's summary, its section and the shareable version say the same.
    for shareable in (False, True):
        built = native_runtime.build_report(state, TODAY, shareable=shareable)
        figure = {item["label"]: item["text"] for item in built["summary"]["items"]}
        assert "(it may count some students twice)" in figure[
            "Total student need and unmet need"]
        assert any("cannot be matched against the file" in message for message in result(
            built, "needs-estimate", "Total student need")["messages"])
    # Rows counted together from files, above the typed rows: matched, nothing to say.
    rows["referrals"]["from_file"] = False
    rows["screeners"]["from_file"] = True
    summary = native_runtime.compute("needs-estimate", state, TODAY)["summary"]
    assert "twice" not in summary["text"]
    assert not any("cannot be matched" in m for m in summary["messages"])


def test_the_comparison_is_suppressed_in_every_shareable_output(native_runtime) -> None:
    """A school with 7 students with a need: "<10" on the worksheet and in the full
    report (the comparison hides its own small counts), and in the shareable version,
    the packet and the agreement files; another count is hidden so that the total does
    not give it away, and no risk or ratio built on them is shown."""
    need, enrolled = dict(FLAGGED[0]), dict(FLAGGED[1])
    need["Harbor Academy"], enrolled["Harbor Academy"] = 7, 60
    state = with_groups(full_state(), need, enrolled)
    page = {row[0]: row for row in native_runtime.compute(
        "needs-estimate", state, TODAY)["groups"]["rows"]}
    assert page["Harbor Academy"][1:] == ["<10", "60", "hidden", "hidden",
                                          "Too few students to show"]
    built = native_runtime.build_report(state, TODAY, shareable=True)
    shared = {row[0]: row for row in result(built, "needs-estimate", GROUPS)["rows"]}
    assert shared["Harbor Academy"][1] == "<10"
    assert sorted(row[1] for row in shared.values()).count("hidden") == 1
    assert all(row[4] in ("", "hidden") for row in shared.values()
               if row[1] in ("<10", "hidden"))
    assert_publication_safe(publication(native_runtime, state))
    texts = shareable_texts(native_runtime, state)
    packet = texts["packet.html"]
    assert "Are some groups of students over-represented" in packet
    for name, text in texts.items():
        assert not standing_alone(7, count_parts(name, text)), name
    # The full report, for the team, shows the worksheet's own result.
    full = result(native_runtime.build_report(state, TODAY), "needs-estimate", GROUPS)
    assert {row[0]: row for row in full["rows"]}["Harbor Academy"][1] == "<10"


def test_counts_by_group_that_could_give_a_file_rows_hidden_count_away_are_hidden(
        native_runtime) -> None:
    """The counts by group add up students of the rows counted from files: when such a
    row's count is hidden, every count by group reads "hidden", saying why."""
    state = with_groups(full_state(), *FLAGGED)
    rows = {row["row_id"]: row for row in state["worksheets"]["needs-estimate"]["sources"]}
    rows["screeners"]["from_file"], rows["crisis-events"]["from_file"] = False, True
    rows["crisis-events"]["new"] = "7"
    built = native_runtime.build_report(state, TODAY, shareable=True)
    groups = result(built, "needs-estimate", GROUPS)
    assert {row[1] for row in groups["rows"]} == {"hidden"}
    assert {row[4] for row in groups["rows"]} == {"hidden"}
    assert any("a row counted from your files has a hidden count" in message
               for message in groups["messages"])
    sharing = publication(native_runtime, state)
    assert sharing.worksheets["needs-estimate"].outputs["groups"].chart is None
    assert_publication_safe(sharing)


def test_the_comparison_reads_the_editions_flag(native_runtime) -> None:
    from browser_py.core.computations import Context
    from browser_py.worksheets.needs import needs_groups

    values = with_groups(full_state(), *FLAGGED)["worksheets"]["needs-estimate"]
    flagged = needs_groups(values, Context(settings={"risk_ratio_threshold": "4"}))
    assert flagged.text.endswith("No group reaches a risk ratio of 4.00.")


NEEDS_YAML = (ROOT / "content" / "worksheets" / "needs-estimate.yml").read_text()


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("counted: from_file", "counted: new",
     'expected "count_from_files" naming a checkbox column of "sources" as "counted"'),
    ("groups: group_need", "groups: group_enrollment",
     'expected "group_enrollment" with a text column "group" and a number column "students"'),
    ("group_by: group_by", "group_by: enrollment",
     'expected "count_from_files" naming a text field of this worksheet as "group_by"'),
])
def test_where_the_counts_are_kept_is_checked_at_build(old: str, new: str,
                                                       expected: str) -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY

    with pytest.raises(DefinitionError) as caught:
        parse_worksheet(NEEDS_YAML.replace(old, new), "needs-estimate.yml", REGISTRY, ACTIONS)
    assert expected in str(caught.value)


def test_the_fields_the_files_fill_are_not_asked_for(native_runtime) -> None:
    sheet = native_runtime.schema().worksheet("needs-estimate")
    assert sheet.filled_by_files == {"group_need", "group_by"}
    assert sheet.counted_column("sources") == "from_file"
    assert sheet.counted_column("group_enrollment") == ""
    assert report.TITLE  # the report module loads with the worksheets


def test_every_cell_of_the_comparison_is_kept_or_marked(native_runtime) -> None:
    from test_shareable import MARKS, cell_pairs

    need, enrolled = dict(FLAGGED[0]), dict(FLAGGED[1])
    need["Harbor Academy"], enrolled["Harbor Academy"] = 7, 60
    state = with_groups(full_state(), need, enrolled)
    full = native_runtime.build_report(state, TODAY)
    shared = native_runtime.build_report(state, TODAY, shareable=True)
    seen = 0
    for where, label, cell, shared_cell in cell_pairs(full, shared):
        if label.startswith(GROUPS):
            seen += 1
        if cell:
            assert shared_cell, (where, label, cell)
        if shared_cell != cell:
            assert shared_cell in MARKS, (where, label, cell, shared_cell)
    assert seen == 4 * 6
