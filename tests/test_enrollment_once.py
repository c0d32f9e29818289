"""Enrollment is typed once: in the needs estimate. The provider packet shows it from there
with a link, and a number the packet held before it stopped asking is never lost: carried
over when the needs estimate has none, kept beside it with a note when they differ."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from browser_py.core import migrations
from browser_py.core.computations import ACTIONS, REGISTRY
from browser_py.core.migrations import carry_enrollment, enrollment_conflict
from generator.definitions import DefinitionError, load_worksheets, parse_worksheet
from generator.render import render_worksheet

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"
TODAY = "2026-11-02"
PACKET, NEEDS = "provider-questions", "needs-estimate"
QUESTION = "How many students does the district serve?"


def state(packet: dict[str, Any] | None = None, needs: dict[str, Any] | None = None
          ) -> dict[str, Any]:
    worksheets: dict[str, Any] = {}
    if packet is not None:
        worksheets[PACKET] = packet
    if needs is not None:
        worksheets[NEEDS] = needs
    return {"worksheets": worksheets}


# ---- The migration rule ------------------------------------------------------------


@pytest.mark.parametrize(("packet", "typed", "enrollment", "left", "noted"), [
    ("12400", None, "12400", "", "was carried over"),  # no needs estimate saved yet
    ("12400", "", "12400", "", "was carried over"),
    ("12400", "  ", "12400", "", "was carried over"),
    ("12,400", "12400", "12400", "", "the same as"),
    ("12400", "12,400", "12,400", "", "the same as"),
    ("12000", "12400", "12400", "12000", ""),  # they differ: both kept
    ("many", "12400", "12400", "many", ""),
    ("", "12400", "12400", "", ""),
])
def test_the_packets_old_number_is_carried_or_kept(packet: str, typed: str | None,
                                                   enrollment: str, left: str,
                                                   noted: str) -> None:
    before = {PACKET: {"district_students": packet, "district_schools": "21"}}
    if typed is not None:
        before[NEEDS] = {"enrollment": typed, "addressed": "40"}
    frozen = json.dumps(before)
    carried = carry_enrollment(before)
    assert json.dumps(before) == frozen, "the input is not changed"
    after = carried.worksheets
    assert after[PACKET]["district_students"] == left
    assert after[PACKET]["district_schools"] == "21"
    assert after.get(NEEDS, {}).get("enrollment", "") == (enrollment if packet or typed
                                                           else "")
    if typed is not None:
        assert after[NEEDS]["addressed"] == "40"
    assert carried.changed == bool(noted)
    assert all(noted in note for note in carried.notes)
    # Run again, nothing more changes.
    assert not carry_enrollment(after).changed
    assert (enrollment_conflict(after) is not None) == bool(left)


def test_the_notes_say_what_moved_where() -> None:
    note = carry_enrollment({PACKET: {"district_students": "12400"}}).notes[0]
    assert note == ("The number of students the district serves typed in District profile "
                    "for providers, 12,400, was carried over to “Students enrolled in the "
                    "district” in Estimate student need: it is typed there once now, and the "
                    "packet shows it from there.")


# ---- The one restore path ----------------------------------------------------------


def test_saved_entries_with_only_the_packets_number_move_it(native_runtime) -> None:
    reply = native_runtime.restore(state({"district_students": "12400"}))
    assert reply["set_aside"] == [] and not reply["whole"]
    assert reply["moved"] and "12,400" in reply["moved"][0]
    stored = reply["state"]["worksheets"]
    assert stored[NEEDS]["enrollment"] == "12400"
    assert stored[PACKET]["district_students"] == ""
    # The page stores the state it is given back: restoring it again moves nothing.
    again = native_runtime.restore(reply["state"])
    assert again["moved"] == [] and again["state"] == reply["state"]
    # Every view reads the carried number, even before the page stored it.
    outputs = native_runtime.compute(PACKET, state({"district_students": "12400"}), TODAY)
    assert "Students enrolled: 12,400 — typed in Estimate student need" in \
        outputs["facts"]["text"]


def test_differing_numbers_are_both_kept_and_the_packet_says_so(native_runtime) -> None:
    entries = state({"district_students": "12000"}, {"enrollment": "12400"})
    reply = native_runtime.restore(entries)
    assert reply["moved"] == []
    assert reply["state"]["worksheets"][PACKET]["district_students"] == "12000"
    assert reply["state"]["worksheets"][NEEDS]["enrollment"] == "12400"
    outputs = native_runtime.compute(PACKET, entries, TODAY)
    facts = outputs["facts"]
    assert facts["status"] == "incomplete"
    assert facts["text"].startswith("Students enrolled: 12,400 — typed in Estimate student need.")
    assert len(facts["messages"]) == 1
    message = facts["messages"][0]
    assert "12,000 was typed here" in message and "The packet uses 12,400" in message
    assert "If 12,000 is the right number, type it in Estimate student need" in message
    assert dict(outputs["packet"]["rows"])[QUESTION] == "12,400"
    # Once both agree, the note goes, and the next restore clears the old box.
    entries["worksheets"][NEEDS]["enrollment"] = "12,000"
    assert native_runtime.compute(PACKET, entries, TODAY)["facts"]["messages"] == []
    assert native_runtime.restore(entries)["state"]["worksheets"][PACKET][
        "district_students"] == ""


# ---- Import of every format version ------------------------------------------------


def old_file(version: int, packet: dict[str, Any], needs: dict[str, Any] | None = None
             ) -> str:
    """A file of format ``version``, with the headers of its committed fixture, holding
    this site's provider packet (and needs estimate) as that version wrote them."""
    document = json.loads((EXPORTS / f"v{version}.json").read_text("utf-8"))
    if version >= 3:
        document["kind"] = "backup"
    document["worksheets"] = {PACKET: {"values": packet}}
    if needs is not None:
        document["worksheets"][NEEDS] = {"values": needs}
    return json.dumps(document)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_old_file_with_the_packets_number_imports_it_into_the_needs_estimate(
        native_runtime, version: int) -> None:
    text = old_file(version, {"district_students": "12400", "district_schools": "21"})
    reply = native_runtime.preview_import(state(), text=text)
    assert reply["ok"], reply
    worksheets = reply["state"]["worksheets"]
    assert worksheets[NEEDS]["enrollment"] == "12400"
    assert worksheets[PACKET]["district_students"] == ""
    assert worksheets[PACKET]["district_schools"] == "21"
    notes = [item["text"] for item in reply["preview"] if item["status"] == "moved"]
    assert len(notes) == 1 and "12,400, was carried over to" in notes[0]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_old_file_whose_number_differs_keeps_both_and_says_so(
        native_runtime, version: int) -> None:
    here = state(None, {"enrollment": "12400"})
    reply = native_runtime.preview_import(here, text=old_file(
        version, {"district_students": "12000"}))
    assert reply["ok"], reply
    worksheets = reply["state"]["worksheets"]
    assert worksheets[NEEDS]["enrollment"] == "12400"
    assert worksheets[PACKET]["district_students"] == "12000"
    notes = [item["text"] for item in reply["preview"] if item["status"] == "moved"]
    assert notes == ["District profile for providers holds its own number of students the "
                     "district serves, 12,000, which differs from the 12,400 students "
                     "enrolled in Estimate student need. The packet uses 12,400; 12,000 is "
                     "kept, and the packet's results show it so that you can check which "
                     "number is right."]
    # The file's own needs estimate, with its own enrollment, is the one kept.
    reply = native_runtime.preview_import(here, text=old_file(
        version, {"district_students": "12000"}, {"enrollment": "11000"}))
    assert reply["state"]["worksheets"][NEEDS]["enrollment"] == "11000"
    assert reply["state"]["worksheets"][PACKET]["district_students"] == "12000"


