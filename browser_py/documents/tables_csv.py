"""One worksheet table as CSV, for opening in a spreadsheet (and as the rows of its
Excel workbook)."""

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
from browser_py.documents import workbook
from browser_py.documents.workbook import Cell, Table

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


def table_cells(schema: Schema, worksheet_id: str, field_id: str, values: dict[str, Any],
                shared: Mapping[tuple[str, str, str], str] | None = None) -> Table:
    """Return the table ``field_id`` of a worksheet as the CSV and the workbook show it.

    ``values`` are the worksheet's values; they are checked first (see
    :func:`browser_py.core.schema.normalise_values`). The headings are the column labels;
    a fixed-rows table starts each line with its row label, under the table's
    ``row_header``. Choices and ratings appear as their labels, several choices joined
    with ``"; "``, tick boxes as Yes or No, dates as dates and numbers as numbers when
    they read as one (see :mod:`browser_py.documents.workbook`). With ``shared`` (cells
    by table, row id and column, as they may leave the device), every number cell shows
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

    def cell(column: Field, row_id: str, value: Any) -> Cell:
        if column.type == "number":
            if shared is not None:
                return workbook.figure(shared.get((field_id, row_id, column.id), ""))
            return workbook.figure(str(value))
        if column.type == "date":
            return workbook.iso_day(str(value))
        return workbook.text(cell_text(column, value))

    labels = [column.label for column in spec.columns]
    if spec.add_rows:
        return Table(labels, [[cell(c, row["row_id"], row[c.id]) for c in spec.columns]
                              for row in table])
    return Table([spec.row_header, *labels], [
        [workbook.text(row.label), *(cell(c, row.id, table[row.id][c.id]) for c in spec.columns)]
        for row in spec.rows])


def csv_text(table: Table) -> str:
    """A table as CSV text (RFC 4180, CRLF line ends), every cell made safe to open in a
    spreadsheet (see :func:`safe_cell`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for line in table.texts():
        writer.writerow([safe_cell(text) for text in line])
    return buffer.getvalue()


def table_csv(schema: Schema, worksheet_id: str, field_id: str, values: dict[str, Any],
              shared: Mapping[tuple[str, str, str], str] | None = None) -> str:
    """Return the table ``field_id`` of a worksheet as CSV text (see :func:`table_cells`
    and :func:`csv_text`)."""
    return csv_text(table_cells(schema, worksheet_id, field_id, values, shared))
