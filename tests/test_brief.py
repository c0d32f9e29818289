"""The board brief: every figure is the worksheets' own result, word for word; the
shareable version hides a small count, and any count that would reveal it, exactly as
the report's shareable version does (one publication)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from browser_py.documents import document
from browser_py.page import brief

FULL = json.loads((Path(__file__).parent / "fixtures/states/full.json").read_text())
TODAY = "2026-12-02"


@pytest.fixture(autouse=True)
def _runtime(native_runtime) -> None:
    """Every test runs on the site's worksheet definitions."""


def blocks_of(doc: document.Document) -> list[document.Block]:
    """Every block of ``doc``, those inside boxes too, in order."""
    found: list[document.Block] = []

    def walk(blocks: tuple[document.Block, ...]) -> None:
        for block in blocks:
            found.append(block)
            if isinstance(block, document.Box):
                walk(block.blocks)
    walk(doc.blocks)
    return found


def section(doc: document.Document, box: str) -> list[document.Block]:
    """The blocks of the section ``box`` (its id)."""
    held = next(b for b in doc.blocks if isinstance(b, document.Box) and b.id == box)
    return list(held.blocks)


def figures(doc: document.Document) -> dict[str, str]:
    """Each figure's text, by its label."""
    return {b.label: b.text for b in blocks_of(doc) if isinstance(b, document.Figure)}


def texts(doc: document.Document) -> list[str]:
    """Every sentence of paragraphs and figures."""
    return [b.text for b in blocks_of(doc) if isinstance(b, document.Paragraph | document.Figure)]


def with_small_count() -> dict[str, Any]:
    """The full plan with 6 students' need already addressed (under the threshold of 10)
    and a goal of 40 students with access to care."""
    state = json.loads(json.dumps(FULL))
    state["worksheets"]["needs-estimate"]["addressed"] = "6"
    state["worksheets"]["goal"].update(increase_percent="", target_count="40")
    return state


def test_the_brief_gives_the_worksheets_own_figures_for_a_full_plan(native_runtime) -> None:
    doc = native_runtime.build_brief(FULL, TODAY)
    needs = native_runtime.compute("needs-estimate", FULL, TODAY)["summary"]
    goal = native_runtime.compute("goal", FULL, TODAY)
    plan = native_runtime.compute("project-plan", FULL, TODAY)
    compare = native_runtime.compute("partner-compare", FULL, TODAY)["matrix"]
    pace = native_runtime.compute("check-ins", FULL, TODAY)["pace"]
    assert doc.title == "Board brief: community mental health partnerships (shareable version)"
    assert (doc.district, doc.date) == ("Lakeside Unified School District", "December 2, 2026")
    assert figures(doc) == {
        "Estimated need": needs["text"],
        "The goal": goal["sentence"]["text"],
        "What it takes": goal["numbers"]["text"],
        "Progress toward the goal": pace["text"],
        "What it costs and who pays": brief.NOT_YET,  # the fixture prices nothing yet
        "Progress": plan["progress"]["text"],
        "Overdue steps": plan["overdue"]["text"],
    }
    assert needs["text"] == "Total student need: 2,895. Unmet need: 2,285."
    # The estimate's tables, staffing's and the overdue steps' as the worksheets give them.
    tables = [b for b in blocks_of(doc) if isinstance(b, document.Table)]
    need_table, staff_table, overdue_table, providers = tables
    assert [list(row) for row in need_table.rows] == needs["rows"]
    assert list(need_table.columns) == needs["columns"]
    assert [list(row) for row in staff_table.rows] == [
        [row[0], row[1], row[4]] for row in goal["staffing"]["rows"]]
    assert [list(row) for row in overdue_table.rows] == [
        [row[0], row[2], row[3]] for row in plan["overdue"]["rows"]]
    assert goal["staffing"]["text"] in texts(doc)
    assert compare["text"] in texts(doc)
    # The charts are the worksheets' own: need and goal, staffing, plan progress.
    charts = [chart for b in blocks_of(doc) if isinstance(b, document.Charts)
              for chart in b.charts]
    assert charts == [goal["numbers"]["chart"], goal["staffing"]["chart"],
                      plan["progress"]["chart"]]
    # Each provider's verdicts are the comparison's words; the decision names why it
    # differs from the suggestion.
    lines = {name.split(": ")[0]: name for name in compare["names"]}
    assert [row[0] for row in providers.rows] == list(lines)
    for name, suggested, chosen, _agreement in providers.rows:
        line = lines[name].lower()
        assert (f"chosen {chosen.lower()}" in line if chosen != "Not chosen yet"
                else "no verdict chosen yet" in line), line
        assert f"the ratings suggest {suggested.lower()}" in line or \
            f"chosen {suggested.lower()}, as the ratings suggest" in line, line
    items = next(b for b in section(doc, "providers") if isinstance(b, document.Items))
    assert items.items[0].startswith("Bayview Community Mental Health Services: the team "
                                     "chose “Exceeds district needs” although the ratings "
                                     "suggest “Does not meet district needs”. Must-have "
                                     "rated below Agree:")
    agreement = dict((row[0], row[3]) for row in providers.rows)
    assert agreement["Lakeside Family Counseling Center"].startswith(
        "A partnership at no cost to the district; outline 11 of 12 parts filled")
    assert agreement["Horizon Telehealth for Youth"] == "None yet"


