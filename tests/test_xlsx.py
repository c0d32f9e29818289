"""The Excel downloads, built in CPython from a fixture plan and read back with openpyxl:
the same rows as each download's CSV and the same results as its page, dates as dates,
counts as numbers, text as text (never a formula), a bold frozen heading row, and the
shareable version hiding what the report's shareable version hides."""

from __future__ import annotations

import base64
import copy
import csv
import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from browser_py.core import computations
from browser_py.core.figures import MONTH_NAMES
from browser_py.core.file_names import document_filename
from browser_py.documents import shareable, workbook, xlsx_file
from browser_py.documents.tables_csv import safe_cell
from browser_py.page import protocol

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
TODAY = "2027-03-10"
DISTRICT = "Lakeside Unified School District"
HOSTILE = ["=HYPERLINK(\"http://x.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)"]


def full_state() -> dict[str, Any]:
    return json.loads(FULL.read_text(encoding="utf-8"))


def made(runtime, state: dict[str, Any], worksheet: str, action: str) -> dict[str, str]:
    """The download as the page gets it (through the runtime, as the worker asks)."""
    return runtime.action(worksheet, action, state, TODAY)


def book_of(download: dict[str, str]):
    assert download["media_type"] == xlsx_file.MEDIA_TYPE
    assert download["text"] == ""
    return load_workbook(io.BytesIO(base64.b64decode(download["base64"])))


def csv_lines(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def shown(cell) -> str:
    """A cell as a spreadsheet shows it, for the number formats the toolkit writes."""
    value, written = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        if written == workbook.ISO_DATE:
            return value.strftime("%Y-%m-%d")
        assert written == workbook.LONG_DATE, written
        return f"{MONTH_NAMES[value.month - 1]} {value.day}, {value.year}"
    found = re.fullmatch(r"(#,##0|0)(?:\.(0+))?(%?)", written)
    assert found, f"{cell.coordinate} has the number format {written!r}"
    grouping, places, percent = found.group(1), len(found.group(2) or ""), found.group(3)
    number = value * 100 if percent else value
    return f"{number:{',' if grouping == '#,##0' else ''}.{places}f}{percent}"


def table_of(sheet) -> tuple[list[str], list[list[Any]], list[str]]:
    """A sheet's headings, its table's rows of cells (the range its filter covers), and
    the sentences under it."""
    ref = sheet.auto_filter.ref
    assert ref, f"{sheet.title} has no filter on its heading row"
    last_row = int(re.fullmatch(r"A1:[A-Z]+(\d+)", ref).group(1))
    width = len([c for c in sheet[1] if c.value is not None])
    headings = [c.value for c in sheet[1][:width]]
    rows = [list(row) for row in sheet.iter_rows(min_row=2, max_row=last_row, max_col=width)]
    notes = [row[0].value for row in sheet.iter_rows(min_row=last_row + 2, max_col=1)
             if row[0].value is not None]
    return headings, rows, notes


def assert_heading_row(sheet) -> None:
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1] if cell.value is not None)
    assert sheet.auto_filter.ref.startswith("A1:")


def assert_same_as_csv(sheet, csv_text: str) -> list[list[Any]]:
    """The sheet's headings and rows read as the CSV's lines (the CSV's formula guard
    aside); return the rows of cells."""
    headings, rows, _notes = table_of(sheet)
    lines = csv_lines(csv_text)
    assert [safe_cell(h) for h in headings] == lines[0]
    assert [[safe_cell(shown(cell)) for cell in row] for row in rows] == lines[1:]
    return rows


def no_formula_in(download: dict[str, str]) -> None:
    """No cell of the file is a formula, whatever was typed."""
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(download["base64"]))) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode() and "<f " not in archive.read(
                    name).decode(), name


# ---- The project plan ------------------------------------------------------------------


