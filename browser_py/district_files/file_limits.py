"""The limits a district's own file must fit before the toolkit reads it.

A district file is untrusted input: a workbook of a few kilobytes can unpack into
gigabytes, declare sixteen thousand columns, or hide a line of a million characters.
Every limit lives here, each with the sentence that tells the person what was too large
and what to do, so that the page never stays "Reading…" and never runs out of memory.
The limits are generous for real exports: a 100,000-row list with twenty columns fits
every one of them with room to spare.

Limits on a workbook (``.xlsx``, a zip of XML parts) are checked from the zip's directory
before anything is unpacked; Python's zip reader stops at the size the directory declares,
so a part cannot unpack into more than was checked. Limits on cells, rows and columns are
checked as the sheet is read, and reading stops at the first one crossed.
"""

from __future__ import annotations

from typing import Any

from ..core.errors import ToolkitError

#: The largest file read (bytes): a 100,000-row export with twenty columns is about 20 MB.
MAX_FILE_BYTES = 60 * 1024 * 1024
#: The most a workbook's parts may unpack into, all together (bytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: The most a workbook's parts other than its sheets and shared strings (styles, theme,
#: properties: kilobytes in a real workbook) may unpack into, each (bytes).
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
#: How many times larger than the file its parts may unpack into, once they pass
#: :data:`RATIO_CHECKED_FROM`. Real workbooks unpack into 5 to 30 times their size;
#: a "zip bomb" into hundreds or thousands of times.
MAX_UNPACK_RATIO = 100
#: Below this unpacked size (bytes) the ratio is not checked: a tiny part may pack well.
RATIO_CHECKED_FROM = 4 * 1024 * 1024
#: The ways a part of a workbook may be packed: Excel and every spreadsheet program
#: write "deflate" (or store parts unpacked); others are not read.
COMPRESSION_METHODS = {0: "stored", 8: "deflate"}  # zipfile.ZIP_STORED, ZIP_DEFLATED
#: The most cells read from a sheet or a CSV file (a row counts up to its last filled
#: cell: empty cells after it are never read or padded).
MAX_CELLS = 3_000_000
#: The most rows read from a sheet, empty ones included (Excel's own limit).
MAX_ROWS = 1_048_576
#: The most columns a file may fill: a student list needs a few dozen.
MAX_COLUMNS = 500
#: The most pieces of markup (XML elements) read from a sheet: a cell takes two or three.
MAX_SHEET_ELEMENTS = 4 * MAX_CELLS + MAX_ROWS
#: The most pieces of markup inside one cell (a formatted text has a few per run).
MAX_CELL_ELEMENTS = 200
#: The most distinct texts in a workbook's shared-strings table.
MAX_SHARED_STRINGS = MAX_CELLS
#: The longest field a CSV line may hold (characters): the csv module's own limit.
MAX_FIELD_CHARS = 131_072

SAVE_AS_CSV = "save the sheet as CSV (in Excel: File, Save As, CSV UTF-8) and pick that"
KEEP_NEEDED = ("keep only the columns you need (the student number and any school, grade "
               "or group column)")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def too_large(name: str, size: int) -> str:
    """The message for a file over :data:`MAX_FILE_BYTES`."""
    return (f"“{name}” is {_mb(size)}; the toolkit reads files up to "
            f"{_mb(MAX_FILE_BYTES)}. Export only the columns you need (the student number "
            "and any grouping columns), then pick the smaller file.")


def check_workbook(name: str, archive: Any, packed_size: int) -> None:
    """Refuse a workbook whose parts are packed in an unusual way, or would unpack into
    more than the limits allow, before any part is unpacked. ``archive`` is the
    workbook opened with :class:`zipfile.ZipFile` (imported with the Excel reader)."""
    parts = archive.infolist()
    unusual = [part for part in parts if part.compress_type not in COMPRESSION_METHODS]
    if unusual:
        raise ToolkitError(
            f"“{name}” is packed in a way Excel does not write (method "
            f"{unusual[0].compress_type}; the toolkit reads only “deflate” and unpacked "
            f"parts), so it was not opened. Open it in Excel and {SAVE_AS_CSV}.")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ToolkitError(
            f"“{name}” would unpack into {_mb(unpacked)}; the toolkit reads workbooks that "
            f"unpack into up to {_mb(MAX_UNPACKED_BYTES)}, so it was not opened. Open it in "
            f"Excel, {KEEP_NEEDED}, and {SAVE_AS_CSV}.")
    if unpacked > RATIO_CHECKED_FROM and unpacked > MAX_UNPACK_RATIO * max(packed_size, 1):
        raise ToolkitError(
            f"“{name}” would unpack into {unpacked / max(packed_size, 1):,.0f} times its size "
            f"({_mb(unpacked)}); real workbooks unpack into at most {MAX_UNPACK_RATIO} times "
            "theirs, so it was not opened (it may be damaged or made to overload the "
            f"computer). Open it in Excel and {SAVE_AS_CSV}.")
    for part in parts:
        bulky = part.filename.startswith("xl/worksheets/") or part.filename.endswith(
            "sharedStrings.xml")
        if not bulky and part.file_size > MAX_OTHER_PART_BYTES:
            raise ToolkitError(
                f"“{name}” holds a part of {_mb(part.file_size)} besides its sheets "
                f"(“{part.filename}”; the toolkit reads up to {_mb(MAX_OTHER_PART_BYTES)} "
                f"of formatting and settings), so it was not opened. Open it in Excel and "
                f"{SAVE_AS_CSV}.")


def too_many_cells(name: str) -> ToolkitError:
    """The error for a sheet or file with more than :data:`MAX_CELLS` cells."""
    return ToolkitError(
        f"“{name}” has more than {MAX_CELLS:,} cells; the toolkit reads up to {MAX_CELLS:,}. "
        f"Remove unused columns and rows (or {KEEP_NEEDED}), save, and pick the file again.")


def too_many_rows(name: str) -> ToolkitError:
    """The error for a sheet with more than :data:`MAX_ROWS` rows."""
    return ToolkitError(
        f"“{name}” has more than {MAX_ROWS:,} rows, more than Excel itself holds. Open it "
        f"in Excel, delete the empty rows at the end, and {SAVE_AS_CSV}.")


def too_many_columns(name: str, width: int) -> ToolkitError:
    """The error for a file that fills more than :data:`MAX_COLUMNS` columns."""
    return ToolkitError(
        f"“{name}” fills {width:,} columns; the toolkit reads files with up to "
        f"{MAX_COLUMNS:,}. Remove unused columns (or {KEEP_NEEDED}), save, and pick the "
        "file again.")


def too_much_markup(name: str) -> ToolkitError:
    """The error for a sheet whose markup is far larger than its cells need."""
    return ToolkitError(
        f"“{name}” holds far more markup than its cells need (more than "
        f"{MAX_SHEET_ELEMENTS:,} pieces, or a cell of more than {MAX_CELL_ELEMENTS}), so "
        f"reading stopped. Open it in Excel and {SAVE_AS_CSV}.")


def line_too_long(name: str) -> ToolkitError:
    """The error for a CSV field longer than :data:`MAX_FIELD_CHARS` characters."""
    return ToolkitError(
        f"A line of “{name}” holds a cell of more than {MAX_FIELD_CHARS:,} characters "
        "(often a quotation mark left open, or a long note), so the file cannot be read as a "
        f"list of students. Open it in Excel, {KEEP_NEEDED}, save it as CSV, and pick it again.")
