"""Entries written into Markdown as plain text: no markup from what a person typed.

A report pasted into a wiki or an MkDocs site must not turn an entry into a heading, a
link, an image, a list or raw HTML. HTML's special characters become entities (no
Markdown renderer reads them as tags), and Markdown's punctuation is escaped with a
backslash where it could start markup, and only there: "(Tier 2)", "38.5" and "<10" stay
as typed, so the file reads cleanly as plain text.
"""

from __future__ import annotations

import re

from ..core.visible_text import visible

#: Escaped with a backslash wherever they are: emphasis, code, links and images (no link
#: or image starts without "["), attribute lists, and backslashes themselves.
_ANYWHERE = re.compile(r"([\\`*_\[\]{}])")
#: What starts a numbered list, a list, a rule, a heading, a quote or a setext heading at
#: a line's start.
_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+])(?=[\s\-+]|$)|^(#)|^=|^>",
                         re.MULTILINE)
#: HTML: a "<" that could open a tag, and an "&" that could start a character reference.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")
_REFERENCE = re.compile(r"&(?=#?\w+;)")


def _line_start(match: re.Match[str]) -> str:
    if match[1] is not None:
        return f"{match[1]}\\{match[2]}"
    if match[3] is not None:
        return f"\\{match[3]}"
    if match[4] is not None:
        return "\\#"
    return "&#61;" if match[0] == "=" else "&gt;"


#: Written as character references: table cells, strikethrough, definition lists, and
#: the parts of bare addresses that some renderers (GitHub's) turn into links.
_ENTITIES = {"|": "&#124;", "~": "&#126;", "@": "&#64;"}
_BARE_LINK = re.compile(r"(?i)(://|\bwww\.)")


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders exactly as the text. Lines keep their breaks
    (``\r`` too counts as one) but lose their indent (four spaces would start a code
    block). Hidden direction changes and invisible characters go first (see
    :mod:`browser_py.core.visible_text`)."""
    text = visible(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.lstrip() for line in text.split("\n"))
    text = _TAG_OPEN.sub("&lt;", _REFERENCE.sub("&amp;", text))
    text = _ANYWHERE.sub(r"\\\1", text)
    # After the backslashes: the references' own "#" must stay as it is.
    text = "".join(_ENTITIES.get(char, char) for char in text)
    text = _BARE_LINK.sub(lambda m: m[1].replace(":", "&#58;").replace(".", "&#46;"), text)
    text = re.sub(r"^:", "&#58;", text, flags=re.MULTILINE)  # a definition list's marker
    return _LINE_START.sub(_line_start, text)