def test_the_plan_workbook_holds_the_csvs_rows_with_dates_as_dates(native_runtime) -> None:
    state = full_state()
    download = made(native_runtime, state, "project-plan", "xlsx")
    assert download["filename"] == f"{DISTRICT} - Project plan - {TODAY}.xlsx"
    book = book_of(download)
    assert book.sheetnames == ["Project plan"]
    assert book.properties.title == "Project plan"
    sheet = book["Project plan"]
    assert_heading_row(sheet)
    rows = assert_same_as_csv(sheet, made(native_runtime, state, "project-plan", "csv")["text"])
    headings = [c.value for c in sheet[1]]
    assert headings == ["Phase", "Row", "Step", "Owner", "Deadline", "Done", "Status"]
    deadline, number = headings.index("Deadline"), headings.index("Row")
    assert len(rows) >= 15
    assert all(isinstance(row[deadline].value, datetime) for row in rows)
    assert all(row[deadline].is_date for row in rows)
    assert [row[number].value for row in rows[:3]] == [1, 2, 3]
    assert all(isinstance(row[number].value, int) for row in rows)
    first = rows[0]
    assert (first[2].value.startswith("Gather the identified working group"), first[3].value,
            first[4].value, first[5].value, first[6].value) == (
        True, "Jordan Okafor", datetime(2026, 11, 15), "Yes", "Done")
    assert any(row[6].value == "Overdue" for row in rows)


def test_the_plans_columns_fit_and_long_steps_wrap(native_runtime) -> None:
    sheet = book_of(made(native_runtime, full_state(), "project-plan", "xlsx"))["Project plan"]
    widths = {c.value: sheet.column_dimensions[c.column_letter].width for c in sheet[1]}
    assert widths["Owner"] >= len("Dr. Maria Gonzalez-Whitfield")
    assert widths["Deadline"] >= len("2026-11-15")
    assert widths["Step"] == xlsx_file.WIDEST + 2  # the longest steps are longer: they wrap
    assert sheet["C2"].alignment.wrap_text
    assert all(width >= xlsx_file.NARROWEST for width in widths.values())
    assert widths["Row"] < 12


def test_text_that_reads_like_a_formula_stays_text(native_runtime) -> None:
    state = full_state()
    roadmap = state["worksheets"]["project-plan"]["roadmap"]
    for row, typed in zip(roadmap, HOSTILE, strict=False):
        row["owner"] = typed
    roadmap[0]["step"] = "=1+1"
    download = made(native_runtime, state, "project-plan", "xlsx")
    no_formula_in(download)
    sheet = book_of(download)["Project plan"]
    owners = [sheet.cell(row=number, column=4) for number in range(2, 2 + len(HOSTILE))]
    assert [cell.value for cell in owners] == HOSTILE
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in owners)
    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=1+1", "s")
    # The CSV guards the same cells its own way.
    lines = csv_lines(made(native_runtime, state, "project-plan", "csv")["text"])
    assert [line[3] for line in lines[1:5]] == ["'" + typed for typed in HOSTILE]


def test_a_deadline_that_is_not_a_date_stays_as_saved() -> None:
    from browser_py.worksheets.planning import plan_table

    context = computations.Context(today=date(2027, 3, 10))
    table = plan_table({"roadmap": [{"row_id": "a", "step": "Plan", "deadline": "soon"}]},
                       context)
    assert [(cell.text, cell.value) for cell in table.rows[0]][4] == ("soon", "soon")


# ---- The needs estimate ----------------------------------------------------------------


def test_the_needs_workbook_holds_the_tables_csv_and_the_pages_summary(native_runtime) -> None:
    state = full_state()
    download = made(native_runtime, state, "needs-estimate", "xlsx")
    assert download["filename"] == f"{DISTRICT} - Estimate student need - {TODAY}.xlsx"
    book = book_of(download)
    assert book.sheetnames == ["Estimate student need", "Summary"]
    for sheet in book.worksheets:
        assert_heading_row(sheet)
    rows = assert_same_as_csv(book["Estimate student need"],
                              native_runtime.table_csv("needs-estimate", "sources", state)["csv"])
    assert [row[1].value for row in rows[:3]] == [1240, 860, 95]
    assert all(isinstance(row[1].value, int) for row in rows)
    assert rows[0][2].value is None  # left empty on the page: empty here, not a zero
    page = native_runtime.compute("needs-estimate", state, TODAY)["summary"]
    headings, summary, notes = table_of(book["Summary"])
    assert headings == page["columns"]
    assert [[shown(cell) for cell in row] for row in summary] == page["rows"]
    assert notes == [page["text"], *page["messages"]]
    figures = {row[0].value: row[1] for row in summary}
    total = figures["Total student need, each student counted once"]
    assert (total.value, total.number_format) == (2895, "#,##0")
    share = next(cell for label, cell in figures.items() if "share" in label)
    assert isinstance(share.value, float) and share.number_format.endswith("%")


