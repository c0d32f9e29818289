"""The dashboard and the full report in Chromium, printed to PDF."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, blank, pdf_words, saved_state, seed, watch_errors
from pypdf import PdfReader

pytestmark = pytest.mark.browser

STATE = Path(__file__).parent / "fixtures" / "states" / "partial.json"


@pytest.fixture
def page(module_context, site_url: str) -> Iterator:
    """A page of the module's context with nothing saved (as in a fresh context); the
    test fails if the page threw an uncaught error."""
    page = module_context.new_page()
    errors = watch_errors(page)
    blank(page, site_url)
    page.evaluate("() => localStorage.clear()")
    yield page
    page.close()
    assert errors == []


def open_report(page, site_url: str, state: dict | str) -> None:
    """Save ``state`` as the site's entries and open the report once it is drawn."""
    seed(page, site_url, state)
    page.goto(site_url + "report/")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-report-actions]:not([hidden])").wait_for()


def test_report_prints_every_section(page, site_url: str, site_dir: Path) -> None:
    titles = [w["title"] for w in json.loads(
        (site_dir / "assets/toolkit/worksheets.json").read_text())["worksheets"]]
    open_report(page, site_url, STATE.read_text())
    text = pdf_words(page.pdf(format="Letter"))
    for title in titles:
        assert re.sub(r"\s+", " ", title) in text, title
    assert "Lakeside Unified" in text
    assert "Nothing entered yet." in text
    assert "Print or save as PDF" not in text, "buttons are not printed"


def test_dashboard_links_each_started_worksheet(page, site_url: str) -> None:
    page.goto(site_url)
    page.wait_for_selector(READY, timeout=60_000)
    path = page.locator("[data-dashboard-items]:not([hidden]) a")
    path.first.wait_for()
    assert "Three ways to provide more care" in path.all_inner_texts()
    seed(page, site_url, STATE.read_text())
    page.goto(site_url)
    item = page.locator(".tk-dashboard__item", has_text="Estimate student need")
    item.wait_for()
    assert "300" in item.inner_text()
    item.get_by_role("link").click()
    page.wait_for_url(re.compile(r"needs-and-goals/#ws-needs-estimate$"))


FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"


