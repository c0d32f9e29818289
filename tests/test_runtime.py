"""The worker's calls, run natively: JSON in, JSON out."""

from __future__ import annotations

import json

import pytest
from helpers import ROOT

from browser_py.page import protocol, runtime
from browser_py.sharing import reminders


@pytest.fixture(autouse=True)
def loaded(tmp_path) -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))


def call(method: str, **args) -> object:
    reply = json.loads(protocol.call(method, json.dumps(args)))
    assert reply["ok"], reply
    return reply["result"]


def test_refresh_through_call() -> None:
    state = {"worksheets": {"needs-estimate": {
        "sources": [{"row_id": "s", "source": "S", "indicated": "9", "new": ""}]}}}
    result = call("refresh", state=state, today="2026-12-01",
                  page={"worksheets": ["needs-estimate"]})
    assert result["outputs"]["needs-estimate"]["summary"]["text"] == "Total student need: 9."


def test_export_then_preview_round_trip() -> None:
    state = {"worksheets": {"goal": {"goal": "Serve more", "by_date": "", "success": ""}}}
    document = call("export", state=state, exported_at="2026-11-01T10:00:00Z",
                    district="Lakeside")["document"]
    parsed = json.loads(document)
    assert parsed["district"] == "Lakeside"
    preview = call("preview_import", current={"worksheets": {}}, text=document)
    assert preview["ok"] is True
    assert preview["state"]["worksheets"]["goal"]["goal"] == "Serve more"
    assert "for Lakeside is a backup of another device's entries" in preview["title"]
    assert [item["status"] for item in preview["preview"]] == ["added"]


def test_preview_rejects_bad_file_with_message() -> None:
    result = call("preview_import", current={"worksheets": {}}, text="[1, 2")
    assert result["ok"] is False
    assert result["message"].startswith("Nothing was imported.")


def test_too_large_message_names_the_size() -> None:
    refused = call("check_file_size", size=17 * 1024 * 1024)
    assert refused["ok"] is False and "17.0 MB" in refused["message"]
    assert "the limit is 16 MB" in refused["message"]
    assert call("check_file_size", size=16 * 1024 * 1024)["ok"] is True


@pytest.mark.parametrize(
    ("meta", "remind", "text"),
    [
        ({}, False, "Not exported from this browser yet."),
        ({"unexportedSince": "2026-11-25T09:00:00Z"}, False, "not exported yet"),
        ({"unexportedSince": "2026-11-20T09:00:00Z"}, True, "8 days ago"),
        ({"lastExport": "2026-11-02T09:00:00Z"}, False, "Last exported on November 2, 2026."),
        ({"lastExport": "2026-11-02T09:00:00Z", "unexportedSince": "2026-11-03T09:00:00Z"},
         True, "export now"),
        ({"lastExport": "garbage"}, False, "Not exported from this browser yet."),
    ],
)
def test_export_status(meta: dict, remind: bool, text: str) -> None:
    status = reminders.export_status(meta, "2026-11-28T10:00:00Z")
    assert status["remind"] is remind
    assert text in status["text"]


def test_export_matches_the_published_json_schema() -> None:
    import jsonschema

    schema = json.loads((ROOT / "content" / "export-format.schema.json").read_text())
    state = {"worksheets": {
        "goal": {"goal": "Serve more", "by_date": "2027-06-01", "success": ""},
        "needs-estimate": {"enrollment": "900", "addressed": "", "sources": [
            {"row_id": "screeners", "source": "Screeners", "indicated": "40", "new": ""}]},
        "data-to-gather": {"legal_consulted": True},
        "location-format": {"options": ["school-telehealth"], "factors": ""},
    }}
    document = json.loads(call("export", state=state, exported_at="2026-11-01T10:00:00Z",
                               district="")["document"])
    jsonschema.validate(document, schema)
    assert document["worksheets"]["needs-estimate"]["computed"]["summary"].startswith("Total")


def test_the_print_header_is_worded_by_python_with_a_long_date() -> None:
    """The page draws the print header as Python words it: the district's name apart, then
    the date as every date people read is written (never the browser's locale)."""
    state = {"worksheets": {"district": {"name": "  Lakeside Unified "}}}
    def header(state: dict, today: str) -> dict:
        return call("refresh", state=state, today=today, page={})["print_header"]

    assert header(state, "2026-10-15") == {
        "district": "Lakeside Unified", "rest": " · printed October 15, 2026"}
    assert header({"worksheets": {}}, "2026-12-01") == {
        "district": "", "rest": "Printed December 1, 2026"}
    reply = json.loads(protocol.call("refresh", json.dumps(
        {"state": {}, "today": "someday", "page": {}})))
    assert not reply["ok"] and "unreadable date" in reply["error"]


def test_export_takes_the_district_name_from_the_start_page() -> None:
    state = {"worksheets": {"district": {"name": "  Lakeside Unified "}}}
    document = json.loads(call("export", state=state, exported_at="2026-11-01T10:00:00Z")
                          ["document"])
    assert document["district"] == "Lakeside Unified"
