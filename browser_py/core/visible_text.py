"""People's text as it looks: no hidden direction changes, no invisible characters.

A typed entry can carry characters that show nothing yet change what is around them:
direction overrides and isolates (U+202A to U+202E, U+2066 to U+2069) can make "12"
read "21" or move a name to the other side of a sentence; zero-width characters
(U+200B to U+200F, U+2060, U+FEFF) make two entries that look alike differ; line and
paragraph separators (U+2028, U+2029) break a line where a file format sees none.

:func:`visible` removes every invisible format character (Unicode category Cf, which
holds all of the above but the separators), turns the separators and the other line
breaks of Unicode into ``"\\n"`` (each format then writes an ordinary line break its own
way: a new line, ``<br>``, ``\\n`` in a calendar, a space in a table cell), and drops
other control characters but tab, newline and carriage return. Letters of every script
stay as they are: Arabic and Hebrew read the same, in their own direction.

Every file made for download passes people's text through it (:func:`visible_data` on
the entries, then :func:`visible` again in each format's escaping); so do the views the
page draws and the words of an import's or a combine's preview. The JSON backup, and the
entries an import saves, keep exactly what was typed: they are the person's own data.
Joiners go too, so an emoji built with U+200D shows as its parts.
"""

from __future__ import annotations

import html
import re
from typing import TypeVar

#: Unicode's format characters (category Cf) as of Unicode 15.1; the tests check that
#: the running Python's own table holds none besides: direction marks, overrides and isolates,
#: zero-width spaces and joiners, word joiners, the byte order mark, interlinear
#: annotation marks, and the tag characters among them.
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f"
)
#: Line breaks other than "\n" and "\r": vertical tab, form feed, the information
#: separators, next line (U+0085), and the line and paragraph separators.
_BREAKS = "\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
#: Control characters with no place in text (tab, newline and carriage return stay).
_CONTROLS = "\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"

_BREAK = re.compile(f"[{_BREAKS}]")
_HIDDEN = re.compile(f"[{_FORMAT}{_CONTROLS}]+")
_ANY = re.compile(f"[{_FORMAT}{_BREAKS}{_CONTROLS}]")

Data = TypeVar("Data")


def visible(text: str) -> str:
    """``text`` without invisible format or control characters; Unicode's other line
    breaks (U+2028, U+2029, U+0085, ...) become ``"\\n"``. Text without any is returned
    as it is."""
    if _ANY.search(text) is None:
        return text
    return _HIDDEN.sub("", _BREAK.sub("\n", text))


def visible_data(value: Data, ids: frozenset[str] = frozenset({"row_id"})) -> Data:
    """``value`` (entries as JSON-like data: dicts, lists, strings, numbers) with every
    string passed through :func:`visible`. Keys, and values under the keys in ``ids``,
    are ids, never shown: they stay exactly as saved, so every reference to them holds."""
    if isinstance(value, str):
        return visible(value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: item if key in ids else visible_data(item, ids)  # type: ignore[return-value]
                for key, item in value.items()}
    if isinstance(value, list):
        return [visible_data(item, ids) for item in value]  # type: ignore[return-value]
    return value


def escape_html(text: str) -> str:
    """``text`` made visible (see :func:`visible`), then escaped for HTML or SVG."""
    return html.escape(visible(text))