def pdf_chars(data: bytes) -> list[list[tuple[str, float]]]:
    """Each page's characters with their font size in points (pdfminer)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    def chars(node):
        for child in node:
            if isinstance(child, LTChar):
                yield child.get_text(), child.size
            elif isinstance(child, LTTextContainer) or hasattr(child, "__iter__"):
                yield from chars(child)

    return [list(chars(page)) for page in extract_pages(io.BytesIO(data))]


def test_board_report_prints_a_summary_page_with_charts(page, site_url: str,
                                                       native_runtime) -> None:
    state = json.loads(FULL.read_text())
    open_report(page, site_url, FULL.read_text())
    assert page.locator(".tk-summary svg[role=img]").count() == 3
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 720, "height": 900})  # Letter, less its margins
    printed = page.evaluate("""() => {
        const table = [...document.querySelectorAll(".tk-report__table table")]
          .find((t) => t.querySelector("thead th")?.textContent === "Criterion"
            && t.querySelectorAll("thead th").length > 2);
        return { fits: table.scrollWidth <= table.parentElement.clientWidth + 1
                   && document.documentElement.scrollWidth <= 721,
                 heads: [...table.querySelectorAll("thead th")].map((th) => th.textContent),
                 rows: [...table.querySelectorAll("tbody tr")].map(
                   (tr) => tr.firstElementChild.textContent) }; }""")
    page.emulate_media(media="null")
    data = page.pdf(format="Letter")
    pages = pdf_chars(data)
    sheets = [[line for line in sheet.extract_text().splitlines() if line.strip()]
              for sheet in PdfReader(io.BytesIO(data)).pages]
    # A ceiling that holds the full fixture plan (43 sheets when the report printed every
    # entry of every checklist and outline); no sheet holds a line or two on its own, and
    # the source closes the last one.
    assert len(sheets) <= 23, f"{len(sheets)} sheets"
    assert [n for n, lines in enumerate(sheets, 1) if len(lines) < 3] == []
    assert "Chiefs for Change" in " ".join(sheets[-1])
    small = {round(size, 1) for page_chars in pages for text, size in page_chars
             if text.strip() and size < 9.95}
    assert small == set(), f"text under 10 pt in print: {sorted(small)}"
    def squeeze(text: str) -> str:  # lines wrap differently on paper: compare without spaces
        return re.sub(r"\s+", "", text)

    first = squeeze("".join(text for text, _ in pages[0]))
    everything = squeeze("".join(text for p in pages for text, _ in p))
    # Page 1: the summary and its three charts, with the worksheets' own figures.
    goal = native_runtime.compute("goal", state, "2026-12-02")
    needs = native_runtime.compute("needs-estimate", state, "2026-12-02")
    plan = native_runtime.compute("project-plan", state, "2026-12-02")
    for text in (needs["summary"]["text"], goal["sentence"]["text"], goal["numbers"]["text"],
                 plan["progress"]["text"], "Student need and the goal",
                 "Staff and recommended ratios", "Plan progress by phase",
                 "2,285 students", "3 done; 3 to do", "Who represents school-based staff?"):
        assert squeeze(text) in first, text
    assert squeeze("District name") not in first  # the sections start on page 2
    # The comparison holds every criterion and every provider.
    compare = native_runtime.compute("partner-compare", state, "2026-12-02")["matrix"]
    for provider in compare["columns"][1:]:
        assert squeeze(provider) in everything, provider
    assert printed["heads"] == compare["columns"]
    assert printed["rows"] == [row[0] for row in compare["rows"]]
    assert printed["fits"], "the comparison is wider than the page"


def test_shareable_version_hides_small_counts_on_screen_on_paper_and_in_files(
        page, site_url: str, tmp_path: Path) -> None:
    state = json.loads(FULL.read_text())
    rows = {row["row_id"]: row for row in state["worksheets"]["needs-estimate"]["sources"]}
    rows["crisis-events"]["new"], rows["assessments"]["new"] = "7", "4"
    seed(page, site_url, json.dumps(state))
    page.goto(site_url + "report/")
    page.wait_for_selector(READY, timeout=60_000)
    status = page.locator("[data-report-status]")
    status.filter(has_text="Full report ready").wait_for()
    sources = page.locator(".tk-report__label", has_text="Student need by source").locator(
        "xpath=following-sibling::div[1]")
    crisis = sources.locator("tr", has_text="Crisis events resulting")
    assert crisis.locator("td").nth(2).inner_text() == "7"
    heading = page.locator("article h1")

    def title() -> str:  # the heading's words, without the permalink beside them
        return heading.evaluate("(h) => h.firstChild.textContent")
    assert title() == "Community mental health partnerships plan"
    page.get_by_label("Shareable version").check()  # by keyboard-reachable label
    status.filter(has_text="Shareable version ready").wait_for()
    assert page.locator("[data-report]").get_attribute("data-version") == "shareable"
    assert crisis.locator("td").nth(2).inner_text() == "<10"
    # The page's title says which version it holds, on screen and on paper.
    assert title() == "Community mental health partnerships plan: shareable version"
    note = page.locator(".tk-report__shareable")
    assert "every count of students under" in note.inner_text()
    with page.expect_download() as event:
        page.get_by_role("button", name="Download as Markdown").click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    assert saved.name.startswith("partnership-plan-shareable-")
    text = saved.read_text(encoding="utf-8")
    assert "| Crisis events resulting in removal from the classroom or school building " \
           "| hidden | <10 |" in text  # as typed: "<10" opens no tag
    paper = pdf_words(page.pdf(format="Letter"))
    assert "Shareable version: every count of students under" in paper
    assert "Which version?" not in paper, "the choice is not printed"
    # Measured before: the shareable paper's first heading read "Full report".
    assert "Community mental health partnerships plan: shareable version" in paper
    assert "Full report" not in paper
    page.get_by_label("Full report").check()
    status.filter(has_text="Full report ready").wait_for()
    assert crisis.locator("td").nth(2).inner_text() == "7"
    assert note.count() == 0
    assert title() == "Community mental health partnerships plan"


PAGES = ("", "approaches/", "working-group/", "needs-and-goals/", "partner-checklist/",
         "provider-questions/", "partnerships/", "report/", "board-brief/", "your-data/")


def test_no_page_of_the_site_prints_a_blank_sheet(browser, site_url: str) -> None:
    """Every page printed with a full plan: no sheet empty or holding a few words only
    (the theme's full-window height, a title alone before a worksheet, a spilled line)."""
    context = browser.new_context()
    page = context.new_page()
    sheets: dict[str, list[int]] = {}
    try:
        seed(page, site_url, FULL.read_text())
        for path in PAGES:
            page.goto(site_url + path)
            if page.locator("[data-ws-form], [data-report], [data-dashboard]").count():
                page.wait_for_selector(READY, timeout=60_000)
            if path in ("report/", "board-brief/"):
                page.locator("[data-report-actions]:not([hidden])").wait_for()
            if path == "":  # the start page's overview, drawn once Python answers
                page.locator(".tk-dashboard__item").first.wait_for()
            pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
            sheets[path or "/"] = [len(re.sub(r"\s+", "", sheet.extract_text()))
                                   for sheet in pdf.pages]
    finally:
        context.close()
    sparse = {path: counts for path, counts in sheets.items()
              if any(n < 60 for n in counts[:-1]) or counts[-1] == 0}
    assert not sparse, f"characters per printed sheet: {sparse}"
    assert len(sheets["provider-questions/"]) == 1, sheets["provider-questions/"]
    # The summary fits page 1: page 2 is the first section, not the summary's last line.
    assert sheets["report/"][1] > 300, sheets["report/"][:3]


def test_typed_text_is_drawn_isolated_without_hidden_characters(page, site_url: str) -> None:
    state = json.loads(STATE.read_text())
    state["worksheets"]["district"]["name"] = "Lakeside\u202e 12\u2066 שלום"
    state["worksheets"]["gaps"]["biggest_gaps"] = "Tier 2\u2028after school\u200b مرحبا"
    open_report(page, site_url, state)
    body = page.locator("[data-report-body]")
    assert page.locator(".tk-report__meta bdi").text_content() == "Lakeside 12 שלום"
    gaps = body.locator("p", has_text="after school").locator("bdi")
    assert gaps.text_content() == "Tier 2after school مرحبا"  # its two lines...
    assert gaps.inner_text() == "Tier 2\nafter school مرحبا"  # ...drawn one under the other
    drawn = body.text_content()
    assert not re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]",
                         drawn)
    # What was typed is kept as typed: only what is drawn leaves the characters out.
    saved = saved_state(page)
    assert saved["worksheets"]["district"]["name"] == "Lakeside\u202e 12\u2066 שלום"


