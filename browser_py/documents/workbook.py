"""Tables for spreadsheets: one set of rows behind a download's CSV and its Excel workbook.

Each :class:`Cell` holds the words the page and the CSV show (``text``) and the value a
spreadsheet stores for them (``value``, with a ``number_format`` that shows it as that
same text). So the CSV and the workbook of a download come from the same rows and
cannot disagree: a count is a number, a date is a date, a figure with its thousands
separators or its percent sign is a number shown that way, and anything else (a word,
"<10", "hidden", what a person typed) stays text. The workbook itself is written by
:mod:`browser_py.documents.xlsx_file`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from ..core.figures import MONTH_NAMES
from ..core.visible_text import visible

#: Number formats that show a value as the toolkit writes it.
ISO_DATE = "yyyy-mm-dd"  # files keep YYYY-MM-DD
LONG_DATE = "mmmm d, yyyy"  # December 1, 2026, as results write dates
TEXT = "General"

_FIGURE = re.compile(r"(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)", re.ASCII)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_LONG = re.compile(rf"({'|'.join(MONTH_NAMES)}) ([1-9]|[12]\d|3[01]), (\d{{4}})", re.ASCII)
#: Digits a spreadsheet keeps exactly; a longer figure (an identifier) stays text.
_MAX_DIGITS = 15


@dataclass(frozen=True)
class Cell:
    """One cell: its words as shown, and its value as a spreadsheet stores it (``None``
    for an empty cell)."""

    text: str
    value: str | int | float | date | None
    number_format: str = TEXT


def text(words: str) -> Cell:
    """Words that stay words, whatever they look like (a formula, a number)."""
    words = visible(words)
    return Cell(words, words or None)


def whole(number: int) -> Cell:
    """A whole number written without separators (a row number)."""
    return Cell(str(number), number, "0")


def day(value: date, written: str = ISO_DATE) -> Cell:
    """A date, shown as YYYY-MM-DD (as files write it) or as results write it."""
    shown = value.isoformat() if written == ISO_DATE else (
        f"{MONTH_NAMES[value.month - 1]} {value.day}, {value.year}")
    return Cell(shown, value, written)


def iso_day(saved: str) -> Cell:
    """A saved date (YYYY-MM-DD) as a date; any other text as text."""
    if _ISO.fullmatch(saved):
        try:
            return day(date.fromisoformat(saved))
        except ValueError:
            pass
    return text(saved)


def figure(shown: str) -> Cell:
    """A figure as a page or a file shows it: a number when it reads ``1240``, ``1,240``,
    ``2.25``, ``46.2%``; a date when it reads ``December 1, 2026`` or ``2026-12-01``;
    else text (``<10``, ``hidden``, ``not entered``, a typo, ``007``)."""
    shown = visible(shown)
    found = _FIGURE.fullmatch(shown)
    if found:
        sign, digits, decimals, percent = found.groups()
        plain = digits.replace(",", "")
        places = len(decimals or "")
        fraction = Fraction(int(plain + (decimals or "")), 10**places)
        kept = len(plain) <= _MAX_DIGITS - places and not (len(plain) > 1 and plain[0] == "0")
        if kept and not (sign and fraction == 0):
            fraction = -fraction if sign else fraction
            number_format = ("#,##0" if "," in digits else "0") + (
                "." + "0" * places if places else "") + percent
            if percent:
                return Cell(shown, float(fraction / 100), number_format)
            return Cell(shown, int(fraction) if not places else float(fraction),
                        number_format)
    if _ISO.fullmatch(shown):
        return iso_day(shown)
    long = _LONG.fullmatch(shown)
    if long:
        month, number, year = long.groups()
        try:
            return day(date(int(year), MONTH_NAMES.index(month) + 1, int(number)), LONG_DATE)
        except ValueError:
            pass
    return text(shown)


@dataclass
class Table:
    """A table: column headings, then rows of cells."""

    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def texts(self) -> list[list[str]]:
        """Every line as the CSV writes it: the headings, then each row's words."""
        return [list(self.columns), *([cell.text for cell in row] for row in self.rows)]


@dataclass
class Sheet:
    """One sheet of a workbook: its name, its table, and sentences under the table (what
    the page says with it: "so far", what is still missing, what was hidden)."""

    title: str
    table: Table
    notes: list[str] = field(default_factory=list)


@dataclass
class Workbook:
    """A workbook to download: its title (the worksheet's, and the version) and sheets,
    and the day it was made."""

    title: str
    sheets: list[Sheet]
    made: date


def output_table(columns: list[str], rows: list[list[str]], labels: int = 1) -> Table:
    """A result's table as the page draws it: its first ``labels`` columns as words, the
    rest as figures (see :func:`figure`)."""
    return Table(list(columns), [[text(cell) if number < labels else figure(cell)
                                  for number, cell in enumerate(row)] for row in rows])
