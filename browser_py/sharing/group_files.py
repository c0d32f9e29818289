"""The working group's files: what this device records about its entries (its person's
name, what it has seen, who changed each unit and when), what an export writes of it,
and combining one or several members' files into the entries here.

The rules of combining are :mod:`browser_py.sharing.combine`'s; this module applies them to
whole worksheets and files and words the result for the person.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import ToolkitError
from ..core.figures import moment_text
from ..core.file_names import kind_text
from ..core.model import Field
from ..core.schema import Schema, normalise_values
from .combine import (
    ABSENT,
    Seen,
    changed_here,
    combine_units,
    empty,
    fingerprint,
    remember,
    removed_units,
    seen_after_sharing,
    units,
    values_of,
)
from .exchange import ImportResult
from .merge import item_key, item_name

#: Longest name a person may give themselves on a device.
MAX_NAME_CHARS = 80
#: How many of its exports' ids a device remembers (to know its own backups again).
MAX_EXPORTS = 50


@dataclass
class Record:
    """What a device keeps about its entries besides their values (saved by the page)."""

    name: str = ""
    seen: dict[str, Seen] = field(default_factory=dict)
    stamps: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    edited: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> when
    exports: list[str] = field(default_factory=list)  # ids of the files exported here
    received: dict[str, Any] = field(default_factory=dict)  # the last part handed out here

    def as_dict(self) -> dict[str, Any]:
        """The record as the page saves it."""
        return {"name": self.name, "seen": self.seen, "stamps": self.stamps,
                "edited": self.edited, "exports": self.exports, "received": self.received}


def _texts(raw: object) -> dict[str, str]:
    return {str(k): v for k, v in raw.items() if isinstance(v, str)} if isinstance(
        raw, dict) else {}


def record_of(raw: object) -> Record:
    """The device's record from what the page saved; anything unreadable is left out
    (it only makes later combines ask more)."""
    raw = raw if isinstance(raw, dict) else {}
    name = raw.get("name") if isinstance(raw.get("name"), str) else ""

    def nested(key: str, leaf) -> dict[str, Any]:
        found = raw.get(key)
        return {str(ws): leaf(inner) for ws, inner in found.items() if isinstance(inner, dict)
                } if isinstance(found, dict) else {}

    exports = raw.get("exports") if isinstance(raw.get("exports"), list) else []
    received = raw.get("received") if isinstance(raw.get("received"), dict) else {}
    worksheets = received.get("worksheets")
    return Record(
        exports=[e for e in exports if isinstance(e, str)][-MAX_EXPORTS:],
        received={"by": received["by"], "worksheets": [
            w for w in worksheets if isinstance(w, str)],
            "district": str(received.get("district") or "")}
        if isinstance(received.get("by"), str) and isinstance(worksheets, list) else {},
        name=" ".join(name.split())[:MAX_NAME_CHARS],
        seen=nested("seen", lambda inner: {str(u): [f for f in fs if isinstance(f, str)]
                                           for u, fs in inner.items() if isinstance(fs, list)}),
        stamps=nested("stamps", lambda inner: {str(u): _texts(s) for u, s in inner.items()}),
        edited=nested("edited", _texts),
    )


def _stamp_here(record: Record, worksheet_id: str, unit: str, fallback: str) -> dict[str, str]:
    at = record.edited.get(worksheet_id, {}).get(unit.split("/", 1)[0]) or fallback
    return {"at": at, "by": record.name}


def _stamp_changes_here(record: Record, worksheet_id: str, current: dict[str, Any],
                        now: str, start: dict[str, Any]) -> None:
    """Record who changed (or removed) what here since this device last shared, before
    that is forgotten (sharing or combining counts every value as seen)."""
    stamps = record.stamps.setdefault(worksheet_id, {})
    for unit in changed_here(current, record.seen.get(worksheet_id, {}), start):
        stamps[unit] = _stamp_here(record, worksheet_id, unit, now)


def starting_units(schema: Schema, worksheet_id: str) -> dict[str, Any]:
    """A worksheet's starting values (starting rows, defaults) as units: nobody's change."""
    sheet = schema.worksheets[worksheet_id]
    return units(sheet.value_fields, schema.empty_values(worksheet_id))


def _worksheet_units(schema: Schema, saved: dict[str, Any]
                     ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each saved worksheet this build knows, as units; one that cannot be read is left
    out (an export writes it as it is, and an import names what to fix)."""
    for worksheet_id, values in saved.items():
        sheet = schema.worksheets.get(worksheet_id)
        if sheet is None or not isinstance(values, dict):
            continue
        try:
            yield worksheet_id, units(sheet.value_fields,
                                      normalise_values(schema, worksheet_id, values))
        except ToolkitError:
            continue