def test_the_brief_keeps_every_qualifier_of_the_need(native_runtime) -> None:
    state = json.loads(json.dumps(FULL))
    rows = state["worksheets"]["needs-estimate"]["sources"]
    rows[0]["indicated"] = ""  # the screeners' numbers are not in yet
    for shareable in (True, False):
        doc = native_runtime.build_brief(state, TODAY, shareable)
        need = section(doc, "need")
        said = [b.text for b in need if isinstance(b, document.Paragraph | document.Figure)]
        assert said[0].startswith("Total student need so far: ")
        assert "Still missing: Mental health screeners" in " ".join(said)


def test_a_small_count_is_hidden_with_every_count_that_would_reveal_it(native_runtime) -> None:
    state = with_small_count()
    full = native_runtime.build_brief(state, TODAY, shareable=False)
    shared = native_runtime.build_brief(state, TODAY)
    data = json.dumps(shared.as_data(), ensure_ascii=False)
    # The full version shows the counts as entered: the need, the unmet need (which with
    # the total would give the 6 away) and the goal's added capacity (40 less the 6).
    assert figures(full)["Estimated need"] == "Total student need: 2,895. Unmet need: 2,889."
    assert figures(full)["What it takes"].startswith("The goal gives 34 more students")
    for raw in ("2,889", "34 more"):
        assert raw not in data, raw
    said = figures(shared)
    assert said["Estimated need"] == "Total student need: 2,895. Unmet need: hidden."
    assert said["What it takes"] == "The goal gives hidden more students access to care."
    need_table = next(b for b in section(shared, "need") if isinstance(b, document.Table))
    rows = dict(list(row) for row in need_table.rows)
    assert rows["Student need already addressed"] == "<10"
    assert rows["Unmet need (total need minus need already addressed)"] == "hidden"
    # What the shareable version hides is said where it is hidden: the chart of the need
    # and the goal, the clinicians the added capacity needs, the pace toward the goal.
    assert not any(isinstance(b, document.Charts) for b in section(shared, "need"))
    assert any("chart is left out of the shareable version" in text
               for text in texts(shared))
    assert "The clinicians needed read “hidden”: they would show the hidden added " \
           "capacity." in texts(shared)
    assert any(text.startswith("How this compares with the goal's pace is left out")
               for text in texts(shared))
    assert "1 count under 10 shown as “<10”" in texts(shared)[0]
    assert shared.title.endswith("(shareable version)")
    assert full.title.endswith("(full version, not for sharing)")


def test_the_shareable_brief_publishes_no_number_the_shareable_report_does_not(
        native_runtime) -> None:
    """One publication: each figure of the brief is the shareable report's, and no number
    of the brief is one the report's shareable version does not hold."""
    state = with_small_count()
    shared = native_runtime.build_brief(state, TODAY)
    report = native_runtime.build_report(state, TODAY, shareable=True)
    results = {block["text"] for item in report["sections"] for block in item["blocks"]
               if block["type"] == "result"}
    for label in ("Estimated need", "The goal", "What it takes", "Progress", "Overdue steps"):
        assert figures(shared)[label] in results, label
    number = re.compile(r"\d[\d,.]*\d|\d")
    published = set(number.findall(json.dumps(report, ensure_ascii=False)))
    in_brief = set(number.findall(json.dumps(shared.as_data(), ensure_ascii=False)))
    assert in_brief <= published, in_brief - published


