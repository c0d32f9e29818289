"""Chart geometry: scales, bar lengths and labels for empty, partial and extreme values,
the SVG written for downloads, and charts that show the worksheets' own figures."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

from browser_py.core import charts
from browser_py.core.charts import BAR_ROOM, MIN_BAR, Bar, Row, chart, length, scale, svg_markup

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"


def rects(drawn: dict) -> list[dict]:
    return [shape for shape in drawn["shapes"] if shape["type"] == "rect"]


def texts(drawn: dict) -> list[str]:
    return [shape["text"] for shape in drawn["shapes"] if shape["type"] == "text"]


def test_an_empty_chart_has_no_shapes_and_a_small_height() -> None:
    drawn = chart("empty", "Nothing", "Nothing yet.", [], [], [])
    assert drawn["shapes"] == [] and drawn["rows"] == []
    assert drawn["height"] == 2 * charts.PAD


def test_missing_and_zero_values_draw_no_bar_but_say_so() -> None:
    drawn = chart("partial", "Partial", "", [
        Row("Known", (Bar(40, "40 students"),)),
        Row("Not entered", (Bar(None, "not entered"),)),
        Row("None", (Bar(0, "0 students"),)),
    ], [], [])
    assert [r["width"] for r in rects(drawn)] == [f"{BAR_ROOM}%"]
    assert texts(drawn) == ["Known", "40 students", "Not entered", "not entered", "None",
                            "0 students"]


def test_scale_fills_the_room_with_the_largest_value() -> None:
    assert scale([None, 0]) == 1
    assert scale([10, 40]) == Fraction(BAR_ROOM, 40)
    assert length(40, scale([10, 40])) == BAR_ROOM
    assert length(10, scale([10, 40])) == Fraction(138, 10)  # 55% / 4, to a tenth


def test_extreme_values_stay_visible_and_inside_the_chart() -> None:
    per_unit = scale([1, 1_000_000])
    assert length(1, per_unit) == MIN_BAR  # a tiny value still shows
    assert length(1_000_000, per_unit) == BAR_ROOM
    assert length(-5, per_unit) == 0 and length(None, per_unit) == 0
    drawn = chart("extreme", "Extreme", "", [Row("Tiny", (Bar(1, "1"),)),
                                             Row("Huge", (Bar(1_000_000, "1,000,000"),))],
                  [], [])
    widths = [float(r["width"].rstrip("%")) for r in rects(drawn)]
    assert widths == [float(MIN_BAR), BAR_ROOM]
    value_x = [float(s["x"].rstrip("%")) for s in drawn["shapes"]
               if s["class"] == "tk-chart__value"]
    assert max(value_x) <= BAR_ROOM + 1


def test_stacked_parts_sit_end_to_end_and_share_one_scale() -> None:
    drawn = chart("stacked", "Steps", "", [
        Row("Phase A", (Bar(3, "3 done", "done"), Bar(1, "1 to do", "todo")), stacked=True,
            note="1 overdue"),
        Row("Phase B", (Bar(0, "0 done", "done"), Bar(2, "2 to do", "todo")), stacked=True),
    ], [], [])
    bars = rects(drawn)
    assert [(b["x"], b["width"]) for b in bars] == [
        ("0%", "41.2%"), ("41.2%", "13.8%"), ("0%", "27.5%")]
    assert "3 done; 1 to do; 1 overdue" in texts(drawn)
    # Rows stack downwards without overlapping.
    ys = [b["y"] for b in bars]
    assert ys[0] == ys[1] < ys[2]


def test_svg_markup_escapes_every_text() -> None:
    drawn = chart("x<y", "A & B", "<script>", [Row("<b>", (Bar(1, "\"1\""),))], [], [])
    svg = svg_markup(drawn)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg and "A &amp; B" in svg and 'role="img"' in svg


def test_charts_show_the_worksheets_own_figures(native_runtime) -> None:
    runtime = native_runtime
    state = json.loads(FULL.read_text())
    goal = runtime.compute("goal", state, "2026-12-02")
    funnel = goal["numbers"]["chart"]
    figures = dict(goal["numbers"]["rows"])
    table = dict(funnel["rows"])
    assert table["Already addressed"] == figures[
        "Students with access to care now (need already addressed)"]
    assert table["Goal: students with access"] == figures[
        "Target: students with access to care"]
    assert table["Unmet need"] == figures["Unmet need now"]
    needs = runtime.compute("needs-estimate", state, "2026-12-02")["summary"]
    total = table["Total need, each student once"]
    assert f"Total need, each student once: {total}" in funnel["description"]
    assert f"Total student need: {total}." in needs["text"]

    staffing = goal["staffing"]["chart"]
    assert [row[1] for row in staffing["rows"]] == [row[1] for row in goal["staffing"]["rows"]]
    assert [row[2] for row in staffing["rows"]] == [row[3] for row in goal["staffing"]["rows"]]

    plan = runtime.compute("project-plan", state, "2026-12-02")
    progress = plan["progress"]["chart"]
    phases = [row for row in progress["rows"] if not row[0].startswith("Next steps")]
    done = sum(int(row[1]) for row in phases)
    whole = done + sum(int(row[2]) for row in phases)
    assert plan["progress"]["progress"] == [done, whole]
    overdue = sum(int(row[3]) for row in progress["rows"])
    assert plan["overdue"]["text"].startswith(f"{overdue} steps are overdue")


def test_progress_chart_marks_overdue_steps() -> None:
    from browser_py.worksheets.planning import Step, progress_chart
    late = Step(0, "roadmap", 1, "a", "Call", "Ana", date(2026, 1, 1), "2026-01-01", False)
    done = Step(0, "roadmap", 2, "b", "Write", "Ben", date(2026, 1, 1), "2026-01-01", True)
    drawn = progress_chart([late, done], date(2026, 2, 1))
    assert drawn["rows"][0][1:] == ["1", "1", "1"]
    assert "1 done; 1 to do; 1 overdue" in texts(drawn)
    # The overdue part has a colour of its own (beside the words).
    assert [r["class"] for r in rects(drawn)][:2] == ["tk-chart__bar--done",
                                                       "tk-chart__bar--unmet"]


def test_overdue_next_steps_count_the_same_in_the_chart_and_the_list(native_runtime) -> None:
    state = json.loads(FULL.read_text())
    state["worksheets"]["next-steps"]["steps"][0]["deadline"] = "2026-11-30"  # now late
    plan = native_runtime.compute("project-plan", state, "2026-12-02")
    progress = plan["progress"]["chart"]
    assert progress["rows"][-1] == ["Next steps (not part of the plan)", "0", "1", "1"]
    overdue = sum(int(row[3]) for row in progress["rows"])
    assert overdue == 3 and plan["overdue"]["text"].startswith("3 steps are overdue")
    assert plan["progress"]["progress"] == [3, 15]  # the plan's own steps only
