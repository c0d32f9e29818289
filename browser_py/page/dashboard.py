"""Where we stand: a summary of this device's entries for the start page."""

from __future__ import annotations

from typing import Any

from ..core.completion import Completion, listing
from ..core.figures import first_names
from ..core.schema import Schema

NAMES_SHOWN = 5  # names listed under a result on the start page; the rest are counted
MISSING_LABEL = "Still missing"


def _names(output: dict[str, Any]) -> list[str]:
    return first_names([str(name) for name in output.get("names") or []], NAMES_SHOWN)


def build_dashboard(
    schema: Schema,
    order: list[dict[str, str]],
    statuses: dict[str, Completion],
    computed: dict[str, dict[str, dict[str, Any]]],
    computed_labels: dict[str, dict[str, str]],
    steps: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The next step (the first part not complete, in the practice's order), one item
    per started worksheet (its status, what it still misses and its results, linked to
    its page), and the suggested path (``steps``: every page of the practice in the
    site's order) while nothing is entered yet. ``statuses`` is each worksheet's
    :func:`browser_py.core.completion.of`: the one rule for every status word."""
    items = []
    for place in order:
        worksheet_id = place["worksheet"]
        if not schema.has_worksheet(worksheet_id):
            continue
        sheet = schema.worksheet(worksheet_id)
        status = statuses[worksheet_id]
        outputs = computed.get(worksheet_id) or {}
        labels = computed_labels.get(worksheet_id, {})
        results = [
            {"label": labels.get(output_id, output_id), "text": output.get("text", ""),
             "status": output.get("status", "ok"), "names": _names(output)}
            for output_id, output in outputs.items()
        ] if status.started else []
        items.append({
            "worksheet": worksheet_id, "title": sheet.title, "page": place.get("page", ""),
            "page_title": place.get("page_title", ""), "started": status.started,
            "complete": status.complete, "progress": status.words,
            "missing": list(status.missing),
            # What is still missing, in one line, drawn under the title (the results
            # below it are the worksheet's own outputs, word for word).
            "missing_text": (f"{MISSING_LABEL}: {listing(status.missing)}"
                             if status.started and status.missing else ""),
            "results": results,
        })
    started = [item for item in items if item["started"]]
    upcoming = next((item for item in items if not item["complete"]), None)
    next_step = None
    if upcoming is not None:
        next_step = {key: upcoming[key] for key in (
            "worksheet", "title", "page", "page_title", "progress", "started")}
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
        "path": suggested_path(order, steps),
    }


def suggested_path(order: list[dict[str, str]],
                   steps: list[dict[str, str]] | None = None) -> list[dict[str, str]]:
    """Every step of the practice after the start page, in the site's order: the pages
    the build listed (``steps``: worksheet pages and the report alike), or, without
    them, the pages that hold worksheets."""
    path, seen = [], {""}  # the start page ("") is where the path is shown
    listed = steps if steps is not None else [
        {"page": place.get("page", ""), "title": place.get("page_title", "")}
        for place in order]
    for step in listed:
        page = step.get("page", "")
        if page not in seen:
            seen.add(page)
            path.append({"page": page, "title": step.get("title", "")})
    return path
