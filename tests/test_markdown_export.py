"""The Markdown report copies no markup from the entries: rendered with Python-Markdown,
a hostile file gives only the elements the report itself writes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from browser_py.documents.markdown_text import escape_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[click here](https://evil.example/steal)",
    "![tracker](https://evil.example/pixel.png)",
    "<https://evil.example/auto>",
    "# Forged heading",
    "Forged setext\n===",
    "Another\n---",
    "1. forged list\n- another\n+ third",
    "> forged quote",
    "`code` and **bold** and _em_ and <b>raw</b>",
    "a | b | c\n---|---|---\n1 | 2 | 3",
    "&lt;script&gt; and &amp; and \\<b\\>",
    '<a href="javascript:alert(3)">x</a>',
    "    four spaces",
    "[ref]: https://evil.example",
    "Plan\r===\rnext",
    "x\r- item\r+ more",
    "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "Term\n: definition",
    "~~struck~~",
    "https://evil.example/login www.evil.example someone@evil.example",
]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data) -> None:
        self.text.append(data)


def render(text: str) -> Tags:
    parsed = Tags()
    parsed.feed(markdown.markdown(text, extensions=["tables", "def_list"]))
    return parsed


@pytest.mark.parametrize("text", HOSTILE)
def test_an_entry_renders_as_its_own_text(text: str) -> None:
    parsed = render(escape_markdown(text))
    assert set(parsed.tags) <= {"p"}, parsed.tags
    assert parsed.attrs == []
    shown = " ".join(" ".join(parsed.text).split())
    assert shown == " ".join(text.replace("\r", "\n").split())


def hostile_state() -> dict:
    text = "\n".join(HOSTILE)
    return {"worksheets": {
        "district": {"name": "<script>alert('district')</script> # [x](https://evil.example)"},
        "working-group": {"members": [
            {"row_id": "m1", "position": HOSTILE[0], "name": HOSTILE[2]},
            {"row_id": "m2", "position": "# Forged", "name": "![i](https://evil.example/i)"},
        ]},
        "goal": {"goal": text, "success": HOSTILE[3]},
    }}


def test_the_report_of_a_hostile_file_holds_only_the_reports_own_elements(
        native_runtime) -> None:
    plain = native_runtime.report_file({"worksheets": {
        "district": {"name": "Plain"},
        "working-group": {"members": [{"row_id": "m1", "position": "Lead", "name": "Kim"}]},
        "goal": {"goal": "More care", "success": "Seen sooner\nand closer to home"},
    }}, "2026-12-01", "markdown")["text"]
    own = set(render(plain).tags)  # a line break of an answer of several lines included
    hostile = native_runtime.report_file(hostile_state(), "2026-12-01", "markdown")["text"]
    parsed = render(hostile)
    assert set(parsed.tags) <= own, set(parsed.tags) - own
    assert "script" not in parsed.tags and "a" not in parsed.tags and "img" not in parsed.tags
    assert parsed.attrs == [] or all(name == "align" for name, _ in parsed.attrs)
    assert parsed.tags.count("h1") == 1
    shown = " ".join(parsed.text)
    assert "<script>alert('district')</script>" in shown
    assert "[click here](https://evil.example/steal)" in shown


@pytest.mark.parametrize("text", [
    "Tier 2 and Tier 3 (after school)", "38.5", "<10 students", "A & B", "3 > 2",
    "Hello! (see below)", "2026-27 school year", "#1 priority, in the middle: # stays",
    "- 5 degrees", "1.5 FTE"])
def test_text_that_cannot_start_markup_stays_as_typed(text: str) -> None:
    if text.startswith(("- ", "#")):  # a list item or a heading at a line's start
        assert escape_markdown(text) == "\\" + text
    else:
        assert escape_markdown(text) == text
    assert " ".join(render(escape_markdown(text)).text).strip() == text


def test_the_full_reports_markdown_reads_as_plain_text(native_runtime) -> None:
    state = json.loads((Path(__file__).parent / "fixtures" / "states" / "full.json")
                       .read_text())
    text = native_runtime.report_file(state, "2026-12-02", "markdown")["text"]
    for escape in ("\\(", "\\)", "&lt;1", "&gt;", "&amp;", "\\!"):
        assert escape not in text, escape
    # A number's point is never escaped; a numbered label's is ("1\. Which students…"):
    # it would start a list at the beginning of a line.
    assert re.search(r"\d\\\.\d", text) is None
    assert "3 of 15 steps done (20%)." in text
