"""The project plan's Excel download in Chromium: the Excel writer is fetched only when a
person asks for the file, the file holds the CSV's rows with deadlines as dates, and a
writer that cannot be fetched gets a clear message and loses nothing."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from helpers import poll, reload, saved_state, seed, start, watch_errors
from openpyxl import load_workbook

from browser_py.page.page_words import WORDS

pytestmark = pytest.mark.browser

NOW = "2027-03-10T10:00:00"  # "today" for the plan, in the browser's own time zone
STATE = json.loads((Path(__file__).parent / "fixtures" / "states" / "full.json").read_text())
XLSX_BUTTON = "#ws-project-plan [data-ws-action=xlsx]"
CSV_BUTTON = "#ws-project-plan [data-ws-action=csv]"


@pytest.fixture
def context(browser) -> Iterator:
    """A fresh context whose clock is fixed at :data:`NOW` (service workers blocked, as in
    the shared fixture)."""
    ctx = browser.new_context(accept_downloads=True, service_workers="block", locale="en-US",
                              timezone_id="America/Chicago")
    ctx.clock.set_fixed_time(NOW)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    assert errors == []


def plan_page(page, site_url: str) -> list[str]:
    """The project plan's page with the fixture plan saved and Python ready; return the
    list that collects every request made from then on (the worker's included)."""
    start(page, site_url, "working-group/")
    seed(page, site_url, STATE, opened=True)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    reload(page)
    page.wait_for_selector(XLSX_BUTTON, state="visible")
    return requests


def downloaded(page, selector: str, tmp_path: Path) -> Path:
    with page.expect_download(timeout=60_000) as download:
        page.click(selector)
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def test_the_plan_downloads_for_excel_with_the_csvs_rows(page, site_url: str,
                                                         tmp_path: Path) -> None:
    requests = plan_page(page, site_url)
    assert any(url.endswith("/worksheets.json") for url in requests)  # the worker's, seen
    assert not [url for url in requests if "xlsx.zip" in url]  # never at start

    spreadsheet = downloaded(page, CSV_BUTTON, tmp_path)
    lines = list(csv.reader(io.StringIO(spreadsheet.read_bytes().decode("utf-8-sig"),
                                        newline="")))
    workbook_file = downloaded(page, XLSX_BUTTON, tmp_path)
    assert workbook_file.name == "Lakeside Unified School District - Project plan - 2027-03-10.xlsx"
    assert [url for url in requests if url.endswith("/xlsx.zip")] != []

    book = load_workbook(workbook_file)
    assert book.sheetnames == ["Project plan"]
    sheet = book["Project plan"]
    assert sheet.freeze_panes == "A2" and all(cell.font.b for cell in sheet[1])
    rows = [list(row) for row in sheet.iter_rows(min_row=2, max_row=len(lines))]
    assert [cell.value for cell in sheet[1]] == lines[0]
    assert len(rows) == len(lines) - 1 >= 15
    for line, row in zip(lines[1:], rows, strict=True):
        phase, number, step, owner, deadline, done, status = row
        assert isinstance(deadline.value, datetime) and deadline.is_date
        assert deadline.value.strftime("%Y-%m-%d") == line[4]
        assert isinstance(number.value, int) and str(number.value) == line[1]
        assert [phase.value, step.value, owner.value or "", done.value, status.value] == [
            line[0], line[2], line[3], line[5], line[6]]

    # A second file reuses the writer already loaded.
    downloaded(page, XLSX_BUTTON, tmp_path)
    assert len([url for url in requests if url.endswith("/xlsx.zip")]) == 1


def test_a_writer_that_cannot_load_is_said_and_loses_nothing(page, context, site_url: str,
                                                             tmp_path: Path) -> None:
    context.route("**/xlsx.zip", lambda route: route.fulfill(status=404, body="gone"))
    plan_page(page, site_url)
    before = saved_state(page)
    page.click(XLSX_BUTTON)
    warning = page.locator("[data-warning]")
    expected = WORDS["excel_writer_failed"].split(" ({problem})")[0]
    assert poll(page, lambda: expected in (warning.inner_text() if warning.is_visible()
                                           else ""),
                30, "the message that the Excel writer did not load")
    assert "xlsx.zip (HTTP 404)" in warning.inner_text()
    assert saved_state(page) == before
    assert page.get_attribute(XLSX_BUTTON, "aria-busy") is None

    # Once the file can be fetched, the next try makes the workbook.
    context.unroute("**/xlsx.zip")
    made = downloaded(page, XLSX_BUTTON, tmp_path)
    assert load_workbook(made).sheetnames == ["Project plan"]
