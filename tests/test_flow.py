"""The pathway as a diagram: boxes in order with who does each step and its target, and
the ordered list that stands for the drawing in Markdown, Word and for screen readers;
the report's pathway section and the brief's short diagram."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser_py.core.flow import FlowStep, alternative, flow, flow_markup
from browser_py.documents import document
from browser_py.worksheets import pathway

STATES = Path(__file__).parent / "fixtures" / "states"
TODAY = "2026-12-08"


def full() -> dict[str, Any]:
    return json.loads((STATES / "full.json").read_text(encoding="utf-8"))["worksheets"]


@pytest.mark.parametrize(("text", "short"), [
    ("A concern is identified: a screener, a referral from staff, a family or the student, "
     "or a crisis event", "A concern is identified"),
    ("The school's student support team reviews the concern and chooses the tier of support",
     "The school's student support team reviews the concern"),
    ("The family consents to the referral and to sharing information (and the student, "
     "where state law lets minors consent)", "The family consents to the referral"),
    ("Care, where and how the location and format worksheet says", "Care"),
    ("Closing the loop: care ends, or the student moves to another service",
     "Closing the loop"),
    ("Review, approve and send the referral", "Review, approve and send the referral"),
    ("  The   student's first appointment ", "The student's first appointment"),
    ("Intake" * 20, ("Intake" * 20)[:55] + "…"),
])
def test_a_box_names_its_step_shortly(text: str, short: str) -> None:
    assert pathway.short_name(text) == short


def test_each_box_says_who_does_the_step_and_its_target() -> None:
    drawn = pathway.diagram(full()[pathway.SHEET], "The referral pathway, step by step")
    assert drawn is not None and drawn["kind"] == "flow"
    assert [box["number"] for box in drawn["steps"]] == list(range(1, 10))
    fourth = drawn["steps"][3]
    assert fourth["name"] == "The school sends the referral to the provider"
    assert fourth["lines"] == [
        {"label": "School", "text": "School counselor", "missing": False},
        {"label": "Provider", "text": "Intake coordinator", "missing": False}]
    assert fourth["tags"] == ["2 school days", "in the wait"] and fourth["wait"]
    first = drawn["steps"][0]
    assert first["lines"][1] == {"label": "Provider", "text": "—", "missing": True}
    assert first["tags"] == []
    # The text alternative says each step whole, as words.
    assert alternative(drawn)[0] == (1, (
        "A concern is identified: a screener, a referral from staff, a family or the "
        "student, or a crisis event. At the school: Teachers, counselors and the screening "
        "coordinator. At the provider: no one named."))
    assert alternative(drawn)[3][1].endswith(
        "Target: 2 school days, part of the wait from referral to a first appointment.")


def test_the_result_says_the_pathway_at_a_glance_and_carries_the_diagram() -> None:
    result = pathway.pathway_diagram(full()[pathway.SHEET], None)  # type: ignore[arg-type]
    assert result.text == ("9 steps from a concern to care and back. Target from referral to "
                           "a first appointment: 10 school days (steps 4 to 6, marked “in "
                           "the wait”).")
    assert result.chart is not None and len(result.chart["steps"]) == 9
    empty = pathway.pathway_diagram({}, None)  # type: ignore[arg-type]
    assert (empty.status, empty.chart) == ("incomplete", None)


def test_the_short_diagram_holds_the_wait_and_says_the_rest_is_in_the_report() -> None:
    drawn = pathway.wait_diagram(full()[pathway.SHEET])
    assert drawn is not None
    assert drawn["title"] == "From referral to a first appointment: 10 school days"
    assert drawn["description"] == "Steps 4 to 6 of the 9; the full report shows them all."
    assert [box["number"] for box in drawn["steps"]] == [4, 5, 6]
    assert all("in the wait" not in box["tags"] for box in drawn["steps"])
    values = full()[pathway.SHEET]
    for row in values["steps"]:
        row["wait"] = False
    assert pathway.wait_diagram(values) is None


def test_the_markup_escapes_every_text_and_hides_the_drawing_from_screen_readers() -> None:
    drawn = flow("x<y", "A <title>", "Some & words", [
        FlowStep(1, "Call <now>", "Counselor & nurse", "", "2 school days", True),
        FlowStep(2, "Meet", "", "Clinician")], note="Note <b>")
    html = flow_markup(drawn)
    for raw in ("<now>", "<title>", "<b>", "Counselor & nurse"):
        assert raw not in html
    assert "Call &lt;now&gt;" in html and "Counselor &amp; nurse" in html
    assert '<div class="tk-flow__steps" aria-hidden="true">' in html
    assert html.count('class="tk-flow__arrow"') == 1  # between the two boxes
    assert '<ol class="tk-flow__words"><li value="1">' in html
    assert "Provider: no one named." in html  # the default words of a side with no one


def test_markdown_and_word_get_the_steps_in_order() -> None:
    drawn = pathway.wait_diagram(full()[pathway.SHEET])
    assert drawn is not None
    made = document.Document("T", "D", "today", (document.Flow(drawn),))
    text = document.to_markdown(made)
    assert ("**Diagram: From referral to a first appointment: 10 school days.** Steps 4 to 6 "
            "of the 9; the full report shows them all.") in text
    assert "\n4. The school sends the referral to the provider. At the school: School " \
           "counselor. At the provider: Intake coordinator." in text
    assert "\n6. The student's first appointment." in text
    assert document.word_data(made)["blocks"] == [{"kind": "flow", "flow": drawn}]
    assert 'class="tk-flow"' in document.to_html(made)


def test_the_report_draws_the_diagram_in_the_pathway_section(native_runtime) -> None:
    built = native_runtime.build_report({"worksheets": full()}, TODAY)
    section = next(s for s in built["sections"] if s["id"] == pathway.SHEET)
    glance = next(b for b in section["blocks"] if b.get("label") == "The pathway at a glance")
    assert glance["diagram"]["title"] == "The referral pathway, step by step"
    markdown = native_runtime.report_file({"worksheets": full()}, TODAY, "markdown")["text"]
    assert "**Diagram: The referral pathway, step by step.**" in markdown
    assert "\n9. Closing the loop: care ends, or the student moves to another service." \
        in markdown
    shared = native_runtime.report_file({"worksheets": full()}, TODAY, "html",
                                        shareable=True)["text"]
    assert shared.count('<figure class="tk-flow"') == 1  # no count in it: shared as it is


def test_the_brief_shows_the_short_diagram_and_the_crisis_plan(native_runtime) -> None:
    markdown = native_runtime.brief_file({"worksheets": full()}, TODAY, "markdown")["text"]
    section = markdown.split("## How a student gets to care", 1)[1].split("\n## ", 1)[0]
    assert "The crisis plan is complete: every part is filled." in section
    assert "**Diagram: From referral to a first appointment: 10 school days.**" in section
    assert "\n5. The provider contacts the family. At the school: no one named. At the " \
           "provider: Intake coordinator." in section
    sheets = full()
    del sheets[pathway.SHEET]
    empty = native_runtime.brief_file({"worksheets": sheets}, TODAY, "markdown")["text"]
    assert "No referral pathway entered yet." in empty


def test_the_brief_names_the_agreements_on_a_pathway_of_their_own(native_runtime) -> None:
    sheets = full()
    sheets["agreements"]["agreements"][1].update(own_pathway=True, pathway_steps=[
        {"row_id": "b1", "step": "Referral by phone", "school_owner": "Principal",
         "days": "2", "wait": True}])
    markdown = native_runtime.brief_file({"worksheets": sheets}, TODAY, "markdown")["text"]
    section = markdown.split("## How a student gets to care", 1)[1].split("\n## ", 1)[0]
    assert ("Bayview Community Mental Health Services follows a pathway of its own; the "
            "other agreement follows the district's referral pathway.") in section
