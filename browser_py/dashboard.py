"""Where we stand: a summary of this device's entries for the start page."""

from __future__ import annotations

from typing import Any

from .model import Worksheet
from .report import _filled
from .schema import Schema


def completion(sheet: Worksheet, values: dict[str, Any]) -> tuple[int, int]:
    """How many of a worksheet's fields hold an entry beyond their starting value."""
    fields = sheet.value_fields
    filled = 0
    for spec in fields:
        value = values.get(spec.id)
        if value is not None and value != spec.empty_value() and _filled(value):
            filled += 1
    return filled, len(fields)


def build_dashboard(
    schema: Schema,
    order: list[dict[str, str]],
    state: dict[str, dict[str, Any]],
    computed: dict[str, dict[str, dict[str, Any]]],
    computed_labels: dict[str, dict[str, str]],
    export_status: dict[str, Any],
) -> dict[str, Any]:
    """One item per worksheet (its completion and computed results, linking to its page),
    the export status, and the suggested path while nothing is entered yet."""
    items = []
    for place in order:
        worksheet_id = place["worksheet"]
        if not schema.has_worksheet(worksheet_id):
            continue
        sheet = schema.worksheet(worksheet_id)
        filled, total = completion(sheet, state.get(worksheet_id) or {})
        labels = computed_labels.get(worksheet_id, {})
        results = [
            {"label": labels.get(output_id, output_id), "text": output.get("text", ""),
             "status": output.get("status", "ok")}
            for output_id, output in (computed.get(worksheet_id) or {}).items()
        ] if filled else []
        items.append({
            "worksheet": worksheet_id, "title": sheet.title, "page": place.get("page", ""),
            "page_title": place.get("page_title", ""), "filled": filled, "total": total,
            "progress": "Not started" if not filled else (
                "Complete" if filled == total else f"{filled} of {total} parts filled in"),
            "results": results,
        })
    started = [item for item in items if item["filled"]]
    path, seen = [], set()
    for place in order:
        if place.get("page") not in seen and place.get("page"):  # the start page is here
            seen.add(place.get("page"))
            path.append({"page": place.get("page", ""), "title": place.get("page_title", "")})
    return {
        "empty": not started,
        "summary": (f"You have started {len(started)} of {len(items)} worksheets."
                    if started else "No entries on this device yet."),
        "items": started,
        "path": path,
        "export": export_status,
    }
