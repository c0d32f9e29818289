"""Names of the files the toolkit saves, and the words for what a file is.

A lead with six returned parts and a backup must tell them apart in a downloads folder:

- a backup: ``Lakeside Unified - backup - 2026-12-07.json``;
- a part handed out: ``Lakeside Unified - Estimate student need - for Marco Bellini -
  2026-12-07.json``;
- a part sent back: ``Lakeside Unified - Estimate student need - from Marco Bellini -
  2026-12-07.json`` (``- sent back -`` when its sender set no name);
- a worksheet's document: ``Lakeside Unified - Project plan - 2026-12-07.xlsx`` (``-
  shareable -`` before the date for the version with small counts hidden).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .figures import listing, long_date

#: Longest file name written, in characters, before its date and extension (most systems
#: allow 255 bytes).
MAX_NAME_CHARS = 150
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


def _clean(text: str) -> str:
    """Text safe in a file name on Windows, macOS and Linux: no path or reserved
    characters, no control or invisible characters, single spaces."""
    kept = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return " ".join(_UNSAFE.sub(" ", kept).split()).strip(" .")


def part_name(titles: list[str]) -> str:
    """The worksheets of a part, as a file name says them."""
    if len(titles) <= 2:
        return listing(titles)
    return f"{titles[0]} and {len(titles) - 1} more worksheets"


def export_filename(district: str, kind: str, day: str, titles: list[str] | None = None,
                    person: str = "") -> str:
    """The name of an export: a backup, a ``part`` handed out for ``person``, or a part
    ``returned`` from ``person`` (see the module's docstring)."""
    parts = [_clean(district) or "Toolkit"]
    if kind == "backup":
        parts.append("backup")
    else:
        parts.append(_clean(part_name(titles or [])) or "part")
        if _clean(person):
            parts.append(f"{'from' if kind == 'returned' else 'for'} {_clean(person)}")
        elif kind == "returned":
            parts.append("sent back")
    return _name(parts, day, "json")


def document_filename(district: str, title: str, day: str, extension: str,
                      shareable: bool = False) -> str:
    """The name of a worksheet's document: ``Lakeside Unified - Project plan -
    2026-12-07.xlsx``, with ``- shareable -`` before the date for the version whose small
    counts are hidden."""
    parts = [_clean(district) or "Toolkit", _clean(title) or "worksheet"]
    if shareable:
        parts.append("shareable")
    return _name(parts, day, extension)


def _name(parts: list[str], day: str, extension: str) -> str:
    stem = " - ".join(parts)
    if len(stem) > MAX_NAME_CHARS:
        stem = stem[:MAX_NAME_CHARS - 1].rstrip() + "…"
    return f"{stem} - {_clean(day[:10]) or 'undated'}.{extension}"


def _day(exported_at: str) -> str:
    try:
        return long_date(date.fromisoformat(exported_at[:10]))
    except ValueError:
        return "an unknown date"


def kind_text(kind: str, by: str, recipient: str, exported_at: str, mine: bool) -> str:
    """What a file is, in words: whose backup or part, for or from whom, and when."""
    when = f"exported {_day(exported_at)}"
    if mine:
        what = "a backup" if kind == "backup" else "a part"
        return f"{what} exported from this browser, {when}"
    who = by or "someone with no name set"
    if kind == "backup":
        return f"a backup of another device's entries, by {who}, {when}"
    if kind == "part":
        return f"a part handed out by {who}{f' for {recipient}' if recipient else ''}, {when}"
    if kind == "returned":
        return f"a part sent back by {who}{f' to {recipient}' if recipient else ''}, {when}"
    return f"a toolkit file{f' from {by}' if by else ''}, {when}"
