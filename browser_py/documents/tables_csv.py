"""One worksheet table as CSV, for opening in a spreadsheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from browser_py.core.errors import ToolkitError
from browser_py.core.model import Field
from browser_py.core.schema import Schema, normalise_values
from browser_py.core.visible_text import visible

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)


def safe_cell(text: str) -> str:
    """Stop a spreadsheet from running a cell as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading apostrophe, unless it is a plain number such as ``-3``. Hidden
    direction changes and invisible characters go first (see
    :mod:`browser_py.core.visible_text`).
    """
    text = visible(text)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_text(column: Field, value: Any) -> str:
    """Show one normalised cell value as a person reads it (labels, Yes/No)."""
    if column.type == "checkbox":
        return "Yes" if value else "No"
    if column.type == "choice" and column.multiple:
        return "; ".join(column.option_label(option_id) for option_id in value)
    if column.type in ("choice", "rating"):
        return column.option_label(value) if value else ""
    return str(value)


def table_csv(schema: Schema, worksheet_id: str, field_id: str, values: dict[str, Any],
              shared: Mapping[tuple[str, str, str], str] | None = None) -> str:
    """Return the table ``field_id`` of a worksheet as CSV text (RFC 4180, CRLF line ends).

    ``values`` are the worksheet's values; they are checked first (see
    :func:`browser_py.core.schema.normalise_values`). The first line holds the column
    labels; a fixed-rows table starts each line with its row label, under the
    table's ``row_header``. Choices and ratings appear as their labels, several
    choices joined with ``"; "``, tick boxes as Yes or No. With ``shared`` (cells by
    table, row id and column, as they may leave the device), every number cell shows
    its shared text, or nothing when it has none.
    """
    sheet = schema.worksheet(worksheet_id)
    spec = sheet.field(field_id)
    if spec is None or spec.type != "table":
        raise ToolkitError(
            f'The worksheet "{sheet.title}" has no table called "{field_id}".',
            [worksheet_id, str(field_id)],
        )
    table = normalise_values(schema, worksheet_id, values)[field_id]

    def text(column: Field, row_id: str, value: Any) -> str:
        if shared is not None and column.type == "number":
            return shared.get((field_id, row_id, column.id), "")
        return cell_text(column, value)

    lines: list[list[str]] = []
    labels = [column.label for column in spec.columns]
    if spec.add_rows:
        lines.append(labels)
        for row in table:
            lines.append([text(c, row["row_id"], row[c.id]) for c in spec.columns])
    else:
        lines.append([spec.row_header, *labels])
        for row in spec.rows:
            cells = table[row.id]
            lines.append([row.label, *(text(c, row.id, cells[c.id]) for c in spec.columns)])
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in lines:
        writer.writerow([safe_cell(text) for text in line])
    return buffer.getvalue()
