"""The faster reading of a workbook's strings gives exactly openpyxl's own text."""

from __future__ import annotations

import io
from xml.etree.ElementTree import fromstring

from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.text import Text
from openpyxl.reader.strings import read_string_table

from browser_py.district_files import district_files, workbook_strings

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
ITEMS = [
    "<si><t>Plain</t></si>",
    '<si><t xml:space="preserve">  spaced  </t></si>',
    "<si><t/></si>",
    "<si></si>",
    "<si><r><rPr><b/></rPr><t>Bold</t></r><r><t> and not</t></r></si>",
    "<si><t>Kanji</t><rPh sb='0' eb='1'><t>かんじ</t></rPh><phoneticPr fontId='1'/></si>",
    "<si><r><t>run</t></r><r><rPr/></r></si>",
    "<si><t>x005F_x000D_ escaped</t></si>",
    "<si><t>Ünïcödé &amp; &lt;tags&gt;</t></si>",
]


def _table(items: list[str]) -> bytes:
    return f'<sst {NS} count="{len(items)}">{"".join(items)}</sst>'.encode()


def test_the_shared_strings_read_as_openpyxl_reads_them() -> None:
    table = _table(ITEMS)
    assert workbook_strings.string_table(io.BytesIO(table)) == read_string_table(
        io.BytesIO(table))


def test_each_string_reads_as_openpyxls_text_content() -> None:
    for item in ITEMS:
        node = fromstring(item.replace("<si>", f"<si {NS}>", 1))
        assert workbook_strings.InlineText.from_tree(node).content == Text.from_tree(
            node).content, item


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
_part = st.one_of(
    _text.map(lambda t: ("t", t)), _text.map(lambda t: ("r", t)),
    _text.map(lambda t: ("rPh", t)), st.just(("empty-r", "")))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@given(st.lists(_part, max_size=5))
def test_any_mix_of_text_runs_and_guides_reads_alike(parts: list[tuple[str, str]]) -> None:
    inner, plain = [], False
    for kind, text in parts:
        if kind == "t" and not plain:  # a string holds its own text once, first
            inner.insert(0, f"<t>{_escape(text)}</t>")
            plain = True
        elif kind == "r":
            inner.append(f"<r><t>{_escape(text)}</t></r>")
        elif kind == "rPh":
            inner.append(f'<rPh sb="0" eb="1"><t>{_escape(text)}</t></rPh>')
        elif kind == "empty-r":
            inner.append("<r><rPr/></r>")
    item = f"<si>{''.join(inner)}</si>"
    table = _table([item])
    assert workbook_strings.string_table(io.BytesIO(table)) == read_string_table(
        io.BytesIO(table))


def test_a_workbook_reads_the_same_with_and_without_the_faster_strings() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Student ID", "Name", "School"])
    for at in range(50):
        book.active.append([f"S{at:04d}", f"Ünï {at}", "North High" if at % 2 else ""])
    out = io.BytesIO()
    book.save(out)
    from openpyxl.reader import excel
    from openpyxl.worksheet import _reader

    originals = excel.read_string_table, _reader.Text
    try:
        excel.read_string_table, _reader.Text = read_string_table, Text
        plain = _read_plain(out.getvalue())
    finally:
        excel.read_string_table, _reader.Text = originals
    text, sheets, sheet, unreadable = district_files.workbook_text("referrals.xlsx",
                                                                   out.getvalue())
    assert excel.read_string_table is workbook_strings.string_table
    assert (text, sheets, sheet, unreadable) == plain + (0,)
    assert "School" in text and "Ünï" not in text  # the name column is dropped as read
    assert "North High" in text


def _read_plain(data: bytes) -> tuple[str, list[str], str]:
    """The workbook as openpyxl alone reads it, written as workbook_text writes it: the
    name column (the second) emptied below its title, each row up to its last value."""
    import csv

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    for at, row in enumerate(book[book.sheetnames[0]].iter_rows(values_only=True)):
        cells = ["" if value is None or (at and column == 1) else str(value)
                 for column, value in enumerate(row)]
        while cells and not cells[-1]:
            cells.pop()
        writer.writerow(cells)
    book.close()
    return out.getvalue(), list(book.sheetnames), book.sheetnames[0]
