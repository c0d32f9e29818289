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
    sources = {row[0]: row[1:] for row in table(built, "needs-estimate", "Student need by source")}
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
    assert total["columns"] == ["Tier", "Services"]  # students by tier are left out
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
    assert not any(row[0].startswith("Full-time clinicians") for row in numbers["rows"])
    assert any("clinicians needed are left out" in m for m in numbers["messages"])
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
