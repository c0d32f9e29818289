"""A district's own student lists, read on this device to count students.

A person picks a screener export, a referral log or a roster; the page hands its bytes
to the worker, and this module keeps the file in the worker's memory for the visit
(``FILES``), never anywhere else. Only the column the person chose as the student
identifier (and any grouping columns they chose) is read past the header; columns whose
names look like names, birth dates or contact details cannot be chosen at all. What
leaves this module is counts of students, and the file's name, size and columns.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..core.errors import ToolkitError
from ..core.figures import count
from . import file_limits, workbook_rows

#: Rows looked at to guess the delimiter and whether the first row holds column names.
SAMPLE_ROWS = 50
#: Data rows looked at to tell whether a column holds categories (a school, a grade).
CATEGORY_SAMPLE_ROWS = 5_000
#: More distinct values than this in a grouping column: it is not a grouping of students
#: (names, dates, student numbers) and is never offered or shown.
MAX_GROUPS = 60
#: A grouping column's values are shared, on average, by at least this many students...
MIN_GROUP_SIZE = 3
#: ...and at most this share of its values belongs to one student only.
MAX_SINGLE_SHARE = 0.2
DELIMITERS = (",", ";", "\t")

#: Column names that suggest a student's identity beyond a number: never read.
PRIVATE_HEADER = re.compile(
    r"name|first|last|surname|given|middle|birth|dob|b[-_ ]?day|address|street|phone|"
    r"e-?mail|parent|guardian|contact|ssn|social|^\s*(student|pupil|learner|child)\s*$|"
    r"\bnom\b|pr[ée]nom|nombre|apellido", re.IGNORECASE)
#: Column names that suggest a student number: the first such column is suggested.
ID_HEADER = re.compile(
    r"\b(student|stu|local|state|sis|ss)[ _-]*(id|number|no|num|#)\b|^id$|^ssid$|"
    r"^student[ _-]*id", re.IGNORECASE)


@dataclass
class Column:
    """One column of a file: its position, its name, and whether it may be read."""

    index: int
    name: str
    private: bool  # looks like names, birth dates or contact details: never read
    #: Holds categories (few values, each shared by several students): may group them.
    categories: bool = False

    def describe(self) -> dict[str, object]:
        """The column as the page lists it."""
        return {"index": self.index, "name": self.name, "private": self.private,
                "categories": self.categories}


@dataclass
class DistrictFile:
    """A file held in memory for this visit."""

    file_id: str
    name: str
    size: int
    read_at: str  # when the person picked it, the page's local time (YYYY-MM-DDTHH:MM)
    text: str
    delimiter: str
    encoding: str
    header: bool
    columns: list[Column] = field(default_factory=list)
    rows: int = 0  # data rows (the header left out)
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets
    sheet: str = ""  # the sheet read
    #: Students by (identifier column, group column), kept so recounting is quick.
    counted: dict[tuple[int, int | None], dict[str, str]] = field(default_factory=dict)
    #: Student numbers read differently from how they were written (invisible or
    #: direction marks, full-width digits), by identifier column.
    normalised: dict[int, int] = field(default_factory=dict)
    unreadable: int = 0  # workbook cells whose value could not be read (left empty)

    @property
    def label(self) -> str:
        """The file as the page names it: “name” (size, read at time)."""
        return f"“{self.name}” ({size_text(self.size)}, read at {time_text(self.read_at)})"

    @property
    def about(self) -> str:
        """One sentence on what was read: size, rows, columns, and how it was read."""
        how = (f"sheet “{self.sheet}”" if self.sheets
               else f"{self.encoding}, {DELIMITER_NAMES[self.delimiter]}-separated")
        return (f"“{self.name}”: {size_text(self.size)}, {self.rows:,} rows, "
                f"{len(self.columns)} columns ({how}).")

    def describe(self) -> dict[str, object]:
        """What the page may show about the file: never its contents."""
        return {
            "file_id": self.file_id, "name": self.name, "size": self.size,
            "label": self.label, "about": self.about,
            "read_at": self.read_at, "rows": self.rows, "header": self.header,
            "encoding": self.encoding, "delimiter": DELIMITER_NAMES[self.delimiter],
            "columns": [column.describe() for column in self.columns],
            "suggested_id": suggested_id(self.columns),
            "sheets": list(self.sheets), "sheet": self.sheet,
        }


DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def size_text(size: int) -> str:
    """A file's size as people read it: bytes, KB or MB."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024):,} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def time_text(moment: str) -> str:
    """The clock time of a local ``YYYY-MM-DDTHH:MM`` moment, as "2:05 PM"; the text
    itself when it is not one."""
    try:
        hour, minute = int(moment[11:13]), int(moment[14:16])
    except (ValueError, TypeError):
        return str(moment)
    if not (0 <= hour < 24 and 0 <= minute < 60 and moment[13:14] == ":"):
        return str(moment)
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"