def test_a_summary_still_missing_numbers_says_so_far(native_runtime) -> None:
    state = full_state()
    state["worksheets"]["needs-estimate"]["sources"][2]["new"] = ""
    state["worksheets"]["needs-estimate"]["sources"][2]["indicated"] = ""
    _headings, _rows, notes = table_of(book_of(made(
        native_runtime, state, "needs-estimate", "xlsx"))["Summary"])
    page = native_runtime.compute("needs-estimate", state, TODAY)["summary"]
    assert "so far" in notes[0] and notes == [page["text"], *page["messages"]]
    assert any("Crisis events" in note for note in notes[1:])


def small_state() -> dict[str, Any]:
    """The full plan with a source of 7 students and a check-in of 4 referred."""
    state = full_state()
    sources = state["worksheets"]["needs-estimate"]["sources"]
    sources[2].update(indicated="7", new="7")
    state["worksheets"]["check-ins"]["checkins"][0]["referred"] = "4"
    return state


def test_the_shareable_needs_workbook_hides_a_small_count_with_its_mark(native_runtime) -> None:
    state = small_state()
    full = book_of(made(native_runtime, state, "needs-estimate", "xlsx"))
    download = made(native_runtime, state, "needs-estimate", "xlsx_shareable")
    assert download["filename"] == (
        f"{DISTRICT} - Estimate student need - shareable - {TODAY}.xlsx")
    book = book_of(download)
    assert book.properties.title == "Estimate student need (shareable version)"
    _headings, rows, notes = table_of(book["Estimate student need"])
    crisis = rows[2]
    assert crisis[0].value.startswith("Crisis events")
    assert [(c.value, c.data_type) for c in crisis[1:3]] == [("<10", "s"), ("<10", "s")]
    assert [c.value for c in table_of(full["Estimate student need"])[1][2][1:3]] == [7, 7]
    # The other counts are numbers, or "hidden" where they would give the 7 away.
    marks = {cell.value for row in rows for cell in row[1:3] if isinstance(cell.value, str)}
    assert marks <= {"<10", "hidden"}
    assert any(isinstance(cell.value, int) for row in rows for cell in row[1:3])
    assert notes[0] == xlsx_shareable_note(10)
    # The same cells as the report's shareable version, and its summary.
    entries = native_runtime.restored(state)
    sharing = shareable.share(entries.worksheets, native_runtime._context(entries, TODAY))
    shared = sharing.worksheets["needs-estimate"]
    source_ids = [row["row_id"] for row in state["worksheets"]["needs-estimate"]["sources"]]
    assert [shown(row[1]) for row in rows] == [
        shared.cells.get(("sources", row_id, "indicated"), "") for row_id in source_ids]
    _h, summary, summary_notes = table_of(book["Summary"])
    assert [[shown(cell) for cell in row] for row in summary] == shared.outputs["summary"].rows
    assert summary_notes[1:] == [shared.outputs["summary"].text,
                                 *shared.outputs["summary"].messages]


def xlsx_shareable_note(threshold: int) -> str:
    from browser_py.worksheets.spreadsheets import SHAREABLE_NOTE

    return SHAREABLE_NOTE.format(threshold=threshold)


