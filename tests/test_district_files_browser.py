"""Counting the needs estimate from the district's own files, in Chromium: the rows are
filled, reordering recounts, files are removed, and no student number reaches storage,
a cache, an export, the report or a request."""

from __future__ import annotations

import json
import re

import pytest
from helpers import READY, open_menu, poll, reload, saved_state

pytestmark = pytest.mark.browser

PAGE = "needs-and-goals/"
PANEL = "#ws-needs-estimate [data-file-counts]"
ROW = f"{PANEL} [data-file-row]"
FILE = f"{PANEL} [data-file-input]"
#: Student numbers unlike anything else on the site, so that a sweep finds any copy.
IDS = [f"QX{7_300_000 + i}" for i in range(60)]


def csv_file(name: str, ids: list[str], groups: list[str] | None = None) -> dict:
    lines = ["Student ID,Last name,Birth date,School"]
    for at, ident in enumerate(ids):
        school = groups[at % len(groups)] if groups else "North"
        lines.append(f"{ident},Zyxwvé{at},2011-03-0{at % 9 + 1},{school}")
    return {"name": name, "mimeType": "text/csv",
            "buffer": ("\r\n".join(lines) + "\r\n").encode("cp1252")}


def cell(page, row_id: str, column: str) -> str:
    return page.input_value(f"#ws-needs-estimate tr[data-row-id='{row_id}'] "
                            f"[data-name$='.{column}']")


def count_row(page, row_id: str, upload: dict, group: str = "") -> None:
    page.select_option(ROW, row_id)
    page.set_input_files(FILE, files=[upload])
    page.wait_for_selector(f"{PANEL} [data-file-columns]:not([hidden])")
    # Only the student number and the school may be chosen; name and birth date never.
    options = page.eval_on_selector_all(f"{PANEL} [data-file-id] option",
                                        "os => os.map(o => o.textContent)")
    assert options == ["Student ID", "School"]
    assert "Last name" in page.inner_text(f"{PANEL} [data-file-skipped]")
    if group:
        page.select_option(f"{PANEL} [data-file-group]", label=group)
    page.click(f"{PANEL} [data-file-use]")


