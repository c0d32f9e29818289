"""One style for the numbers and dates people read in the report and its downloads:
counts with thousands separators however they were entered, dates written out, and the
answers of a multi-part entry each on its own line."""

from __future__ import annotations

import pytest

from browser_py.core.figures import iso_or_long_date, typed_number
from browser_py.district_files import district_files, file_counts

TODAY = "2026-11-28"


@pytest.mark.parametrize(("raw", "shown"), [
    ("1150", "1,150"), ("1,150", "1,150"), (" 1860 ", "1,860"), (1150, "1,150"),
    ("2.25", "2.25"), ("1234.5", "1,234.5"), ("0", "0"), ("", ""),
    ("<10", "<10"), ("hidden", "hidden"), ("-3", "-3"), ("12 or so", "12 or so"),
])
def test_a_number_entered_reads_as_results_write_numbers(raw: object, shown: str) -> None:
    assert typed_number(raw) == shown


@pytest.mark.parametrize(("raw", "shown"), [
    ("2026-10-15", "October 15, 2026"), ("2026-02-30", "2026-02-30"), ("soon", "soon"),
    ("", ""),
])
def test_a_saved_date_reads_written_out(raw: str, shown: str) -> None:
    assert iso_or_long_date(raw) == shown


def _plan_state() -> dict:
    return {"worksheets": {
        "project-plan": {"roadmap": [{"row_id": "r1", "done": False, "step": "Meet counsel",
                                      "owner": "Kim", "deadline": "2026-10-15"}]},
        "needs-estimate": {"sources": [
            {"row_id": "screeners", "source": "Screeners", "indicated": "1150", "new": "1150"},
            {"row_id": "referrals", "source": "Referrals", "indicated": "1,860", "new": "710"},
        ]},
    }}


def _table(report: dict, worksheet: str, label_part: str) -> dict:
    section = next(s for s in report["sections"] if s["id"] == worksheet)
    return next(b for b in section["blocks"]
                if b["type"] == "table" and label_part in b["label"])


def test_a_report_table_writes_its_dates_out_and_its_counts_with_separators(
        native_runtime) -> None:
    report = native_runtime.build_report(_plan_state(), TODAY)
    plan = _table(report, "project-plan", "roadmap")
    assert plan["rows"] == [["", "Meet counsel", "Kim", "October 15, 2026"]]
    sources = _table(report, "needs-estimate", "")
    numbers = [cell for row in sources["rows"] for cell in row]
    assert "1,150" in numbers and "1,860" in numbers and "1150" not in numbers
    for kind in ("markdown", "html"):
        text = native_runtime.report_file(_plan_state(), TODAY, kind)["text"]
        assert "October 15, 2026" in text and "2026-10-15" not in text.replace(
            "partnership-plan-2026", ""), kind
        assert "1,150" in text and "1150" not in text, kind


def test_counts_from_a_district_file_are_written_as_typed_counts_are() -> None:
    district_files.FILES.clear()
    try:
        rows = "".join(f"{5000 + n},North\n" for n in range(1150))
        district_files.read_file("f1", "f1.csv", f"Student ID,School\n{rows}".encode(),
                                 "2026-12-02T10:00", None)
        counted, _ = file_counts.count_rows([{"row_id": "r", "file_id": "f1",
                                              "id_column": 0}])
    finally:
        district_files.FILES.clear()
    assert counted[0]["indicated"] == 1150
    assert counted[0]["cells"] == {"indicated": "1,150", "new": "1,150"}


def _profile_state() -> dict:
    students = {"american-indian": "4", "asian": "1488", "black": "3", "hispanic": "5200",
                "white": "4100", "two-or-more": "600"}
    return {"worksheets": {"needs-estimate": {"enrollment": "12400"}, "provider-questions": {
        "composition": {key: {"students": n} for key, n in students.items()},
    }}}


def test_the_answers_of_a_multi_part_entry_are_separate_lines_everywhere(
        native_runtime) -> None:
    report = native_runtime.build_report(_profile_state(), TODAY)
    section = next(s for s in report["sections"] if s["id"] == "provider-questions")
    answers = [row[1] for block in section["blocks"] if block["type"] == "result"
               for row in block["rows"] if row[0].startswith("What is the racial")]
    assert answers, section
    lines = answers[0].split("\n")
    assert lines[0].startswith("American Indian or Alaska Native: ")
    assert lines[1].startswith("Asian: ")
    markdown = native_runtime.report_file(_profile_state(), TODAY, "markdown")["text"]
    row = next(line for line in markdown.splitlines() if "American Indian" in line)
    assert "<br>Asian: " in row
    html = native_runtime.report_file(_profile_state(), TODAY, "html")["text"]
    assert "<br>Asian: " in html
    assert f"{lines[0]}Asian" not in markdown and f"{lines[0]} Asian" not in html