def test_a_count_typed_as_a_formula_stays_text(native_runtime) -> None:
    state = full_state()
    state["worksheets"]["needs-estimate"]["sources"][0]["indicated"] = "=1+1"
    download = made(native_runtime, state, "needs-estimate", "xlsx")
    no_formula_in(download)
    cell = book_of(download)["Estimate student need"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


# ---- The provider comparison and the check-ins -----------------------------------------


def test_the_comparison_workbook_holds_the_csvs_rows(native_runtime) -> None:
    state = full_state()
    download = made(native_runtime, state, "partner-compare", "xlsx")
    assert download["filename"] == f"{DISTRICT} - Compare providers - {TODAY}.xlsx"
    sheet = book_of(download)["Compare providers"]
    assert_heading_row(sheet)
    rows = assert_same_as_csv(sheet, made(native_runtime, state, "partner-compare",
                                          "csv")["text"])
    assert len(rows) >= 3 and all(cell.data_type == "s" for row in rows for cell in row)
    page = native_runtime.compute("partner-compare", state, TODAY)["matrix"]
    assert table_of(sheet)[2] == [page["text"], *page["messages"]]


def test_the_checkins_workbook_holds_dates_and_counts(native_runtime) -> None:
    state = full_state()
    download = made(native_runtime, state, "check-ins", "xlsx")
    assert download["filename"] == f"{DISTRICT} - Partner check-ins - {TODAY}.xlsx"
    book = book_of(download)
    assert book.sheetnames == ["Partner check-ins", "By partner"]
    rows = assert_same_as_csv(book["Partner check-ins"],
                              native_runtime.table_csv("check-ins", "checkins", state)["csv"])
    assert [(row[0].value, row[2].value, row[3].value, row[8].value) for row in rows] == [
        (datetime(2027, 2, 2), 24, 18, datetime(2027, 2, 16)),
        (datetime(2027, 3, 2), 31, 22, datetime(2027, 3, 16))]
    page = native_runtime.compute("check-ins", state, TODAY)["pace"]
    headings, partners, notes = table_of(book["By partner"])
    assert headings == page["columns"]
    assert [[shown(cell) for cell in row] for row in partners] == page["rows"]
    assert notes == [page["text"], *page["messages"]]
    assert partners[0][4].value == 10.5


def test_the_shareable_checkins_workbook_hides_a_small_count(native_runtime) -> None:
    state = small_state()
    book = book_of(made(native_runtime, state, "check-ins", "xlsx_shareable"))
    _headings, rows, notes = table_of(book["Partner check-ins"])
    # The 4 reads "<10"; the 31 beside it, which the partner's total would give away,
    # reads "hidden"; the students who started care are shown.
    assert [(row[2].value, row[2].data_type) for row in rows] == [("<10", "s"), ("hidden", "s")]
    assert [row[3].value for row in rows] == [18, 22]
    assert notes[0] == xlsx_shareable_note(10)
    entries = native_runtime.restored(state)
    sharing = shareable.share(entries.worksheets, native_runtime._context(entries, TODAY))
    pace = sharing.worksheets["check-ins"].outputs["pace"]
    _h, partners, partner_notes = table_of(book["By partner"])
    assert [[shown(cell) for cell in row] for row in partners] == pace.rows
    assert partner_notes == [xlsx_shareable_note(10), pace.text, *pace.messages]


# ---- The file ---------------------------------------------------------------------------


def test_the_same_rows_on_the_same_day_give_the_same_file(native_runtime) -> None:
    state = full_state()
    first = made(native_runtime, state, "project-plan", "xlsx")["base64"]
    assert made(native_runtime, copy.deepcopy(state), "project-plan", "xlsx")["base64"] == first
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(first))) as archive:
        assert {info.date_time[:3] for info in archive.infolist()} == {(2027, 3, 10)}


def test_without_openpyxl_the_request_asks_for_the_excel_zip(native_runtime, monkeypatch) -> None:
    real = xlsx_file.importlib.import_module

    def missing(name: str, *args: Any):
        if name.startswith("openpyxl"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, *args)

    monkeypatch.setattr(xlsx_file.importlib, "import_module", missing)
    reply = json.loads(protocol.call("action", json.dumps({
        "worksheet": "project-plan", "action_id": "xlsx", "state": full_state(),
        "today": TODAY})))
    assert reply["ok"] is False and reply["load"] == "xlsx.zip"
    assert "Your entries are saved" in reply["error"]
    csv_reply = json.loads(protocol.call("action", json.dumps({
        "worksheet": "project-plan", "action_id": "csv", "state": full_state(),
        "today": TODAY})))
    assert csv_reply["ok"] is True  # nothing else needs it


