"""The calls the browser's worker makes: JSON text in, JSON text out.

The worker calls :func:`setup` once with the site's worksheet definitions, then
:func:`call` for each request from the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from . import __version__, computations, dashboard, exchange, reminders, report, tables_csv
from .errors import ToolkitError
from .schema import Schema

_definitions: dict[str, dict[str, Any]] = {}
_settings: dict[str, Any] = {}
_order: list[dict[str, str]] = []  # where each worksheet is placed, in the site's order
_schema: Schema | None = None

STATUS_WORDS = {
    "added": "will be added",
    "merged": "entries will be merged with yours, not replaced",
    "replaced": "will be replaced by the file's entries",
    "unchanged": "is the same in the file: no change",
    "kept": "is not in the file and stays as it is",
}


def setup(definitions_json: str) -> None:
    """Load the worksheet definitions that the site was built with."""
    global _schema
    loaded = json.loads(definitions_json)
    worksheets = loaded["worksheets"]
    _settings.clear()
    _settings.update(loaded.get("settings") or {})
    _order[:] = loaded.get("placements") or [{"worksheet": w["id"]} for w in worksheets]
    _definitions.clear()
    _definitions.update({sheet["id"]: sheet for sheet in worksheets})
    _schema = Schema.from_definitions(worksheets)


def schema() -> Schema:
    """The loaded schema (``setup`` must have run)."""
    if _schema is None:
        raise RuntimeError("browser_py.runtime.setup() has not been called")
    return _schema


def _context(state: dict[str, Any] | None, today: str | None) -> computations.Context:
    worksheets = (state or {}).get("worksheets") or {}
    if _schema is not None:
        # A field never edited shows its starting value (e.g. starter rows) in the page
        # but is not saved; computations reading other worksheets see what the page shows.
        worksheets = {
            **worksheets,
            **{ws: {**_schema.empty_values(ws), **(worksheets.get(ws) or {})}
               for ws in _schema.worksheet_ids},
        }
    context = computations.Context(state=worksheets, settings=dict(_settings))
    if today:
        context.today = date.fromisoformat(today[:10])
    return context


def compute(
    worksheet: str, values: dict[str, Any], state: dict[str, Any] | None = None,
    today: str | None = None,
) -> dict[str, Any]:
    """Run every computed output of one worksheet on its current values.

    ``state`` holds every worksheet's values (for outputs that read other worksheets);
    ``today`` is the browser's date as YYYY-MM-DD.
    """
    context = _context(state, today)
    return {
        output["id"]: computations.run(output["function"], values, context)
        for output in _definitions[worksheet]["computed"]
    }


def action(
    worksheet: str, action_id: str, values: dict[str, Any],
    state: dict[str, Any] | None = None, today: str | None = None,
) -> dict[str, str]:
    """Make the file that one of a worksheet's download buttons offers."""
    function = next(a["function"] for a in _definitions[worksheet]["actions"]
                    if a["id"] == action_id)
    return computations.run_action(function, values, _context(state, today))


def _computed_for(
    state: dict[str, dict[str, Any]], today: str | None = None
) -> dict[str, dict[str, Any]]:
    return {
        worksheet: {out: result["text"] for out, result in
                    compute(worksheet, values, {"worksheets": state}, today).items()}
        for worksheet, values in state.items()
        if worksheet in _definitions and _definitions[worksheet]["computed"]
    }


def _known(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in (state.get("worksheets") or {}).items() if k in _definitions}


def district_name(state: dict[str, Any]) -> str:
    """The district's name as entered on the start page, else the edition's ("" if none)."""
    district = (state.get("worksheets") or {}).get("district") or {}
    name = district.get("name") if isinstance(district, dict) else ""
    name = name.strip() if isinstance(name, str) else ""
    return name or str(_settings.get("district_name") or "")


def export(
    state: dict[str, Any], exported_at: str, district: str | None = None,
    today: str | None = None,
) -> dict[str, str]:
    """Build the export file's text from the saved state.

    The district's name comes from the state unless ``district`` is given; ``today`` is
    the browser's date, for computed texts that depend on it.
    """
    worksheets = _known(state)
    district = district_name(state) if district is None else district
    document = exchange.export_json(
        schema(), worksheets, toolkit_version=__version__, district=district,
        exported_at=exported_at, computed=_computed_for(worksheets, today),
    )
    return {"document": document}


def limits() -> dict[str, int]:
    """Limits the page checks before it reads a file."""
    return {"max_import_bytes": exchange.MAX_IMPORT_BYTES}


def too_large_message(size: int) -> dict[str, str]:
    """The message for a file over the import size limit."""
    megabytes = size / (1024 * 1024)
    return {
        "text": f"This file is {megabytes:.1f} MB; toolkit exports are far smaller (the "
        "limit is 1 MB). Choose a .json file saved with the toolkit's Export button."
    }


