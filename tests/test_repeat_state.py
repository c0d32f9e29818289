"""Repeats and ratings grids in saved data: the schema, checking values, export and import."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import ROOT

from browser_py.core.errors import ToolkitError
from browser_py.core.model import MAX_REPEAT_ITEMS
from browser_py.core.schema import Schema, normalise_values
from browser_py.sharing.exchange import export_json, parse_import

CRITERIA = {
    "id": "criteria", "title": "Criteria",
    "fields": [{
        "id": "rows", "type": "table", "label": "Criteria", "add_rows": True,
        "columns": [
            {"id": "text", "type": "text", "label": "Criterion"},
            {"id": "kind", "type": "choice", "label": "Kind",
             "options": [{"id": "must", "label": "Must"}, {"id": "nice", "label": "Nice"}]},
        ],
        "starter_rows": [{"row_id": "c1", "text": "Licensed", "kind": "must"}],
    }],
}
SOURCE = {"worksheet": "criteria", "table": "rows", "label": "text", "group": "kind"}
CHECKLISTS = {
    "id": "checklists", "title": "Checklists",
    "fields": [
        {"id": "overall", "type": "ratings", "label": "Overall", "source": SOURCE},
        {"id": "items", "type": "repeat", "label": "Provider checklists",
         "item_label": "Checklist", "merge_by": ["provider", "rater"], "newer_by": "on",
         "fields": [
             {"id": "provider", "type": "text", "label": "Provider"},
             {"id": "rater", "type": "text", "label": "Completed by"},
             {"id": "on", "type": "date", "label": "Date"},
             {"id": "ratings", "type": "ratings", "label": "Ratings", "source": SOURCE},
             {"id": "ok", "type": "checkbox", "label": "Reviewed"},
             {"id": "note-heading", "type": "heading", "label": "Notes"},
         ]},
    ],
}


def schema() -> Schema:
    return Schema.from_definitions([CRITERIA, CHECKLISTS])


def check(values: Any) -> dict[str, Any]:
    return normalise_values(schema(), "checklists", values)


def error(values: Any) -> ToolkitError:
    with pytest.raises(ToolkitError) as caught:
        check(values)
    return caught.value


def test_schema_knows_the_new_types() -> None:
    sheet = schema().worksheet("checklists")
    items = sheet.field("items")
    assert items.type == "repeat" and items.merge_by == ("provider", "rater")
    assert [f.id for f in items.item_fields] == ["provider", "rater", "on", "ratings", "ok"]
    assert items.item_field("ratings").source.table == "rows"
    assert schema().rating_sources == ("criteria",)
    assert schema().empty_values("checklists") == {"overall": {}, "items": []}


def test_items_are_filled_in_and_ratings_tidied() -> None:
    values = check({"items": [{"row_id": "a", "provider": "Acme",
                               "ratings": {"c1": "agree", "c2": "", "gone": None}}],
                    "overall": {"c1": "no-evidence"}})
    assert values == {
        "overall": {"c1": "no-evidence"},
        "items": [{"row_id": "a", "provider": "Acme", "rater": "", "on": "", "ratings":
                   {"c1": "agree"}, "ok": False}],
    }


def test_ratings_of_removed_rows_are_kept() -> None:
    assert check({"overall": {"removed-row": "agree"}})["overall"] == {"removed-row": "agree"}


BAD = [
    ("repeat-not-a-list", {"items": {"a": {}}}, "should be a list of entries",
     "checklists › items"),
    ("entry-not-a-group", {"items": ["x"]}, "entry 1 is the text", "items › entry 1"),
    ("entry-without-row-id", {"items": [{"provider": "A"}]}, "has no row_id", "entry 1"),
    ("repeated-row-id", {"items": [{"row_id": "a"}, {"row_id": "a"}]},
     'have the row_id "a"', "entry 2"),
    ("unknown-item-field", {"items": [{"row_id": "a", "colour": "red"}]},
     'have no field "colour"', "entry 1 › colour"),
    ("heading-is-not-saved", {"items": [{"row_id": "a", "note-heading": "x"}]},
     'have no field "note-heading"', "entry 1"),
    ("bad-item-value", {"items": [{"row_id": "a", "on": "tomorrow"}]},
     "YYYY-MM-DD", "entry 1 › on"),
    ("ratings-not-a-group", {"overall": ["agree"]}, "should be a group of ratings",
     "checklists › overall"),
    ("unknown-rating", {"overall": {"c1": "great"}}, '"great" is not one of the options',
     "overall › c1"),
    ("rating-not-text", {"items": [{"row_id": "a", "ratings": {"c1": 4}}]},
     "should be one option id", "entry 1 › ratings › c1"),
    ("empty-ratings-key", {"overall": {"": "agree"}}, "row id is empty", "overall"),
]


@pytest.mark.parametrize(("values", "message", "where"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_values_are_named(values: Any, message: str, where: str) -> None:
    problem = error(values)
    assert message in problem.message
    assert where in (problem.path or "")


def test_too_many_entries() -> None:
    items = [{"row_id": f"r{i}"} for i in range(MAX_REPEAT_ITEMS + 1)]
    assert f"the limit is {MAX_REPEAT_ITEMS}" in error({"items": items}).message


def test_export_and_import_round_trip() -> None:
    state = {"checklists": check({"items": [
        {"row_id": "a", "provider": "Acme", "rater": "Lee", "on": "2026-03-01",
         "ratings": {"c1": "strongly-agree"}, "ok": True}]})}
    text = export_json(schema(), state, toolkit_version="1", district="",
                       exported_at="2026-03-01T00:00:00Z")
    assert parse_import(schema(), text).state == state


def test_a_damaged_entry_in_a_file_changes_nothing() -> None:
    state = {"checklists": check({"items": [{"row_id": "a", "ratings": {"c1": "agree"}}]})}
    document = json.loads(export_json(schema(), state, toolkit_version="1", district="",
                                      exported_at="2026-03-01T00:00:00Z"))
    document["worksheets"]["checklists"]["values"]["items"][0]["ratings"]["c1"] = "maybe"
    with pytest.raises(ToolkitError) as caught:
        parse_import(schema(), json.dumps(document))
    assert "checklists › items › entry 1 › ratings › c1" in str(caught.value)


@pytest.mark.parametrize(("source", "message"), [
    ({**SOURCE, "worksheet": "nowhere"},
     'naming a defined worksheet (one of criteria, x); found "nowhere"'),
    ({**SOURCE, "table": "missing"}, '"source.table" naming a table with added rows'),
    ({**SOURCE, "label": "missing"}, '"source.label" naming a text column of the table "rows"'),
    ({"table": "rows"}, 'a column id for "source.label"'),
])
def test_schema_checks_ratings_sources(source: dict, message: str) -> None:
    sheet = {"id": "x", "title": "X",
             "fields": [{"id": "r", "type": "ratings", "label": "R", "source": source}]}
    with pytest.raises(ToolkitError) as caught:
        Schema.from_definitions([CRITERIA, sheet])
    assert message in str(caught.value)


def test_schema_checks_repeats() -> None:
    bad = {"id": "x", "title": "X", "fields": [
        {"id": "r", "type": "repeat", "label": "R", "merge_by": ["nope"],
         "fields": [{"id": "a", "type": "text", "label": "A"}]}]}
    with pytest.raises(ToolkitError, match='"merge_by" naming fields of the items'):
        Schema.from_definitions([bad])
    fixed = {"id": "x", "title": "X", "fields": [
        {"id": "r", "type": "repeat", "label": "R",
         "fields": [{"id": "t", "type": "table", "label": "T", "row_header": "Row",
                     "rows": [{"id": "one", "label": "One"}],
                     "columns": [{"id": "a", "type": "text", "label": "A"}]}]}]}
    with pytest.raises(ToolkitError, match="a table inside a repeat with rows the person"):
        Schema.from_definitions([fixed])
    nested = {"id": "x", "title": "X", "fields": [
        {"id": "r", "type": "repeat", "label": "R",
         "fields": [{"id": "s", "type": "repeat", "label": "S",
                     "fields": [{"id": "a", "type": "text", "label": "A"}]}]}]}
    with pytest.raises(ToolkitError, match="a type for a field inside a repeat"):
        Schema.from_definitions([nested])


def test_export_with_checklists_matches_the_published_json_schema() -> None:
    import jsonschema

    from browser_py.core.computations import ACTIONS, REGISTRY
    from browser_py.page import runtime
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))
    state = {"worksheets": {"partner-checklist": {"checklists": [
        {"row_id": "a", "provider": "Acme", "completed_by": "Lee", "date": "2026-03-01",
         "ratings": {"must-cost": "agree"}, "evidence_must": "", "evidence_nice": "",
         "verdict": "meets"}]},
        "partner-compare": {"sort_by": "name"}}}
    document = json.loads(runtime.export(state, "2026-03-01T00:00:00Z")["document"])
    published = json.loads((ROOT / "content" / "export-format.schema.json").read_text())
    jsonschema.validate(document, published)
    assert document["worksheets"]["partner-checklist"]["computed"]["suggested"].startswith(
        "Suggested verdicts for 1 checklist")


# ---- A table inside each entry (an agreement's own steps) --------------------------------

AGREEMENTS = {
    "id": "deals", "title": "Agreements",
    "fields": [{
        "id": "deals", "type": "repeat", "label": "Agreements", "item_label": "Agreement",
        "fields": [
            {"id": "provider", "type": "text", "label": "Provider"},
            {"id": "steps", "type": "table", "label": "Its own steps", "add_rows": True,
             "columns": [{"id": "step", "type": "longtext", "label": "Step"},
                         {"id": "days", "type": "number", "label": "Days"},
                         {"id": "wait", "type": "checkbox", "label": "In the wait"}]},
        ]}],
}


def deals(values: Any) -> dict[str, Any]:
    return normalise_values(Schema.from_definitions([AGREEMENTS]), "deals", values)


def test_an_entrys_table_is_filled_in_row_by_row() -> None:
    values = deals({"deals": [{"row_id": "a", "provider": "Acme",
                               "steps": [{"row_id": "s1", "step": "Call", "days": 2}]},
                              {"row_id": "b"}]})
    assert values["deals"] == [
        {"row_id": "a", "provider": "Acme",
         "steps": [{"row_id": "s1", "step": "Call", "days": "2", "wait": False}]},
        {"row_id": "b", "provider": "", "steps": []}]


@pytest.mark.parametrize(("steps", "message", "where"), [
    ({"s1": {}}, "should be a list of rows", "entry 1 › steps"),
    ([{"row_id": "s1", "colour": "red"}], 'has no column "colour"', "row 1 › colour"),
    ([{"row_id": "s1", "wait": "yes"}], "is a tick box", "row 1 › wait"),
    ([{"row_id": "s1"}, {"row_id": "s1"}], 'have the row_id "s1"', "steps › row 2"),
])
def test_a_bad_row_in_an_entrys_table_is_named_with_its_place(
        steps: Any, message: str, where: str) -> None:
    with pytest.raises(ToolkitError) as caught:
        deals({"deals": [{"row_id": "a", "steps": steps}]})
    assert message in caught.value.message
    assert where in (caught.value.path or "")


def test_an_entrys_table_goes_out_and_comes_back_in_a_file() -> None:
    schema = Schema.from_definitions([AGREEMENTS])
    state = {"deals": deals({"deals": [{"row_id": "a", "provider": "Acme", "steps": [
        {"row_id": "s1", "step": "Call the family", "days": "3", "wait": True}]}]})}
    text = export_json(schema, state, toolkit_version="1", district="",
                       exported_at="2026-03-01T00:00:00Z")
    assert parse_import(schema, text).state == state


def test_an_agreement_with_its_own_steps_matches_the_published_json_schema() -> None:
    import jsonschema

    from browser_py.core.computations import ACTIONS, REGISTRY
    from browser_py.page import runtime
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))
    state = {"worksheets": {"agreements": {"agreements": [
        {"row_id": "a", "provider": "Acme", "own_pathway": True,
         "pathway_steps": [{"row_id": "s1", "step": "Referral by phone", "days": "2",
                            "wait": True, "direction": "to-provider"}],
         "crisis_school": "The principal"}]}}}
    document = json.loads(runtime.export(state, "2026-03-01T00:00:00Z")["document"])
    published = json.loads((ROOT / "content" / "export-format.schema.json").read_text())
    jsonschema.validate(document, published)
    entry = document["worksheets"]["agreements"]["values"]["agreements"][0]
    assert entry["pathway_steps"][0]["step"] == "Referral by phone"
    assert parse_import(runtime.schema(), json.dumps(document)).state["agreements"][
        "agreements"][0]["pathway_steps"][0]["days"] == "2"
