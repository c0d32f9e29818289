"""The export format: round trips, import checks, fuzzing, preview, fixtures, migrations."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from worksheet_fixtures import DEFINITIONS, schema, states

from browser_py.core import migrations
from browser_py.core.errors import ToolkitError
from browser_py.core.schema import normalise_values
from browser_py.sharing import exchange
from browser_py.sharing.exchange import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_IMPORT_BYTES,
    ImportResult,
    apply_import,
    export_document,
    export_json,
    parse_import,
    preview_import,
)

SCHEMA = schema()
EXPORTS = Path(__file__).parent / "fixtures" / "exports"
HEADER = {"toolkit_version": "0.1.0", "district": "Example USD", "exported_at": "2024-10-01"}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def document(**changes: Any) -> dict[str, Any]:
    """A valid export document with one filled-in worksheet, changed as given."""
    values = SCHEMA.empty_values("needs-estimate")
    values["district-name"] = "Example USD"
    doc = export_document(SCHEMA, {"needs-estimate": values}, **HEADER)
    doc.update(changes)
    return doc


def with_values(worksheet_id: str, values: Any) -> str:
    """Export text whose one worksheet holds ``values`` as given (not checked)."""
    return json.dumps(document(worksheets={worksheet_id: {"values": values}}))


def import_error(text: str | bytes) -> ToolkitError:
    with pytest.raises(ToolkitError) as caught:
        parse_import(SCHEMA, text)
    return caught.value


# Round trip ------------------------------------------------------------------------


@FAST
@given(state=states(SCHEMA), district=st.text(max_size=50))
def test_export_then_import_gives_back_the_same_state(state: dict, district: str) -> None:
    text = export_json(
        SCHEMA, state, toolkit_version="0.1.0", district=district, exported_at="2024-10-01"
    )
    result = parse_import(SCHEMA, text)
    assert result.state == state
    assert result.district == district
    assert parse_import(SCHEMA, text.encode("utf-8")).state == state


def test_export_document_shape() -> None:
    state = {"partner-checklist": SCHEMA.empty_values("partner-checklist")}
    computed = {"partner-checklist": {"summary": "Nothing rated yet"}}
    doc = export_document(SCHEMA, state, computed=computed, **HEADER)
    assert doc == {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "toolkit_version": "0.1.0",
        "exported_at": "2024-10-01",
        "kind": "backup",
        "district": "Example USD",
        "worksheets": {
            "partner-checklist": {
                "values": state["partner-checklist"],
                "computed": {"summary": "Nothing rated yet"},
            }
        },
    }


def test_export_fills_in_missing_fields_and_orders_worksheets_as_the_schema() -> None:
    state = {"working-group": {}, "needs-estimate": {"notes": "x"}}
    doc = export_document(SCHEMA, state, **HEADER)
    assert list(doc["worksheets"]) == ["needs-estimate", "working-group"]
    assert doc["worksheets"]["needs-estimate"]["values"]["notes"] == "x"
    assert doc["worksheets"]["needs-estimate"]["values"]["services"] == []
    assert doc["worksheets"]["working-group"]["values"] == {"members": []}


def test_export_keeps_entries_that_no_longer_fit() -> None:
    state = {"needs-estimate": {"review-date": "30/09/2024"}, "retired-sheet": {"a": "b"}}
    doc = export_document(SCHEMA, state, **HEADER)
    assert doc["worksheets"]["needs-estimate"]["values"] == {"review-date": "30/09/2024"}
    assert doc["worksheets"]["retired-sheet"]["values"] == {"a": "b"}


def test_export_json_is_indented_and_keeps_non_ascii() -> None:
    text = export_json(SCHEMA, {"needs-estimate": {"notes": "Ünïcode 🙂"}}, **HEADER)
    assert '\n  "format": "cmhp-toolkit-export",' in text
    assert "Ünïcode 🙂" in text


def test_import_ignores_computed_and_accepts_a_byte_order_mark() -> None:
    doc = document()
    doc["worksheets"]["needs-estimate"]["computed"] = {"estimate": ["anything", {"x": 1}]}
    result = parse_import(SCHEMA, b"\xef\xbb\xbf" + json.dumps(doc).encode("utf-8"))
    assert result.state["needs-estimate"]["district-name"] == "Example USD"
    assert (result.district, result.exported_at, result.format_version) == (
        "Example USD", "2024-10-01", FORMAT_VERSION,
    )
    assert result.toolkit_version == "0.1.0"


# Bad files -------------------------------------------------------------------------

DEEP_VALUES = {"sources": [{"row_id": "a", "comment": {"constructor": 1}}]}

BAD_FILES: list[tuple[str, str | bytes, str]] = [
    ("empty", b"", "This file is empty"),
    ("only spaces", "  \n ", "This file is empty"),
    ("not utf-8", b'{"format": "\xff\xfe"}', "not saved as UTF-8"),
    ("utf-16", '{"format": 1}'.encode("utf-16"), "not saved as UTF-8"),
    ("not json", "{format: cmhp}", "not valid JSON"),
    ("truncated", json.dumps(document())[:-30], "not valid JSON"),
    ("trailing data", json.dumps(document()) + "x", "not valid JSON"),
    ("deep lists", "[" * 100_000, f"nested more than {MAX_DEPTH} levels"),
    ("deep objects", '{"a":' * 100_000, f"nested more than {MAX_DEPTH} levels"),
    ("just too deep", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nested more than"),
    ("duplicate key", '{"format": "cmhp-toolkit-export", "format": "x"}', '"format" appears twice'),
    ("__proto__", '{"__proto__": {"polluted": true}}', 'the name "__proto__"'),
    ("prototype", '{"worksheets": {"prototype": 1}}', 'the name "prototype"'),
    ("constructor deep", with_values("needs-estimate", DEEP_VALUES), 'the name "constructor"'),
    ("array", "[1, 2, 3]", "not an export from this toolkit"),
    ("string", '"cmhp-toolkit-export"', "not an export from this toolkit"),
    ("other format", json.dumps(document(format="something-else")), "not an export from this"),
    ("no format", json.dumps({"format_version": 1, "worksheets": {}}), "not an export from this"),
    ("newer version", json.dumps(document(format_version=FORMAT_VERSION + 1)),
     "This file comes from a newer version of the toolkit. Ask whoever hosts this site to "
     "update it, then import again."),
    ("version as text", json.dumps(document(format_version="1")), "which version"),
    ("version zero", json.dumps(document(format_version=0)), "which version"),
    ("version true", json.dumps(document(format_version=True)), "which version"),
    ("version float", json.dumps(document(format_version=1.0)), "which version"),
    ("NaN", with_values("needs-estimate", {"enrollment": float("nan")}), "contains NaN"),
    ("Infinity", with_values("needs-estimate", {"enrollment": float("inf")}),
     "contains Infinity"),
    ("-Infinity", with_values("needs-estimate", {"enrollment": float("-inf")}),
     "contains -Infinity"),
    ("huge float", '{"format": 1e999}', "too large to use"),
    ("huge integer", '{"format": ' + "9" * 5000 + "}", "digits long"),
    ("unknown top-level entry", json.dumps(document(extra=1)), 'an entry "extra"'),
    ("district not text", json.dumps(document(district=7)), '"district" should be text'),
    ("no worksheets", json.dumps({"format": FORMAT_NAME, "format_version": 1}),
     "no worksheets section"),
    ("worksheets a list", json.dumps(document(worksheets=[])), "worksheets section"),
    ("unknown worksheet not as exported", json.dumps(document(worksheets={"nope": [1]})),
     'worksheet "nope" that this toolkit does not have, and it is not written'),
    ("set_aside not texts", json.dumps(document(set_aside=[1])), '"set_aside" should be'),
    ("worksheet not an object", json.dumps(document(worksheets={"needs-estimate": []})),
     "should be a group with its values"),
    ("worksheet without values", json.dumps(document(worksheets={"needs-estimate": {}})),
     "has no values"),
    ("unknown worksheet entry",
     json.dumps(document(worksheets={"needs-estimate": {"values": {}, "notes": 1}})),
     'an entry "notes"'),
    ("unknown field", with_values("needs-estimate", {"nope": ""}), 'no field called "nope"'),
    ("bad date", with_values("needs-estimate", {"review-date": "30/09/2024"}), "YYYY-MM-DD"),
    ("unknown option", with_values("needs-estimate", {"grade-band": "college"}),
     '"college" is not one of the options'),
    ("wrong type", with_values("needs-estimate", {"confirmed": "yes"}), "true or false"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [case[1:] for case in BAD_FILES], ids=[case[0] for case in BAD_FILES]
)
def test_bad_file_gives_its_own_message(text: str | bytes, expected: str) -> None:
    assert expected in import_error(text).message


@pytest.mark.parametrize("text", [None, 12, ["{}"], {"format": FORMAT_NAME}])
def test_something_other_than_a_file(text: Any) -> None:
    assert "no file to import" in import_error(text).message


def test_error_names_the_place_in_the_file() -> None:
    rows = [{"row_id": "a"}, {"row_id": "b"}, {"row_id": "c", "indicated": ["12"]}]
    error = import_error(with_values("needs-estimate", {"sources": rows}))
    assert error.path == "needs-estimate › sources › row 3 › indicated"
    assert '"Students indicated" should be a number' in error.message


def test_nesting_up_to_the_limit_is_read() -> None:
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert "not an export" in import_error(nested).message


def test_brackets_inside_text_do_not_count_as_nesting() -> None:
    doc = document()
    doc["worksheets"]["needs-estimate"]["values"]["notes"] = '[{"\\' * 1000
    result = parse_import(SCHEMA, json.dumps(doc))
    assert result.state["needs-estimate"]["notes"] == '[{"\\' * 1000


# Size limit ------------------------------------------------------------------------


def padded(size: int) -> str:
    text = json.dumps(document())
    return text + " " * (size - len(text.encode("utf-8")))


def test_file_of_exactly_the_limit_is_read() -> None:
    text = padded(MAX_IMPORT_BYTES)
    assert len(text.encode("utf-8")) == MAX_IMPORT_BYTES
    assert parse_import(SCHEMA, text).district == "Example USD"
    assert parse_import(SCHEMA, text.encode("utf-8")).district == "Example USD"


@pytest.mark.parametrize(
    "text",
    [
        padded(MAX_IMPORT_BYTES + 1),
        padded(MAX_IMPORT_BYTES + 1).encode("utf-8"),
        bytearray(padded(MAX_IMPORT_BYTES + 1), "utf-8"),
        # Fewer characters than the limit, but more bytes once written as UTF-8.
        json.dumps(document(district="é" * (MAX_IMPORT_BYTES // 2 + 10)), ensure_ascii=False),
        b"\xff" * (5 * MAX_IMPORT_BYTES),
    ],
    ids=["text", "bytes", "bytearray", "multi-byte text", "large binary"],
)
def test_file_over_the_limit_is_refused_before_reading(text: str | bytes) -> None:
    assert "too large to import" in import_error(text).message


# Fuzzing: any input gives an ImportResult or a ToolkitError ------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25,
)


def check_any_input(text: str | bytes) -> None:
    try:
        result = parse_import(SCHEMA, text)
    except ToolkitError as error:
        assert error.message.strip()
        return
    assert isinstance(result, ImportResult)
    for worksheet_id, values in result.state.items():
        assert normalise_values(SCHEMA, worksheet_id, values) == values


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    check_any_input(data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('{}[]",:\\ 0123456789.eE-+truefalsnNI'), max_size=80))
def test_fuzz_json_like_text(text: str) -> None:
    check_any_input(text)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_fuzz_any_json_value(value: Any) -> None:
    check_any_input(json.dumps(value))


field_ids = sorted(
    {field["id"] for sheet in DEFINITIONS for field in sheet["fields"]}
    | {column["id"] for sheet in DEFINITIONS for field in sheet["fields"]
       for column in field.get("columns", [])}
    | {"row_id"}
)
some_text = st.text(max_size=5)
field_like = st.one_of(
    json_values,
    st.sampled_from(["", "high", "agree", "2024-09-30", "12"]),
    st.lists(st.dictionaries(st.sampled_from(field_ids) | some_text, json_values), max_size=3),
)
worksheet_like = st.fixed_dictionaries(
    {"values": st.dictionaries(st.sampled_from(field_ids) | some_text, field_like, max_size=5)},
    optional={"computed": json_values},
)
# Right at the top (the other tests vary that), so that every document reaches the worksheets.
export_like = st.fixed_dictionaries(
    {
        "format": st.just(FORMAT_NAME),
        "format_version": st.just(FORMAT_VERSION),
        "worksheets": st.dictionaries(
            st.one_of(*(st.just(ws) for ws in SCHEMA.worksheet_ids), some_text),
            st.one_of(worksheet_like, worksheet_like, json_values),
            max_size=3,
        ),
    },
    optional={"district": some_text, "exported_at": some_text},
)


@settings(max_examples=200, deadline=None)
@given(export_like)
def test_fuzz_export_like_documents(doc: dict[str, Any]) -> None:
    check_any_input(json.dumps(doc))


def places(node: Any, path: tuple = ()) -> list[tuple]:
    """Every place in a JSON document, as a path of keys and indexes."""
    found = [path]
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
        node, list) else ()
    for key, child in items:
        found += places(child, (*path, key))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), state=states(SCHEMA))
def test_fuzz_valid_export_with_one_value_replaced(data: st.DataObject, state: dict) -> None:
    doc = export_document(SCHEMA, state, **HEADER)
    # Deepest places first, so that most cases reach the worksheets' values.
    path = data.draw(st.sampled_from(sorted(places(doc)[1:], key=len, reverse=True)))
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = data.draw(json_values)
    check_any_input(json.dumps(doc))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), state=states(SCHEMA))
def test_fuzz_damaged_export_text(data: st.DataObject, state: dict) -> None:
    text = export_json(SCHEMA, state, **HEADER)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 20)))
    text = text[:start] + data.draw(st.text(max_size=5)) + text[end:]
    check_any_input(text)


# Preview and apply -----------------------------------------------------------------


def result_with(state: dict[str, dict[str, Any]]) -> ImportResult:
    return parse_import(SCHEMA, export_json(SCHEMA, state, **HEADER))


def test_preview_describes_each_worksheet() -> None:
    needs = SCHEMA.empty_values("needs-estimate")
    checklist = SCHEMA.empty_values("partner-checklist")
    current = {
        "needs-estimate": {"notes": "old", "enrollment": "100"},
        "partner-checklist": copy.deepcopy(checklist),
        "working-group": {"members": []},
    }
    incoming = {
        "needs-estimate": {**needs, "notes": "new", "enrollment": "100"},
        "partner-checklist": checklist,
    }
    preview = preview_import(SCHEMA, current, result_with(incoming))
    assert preview == [
        {"id": "needs-estimate", "title": "Estimate of need", "status": "replaced",
         "changed_fields": 1},
        {"id": "partner-checklist", "title": "Partner checklist", "status": "unchanged",
         "changed_fields": 0},
        {"id": "working-group", "title": "Working group roster", "status": "kept",
         "changed_fields": 0},
    ]


def test_preview_counts_filled_in_fields_of_an_added_worksheet() -> None:
    incoming = {"partner-checklist": {"partner": "Clinic", "overall": "agree"}}
    preview = preview_import(SCHEMA, {}, result_with(incoming))
    assert preview == [
        {"id": "partner-checklist", "title": "Partner checklist", "status": "added",
         "changed_fields": 2},
    ]


def test_preview_keeps_stored_worksheets_the_schema_does_not_know() -> None:
    current = {"retired-sheet": {"x": 1}, "needs-estimate": {"review-date": "bad"}}
    preview = preview_import(SCHEMA, current, result_with({"needs-estimate": {}}))
    assert [(p["id"], p["status"]) for p in preview] == [
        ("needs-estimate", "replaced"), ("retired-sheet", "kept"),
    ]
    assert preview[1]["title"] == "retired-sheet"


def test_apply_replaces_worksheets_in_the_file_and_keeps_the_others() -> None:
    current = {"needs-estimate": {"notes": "old"}, "working-group": {"members": []}}
    before = copy.deepcopy(current)
    result = result_with({"needs-estimate": {"notes": "new"}})
    new_state = apply_import(current, result)
    assert current == before
    assert new_state["working-group"] == {"members": []}
    assert new_state["needs-estimate"] == result.state["needs-estimate"]
    new_state["needs-estimate"]["notes"] = "changed later"
    assert result.state["needs-estimate"]["notes"] == "new"


def test_apply_of_an_empty_file_changes_nothing() -> None:
    current = {"needs-estimate": {"notes": "old"}}
    assert apply_import(current, result_with({})) == current


# Committed fixtures of every format version ----------------------------------------


def fixture_versions() -> list[Path]:
    return sorted(EXPORTS.glob("v*.json"))


def test_there_is_a_fixture_for_every_format_version() -> None:
    found = {int(path.stem[1:]) for path in fixture_versions()}
    assert found == set(range(1, FORMAT_VERSION + 1))


@pytest.mark.parametrize("path", fixture_versions(), ids=lambda path: path.name)
def test_fixture_imports_with_its_entries(path: Path) -> None:
    result = parse_import(SCHEMA, path.read_bytes())
    assert result.format_version == int(path.stem[1:])
    assert result.district == "Example Unified School District"
    assert result.exported_at == "2024-10-01T15:30:00.000Z"
    assert set(result.state) == {"needs-estimate", "partner-checklist"}
    needs = result.state["needs-estimate"]
    assert needs["district-name"] == "Example Unified School District"
    assert needs["notes"] == "Line one.\nLine two — with “quotes”, ünïcödé and an emoji 🙂."
    assert needs["enrollment"] == "12400"
    assert needs["review-date"] == "2024-09-30"
    assert needs["grade-band"] == "high"
    assert needs["services"] == ["screening", "counseling"]
    assert needs["confirmed"] is True
    assert [row["row_id"] for row in needs["sources"]] == ["yrbs", "referrals", "r-7f3a9c"]
    assert needs["sources"][0]["grades"] == ["middle", "high"]
    assert needs["sources"][0]["quality"] == "good"
    assert needs["sources"][2]["indicated"] == "-3"
    checklist = result.state["partner-checklist"]
    assert checklist["fit"] == "good"
    assert checklist["criteria"]["licensed"] == {
        "rating": "strongly-agree", "must-have": True, "evidence": "State licence list",
        "checked-on": "2024-08-15",
    }
    assert checklist["criteria"]["bilingual"]["rating"] == "no-evidence"
    if result.format_version >= 2:  # who changed what, and the note for the recipient
        assert result.by == "Dana Lee" and result.note.startswith("Please fill in")
        assert result.changes["needs-estimate"]["sources/referrals"] == {
            "at": "2024-10-01T09:12:40.000Z", "by": "Sam Ortiz", "seen": []}
    else:
        assert result.by == "" and result.changes["needs-estimate"] == {}
    if result.format_version >= 3:  # removals, the kind of file, its recipient and id
        assert result.changes["needs-estimate"]["sources/state-data"]["removed"] is True
        assert (result.kind, result.recipient, result.export_id) == (
            "part", "Marco Bellini", "5f0c1d2e3a4b5c6d")
    else:
        assert (result.kind, result.recipient, result.export_id) == ("", "", "")


@pytest.mark.parametrize("changes", [
    "all of them", {"notes": "Dana"}, {"notes": {"who": "Dana"}},
    {"notes": {"seen": ["not a fingerprint"]}}, {"notes": {"at": 5}},
])
def test_a_record_of_changes_not_written_by_an_export_is_refused(changes) -> None:
    doc = document()
    doc["worksheets"]["needs-estimate"]["changes"] = changes
    assert "record of changes" in import_error(json.dumps(doc)).message


# Migrations ------------------------------------------------------------------------


def test_format_version_matches_the_migrations() -> None:
    assert migrations.latest_version() == FORMAT_VERSION


def test_older_file_is_migrated_step_by_step(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
        calls.append(doc["format_version"])
        # Pretend version 2 renamed the field "partner" to "partner-name".
        values = doc["worksheets"]["partner-checklist"]["values"]
        values["partner-name"] = values.pop("partner")
        return doc

    def v2_to_v3(doc: dict[str, Any]) -> dict[str, Any]:
        calls.append(doc["format_version"])
        values = doc["worksheets"]["partner-checklist"]["values"]
        values["partner"] = values.pop("partner-name").upper()
        return doc

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: v1_to_v2, 2: v2_to_v3})
    monkeypatch.setattr(exchange, "FORMAT_VERSION", 3)
    result = parse_import(SCHEMA, (EXPORTS / "v1.json").read_text("utf-8"))
    assert calls == [1, 2]
    assert result.format_version == 1
    assert result.state["partner-checklist"]["partner"] == "RIVERSIDE FAMILY CLINIC"
    exported = export_document(SCHEMA, result.state, **HEADER)
    assert exported["format_version"] == 3


def test_migrate_does_not_change_its_input(monkeypatch: pytest.MonkeyPatch) -> None:
    def clear_district(doc: dict[str, Any]) -> dict[str, Any]:
        doc["district"] = ""
        return doc

    monkeypatch.setattr(migrations, "MIGRATIONS", {1: clear_district})
    original = document(format_version=1)
    migrated = migrations.migrate(original)
    assert migrated["district"] == "" and migrated["format_version"] == 2
    assert original == document(format_version=1)


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ({}, "can no longer read"),
        ({1: lambda doc: doc["no-such-key"]}, "could not be brought up to date"),
        ({1: lambda doc: [doc]}, "went wrong"),
        ({1: lambda doc: doc, 2: lambda doc: 1 / 0}, "older version (2)"),
    ],
    ids=["missing step", "step fails", "step returns a list", "second step fails"],
)
def test_failed_migration_is_a_toolkit_error(
    monkeypatch: pytest.MonkeyPatch, steps: dict, expected: str
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    monkeypatch.setattr(exchange, "FORMAT_VERSION", 3)
    assert expected in import_error(json.dumps(document(format_version=1))).message
