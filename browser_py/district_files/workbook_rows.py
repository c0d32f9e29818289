"""A workbook's sheet read row by row, within the limits of
:mod:`browser_py.district_files.file_limits`.

openpyxl opens the workbook (its list of sheets, shared strings and date formats), but
the sheet itself is read here, as it streams out of the zip: each row holds only the
cells the file has (a declared dimension such as ``A1:XFD20003`` never pads a row, and
missing rows are not made up), every finished piece of markup is let go at once, and
reading stops at the first limit crossed. Cells of the columns in :attr:`SheetCells.skip`
(names, birth dates, contact details) are dropped as they are read, before their value is
looked up or converted; a value that cannot be converted is left empty and counted, never
quoted.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from ..core.errors import ToolkitError
from . import file_limits, workbook_strings

#: A cell as read, before conversion: ("inline", text) or (type, style, raw value).
Raw = tuple[str, ...]


def _column_of(reference: str | None) -> int | None:
    """The 0-based column of a cell reference such as "AB12"; None when it has none."""
    if not reference:
        return None
    column = 0
    for char in reference:
        if "A" <= char <= "Z":
            column = column * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            column = column * 26 + ord(char) - 96
        else:
            break
    return column - 1 if column else None


#: The two names of a sheet's cells and rows (transitional and strict spreadsheetML).
_SPACES = ("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}",
           "{http://purl.oclc.org/ooxml/spreadsheetml/main}", "")
_CELLS = frozenset(f"{space}c" for space in _SPACES)
_ROWS = frozenset(f"{space}row" for space in _SPACES)


class SheetCells:
    """The cells of one sheet of an open workbook (openpyxl's read-only workbook)."""

    def __init__(self, name: str, book: Any, sheet: str) -> None:
        self.name = name
        self.book = book
        self.sheet = book[sheet]
        self.skip: set[int] = set()  # 0-based columns whose cells are dropped unread
        self.unreadable = 0  # cells whose value could not be converted (left empty)
        self._strings = getattr(self.sheet, "_shared_strings", [])
        self._dates = set(getattr(book, "_date_formats", ()) or ())
        self._durations = set(getattr(book, "_timedelta_formats", ()) or ())
        self._epoch = book.epoch
        functions = importlib.import_module("openpyxl.xml.functions")
        self._iterparse = functions.iterparse
        reader = importlib.import_module("openpyxl.worksheet._reader")
        self._cast_number = reader._cast_number
        self._from_excel = importlib.import_module("openpyxl.utils.datetime").from_excel

    def rows(self) -> Iterator[dict[int, Raw]]:
        """Each row of the sheet as {0-based column: raw cell}, only cells with a value,
        rows in the file's order (a row with no cell left is still given, empty)."""
        elements = cells = rows = 0
        stack: list[Any] = []
        in_cell = 0  # elements counted when the open cell started (0: no cell open)
        column = -1
        found: dict[int, Raw] = {}
        with self.sheet._get_source() as source:
            for event, element in self._iterparse(source, events=("start", "end")):
                if event == "start":
                    elements += 1
                    if elements > file_limits.MAX_SHEET_ELEMENTS or (
                            in_cell and elements - in_cell > file_limits.MAX_CELL_ELEMENTS):
                        raise file_limits.too_much_markup(self.name)
                    stack.append(element)
                    tag = element.tag
                    if tag in _CELLS:
                        in_cell = elements
                        cells += 1
                        if cells > file_limits.MAX_CELLS:
                            raise file_limits.too_many_cells(self.name)
                    elif tag in _ROWS:
                        rows += 1
                        if rows > file_limits.MAX_ROWS:
                            raise file_limits.too_many_rows(self.name)
                        column, found = -1, {}
                    continue
                stack.pop()
                tag = element.tag
                if tag in _CELLS:
                    in_cell = 0
                    at = _column_of(element.get("r"))
                    column = column + 1 if at is None else at
                    if column not in self.skip:
                        raw = self._raw(element)
                        if raw is not None:
                            if column >= file_limits.MAX_COLUMNS:
                                raise file_limits.too_many_columns(self.name, column + 1)
                            found[column] = raw
                elif tag in _ROWS:
                    yield found
                    found = {}
                elif in_cell:
                    continue  # a cell's value and text: read when the cell ends
                if stack:  # let the finished markup go: only open elements stay held
                    stack[-1].remove(element)

    def _raw(self, cell: Any) -> Raw | None:
        kind = cell.get("t", "n")
        space = cell.tag[:cell.tag.index("}") + 1] if cell.tag.startswith("{") else ""
        if kind == "inlineStr":
            inline = cell.find(f"{space}is")
            if inline is None:
                return None
            text = workbook_strings.text_of(inline)
            return ("inline", text) if text else None
        value = cell.findtext(f"{space}v")
        return (kind, cell.get("s") or "", value) if value else None

    def text(self, raw: Raw) -> str:
        """A cell's value as text, as openpyxl would give it; "" (counted in
        :attr:`unreadable`) when the file's value cannot be converted."""
        if raw[0] == "inline":
            return raw[1]
        kind, style, value = raw
        try:
            if kind == "s":
                return str(self._strings[int(value)])
            if kind == "n":
                number = self._cast_number(value)
                if style and int(style) in self._dates:
                    return str(self._from_excel(number, self._epoch,
                                                timedelta=int(style) in self._durations))
                return str(number)
            if kind == "b":
                return str(bool(int(value)))
        except (ValueError, IndexError, OverflowError, TypeError):
            self.unreadable += 1
            return ""
        return value


def open_workbook(name: str, data: bytes) -> Any:
    """The workbook opened read-only by openpyxl, once the zip's directory is within
    the limits; a message a person can act on otherwise."""
    io = importlib.import_module("io")
    zipfile = importlib.import_module("zipfile")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            file_limits.check_workbook(name, archive, len(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _unreadable(name, error) from None
    try:
        openpyxl = importlib.import_module("openpyxl")  # loaded only when a workbook is picked
        workbook_strings.speed_up()
    except ImportError as error:
        raise ToolkitError(f"The Excel reader could not be loaded ({error}). Save “{name}” "
                           "as CSV (in Excel: File, Save As, CSV UTF-8) and pick that.") from None
    # openpyxl reads each sheet's declared size on opening, the whole sheet when it
    # declares none; the toolkit never uses it (rows are never padded to it).
    read_only = importlib.import_module("openpyxl.worksheet._read_only")
    read_only.ReadOnlyWorksheet._get_size = _no_size
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ToolkitError:
        raise
    except Exception as error:  # noqa: BLE001 - any damage in the zip or its XML
        raise _unreadable(name, error) from None


def _no_size(sheet: Any) -> None:
    """Stands in for openpyxl's reading of a sheet's declared size: sizes stay unknown."""


def _unreadable(name: str, error: BaseException) -> ToolkitError:
    # The error's type only: its text may quote the file's contents.
    return ToolkitError(f"“{name}” could not be read as an Excel workbook "
                        f"({type(error).__name__}). Open it in Excel and save it again as "
                        ".xlsx or as CSV, then pick it.")


def read_error(name: str, error: BaseException) -> ToolkitError:
    """The message for a sheet that broke off while being read (never quoting it)."""
    return _unreadable(name, error)
