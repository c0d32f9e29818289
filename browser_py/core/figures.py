"""Reading numbers people type, and writing figures the way results show them.

Counts of students are read by :func:`browser_py.core.computations.parse_count`; this module
reads the amounts that may have decimals (full-time positions, percentages) and writes
every figure: whole numbers with thousands separators, shares as percentages, and
full-time positions to one decimal place. Arithmetic is exact (``Fraction``), so the
same entries give the same figures in CPython and in Pyodide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from .computations import parse_count

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine")


def parse_amount(raw: object, example: str = "2.5") -> Fraction | None:
    """Read a number of zero or more that may have decimals; ``None`` when empty.

    Raises ``ValueError`` with a plain message (naming ``example`` as a number to
    copy) when the text is not such a number.
    """
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"“{raw}” is not a number. Enter a number such as {example}.")
    value = Fraction(text)
    if value < 0:
        raise ValueError(f"{raw} is below zero. Enter zero or more.")
    return value


def parse_percent(raw: object) -> Fraction | None:
    """Read a percentage such as ``25`` or ``12.5%``; ``None`` when empty."""
    text = str(raw if raw is not None else "").strip()
    return parse_amount(text[:-1] if text.endswith("%") else text, "25")


def read_count(values: Mapping[str, Any], key: str, name: str, problems: list[str]) -> int | None:
    """Read the count of students ``values[key]``; on a bad entry add a message naming
    ``name``."""
    try:
        return parse_count(values.get(key))
    except ValueError as error:
        problems.append(f"{name}: {error}")
        return None


def read_whole(values: Mapping[str, Any], key: str, name: str, unit: str,
               problems: list[str]) -> int | None:
    """Read a whole number of ``unit`` (people, providers) from ``values[key]``; on a bad
    entry add a message naming ``name`` and saying what to enter."""
    raw = values.get(key)
    try:
        value = parse_amount(raw, "12")
    except ValueError as error:
        problems.append(f"{name}: {str(error).replace('zero or more.', f'zero or more {unit}.')}")
        return None
    if value is not None and value.denominator != 1:
        problems.append(f"{name}: {raw} is not a whole number. Enter a whole number of {unit}.")
        return None
    return None if value is None else int(value)


def round_half_up(value: Fraction, places: int = 0) -> Fraction:
    """Round a non-negative amount to ``places`` decimals, halves upward."""
    scale = 10**places
    return Fraction(int(value * scale + Fraction(1, 2)), scale)


def round_up(value: Fraction, places: int = 0) -> Fraction:
    """Round a non-negative amount up to ``places`` decimals."""
    scale = 10**places
    scaled = value * scale
    whole = int(scaled)
    return Fraction(whole + (1 if scaled > whole else 0), scale)


def count(number: int | Fraction) -> str:
    """A whole number with thousands separators: ``1,200``."""
    return f"{int(number):,}"


def amount(value: Fraction, places: int = 1) -> str:
    """An amount to at most ``places`` decimals, without trailing zeros: ``3.4``, ``3``."""
    rounded = round_half_up(value, places)
    whole = int(rounded)
    if rounded == whole:
        return f"{whole:,}"
    digits = f"{int(rounded * 10**places) % 10**places:0{places}d}".rstrip("0")
    return f"{whole:,}.{digits}"


def typed_number(raw: object) -> str:
    """A number as entered (typed, or counted from a district file) written the way
    results write numbers: thousands separators, every decimal given kept (``1150`` and
    ``1,150`` both read ``1,150``; ``2.25`` stays ``2.25``). Text that is not a number
    of zero or more (``<10``, ``hidden``, a typo) stays as it is."""
    text = str(raw if raw is not None else "").strip()
    try:
        value = parse_amount(text)
    except ValueError:
        return text
    if value is None:
        return ""
    places = len(text.partition(".")[2])
    return amount(value, places) if places else count(value)


def iso_or_long_date(raw: object) -> str:
    """A saved date (YYYY-MM-DD) as people read it (:func:`long_date`); other text as it
    is."""
    text = str(raw if raw is not None else "").strip()
    if len(text) != 10 or not text[:4].isdigit():
        return text
    try:
        return long_date(date.fromisoformat(text))
    except ValueError:
        return text


def percent(part: int | Fraction, whole: int | Fraction) -> str:
    """``part`` as a percentage of ``whole`` to one decimal place: ``46.2%``.

    A share above zero that rounds to nothing shows as ``less than 0.1%``.
    """
    share = Fraction(part) * 100 / Fraction(whole)
    if 0 < share < Fraction(1, 20):
        return "less than 0.1%"
    return f"{amount(share)}%"


def first_names(names: list[str], shown: int, more: str = "more") -> list[str]:
    """At most ``shown`` lines of ``names``: when there are more, the last line counts
    the rest ("and 3 more")."""
    if len(names) <= shown:
        return list(names)
    return [*names[:shown - 1], f"and {len(names) - shown + 1} {more}"]


def percent_done(done: int, total: int) -> str:
    """A whole percentage of work done, rounded (1 of 6 is 17%), but 100% only when all
    is done and 0% only when nothing is (199 of 200 is 99%); "—" when there is nothing."""
    if not total:
        return "—"
    rounded = (done * 200 + total) // (total * 2)
    return f"{min(max(rounded, 1 if done else 0), 99 if done < total else 100)}%"


def people(number: int, singular: str, plural: str | None = None) -> str:
    """``1 student``, ``2 students``, ``1,200 students``."""
    return f"{count(number)} {singular if number == 1 else (plural or singular + 's')}"


def in_words(number: int) -> str:
    """Small whole numbers in words, as in a sentence: ``one``, ``nine``, ``12``."""
    return _NUMBER_WORDS[number] if 0 <= number < len(_NUMBER_WORDS) else count(number)


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date, weekday: bool = False) -> str:
    """A date as the toolkit writes every date people read: ``December 1, 2026``, or
    ``Tuesday, December 1, 2026`` with ``weekday`` (files keep YYYY-MM-DD)."""
    text = f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"
    return f"{WEEKDAY_NAMES[day.weekday()]}, {text}" if weekday else text


def listing(items: list[str], joiner: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def moment_text(iso: str, offset_minutes: int = 0) -> str:
    """A moment as people read it, in the browser's time zone: ``December 7, 2026, 4:50
    PM`` from an ISO time in UTC and ``Date.getTimezoneOffset()`` (minutes behind UTC);
    "" when ``iso`` is not a time."""
    from datetime import datetime, timedelta

    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return ""
    local = moment - timedelta(minutes=offset_minutes)
    hour = f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"
    return f"{long_date(local.date())}, {hour}"
