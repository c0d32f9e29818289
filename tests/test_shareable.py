"""The report's shareable version: no count of students under the threshold, and none
that would reveal one, in the page's report, its summary and both downloads; the full
report is unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_suppression import assert_nothing_recoverable_jointly

from browser_py.core.computations import Context
from browser_py.core.suppression import SHOWN, shown_text, suppress
from browser_py.documents import shareable

FIXTURE = Path(__file__).parent / "fixtures" / "states" / "full.json"
TODAY = "2026-12-02"


def full_state() -> dict[str, Any]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def small_state() -> dict[str, Any]:
    """The full fixture with a few small counts: two sources, a service, survey answers."""
    state = full_state()
    sheets = state["worksheets"]
    rows = {row["row_id"]: row for row in sheets["needs-estimate"]["sources"]}
    rows["crisis-events"]["new"] = "7"
    rows["assessments"]["new"] = "4"
    sheets["existing-services"]["services"].append(
        {"row_id": "svc-small", "service": "Grief group", "provider": "District staff",
         "tier": ["tier-2"], "schools": "Eastside High", "students": "6", "funding": "Grant"})
    sheets["surveys"]["recommend"] = {"yes": {"people": "31"}, "no": {"people": "3"}}
    for score in range(1, 11):
        sheets["surveys"]["satisfaction"][f"score-{score}"] = {"people": str(score * 4)}
    return state


COUNT_SECTIONS = ("Existing services", "Estimate student need", "Stakeholder survey results",
                  "Our goal", "Partner check-ins")


def counts_sections(text: str, kind: str) -> str:
    """The parts of a downloaded report holding the worksheets with counts of students."""
    mark = "\n## " if kind == "markdown" else "<h2>"
    parts = text.split(mark)
    kept = [part for part in parts if part.startswith(COUNT_SECTIONS)]
    assert len(kept) == len(COUNT_SECTIONS), [p[:30] for p in parts]
    return mark.join(kept)


def section(built: dict[str, Any], worksheet: str) -> dict[str, Any]:
    return next(s for s in built["sections"] if s["id"] == worksheet)


def table(built: dict[str, Any], worksheet: str, label_start: str) -> list[list[str]]:
    block = next(b for b in section(built, worksheet)["blocks"]
                 if b["type"] == "table" and b["label"].startswith(label_start))
    return block["rows"]


def result(built: dict[str, Any], worksheet: str, label_start: str) -> dict[str, Any]:
    return next(b for b in section(built, worksheet)["blocks"]
                if b["type"] == "result" and b["label"].startswith(label_start))


def test_the_full_report_is_unchanged_and_says_nothing_of_sharing(native_runtime) -> None:
    state = small_state()
    built = native_runtime.build_report(state, TODAY)
    assert built["shareable"] == ""
    sources = table(built, "needs-estimate", "Student need by source")
    assert ["Crisis events resulting in removal from the classroom or school building",
            "95", "7"] == sources[2][:3]


def test_small_counts_and_those_that_reveal_them_are_hidden(native_runtime) -> None:
    built = native_runtime.build_report(small_state(), TODAY, shareable=True)
    sources = {row[0]: row[1:3] for row in table(built, "needs-estimate",
                                                  "Student need by source")}
    assert sources["Crisis events resulting in removal from the classroom or school building"
                   ] == ["hidden", "<10"]  # a source's two numbers are hidden together
    assert sources["Suicide assessments and threat assessments conducted by school staff"
                   ] == ["hidden", "<10"]
    # Two small parts of the need protect each other; every other count is shown.
    assert sources["Mental health screeners"] == ["1,240", ""]  # its second cell was empty
    services = {row[0]: row for row in table(built, "existing-services", "Services")}
    assert services["Grief group"][4] == "<10"
    # The grief group is the only small service: the smallest other one is hidden, and
    # the total stays.
    shown = [row[4] for name, row in services.items() if name != "Grief group"]
    assert "hidden" in shown
    total = result(built, "existing-services", "Students served")
    assert total["text"].endswith(": 616.")
    # A tier's sum holding a hidden count reads "hidden" too, saying why; none is dropped.
    assert total["columns"] == ["Tier", "Services", "Students served per year"]
    assert total["rows"] == [["Tier 2", "2", "hidden"], ["Tier 3", "1", "hidden"]]
    assert any("tier's sum would give it away" in m for m in total["messages"])
    recommend = result(built, "surveys", "Would recommend")
    assert recommend["text"] == ("34 people answered. How many would recommend the services "
                                 "is hidden, because fewer than 10 answered no and the total "
                                 "is shown.")
    assert table(built, "surveys", "Would you recommend") == [["Yes", "hidden"], ["No", "<10"]]
    satisfaction = result(built, "surveys", "Satisfaction")
    assert satisfaction["text"].startswith("220 people answered. The average and the spread")
    assert not satisfaction["columns"] and "Average" not in satisfaction["text"]
    # 7 and 4 (sources), 6 (a service) and 3 (a "no"); hidden with them: the two
    # sources' other numbers, a service and the "yes".
    assert "4 counts under 10 shown as “<10”; 4 others shown as “hidden”" in built["shareable"]


def test_the_summary_and_downloads_carry_the_shared_figures(native_runtime) -> None:
    state = small_state()
    state["worksheets"]["needs-estimate"]["addressed_from"] = "services"
    built = native_runtime.build_report(state, TODAY, shareable=True)
    needs = result(built, "needs-estimate", "Total student need")
    summary = {item["label"]: item["text"] for item in built["summary"]["items"]}
    assert summary["Total student need and unmet need"] == needs["text"]
    # The need addressed is the services' total: hidden or shown the same on both.
    services_total = result(built, "existing-services", "Students served")["text"]
    addressed = dict(needs["rows"])[
        "Student need already addressed (existing services total)"]
    assert services_total.endswith(f": {addressed}.")
    for kind in ("markdown", "html"):
        file = native_runtime.report_file(state, TODAY, kind, shareable=True)
        assert file["filename"].startswith("partnership-plan-shareable-")
        assert "Shareable version: every count of students under 10" in file["text"]
        assert "Crisis events" in file["text"]
        counted = counts_sections(file["text"], kind)
        for small in ("7", "4", "6"):  # the sweep below covers sentences too
            assert f"| {small} |" not in counted and f"<td>{small}</td>" not in counted
    plain = native_runtime.report_file(state, TODAY, "markdown")
    assert "Shareable version" not in plain["text"]
    assert "| 7 |" in counts_sections(plain["text"], "markdown")


def test_a_small_starting_point_hides_the_goal_built_on_it(native_runtime) -> None:
    state = full_state()
    state["worksheets"]["needs-estimate"]["addressed"] = "8"
    built = native_runtime.build_report(state, TODAY, shareable=True)
    sentence = result(built, "goal", "Our goal, as a sentence")["text"]
    # 25 percent more than 8 is 10: shown with the percentage, it would give 8 away, and
    # "<10" on either would narrow the other, so all read "hidden".
    assert "from hidden to hidden students" in sentence
    numbers = result(built, "goal", "What the goal means")
    assert dict(numbers["rows"])["Added capacity: more students with access to care"] == "hidden"
    rows = dict(numbers["rows"])
    assert rows["Full-time clinicians needed for the added capacity"] == "hidden"
    assert rows["Clinicians to hire or contract (whole people)"] == "hidden"
    assert rows["Unmet need left when the goal is met"] == "hidden"
    assert any("clinicians needed read “hidden”" in m for m in numbers["messages"])
    assert any("chart is left out" in m for m in numbers["messages"])
    assert not any(chart["id"] == "need-funnel" for chart in built["summary"]["charts"])
    full = native_runtime.build_report(state, TODAY)
    assert any(chart["id"] == "need-funnel" for chart in full["summary"]["charts"])


def test_nothing_in_the_ledger_can_be_worked_out(native_runtime) -> None:
    """The decisions for the whole report, attacked by a reader who combines every sum."""
    from browser_py.page.runtime import _context, restored

    entries = restored(small_state())
    ledger = shareable.Ledger()
    for worksheet, record in shareable.SHAREABLE.items():
        record(entries.worksheets.get(worksheet) or {}, _context(entries, TODAY), ledger)
    decisions = suppress(ledger.counts, ledger.groups, 10, ledger.linked, ledger.ordered)
    published = {k: shown_text(v, decisions[k], 10) for k, v in ledger.counts.items()}
    assert {k for k, d in decisions.items() if d.status != SHOWN} >= {
        "needs/new/crisis-events", "needs/new/assessments", "services/svc-small"}
    assert_nothing_recoverable_jointly(published, ledger.groups, ledger.counts, 10,
                                       tuple(ledger.ordered))


def test_every_worksheet_with_counts_is_shared_through_the_ledger(native_runtime) -> None:
    """A worksheet with a number field either registers how it is shared or prints its
    results only (the district profile, whose results are the suppressed packet)."""
    schema = native_runtime.schema()
    for worksheet_id, sheet in schema.worksheets.items():
        numbers = [f.id for f in sheet.fields if f.type == "number"
                   or any(c.type == "number" for c in f.columns)]
        if numbers:
            assert worksheet_id in shareable.SHAREABLE or sheet.print == "results", (
                worksheet_id, numbers)


@pytest.mark.parametrize(("yes", "no", "text"), [
    ("9", "9", "Not in the shareable version: “yes” and “no” were each given by fewer than "
               "10 people, so how many answered is hidden too."),
    ("3", "4", "Not in the shareable version: fewer than 10 people answered."),
    ("1e3", "4", "Not in the shareable version: the answers have entries to fix."),
])
def test_would_recommend(native_runtime, yes: str, no: str, text: str) -> None:
    state = full_state()
    state["worksheets"]["surveys"]["recommend"] = {"yes": {"people": yes},
                                                   "no": {"people": no}}
    built = native_runtime.build_report(state, TODAY, shareable=True)
    assert result(built, "surveys", "Would recommend")["text"] == text


def test_the_threshold_setting_is_used_and_said(native_runtime) -> None:
    sharing = shareable.share(small_state()["worksheets"],
                              Context(settings={"small_cell_threshold": 30}))
    assert sharing.threshold == 30
    assert "under 30" in shareable.note(sharing)
    needs = sharing.worksheets["needs-estimate"].cells
    assert needs[("sources", "crisis-events", "new")] == "<30"
    assert needs[("sources", "crisis-events", "indicated")] == "hidden"


@pytest.mark.parametrize(("answers", "expected"), [
    ({n: 12 for n in range(1, 11)}, "table"),
    ({1: 0, 2: 30, 3: 30}, "average only"),
    ({5: 3, 6: 2}, "not shared"),
])
def test_survey_scores(native_runtime, answers: dict[int, int], expected: str) -> None:
    state = full_state()
    for score in range(1, 11):
        state["worksheets"]["surveys"]["satisfaction"][f"score-{score}"] = {
            "people": str(answers.get(score, 0)) if score in answers else ""}
    built = native_runtime.build_report(state, TODAY, shareable=True)
    block = result(built, "surveys", "Satisfaction")
    if expected == "table":
        assert block["columns"] == ["Score", "People", "Share of answers"]
    elif expected == "average only":
        assert block["text"].startswith("60 people answered. The average") \
            and not block["columns"]
        # No score's count is shown, so the table of counts is left out.
        assert not any(b["type"] == "table" and b["label"].startswith("If you have used")
                       for b in section(built, "surveys")["blocks"])
        assert not section(built, "surveys")["empty"]
    else:
        assert block["text"] == "Not in the shareable version: fewer than 10 people answered."


SWEPT = ("Existing services", "Estimate student need", "Stakeholder survey results",
         "Our goal", "Partner check-ins")
SMALL = re.compile(r"(?<![\d.,:/-])\b([45678])\b(?![\d.,]*\d)")


def swept(text: str) -> list[str]:
    """Every 4 to 8 standing alone in the sections of the worksheets with counts of
    students (sentences and tables; percentages and decimals left out)."""
    sections = [p for p in text.replace("\\", "").split("\n## ") if p.startswith(SWEPT)]
    assert len(sections) == len(SWEPT)
    return [m.group(0) for part in sections for m in SMALL.finditer(part)]


def test_no_small_number_reaches_the_shareable_markdown(native_runtime) -> None:
    """A sweep: the small counts typed (7 and 4 for sources, 6 for a service, 8 for a
    "no", 5 students at a check-in) appear nowhere in those sections of the shareable
    file, while the full file shows every one of them."""
    state = small_state()
    state["worksheets"]["surveys"]["recommend"]["no"]["people"] = "8"
    state["worksheets"]["check-ins"]["checkins"][1]["seen"] = "5"
    shared = native_runtime.report_file(state, TODAY, "markdown", shareable=True)["text"]
    assert swept(shared) == []
    full = native_runtime.report_file(state, TODAY, "markdown")["text"]
    assert {"7", "4", "6", "8", "5"} <= set(swept(full))


def small_district() -> dict[str, Any]:
    """A district of 40 students: two sources (15; 12 of which 6 new), 12 addressed, a
    target of 19 by June 30, 2027, and one check-in with 12 referred and "seen" empty."""
    state = full_state()
    sheets = state["worksheets"]
    sheets["needs-estimate"] = {
        "enrollment": "40", "addressed_from": "typed", "addressed": "12",
        "sources": [{"row_id": "screeners", "source": "Mental health screeners",
                     "indicated": "15", "new": ""},
                    {"row_id": "referrals", "source": "Referrals", "indicated": "12",
                     "new": "6"}]}
    sheets["goal"].update({"by_date": "2027-06-30", "increase_percent": "",
                           "target_count": "19"})
    sheets["check-ins"] = {"began": "2027-01-11", "checkins": [
        {"row_id": "checkin-1", "date": "2027-02-02", "partner": "Lakeside Counseling",
         "referred": "12", "seen": "", "wait": ""}]}
    return state


def test_a_small_district_with_no_seen_count_publishes_no_pace(native_runtime) -> None:
    """The pace sentence names the goal's added capacity (7) and the count on pace: with
    no "seen" count it is left out, in the page's report and in both downloads."""
    state = small_district()
    built = native_runtime.build_report(state, TODAY, shareable=True)
    pace = result(built, "check-ins", "Students who started care")
    assert pace["text"].startswith("No check-in has a count of students who started care")
    numbers = dict(result(built, "goal", "What the goal means")["rows"])
    assert numbers["Added capacity: more students with access to care"] in ("<10", "hidden")
    for kind in ("markdown", "html"):
        text = native_runtime.report_file(state, TODAY, kind, shareable=True)["text"]
        assert "on pace would be" not in text and "more students started care" not in text
        assert not re.search(r"\b7 more students", text)
    full = native_runtime.report_file(state, TODAY, "markdown")["text"]
    assert "0 of the goal's 7 more students started care" in full


