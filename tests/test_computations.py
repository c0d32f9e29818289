"""Computations that worksheets show: table-driven cases."""

from __future__ import annotations

import pytest

from browser_py.core.computations import REGISTRY, Context, parse_count
from browser_py.worksheets.needs import needs_summary
from browser_py.worksheets.planning import working_group_coverage


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", None), ("  ", None), (None, None), ("0", 0), ("120", 120), ("1,200", 1200),
     (" 45 ", 45), ("12.0", 12)],
)
def test_parse_count(raw: object, expected: int | None) -> None:
    assert parse_count(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [("twelve", "is not a number"), ("-3", "below zero"), ("2.5", "not a whole number"),
     ("nan", "is not a number"), ("inf", "is not a number")],
)
def test_parse_count_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_count(raw)


def row(source: str, indicated: str, new: str) -> dict:
    return {"row_id": source.lower(), "source": source, "indicated": indicated, "new": new}


@pytest.mark.parametrize(
    ("values", "status", "text", "message"),
    [
        ({"sources": [row("Screeners", "100", ""), row("Referrals", "50", "20")],
          "addressed": "30"}, "ok", "Total student need: 120. Unmet need: 90.", None),
        ({"sources": [row("Screeners", "100", ""), row("Referrals", "50", "")]},
         "incomplete", "Total student need so far: 100.", "Still missing: Referrals."),
        ({"sources": [row("Screeners", "10", "20")]}, "error", "Fix the entries",
         "cannot be larger"),
        ({"sources": [row("Screeners", "ten", "")]}, "error", "Fix the entries",
         "is not a number"),
        ({"sources": [row("Screeners", "10", "")], "addressed": "50"}, "error",
         "Total student need: 10.", "more than the total need"),
        ({"sources": []}, "ok", "Total student need: 0.", None),
    ],
    ids=["complete", "missing-row", "column-3-above-2", "not-a-number", "addressed-too-big",
         "empty"],
)
def test_needs_summary(values: dict, status: str, text: str, message: str | None) -> None:
    output = needs_summary(values, Context())
    assert output.status == status
    assert output.text.startswith(text)
    if message:
        assert any(message in m for m in output.messages), output.messages


def test_working_group_coverage_names_uncovered_questions() -> None:
    members = [{"row_id": "a", "knows_services": True, "represents_families": True}]
    output = working_group_coverage({"members": members}, Context())
    assert output.status == "incomplete"
    assert output.text.startswith("3 of 5")
    assert any("legal and procurement" in m for m in output.messages)
    assert not any("families" in m for m in output.messages)


def test_working_group_fully_covered() -> None:
    member = dict.fromkeys(
        ["knows_services", "knows_legal", "community_ties", "represents_staff",
         "represents_families"], True)
    assert working_group_coverage({"members": [member]}, Context()).status == "ok"


def test_registry_holds_named_functions() -> None:
    assert REGISTRY["needs_summary"] is needs_summary


def test_a_computation_that_stops_gives_an_error_result_not_an_exception(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """One result that cannot be worked out never stops the page, the report or the
    export: it says so, and names the problem."""
    from browser_py.core import computations

    def stops(values, context):
        return [][0]

    monkeypatch.setitem(computations.REGISTRY, "stops", stops)
    result = computations.run("stops", {})
    assert result["status"] == "error"
    assert "IndexError" in result["text"] and "every other result and the export" in \
        result["text"]
