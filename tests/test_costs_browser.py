"""What it costs, in Chromium: assumptions typed on the page give the same dollars on the
worksheet, on the start page's overview, in the full report, on the board brief, in an
agreement outline, and in the files downloaded from them (Markdown, HTML, Word)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from helpers import READY, poll, saved_state, seed, watch_errors

docx = pytest.importorskip("docx", reason="python-docx is in the test extras")

pytestmark = pytest.mark.browser

# 120 more students (320 - 200), contracted per session: 120 x 12 x $150 = $216,000; for
# the whole goal, $1,800 per student. One agreement, a contract with Horizon.
STATE = {"worksheets": {
    "needs-estimate": {"enrollment": "5000", "addressed": "200", "sources": [
        {"row_id": "screeners", "source": "Screeners", "indicated": "400", "new": ""}]},
    "goal": {"by_date": "2028-06-15", "providers_more": "1", "target_count": "320"},
    "approaches": {"chosen": ["contract"]},
    "agreements": {"agreements": [{"row_id": "horizon", "provider": "Horizon Youth Services",
                                   "arrangement": "contract"}]},
}}
MIX = "The mix you chose costs $216,000 a year ($216,000 contract = $216,000), $1,800 for " \
      "each of the 120 more students served."
CONTRACT = "120 students x 12 sessions x $150 = $216,000"
OUTLINE = ("What the district pays Horizon Youth Services each year, per session, as the "
           f"provider's quote is written: {CONTRACT}.")


def _text(page, worksheet: str, output: str) -> str:
    return page.inner_text(f"#ws-{worksheet} [data-output={output}] .ws-output__text")


def _open(page, url: str) -> None:
    """Open a page of the toolkit and wait until Python has answered."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=60_000)


def _save(page, tmp_path: Path, button) -> Path:
    with page.expect_download() as event:
        button.click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    return saved


def _word_text(path: Path) -> list[str]:
    """Every paragraph of a Word file, table cells included."""
    word = docx.Document(str(path))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return [p.text for p in word.paragraphs] + cells


def test_costs_typed_on_the_page_reach_every_page_and_file(module_context, site_url: str,
                                                            tmp_path: Path) -> None:
    page = module_context.new_page()
    errors = watch_errors(page)
    seed(page, site_url, STATE)
    _open(page, site_url + "costs/")
    page.check("#w-costs--contract_basis--per-session")
    page.fill("#w-costs--sessions_per_student", "12")
    page.fill("#w-costs--session_rate", "150")
    assert poll(page, lambda: _text(page, "costs", "mix-cost") == MIX, what="the mix's cost")
    by_approach = page.inner_text("#ws-costs [data-output=by-approach]")
    assert CONTRACT in by_approach
    assert "default from BLS Employer Costs for Employee Compensation" in by_approach
    assert poll(page, lambda: (saved_state(page) or {}).get("worksheets", {}).get(
        "costs", {}).get("session_rate") == "150", what="the entries saved")

    _open(page, site_url)
    item = page.locator(".tk-dashboard__item", has_text="What the goal costs")
    item.wait_for()
    assert poll(page, lambda: MIX in item.inner_text(), what="the mix on the start page")

    _open(page, site_url + "report/")
    actions = page.locator("[data-report-actions]:not([hidden])")
    actions.wait_for()
    report = page.inner_text("main")
    assert report.count(MIX) >= 2, "in the summary and in the section"
    assert "Cost per year of each approach" in report
    markdown = _save(page, tmp_path, actions.get_by_role("button", name="Download as Markdown"))
    assert MIX in markdown.read_text(encoding="utf-8").replace("\\", "")
    web = _save(page, tmp_path, actions.get_by_role(
        "button", name="Download as a web page (HTML)"))
    assert MIX in html.unescape(web.read_text(encoding="utf-8"))

    # The board brief, in its shareable version: 120 students may be shown.
    _open(page, site_url + "board-brief/")
    actions = page.locator("[data-report-actions]:not([hidden])")
    actions.wait_for()
    figure = page.locator(".tk-summary__items dt", has_text="What it costs each year")
    assert figure.locator("xpath=following-sibling::dd[1]").inner_text().startswith(MIX)
    brief = _save(page, tmp_path, actions.get_by_role("button", name="Download as Word (.docx)"))
    assert f"What it costs each year: {MIX}" in _word_text(brief)

    # The agreement outline says what the district pays the provider, in its Word file too.
    _open(page, site_url + "partnerships/")
    outlines = page.locator("#ws-agreements [data-output=outlines]")
    assert poll(page, lambda: OUTLINE in outlines.inner_text(), what="who pays, in the outline")
    actions = page.locator("#ws-agreements [data-ws-actions]:not([hidden])")
    actions.wait_for()
    outline = _save(page, tmp_path, actions.locator("[data-ws-action=docx]"))
    assert OUTLINE in _word_text(outline)
    page.close()
    assert errors == []
