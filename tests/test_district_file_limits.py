"""A district file is untrusted input: hostile workbooks are refused or read within the
limits of browser_py/district_files/file_limits.py, no message quotes a cell, names are
never offered as groups, and student numbers are compared as people mean them."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from test_district_files import over_representation
from workbooks import MAIN, SHEET, inline, sheet, workbook

from browser_py.core.errors import ToolkitError
from browser_py.district_files import district_files, file_counts, file_limits
from browser_py.page import protocol

SECRET = "Zelda Secretname"


@pytest.fixture(autouse=True)
def _no_files_left():
    district_files.FILES.clear()
    yield
    district_files.FILES.clear()


def read(data: bytes, name: str = "list.xlsx") -> district_files.DistrictFile:
    return district_files.read_file("f1", name, data, "2026-12-02T10:00")


def test_a_row_bomb_without_a_dimension_is_refused_before_unpacking() -> None:
    row = "".join(inline(f"{col}1", "x") for col in "ABCDEFGHIJ")
    data = workbook(sheet(row for _ in range(700_000)))  # about 250 MB unpacked
    assert len(data) < 3_000_000  # about 2.6 MB on disk
    started = time.perf_counter()
    with pytest.raises(ToolkitError, match="would unpack into") as refused:
        read(data)
    assert time.perf_counter() - started < 2
    assert "200 MB" in str(refused.value) and "save the sheet as CSV" in str(refused.value)
    assert district_files.FILES == {}


def test_a_whitespace_bomb_is_refused_by_its_ratio() -> None:
    rows = (inline(f"A{n}", "1") for n in range(1, 11))
    data = workbook(sheet(rows, between=" " * 10_000_000))  # 100 MB of spaces
    assert len(data) < 500_000
    with pytest.raises(ToolkitError, match="times its size") as refused:
        read(data)
    assert f"at most {file_limits.MAX_UNPACK_RATIO} times" in str(refused.value)


def test_a_part_packed_with_bzip2_is_refused() -> None:
    data = workbook(sheet([inline("A1", "id"), inline("A2", "1")]),
                    compress_type=zipfile.ZIP_BZIP2)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert book.getinfo(SHEET).compress_type == zipfile.ZIP_BZIP2
    with pytest.raises(ToolkitError, match="packed in a way Excel does not write") as refused:
        read(data)
    assert "save the sheet as CSV" in str(refused.value)


def test_a_declared_xfd_dimension_is_clamped_to_the_cells_present() -> None:
    rows = [inline("A1", "Student ID") + inline("B1", "School")] + [
        f'<c r="A{n}"><v>{1000 + n}</v></c>' + inline(f"B{n}", "North" if n % 2 else "South")
        for n in range(2, 20004)]
    data = workbook(sheet(rows, dimension="A1:XFD20003"))
    assert len(data) < 300_000
    started = time.perf_counter()
    described = read(data).describe()
    took = time.perf_counter() - started
    assert [c["name"] for c in described["columns"]] == ["Student ID", "School"]
    assert described["rows"] == 20_002 and took < 5
    links = [{"row_id": "r", "file_id": "f1", "id_column": 0}]
    assert file_counts.count_rows(links)[0][0]["indicated"] == 20_002


def test_a_value_past_the_column_limit_is_refused_with_what_to_do() -> None:
    far = "SS1"  # column 513
    data = workbook(sheet([inline("A1", "id") + inline(far, "note"), inline("A2", "1")]))
    with pytest.raises(ToolkitError, match="fills 513 columns") as refused:
        read(data)
    assert "Remove unused columns" in str(refused.value)
    # A styled but empty cell far to the right is no column at all.
    empty = workbook(sheet([inline("A1", "id") + '<c r="XFD1" s="0"/>', inline("A2", "1")]))
    assert len(read(empty).columns) == 1


def test_cells_past_the_limit_stop_the_reading(monkeypatch) -> None:
    monkeypatch.setattr(file_limits, "MAX_CELLS", 1_000)
    rows = (inline(f"A{n}", str(n)) + inline(f"B{n}", "x") for n in range(1, 2_000))
    with pytest.raises(ToolkitError, match="more than 1,000 cells") as refused:
        read(workbook(sheet(rows)))
    assert "Remove unused columns" in str(refused.value)


def test_a_cell_of_endless_markup_stops_the_reading() -> None:
    runs = "".join("<r><t>a</t></r>" for _ in range(file_limits.MAX_CELL_ELEMENTS))
    data = workbook(sheet([inline("A1", "id"), f'<c r="A2" t="inlineStr"><is>{runs}</is></c>']))
    with pytest.raises(ToolkitError, match="far more markup"):
        read(data)


def test_a_name_in_a_number_cell_is_never_converted_or_quoted() -> None:
    rows = [inline("A1", "Student ID") + inline("B1", "Last Name") + inline("C1", "Grade"),
            f'<c r="A2"><v>7001</v></c><c r="B2"><v>{SECRET}</v></c><c r="C2"><v>9</v></c>',
            f'<c r="A3"><v>7002</v></c><c r="B3"><v>Lee</v></c><c r="C3"><v>{SECRET}</v></c>']
    data = workbook(sheet(rows))
    reply = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "f1", "name": "log.xlsx", "read_at": "t"}), data))
    assert reply["ok"], reply
    held = district_files.FILES["f1"]
    assert SECRET not in held.text and "Lee" not in held.text
    # The text in the grade's number cell could not be read: counted, never quoted.
    assert held.unreadable == 1
    counted = file_counts.count_rows([{"row_id": "r", "file_id": "f1", "id_column": 0}])[0]
    assert counted[0]["indicated"] == 2
    assert "1 cell of the workbook could not be read" in counted[0]["text"]
    assert SECRET not in json.dumps([reply, counted])


def test_broken_sheet_markup_is_named_by_its_kind_only() -> None:
    data = workbook([f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">',
                     inline("A1", SECRET), "<c></row>"])
    with pytest.raises(ToolkitError, match="could not be read as an Excel workbook") as broken:
        read(data)
    assert SECRET not in str(broken.value)


NAMES = [f"{first} {last}" for first in ("Ava", "Ben", "Cy", "Dee", "Eli", "Fay")
         for last in ("Smith", "Jones", "Hart", "Park", "Lee", "Diaz", "Ortiz", "Nguyen")]


def test_names_are_never_offered_or_listed_as_groups() -> None:
    text = "Student ID,Kid,School\n" + "".join(
        f"{5000 + at},{name},{'North' if at % 2 else 'South'}\n" for at, name in enumerate(NAMES))
    described = district_files.read_file("f1", "kids.csv", text.encode(), "t").describe()
    categories = {c["name"]: c["categories"] for c in described["columns"]}
    assert categories == {"Student ID": False, "Kid": False, "School": True}
    links = [{"row_id": "r", "file_id": "f1", "id_column": 0, "group_column": 1}]
    result = over_representation(links, [], 10)
    assert result["column"] == "" and result["missing"] == []
    assert "looks like names" in result["problems"][0]
    shown = json.dumps(result)
    assert not any(name in shown for name in NAMES)


@pytest.mark.parametrize("sizes", [[3, 3], [40], [5] * 12, [10, 10, 10, 10, 1]])
def test_categories_are_values_shared_by_several_students(sizes: list[int]) -> None:
    assert district_files.looks_like_categories(sizes)


@pytest.mark.parametrize("sizes", [[1] * 48, [2, 1, 1, 1], [1], [3] * 61, []])
def test_one_value_per_student_is_not_a_category(sizes: list[int]) -> None:
    assert not district_files.looks_like_categories(sizes)


def test_a_file_without_a_header_row_never_takes_a_student_for_column_names() -> None:
    text = "".join(f"{name},{'North' if at % 2 else 'South'}\n" for at, name in enumerate(NAMES))
    described = district_files.read_file("f1", "list.csv", text.encode(), "t").describe()
    assert described["header"] is False and described["rows"] == len(NAMES)
    assert [c["name"] for c in described["columns"]] == ["Column 1", "Column 2"]
    assert "Ava" not in json.dumps(described)
    # A school that sounds like a column name does not make the first student a header.
    school = "".join(f"{name},North High School\n" for name in NAMES).encode()
    assert district_files.read_file("f3", "s.csv", school, "t").header is False
    # Familiar column names still make a header without numbers below them.
    named = district_files.read_file("f2", "l.csv", b"Student ID,School\nQX1,North\n", "t")
    assert named.header is True


def test_four_spellings_of_one_number_count_once() -> None:
    spellings = ["1004", "1004\u200b", "\u200f1004", "\uff11\uff10\uff10\uff14"]
    text = "Student ID\n" + "".join(f"{s}\n" for s in spellings) + "1005\n"
    district_files.read_file("f1", "ids.csv", text.encode(), "t")
    counted = file_counts.count_rows([{"row_id": "r", "file_id": "f1", "id_column": 0}])[0]
    assert counted[0]["indicated"] == 2
    assert counted[0]["text"] == (
        "2 students, 2 not in an earlier file. 3 student numbers were written with invisible "
        "characters, direction marks or full-width digits and read as plain ones.")
    assert {district_files.student_key(s) for s in spellings} == {"1004"}


def test_a_line_past_the_field_limit_says_what_was_wrong() -> None:
    text = "Student ID,Note\n1," + "x" * (file_limits.MAX_FIELD_CHARS + 10) + "\n2,ok\n"
    reply = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "f1", "name": "notes.csv", "read_at": "t"}), text.encode()))
    assert reply["ok"] is False
    assert "more than 131,072 characters" in reply["error"]
    assert "unexpected problem" not in reply["error"] and "xxxx" not in reply["error"]
    # Past the rows the guesses read, and a quotation mark left open: the same message.
    late = "Student ID,Note\n" + "".join(f"{n},a\n" for n in range(20_000)) + '9,"' + (
        "y\n" * file_limits.MAX_FIELD_CHARS)
    with pytest.raises(ToolkitError, match="more than 131,072 characters"):
        district_files.read_file("f2", "late.csv", late.encode(), "t")


def test_a_csv_past_the_column_limit_is_refused() -> None:
    text = ",".join(f"c{n}" for n in range(600)) + "\n" + ",".join("1" * 600) + "\n"
    with pytest.raises(ToolkitError, match="fills 600 columns"):
        district_files.read_file("f1", "wide.csv", text.encode(), "t")


def test_every_limit_is_documented_beside_its_value() -> None:
    import inspect

    source = inspect.getsource(file_limits)
    for name in dir(file_limits):
        if name.startswith("MAX_") or name in {"RATIO_CHECKED_FROM", "COMPRESSION_METHODS"}:
            before = source.split(f"\n{name} =")[0].rstrip().splitlines()[-1]
            assert before.lstrip().startswith("#"), name