def test_import_still_checks_the_old_box_as_the_page_checked_it(native_runtime) -> None:
    """A value the page could never have taken is refused as before."""
    reply = native_runtime.preview_import(state(), text=old_file(
        3, {"district_students": "1" * 10_000}))
    assert not reply["ok"]


# ---- The packet shows the number where it is typed ---------------------------------


def test_the_packet_shows_the_needs_estimates_enrollment_with_a_link(native_runtime) -> None:
    entries = state({"composition": {"white": {"students": "9000"}}},
                    {"enrollment": "12400"})
    entries["worksheets"]["district"] = {"name": "Lakeside Unified"}
    native_runtime._order[:] = [
        {"worksheet": "district", "page": ""},
        {"worksheet": NEEDS, "page": "needs-and-goals/"},
        {"worksheet": PACKET, "page": "provider-questions/"}]
    try:
        outputs = native_runtime.compute(PACKET, entries, TODAY)
    finally:
        native_runtime._order[:] = [{"worksheet": sheet.id} for sheet in
                                    native_runtime.schema().worksheets.values()]
    facts = outputs["facts"]
    assert facts["status"] == "ok" and facts["messages"] == []
    assert facts["text"] == ("Students enrolled: 12,400 — typed in Estimate student need. "
                             "District name: Lakeside Unified — typed in Your district.")
    assert facts["links"] == [
        {"text": "Estimate student need", "worksheet": NEEDS, "page": "needs-and-goals/"},
        {"text": "Your district", "worksheet": "district", "page": ""}]
    rows = dict(outputs["packet"]["rows"])
    assert rows[QUESTION] == "12,400"
    assert rows["What is the racial and ethnic composition of the student population?"] \
        .startswith("White: 9,000 (72.6%)")


