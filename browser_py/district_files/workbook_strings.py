"""A workbook's text cells read faster than openpyxl reads them, with the same result.

openpyxl builds a formatting object for every string of a workbook (its shared-strings
table and any inline strings) only to join its text; counting from a district's list
needs the text alone. :func:`speed_up` swaps in :func:`string_table` and
:class:`InlineText`, which read the same text straight from the XML, for every workbook
read afterwards: reading with ``rich_text`` would then give plain text for inline strings
(the toolkit never asks for it). Files that break the format's rules (two texts in one
string) may read differently from openpyxl.
"""

from __future__ import annotations

import importlib
from typing import IO, Any

from ..core.errors import ToolkitError
from . import file_limits

# openpyxl and the XML modules come with the Excel reader, loaded only when a person picks
# a workbook: they are imported by name, so that the site's start-up never needs them.
Element = Any  # an ElementTree element

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TEXT, RUN, ITEM = f"{MAIN}t", f"{MAIN}r", f"{MAIN}si"


def text_of(node: Element) -> str:
    """A string's text without its formatting, as openpyxl's ``Text.content`` gives it:
    its own text, then each formatted run's (phonetic guides are left out)."""
    parts = []
    for child in node:
        if child.tag == TEXT:
            parts.append(child.text or "")
        elif child.tag == RUN:
            run = child.find(TEXT)
            if run is not None:
                parts.append(run.text or "")
    return "".join(parts)


def string_table(xml_source: IO[bytes]) -> list[str]:
    """Every string of a workbook's shared-strings table, as openpyxl's
    ``read_string_table`` reads them."""
    iterparse = importlib.import_module("openpyxl.xml.functions").iterparse
    strings: list[str] = []
    root, elements, item_from = None, 0, 0
    for event, node in iterparse(xml_source, events=("start", "end")):
        if event == "start":
            elements += 1
            root = node if root is None else root
            if node.tag == ITEM:
                item_from = elements
            elif item_from and elements - item_from > file_limits.MAX_CELL_ELEMENTS:
                raise _too_large()
            continue
        if node.tag == ITEM:
            strings.append(text_of(node).replace("x005F_", ""))
            if len(strings) > file_limits.MAX_SHARED_STRINGS:
                raise _too_large()
            item_from = 0
            root.remove(node)  # the text is kept; its markup is let go at once
    return strings


def _too_large() -> ToolkitError:
    return ToolkitError(
        f"The workbook holds more than {file_limits.MAX_SHARED_STRINGS:,} different texts, "
        f"or a text of more than {file_limits.MAX_CELL_ELEMENTS} formatted pieces, more than "
        f"a list of students holds. Open it in Excel and {file_limits.SAVE_AS_CSV}.")


class InlineText:
    """Stands in for openpyxl's ``Text`` where a sheet's reader reads an inline string."""

    __slots__ = ("content",)

    def __init__(self, content: str) -> None:
        self.content = content

    @classmethod
    def from_tree(cls, node: Element) -> InlineText:
        """The inline string's text, as ``Text.from_tree(node).content`` gives it."""
        return cls(text_of(node))


def speed_up() -> None:
    """Have openpyxl read workbooks' strings with this module (once it is importable)."""
    importlib.import_module("openpyxl.reader.excel").read_string_table = string_table
    importlib.import_module("openpyxl.worksheet._reader").Text = InlineText
