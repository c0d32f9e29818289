"""The rule two tabs of the page merge their saves by, stated in Python.

The page merges a save with what another tab saved meanwhile in JavaScript
(``mergeValue`` in ``site_templates/overrides/assets/toolkit/store.mjs``): it must
finish within the save itself, before the page is hidden, so it cannot wait for the
Python worker. This module states the same rule on top of
:func:`browser_py.sharing.combine.decide`, so that the tab merge and the combining of files
decide one value the same way; ``tests/test_merge_rule.py`` runs one table of cases
through both and compares. The rules are written out in ``docs/merging.md``.

A tab has what a file does not: the value both tabs last saw saved (``base``). A value
decides as a unit does in a combine where both sides have seen exactly that base
(``same``, ``keep``, ``take`` or ``conflict``); on a conflict the tab goes one level
down, where a file cannot (it carries fingerprints of whole units): answers ticked,
rows by :data:`ROW_ID`, then named cells. Where both changed one value, this tab's
change (the later one) stands and the page says where. A row removed on one side and
changed on the other stays, with the change, and the page says where: a removal never
drops an edit.

The constants the page's merge shares with Python come from :func:`shared_constants`;
the build writes them into the site as ``assets/toolkit/merge_rules.mjs``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .combine import MAX_SEEN, ROW_ID, decide, fingerprint
from .exchange import FORBIDDEN_KEYS

#: A value that is not there at all (JavaScript's ``undefined``), as opposed to null.
MISSING: Any = object()

Path = list[str]


@dataclass
class Merged:
    """One merged value and where both sides changed the same value (paths of names
    below the field: row id, column)."""

    value: Any
    conflicts: list[Path] = field(default_factory=list)


def shared_constants() -> dict[str, Any]:
    """The constants the page's merge (``store.mjs``) takes from Python."""
    return {"MAX_SEEN": MAX_SEEN, "ROW_ID": ROW_ID,
            "FORBIDDEN_NAMES": sorted(FORBIDDEN_KEYS)}


def rules_module() -> str:
    """``merge_rules.mjs``: :func:`shared_constants` as an ES module for the page."""
    lines = ["// The merge's constants, written by the build from Python",
             "// (browser_py.sharing.tab_merge.shared_constants): change them there, never here.",
             "// docs/merging.md states the rules they serve."]
    lines += [f"export const {name} = {json.dumps(value)};"
              for name, value in shared_constants().items()]
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    return None if value is MISSING else value


def verdict(base: Any, ours: Any, theirs: Any) -> str:
    """How one value merges between tabs: :func:`browser_py.sharing.combine.decide` for a unit
    both sides have seen only as ``base``."""
    seen = [fingerprint(_plain(base))]
    return decide(_plain(ours), _plain(theirs), seen, seen)


def alike(a: Any, b: Any) -> bool:
    """Whether two values are the same entry (empty values are all alike)."""
    return fingerprint(_plain(a)) == fingerprint(_plain(b))


def _choices(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _row(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get(ROW_ID), str)


def merge_value(base: Any, ours: Any, theirs: Any, path: Sequence[str] = ()) -> Merged:
    """Merge one field saved by two tabs: ``base`` as this tab last saw it saved,
    ``ours`` now, ``theirs`` as another tab saved it meanwhile (:data:`MISSING` where a
    value is not there)."""
    path = list(path)
    decided = verdict(base, ours, theirs)
    if decided in ("same", "keep"):
        return Merged(ours)
    if decided == "take":
        return Merged(theirs)
    if _choices(ours) and _choices(theirs):
        return _merge_choices(base if _choices(base) else [], ours, theirs)
    if isinstance(ours, list) and isinstance(theirs, list):
        return _merge_rows(base, ours, theirs, path)
    if isinstance(ours, dict) and isinstance(theirs, dict):
        return _merge_named(base if isinstance(base, dict) else {}, ours, theirs, path)
    return Merged(ours, [path])


def _merge_choices(base: list[str], ours: list[str], theirs: list[str]) -> Merged:
    """Answers ticked: what either side ticked is kept, what either side unticked goes."""
    return Merged([item for item in ours if item not in base or item in theirs]
                  + [item for item in theirs if item not in base and item not in ours])


def _merge_named(base: Mapping[str, Any], ours: Mapping[str, Any],
                 theirs: Mapping[str, Any], path: Path) -> Merged:
    """Named parts (cells of a row, ratings, rows of a fixed table), name by name."""
    merged = Merged({})
    for key in dict.fromkeys([*theirs, *ours, *base]):
        if key in FORBIDDEN_KEYS:
            continue
        part = merge_value(base.get(key, MISSING), ours.get(key, MISSING),
                           theirs.get(key, MISSING), [*path, key])
        merged.conflicts += part.conflicts
        if part.value is not MISSING:
            merged.value[key] = part.value
    return merged


def _merge_rows(base: Any, ours: list[Any], theirs: list[Any], path: Path) -> Merged:
    """Rows of a table or list of entries, matched by :data:`ROW_ID`; rows both changed
    merge cell by cell, and rows the other tab added go after the row they follow."""
    if not all(_row(row) for row in ours):
        return Merged(ours, [path])
    was = {row[ROW_ID]: row for row in (base if isinstance(base, list) else []) if _row(row)}
    mine = {row[ROW_ID] for row in ours}
    other = {row[ROW_ID]: row for row in theirs if _row(row)}
    merged = Merged([])
    for row in ours:
        row_id = row[ROW_ID]
        if row_id not in other:
            if row_id in was:
                if alike(was[row_id], row):
                    continue  # removed by the other tab, unchanged here
                merged.conflicts.append([*path, row_id])  # changed here: it stays
            merged.value.append(row)
            continue
        part = _merge_named(was.get(row_id, {}), row, other[row_id], [*path, row_id])
        merged.conflicts += part.conflicts
        merged.value.append(part.value)
    for index, row in enumerate(theirs):
        if not isinstance(row, dict) or row.get(ROW_ID) in mine:
            continue
        if row.get(ROW_ID) in was:
            if alike(was[row[ROW_ID]], row):
                continue  # removed here, unchanged there
            merged.conflicts.append([*path, row[ROW_ID]])  # changed there: it stays
        at = -1
        for earlier in reversed(theirs[:index]):
            ids = [kept.get(ROW_ID) for kept in merged.value]
            if isinstance(earlier, dict) and earlier.get(ROW_ID) in ids:
                at = ids.index(earlier.get(ROW_ID))
                break
        merged.value.insert(at + 1, row)
    return merged
