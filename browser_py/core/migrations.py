"""Bringing export files from older format versions up to date.

Each entry of :data:`MIGRATIONS` maps a format version ``n`` to a pure function
that takes a whole export document of version ``n`` and returns the same
entries as a document of version ``n + 1``. :func:`migrate` applies them in
order. A migration receives its own deep copy of the document, so it may change
it in place, and it need not set ``format_version``: :func:`migrate` does.

When the export format changes (a renamed worksheet or field id, a new value
shape), raise ``FORMAT_VERSION`` in ``exchange.py``, add the function for the
previous version here, and commit an export of the previous version as
``tests/fixtures/exports/v<n>.json``.

A field the page no longer asks for, because the same fact is typed in another
worksheet, stays in the model as ``retired`` (the format does not change: every file
still imports, in this version and in earlier ones) and is carried to its one place
by a pure function on the worksheets' values that the restore path and the import
both run (:func:`carry_enrollment`). It is idempotent, and never drops a number: a
value it cannot carry over stays where it was, and the worksheet's results show it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from browser_py.core.computations import parse_count
from browser_py.core.errors import ToolkitError

Document = dict[str, Any]

#: Where the students enrolled are typed (the one place), and the packet's retired box.
NEEDS_SHEET, ENROLLMENT_FIELD = "needs-estimate", "enrollment"
PACKET_SHEET, PACKET_STUDENTS = "provider-questions", "district_students"
#: The worksheets' titles, as the definitions name them, for the messages.
TITLES = {NEEDS_SHEET: "Estimate student need", PACKET_SHEET: "District profile for providers"}

def _v1_to_v2(document: Document) -> Document:
    """Version 2 adds who changed each unit and when (``changes``), who exported the file
    (``by``) and a note; a version 1 file has none, so nothing else changes: its units
    count as changed at its export time by an unnamed person."""
    return document


def _v2_to_v3(document: Document) -> Document:
    """Version 3 adds the units removed, the kind of file, whom a part is for and an
    export id; a version 2 file has none of them, so nothing changes: it records no
    removal and its kind is not known."""
    return document


def _typed(values: object, field_id: str) -> str:
    value = values.get(field_id) if isinstance(values, dict) else None
    return value.strip() if isinstance(value, str) else ""


def figure_text(text: str) -> str:
    """A typed count as people read it (``12,400``), or the text as typed."""
    try:
        value = parse_count(text)
    except ValueError:
        return f"“{text}”"
    return f"{value:,}" if value is not None else text


def same_count(one: str, other: str) -> bool:
    """Whether two typed counts are the same number (``12400`` and ``12,400`` are)."""
    try:
        return parse_count(one) == parse_count(other)
    except ValueError:
        return one.strip() == other.strip()


@dataclass(frozen=True)
class Carried:
    """What :func:`carry_enrollment` did: the worksheets' values after it, and one
    sentence per change (none when nothing changed)."""

    worksheets: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether any value was moved or cleared."""
        return bool(self.notes)


def enrollment_conflict(worksheets: dict[str, Any]) -> tuple[str, str] | None:
    """``(enrollment, packet's number)`` when the provider packet still holds its own
    number of students and it differs from the students enrolled typed in the needs
    estimate; ``None`` otherwise."""
    old = _typed(worksheets.get(PACKET_SHEET), PACKET_STUDENTS)
    typed = _typed(worksheets.get(NEEDS_SHEET), ENROLLMENT_FIELD)
    if not old or not typed or same_count(old, typed):
        return None
    return typed, old


def carry_enrollment(worksheets: dict[str, Any], titles: dict[str, str] | None = None
                     ) -> Carried:
    """Carry the provider packet's old "How many students does the district serve?" to
    the needs estimate's students enrolled, where the number is typed now.

    - The needs estimate has no enrollment: the packet's number goes there, and the
      packet's box is emptied.
    - Both hold the same number: the packet's box is emptied.
    - They differ: both stay as they are; the needs estimate's is the one used, and the
      packet's results say what its own number was (see :func:`enrollment_conflict`).

    ``worksheets`` (values by worksheet id) is not changed; ``titles`` name the
    worksheets in the notes (the definitions' titles by default).
    """
    names = {**TITLES, **(titles or {})}
    packet = worksheets.get(PACKET_SHEET)
    old = _typed(packet, PACKET_STUDENTS)
    if not old or not isinstance(packet, dict):
        return Carried(worksheets)
    needs = worksheets.get(NEEDS_SHEET)
    typed = _typed(needs, ENROLLMENT_FIELD)
    if typed and not same_count(old, typed):
        return Carried(worksheets)
    result = dict(worksheets)
    result[PACKET_SHEET] = {**packet, PACKET_STUDENTS: ""}
    where = (f"“Students enrolled in the district” in {names[NEEDS_SHEET]}: it is typed "
             "there once now, and the packet shows it from there.")
    if typed:
        note = (f"{names[PACKET_SHEET]} held its own number of students the district "
                f"serves, {figure_text(old)}, the same as the {where}")
    else:
        result[NEEDS_SHEET] = {**(needs if isinstance(needs, dict) else {}),
                               ENROLLMENT_FIELD: old}
        note = (f"The number of students the district serves typed in "
                f"{names[PACKET_SHEET]}, {figure_text(old)}, was carried over to {where}")
    return Carried(result, [note])


#: Version n -> function turning a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3}


def latest_version() -> int:
    """The format version the registered migrations lead up to."""
    return max(MIGRATIONS, default=0) + 1


def migrate(document: Document, to_version: int | None = None) -> Document:
    """Return ``document`` migrated, one version at a time, to ``to_version``.

    ``to_version`` defaults to :func:`latest_version`. The input is not changed.
    Raises :class:`ToolkitError` if a step is missing or a migration cannot make
    sense of the document.
    """
    target = latest_version() if to_version is None else to_version
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ToolkitError(
            "This file does not say which version of the export format it uses, so it "
            "cannot be imported. Choose a file the toolkit exported."
        )
    if version > target:
        raise ToolkitError(
            "This file comes from a newer version of the toolkit. Ask whoever hosts this "
            "site to update it, then import again."
        )
    current = copy.deepcopy(document)
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ToolkitError(
                f"This file uses version {version} of the export format, which this toolkit "
                "can no longer read. Ask whoever hosts this site for help."
            )
        try:
            current = step(current)
        except ToolkitError:
            raise
        except Exception as error:  # any failure of a step: a file must never crash the import
            raise ToolkitError(
                f"This file uses an older version ({version}) of the export format and "
                "could not be brought up to date; it may be damaged. Export it again "
                "from the toolkit it came from, if you can."
            ) from error
        if not isinstance(current, dict):
            raise ToolkitError(
                f"Updating this file from format version {version} went wrong. Ask whoever "
                "hosts this site for help."
            )
        version += 1
        current["format_version"] = version
    return current