def test_rows_counted_from_files_stay_on_the_device(page, site_url: str, tmp_path) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.url} {r.post_data or ''}"))
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    assert "stays on this computer" in page.inner_text(PANEL)

    count_row(page, "screeners", csv_file("screener.csv", IDS[:40] + IDS[:5]))
    assert poll(page, lambda: cell(page, "screeners", "indicated") == "40",
                what="the screener row counted")
    assert cell(page, "screeners", "new") == "40"
    count_row(page, "referrals", csv_file("referrals.csv", IDS[30:60],
                                          ["North", "South", "South"]), group="School")
    assert poll(page, lambda: (cell(page, "referrals", "indicated"),
                               cell(page, "referrals", "new")) == ("30", "20"),
                what="the referral row counted without the screener's students")
    listed = page.inner_text(f"{PANEL} [data-file-list]")
    assert "referrals.csv" in listed and "20 not in an earlier file" in listed
    # The summary computes from the counted rows like typed ones: 40 + 20 students.
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 60").wait_for()

    # Groups: typed enrollment gives each school's risk and risk ratio, a result of the
    # worksheet worked out from the counts by group saved with the entries.
    page.click("#ws-needs-estimate [data-add-row=group_enrollment]")
    page.fill("#ws-needs-estimate [data-table=group_enrollment] tbody tr:nth-child(1) "
              "[data-name$='.group']", "North")
    page.fill("#ws-needs-estimate [data-table=group_enrollment] tbody tr:nth-child(1) "
              "[data-name$='.enrolled']", "100")
    groups = "#ws-needs-estimate [data-output=groups]"
    assert poll(page, lambda: "North" in page.inner_text(groups) and
                "Enter the enrollment of: South" in page.inner_text(groups),
                what="the group table")
    assert page.eval_on_selector_all(f"{groups} thead th", "ths => ths.map(th => "
                                     "th.textContent)") == [
        "Group", "Students with a need", "Enrolled", "Risk", "Risk ratio", "Note"]

    # Moving the referral row above the screeners recounts both, in the new order.
    page.click("#ws-needs-estimate tr[data-row-id='referrals'] [data-move-row=up]")
    assert poll(page, lambda: (cell(page, "referrals", "new"), cell(page, "screeners", "new"))
                == ("30", "30"), what="the rows recounted in their new order")

    # Typing over a counted number makes the row typed by hand; the other row recounts.
    page.fill("#ws-needs-estimate tr[data-row-id='referrals'] [data-name$='.indicated']", "33")
    assert poll(page, lambda: cell(page, "screeners", "new") == "40",
                what="the screener row recounted without the referral file")
    assert "typed by hand" in page.inner_text(f"{PANEL} [data-file-status]")

    # Everything a person can see, keep or send: no student number, name or birth date.
    page_html = page.content()
    # Entries are saved a moment after the last change: wait for the counts to be saved.
    state = poll(page, lambda: (lambda text: text if '"indicated": "40"' in text
                                or '"indicated": 40' in text else "")(
        json.dumps(saved_state(page))), what="the counted rows saved")
    open_menu(page)
    with page.expect_download() as event:
        page.click("[data-action=export]")
    exported = open(event.value.path(), encoding="utf-8").read()
    page.goto(site_url + "report/")
    page.wait_for_selector(READY, timeout=60_000)
    report = poll(page, lambda: page.inner_text("[data-report]") if "Total student need"
                  in page.inner_text("[data-report]") else "", what="the report")
    stored = page.evaluate("""async () => {
        const found = [JSON.stringify(localStorage), JSON.stringify(sessionStorage)];
        for (const name of await caches.keys()) {
          const cache = await caches.open(name);
          for (const request of await cache.keys()) {
            found.push(request.url, await (await cache.match(request)).text());
          }
        }
        const bases = indexedDB.databases ? await indexedDB.databases() : [];
        found.push(JSON.stringify(bases));
        return found.join("\\n");
    }""")
    for place, text in {"storage": stored, "export": exported, "report": report,
                        "requests": "\n".join(requests), "state": state,
                        "page": page_html}.items():
        for secret in (IDS[0], IDS[45], "Zyxwv", "2011-03-0"):
            assert secret not in text, (place, secret)