def test_report_page_writes_dates_out_counts_with_separators_and_answers_a_line_each(
        page, site_url: str) -> None:
    """On the report page and on its paper: a table's date written out, a count typed
    without separators shown with them, and each answer of a multi-part entry (the
    packet's composition) on its own line."""
    composition = {"american-indian": "4", "asian": "1488", "black": "3", "hispanic": "5200",
                   "white": "4100", "two-or-more": "600"}
    state = {"worksheets": {
        "project-plan": {"roadmap": [{"row_id": "r1", "done": False, "step": "Meet counsel",
                                      "owner": "Kim", "deadline": "2026-10-15"}]},
        "needs-estimate": {"enrollment": "12400", "sources": [
            {"row_id": "screeners", "source": "Screeners", "indicated": "1150", "new": "1150"}]},
        "provider-questions": {"composition": {
            key: {"students": n} for key, n in composition.items()}},
    }}
    seed(page, site_url, json.dumps(state))
    page.goto(site_url + "report/")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-report-status]").filter(has_text="Full report ready").wait_for()
    report = page.locator("[data-report-body]")
    plan = report.locator("tr", has_text="Meet counsel")
    assert plan.locator("td").nth(3).inner_text() == "October 15, 2026"
    screeners = report.locator("tr", has_text="Screeners").first
    assert "1,150" in screeners.inner_text() and "1150" not in screeners.inner_text()
    answer = report.locator("td", has_text="American Indian or Alaska Native")
    assert answer.locator("br").count() >= 5
    lines = answer.inner_text().split("\n")
    assert lines[0].startswith("American Indian or Alaska Native: ")
    assert lines[1].startswith("Asian: 1,488")
    paper = pdf_words(page.pdf(format="Letter"))
    assert "October 15, 2026" in paper
    assert "2026-10-" not in paper
    page.emulate_media(media="print")
    assert answer.inner_text().split("\n")[1].startswith("Asian: 1,488")
