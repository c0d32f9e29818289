"""Combining the working group's files, field by field, with no server.

Each worksheet's values are split into *units*: a field (a text, a number, a choice), or
one row of a table or list of entries, or one rating (see :func:`units`). Every device
remembers, for each unit, the fingerprints of the values it has already *seen*: values
it held when it exported or combined, and values it chose against. An export carries
those fingerprints with each unit, and who last changed it and when.

A unit's *starting value* (a starting row, a default) is nobody's change: a side that
holds it changed nothing, so a device that holds only starting values takes a file's
values without a question. It is never remembered as seen (every device has it).
Removing a unit is a change like any other: the export records it (see
:func:`removed_units`), and a removal that has been seen counts as the value
:data:`ABSENT`.

Combining a file's unit into the unit here:

- the same value: nothing to do;
- the file's value was seen here already (this device moved on from it): keep ours;
- our value was seen by the file's sender *and* by this device (shared or received
  here, so the file cannot merely claim it): take theirs, a removal included;
- one side holds the starting value: the other side's value;
- only one side has ever had a value: that value;
- otherwise both changed it since they last shared (an edit against a removal
  included): a *conflict*, which the person resolves; nothing is dropped or removed
  without that choice.

After a combine, both values' fingerprints (and all the file had seen) count as seen
here, so the same file combined again changes nothing, and files that touch different
units give the same result in any order (tests/test_combine.py proves both).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.model import Field

#: Fingerprints remembered per unit; the oldest go first (a conflict, never a loss).
MAX_SEEN = 8
#: Nothing in a unit (a row removed, a field never filled).
ABSENT = None
#: The name of the cell that identifies a row of a table with added rows or a list of
#: entries: rows are matched by it, and it is no entry of its own.
ROW_ID = "row_id"

Units = dict[str, Any]
Seen = dict[str, list[str]]


def fingerprint(value: Any) -> str:
    """A short, stable fingerprint of a unit's value (empty values are all alike)."""
    if empty(value):
        value = ABSENT
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def empty(value: Any) -> bool:
    """Whether a unit holds nothing: absent, an empty text, list or row, or a box not
    ticked."""
    if isinstance(value, Mapping):
        return all(empty(cell) for key, cell in value.items() if key != ROW_ID)
    return value is None or value is False or value == "" or value == [] or value == {}


def _rows(spec: Field) -> bool:
    return spec.type == "repeat" or (spec.type == "table" and spec.add_rows)


def units(fields: Iterable[Field], values: Mapping[str, Any]) -> Units:
    """A worksheet's normalised values as units, keyed ``field`` or ``field/row``."""
    found: Units = {}
    for spec in fields:
        value = values.get(spec.id, spec.empty_value())
        if _rows(spec):
            for row in value or []:
                found[f"{spec.id}/{row[ROW_ID]}"] = row
        elif spec.type in ("table", "ratings"):
            for row_id, cells in (value or {}).items():
                found[f"{spec.id}/{row_id}"] = cells
        else:
            found[spec.id] = value
    return found


def values_of(fields: Iterable[Field], combined: Units, order: list[str]) -> dict[str, Any]:
    """Units back into a worksheet's values; rows follow ``order`` (unit keys)."""
    result: dict[str, Any] = {}
    for spec in fields:
        if _rows(spec):
            keys = [k for k in order if k.startswith(f"{spec.id}/")]
            result[spec.id] = [copy.deepcopy(combined[k]) for k in keys
                               if combined.get(k) is not ABSENT]
        elif spec.type in ("table", "ratings"):
            keys = [k for k in order if k.startswith(f"{spec.id}/")]
            result[spec.id] = {k.split("/", 1)[1]: copy.deepcopy(combined[k]) for k in keys
                               if combined.get(k) is not ABSENT}
        else:
            result[spec.id] = copy.deepcopy(combined.get(spec.id, spec.empty_value()))
    return result


@dataclass
class Conflict:
    """One unit both sides changed since they last shared."""

    unit: str
    mine: Any
    theirs: Any


@dataclass
class Outcome:
    """What combining one worksheet of one file did."""

    units: Units
    order: list[str]
    seen: Seen
    added: list[str] = field(default_factory=list)  # units only the file had
    taken: list[str] = field(default_factory=list)  # units the file changed since shared
    kept: list[str] = field(default_factory=list)  # units the file had an older value of
    conflicts: list[Conflict] = field(default_factory=list)  # units still to choose
    chosen: list[str] = field(default_factory=list)  # conflicts resolved by a choice
    removed: list[str] = field(default_factory=list)  # units the file removed


def decide(mine: Any, theirs: Any, seen_here: Iterable[str], seen_there: Iterable[str],
           start: Any = ABSENT) -> str:
    """``"same"``, ``"keep"``, ``"take"``, ``"add"`` or ``"conflict"`` for one unit.

    ``start`` is the unit's starting value: nobody's change, so a side that holds it
    (and has not seen the other's value) changed nothing."""
    ours, other = fingerprint(mine), fingerprint(theirs)
    here, there = set(seen_here), set(seen_there)
    begun = None if empty(start) else fingerprint(start)
    if ours == other:
        return "same"
    if other in here:
        return "keep"
    if ours in there and ours in here:
        return "take"
    if ours == begun:
        return "take"
    if other == begun:
        return "keep"
    if empty(theirs):  # removed or cleared there, or never filled in
        return "conflict" if there or begun else "keep"
    if empty(mine):
        return "conflict" if here or begun else "add"
    return "conflict"


