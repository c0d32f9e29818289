"""Which rows each ratings grid shows: one per row of its source table, as saved.

The page draws exactly these rows, with these labels and groups (see
:meth:`browser_py.core.model.RatingsField.rows_from`).
"""

from __future__ import annotations

from typing import Any

from browser_py.core.schema import Schema


def rating_rows(schema: Schema, worksheets: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """For each ratings source (``worksheet/table``), the rows its grids show, in order.
    ``worksheets`` is the restored, complete state."""
    result: dict[str, list[dict[str, str]]] = {}
    for sheet in schema.worksheets.values():
        for spec in sheet.ratings_fields():
            assert spec.source is not None
            key = f"{spec.source.worksheet}/{spec.source.table}"
            if key not in result:
                rows = worksheets.get(spec.source.worksheet, {}).get(spec.source.table, [])
                result[key] = spec.rows_from(rows)
    return result