def export_changes(schema: Schema, saved: dict[str, Any], record: Record, exported_at: str
                   ) -> tuple[dict[str, dict[str, Any]], Record]:
    """What an export writes under each worksheet's ``changes``, and the device's record
    once it has shared these entries."""
    after = copy.deepcopy(record)
    changes: dict[str, dict[str, Any]] = {}
    for worksheet_id, current in _worksheet_units(schema, saved):
        start = starting_units(schema, worksheet_id)
        _stamp_changes_here(after, worksheet_id, current, exported_at, start)
        before = after.seen.get(worksheet_id, {})
        seen = seen_after_sharing(current, before, start)
        stamps = after.stamps.get(worksheet_id, {})
        changes[worksheet_id] = {
            unit: {**stamps.get(unit, {"at": "", "by": ""}), "seen": list(before.get(unit, []))}
            for unit, value in current.items() if not empty(value) or before.get(unit)}
        for unit in removed_units(current, before, start):  # a removal travels
            changes[worksheet_id][unit] = {**stamps.get(unit, {"at": "", "by": ""}),
                                           "removed": True, "seen": list(seen[unit])}
        after.seen[worksheet_id] = seen
    return changes, after


# ---- Combining files --------------------------------------------------------------


def _aligned(spec: Field, here: list[dict[str, Any]], theirs: list[dict[str, Any]]
             ) -> list[dict[str, Any]]:
    """A list of entries matched by its ``merge_by`` fields (a provider and its rater)
    gets our row ids where the entries are the same provider and rater."""
    ours = {item_key(spec, item): item["row_id"] for item in here if item_key(spec, item)}
    taken = {item["row_id"] for item in here}
    claimed: set[str] = set()  # our rows already matched: a second entry stays its own
    aligned = []
    for item in theirs:
        row_id = ours.get(item_key(spec, item)) if item_key(spec, item) else None
        if row_id and row_id not in claimed and row_id != item["row_id"] \
                and item["row_id"] not in taken:
            item = {**item, "row_id": row_id}
        claimed.add(item["row_id"])
        aligned.append(item)
    return aligned


def _twins(spec: Field, items: list[dict[str, Any]]) -> list[str]:
    """The names of entries a file holds more than once (the same provider and rater):
    all are kept, and the preview says so."""
    counts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for item in items:
        if (key := item_key(spec, item)) is not None:
            counts.setdefault(key, []).append(item)
    return [item_name(spec, same[0], 0) for same in counts.values() if len(same) > 1]


def label_of(sheet, unit: str, value: Any, other: Any) -> str:
    """How the person is shown one unit: the worksheet, the field and the row's first text."""
    field_id, _, row = unit.partition("/")
    spec = sheet.field(field_id)
    label = spec.label if spec is not None else field_id
    if not row:
        return f"{sheet.title} › {label}"
    for candidate in (value, other):
        if isinstance(candidate, dict):
            named = next((v for k, v in candidate.items() if k != "row_id" and isinstance(
                v, str) and v.strip()), "")
            if named:
                return f"{sheet.title} › {label} › {named[:60]}"
    fixed = next((o.label for o in getattr(spec, "rows", ()) if o.id == row), row)
    return f"{sheet.title} › {label} › {fixed}"


def value_text(value: Any) -> str:
    """A unit's value as one line for the person choosing between two."""
    if value is ABSENT:
        return "(removed)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):  # answers ticked, or the rows of an entry's own table
        if any(isinstance(item, dict) for item in value):
            return " / ".join(value_text(item) for item in value) or "(empty)"
        return ", ".join(map(str, value)) or "(empty)"
    if isinstance(value, dict):
        parts = [f"{k}: {value_text(v)}" for k, v in value.items()
                 if k != "row_id" and not empty(v)]
        return "; ".join(parts) or "(empty)"
    return " ".join(str(value).split()) or "(empty)"


