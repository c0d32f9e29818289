"""Merging an imported repeat into the one on this device, item by item.

A repeat field whose definition has ``merge_by`` (for example a provider checklist:
``merge_by: [provider, completed_by]``, ``newer_by: date``) is not replaced on import.
Each item of the file is matched to an item here:

- items match when every ``merge_by`` field holds the same text (ignoring case and
  spaces), e.g. the same provider rated by the same person;
- an item whose ``merge_by`` fields are not all filled in matches only the item with its
  own ``row_id`` that is not filled in either;
- a matched item takes the file's values (keeping its ``row_id`` here), unless both
  have a ``newer_by`` date and the one here is later: then it stays as it is;
- an unmatched item is added at the end (with a fresh ``row_id`` if its own is taken),
  unless an unmatched item here already holds the very same values.

Items only here are kept. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from browser_py.core.model import MAX_TEXT_CHARS, Field

Item = dict[str, Any]


@dataclass
class MergeReport:
    """What merging one repeat did, naming items by their ``merge_by`` values."""

    label: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # here and dated later: not replaced
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        """Whether the merge adds or updates anything."""
        return bool(self.added or self.updated)

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain data."""
        return {"label": self.label, "added": list(self.added), "updated": list(self.updated),
                "kept": list(self.kept), "unchanged": self.unchanged}


def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", value).strip().casefold() if isinstance(value, str) else ""


def item_key(spec: Field, item: Item) -> tuple[str, ...] | None:
    """The values that identify an item, or None when one of them is empty."""
    key = tuple(_norm(item.get(name)) for name in spec.merge_by)
    return key if key and all(key) else None


def item_name(spec: Field, item: Item, number: int) -> str:
    """How a report names an item: its ``merge_by`` values, e.g. "Acme · Lee"."""
    parts = [" ".join(item[name].split()) for name in spec.merge_by
             if isinstance(item.get(name), str) and item[name].strip()]
    return " · ".join(parts) or f"{spec.entry_title({}, number)} (not named)"


def _without_id(item: Item) -> Item:
    return {key: value for key, value in item.items() if key != "row_id"}


def _fresh_id(row_id: str, taken: set[str]) -> str:
    """``row_id`` with a number added that no item here has; never longer than the
    longest row id an import accepts, however often files are merged."""
    stem = row_id[: MAX_TEXT_CHARS - 12]
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def merge_items(spec: Field, here: list[Item], incoming: list[Item]
                ) -> tuple[list[Item], MergeReport]:
    """Merge the file's items into the items here; neither input is changed.

    Both lists hold normalised items (see :func:`browser_py.core.schema.normalise_values`).
    """
    merged = copy.deepcopy(here)
    report = MergeReport(spec.label)
    by_key: dict[tuple[str, ...], list[int]] = {}
    for index, item in enumerate(merged):
        key = item_key(spec, item)
        if key is not None:
            by_key.setdefault(key, []).append(index)
    taken = {item["row_id"] for item in merged}
    matched: set[int] = set()
    for number, item in enumerate(incoming, start=1):
        key = item_key(spec, item)
        if key is not None:
            candidates = by_key.get(key, [])
        else:
            candidates = [index for index, mine in enumerate(merged)
                          if mine["row_id"] == item["row_id"] and item_key(spec, mine) is None]
        target = next((index for index in candidates if index not in matched), None)
        name = item_name(spec, item, number)
        if target is None:
            same = next((index for index, mine in enumerate(merged) if index not in matched
                         and _without_id(mine) == _without_id(item)), None)
            if same is not None:  # added by an earlier import of this file
                matched.add(same)
                report.unchanged += 1
                continue
            added = copy.deepcopy(item)
            if added["row_id"] in taken:
                added["row_id"] = _fresh_id(added["row_id"], taken)
            taken.add(added["row_id"])
            merged.append(added)
            matched.add(len(merged) - 1)
            if key is not None:
                by_key.setdefault(key, []).append(len(merged) - 1)
            report.added.append(name)
            continue
        matched.add(target)
        mine = merged[target]
        theirs = {**copy.deepcopy(item), "row_id": mine["row_id"]}
        if theirs == mine:
            report.unchanged += 1
        elif spec.newer_by and mine.get(spec.newer_by) and item.get(spec.newer_by) and \
                mine[spec.newer_by] > item[spec.newer_by]:
            report.kept.append(name)
        else:
            merged[target] = theirs
            report.updated.append(name)
    return merged, report


def merge_worksheet(fields: tuple[Field, ...], here: Any, incoming: dict[str, Any]
                    ) -> tuple[dict[str, Any], list[MergeReport]]:
    """A worksheet after importing ``incoming`` into ``here``: repeats with ``merge_by``
    are merged; every other field takes the file's value."""
    result = copy.deepcopy(incoming)
    reports = []
    for spec in fields:
        if spec.type != "repeat" or not spec.merge_by or spec.id not in incoming:
            continue
        mine = here.get(spec.id) if isinstance(here, dict) else None
        if not isinstance(mine, list) or not all(
            isinstance(item, dict) and isinstance(item.get("row_id"), str) for item in mine
        ):
            mine = []
        result[spec.id], report = merge_items(spec, mine, incoming[spec.id])
        reports.append(report)
    return result, reports
