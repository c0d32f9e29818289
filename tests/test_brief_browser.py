"""The board brief in Chromium: reached from the report, drawn from the full plan, and
printed on at most two Letter pages at 10 pt or more."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, seed, seeded_page, watch_errors
from pypdf import PdfReader

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
NEED_FIGURE = "Total student need: 2,895. Unmet need: 2,285."


@pytest.fixture
def page(module_context, site_url: str) -> Iterator:
    """A page of the module's context with the full plan saved; the test fails if the
    page threw an uncaught error."""
    with seeded_page(module_context, site_url, FULL.read_text()) as page:
        yield page


def open_brief(page, site_url: str) -> None:
    """Open the board brief and wait until its chosen version is drawn."""
    page.goto(site_url + "board-brief/")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-report-actions]:not([hidden])").wait_for()


def squeeze(text: str) -> str:
    """Text without white space: lines wrap differently on paper."""
    return re.sub(r"\s+", "", text)


def pdf_chars(data: bytes) -> list[list[tuple[str, float]]]:
    """Each page's characters with their font size in points (pdfminer)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(node):
        for child in node:
            if isinstance(child, LTChar):
                yield child.get_text(), child.size
            elif hasattr(child, "__iter__"):
                yield from chars(child)

    return [list(chars(sheet)) for sheet in extract_pages(io.BytesIO(data))]


def test_the_report_page_leads_to_the_brief(page, site_url: str) -> None:
    page.goto(site_url + "report/")
    page.get_by_role("link", name="Open the board brief").click()
    page.wait_for_url(re.compile(r"/board-brief/$"))
    # In the site's navigation, next to the full report, marked as the page shown.
    page.locator(".md-nav__link--active", has_text="Board brief").first.wait_for()
    links = page.locator(".md-sidebar--primary .md-nav__link").all_inner_texts()
    titles = [re.sub(r"\s+", " ", text).strip() for text in links]
    assert titles.index("Board brief") == titles.index("Full report") + 1, titles
    page.locator("[data-report-actions]:not([hidden])").wait_for()


def test_the_brief_prints_on_two_letter_pages_at_10_pt_or_more(
        page, site_url: str, native_runtime, tmp_path: Path) -> None:
    open_brief(page, site_url)
    state = json.loads(FULL.read_text())
    need = native_runtime.compute("needs-estimate", state, "2026-12-02")["summary"]["text"]
    assert need == NEED_FIGURE  # the fixture's need, whatever the day
    heading = page.locator("article h1").evaluate("(h) => h.firstChild.textContent")
    assert heading == "Board brief: community mental health partnerships (shareable version)"
    assert page.locator("[data-report]").get_attribute("data-version") == "shareable"
    assert page.locator(".tk-report__body svg[role=img]").count() == 3
    data = page.pdf(format="Letter")
    (tmp_path / "brief.pdf").write_bytes(data)
    sheets = PdfReader(io.BytesIO(data)).pages
    assert len(sheets) <= 2, f"{len(sheets)} Letter pages"
    words = [squeeze(sheet.extract_text()) for sheet in sheets]
    # No page holding only a line or two (a spilled line, a title alone).
    assert all(len(text) > 400 for text in words), [len(text) for text in words]
    paper = "".join(words)
    for text in ("Lakeside Unified School District", need,
                 "Board brief: community mental health partnerships (shareable version)",
                 "Student need and the goal", "Staff and recommended ratios",
                 "Plan progress by phase", "Providers and the decision",
                 "What is still missing", "How a student gets to care",
                 "From referral to a first appointment: 10 school days",
                 "Provider: Intake coordinator"):
        assert squeeze(text) in paper, text
    for control in ("Which version?", "Print or save as PDF", "Open the board brief"):
        assert squeeze(control) not in paper, f"{control} is not printed"
    sizes = {round(size, 1) for sheet in pdf_chars(data) for text, size in sheet
             if text.strip()}
    assert min(sizes) >= 10, f"text under 10 pt in print: {sorted(sizes)}"


def test_the_brief_downloads_as_a_web_page_and_offers_the_full_version(
        page, site_url: str, tmp_path: Path) -> None:
    open_brief(page, site_url)
    with page.expect_download() as event:
        page.get_by_role("button", name="Download as a web page (HTML)").click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    assert re.fullmatch(r"board-brief-\d{4}-\d{2}-\d{2}\.html", saved.name)
    text = saved.read_text(encoding="utf-8")
    assert NEED_FIGURE in text
    assert "(shareable version)</h1>" in text
    # The file prints as the page does: two Letter pages, 10 pt or more.
    opened = page.context.new_page()
    try:
        opened.set_content(text)
        data = opened.pdf(format="Letter")
    finally:
        opened.close()
    assert len(PdfReader(io.BytesIO(data)).pages) <= 2
    sizes = {round(size, 1) for sheet in pdf_chars(data) for char, size in sheet
             if char.strip()}
    assert min(sizes) >= 10, sorted(sizes)
    status = page.locator("[data-report-status]")
    page.get_by_label("Full version").check()
    status.filter(has_text="Full version ready").wait_for()
    heading = page.locator("article h1").evaluate("(h) => h.firstChild.textContent")
    assert heading.endswith("(full version, not for sharing)")
    assert page.locator("[data-report]").get_attribute("data-version") == "full"


def test_a_small_count_reads_as_hidden_on_the_brief(module_context, site_url: str) -> None:
    state = json.loads(FULL.read_text())
    state["worksheets"]["needs-estimate"]["addressed"] = "6"
    state["worksheets"]["goal"].update(increase_percent="", target_count="40")
    page = module_context.new_page()
    errors = watch_errors(page)
    try:
        seed(page, site_url, json.dumps(state))
        open_brief(page, site_url)
        body = page.locator("[data-report-body]")
        row = body.locator("tr", has_text="Student need already addressed")
        assert row.locator("td").inner_text() == "<10"
        assert "Unmet need: hidden." in body.inner_text()
        assert "2,889" not in body.inner_text()
    finally:
        page.close()
    assert errors == []