def _who(stamp: dict[str, str] | None, fallback: str, offset: int = 0) -> str:
    stamp = stamp or {}
    by = stamp.get("by") or fallback
    when = moment_text(stamp.get("at", ""), offset)
    return f"{by}, {when}" if when else by


@dataclass
class _File:
    index: int
    name: str
    result: ImportResult

    def seen(self, worksheet_id: str) -> Seen:
        return {u: c.get("seen", []) for u, c in self.result.changes.get(worksheet_id, {}).items()}

    def stamp(self, worksheet_id: str, unit: str) -> dict[str, str]:
        change = self.result.changes.get(worksheet_id, {}).get(unit)
        if change and (change.get("at") or change.get("by")):
            return {"at": change.get("at", ""), "by": change.get("by", "")}
        return {"at": self.result.exported_at, "by": self.result.by}


def file_kind(result: ImportResult, mine: bool) -> str:
    """What a checked file is, in words (see :func:`browser_py.core.file_names.kind_text`)."""
    return kind_text(result.kind, result.by, result.recipient, result.exported_at, mine)


def combine_files(schema: Schema, saved: dict[str, Any], record: Record,
                  files: list[tuple[str, ImportResult]], choices: dict[str, str], now: str,
                  offset: int = 0) -> dict[str, Any]:
    """Combine ``files`` (name, checked file), in order, into the ``saved`` entries.

    ``choices`` maps a conflict's id to ``"mine"`` or ``"theirs"``. Returns what each
    file adds, updates and asks about, the conflicts still to choose (each with both
    values and who changed them when), whether any entry changes, and, once none is
    left, the combined entries and the device's record after it.
    """
    after = copy.deepcopy(record)
    state = copy.deepcopy(saved)
    report, open_conflicts, changed = [], [], False
    came_from: dict[tuple[str, str], str] = {}  # entries taken from an earlier file here
    for index, (name, result) in enumerate(files):
        source = _File(index, name, result)
        lines = []
        for worksheet_id, incoming in result.state.items():
            sheet = schema.worksheets[worksheet_id]
            fields = sheet.value_fields
            here_values = normalise_values(schema, worksheet_id, state.get(
                worksheet_id, schema.empty_values(worksheet_id)))
            incoming = copy.deepcopy(incoming)
            for spec in fields:
                if spec.type == "repeat" and spec.merge_by:
                    incoming[spec.id] = _aligned(spec, here_values[spec.id], incoming[spec.id])
            twins = [name for spec in fields if spec.type == "repeat" and spec.merge_by
                     for name in _twins(spec, incoming[spec.id])]
            here, theirs = units(fields, here_values), units(fields, incoming)
            start = starting_units(schema, worksheet_id)
            _stamp_changes_here(after, worksheet_id, here, now, start)
            prefix = f"{index}:{worksheet_id}/"
            wanted = {key[len(prefix):]: choice for key, choice in choices.items()
                      if key.startswith(prefix)}
            outcome = combine_units(here, list(here), after.seen.get(worksheet_id, {}), theirs,
                                    list(theirs), source.seen(worksheet_id), wanted, start)
            stamps = after.stamps.setdefault(worksheet_id, {})
            took = outcome.added + outcome.taken + [
                u for u in outcome.chosen if wanted.get(u) == "theirs"]
            for unit in took:
                stamps[unit] = source.stamp(worksheet_id, unit)
                came_from[worksheet_id, unit] = name
            changed = changed or bool(took)
            after.seen[worksheet_id] = outcome.seen
            state[worksheet_id] = values_of(fields, outcome.units, outcome.order)
            for conflict in outcome.conflicts:
                mine_by = _who(stamps.get(conflict.unit), after.name or "this device", offset)
                theirs_by = _who(source.stamp(worksheet_id, conflict.unit), "an unnamed person",
                                 offset)
                where = f"in “{name}”" if len(files) > 1 else "in the file"
                earlier = came_from.get((worksheet_id, conflict.unit))
                open_conflicts.append({
                    "id": f"{index}:{worksheet_id}/{conflict.unit}",
                    "file": name,
                    "title": label_of(sheet, conflict.unit, conflict.mine, conflict.theirs),
                    "mine": value_text(conflict.mine),
                    "mine_by": mine_by,
                    # Where the value kept comes from: here, or a file earlier in this list.
                    "mine_note": (f"from “{earlier}”, combined above, changed by {mine_by}"
                                  if earlier else f"here, changed by {mine_by}"),
                    "theirs": value_text(conflict.theirs),
                    "theirs_by": theirs_by,
                    "theirs_note": f"{where}, changed by {theirs_by}",
                })
            updated = [u for u in outcome.taken if u not in outcome.removed]
            counts = [(len(outcome.added), "added"), (len(updated), "updated"),
                      (len(outcome.removed), "removed"), (len(outcome.chosen), "chosen"),
                      (len(outcome.conflicts), "to choose")]
            said = ", ".join(f"{n} {word}" for n, word in counts if n)
            lines.append(f"{sheet.title}: {said or 'nothing new'}.")
            lines += [f"{sheet.title}: the file holds “{twin}” more than once; each is kept "
                      "as its own entry here." for twin in twins]
        for worksheet_id, values in result.unknown.items():
            changed = changed or worksheet_id not in state
            state.setdefault(worksheet_id, copy.deepcopy(values))
        mine = bool(result.export_id) and result.export_id in record.exports
        report.append({"title": f"“{name}”: {file_kind(result, mine)}", "note": result.note,
                       "lines": lines, "kind": result.kind, "mine": mine})
        if result.kind == "part" and result.by and not mine:  # to send it back to them
            after.received = {"by": result.by, "worksheets": sorted(result.state),
                              "district": result.district}
    done = not open_conflicts
    if done:
        for worksheet_id in state:
            if schema.has_worksheet(worksheet_id):
                try:
                    normalise_values(schema, worksheet_id, state[worksheet_id])
                except ToolkitError as error:
                    raise ToolkitError("Nothing was combined. Together with the entries "
                                       f"here, {error.message[0].lower()}"
                                       f"{error.message[1:]}") from None
    return {"files": report, "conflicts": open_conflicts, "changed": changed,
            "state": state if done else None, "record": after.as_dict() if done else None}


