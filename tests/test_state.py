"""Checking one worksheet's values, and the schema built from definitions."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from worksheet_fixtures import DEFINITIONS, NEEDS_ESTIMATE, schema, worksheet_values

from browser_py.core.errors import DefinitionError, ToolkitError
from browser_py.core.model import MAX_ADDED_ROWS, MAX_LONGTEXT_CHARS, MAX_TEXT_CHARS, RATING_SCALES
from browser_py.core.schema import Schema, normalise_values

SCHEMA = schema()
ROOT = Path(__file__).resolve().parent.parent


def error_for(worksheet_id: str, values: Any) -> ToolkitError:
    with pytest.raises(ToolkitError) as caught:
        normalise_values(SCHEMA, worksheet_id, values)
    return caught.value


def source_row(**cells: Any) -> dict[str, Any]:
    return {"row_id": "r1", **cells}


# The schema ------------------------------------------------------------------------


def test_schema_holds_worksheets_fields_and_options() -> None:
    assert SCHEMA.worksheet_ids == ("needs-estimate", "partner-checklist", "working-group")
    sheet = SCHEMA.worksheet("needs-estimate")
    assert sheet.title == "Estimate of need"
    assert [output.id for output in sheet.computed] == ["estimate"]
    assert "sources-heading" not in [spec.id for spec in sheet.value_fields]
    assert sheet.field("sources-heading") is None
    assert sheet.field("services").option_ids == ("counseling", "screening", "crisis", "family")
    sources = sheet.field("sources")
    assert sources.add_rows and [c.id for c in sources.columns][:3] == ["name", "indicated", "kind"]
    assert sources.column("quality").option_ids == ("poor", "mixed", "good")
    checklist = SCHEMA.worksheet("partner-checklist")
    assert checklist.field("overall").scale == "agreement"
    assert checklist.field("overall").option_ids == tuple(i for i, _ in RATING_SCALES["agreement"])
    assert checklist.field("criteria").row_ids == ("licensed", "bilingual", "data-sharing")
    assert checklist.field("criteria").row_header == "Criterion"


def test_empty_values_of_a_fresh_worksheet() -> None:
    values = SCHEMA.empty_values("needs-estimate")
    assert values == {
        "district-name": "",
        "notes": "",
        "enrollment": "",
        "review-date": "",
        "grade-band": "",
        "services": [],
        "confirmed": False,
        "sources": [
            {"row_id": "yrbs", "name": "Youth Risk Behavior Survey", "indicated": "",
             "kind": "survey", "grades": [], "collected": "", "verified": False,
             "quality": "", "comment": ""},
            {"row_id": "referrals", "name": "Counselor referrals", "indicated": "12",
             "kind": "", "grades": [], "collected": "", "verified": False, "quality": "",
             "comment": ""},
        ],
    }
    assert SCHEMA.empty_values("partner-checklist")["criteria"]["bilingual"] == {
        "rating": "", "must-have": False, "evidence": "", "checked-on": "",
    }
    assert SCHEMA.empty_values("working-group") == {"members": []}


def test_empty_values_are_fresh_copies() -> None:
    SCHEMA.empty_values("needs-estimate")["sources"][0]["grades"].append("high")
    assert SCHEMA.empty_values("needs-estimate")["sources"][0]["grades"] == []


@pytest.mark.parametrize("worksheet_id", SCHEMA.worksheet_ids)
def test_empty_values_are_valid(worksheet_id: str) -> None:
    empty = SCHEMA.empty_values(worksheet_id)
    assert normalise_values(SCHEMA, worksheet_id, empty) == empty
    assert normalise_values(SCHEMA, worksheet_id, {}) == empty


def definition_with(**field: Any) -> list[dict[str, Any]]:
    return [{"id": "sheet", "title": "Sheet", "fields": [{"label": "Field", **field}]}]


@pytest.mark.parametrize(
    ("definitions", "expected"),
    [
        ({"id": "x"}, "expected a list of worksheets; found a mapping"),
        ([{"title": "No id", "fields": []}], "expected a worksheet id made of lowercase letters"),
        ([{"id": "a", "fields": [{"id": "f", "type": "text", "label": "F"}]}],
         'a non-empty text for "title"'),
        ([{"id": "a", "title": "A", "fields": []}], "expected a non-empty list of fields"),
        (DEFINITIONS + [DEFINITIONS[0]],
         'expected a worksheet id used by one file only; found "needs-estimate"'),
        (definition_with(id="f", type="slider"), 'expected a field type: one of text'),
        (definition_with(id="f", type="choice"), "expected a non-empty list of options"),
        (definition_with(id="f", type="choice", options=[{"id": True, "label": "Yes"}]),
         "found true (a yes/no value)"),
        (definition_with(id="f", type="choice", multiple="yes", options=[{"id": "a",
         "label": "A"}]), 'true or false for "multiple"'),
        (definition_with(id="f", type="rating", scale="stars"),
         'expected a scale: one of agreement, fit; found "stars"'),
        (definition_with(id="f", type="table", columns=[{"id": "c", "type": "text",
         "label": "C"}]), "expected a non-empty list of rows"),
        (definition_with(id="f", type="table", add_rows=True, rows=[{"id": "r", "label": "R"}],
         columns=[{"id": "c", "type": "text", "label": "C"}]), "not both"),
        (definition_with(id="f", type="table", add_rows=True,
         columns=[{"id": "c", "type": "table", "label": "C"}]), "expected a table column type"),
        (definition_with(id="f", type="table", add_rows=True,
         columns=[{"id": "row_id", "type": "text", "label": "C"}]), 'an id other than "row_id"'),
        (definition_with(id="f", type="table", add_rows=True, starter_rows=[{"c": "x"}],
         columns=[{"id": "c", "type": "text", "label": "C"}]),
         "expected a row_id on every starter row"),
        (definition_with(id="f", type="table", add_rows=True,
         starter_rows=[{"row_id": "a", "d": "x"}],
         columns=[{"id": "c", "type": "text", "label": "C"}]), "found the unknown key 'd'"),
        (definition_with(id="f", type="table", add_rows=True,
         starter_rows=[{"row_id": "a"}, {"row_id": "a"}],
         columns=[{"id": "c", "type": "text", "label": "C"}]),
         'expected row ids used once each; found "a" twice'),
        (definition_with(id="f", type="table", add_rows=True,
         starter_rows=[{"row_id": "a", "c": "maybe"}],
         columns=[{"id": "c", "type": "checkbox", "label": "C"}]),
         'starter rows that fit the table\'s columns; found "C" is a tick box'),
        (definition_with(id="f", type="table", rows=[{"id": "r", "label": "R"}],
         starter_rows=[], columns=[{"id": "c", "type": "text", "label": "C"}]),
         '"starter_rows" and "add_label" only with "add_rows: true"'),
    ],
)
def test_malformed_definitions_are_reported(definitions: Any, expected: str) -> None:
    # The worker reads worksheets.json with the generator's checker: the same messages.
    with pytest.raises(DefinitionError) as caught:
        Schema.from_definitions(definitions)
    assert expected in str(caught.value)
    assert str(caught.value).startswith("worksheets.json")
    assert not str(caught.value).endswith("..")


def test_rating_scale_may_be_left_out() -> None:
    built = Schema.from_definitions(definition_with(id="f", type="rating"))
    assert built.worksheet("sheet").field("f").scale == "agreement"


def test_every_worksheet_reads_back_as_written() -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    data = [sheet.as_data() for sheet in sheets.values()]
    again = Schema.from_definitions(json.loads(json.dumps(data)))
    assert [sheet.as_data() for sheet in again.worksheets.values()] == data
    for sheet_id, sheet in sheets.items():
        for spec, back in zip(sheet.fields, again.worksheet(sheet_id).fields, strict=True):
            assert type(spec) is type(back) and spec.max_items == back.max_items
            assert spec.empty_value() == back.empty_value()


def test_definitions_are_not_changed() -> None:
    before = copy.deepcopy(NEEDS_ESTIMATE)
    Schema.from_definitions([NEEDS_ESTIMATE])
    assert before == NEEDS_ESTIMATE


# Valid values ----------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(values=worksheet_values(SCHEMA.worksheet("needs-estimate")))
def test_valid_values_come_back_unchanged(values: dict[str, Any]) -> None:
    before = copy.deepcopy(values)
    assert normalise_values(SCHEMA, "needs-estimate", values) == before
    assert values == before


@settings(max_examples=30, deadline=None)
@given(values=worksheet_values(SCHEMA.worksheet("partner-checklist")))
def test_valid_fixed_table_values_come_back_unchanged(values: dict[str, Any]) -> None:
    assert normalise_values(SCHEMA, "partner-checklist", values) == values


@pytest.mark.parametrize(
    ("values", "field_id", "expected"),
    [
        ({"enrollment": 1200}, "enrollment", "1200"),
        ({"enrollment": 2.5}, "enrollment", "2.5"),
        ({"enrollment": "12 400 (approx.)"}, "enrollment", "12 400 (approx.)"),
        ({"enrollment": None}, "enrollment", ""),
        ({"notes": None}, "notes", ""),
        ({"grade-band": None}, "grade-band", ""),
        ({"services": None}, "services", []),
        ({"services": ["crisis", "counseling", "crisis"]}, "services", ["crisis", "counseling"]),
        ({"review-date": "2024-02-29"}, "review-date", "2024-02-29"),
        ({"review-date": ""}, "review-date", ""),
        ({"notes": "broken \ud83d character"}, "notes", "broken \ufffd character"),
        ({"notes": "x" * MAX_LONGTEXT_CHARS}, "notes", "x" * MAX_LONGTEXT_CHARS),
        ({"district-name": "x" * MAX_TEXT_CHARS}, "district-name", "x" * MAX_TEXT_CHARS),
    ],
)
def test_values_are_tidied(values: dict[str, Any], field_id: str, expected: Any) -> None:
    assert normalise_values(SCHEMA, "needs-estimate", values)[field_id] == expected


def test_missing_cells_and_rows_get_defaults() -> None:
    values = normalise_values(
        SCHEMA, "partner-checklist", {"criteria": {"licensed": {"rating": "agree"}}}
    )
    assert values["criteria"]["licensed"] == {
        "rating": "agree", "must-have": False, "evidence": "", "checked-on": "",
    }
    assert values["criteria"]["data-sharing"]["rating"] == ""
    rows = normalise_values(SCHEMA, "needs-estimate", {"sources": [{"row_id": "x"}]})["sources"]
    assert rows == [{"row_id": "x", "name": "", "indicated": "", "kind": "", "grades": [],
                     "collected": "", "verified": False, "quality": "", "comment": ""}]


def test_an_emptied_added_rows_table_stays_empty() -> None:
    assert normalise_values(SCHEMA, "needs-estimate", {"sources": []})["sources"] == []


def test_the_row_limit_itself_is_allowed() -> None:
    rows = [{"row_id": f"r{n}"} for n in range(MAX_ADDED_ROWS)]
    assert len(normalise_values(SCHEMA, "working-group", {"members": rows})["members"]) == 500


# Invalid values --------------------------------------------------------------------

INVALID: list[tuple[str, str, Any, str, str]] = [
    ("unknown worksheet", "nope", {}, "nope", 'no worksheet called "nope"'),
    ("values not an object", "needs-estimate", [], "needs-estimate",
     "should be a group of named fields"),
    ("unknown field", "needs-estimate", {"colour": "red"}, "needs-estimate › colour",
     'no field called "colour"'),
    ("heading has no value", "needs-estimate", {"sources-heading": ""},
     "needs-estimate › sources-heading", "no field called"),
    ("text as number", "needs-estimate", {"district-name": 5}, "needs-estimate › district-name",
     '"District name" should be text, but it is the number 5'),
    ("text as list", "needs-estimate", {"notes": ["a"]}, "needs-estimate › notes",
     "should be text, but it is a list"),
    ("text too long", "needs-estimate", {"district-name": "x" * (MAX_TEXT_CHARS + 1)},
     "needs-estimate › district-name", "the limit is 1,000. Shorten it"),
    ("long text too long", "needs-estimate", {"notes": "x" * (MAX_LONGTEXT_CHARS + 1)},
     "needs-estimate › notes", "20,001 characters long; the limit is 20,000"),
    ("number as true", "needs-estimate", {"enrollment": True}, "needs-estimate › enrollment",
     "should be a number written as text"),
    ("number too long", "needs-estimate", {"enrollment": "9" * 1001},
     "needs-estimate › enrollment", "the limit is 1,000"),
    ("number NaN", "needs-estimate", {"enrollment": float("nan")}, "needs-estimate › enrollment",
     "should be a number"),
    ("date in another order", "needs-estimate", {"review-date": "09/30/2024"},
     "needs-estimate › review-date", "YYYY-MM-DD (for example 2024-09-30)"),
    ("date without zeros", "needs-estimate", {"review-date": "2024-9-3"},
     "needs-estimate › review-date", "YYYY-MM-DD"),
    ("date that does not exist", "needs-estimate", {"review-date": "2023-02-29"},
     "needs-estimate › review-date", "YYYY-MM-DD"),
    ("date with time", "needs-estimate", {"review-date": "2024-09-30T10:00"},
     "needs-estimate › review-date", "YYYY-MM-DD"),
    ("date with other digits", "needs-estimate", {"review-date": "２０２４-09-30"},
     "needs-estimate › review-date", "YYYY-MM-DD"),
    ("date as number", "needs-estimate", {"review-date": 20240930},
     "needs-estimate › review-date", "should be a date written as YYYY-MM-DD"),
    ("unknown choice", "needs-estimate", {"grade-band": "college"},
     "needs-estimate › grade-band", '"college" is not one of the options for "Grade band". '
     "Use one of: elementary, middle, high."),
    ("choice by label", "needs-estimate", {"grade-band": "High"}, "needs-estimate › grade-band",
     "not one of the options"),
    ("choice as list", "needs-estimate", {"grade-band": ["high"]},
     "needs-estimate › grade-band", "should be one option id"),
    ("multiple choice as text", "needs-estimate", {"services": "crisis"},
     "needs-estimate › services", "should be a list of option ids"),
    ("multiple choice unknown", "needs-estimate", {"services": ["crisis", "yoga"]},
     "needs-estimate › services", '"yoga" is not one of the options'),
    ("multiple choice of numbers", "needs-estimate", {"services": [1]},
     "needs-estimate › services", "should be a list of option ids"),
    ("checkbox as text", "needs-estimate", {"confirmed": "true"}, "needs-estimate › confirmed",
     "should be true or false"),
    ("checkbox as null", "needs-estimate", {"confirmed": None}, "needs-estimate › confirmed",
     "should be true or false"),
    ("rating from the other scale", "partner-checklist", {"fit": "agree"},
     "partner-checklist › fit", "Use one of: poor, mixed, good."),
    ("rating as number", "partner-checklist", {"overall": 4}, "partner-checklist › overall",
     "should be one option id"),
    ("added table as object", "needs-estimate", {"sources": {}}, "needs-estimate › sources",
     "should be a list of rows"),
    ("added table as null", "needs-estimate", {"sources": None}, "needs-estimate › sources",
     "should be a list of rows"),
    ("row not an object", "needs-estimate", {"sources": [source_row(), "x"]},
     "needs-estimate › sources › row 2", "row 2 is the text"),
    ("row without row_id", "needs-estimate", {"sources": [source_row(), {"name": "x"}]},
     "needs-estimate › sources › row 2", "has no row_id"),
    ("row with empty row_id", "needs-estimate", {"sources": [{"row_id": ""}]},
     "needs-estimate › sources › row 1", "has no row_id"),
    ("row_id as number", "needs-estimate", {"sources": [{"row_id": 3}]},
     "needs-estimate › sources › row 1", "has no row_id"),
    ("row_id too long", "needs-estimate", {"sources": [{"row_id": "r" * 1001}]},
     "needs-estimate › sources › row 1", "Use a short row_id"),
    ("repeated row_id", "needs-estimate",
     {"sources": [source_row(), {"row_id": "r2"}, source_row()]},
     "needs-estimate › sources › row 3", 'Two rows of "Data sources" have the row_id "r1"'),
    ("unknown column", "needs-estimate", {"sources": [source_row(colour="red")]},
     "needs-estimate › sources › row 1 › colour", 'no column "colour"'),
    ("bad cell", "needs-estimate",
     {"sources": [source_row(), source_row(row_id="b"), source_row(row_id="c", indicated=[])]},
     "needs-estimate › sources › row 3 › indicated", '"Students indicated" should be a number'),
    ("bad cell date", "needs-estimate", {"sources": [source_row(collected="yesterday")]},
     "needs-estimate › sources › row 1 › collected", '"Collected on" should be a date'),
    ("too many rows", "working-group",
     {"members": [{"row_id": str(n)} for n in range(MAX_ADDED_ROWS + 1)]},
     "working-group › members", "has 501 rows; the limit is 500. Remove rows"),
    ("cell text too long", "working-group",
     {"members": [{"row_id": "a", "name": "x" * 1001}]}, "working-group › members › row 1 › name",
     "the limit is 1,000"),
    ("fixed table as list", "partner-checklist", {"criteria": []},
     "partner-checklist › criteria", "should be a group of rows named by row id"),
    ("unknown fixed row", "partner-checklist", {"criteria": {"cheap": {}}},
     "partner-checklist › criteria › cheap", 'no row "cheap"'),
    ("fixed row not an object", "partner-checklist", {"criteria": {"licensed": "yes"}},
     "partner-checklist › criteria › licensed", "should be a group of named cells"),
    ("fixed row with row_id", "partner-checklist", {"criteria": {"licensed": {"row_id": "x"}}},
     "partner-checklist › criteria › licensed › row_id", 'no column "row_id"'),
    ("fixed cell wrong", "partner-checklist",
     {"criteria": {"bilingual": {"rating": "maybe"}}},
     "partner-checklist › criteria › bilingual › rating", '"maybe" is not one of the options'),
]


@pytest.mark.parametrize(
    ("worksheet_id", "values", "path", "expected"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_values_are_reported_with_where_and_what(
    worksheet_id: str, values: Any, path: str, expected: str
) -> None:
    error = error_for(worksheet_id, values)
    assert error.path == path
    assert expected in error.message
    assert str(error) == f"{path}: {error.message}"
    assert error.to_dict() == {"message": error.message, "path": path}


def test_long_values_are_shortened_in_messages() -> None:
    error = error_for("needs-estimate", {"grade-band": "g" * 5000})
    assert len(error.message) < 300
