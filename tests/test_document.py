"""One document model: the report, the agreement outlines and the packet are each built
once as a document, and the page, Markdown and HTML are drawn from that one document."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from browser_py.documents import document
from browser_py.documents.report import report_document, report_html, report_markdown
from browser_py.page import runtime

FULL = json.loads((Path(__file__).parent / "fixtures/states/full.json").read_text())
TODAY = "2026-12-01"
SAMPLE = document.Document("Plan <b>", "Lakeside *Unified*", "December 1, 2026", (
    document.Heading("Section"),
    document.Answer("Students served", "Grades 6 to 8\n<script>alert(1)</script>"),
    document.Items(("first", "Still missing: a date"), frozenset({1})),
    document.table(("Question", "Answer"), [("How many?", "12,400\n| 30 schools")],
                   row_headers=True),
    document.Result("Total", "3,095", ("Check the *IEP* count.",)),
))


def _texts(data: dict) -> list[str]:
    """Every text of a document as the page gets it, line by line."""
    found = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.extend(line for line in value.split("\n") if line.strip())
        elif isinstance(value, dict):
            for key, inner in value.items():
                if key not in ("kind", "style", "charts", "level", "strong", "row_headers", "id"):
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
    walk(data["blocks"])
    return found


def test_markdown_and_html_escape_every_text_and_keep_each_line() -> None:
    markdown, html = document.to_markdown(SAMPLE), document.to_html(SAMPLE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Grades 6 to 8<br>&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<li><strong>Still missing: a date</strong></li>" in html
    assert '<th scope="row">How many?</th><td>12,400<br>| 30 schools</td>' in html
    assert "# Plan &lt;b>" in markdown  # no tag can open; the rest reads as typed
    assert "Lakeside \\*Unified\\*" in markdown
    assert "- **Still missing: a date**" in markdown
    assert "Grades 6 to 8<br>&lt;script>alert" in markdown


@pytest.mark.usefixtures("native_runtime")
def test_the_page_and_both_files_of_the_report_come_from_one_document() -> None:
    built = runtime.build_report(FULL, TODAY)
    page = report_document(built).as_data()
    markdown, html = report_markdown(built), report_html(built)
    texts = _texts(page)
    assert len(texts) > 200
    flat_html = unescape(re.sub(r"<[^>]+>", "\n", html))
    missing_html = [t for t in texts if t.strip() not in flat_html]
    assert missing_html == []
    # Answers of a multi-part entry stay on their own lines on the page and in each file.
    multi = next(t for t in _multi_line(page))
    first, second = multi.split("\n")[:2]
    assert f"{document.md_lines(first)}<br>{document.md_lines(second)}" in markdown
    assert f"{document.html_lines(first)}<br>{document.html_lines(second)}" in html


def _multi_line(data: dict):
    """Each text of several lines in the document: answers and table cells."""
    yield from (text for text in _all_strings(data["blocks"]) if "\n" in text)


def _all_strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _all_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _all_strings(inner)
