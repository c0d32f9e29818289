"""A download as an Excel workbook (``.xlsx``), written by openpyxl.

Each sheet holds one table: its heading row bold and frozen, with a filter on it;
columns as wide as their words (long text wraps); numbers and dates stored as such,
with the number format that shows them as the page does; every text stored as text,
so that one typed as ``=1+1`` or ``@SUM(A1)`` is never a formula (and stays text when
edited: it carries Excel's quote prefix). Sentences the page says with a table ("so
far", what is missing, what was hidden) follow it, under an empty row. The file is the
same for the same rows on the same day.

openpyxl comes in the site's ``xlsx.zip``, which the worker loads only when a person asks
for such a file (or picks a workbook to count from): until then :func:`workbook_bytes`
raises :class:`NotLoaded`, and the worker loads the zip and asks again. The build runs
this module's :func:`workbook_bytes` in stock Pyodide to find the standard-library
modules that writing imports (``generator/workbook_reader.py``): so it imports nothing
from ``browser_py``, only the standard library and openpyxl (by name, at the moment it
writes, so that starting Python never loads them), and reads its tables by their
attributes (:class:`browser_py.documents.workbook.Workbook` and its parts).
"""

from __future__ import annotations

import importlib
import io
import re
from datetime import date, datetime
from typing import Any

#: The media type of an Excel workbook.
MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The zip on the site that holds openpyxl (the worker loads it on demand).
ARCHIVE = "xlsx.zip"
#: First characters that a spreadsheet would take for a formula when the cell is edited.
FORMULA_STARTS = ("=", "+", "-", "@")
#: Column widths, in characters: at least, and at most (longer text wraps).
NARROWEST, WIDEST = 8, 60
#: Headings longer than this wrap onto more lines rather than widen their column.
HEADING_WIDTH = 24
SHEET_TITLE_CHARS = 31  # Excel's limit
_NOT_IN_TITLES = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot hold (after the toolkit's own cleaning of people's text, only
# these could remain).
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class NotLoaded(Exception):
    """openpyxl is not on ``sys.path`` yet: the worker loads :data:`ARCHIVE` and asks
    again. The message is for a person, should the page ever show it."""

    archive = ARCHIVE

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"The part of the toolkit that writes Excel files is not loaded ({missing}). "
            "Your entries are saved: try again, or download the CSV instead.")


def _import(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        raise NotLoaded(error.name or name) from None


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet's name as Excel allows it: 31 characters at most, none of ``[]:*?/\\``,
    not empty, and not the name of another sheet of the workbook (compared as Excel
    does, ignoring case)."""
    base = " ".join(_NOT_IN_TITLES.sub(" ", _NOT_IN_XML.sub("", title)).split())
    base = base.strip("'")[:SHEET_TITLE_CHARS].rstrip() or "Sheet"
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[:SHEET_TITLE_CHARS - len(suffix)].rstrip() + suffix
    taken.add(name.casefold())
    return name


def _text(value: str) -> str:
    return _NOT_IN_XML.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))


def _width(words: str) -> int:
    return max((len(line) for line in words.split("\n")), default=0)


def workbook_bytes(book: Any) -> bytes:
    """The ``.xlsx`` file of ``book`` (a :class:`~browser_py.documents.workbook.Workbook`).

    Raises :class:`NotLoaded` when openpyxl cannot be imported."""
    openpyxl = _import("openpyxl")
    styles = _import("openpyxl.styles")
    utils = _import("openpyxl.utils")
    excel = _import("openpyxl.writer.excel")
    zipfile = _import("zipfile")
    bold = styles.Font(bold=True)
    heading = styles.Alignment(wrap_text=True, vertical="bottom")
    wrapped = styles.Alignment(wrap_text=True, vertical="top")
    top = styles.Alignment(vertical="top")

    made = openpyxl.Workbook()
    made.remove(made.active)
    taken: set[str] = set()
    for part in book.sheets:
        sheet = made.create_sheet(sheet_title(part.title, taken))
        table = part.table
        widths = [0] * len(table.columns)
        for column, words in enumerate(table.columns, start=1):
            cell = sheet.cell(row=1, column=column)
            cell.value = _text(words)
            cell.data_type = "s"
            cell.font, cell.alignment = bold, heading
            longest = max((len(word) for word in words.split()), default=0)
            widths[column - 1] = max(min(len(words), HEADING_WIDTH), longest)
        long_columns = set()
        for number, row in enumerate(table.rows, start=2):
            for column, item in enumerate(row, start=1):
                cell = sheet.cell(row=number, column=column)
                if item.value is None:
                    continue
                if isinstance(item.value, str):
                    cell.value = _text(item.value)
                    cell.data_type = "s"  # text, even when it reads like a formula
                    if item.value.startswith(FORMULA_STARTS):
                        cell.quotePrefix = True
                else:
                    cell.value = item.value
                cell.number_format = item.number_format
                width = _width(item.text)
                if width > WIDEST or "\n" in item.text:
                    long_columns.add(column)
                if column <= len(widths):
                    widths[column - 1] = max(widths[column - 1], min(width, WIDEST))
        for column in range(1, len(table.columns) + 1):
            letter = utils.get_column_letter(column)
            sheet.column_dimensions[letter].width = max(NARROWEST, widths[column - 1] + 2)
            for (cell,) in sheet.iter_rows(min_row=2, max_row=len(table.rows) + 1,
                                           min_col=column, max_col=column):
                cell.alignment = wrapped if column in long_columns else top
        sheet.freeze_panes = "A2"
        if table.columns:
            last = utils.get_column_letter(len(table.columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        for number, note in enumerate(part.notes, start=len(table.rows) + 3):
            cell = sheet.cell(row=number, column=1)
            cell.value = _text(note)
            cell.data_type = "s"
    if not made.worksheets:
        made.create_sheet("Sheet")
    stamp = datetime.combine(book.made, datetime.min.time())
    made.properties.title = _text(book.title)
    made.properties.creator = "Community Mental Health Partnerships Toolkit"
    made.properties.created = made.properties.modified = stamp
    buffer = io.BytesIO()
    with _archive(zipfile, buffer, book.made) as archive:
        excel.ExcelWriter(made, archive).write_data()
    return buffer.getvalue()


def _archive(zipfile: Any, buffer: io.BytesIO, day: date) -> Any:
    """A zip whose entries all carry ``day`` (not the moment of writing): the same rows
    on the same day give the same file."""
    when = (max(day.year, 1980), day.month, day.day, 0, 0, 0)

    class Archive(zipfile.ZipFile):
        def writestr(self, name: Any, data: Any, *args: Any, **kwargs: Any) -> None:
            if isinstance(name, str):
                name = zipfile.ZipInfo(name, date_time=when)
                name.compress_type = zipfile.ZIP_DEFLATED
            super().writestr(name, data, *args, **kwargs)

        def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
            # openpyxl writes each sheet to a temporary file first (in the browser, in
            # Python's memory), then adds it, and removes the file.
            with open(filename, "rb") as source:
                self.writestr(arcname or str(filename), source.read())

    return Archive(buffer, "w", zipfile.ZIP_DEFLATED)
