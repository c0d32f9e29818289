"""Combining the working group's files (browser_py.combine): the rules case by case, and
as properties over random histories of edits and shared files."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_py.combine import (
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
    ("A", "B", [], seen("A"), "take"),         # they moved on from ours
    ("A", ABSENT, [], seen("A"), "take"),      # they removed the row we both had
    ("A", ABSENT, [], seen("Z"), "keep"),      # they removed an older version: kept
    ("A", "B", seen("Z"), seen("Y"), "conflict"),
    ("A", "B", [], [], "conflict"),            # never shared, both filled
    ([], ["x"], [], [], "add"),
    ({"row_id": "r", "a": ""}, {"row_id": "r", "a": "1"}, [], [], "add"),
])
def test_each_rule(mine, theirs, seen_here, seen_there, verdict) -> None:
    assert decide(mine, theirs, seen_here, seen_there) == verdict


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
