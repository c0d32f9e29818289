"""Combining the working group's files, field by field, with no server.

Each worksheet's values are split into *units*: a field (a text, a number, a choice), or
one row of a table or list of entries, or one rating (see :func:`units`). Every device
remembers, for each unit, the fingerprints of the values it has already *seen*: values
it held when it exported or combined, and values it chose against. An export carries
those fingerprints with each unit, and who last changed it and when.

Combining a file's unit into the unit here:

- the same value: nothing to do;
- the file's value was seen here already (this device moved on from it): keep ours;
- our value was seen by the file's sender (they moved on from it): take theirs;
- only one side has a value: that value;
- otherwise both changed it since they last shared: a *conflict*, which the person
  resolves; nothing is dropped without that choice.

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

from .model import Field

#: Fingerprints remembered per unit; the oldest go first (a conflict, never a loss).
MAX_SEEN = 8
#: Nothing in a unit (a row removed, a field never filled).
ABSENT = None

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
        return all(empty(cell) for key, cell in value.items() if key != "row_id")
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
                found[f"{spec.id}/{row['row_id']}"] = row
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


def decide(mine: Any, theirs: Any, seen_here: Iterable[str], seen_there: Iterable[str]
           ) -> str:
    """``"same"``, ``"keep"``, ``"take"``, ``"add"`` or ``"conflict"`` for one unit."""
    ours, other = fingerprint(mine), fingerprint(theirs)
    if ours == other:
        return "same"
    if other in set(seen_here):
        return "keep"
    if ours in set(seen_there):
        return "take"
    if empty(theirs):
        return "keep"
    if empty(mine):
        return "add"
    return "conflict"


def remember(seen: list[str], *values: Any) -> list[str]:
    """``seen`` with the values' fingerprints added, the newest last, at most
    :data:`MAX_SEEN`. Empty values are never remembered: every device starts empty, so
    having seen "nothing" says nothing (a clearing still travels: the one who cleared
    had seen the value)."""
    added = list(dict.fromkeys(fingerprint(v) for v in values if not empty(v)))
    kept = [f for f in seen if f not in added] + added
    return kept[-MAX_SEEN:]


def combine_units(here: Units, order: list[str], seen_here: Seen, theirs: Units,
                  their_order: list[str], seen_there: Seen,
                  choices: Mapping[str, str] | None = None) -> Outcome:
    """Combine a file's units into the units here; inputs are not changed.

    ``choices`` maps a conflicting unit to ``"mine"`` or ``"theirs"``; a conflict with
    no choice keeps our value for now and is listed in :attr:`Outcome.conflicts`.
    """
    choices = choices or {}
    combined = copy.deepcopy(here)
    seen = {unit: list(fingerprints) for unit, fingerprints in seen_here.items()}
    outcome = Outcome(combined, [u for u in order if u in here], seen)
    for unit in [*order, *[u for u in their_order if u not in here]]:
        mine, other = here.get(unit, ABSENT), theirs.get(unit, ABSENT)
        if unit not in theirs and unit not in seen_there:
            continue  # the file knows nothing of this unit
        verdict = decide(mine, other, seen.get(unit, []), seen_there.get(unit, []))
        take = verdict in ("take", "add")
        if verdict == "conflict":
            choice = choices.get(unit)
            if choice not in ("mine", "theirs"):
                outcome.conflicts.append(Conflict(unit, mine, other))
                continue  # decided later: nothing is remembered as seen yet
            take = choice == "theirs"
            outcome.chosen.append(unit)
        if take:
            combined[unit] = copy.deepcopy(other)
            if unit not in outcome.order:
                outcome.order.append(unit)
        {"add": outcome.added, "take": outcome.taken, "keep": outcome.kept}.get(
            verdict, []).append(unit)
        seen[unit] = remember([*seen.get(unit, []), *seen_there.get(unit, [])], mine, other)
    return outcome


def seen_after_sharing(current: Units, seen: Seen) -> Seen:
    """What this device has seen once it shares (exports) ``current``: every unit's
    value now counts as seen."""
    result = {unit: list(fingerprints) for unit, fingerprints in seen.items()}
    for unit, value in current.items():
        result[unit] = remember(result.get(unit, []), value)
    return result


def changed_here(current: Units, seen: Seen) -> list[str]:
    """The units whose value this device has not shared or combined: changed here since."""
    return [unit for unit, value in current.items()
            if not empty(value) and fingerprint(value) not in seen.get(unit, [])]
