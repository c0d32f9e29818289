"""Combining the working group's files (browser_py.sharing.combine): the rules case by case, and
as properties over random histories of edits and shared files."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_py.sharing.combine import (
    ABSENT,
    changed_here,
    combine_units,
    decide,
    fingerprint,
    seen_after_sharing,
)


def seen(*values) -> list[str]:
    return [fingerprint(v) for v in values]


@pytest.mark.parametrize(("mine", "theirs", "seen_here", "seen_there", "verdict"), [
    ("A", "A", [], [], "same"),
    ("", "B", [], [], "add"),                  # only the file has it
    ("A", "", [], [], "keep"),                 # only we have it
    ("A", ABSENT, [], [], "keep"),             # a row only we have
    ("A", "B", seen("B"), [], "keep"),         # we moved on from their value
    ("A", "B", seen("A"), seen("A"), "take"),  # they moved on from ours, shared here
    ("A", "B", [], seen("A"), "conflict"),     # a claim: ours was never shared from here
    ("A", ABSENT, seen("A"), seen("A"), "take"),  # they removed the row we both had
    ("A", ABSENT, [], seen("Z"), "conflict"),  # we edited, they removed: a choice
    (ABSENT, "B", seen("A"), [], "conflict"),  # we removed, they edited: a choice
    (ABSENT, "A", seen("A", ABSENT), seen("A"), "keep"),  # our removal, their old copy
    ("A", "B", seen("Z"), seen("Y"), "conflict"),
    ("A", "B", [], [], "conflict"),            # never shared, both filled
    ([], ["x"], [], [], "add"),
    ({"row_id": "r", "a": ""}, {"row_id": "r", "a": "1"}, [], [], "add"),
])
def test_each_rule(mine, theirs, seen_here, seen_there, verdict) -> None:
    assert decide(mine, theirs, seen_here, seen_there) == verdict


@pytest.mark.parametrize(("mine", "theirs", "verdict"), [
    ("S", "B", "take"),        # a starting value here: the file's edit, without a question
    ("A", "S", "keep"),        # a starting value there: ours
    ("S", ABSENT, "take"),     # a starting row removed there
    (ABSENT, "S", "keep"),     # a starting row removed here
    ("A", ABSENT, "conflict"),  # a starting row edited here and removed there
    ("A", "B", "conflict"),    # edited on both sides
])
def test_a_starting_value_is_nobodys_change(mine, theirs, verdict) -> None:
    assert decide(mine, theirs, [], [], start="S") == verdict


def test_empty_values_are_alike() -> None:
    assert fingerprint("") == fingerprint(ABSENT) == fingerprint([]) == fingerprint(
        {"row_id": "r", "a": ""})


def test_a_conflict_waits_for_a_choice_and_then_is_settled() -> None:
    here, theirs = {"goal": "Serve 200"}, {"goal": "Serve 250"}
    first = combine_units(here, ["goal"], {}, theirs, ["goal"], {})
    assert [c.unit for c in first.conflicts] == ["goal"] and first.units == here
    chosen = combine_units(here, ["goal"], {}, theirs, ["goal"], {}, {"goal": "theirs"})
    assert chosen.units == theirs and chosen.conflicts == [] and chosen.chosen == ["goal"]
    again = combine_units(chosen.units, chosen.order, chosen.seen, theirs, ["goal"], {})
    assert again.units == theirs and not (again.conflicts or again.taken or again.added)
    kept = combine_units(here, ["goal"], {}, theirs, ["goal"], {}, {"goal": "mine"})
    again = combine_units(kept.units, kept.order, kept.seen, theirs, ["goal"], {})
    assert again.units == here and again.conflicts == []


def test_rows_only_the_file_has_are_added_after_ours() -> None:
    here = {"t/a": {"row_id": "a", "n": "1"}}
    theirs = {"t/b": {"row_id": "b", "n": "2"}, "t/a": {"row_id": "a", "n": "1"}}
    out = combine_units(here, ["t/a"], {}, theirs, ["t/b", "t/a"], {})
    assert out.order == ["t/a", "t/b"] and out.added == ["t/b"]


def test_what_changed_here_is_what_was_not_shared() -> None:
    current = {"a": "1", "b": "2", "c": ""}
    shared = seen_after_sharing({"a": "1", "b": "old"}, {})
    assert changed_here(current, shared) == ["b"]


# ---- Properties over random histories ----------------------------------------------
UNITS = ["u1", "u2", "u3"]
VALUES = st.sampled_from(["", "a", "b", "c"])
Device = dict  # {"units": {...}, "seen": {...}}


def fresh() -> Device:
    return {"units": {u: "" for u in UNITS}, "seen": {}}


def export(device: Device) -> dict:
    """A file: the sender's values and all it has seen, its own values included."""
    device["seen"] = seen_after_sharing(device["units"], device["seen"])
    return {"units": dict(device["units"]), "seen": {u: list(f) for u, f in
                                                     device["seen"].items()}}


def combine(device: Device, file: dict, pick: str = "theirs"):
    first = combine_units(device["units"], UNITS, device["seen"], file["units"], UNITS,
                          file["seen"])
    choices = {c.unit: pick for c in first.conflicts}
    out = combine_units(device["units"], UNITS, device["seen"], file["units"], UNITS,
                        file["seen"], choices)
    return first, out