def test_the_packet_says_when_enrollment_is_not_typed_yet(native_runtime) -> None:
    outputs = native_runtime.compute(PACKET, state({"district_schools": "21"}), TODAY)
    facts = outputs["facts"]
    assert facts["status"] == "incomplete"
    assert facts["text"].startswith("Students enrolled: not typed yet — type it in Estimate "
                                    "student need.")
    assert facts["links"][0]["worksheet"] == NEEDS
    assert QUESTION not in dict(outputs["packet"]["rows"])
    wrong = native_runtime.compute(PACKET, state({}, {"enrollment": "lots"}), TODAY)
    assert wrong["facts"]["status"] == "error"
    assert "not a number" in wrong["facts"]["messages"][0]
    assert any("Students enrolled, typed in Estimate student need" in message
               for message in wrong["preview"]["messages"])


def test_the_facts_never_print() -> None:
    """They show the enrollment as typed: a printout of the packet shows it suppressed."""
    sheet = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)[PACKET]
    facts = next(output for output in sheet.computed if output.id == "facts")
    assert facts.print is False and sheet.print == "results"


# ---- The page asks for it once -----------------------------------------------------


def test_the_packet_page_renders_no_box_for_the_students() -> None:
    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    html = render_worksheet(sheets[PACKET])
    assert "district_students" not in html.replace('"district_students": ""', "")
    assert 'id="w-provider-questions--district_schools"' in html
    assert 'id="w-needs-estimate--enrollment"' in render_worksheet(sheets[NEEDS])
    # Every worksheet asks for the students enrolled in one place.
    boxes = [(sheet.id, spec.id) for sheet in sheets.values() for spec in sheet.fields
             if not spec.retired and "students enrolled in the district" in spec.label.lower()
             or not spec.retired and spec.label == QUESTION]
    assert boxes == [(NEEDS, "enrollment")]


def test_retired_fits_only_a_box_of_its_own() -> None:
    definition = """
id: sample
title: Sample
fields:
  - id: rows
    type: table
    label: Rows
    add_rows: true
    columns:
      - {id: count, type: number, label: Count, retired: true}
"""
    with pytest.raises(DefinitionError, match="retired"):
        parse_worksheet(definition, "sample.yml", REGISTRY)
    sheet = parse_worksheet(definition.replace(", retired: true", "") + """
  - {id: old, type: number, label: Old, retired: true}
""", "sample.yml", REGISTRY)
    assert sheet.field("old") is not None and sheet.field("old").retired
    assert sheet.field("old").as_data()["retired"] is True
    assert migrations.PACKET_STUDENTS == "district_students"
