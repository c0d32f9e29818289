"""Undoing an import or a combine: exactly the entries it changed, never a later edit.

When a file is brought in, :func:`record_undo` keeps, for each unit it changed (a field,
or one row: see :mod:`browser_py.sharing.combine`), the value before and the value it wrote, and
what the device's record said of that unit before. :func:`undo` puts back each unit that
still holds the value the file wrote; a unit changed since is named and, unless the
person agrees to keep their later change, nothing is undone.
"""

from __future__ import annotations

import copy
from typing import Any

from ..core.errors import ToolkitError
from ..core.figures import moment_text
from ..core.schema import Schema, normalise_values
from .combine import ABSENT, fingerprint, units, values_of
from .group_files import Record, label_of

#: What an undo keeps: {"label", "worksheets": {id: {unit: {"before", "after"}}},
#: "seen": {id: {unit: [...]}}, "stamps": {id: {unit: {...}}}, "order": {id: [...]}}.
Undo = dict[str, Any]


def _units(schema: Schema, worksheet_id: str, values: Any) -> dict[str, Any]:
    fields = schema.worksheets[worksheet_id].value_fields
    try:
        return units(fields, normalise_values(schema, worksheet_id, values))
    except ToolkitError:
        return {}


def when_text(now: str, offset_minutes: int = 0) -> str:
    """The time of day for the person (``4:50 PM``), from an ISO time in UTC and the
    browser's offset from UTC (``Date.getTimezoneOffset()``: minutes *behind* UTC)."""
    return moment_text(now, offset_minutes).rpartition(", ")[2]


def record_undo(schema: Schema, before: dict[str, Any], after: dict[str, Any],
                record: Record, label: str) -> Undo:
    """What undoing a change from ``before`` to ``after`` needs: each changed unit's two
    values, the record's entries for it, and the rows' order before."""
    kept: Undo = {"label": label, "worksheets": {}, "seen": {}, "stamps": {}, "order": {}}
    for worksheet_id in after:
        if not schema.has_worksheet(worksheet_id):
            continue
        empty = schema.empty_values(worksheet_id)
        old = _units(schema, worksheet_id, before.get(worksheet_id, empty))
        new = _units(schema, worksheet_id, after.get(worksheet_id, empty))
        changed = {unit: {"before": old.get(unit, ABSENT), "after": new.get(unit, ABSENT)}
                   for unit in [*old, *(u for u in new if u not in old)]
                   if fingerprint(old.get(unit, ABSENT)) != fingerprint(new.get(unit, ABSENT))
                   or (unit in old) != (unit in new)}
        if changed:
            kept["worksheets"][worksheet_id] = changed
            kept["order"][worksheet_id] = list(old)
            seen, stamps = record.seen.get(worksheet_id, {}), record.stamps.get(
                worksheet_id, {})
            kept["seen"][worksheet_id] = {u: seen[u] for u in changed if u in seen}
            kept["stamps"][worksheet_id] = {u: stamps[u] for u in changed if u in stamps}
    return kept


def _same(current: dict[str, Any], unit: str, value: Any) -> bool:
    """Whether ``unit`` holds ``value`` (absent counts as the value ABSENT)."""
    if value is ABSENT:
        return unit not in current
    return unit in current and fingerprint(current[unit]) == fingerprint(value) and (
        current[unit] == value)


def undo(schema: Schema, saved: dict[str, Any], record: Record, kept: Undo,
         keep_later: bool = False) -> dict[str, Any]:
    """Undo ``kept`` (see :func:`record_undo`) in the ``saved`` entries.

    Returns ``later``: the entries changed since the file was brought in (named). When
    there are some and ``keep_later`` is false, nothing is undone (``state`` is None):
    the page asks first. Otherwise ``state`` and ``record`` hold every other entry put
    back as it was, and the entries changed later as they are now.
    """
    state, after = copy.deepcopy(saved), copy.deepcopy(record)
    later: list[str] = []
    for worksheet_id, changed in (kept.get("worksheets") or {}).items():
        if not schema.has_worksheet(worksheet_id) or not isinstance(changed, dict):
            continue
        sheet = schema.worksheets[worksheet_id]
        current = _units(schema, worksheet_id, state.get(
            worksheet_id, schema.empty_values(worksheet_id)))
        order = [*kept.get("order", {}).get(worksheet_id, []), *current]
        seen = after.seen.setdefault(worksheet_id, {})
        stamps = after.stamps.setdefault(worksheet_id, {})
        for unit, values in changed.items():
            if not _same(current, unit, values.get("after")):
                later.append(label_of(sheet, unit, current.get(unit), values.get("before")))
                continue
            if values.get("before") is ABSENT:
                current.pop(unit, None)
            else:
                current[unit] = copy.deepcopy(values["before"])
            for part, old in ((seen, kept.get("seen", {})), (stamps, kept.get("stamps", {}))):
                was = old.get(worksheet_id, {}).get(unit)
                if was is None:
                    part.pop(unit, None)
                else:
                    part[unit] = copy.deepcopy(was)
        state[worksheet_id] = values_of(sheet.value_fields, current,
                                        list(dict.fromkeys(order)))
    if later and not keep_later:
        return {"later": later, "state": None, "record": None}
    return {"later": later, "state": state, "record": after.as_dict()}
