"""Calendar files in iCalendar format (RFC 5545): all-day events and a repeating series.

The text has CRLF line ends, content lines folded at 75 octets (never inside a UTF-8
character), a UID and DTSTAMP on every event, and TEXT values escaped. All-day events
are DATE values: the event ends (exclusively) the day after it starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..core.visible_text import visible

CRLF = "\r\n"
#: Longest content line, in octets, before it is folded.
MAX_LINE_OCTETS = 75
PRODUCT = "-//Community Mental Health Partnerships Toolkit//Project plan//EN"

#: Weekday ids as ``date.weekday()`` numbers them (0 is Monday).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: The repeat frequencies a person may choose.
FREQUENCIES = ("weekly", "every-two-weeks", "monthly")


def escape_text(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks.

    Other control characters are not allowed in TEXT (RFC 5545 3.3.11) and are dropped,
    as are hidden direction changes and invisible characters (see
    :mod:`browser_py.core.visible_text`); U+2028 and U+2029 become line breaks.
    """
    text = visible(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\n", "\\n")
    return "".join(ch for ch in text if ch == "\t" or (ch >= " " and ch != "\x7f"))


def fold(line: str) -> str:
    """Fold one content line so that no physical line exceeds 75 octets.

    Continuation lines start with a space, which counts towards their 75 octets; a
    multi-octet UTF-8 character is never split. Returns the lines joined by CRLF,
    without a final CRLF.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, MAX_LINE_OCTETS - 1
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def first_on_or_after(start: date, weekday: int) -> date:
    """The first date on or after ``start`` that falls on ``weekday`` (0 is Monday)."""
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def week_of_month(day: date) -> int:
    """Which of its weekday ``day`` is in its month: 1 to 4, or -1 for a fifth (last)."""
    position = (day.day - 1) // 7 + 1
    return -1 if position == 5 else position


@dataclass(frozen=True)
class Recurrence:
    """A series on one weekday: every week, every two weeks, or once a month.

    ``first`` is the first occurrence and falls on the series' weekday; a monthly series
    keeps the week of the month of ``first`` (the second Tuesday, or the last one).
    ``until`` (optional) is the last day an occurrence may fall on.
    """

    frequency: str
    first: date
    until: date | None = None

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"unknown frequency {self.frequency!r}")

    @property
    def weekday(self) -> int:
        return self.first.weekday()

    def rule(self) -> str:
        """The RRULE value, e.g. ``FREQ=WEEKLY;INTERVAL=2;BYDAY=TU``."""
        day = _BYDAY[self.weekday]
        if self.frequency == "weekly":
            parts = ["FREQ=WEEKLY", f"BYDAY={day}"]
        elif self.frequency == "every-two-weeks":
            parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={day}"]
        else:
            parts = ["FREQ=MONTHLY", f"BYDAY={week_of_month(self.first)}{day}"]
        if self.until is not None:
            parts.append(f"UNTIL={_date(self.until)}")
        return ";".join(parts)


@dataclass(frozen=True)
class Event:
    """One all-day event, or the first of a series when ``recurrence`` is given."""

    uid: str
    day: date
    summary: str
    description: str = ""
    recurrence: Recurrence | None = None


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the DTSTAMP moment needs a time zone")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_lines(event: Event, stamp: datetime) -> list[str]:
    """The content lines of one VEVENT (unfolded)."""
    lines = [
        "BEGIN:VEVENT",
        f"UID:{escape_text(event.uid)}",
        f"DTSTAMP:{_stamp(stamp)}",
        f"DTSTART;VALUE=DATE:{_date(event.day)}",
        f"DTEND;VALUE=DATE:{_date(event.day + timedelta(days=1))}",
    ]
    if event.recurrence is not None:
        lines.append(f"RRULE:{event.recurrence.rule()}")
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    if event.description:
        lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    return lines


def calendar_text(events: Iterable[Event], stamp: datetime, name: str = "") -> str:
    """A whole calendar file: every event, CRLF line ends, folded lines.

    ``stamp`` is the moment the file is made (DTSTAMP of every event); ``name`` is the
    calendar's display name, which Google Calendar and Outlook show on import.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if name:
        lines.append(f"X-WR-CALNAME:{escape_text(name)}")
    for event in events:
        lines += event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
