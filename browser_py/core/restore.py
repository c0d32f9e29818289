"""One restore path: saved entries, whatever their shape, become one normalised state.

Saved state at page load, another tab's write and an imported file's worksheets all
pass through :func:`restore_state`. Nothing is ever fatal and nothing is deleted: a part
that cannot be read is *set aside* (returned with a message, for the page to keep under
a key of its own and offer for export), worksheets this build does not know are kept as
they are, and every known worksheet comes back complete, its starting rows included, so
that every view computes from the same values.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from browser_py.core.errors import ToolkitError
from browser_py.core.migrations import NEEDS_SHEET, PACKET_SHEET, carry_enrollment, migrate
from browser_py.core.schema import Schema
from browser_py.core.state import describe_value, normalise_field

#: The format version of the saved state in this browser; it follows the export format.
STATE_VERSION = 1
#: Where a part is when it is the whole saved document.
WHOLE = "the saved entries"


@dataclass(frozen=True)
class SetAside:
    """A part of the saved entries that could not be read, kept as it was found."""

    where: str  # e.g. "Working group roster › members", or "the saved entries"
    message: str  # what was wrong, for a person
    value: Any  # the part itself, unchanged

    def as_dict(self) -> dict[str, Any]:
        """Return the part as plain data for the page."""
        return {"where": self.where, "message": self.message, "value": copy.deepcopy(self.value)}


@dataclass
class Restored:
    """Saved entries after restoring.

    ``worksheets`` holds every worksheet this build has, complete and normalised;
    ``saved`` only what the entries held (normalised), which is what storage keeps;
    ``unknown`` the worksheets this build does not have, unchanged; ``set_aside`` the
    parts that could not be read; ``moved`` one sentence per value a migration carried
    to where it is typed now (``saved`` holds it there: storage should keep it).
    """

    worksheets: dict[str, dict[str, Any]]
    saved: dict[str, dict[str, Any]] = field(default_factory=dict)
    unknown: dict[str, Any] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)

    def stored(self) -> dict[str, Any]:
        """The state to keep in storage: what was saved and readable, unknown worksheets
        included, in the saved state's own format."""
        return {
            "format_version": STATE_VERSION,
            "worksheets": {**copy.deepcopy(self.saved), **copy.deepcopy(self.unknown)},
        }


def _migrated(raw: dict[str, Any], set_aside: list[SetAside]) -> dict[str, Any]:
    version = raw.get("format_version", STATE_VERSION)
    if version == STATE_VERSION:
        return raw
    try:
        return migrate({**raw, "format_version": version}, STATE_VERSION)
    except ToolkitError as error:
        set_aside.append(SetAside(WHOLE, error.message, raw))
        return {}


def restore_state(schema: Schema, raw: object) -> Restored:
    """Read saved entries of any shape; never raises.

    ``raw`` is the saved document (``{"worksheets": {id: values}}``, with an optional
    ``format_version``). Older versions are migrated, and a value typed in a box the
    page no longer shows is carried to where it is typed now
    (:func:`browser_py.migrations.carry_enrollment`). Each field that does not fit its
    worksheet is set aside and shows its starting value instead.
    """
    set_aside: list[SetAside] = []
    worksheets_raw: object = {}
    if isinstance(raw, dict):
        migrated = _migrated(raw, set_aside)
        worksheets_raw = migrated.get("worksheets", {}) if migrated else {}
        if worksheets_raw is None:
            worksheets_raw = {}
    elif raw is not None:
        set_aside.append(SetAside(
            WHOLE,
            f"The saved entries should be a group of worksheets, but they are "
            f"{describe_value(raw)}.", raw))
    if not isinstance(worksheets_raw, dict):
        set_aside.append(SetAside(
            WHOLE,
            f"The saved worksheets should be a group named by worksheet, but they are "
            f"{describe_value(worksheets_raw)}.", worksheets_raw))
        worksheets_raw = {}
    restored = Restored(worksheets={}, set_aside=set_aside)
    for worksheet_id, values in worksheets_raw.items():
        if not schema.has_worksheet(worksheet_id):
            if isinstance(values, dict):
                restored.unknown[worksheet_id] = copy.deepcopy(values)
            else:
                restored.set_aside.append(SetAside(
                    str(worksheet_id),
                    f'The entries of "{worksheet_id}", a worksheet this toolkit does not have, '
                    f"should be a group of named fields, but they are {describe_value(values)}.",
                    values))
            continue
        restored.saved[worksheet_id] = _restore_worksheet(schema, worksheet_id, values, restored)
    if all(schema.has_worksheet(ws) for ws in (NEEDS_SHEET, PACKET_SHEET)):
        carried = carry_enrollment(restored.saved, titles_of(schema))
        restored.saved, restored.moved = carried.worksheets, carried.notes
    for worksheet_id in schema.worksheet_ids:
        full = schema.empty_values(worksheet_id)
        full.update(copy.deepcopy(restored.saved.get(worksheet_id, {})))
        restored.worksheets[worksheet_id] = full
    return restored


def titles_of(schema: Schema) -> dict[str, str]:
    """Every worksheet's title by id, for messages that name worksheets."""
    return {worksheet_id: sheet.title for worksheet_id, sheet in schema.worksheets.items()}


def _restore_worksheet(
    schema: Schema, worksheet_id: str, values: object, restored: Restored
) -> dict[str, Any]:
    sheet = schema.worksheets[worksheet_id]
    if not isinstance(values, dict):
        restored.set_aside.append(SetAside(
            sheet.title,
            f'The entries for "{sheet.title}" should be a group of named fields, but they are '
            f"{describe_value(values)}.", values))
        return {}
    kept: dict[str, Any] = {}
    for field_id, value in values.items():
        spec = sheet.field(field_id) if isinstance(field_id, str) else None
        where = f"{sheet.title} › {field_id}"
        if spec is None:
            restored.set_aside.append(SetAside(
                where, f'The worksheet "{sheet.title}" has no field called "{field_id}".', value))
            continue
        try:
            kept[field_id] = normalise_field(spec, value, (worksheet_id, field_id))
        except ToolkitError as error:
            where = sheet.title if spec.label == sheet.title else f"{sheet.title} › {spec.label}"
            restored.set_aside.append(SetAside(where, error.message, value))
    return kept