def preview_import(current: dict[str, Any], text: str) -> dict[str, Any]:
    """Validate a whole file and describe what importing it would change."""
    try:
        result = exchange.parse_import(schema(), text)
    except ToolkitError as error:
        return {"ok": False, "message": f"Nothing was imported. {error.message}"}
    current_state = _known(current)
    preview = exchange.preview_import(schema(), current_state, result)
    new_state = exchange.apply_import(current_state, result, schema())
    items = [
        {"id": item["id"], "status": item["status"],
         "text": f"{item['title']}: {STATUS_WORDS.get(item['status'], item['status'])}."
         + "".join(f" {merge_text(report)}" for report in item.get("merge", []))}
        for item in preview
    ]
    source = f" from {result.district}" if result.district else ""
    return {
        "ok": True,
        "title": f"This file{source} (exported {result.exported_at[:10]}) will change:",
        "preview": items,
        "state": {"worksheets": new_state},
        "done": "Imported. Your earlier entries can be restored with “Undo import”.",
    }


def merge_text(report: dict[str, Any]) -> str:
    """Say what merging one field will do, naming the entries."""
    parts = []
    if report["added"]:
        parts.append(f"{len(report['added'])} added ({'; '.join(report['added'])})")
    if report["updated"]:
        parts.append(f"{len(report['updated'])} replaced by the file's copy "
                     f"({'; '.join(report['updated'])})")
    if report["kept"]:
        parts.append(f"{len(report['kept'])} kept as they are here, because yours have a "
                     f"later date ({'; '.join(report['kept'])})")
    if report["unchanged"]:
        parts.append(f"{report['unchanged']} the same in both")
    return f"{report['label']}: {', '.join(parts) or 'nothing to merge'}."


def table_csv(worksheet: str, field: str, values: dict[str, Any]) -> dict[str, str]:
    """CSV text of one table of a worksheet, with a byte order mark so that
    spreadsheet programs read its accents and symbols correctly."""
    return {"csv": "\ufeff" + tables_csv.table_csv(schema(), worksheet, field, values)}


def export_status(meta: dict[str, Any], now: str) -> dict[str, Any]:
    """When entries were last exported, and whether to remind the person."""
    return reminders.export_status(meta, now)


def _everything(state: dict[str, Any], today: str | None) -> tuple[dict, dict]:
    worksheets = _known(state)
    computed = {
        worksheet: compute(worksheet, values, {"worksheets": worksheets}, today)
        for worksheet, values in worksheets.items()
        if _definitions[worksheet]["computed"]
    }
    labels = {
        worksheet: {output["id"]: output["label"] for output in sheet["computed"]}
        for worksheet, sheet in _definitions.items()
    }
    return computed, labels


def build_report(state: dict[str, Any], today: str) -> dict[str, Any]:
    """The full plan report: every worksheet's entries, in the site's order."""
    computed, labels = _everything(state, today)
    results_only = frozenset(ws for ws, sheet in _definitions.items()
                             if sheet.get("print") == "results")
    hidden = frozenset((ws, output["id"]) for ws, sheet in _definitions.items()
                       for output in sheet["computed"] if output.get("print") is False)
    # With each worksheet's starting values, so ratings can name criteria never edited.
    shown = _context(state, today).state
    return report.build_report(
        schema(), _order, shown, computed, district=district_name(state),
        today=today[:10], computed_labels=labels, results_only=results_only,
        hidden_outputs=hidden,
    )


def report_file(state: dict[str, Any], today: str, kind: str) -> dict[str, str]:
    """The report as a Markdown or standalone HTML file to download."""
    built = build_report(state, today)
    if kind == "markdown":
        return {"filename": f"partnership-plan-{today[:10]}.md",
                "media_type": "text/markdown", "text": report.report_markdown(built)}
    return {"filename": f"partnership-plan-{today[:10]}.html",
            "media_type": "text/html", "text": report.report_html(built)}


def build_dashboard(state: dict[str, Any], meta: dict[str, Any], now: str,
                    today: str) -> dict[str, Any]:
    """Where this device's entries stand, for the start page."""
    computed, labels = _everything(state, today)
    return dashboard.build_dashboard(
        schema(), _order, _known(state), computed, labels, reminders.export_status(meta, now))


METHODS: dict[str, Callable[..., Any]] = {
    "report": build_report,
    "report_file": report_file,
    "dashboard": build_dashboard,
    "compute": compute,
    "action": action,
    "export": export,
    "limits": limits,
    "too_large_message": too_large_message,
    "preview_import": preview_import,
    "table_csv": table_csv,
    "export_status": export_status,
}


def call(method: str, args_json: str) -> str:
    """Run ``method`` with keyword arguments from JSON; return its result as JSON."""
    return json.dumps(METHODS[method](**json.loads(args_json)), ensure_ascii=False)
