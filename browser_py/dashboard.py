"""Where we stand: a summary of this device's entries for the start page."""

from __future__ import annotations

from typing import Any

from .figures import first_names, percent_done
from .model import Worksheet
from .report import _filled
from .schema import Schema


def completion(sheet: Worksheet, values: dict[str, Any]) -> tuple[int, int]:
    """How many of a worksheet's fields hold an entry beyond their starting value (the
    enrollment by group, used only when counting from files, left out)."""
    optional = sheet.count_from_files.get("enrollment")
    fields = [spec for spec in sheet.value_fields if spec.id != optional]
    filled = 0
    for spec in fields:
        value = values.get(spec.id)
        if value is not None and value != spec.empty_value() and _filled(value):
            filled += 1
    return filled, len(fields)


NAMES_SHOWN = 5  # names listed under a result on the start page; the rest are counted


def _names(output: dict[str, Any]) -> list[str]:
    return first_names([str(name) for name in output.get("names") or []], NAMES_SHOWN)


def progress_of(sheet: Worksheet, values: dict[str, Any],
                outputs: dict[str, dict[str, Any]]) -> tuple[int, int]:
    """Parts done of the whole: the steps done where an output counts them (the project
    plan), otherwise the fields filled in."""
    for output in outputs.values():
        counted = output.get("progress")
        if counted:
            return int(counted[0]), int(counted[1])
    return completion(sheet, values)


def progress_text(done: int, total: int, started: bool) -> str:
    """ "Complete" only when every part is done; otherwise a rounded percentage."""
    if not started:
        return "Not started"
    if not total:  # started, but nothing to count yet (a plan with every step removed)
        return "Started"
    if done >= total:
        return "Complete"
    return f"{percent_done(done, total)} done"


def build_dashboard(
    schema: Schema,
    order: list[dict[str, str]],
    state: dict[str, dict[str, Any]],
    computed: dict[str, dict[str, dict[str, Any]]],
    computed_labels: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """The next step (the first part not complete, in the practice's order), one item
    per started worksheet (its progress and results, naming what needs attention, linked
    to its page), and the suggested path while nothing is entered yet."""
    items = []
    for place in order:
        worksheet_id = place["worksheet"]
        if not schema.has_worksheet(worksheet_id):
            continue
        sheet = schema.worksheet(worksheet_id)
        values = state.get(worksheet_id) or {}
        outputs = computed.get(worksheet_id) or {}
        filled, total = completion(sheet, values)
        done, whole = progress_of(sheet, values, outputs)
        labels = computed_labels.get(worksheet_id, {})
        results = [
            {"label": labels.get(output_id, output_id), "text": output.get("text", ""),
             "status": output.get("status", "ok"), "names": _names(output)}
            for output_id, output in outputs.items()
        ] if filled else []
        items.append({
            "worksheet": worksheet_id, "title": sheet.title, "page": place.get("page", ""),
            "page_title": place.get("page_title", ""), "filled": filled, "total": total,
            "complete": bool(filled) and whole > 0 and done >= whole,
            "progress": progress_text(done, whole, bool(filled)),
            "results": results,
        })
    started = [item for item in items if item["filled"]]
    upcoming = next((item for item in items if not item["complete"]), None)
    next_step = None
    if upcoming is not None:
        next_step = {key: upcoming[key] for key in (
            "worksheet", "title", "page", "page_title", "progress")}
        next_step["started"] = bool(upcoming["filled"])
    path, seen = [], set()
    for place in order:
        if place.get("page") not in seen and place.get("page"):  # the start page is here
            seen.add(place.get("page"))
            path.append({"page": place.get("page", ""), "title": place.get("page_title", "")})
    complete = sum(item["complete"] for item in items)
    if not started:
        summary = "No entries on this device yet."
    elif complete == len(items):
        summary = f"Every part is complete: all {len(items)} worksheets."
    else:
        summary = (f"You have started {len(started)} of {len(items)} worksheets; "
                   f"{complete} {'is' if complete == 1 else 'are'} complete.")
    return {
        "empty": not started,
        "summary": summary,
        "next": next_step,
        "items": started,
        "path": path,
    }