def test_a_file_that_cannot_be_read_says_what_to_do(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    page.set_input_files(FILE, files=[{"name": "list.xlsx", "mimeType": "text/csv",
                                       "buffer": b"PK\x03\x04 a workbook"}])
    status = f"{PANEL} [data-file-status]"
    assert poll(page, lambda: "could not be read as an Excel workbook" in page.inner_text(status),
                what="the message about a workbook")
    assert page.is_hidden(f"{PANEL} [data-file-columns]")
    assert cell(page, "screeners", "indicated") == ""


def test_an_excel_workbook_counts_and_its_file_can_be_removed(page, site_url: str) -> None:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "About"
    book.active.append(["Referral log, exported 2026-11-30"])
    sheet = book.create_sheet("Referrals")
    sheet.append(["Local ID", "Student name", "School"])
    for at, ident in enumerate(IDS[:25] + IDS[:3]):
        sheet.append([ident, f"Zyxwv {at}", "North"])
    out = BytesIO()
    book.save(out)
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    page.select_option(ROW, "referrals")
    page.set_input_files(FILE, files=[{
        "name": "referrals.xlsx", "buffer": out.getvalue(),
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    page.wait_for_selector(f"{PANEL} [data-file-sheet-field]:not([hidden])", timeout=30_000)
    page.select_option(f"{PANEL} [data-file-sheet]", "Referrals")
    assert poll(page, lambda: page.eval_on_selector_all(
        f"{PANEL} [data-file-id] option", "os => os.map(o => o.textContent)")
        == ["Local ID", "School"], what="the referral sheet's readable columns")
    assert "Student name" in page.inner_text(f"{PANEL} [data-file-skipped]")
    page.click(f"{PANEL} [data-file-use]")
    assert poll(page, lambda: (cell(page, "referrals", "indicated"),
                               cell(page, "referrals", "new")) == ("25", "25"),
                what="the workbook's students counted")
    page.click(f"{PANEL} [data-file-remove=referrals]")
    assert poll(page, lambda: cell(page, "referrals", "indicated") == "",
                what="the removed file's numbers cleared")
    assert "removed" in page.inner_text(f"{PANEL} [data-file-status]")
    assert page.is_hidden(f"{PANEL} [data-file-list]")
    saved = json.dumps(saved_state(page))
    assert IDS[0] not in saved and "Zyxwv" not in saved
    # No file is held now: a fresh worker gives back the memory the workbook took, and
    # it computes and counts as the first one did.
    page.wait_for_selector("html[data-python-boots='2']", state="attached", timeout=60_000)
    page.fill("#ws-needs-estimate tr[data-row-id='screeners'] [data-name$='.new']", "7")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 7").wait_for()
    count_row(page, "referrals", csv_file("again.csv", IDS[:12]))
    assert poll(page, lambda: cell(page, "referrals", "new") == "12",
                what="a file counted by the fresh worker")
    assert page.get_attribute("html", "data-python-boots") == "2"


def test_removing_a_counted_row_recounts_the_rows_after_it(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    count_row(page, "screeners", csv_file("screener.csv", IDS[:20]))
    assert poll(page, lambda: cell(page, "screeners", "new") == "20", what="screeners")
    # The file picked first, its row chosen after: the row chosen last is counted.
    page.set_input_files(FILE, files=[csv_file("crisis.csv", IDS[10:30])])
    page.wait_for_selector(f"{PANEL} [data-file-columns]:not([hidden])")
    page.select_option(ROW, "crisis-events")
    # Students are never grouped by the column that identifies them: it is not offered.
    assert page.eval_on_selector_all(
        f"{PANEL} [data-file-group] option", "os => os.filter(o => !o.disabled)"
        ".map(o => o.textContent)") == ["No grouping", "School"]
    page.click(f"{PANEL} [data-file-use]")
    assert poll(page, lambda: cell(page, "crisis-events", "new") == "10", what="crisis")
    page.click("#ws-needs-estimate tr[data-row-id='screeners'] [data-remove-row]")
    assert poll(page, lambda: cell(page, "crisis-events", "new") == "20",
                what="the crisis row recounted without the removed screener file")
    assert "screener.csv" not in page.inner_text(f"{PANEL} [data-file-list]")
    options = page.eval_on_selector_all(f"{ROW} option", "os => os.map(o => o.value)")
    assert "screeners" not in options


def test_reading_a_large_workbook_shows_progress_and_can_be_stopped(page, site_url: str
                                                                    ) -> None:
    from workbooks import inline, sheet, workbook

    rows = [inline("A1", "Student ID") + inline("B1", "School")] + [
        f'<c r="A{n}"><v>{7_000_000 + n * 7919 % 999_983}</v></c>' +
        inline(f"B{n}", ("North", "South", "East", "West")[n % 4]) for n in range(2, 400_000)]
    data = workbook(sheet(rows))
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    boots = int(page.get_attribute("html", "data-python-boots"))
    status = f"{PANEL} [data-file-status]"
    page.set_input_files(FILE, files=[{
        "name": "big.xlsx", "buffer": data,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}])
    assert poll(page, lambda: "rows read" in page.inner_text(status), timeout_s=60,
                what="the rows read so far")
    # The number in the one style Python writes every number in: "10,000".
    assert re.search(r"… \d{1,3}(,\d{3})+ rows read\.", page.inner_text(status))
    stop = f"{PANEL} [data-file-stop]"
    assert page.is_visible(stop)
    page.click(stop)
    assert poll(page, lambda: "was stopped" in page.inner_text(status), what="the stop")
    assert page.is_hidden(stop) and page.is_hidden(f"{PANEL} [data-file-columns]")
    # A fresh calculator took over (the old one's memory went with it) and keeps working.
    page.wait_for_selector(f"html[data-python-boots='{boots + 1}']", state="attached",
                           timeout=60_000)
    page.fill("#ws-needs-estimate tr[data-row-id='screeners'] [data-name$='.new']", "7")
    page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text").filter(
        has_text="Total student need so far: 7").wait_for()
    count_row(page, "referrals", csv_file("after.csv", IDS[:12]))
    assert poll(page, lambda: cell(page, "referrals", "new") == "12",
                what="a file counted after the stop")


def test_counts_from_files_stay_after_a_reload(page, site_url: str) -> None:
    """Measured before: the comparison of the groups disappeared on reload, and a row
    counted from a file below a typed row said nothing of the students it may share."""
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.wait_for_selector(f"{PANEL}:not([hidden])")
    page.fill("#ws-needs-estimate tr[data-row-id='screeners'] [data-name$='.indicated']", "50")
    for row, (group, enrolled) in enumerate((("North", "100"), ("South", "200")), start=1):
        page.click("#ws-needs-estimate [data-add-row=group_enrollment]")
        table = f"#ws-needs-estimate [data-table=group_enrollment] tbody tr:nth-child({row})"
        page.fill(f"{table} [data-name$='.group']", group)
        page.fill(f"{table} [data-name$='.enrolled']", enrolled)
    count_row(page, "referrals", csv_file("referrals.csv", IDS[:60], ["North", "South",
                                                                       "South"]), group="School")
    assert poll(page, lambda: cell(page, "referrals", "new") == "60", what="the referrals")
    listed = page.inner_text(f"{PANEL} [data-file-list]")
    assert "The students of “Mental health screeners”, typed above it, cannot be matched " \
           "against this file" in listed
    summary = "#ws-needs-estimate [data-output=summary]"
    groups = "#ws-needs-estimate [data-output=groups]"
    assert poll(page, lambda: "(it may count some students twice)" in page.inner_text(summary)
                and "South" in page.inner_text(groups), what="the summary and the groups")
    before = page.inner_text(groups)
    assert "North" in before and "20" in before and "40" in before
    mark = "#ws-needs-estimate tr[data-row-id='referrals'] [data-name$='.from_file']"
    assert page.is_checked(mark) and page.is_hidden(mark)
    assert poll(page, lambda: (saved_state(page) or {}).get("worksheets", {}).get(
        "needs-estimate", {}).get("group_by") == "School", what="the counts by group saved")

    reload(page)  # the file is gone; what it gave stays
    assert page.is_hidden(f"{PANEL} [data-file-list]")
    assert poll(page, lambda: page.inner_text(groups) == before, what="the groups again")
    assert page.is_checked(mark)
    assert "(it may count some students twice)" in page.inner_text(summary)
    saved = json.dumps(saved_state(page))
    assert IDS[0] not in saved and "Zyxwv" not in saved

    page.goto(site_url + "report/")
    page.wait_for_selector(READY, timeout=60_000)
    report = poll(page, lambda: page.inner_text("[data-report-body]") if "over-represented"
                  in page.inner_text("[data-report-body]") else "", what="the report")
    assert "Are some groups over-represented?" in report and "South" in report

    # Typing over the counted numbers makes the row typed: its mark goes, and so does the
    # warning, since no row counted from a file is left.
    page.goto(site_url + PAGE)
    page.wait_for_selector(READY, timeout=60_000)
    page.fill("#ws-needs-estimate tr[data-row-id='referrals'] [data-name$='.new']", "55")
    assert poll(page, lambda: not page.is_checked(mark), what="the mark removed")
    assert poll(page, lambda: "twice" not in page.inner_text(summary), what="no warning")