# ---- An honest shareable version: every qualifier kept, every hidden cell marked -------

MARKS = ("<10", "hidden")


def missing_sources_state() -> dict[str, Any]:
    """The full plan with two sources still missing a number (the screeners' students
    indicated, the IEPs' students not counted before), a service with no count yet, the
    enrollment of two groups, and answers to the survey's last question."""
    state = full_state()
    sheets = state["worksheets"]
    rows = {row["row_id"]: row for row in sheets["needs-estimate"]["sources"]}
    rows["screeners"]["indicated"] = ""
    rows["iep-504"]["new"] = ""
    sheets["needs-estimate"]["group_enrollment"] = [
        {"row_id": "g1", "group": "Eastside High", "enrolled": "1200"},
        {"row_id": "g2", "group": "Westside High", "enrolled": "1100"}]
    sheets["existing-services"]["services"].append(
        {"row_id": "svc-new", "service": "Mentoring", "provider": "District staff",
         "tier": ["tier-2"], "schools": "", "students": "", "funding": ""})
    sheets["surveys"]["recommend"] = {"yes": {"people": "31"}, "no": {"people": "12"}}
    return state


def with_small_counts(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` with small counts in several worksheets: a source (7), a service (6), a
    group's enrollment (8) and a check-in's students who started care (5)."""
    sheets = state["worksheets"]
    rows = {row["row_id"]: row for row in sheets["needs-estimate"]["sources"]}
    rows["crisis-events"]["new"] = "7"
    sheets["existing-services"]["services"].append(
        {"row_id": "svc-small", "service": "Grief group", "provider": "District staff",
         "tier": ["tier-2"], "schools": "Eastside High", "students": "6", "funding": "Grant"})
    sheets["needs-estimate"]["group_enrollment"].append(
        {"row_id": "g3", "group": "Harbor Academy", "enrolled": "8"})
    sheets["check-ins"]["checkins"][1]["seen"] = "5"
    return state


def test_the_shareable_version_keeps_every_qualifier_of_the_full_one(native_runtime) -> None:
    """Measured before: the full report said "Total student need so far" and what was
    still missing; the shareable one said "Total student need" and dropped the warning."""
    from browser_py.documents import report

    state = missing_sources_state()
    full = native_runtime.build_report(state, TODAY)
    shared = native_runtime.build_report(state, TODAY, shareable=True)
    assert full["title"] == report.TITLE
    assert shared["title"] == "Community mental health partnerships plan: shareable version"
    needs = result(shared, "needs-estimate", "Total student need")
    assert needs["text"].startswith("Total student need so far: ")
    assert any(m.startswith("Still missing: Mental health screeners and Information from "
                            "student-specific service documents such as IEPs and 504 plans.")
               for m in needs["messages"])
    summary = {item["label"]: item["text"] for item in shared["summary"]["items"]}
    assert summary["Total student need and unmet need"] == needs["text"]
    assert "so far" in summary["Total student need and unmet need"]
    services = result(shared, "existing-services", "Students served")
    assert any("No count of students served yet for: Mentoring" in m
               for m in services["messages"])
    # Every section's status and "Still missing" line, every result of the full version
    # in its order, and every message that names no number: all kept.
    for whole, part in zip(full["sections"], shared["sections"], strict=True):
        assert (part["id"], part["status"], part["missing"]) == (
            whole["id"], whole["status"], whole["missing"])
        results = [[b for b in s["blocks"] if b["type"] == "result"] for s in (whole, part)]
        assert [b["label"] for b in results[1]] == [b["label"] for b in results[0]], part["id"]
        for before, after in zip(*results, strict=True):
            for message in before["messages"]:
                if not re.search(r"\d", message):
                    assert message in after["messages"], (part["id"], message)
            if "so far" in before["text"]:
                assert "so far" in after["text"], (part["id"], after["text"])
    # On paper and in both files the title says which version it is.
    for kind in ("markdown", "html"):
        text = native_runtime.report_file(state, TODAY, kind, shareable=True)["text"]
        assert ("# Community mental health partnerships plan: shareable version\n" in text
                if kind == "markdown" else
                "<h1>Community mental health partnerships plan: shareable version</h1>" in text)


def cell_pairs(whole: dict[str, Any], part: dict[str, Any]):
    """Each cell of the full report beside the same cell of the shareable one: the entries'
    tables and fields, and the results' tables."""
    for a, b in zip(whole["sections"], part["sections"], strict=True):
        assert [(x["type"], x.get("label")) for x in a["blocks"]] == [
            (x["type"], x.get("label")) for x in b["blocks"]], a["id"]
        for x, y in zip(a["blocks"], b["blocks"], strict=True):
            if x["type"] == "field":
                yield a["id"], x["label"], x["text"], y["text"]
            tables = ([(x["rows"], y["rows"])] if x["type"] == "table" else
                      [(x["rows"], y["rows"])] + [(t["rows"], u["rows"]) for t, u in zip(
                          x["more_tables"], y["more_tables"], strict=True)]
                      if x["type"] == "result" else [])
            for rows, shared_rows in tables:
                assert len(rows) == len(shared_rows), (a["id"], x["label"])
                for row, shared_row in zip(rows, shared_rows, strict=True):
                    assert len(row) == len(shared_row), (a["id"], x["label"], row)
                    for cell, shared_cell in zip(row, shared_row, strict=True):
                        yield a["id"], f"{x['label']} › {row[0]}", cell, shared_cell


def test_no_hidden_cell_without_its_mark(native_runtime) -> None:
    """Every cell the full report fills is filled in the shareable one: as written, or
    marked "<10" or "hidden". No row, table or column is dropped."""
    state = with_small_counts(missing_sources_state())
    full = native_runtime.build_report(state, TODAY)
    shared = native_runtime.build_report(state, TODAY, shareable=True)
    marked = []
    for where, label, cell, shared_cell in cell_pairs(full, shared):
        if cell:
            assert shared_cell, (where, label, cell)
        if shared_cell != cell:
            assert shared_cell in MARKS, (where, label, cell, shared_cell)
            marked.append((where, label, shared_cell))
    found = {(where, text) for where, _label, text in marked}
    assert {("needs-estimate", "<10"), ("needs-estimate", "hidden"),
            ("existing-services", "<10"), ("check-ins", "<10")} <= found, marked
    enrollment = dict(tuple(row) for row in table(shared, "needs-estimate",
                                                  "Enrollment by group"))
    assert enrollment == {"Eastside High": "1,200", "Westside High": "1,100",
                          "Harbor Academy": "<10"}


def test_counts_that_give_no_small_count_away_are_all_shown(native_runtime) -> None:
    """A plan whose counts are all 10 or more is shared whole: the shareable files equal
    the full ones but for the title and the note that says what was hidden (measured
    before: the enrollment by group left empty, students served by tier dropped)."""
    state = missing_sources_state()
    for kind in ("markdown", "html"):
        whole = native_runtime.report_file(state, TODAY, kind)["text"]
        part = native_runtime.report_file(state, TODAY, kind, shareable=True)["text"]
        def lines(text: str) -> list[str]:
            return [line for line in text.splitlines()
                    if line.strip() and "Shareable version:" not in line]
        assert "\n".join(lines(part)).replace(": shareable version", "") == "\n".join(
            lines(whole)), kind
    built = native_runtime.build_report(state, TODAY, shareable=True)
    assert "no count needed hiding" in built["shareable"]
    tiers = result(built, "existing-services", "Students served")
    assert tiers["rows"] == [["Tier 2", "1", "340"], ["Tier 3", "1", "270"]]


def test_a_small_group_enrollment_is_hidden_with_what_would_reveal_it(native_runtime) -> None:
    """When the groups' enrollments add up to the students enrolled, the small one
    cannot be worked out by subtraction: another is hidden too."""
    state = missing_sources_state()
    state["worksheets"]["needs-estimate"]["group_enrollment"] = [
        {"row_id": "g1", "group": "Eastside High", "enrolled": "6000"},
        {"row_id": "g2", "group": "Westside High", "enrolled": "6472"},
        {"row_id": "g3", "group": "Harbor Academy", "enrolled": "8"}]
    built = native_runtime.build_report(state, TODAY, shareable=True)
    enrollment = dict(tuple(row) for row in table(built, "needs-estimate", "Enrollment by group"))
    assert enrollment["Harbor Academy"] == "<10"
    assert sorted(enrollment.values()) == ["6,472", "<10", "hidden"]
    assert dict(result(built, "needs-estimate", "Total student need")["rows"])[
        "Students enrolled"] == "12,480"
    from test_publication import assert_publication_safe, publication

    assert_publication_safe(publication(native_runtime, state))


def test_one_group_holding_every_student_is_hidden_with_the_enrollment(native_runtime) -> None:
    """One group whose enrollment is the district's: the same figure under two names,
    shown together or hidden together; several that add up to it: a sum."""
    state = missing_sources_state()
    needs = state["worksheets"]["needs-estimate"]
    needs["group_enrollment"] = [{"row_id": "g1", "group": "Whole district",
                                  "enrolled": "12480"}]
    from test_publication import assert_publication_safe, publication

    sharing = publication(native_runtime, state)
    assert ("needs/enrollment", "needs/group-enrolled/g1") in sharing.ledger.linked
    assert_publication_safe(sharing)
    needs["group_enrollment"] = [{"row_id": "g1", "group": "North", "enrolled": "12000"},
                                 {"row_id": "g2", "group": "South", "enrolled": "480"}]
    sums = publication(native_runtime, state).ledger.groups
    assert any(group.total == "needs/enrollment" and group.parts == (
        "needs/group-enrolled/g1", "needs/group-enrolled/g2") for group in sums)