#: Rows between two reports of progress while a workbook is read.
PROGRESS_EVERY = 10_000
#: Told the rows read so far, as the page shows the number ("20,000"), while a workbook
#: is read: the worker sets it, to show the person that reading goes on (and offer to
#: stop it); None otherwise.
_progress: Callable[[str], None] | None = None


def set_progress(callback: Callable[[str], None] | None) -> None:
    """Have ``callback`` told the rows read, in words ("20,000"), every
    :data:`PROGRESS_EVERY` rows while a workbook is read (None: nobody is told)."""
    global _progress
    _progress = callback


#: Files read this visit, by id. Python's memory only: dropped when the page closes.
FILES: dict[str, DistrictFile] = {}


def decode(data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (with or without a byte
    order mark), else Windows-1252, the encoding Excel on Windows writes CSV in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the sample's lines most consistently into several
    columns (comma, semicolon or tab); comma when nothing splits them."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _looks_like_data(value: str) -> bool:
    text = value.strip()
    return bool(re.fullmatch(r"[-+]?[\d.,/: ]+|\d{4}-\d\d-\d\d([ T][\d:.]+)?", text)
                ) if text else False


def has_header(rows: list[list[str]], private: set[int] = frozenset()) -> bool:
    """Whether the first row names the columns: none of its cells is a number or a date,
    and some column holds numbers (or values with digits, under a title without any) in
    the rows below it, or, when nothing else tells, every one of its cells is a familiar
    column name. Columns in ``private`` are not looked at below the first row."""
    if not rows or not any(cell.strip() for cell in rows[0]):
        return False
    first = rows[0]
    if any(_looks_like_data(cell) for cell in first):
        return False
    below = rows[1:]
    for index in range(len(first)):
        if index in private:
            continue
        column = [row[index] for row in below if index < len(row) and row[index].strip()]
        if column and all(_looks_like_data(cell) for cell in column):
            return True
        # Every value below holds a digit and the title none ("Student ID" over "QX71").
        if (column and first[index].strip() and not _has_digit(first[index])
                and all(_has_digit(cell) for cell in column)):
            return True
    # When nothing else tells, only familiar column names make a header: a file without
    # one must never have a student's name or school taken for its column names.
    names = [cell.strip() for cell in first if cell.strip()]
    return all(PRIVATE_HEADER.search(name) or ID_HEADER.search(name)
               or COMMON_HEADER.search(name) for name in names)


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


#: Words column names of a student list hold that its values rarely do.
COMMON_HEADER = re.compile(
    r"\b(id|school|grade|group|campus|site|building|program|cohort|year|date|status|"
    r"referr\w*|screen\w*|score|level|tier|risk|type|code|number|no|gender|race|"
    r"ethnicity|ell|iep|504|homeroom|teacher|counselor|source|reason|outcome)\b",
    re.IGNORECASE)


def preamble(lines: list[str], delimiter: str) -> int:
    """How many lines above the table are notes or a title (fewer filled cells than half
    the table's width, or blank): they are not read as the header or as students."""
    return preamble_of([sum(1 for cell in row if cell.strip())
                        for row in csv.reader(lines, delimiter=delimiter)])


def preamble_of(widths: list[int]) -> int:
    """:func:`preamble` from each line's count of filled cells."""
    table = max(widths, default=0)
    if table < 2:
        return 0
    for at, filled in enumerate(widths):
        if filled * 2 > table:
            return at
    return 0


def kept_text(text: str, delimiter: str, skip: int, private: set[int]) -> tuple[str, int]:
    """The file's text as kept in memory: the lines above the table dropped and every
    cell of a ``private`` column emptied, with the rows that hold anything."""
    if '"' not in text:  # one row per line: split and join, quickest
        lines = text.splitlines()[skip:]
        if private:
            blank = sorted(private)
            last = blank[-1]
            for at, line in enumerate(lines):
                cells = line.split(delimiter)
                if len(cells) > last:
                    for i in blank:
                        cells[i] = ""
                else:
                    for i in blank:
                        if i < len(cells):
                            cells[i] = ""
                lines[at] = delimiter.join(cells)
        # Rows that hold anything (a line of delimiters only counts too: the count is
        # only shown, never used).
        return "\n".join(lines), len(lines) - lines.count("")
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    filled = 0
    rows = _rows(text, delimiter)
    for _ in range(skip):
        next(rows, None)
    for row in rows:
        for i in private:
            if i < len(row):
                row[i] = ""
        if any(cell.strip() for cell in row):
            filled += 1
        writer.writerow(row)
    return out.getvalue(), filled


def suggested_id(columns: list[Column]) -> int | None:
    """The column most likely to hold a student number, if one's name says so."""
    return next((c.index for c in columns if not c.private and ID_HEADER.search(c.name)),
                None)


def _rows(text: str, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def workbook_text(name: str, data: bytes, sheet: str = "") -> tuple[str, list[str], str, int]:
    """An Excel workbook's sheet (the first unless ``sheet`` names another) as CSV text,
    with the workbook's sheet names, the sheet read, and how many cells could not be read.

    The workbook must fit :mod:`browser_py.district_files.file_limits`. The columns whose
    first row (past any notes above the table) looks like names, birth dates or contact
    details are dropped as the sheet is read: their cells are never looked up or
    converted. Each row holds only the cells the file has, never padded to a declared
    size."""
    book = workbook_rows.open_workbook(name, data)
    try:
        names = list(book.sheetnames)
        if not names:
            raise ToolkitError(f"“{name}” has no sheet to read. Open it in Excel, check the "
                               "list is there, and save it again.")
        chosen = sheet if sheet in names else names[0]
        cells = workbook_rows.SheetCells(name, book, chosen)
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\n")
        rows = cells.rows()
        sample: list[dict[int, workbook_rows.Raw]] = []
        for row in rows:
            sample.append(row)
            if len(sample) >= SAMPLE_ROWS:
                break
        title_row = sample[preamble_of([len(row) for row in sample])] if sample else {}
        titles = {at: cells.text(raw).strip() for at, raw in title_row.items()}
        cells.skip = {at for at, title in titles.items()
                      if title and PRIVATE_HEADER.search(title) and not _looks_like_data(title)}
        written = 0

        def write(row: dict[int, workbook_rows.Raw]) -> None:
            nonlocal written
            kept = {at: raw for at, raw in row.items() if at not in cells.skip}
            if row is title_row:  # the column names stay, private ones included
                kept = row
            width = max(kept, default=-1) + 1
            written += width
            if written > file_limits.MAX_CELLS:
                raise file_limits.too_many_cells(name)
            line = [""] * width
            for at, raw in kept.items():
                line[at] = titles[at] if row is title_row else cells.text(raw)
            writer.writerow(line)

        for row in sample:
            write(row)
        for at, row in enumerate(rows, start=len(sample) + 1):
            write(row)
            if _progress is not None and at % PROGRESS_EVERY == 0:
                _progress(count(at))
        return out.getvalue(), names, chosen, cells.unreadable
    except ToolkitError:
        raise
    except Exception as error:  # noqa: BLE001 - damage in the sheet's XML, never quoted
        raise workbook_rows.read_error(name, error) from None
    finally:
        book.close()


def category_columns(text: str, delimiter: str, header: bool, width: int) -> set[int]:
    """The columns whose values, over the first :data:`CATEGORY_SAMPLE_ROWS` rows, look
    like categories a student belongs to (see :func:`looks_like_categories`)."""
    counts = [Counter() for _ in range(width)]
    rows = _rows(text, delimiter)
    if header:
        next(rows, None)
    for at, row in enumerate(rows):
        if at >= CATEGORY_SAMPLE_ROWS:
            break
        for index, cell in enumerate(row[:width]):
            value = cell.strip()
            if value and len(counts[index]) <= MAX_GROUPS:
                counts[index][value.casefold()] += 1
    return {index for index, found in enumerate(counts) if looks_like_categories(found.values())}


def looks_like_categories(sizes: Iterable[int]) -> bool:
    """Whether groups of these sizes (students or rows per value) look like categories:
    at most :data:`MAX_GROUPS` of them, each shared by :data:`MIN_GROUP_SIZE` students
    on average, and at most :data:`MAX_SINGLE_SHARE` of them held by one student only.
    A column of names, birth dates or student numbers has a value for almost each one."""
    sizes = list(sizes)
    if not sizes or len(sizes) > MAX_GROUPS:
        return False
    single = sum(1 for size in sizes if size == 1)
    return sum(sizes) >= MIN_GROUP_SIZE * len(sizes) and single <= MAX_SINGLE_SHARE * len(sizes)


def read_file(file_id: str, name: str, data: bytes, read_at: str,
              header: bool | None = None, sheet: str = "") -> DistrictFile:
    """Read a CSV export or an Excel workbook into memory (replacing any file of the
    same id) and describe its columns. ``header`` says whether the first row names the
    columns (None guesses); ``sheet`` names a workbook's sheet (the first otherwise).
    """
    if len(data) > file_limits.MAX_FILE_BYTES:
        raise ToolkitError(file_limits.too_large(name, len(data)))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ToolkitError(
            f"“{name}” is an older Excel file (.xls) or a password-protected workbook. Open "
            "it in Excel and save it as an Excel workbook (.xlsx) or as CSV, then pick it.")
    sheets: list[str] = []
    unreadable = 0
    if data[:4] == b"PK\x03\x04":
        text, sheets, sheet, unreadable = workbook_text(name, data, sheet)
        encoding, delimiter = "Excel workbook", ","
    else:
        text, encoding = decode(data)
        delimiter = ""
    if not sheets and "\x00" in text:
        raise ToolkitError(f"“{name}” is not a text file. Pick a CSV export of the list.")
    try:
        read = _read_text(file_id, name, len(data), read_at, text, delimiter, encoding,
                          header, sheets, sheet)
    except csv.Error:  # a field past the csv module's limit, or a line it cannot split
        raise file_limits.line_too_long(name) from None
    read.unreadable = unreadable
    FILES[file_id] = read
    return read


def _read_text(file_id: str, name: str, size: int, read_at: str, text: str,
               delimiter: str, encoding: str, header: bool | None, sheets: list[str],
               sheet: str) -> DistrictFile:
    lines = text[:200_000].splitlines()[:SAMPLE_ROWS]
    delimiter = delimiter or sniff_delimiter(lines)
    skip = preamble(lines, delimiter)
    rows = [row for row in csv.reader(lines[skip:], delimiter=delimiter) if row]
    if not rows:
        raise ToolkitError(f"“{name}” is empty. Pick the file with the list of students.")
    width = max(len(row) for row in rows)
    if width > file_limits.MAX_COLUMNS:
        raise file_limits.too_many_columns(name, width)
    first = [cell.strip() for cell in rows[0]] + [""] * (width - len(rows[0]))
    # Columns whose first row reads like names, birth dates or contact details are never
    # read, whether or not that row is taken as the column names.
    private = {i for i, title in enumerate(first) if title and PRIVATE_HEADER.search(title)
               and not _looks_like_data(title)}
    named = has_header(rows, private) if header is None else header
    text, total = kept_text(text, delimiter, skip, private)
    groups = category_columns(text, delimiter, named, width) - private
    columns = [Column(i, (first[i] if named and first[i] else f"Column {i + 1}"), i in private,
                      i in groups) for i in range(width)]
    return DistrictFile(file_id, name, size, read_at, text, delimiter, encoding, named,
                        columns, total - (1 if named else 0), sheets, sheet)


def forget(file_id: str) -> None:
    """Drop a file from memory (nothing else holds it)."""
    FILES.pop(file_id, None)


def _column(read: DistrictFile, index: object, what: str) -> Column:
    if not isinstance(index, int) or isinstance(index, bool) or not (
            0 <= index < len(read.columns)):
        raise ToolkitError(f"Choose the column of “{read.name}” that holds {what}.")
    column = read.columns[index]
    if column.private:
        raise ToolkitError(
            f"The column “{column.name}” of “{read.name}” looks like names, birth dates or "
            "contact details, which the toolkit never reads. Choose the column with the "
            "student number.")
    return column


def student_groups(read: DistrictFile, id_column: int,
                   group_column: int | None = None) -> dict[str, str]:
    """Each distinct student in the file (by the chosen identifier, compared as
    :func:`student_key` says) with their group from ``group_column`` ("" without
    one). Rows without an identifier are skipped; a student listed twice keeps their
    first group."""
    ident = _column(read, id_column, "the student number")
    group = _column(read, group_column, "the groups") if group_column is not None else None
    kept = read.counted.get((ident.index, group.index if group else None))
    if kept is not None:
        return kept
    found: dict[str, str] = {}
    shortened = normalised = 0
    rows = _rows(read.text, read.delimiter)
    if read.header:
        next(rows, None)
    try:
        for row in rows:
            if ident.index >= len(row):
                continue
            written = row[ident.index]
            key = student_key(written)
            if not key:
                continue
            if not written.isascii() and key != _plain_key(written):
                normalised += 1  # counted per row: each such spelling was read as plain
            if key in found:
                continue
            if "e+" in key and _SHORTENED.fullmatch(key):
                shortened += 1
            found[key] = (row[group.index].strip() if group and group.index < len(row)
                          else "")
    except csv.Error:
        raise file_limits.line_too_long(read.name) from None
    if shortened:
        raise ToolkitError(
            f"In “{read.name}”, {shortened:,} student numbers look like 1.23457E+11: Excel "
            "shortened them, so different students would read as one. In Excel, format the "
            f"column “{ident.name}” as Text (or export the list again), save, and pick the "
            "file again.")
    read.counted[(ident.index, group.index if group else None)] = found
    read.normalised[ident.index] = normalised
    return found


_SPREADSHEET_NUMBER = re.compile(r"0*(\d+?)\.0+")
_SHORTENED = re.compile(r"\d(\.\d+)?e\+\d+")


#: Characters that show nothing (zero-width spaces, direction marks, the byte order
#: mark, soft hyphens): Unicode's format characters, removed from student numbers.
_INVISIBLE = "Cf"


def _plain_key(value: str) -> str:
    """:func:`student_key` without the Unicode normalisation."""
    key = value.strip()
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or "0"
    number = _SPREADSHEET_NUMBER.fullmatch(key)
    return number.group(1) if number else key.casefold()


def student_key(value: str) -> str:
    """A student number as compared across files: in Unicode's NFKC form (full-width
    digits read as plain ones) with invisible and direction characters removed, trimmed,
    case ignored, and a number read the same with or without the leading zeros or ".0" a
    spreadsheet adds or drops ("00123", "123" and "123.0" are one student)."""
    key = value
    if not key.isascii():
        key = "".join(ch for ch in unicodedata.normalize("NFKC", key)
                      if unicodedata.category(ch) != _INVISIBLE)
    key = key.strip()
    if key.isascii() and key.isdigit():
        return key.lstrip("0") or "0"
    number = _SPREADSHEET_NUMBER.fullmatch(key)
    return number.group(1) if number else key.casefold()


def file_of(file_id: object) -> DistrictFile:
    """A file read this visit; a clear message when it is no longer in memory."""
    read = FILES.get(file_id) if isinstance(file_id, str) else None
    if read is None:
        raise ToolkitError("That file is no longer open (files are kept only while the "
                           "page is open). Pick it again.")
    return read
