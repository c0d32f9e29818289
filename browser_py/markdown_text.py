"""Entries written into Markdown as plain text: no markup from what a person typed.

A report pasted into a wiki or an MkDocs site must not turn an entry into a heading, a
link, an image, a list or raw HTML. HTML's special characters become entities (no
Markdown renderer reads them as tags), and Markdown's punctuation is escaped with a
backslash where it could start markup.
"""

from __future__ import annotations

import re

#: Escaped with a backslash wherever they are: emphasis, code, links and images,
#: headings, and backslashes themselves.
_ANYWHERE = re.compile(r"([\\`*_\[\]{}()#!])")
#: What starts a numbered list, a list, a rule or a setext heading at a line's start.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+])|^=", re.MULTILINE)


def _line_start(match: re.Match[str]) -> str:
    if match[1] is not None:
        return f"{match[1]}\\{match[2]}"
    return f"\\{match[3]}" if match[3] is not None else "&#61;"


def escape_markdown(text: str) -> str:
    """``text`` as Markdown that renders exactly as the text. Lines keep their breaks but
    lose their indent (four spaces would start a code block)."""
    text = "\n".join(line.lstrip() for line in text.split("\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _ANYWHERE.sub(r"\\\1", text)
    return _LINE_START.sub(_line_start, text)
