"""Counting from the district's own files: reading CSV as districts have it, exact
unduplicated counts in the table's order, and the over-representation check."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from browser_py.core.errors import ToolkitError
from browser_py.district_files import district_files, file_counts, file_limits
from browser_py.page import protocol
from browser_py.worksheets import group_risk


def over_representation(links: list[dict], enrollment: object, threshold: int,
                        flag_at: Fraction = group_risk.DEFAULT_RISK_RATIO) -> dict | None:
    """The groups counted from ``links`` compared as the worksheet's result compares them,
    once their counts are saved with the entries: the comparison, with any problem of the
    grouping first; None when no file is grouped."""
    problems: list[str] = []
    column, need = file_counts.group_counts(links, problems)
    if not column:
        return {"column": "", "rows": [], "missing": [], "problems": problems, "total": "",
                "chart": None, "flagged": []} if problems else None
    saved = group_risk.saved_counts(file_counts.saved_rows(need), column)
    result = group_risk.check(saved, enrollment, threshold, flag_at)
    return {**result, "problems": [*problems, *result["problems"]]}


@pytest.fixture(autouse=True)
def _no_files_left():
    district_files.FILES.clear()
    yield
    district_files.FILES.clear()


def read(text: str | bytes, file_id: str = "f1", header: bool | None = None,
         encoding: str = "utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return district_files.read_file(file_id, f"{file_id}.csv", data, "2026-12-02T10:00", header)


SCREENER = "Student ID,First name,Last name,School,Grade\n" + "".join(
    f"{1000 + i},Ann{i},Lee{i},{'North' if i % 2 else 'South'},{9 + i % 4}\n" for i in range(40))


def test_a_file_is_described_by_its_columns_never_its_contents() -> None:
    described = read(SCREENER).describe()
    assert described["rows"] == 40 and described["header"] is True
    assert described["delimiter"] == "comma" and described["encoding"] == "UTF-8"
    names = {c["name"]: c["private"] for c in described["columns"]}
    assert names == {"Student ID": False, "First name": True, "Last name": True,
                     "School": False, "Grade": False}
    assert described["suggested_id"] == 0
    text = json.dumps(described)
    assert "Ann1" not in text and "1001" not in text and "Lee" not in text


@pytest.mark.parametrize(("data", "encoding", "delimiter"), [
    ("\ufeffid;school\n7;Café Nord\n8;Süd\n".encode(), "UTF-8", "semicolon"),
    ("id\tschool\n7\tCafé Nord\n8\tSüd\n".encode("cp1252"), "Windows-1252", "tab"),
    ("id,school\r\n7,\"Café, Nord\"\r\n8,Süd\r\n".encode(), "UTF-8", "comma"),
])
def test_csv_as_districts_export_it(data: bytes, encoding: str, delimiter: str) -> None:
    described = read(data).describe()
    assert (described["encoding"], described["delimiter"]) == (encoding, delimiter)
    assert [c["name"] for c in described["columns"]] == ["id", "school"]
    groups = district_files.student_groups(district_files.FILES["f1"], 0, 1)
    assert groups == {"7": "Café Nord" if delimiter != "comma" else "Café, Nord", "8": "Süd"}


def test_a_file_without_a_header_row_is_read_from_its_first_row() -> None:
    described = read("1001,North\n1002,South\n1001,North\n").describe()
    assert described["header"] is False and described["rows"] == 3
    assert [c["name"] for c in described["columns"]] == ["Column 1", "Column 2"]
    assert len(district_files.student_groups(district_files.FILES["f1"], 0)) == 2
    # The person can say otherwise: the first row is then the column names.
    assert read("1001,North\n1002,South\n", header=True).describe()["rows"] == 1


def test_private_columns_cannot_be_read() -> None:
    read(SCREENER)
    with pytest.raises(ToolkitError, match="never reads"):
        district_files.student_groups(district_files.FILES["f1"], 1)
    with pytest.raises(ToolkitError, match="Choose the column"):
        district_files.student_groups(district_files.FILES["f1"], 9)


@pytest.mark.parametrize(("data", "says"), [
    (b"", "is empty"),
    (b"PK\x03\x04rest", "could not be read as an Excel workbook"),
    (b"id\x00\x00\x01", "not a text file"),
])
def test_unreadable_files_say_what_to_do(data: bytes, says: str) -> None:
    with pytest.raises(ToolkitError, match=says):
        read(data)
    assert district_files.FILES == {}


def test_a_file_too_large_is_refused_before_reading(monkeypatch) -> None:
    monkeypatch.setattr(file_limits, "MAX_FILE_BYTES", 10)
    with pytest.raises(ToolkitError, match="Export only the columns you need"):
        read("id\n1\n2\n3\n4\n")


def test_counts_follow_the_table_order_and_skip_earlier_files() -> None:
    read("id\n1\n2\n3\n3\n 4 \n", "a")
    read("id\n3\n4\n5\n", "b")
    read("ID\n5\n6\n1\n", "c")
    links = [{"row_id": r, "file_id": f, "id_column": 0} for r, f in
             (("screeners", "a"), ("referrals", "b"), ("crisis", "c"))]
    assert file_counts.count_rows(links) == ([
        {"row_id": "screeners", "indicated": 4, "new": 4,
         "cells": {"indicated": "4", "new": "4"},
         "text": "4 students, 4 not in an earlier file."},
        {"row_id": "referrals", "indicated": 3, "new": 1,
         "cells": {"indicated": "3", "new": "1"},
         "text": "3 students, 1 not in an earlier file."},
        {"row_id": "crisis", "indicated": 3, "new": 1,
         "cells": {"indicated": "3", "new": "1"},
         "text": "3 students, 1 not in an earlier file."},
    ], [])
    # Reordered: the same files, other rows first.
    reordered = [links[2], links[0], links[1]]
    assert [r["new"] for r in file_counts.count_rows(reordered)[0]] == [3, 3, 0]
    # The total of the new column is the distinct students over all files, in any order.
    assert sum(r["new"] for r in file_counts.count_rows(reordered)[0]) == 6


def test_a_file_no_longer_open_is_named_and_the_others_still_count() -> None:
    read("id\n1\n2\n", "a")
    rows, gone = file_counts.count_rows([{"row_id": "r", "file_id": "gone", "id_column": 0},
                                         {"row_id": "s", "file_id": "a", "id_column": 0}])
    assert gone == ["r"] and rows == [{"row_id": "s", "indicated": 2, "new": 2,
                                       "cells": {"indicated": "2", "new": "2"},
                                       "text": "2 students, 2 not in an earlier file."}]
    with pytest.raises(ToolkitError, match="Pick it again"):
        district_files.file_of("gone")


def grouped(need: dict[str, int], enrolled: dict[str, int], threshold: int = 10,
            flag_at: Fraction = Fraction(3)):
    lines = ["id,school"]
    student = 0
    for group, count in need.items():
        for _ in range(count):
            student += 1
            lines.append(f"{student},{group}")
    read("\n".join(lines) + "\n")
    links = [{"row_id": "r", "file_id": "f1", "id_column": 0, "group_column": 1}]
    rows = [{"row_id": g, "group": g, "enrolled": n} for g, n in enrolled.items()]
    return over_representation(links, rows, threshold, flag_at)


def test_risk_ratio_as_34_cfr_300_647_computes_it() -> None:
    result = grouped({"North": 60, "South": 20, "West": 20},
                     {"North": 200, "South": 400, "West": 400})
    by_group = {row["group"]: row for row in result["rows"]}
    # North: 60/200 = 30%; all others: 40/800 = 5%; ratio 6.
    assert by_group["North"]["risk"] == "30.0%" and by_group["North"]["ratio"] == "6.00"
    assert by_group["North"]["flag"] == "Over-represented"
    # South: 20/400 = 5%; others: 80/600 = 13.3%; ratio 0.375.
    assert by_group["South"]["ratio"] == "0.38" and by_group["South"]["flag"] == ""
    assert result["flagged"] == ["North"] and result["total"] == "100"
    assert result["column"] == "school"
    assert result["summary"].endswith("with all other students. Over-represented (risk "
                                      "ratio 3.00 or more): North.")
    drawn = result["chart"]
    assert [row[0] for row in drawn["rows"]] == ["North", "South", "West"]
    assert drawn["rows"][0][1].startswith("6.00 (30.0% against 5.0%")
    bars = [s for s in drawn["shapes"] if s["type"] == "rect"]
    assert [b["class"] for b in bars] == ["tk-chart__bar--unmet", "tk-chart__bar--need",
                                          "tk-chart__bar--need", "tk-chart__bar--recommended"]


def test_the_flag_follows_the_states_threshold() -> None:
    result = grouped({"North": 60, "South": 20, "West": 20},
                     {"North": 200, "South": 400, "West": 400}, flag_at=Fraction(7))
    assert result["flagged"] == []
    assert result["summary"].endswith("No group reaches a risk ratio of 7.00.")


def test_small_groups_are_hidden_with_complementary_suppression() -> None:
    result = grouped({"North": 50, "South": 5, "West": 40},
                     {"North": 200, "South": 100, "West": 300})
    by_group = {row["group"]: row for row in result["rows"]}
    # A risk or a ratio built on a hidden count is marked, never left blank.
    assert by_group["South"]["need"] == "<10" and by_group["South"]["risk"] == "hidden"
    # With the total shown, one more group is hidden so South cannot be worked out.
    hidden = [row["group"] for row in result["rows"] if row["need"] == "hidden"]
    assert [row[0] for row in result["chart"]["rows"]] == ["North"]
    assert hidden == ["West"] and by_group["West"]["ratio"] == "hidden"
    shown = json.dumps([result["rows"], result["chart"]["rows"]])
    assert '"5"' not in shown and '"40"' not in shown
    # North's comparison adds South and West, which the total minus North gives anyway.
    assert by_group["North"]["ratio"] == "2.22"


def test_no_comparison_publishes_a_sum_of_hidden_counts() -> None:
    # East has no enrollment: all others' risk for North would add only South and West,
    # giving West (hidden) away from South's range. No ratio is published.
    result = grouped({"North": 50, "South": 5, "West": 40, "East": 30},
                     {"North": 200, "South": 100, "West": 300})
    assert all(row["ratio"] in ("", "hidden") for row in result["rows"])
    assert result["chart"] is None
    north = next(row for row in result["rows"] if row["group"] == "North")
    assert north["flag"] == "Enter every group's enrollment to compare"
    assert north["risk"] == "25.0%"


def test_groups_too_small_to_compare_and_missing_enrollment_say_so() -> None:
    result = grouped({"North": 12, "South": 30, "East": 10},
                     {"North": 20, "South": 500})
    by_group = {row["group"]: row for row in result["rows"]}
    assert by_group["North"]["flag"] == "Fewer than 30 students enrolled to compare"
    # A group only in the files is named for its enrollment, never counted.
    assert "East" not in by_group and result["missing"] == ["East"]


def test_enrolled_groups_without_a_need_count_in_all_others() -> None:
    # North 60 of 200; South 20 of 400; West 0 of 2,000. All others: 20 of 2,400.
    result = grouped({"North": 60, "South": 20}, {"North": 200, "South": 400, "West": 2000},
                     threshold=5)
    by_group = {row["group"]: row for row in result["rows"]}
    assert by_group["North"]["ratio"] == "36.00" and by_group["West"]["need"] == "<5"
    assert result["total"] == "80"


def test_an_enrollment_of_zero_is_a_message_not_a_crash() -> None:
    result = grouped({"North": 60, "South": 20}, {"North": 200, "South": 0})
    by_group = {row["group"]: row for row in result["rows"]}
    assert by_group["South"]["need"] == "20" and by_group["South"]["risk"] == ""
    assert by_group["South"]["flag"] == ("More students with a need than enrolled: check "
                                         "the enrollment")


def test_more_need_than_enrollment_is_named_only_for_a_shown_group() -> None:
    result = grouped({"North": 40, "South": 30}, {"North": 35, "South": 500})
    north = next(row for row in result["rows"] if row["group"] == "North")
    assert north["flag"] == "More students with a need than enrolled: check the enrollment"
    # South "<10" with an enrollment of 8: naming it would tell a reader it is 9.
    hidden = grouped({"North": 60, "South": 9}, {"North": 300, "South": 8})
    assert all("South" not in p for p in hidden["problems"])
    assert hidden["problems"] == ["An enrollment entered is lower than the students with a "
                                  "need counted for its group. Check the enrollments you "
                                  "typed."]


def test_no_grouping_column_means_no_check() -> None:
    read("id\n1\n")
    links = [{"row_id": "r", "file_id": "f1", "id_column": 0, "group_column": None}]
    assert over_representation(links, [], 10) is None


@pytest.mark.usefixtures("native_runtime")
def test_the_worker_protocol_reads_counts_and_forgets() -> None:
    described = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "f1", "name": "screener.csv", "read_at": "2026-12-02T10:00"}),
        SCREENER.encode()))
    assert described["ok"] and described["result"]["rows"] == 40
    table = [{"row_id": "typed", "source": "Referrals", "indicated": "12", "new": ""},
             {"row_id": "screeners", "source": "Screeners", "indicated": "", "new": ""}]
    counted = json.loads(protocol.call("count_from_files", json.dumps({
        "links": [{"row_id": "screeners", "file_id": "f1", "id_column": 0,
                   "group_column": 3}], "worksheet": "needs-estimate", "table": table})))
    assert counted["ok"], counted
    # The typed row above cannot be matched against the file: the row says so.
    assert counted["result"]["rows"] == [{
        "row_id": "screeners", "indicated": 40, "new": 40,
        "cells": {"indicated": "40", "new": "40"},
        "text": "40 students, 40 not in an earlier file. The students of “Referrals”, typed "
                "above it, cannot be matched against this file: some may be counted twice."}]
    # The students by group, as the entries keep them: counts and the groups' names only.
    groups = counted["result"]["groups"]
    assert (groups["column"], groups["problems"]) == ("School", [])
    assert [{k: v for k, v in row.items() if k != "row_id"} for row in groups["rows"]] == [
        {"group": "North", "students": "20"}, {"group": "South", "students": "20"}]
    # A row's id comes from its group: the same on every device that counts it.
    assert groups["rows"][0]["row_id"] == file_counts.saved_rows(
        {"north": ("North", 3)})[0]["row_id"]
    json.loads(protocol.call("forget_district_file", json.dumps({"file_id": "f1"})))
    assert district_files.FILES == {}
    refused = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "f2", "name": "book.xlsx", "read_at": "x"}), b"PK\x03\x04"))
    assert refused["ok"] is False and "Excel workbook" in refused["error"]


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_workbook_is_read_from_its_first_or_chosen_sheet() -> None:
    import datetime

    data = workbook({
        "Notes": [["Exported 2026-11-30"]],
        "Referrals": [["Local ID", "Student name", "DOB", "Grade"],
                      [7001, "Ann Lee", datetime.date(2011, 3, 4), 9],
                      [7002, "Bo Park", datetime.date(2012, 5, 6), 10],
                      [7001, "Ann Lee", datetime.date(2011, 3, 4), 9]],
    })
    first = district_files.read_file("w", "log.xlsx", data, "t").describe()
    assert first["sheets"] == ["Notes", "Referrals"] and first["sheet"] == "Notes"
    described = district_files.read_file("w", "log.xlsx", data, "t", None,
                                         "Referrals").describe()
    assert described["encoding"] == "Excel workbook" and described["rows"] == 3
    assert [(c["name"], c["private"]) for c in described["columns"]] == [
        ("Local ID", False), ("Student name", True), ("DOB", True), ("Grade", False)]
    held = district_files.FILES["w"].text
    assert "Ann" not in held and "2011" not in held  # private cells are never copied
    assert district_files.student_groups(district_files.FILES["w"], 0, 3) == {
        "7001": "9", "7002": "10"}


def test_enrollment_is_read_as_typed_and_a_bad_entry_is_named() -> None:
    read("id,school\n" + "".join(f"{i},North\n" for i in range(60)))
    links = [{"row_id": "r", "file_id": "f1", "id_column": 0, "group_column": 1}]
    rows = [{"row_id": "a", "group": "North", "enrolled": "1,200"},
            {"row_id": "b", "group": "South", "enrolled": "lots"}]
    result = over_representation(links, rows, 10)
    assert result["rows"][0]["enrolled"] == "1,200"
    assert any("Enrollment of South" in p for p in result["problems"])


@pytest.mark.parametrize(("typed", "key"), [
    ("00123", "123"), ("123", "123"), ("123.0", "123"), (" 0 ", "0"), ("000", "0"),
    ("S-0042", "s-0042"), ("12.5", "12.5"), ("AbC", "abc"),
])
def test_student_numbers_match_across_csv_and_spreadsheet(typed: str, key: str) -> None:
    assert district_files.student_key(typed) == key


def test_a_student_in_a_csv_and_a_workbook_is_counted_once() -> None:
    read("id\n00123\n00456\n", "csv")
    district_files.read_file("book", "b.xlsx", workbook({"S": [["ID"], [123], [789]]}), "t")
    links = [{"row_id": "a", "file_id": "csv", "id_column": 0},
             {"row_id": "b", "file_id": "book", "id_column": 0}]
    assert [r["new"] for r in file_counts.count_rows(links)[0]] == [2, 1]


@pytest.mark.parametrize(("setting", "used"), [
    ("2.5", Fraction(5, 2)), (None, Fraction(3)), ("nonsense", Fraction(3)), ("1", Fraction(3)),
])
def test_the_flag_reads_the_editions_setting(setting, used) -> None:
    assert group_risk.flag_at({"risk_ratio_threshold": setting}) == used


def test_private_columns_stay_private_whatever_the_header_choice() -> None:
    text = "Roster printed 2026-11-30\n\nStudent ID,Last name,DOB,School\n1,Smith,2011-01-02,N\n"
    described = read(text).describe()
    assert described["rows"] == 1 and described["header"] is True  # the title row skipped
    assert [c["private"] for c in described["columns"]] == [False, True, True, False]
    unticked = read(text, header=False).describe()
    assert [c["private"] for c in unticked["columns"]] == [False, True, True, False]
    held = district_files.FILES["f1"].text
    assert "Smith" not in held and "2011-01-02" not in held and "Roster" not in held


def test_a_headerless_file_of_text_is_not_taken_for_column_names() -> None:
    described = read("S001,Smith,North\nS002,Jones,South\n").describe()
    assert described["header"] is False and described["rows"] == 2


def test_a_grouping_column_must_group_students() -> None:
    read("id,last,school\n" + "".join(f"{i},x,North\n" for i in range(80)))
    by_id = over_representation(
        [{"row_id": "r", "file_id": "f1", "id_column": 0, "group_column": 0}], [], 10)
    assert "cannot be the student number" in by_id["problems"][0] and not by_id["rows"]
    read("id,code,school\n" + "".join(f"{i},{i * 7},North\n" for i in range(80)), "f2")
    many = over_representation(
        [{"row_id": "r", "file_id": "f2", "id_column": 0, "group_column": 1}], [], 10)
    assert "80 different values" in many["problems"][0] and "81" not in json.dumps(many)


def test_files_grouped_by_different_columns_are_not_mixed() -> None:
    read("id,school,grade\n" + "".join(f"{i},{'North' if i % 2 else 'South'},{9 + i % 2}\n"
                                        for i in range(6)), "a")
    read("id,school,grade\n7,North,9\n8,North,9\n9,North,9\n", "b")
    result = over_representation(
        [{"row_id": "r", "file_id": "a", "id_column": 0, "group_column": 1},
         {"row_id": "s", "file_id": "b", "id_column": 0, "group_column": 2}],
        [{"row_id": "x", "group": "North", "enrolled": 100}], 10)
    assert result["column"] == "school" and "Group every file by the same column" in (
        result["problems"][0])
    assert result["missing"] == ["South"]  # 9 (grade) never mixed into the schools


def test_numbers_excel_shortened_are_refused_with_what_to_do() -> None:
    read("id\n1.23457E+11\n1.23457E+11\n9\n")
    with pytest.raises(ToolkitError, match="format the column “id” as Text"):
        district_files.student_groups(district_files.FILES["f1"], 0)


def test_an_old_excel_file_names_the_format() -> None:
    with pytest.raises(ToolkitError, match=r"older Excel file \(.xls\)"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)


def test_no_shown_figure_lets_a_reader_work_out_a_hidden_count() -> None:
    """Brute force, as a reader reasons: for every need vector up to 8 per group, list
    the vectors that fit what is published (each shown count exactly, "<5" below 5,
    "hidden" 5 or more, the total when shown, each ratio and risk as printed) and check
    that every hidden group keeps at least two possible values."""
    import itertools

    enrolled = {"A": 100, "B": 120, "C": 90}
    threshold = 5
    vectors = [dict(zip("ABC", combo, strict=True))
               for combo in itertools.product(range(0, 21), repeat=3)]

    def publish(need: dict[str, int]) -> dict:
        result = grouped({g: n for g, n in need.items() if n}, enrolled, threshold)
        district_files.FILES.clear()
        return result

    def fits(result: dict, need: dict[str, int]) -> bool:
        if result["total"].isdigit() and int(result["total"]) != sum(need.values()):
            return False
        total, everyone = sum(need.values()), sum(enrolled.values())
        for row in result["rows"]:
            value, shown = need[row["group"]], row["need"]
            if (shown.isdigit() and value != int(shown)) or (
                    shown == f"<{threshold}" and value >= threshold) or (
                    shown == "hidden" and value < threshold):
                return False
            if row["ratio"] and row["ratio"] != "hidden":
                mine = Fraction(value, enrolled[row["group"]])
                others = Fraction(total - value, everyone - enrolled[row["group"]])
                if others == 0 or f"{float(mine / others):.2f}" != row["ratio"]:
                    return False
        return True

    for combo in itertools.product(range(0, 9), repeat=3):
        need = dict(zip("ABC", combo, strict=True))
        result = publish(need)
        possible = [v for v in vectors if fits(result, v)]
        for row in result["rows"]:
            if row["need"] in ("hidden", f"<{threshold}"):
                assert len({v[row["group"]] for v in possible}) >= 2, (need, row)


def test_groups_before_any_enrollment_is_typed_are_only_named() -> None:
    result = grouped({"North": 30, "South": 12}, {})
    assert result["rows"] == [] and result["missing"] == ["North", "South"]
    assert result["total"] == "<10" and result["chart"] is None


@pytest.mark.parametrize(("size", "text"), [(0, "0 bytes"), (1023, "1,023 bytes"),
                                            (1024, "1 KB"), (5_800_000, "5.5 MB")])
def test_sizes_read_as_people_read_them(size: int, text: str) -> None:
    assert district_files.size_text(size) == text


@pytest.mark.parametrize(("moment", "text"), [
    ("2026-12-02T00:05", "12:05 AM"), ("2026-12-02T09:30", "9:30 AM"),
    ("2026-12-02T12:00", "12:00 PM"), ("2026-12-02T23:59", "11:59 PM"),
    ("soon", "soon"), ("2026-12-02T25:00", "2026-12-02T25:00")])
def test_read_times_are_the_clock_time(moment: str, text: str) -> None:
    assert district_files.time_text(moment) == text


def test_the_page_is_given_its_sentences() -> None:
    data = "Élève;École\n1001;Nord\n1002;Sud\n".encode("cp1252")
    described = district_files.read_file("s", "liste.csv", data, "2026-12-02T14:05").describe()
    assert described["label"] == f"“liste.csv” ({len(data)} bytes, read at 2:05 PM)"
    assert described["about"] == (f"“liste.csv”: {len(data)} bytes, 2 rows, 2 columns "
                                  "(Windows-1252, semicolon-separated).")
    assert protocol.files_held() == 1
    district_files.forget("s")
    assert protocol.files_held() == 0