def test_the_brief_downloads_as_a_web_page_and_as_markdown(native_runtime) -> None:
    page = native_runtime.brief_file(FULL, TODAY, "html")
    assert page["filename"] == "board-brief-2026-12-02.html"
    assert page["media_type"] == "text/html"
    assert "<h1>Board brief: community mental health partnerships (shareable version)</h1>" \
        in page["text"]
    assert "Total student need: 2,895. Unmet need: 2,285." in page["text"]
    assert page["text"].count('<svg class="tk-chart__svg"') == 3  # the three charts
    assert page["text"].count('<figure class="tk-flow"') == 1  # and the pathway's diagram
    text = native_runtime.brief_file(with_small_count(), TODAY, "markdown", False)
    assert text["filename"] == "board-brief-full-2026-12-02.md"
    assert "Unmet need: 2,889." in text["text"]
    shared = native_runtime.brief_file(with_small_count(), TODAY, "markdown")["text"]
    assert "2,889" not in shared and "Unmet need: hidden." in shared
    assert "| Student need already addressed | <10 |" in shared


def test_an_empty_plan_gives_a_brief_that_says_what_is_not_started(native_runtime) -> None:
    doc = native_runtime.build_brief({"worksheets": {}}, TODAY)
    said = " ".join(texts(doc))
    assert "Not estimated yet." in said and "No goal set yet." in said
    assert "No provider rated yet." in said
    assert "Not started yet: " in said


def priced(state: dict[str, Any], chosen: str, none: str = "10") -> dict[str, Any]:
    """``state`` with the costs and a source of funding entered, one approach chosen, and
    ``none`` percent of the students served without health coverage."""
    from test_agreement_costs import PRICED

    state = json.loads(json.dumps(state))
    sheets = state["worksheets"]
    sheets["approaches"]["chosen"] = [chosen]
    sheets["costs"] = {**PRICED, "coverage": {"medicaid": {"share": str(60 - int(none))},
                                              "private": {"share": "40"},
                                              "none": {"share": none}}}
    sheets["funding"] = {"sources": [{"row_id": "g", "source": "General fund",
                                      "amount": "90000", "first_year": "", "last_year": "",
                                      "pays_for": "any"}]}
    return state


COST_CASES = [
    # 34 more students (hidden: with the 6 already addressed they would give it back):
    # 34 x 12 sessions x $150 = $61,200.
    ("added-capacity-hidden", priced(with_small_count(), "contract"), "$61,200",
     "it would show a hidden count of students."),
    # 153 more students, 5% without coverage: 7.65 projected, under 10. The district's
    # $21,000 + 7.65 x 12 sessions x $150 ($13,770) = $34,770.
    ("few-uninsured-students", priced(FULL, "partner", none="5"), "$34,770",
     "it would show how many students have no health coverage, a count under 10."),
]


@pytest.mark.parametrize(("state", "dollars", "reason"), [case[1:] for case in COST_CASES],
                         ids=[case[0] for case in COST_CASES])
def test_the_shareable_brief_keeps_costs_that_would_show_a_small_count_out(
        native_runtime, state: dict[str, Any], dollars: str, reason: str) -> None:
    full = native_runtime.build_brief(state, TODAY, shareable=False)
    shared = native_runtime.build_brief(state, TODAY)
    assert dollars in figures(full)["What it costs each year"]
    said = figures(shared)
    assert said["What it costs each year"] == f"Not in the shareable version: {reason}"
    assert said["Who pays, and for how long"].startswith("Not in the shareable version: ")
    assert dollars not in json.dumps(shared.as_data(), ensure_ascii=False)
    # One publication: no number of the brief that the shareable report does not hold.
    report = native_runtime.build_report(state, TODAY, shareable=True)
    number = re.compile(r"\d[\d,.]*\d|\d")
    published = set(number.findall(json.dumps(report, ensure_ascii=False)))
    in_brief = set(number.findall(json.dumps(shared.as_data(), ensure_ascii=False)))
    assert in_brief <= published, in_brief - published
    assert dollars not in json.dumps(report, ensure_ascii=False)


def test_the_shareable_brief_shows_costs_whose_counts_are_shown(native_runtime) -> None:
    """153 more students under one contract: 153 x 12 sessions x $150 = $275,400."""
    state = priced(FULL, "contract")
    said = figures(native_runtime.build_brief(state, TODAY))
    mix = native_runtime.compute("costs", state, TODAY)["mix-cost"]["text"]
    assert said["What it costs each year"] == mix
    assert mix.startswith("The mix you chose costs $275,400 a year")
