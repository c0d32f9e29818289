"""The calls the browser's worker makes: JSON text in, JSON text out.

The worker calls :func:`setup` once with the site's worksheet definitions, then
:func:`call` for each request from the page.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from . import __version__, computations, exchange, reminders, tables_csv
from .errors import ToolkitError
from .schema import Schema

_definitions: dict[str, dict[str, Any]] = {}
_schema: Schema | None = None

STATUS_WORDS = {
    "added": "will be added",
    "replaced": "will be replaced by the file's entries",
    "unchanged": "is the same in the file: no change",
    "kept": "is not in the file and stays as it is",
}


def setup(definitions_json: str) -> None:
    """Load the worksheet definitions that the site was built with."""
    global _schema
    worksheets = json.loads(definitions_json)["worksheets"]
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
    context = computations.Context(state=worksheets)
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


def _computed_for(state: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        worksheet: {out: result["text"] for out, result in
                    compute(worksheet, values, {"worksheets": state}).items()}
        for worksheet, values in state.items()
        if worksheet in _definitions and _definitions[worksheet]["computed"]
    }


def _known(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in (state.get("worksheets") or {}).items() if k in _definitions}


def district_name(state: dict[str, Any]) -> str:
    """The district's name as entered on the start page ("" when not entered)."""
    district = (state.get("worksheets") or {}).get("district") or {}
    name = district.get("name") if isinstance(district, dict) else ""
    return name.strip() if isinstance(name, str) else ""


def export(state: dict[str, Any], exported_at: str, district: str | None = None) -> dict[str, str]:
    """Build the export file's text from the saved state.

    The district's name comes from the state unless ``district`` is given.
    """
    worksheets = _known(state)
    district = district_name(state) if district is None else district
    document = exchange.export_json(
        schema(), worksheets, toolkit_version=__version__, district=district,
        exported_at=exported_at, computed=_computed_for(worksheets),
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
    new_state = exchange.apply_import(current_state, result)
    items = [
        {"id": item["id"], "status": item["status"],
         "text": f"{item['title']}: {STATUS_WORDS.get(item['status'], item['status'])}."}
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


def table_csv(worksheet: str, field: str, values: dict[str, Any]) -> dict[str, str]:
    """CSV text of one table of a worksheet, with a byte order mark so that
    spreadsheet programs read its accents and symbols correctly."""
    return {"csv": "\ufeff" + tables_csv.table_csv(schema(), worksheet, field, values)}


def export_status(meta: dict[str, Any], now: str) -> dict[str, Any]:
    """When entries were last exported, and whether to remind the person."""
    return reminders.export_status(meta, now)


METHODS: dict[str, Callable[..., Any]] = {
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
