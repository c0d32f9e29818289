"""One worksheet table as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from worksheet_fixtures import schema

from browser_py.core.errors import ToolkitError
from browser_py.documents.tables_csv import safe_cell, table_csv

SCHEMA = schema()


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_added_rows_table() -> None:
    values = SCHEMA.empty_values("needs-estimate")
    values["sources"][0].update(
        {"indicated": "4920", "grades": ["middle", "high"], "collected": "2023-05-01",
         "verified": True, "quality": "good", "comment": "Spring, grades 6–12"}
    )
    text = table_csv(SCHEMA, "needs-estimate", "sources", values)
    assert text == (
        "Source,Students indicated,Kind,Grades covered,Collected on,Verified,Quality,Comment\r\n"
        "Youth Risk Behavior Survey,4920,Survey,Middle; High,2023-05-01,Yes,Good,"
        '"Spring, grades 6–12"\r\n'
        "Counselor referrals,12,,,,No,,\r\n"
    )


def test_fixed_rows_table_starts_with_row_labels() -> None:
    values = {"criteria": {"licensed": {"rating": "no-evidence", "must-have": True,
                                        "checked-on": "2024-08-15"}}}
    text = table_csv(SCHEMA, "partner-checklist", "criteria", values)
    assert parsed(text) == [
        ["Criterion", "Rating", "Must have", "Evidence", "Checked on"],
        ["Clinicians are licensed", "No evidence", "Yes", "", "2024-08-15"],
        ["Offers care in families' languages", "", "No", "", ""],
        ["Has a data-sharing agreement", "", "No", "", ""],
    ]


def test_empty_added_rows_table_is_just_the_header() -> None:
    assert table_csv(SCHEMA, "working-group", "members", {}) == (
        "Position,Name of working group member\r\n"
    )


def test_quotes_and_line_breaks_follow_rfc_4180() -> None:
    values = {"members": [{"row_id": "a", "position": 'Lead "A"', "name": "Line 1\nLine 2"}]}
    text = table_csv(SCHEMA, "working-group", "members", values)
    assert text.endswith('"Lead ""A""","Line 1\nLine 2"\r\n')


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("-", "'-"),
        ("=-3", "'=-3"),
        ("-3", "-3"),
        ("+3", "+3"),
        ("-3.5", "-3.5"),
        ("-.5", "-.5"),
        ("-1e3", "-1e3"),
        ("- 3", "'- 3"),
        ("-3 students", "'-3 students"),
        ("a=b", "a=b"),
        ("1+1", "1+1"),
        ("", ""),
        ("plain", "plain"),
    ],
)
def test_formulas_are_neutralised(cell: str, expected: str) -> None:
    assert safe_cell(cell) == expected


def test_formulas_in_a_table_are_neutralised() -> None:
    values = {"members": [{"row_id": "a", "position": "=HYPERLINK(\"x\")", "name": "-3"}]}
    rows = parsed(table_csv(SCHEMA, "working-group", "members", values))
    assert rows[1] == ["'=HYPERLINK(\"x\")", "-3"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=30)), max_size=5))
def test_any_text_reads_back_as_written(cells: list[tuple[str, str]]) -> None:
    values = {"members": [{"row_id": str(n), "position": position, "name": name}
                          for n, (position, name) in enumerate(cells)]}
    text = table_csv(SCHEMA, "working-group", "members", values)
    assert parsed(text)[1:] == [[safe_cell(position), safe_cell(name)]
                                for position, name in cells]


@pytest.mark.parametrize(
    ("worksheet_id", "field_id", "values", "expected"),
    [
        ("nope", "members", {}, 'no worksheet called "nope"'),
        ("working-group", "nope", {}, 'no table called "nope"'),
        ("needs-estimate", "notes", {}, 'no table called "notes"'),
        ("working-group", "members", {"members": "x"}, "should be a list of rows"),
    ],
)
def test_bad_requests_are_toolkit_errors(
    worksheet_id: str, field_id: str, values: Any, expected: str
) -> None:
    with pytest.raises(ToolkitError) as caught:
        table_csv(SCHEMA, worksheet_id, field_id, values)
    assert expected in caught.value.message