def after_import(schema: Schema, before: dict[str, Any], imported: dict[str, Any],
                 record: Record, result: ImportResult, now: str) -> Record:
    """The device's record once a file's worksheets replaced (or, for provider checklists,
    merged into) the ``before`` entries: what came from the file keeps who changed it
    there, and counts as seen; what was changed here and stays is still this device's."""
    after = copy.deepcopy(record)
    source = _File(0, "", result)
    for worksheet_id, incoming in result.state.items():
        fields = schema.worksheets[worksheet_id].value_fields
        try:
            here = units(fields, normalise_values(schema, worksheet_id, before.get(
                worksheet_id, schema.empty_values(worksheet_id))))
            current = units(fields, normalise_values(schema, worksheet_id,
                                                     imported[worksheet_id]))
        except ToolkitError:
            continue
        _stamp_changes_here(after, worksheet_id, here, now,
                            starting_units(schema, worksheet_id))
        theirs, there = units(fields, incoming), source.seen(worksheet_id)
        seen = after.seen.setdefault(worksheet_id, {})
        stamps = after.stamps.setdefault(worksheet_id, {})
        for unit, value in current.items():
            if unit in theirs and fingerprint(theirs[unit]) == fingerprint(value):
                seen[unit] = remember([*seen.get(unit, []), *there.get(unit, [])], value)
                stamps[unit] = source.stamp(worksheet_id, unit)
    return after


def contributors(schema: Schema, saved: dict[str, Any], record: Record
                 ) -> dict[str, list[str]]:
    """Who entered what each worksheet holds now, by worksheet: the names recorded with
    the members' files combined here, and this device's name for what was changed here
    since it last shared. Empty entries and unnamed people are not listed."""
    found: dict[str, list[str]] = {}
    for worksheet_id, current in _worksheet_units(schema, saved):
        start = starting_units(schema, worksheet_id)
        here = set(changed_here(current, record.seen.get(worksheet_id, {}), start))
        stamps = record.stamps.get(worksheet_id, {})
        names = {record.name if unit in here else stamps.get(unit, {}).get("by", "")
                 for unit, value in current.items() if not empty(value)}
        names.discard("")
        if names:
            found[worksheet_id] = sorted(names, key=str.casefold)
    return found