steps = st.lists(st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 2), st.sampled_from(UNITS), VALUES),
    st.tuples(st.just("share"), st.integers(0, 2), st.integers(0, 2),
              st.sampled_from(["mine", "theirs"])),
), max_size=25)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_no_value_is_lost_without_a_choice_and_a_file_twice_changes_nothing(history) -> None:
    devices = [fresh(), fresh(), fresh()]
    for step in history:
        if step[0] == "edit":
            _, who, unit, value = step
            devices[who]["units"][unit] = value
            continue
        _, sender, receiver, pick = step
        if sender == receiver:
            continue
        file = export(devices[sender])
        before = devices[receiver]
        first, out = combine(before, file, pick)
        conflicted = {c.unit for c in first.conflicts}
        for unit in UNITS:
            mine, theirs, now = before["units"][unit], file["units"][unit], out.units[unit]
            assert now in (mine, theirs)
            if now != mine and mine != "":  # ours replaced: they had seen it, or a choice
                assert fingerprint(mine) in file["seen"].get(unit, []) or unit in conflicted
            if now != theirs and theirs != "":  # theirs refused: seen here, or a choice
                assert fingerprint(theirs) in before["seen"].get(unit, []) or (
                    unit in conflicted)
        devices[receiver] = {"units": out.units, "seen": out.seen}
        again = combine_units(out.units, UNITS, out.seen, file["units"], UNITS, file["seen"])
        assert again.units == out.units
        assert not (again.conflicts or again.taken or again.added)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(UNITS), VALUES),
       st.dictionaries(st.sampled_from(UNITS), VALUES),
       st.dictionaries(st.sampled_from(UNITS), VALUES))
def test_files_that_do_not_conflict_combine_alike_in_any_order(lead, one, two) -> None:
    # Everyone starts from the lead's hand-out, then changes their own units.
    start = fresh()
    start["units"].update(lead)
    handout = export(start)
    members = []
    for changes in (one, two):
        member = fresh()
        _, out = combine(member, handout)
        member = {"units": {**out.units, **changes}, "seen": out.seen}
        members.append(export(member))
    results = []
    for order in (members, members[::-1]):
        device = {"units": dict(start["units"]), "seen": start["seen"]}
        conflicts = 0
        for file in order:
            first, out = combine(device, file)
            conflicts += len(first.conflicts)
            device = {"units": out.units, "seen": out.seen}
        results.append((device["units"], conflicts))
    if results[0][1] == results[1][1] == 0:
        assert results[0][0] == results[1][0]
    # Members who changed different units never conflict.
    if not set(one) & set(two) or all(one.get(u) == two.get(u) for u in set(one) & set(two)):
        assert results[0][1] == results[1][1] == 0


# ---- Starting values and removals ---------------------------------------------------
START = {"r1": "s1", "r2": "s2", "f": ""}  # two starting rows and an empty field
ROW_UNITS = list(START)
EDITS = st.dictionaries(st.sampled_from(ROW_UNITS),
                        st.sampled_from(["a", "b", "c", ABSENT, "s1", "s2"]), max_size=3)


def edited(units: dict, edits: dict) -> dict:
    """Units after edits; ABSENT removes a unit (a row), or empties a field."""
    result = dict(units)
    for unit, value in edits.items():
        if value is ABSENT:
            if unit == "f":
                result[unit] = ""
            else:
                result.pop(unit, None)
        else:
            result[unit] = value
    return result


def shared(units: dict, seen: dict) -> dict:
    """A file from a device: its units, and what it has seen once it shares them."""
    return {"units": dict(units), "seen": seen_after_sharing(units, seen, START)}


def into(units: dict, seen: dict, file: dict, choices: dict | None = None):
    order = list(dict.fromkeys([*ROW_UNITS, *units]))
    return combine_units(units, [u for u in order if u in units], seen, file["units"],
                         [u for u in order if u in file["units"]], file["seen"], choices,
                         START)


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_a_device_with_only_starting_values_takes_any_file_without_a_question(edits) -> None:
    file = shared(edited(START, edits), {})
    out = into(dict(START), {}, file)
    assert out.conflicts == [] and out.units == file["units"]


@settings(max_examples=300, deadline=None)
@given(EDITS, EDITS, EDITS)
def test_a_hand_out_round_trip_on_different_cells_never_asks(lead, member, later) -> None:
    assume_apart = set(member) & set(later)
    lead_units = edited(START, lead)
    handout = shared(lead_units, {})
    lead_seen = handout["seen"]
    fresh_out = into(dict(START), {}, handout)
    assert fresh_out.conflicts == []
    member_units = edited(fresh_out.units, member)
    back = shared(member_units, fresh_out.seen)
    lead_now = edited(lead_units, {u: v for u, v in later.items() if u not in assume_apart})
    out = into(lead_now, lead_seen, back)
    assert out.conflicts == []
    for unit in set(member) - assume_apart:  # the member's change arrives
        assert out.units.get(unit, ABSENT) == member_units.get(unit, ABSENT)
    for unit in set(later) - set(member):  # the lead's later change stays
        assert out.units.get(unit, ABSENT) == lead_now.get(unit, ABSENT)


@settings(max_examples=300, deadline=None)
@given(EDITS, st.dictionaries(st.sampled_from(ROW_UNITS), st.sampled_from(["x", "y", ABSENT])),
       st.lists(st.sampled_from(["a", "b", "c", "s1", "s2"]), max_size=6))
def test_a_file_whose_seen_was_not_shared_here_never_replaces_a_value(lead, theirs,
                                                                      claimed) -> None:
    lead_units = edited(START, lead)  # never shared
    forged = {"units": edited(START, theirs),
              "seen": {u: [fingerprint(v) for v in claimed] for u in ROW_UNITS}}
    out = into(lead_units, {}, forged)
    asked = {c.unit for c in out.conflicts}
    for unit in ROW_UNITS:
        mine = lead_units.get(unit, ABSENT)
        if fingerprint(mine) != fingerprint(START[unit]):  # changed here, never shared
            assert out.units.get(unit, ABSENT) == mine or unit in asked