@pytest.mark.parametrize(("title", "taken", "expected"), [
    ("Project plan", set(), "Project plan"),
    ("What: the [plan]? *now*/later\\", set(), "What the plan now later"),
    ("A title far longer than Excel allows a sheet name", set(),
     "A title far longer than Excel a"),
    ("Summary", {"summary"}, "Summary (2)"),
    ("", set(), "Sheet"),
])
def test_sheet_titles_fit_excel(title: str, taken: set[str], expected: str) -> None:
    assert xlsx_file.sheet_title(title, set(taken)) == expected


def test_document_file_names() -> None:
    assert document_filename("Lakeside", "Project plan", "2026-12-07T10:00", "xlsx") == (
        "Lakeside - Project plan - 2026-12-07.xlsx")
    assert document_filename("", "Partner check-ins", "2026-12-07", "xlsx", True) == (
        "Toolkit - Partner check-ins - shareable - 2026-12-07.xlsx")
    assert document_filename("../a\u202e: b", "x/y", "2026-12-07", "xlsx") == (
        "a b - x y - 2026-12-07.xlsx")


# ---- Figures ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value", "written"), [
    ("1240", 1240, "0"),
    ("1,240", 1240, "#,##0"),
    ("-3", -3, "0"),
    ("2.25", 2.25, "0.00"),
    ("10.5", 10.5, "0.0"),
    ("46.2%", 0.462, "0.0%"),
    ("100%", 1.0, "0%"),
    ("December 1, 2026", date(2026, 12, 1), workbook.LONG_DATE),
    ("2026-12-01", date(2026, 12, 1), workbook.ISO_DATE),
    ("<10", "<10", workbook.TEXT),
    ("hidden", "hidden", workbook.TEXT),
    ("not entered", "not entered", workbook.TEXT),
    ("007", "007", workbook.TEXT),
    ("-0", "-0", workbook.TEXT),
    ("+3", "+3", workbook.TEXT),
    ("1,24", "1,24", workbook.TEXT),
    ("1234567890123456", "1234567890123456", workbook.TEXT),
    ("2026-02-30", "2026-02-30", workbook.TEXT),
    ("less than 0.1%", "less than 0.1%", workbook.TEXT),
    ("", None, workbook.TEXT),
])
def test_a_figure_is_a_number_or_date_only_when_it_shows_as_typed(
        text: str, value: Any, written: str) -> None:
    cell = workbook.figure(text)
    assert (cell.text, cell.value, cell.number_format) == (text, value, written)


class Shown:
    """A cell as openpyxl reads it back, for :func:`shown`."""

    def __init__(self, value: Any, number_format: str) -> None:
        self.value = datetime.combine(value, datetime.min.time()) if (
            isinstance(value, date)) else value
        self.number_format = number_format
        self.coordinate = "A1"


@given(st.one_of(
    st.integers(-10**14, 10**14).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.tuples(st.integers(0, 10**6), st.integers(0, 999), st.sampled_from(["", "%"])).map(
        lambda t: f"{t[0]:,}.{t[1]:03d}{t[2]}"),
    st.dates(date(1900, 3, 1), date(2100, 12, 31)).map(
        lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"),
    st.text(max_size=12),
))
def test_every_figure_shows_in_a_spreadsheet_as_the_page_shows_it(text: str) -> None:
    cell = workbook.figure(text)
    assert shown(Shown(cell.value, cell.number_format)) == (cell.text if cell.value is not None
                                                            else "")


# ---- Opened by another program ---------------------------------------------------------


@pytest.mark.parametrize(("worksheet", "action"), [
    ("project-plan", "xlsx"), ("needs-estimate", "xlsx"), ("partner-compare", "xlsx"),
    ("check-ins", "xlsx")])
def test_each_workbook_converts_to_pdf_in_libreoffice(native_runtime, tmp_path: Path,
                                                      worksheet: str, action: str) -> None:
    """LibreOffice (headless, as `make test` installs it) opens each workbook and prints it
    to PDF without an error."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, so no .xlsx is converted to PDF "
                    "here; the other tests read the files back with openpyxl")
    download = made(native_runtime, full_state(), worksheet, action)
    saved = tmp_path / "book.xlsx"
    saved.write_bytes(base64.b64decode(download["base64"]))
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                           str(saved)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "book.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    text = PdfReader(pdf).pages[0].extract_text()
    assert load_workbook(saved).worksheets[0].cell(1, 1).value in text