def remember(seen: list[str], *values: Any, removal: bool = False) -> list[str]:
    """``seen`` with the values' fingerprints added, the newest last, at most
    :data:`MAX_SEEN`. Empty values are remembered only as a ``removal`` (a value removed
    or cleared): every device starts empty, so having seen "nothing" says nothing."""
    shown = [v for v in values if not empty(v)] + ([ABSENT] if removal else [])
    added = list(dict.fromkeys(fingerprint(v) for v in shown))
    kept = [f for f in seen if f not in added] + added
    return kept[-MAX_SEEN:]


def _changes(start: Any, *values: Any) -> list[Any]:
    """The values that are not the starting value."""
    return [v for v in values if empty(start) or fingerprint(v) != fingerprint(start)]


def _had_value(fingerprints: Iterable[str]) -> bool:
    return any(f != fingerprint(ABSENT) for f in fingerprints)


def combine_units(here: Units, order: list[str], seen_here: Seen, theirs: Units,
                  their_order: list[str], seen_there: Seen,
                  choices: Mapping[str, str] | None = None,
                  start: Units | None = None) -> Outcome:
    """Combine a file's units into the units here; inputs are not changed.

    ``choices`` maps a conflicting unit to ``"mine"`` or ``"theirs"``; a conflict with
    no choice keeps our value for now and is listed in :attr:`Outcome.conflicts`.
    ``start`` holds the starting values (seen by every device).
    """
    choices = choices or {}
    start = start or {}
    combined = copy.deepcopy(here)
    seen = {unit: list(fingerprints) for unit, fingerprints in seen_here.items()}
    outcome = Outcome(combined, [u for u in order if u in here], seen)
    for unit in [*order, *[u for u in their_order if u not in here]]:
        mine, other = here.get(unit, ABSENT), theirs.get(unit, ABSENT)
        if unit not in theirs and unit not in seen_there:
            continue  # the file knows nothing of this unit
        verdict = decide(mine, other, seen.get(unit, []), seen_there.get(unit, []),
                         start.get(unit, ABSENT))
        take = verdict in ("take", "add")
        if verdict == "conflict":
            choice = choices.get(unit)
            if choice not in ("mine", "theirs"):
                outcome.conflicts.append(Conflict(unit, mine, other))
                continue  # decided later: nothing is remembered as seen yet
            take = choice == "theirs"
            outcome.chosen.append(unit)
        if take and other is ABSENT:
            combined.pop(unit, None)
            outcome.removed.append(unit)
        elif take:
            combined[unit] = copy.deepcopy(other)
            if unit not in outcome.order:
                outcome.order.append(unit)
        {"add": outcome.added, "take": outcome.taken, "keep": outcome.kept}.get(
            verdict, []).append(unit)
        begun = start.get(unit, ABSENT)
        removal = (empty(other) and (_had_value(seen_there.get(unit, [])) or not empty(begun))
                   ) or (empty(mine) and (_had_value(seen.get(unit, [])) or not empty(begun)))
        # A starting value is never remembered: it is seen by every device already.
        seen[unit] = remember([*seen.get(unit, []), *seen_there.get(unit, [])],
                              *_changes(begun, mine, other), removal=removal)
    return outcome


def removed_units(current: Units, seen: Seen, start: Units | None = None) -> list[str]:
    """The units this device removed: seen with a value here (or starting with one), and
    absent now."""
    start = start or {}
    known = [u for u, fs in seen.items() if _had_value(fs)]
    known += [u for u, value in start.items() if not empty(value)]
    return [u for u in dict.fromkeys(known) if u not in current]


def seen_after_sharing(current: Units, seen: Seen, start: Units | None = None) -> Seen:
    """What this device has seen once it shares (exports) ``current``: every unit's
    value now counts as seen, and every removal (see :func:`removed_units`)."""
    start = start or {}
    result = {unit: list(fingerprints) for unit, fingerprints in seen.items()}
    for unit, value in current.items():
        result[unit] = remember(result.get(unit, []),
                                *_changes(start.get(unit, ABSENT), value))
    for unit in removed_units(current, seen, start):
        result[unit] = remember(result.get(unit, []), removal=True)
    return {unit: fingerprints for unit, fingerprints in result.items() if fingerprints}


def changed_here(current: Units, seen: Seen, start: Units | None = None) -> list[str]:
    """The units this device changed and has not shared or combined since: edited (a
    starting value is nobody's change) or removed."""
    start = start or {}
    edited = [unit for unit, value in current.items()
              if not empty(value) and fingerprint(value) not in seen.get(unit, [])
              and fingerprint(value) != fingerprint(start.get(unit, ABSENT))]
    removed = [unit for unit in removed_units(current, seen, start)
               if fingerprint(ABSENT) not in seen.get(unit, [])]
    return edited + removed
