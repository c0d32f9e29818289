"""Workbooks made for tests, small on disk however large they unpack: openpyxl's own
workbook with its first sheet's XML replaced, written chunk by chunk."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _base() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["placeholder"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(sheet_chunks: Iterable[str], compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook made by openpyxl whose first sheet's XML is replaced by the chunks
    given (written as they come, so a large sheet never sits in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_base())) as base, zipfile.ZipFile(out, "w") as book:
        for info in base.infolist():
            if info.filename != SHEET:
                book.writestr(info, base.read(info.filename), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(SHEET)
        info.compress_type = compress_type
        with book.open(info, "w", force_zip64=True) as part:
            pending: list[str] = []
            size = 0
            for chunk in sheet_chunks:  # written a megabyte at a time: fewer, larger writes
                pending.append(chunk)
                size += len(chunk)
                if size >= 1 << 20:
                    part.write("".join(pending).encode())
                    pending, size = [], 0
            part.write("".join(pending).encode())
    return out.getvalue()


def sheet(rows: Iterable[str], dimension: str = "", between: str = "") -> Iterator[str]:
    """A sheet's XML, chunk by chunk: ``rows`` yields each row's cells' XML."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    for number, cells in enumerate(rows, start=1):
        yield f'<row r="{number}">{cells}</row>{between}'
    yield "</sheetData></worksheet>"


def inline(reference: str, text: str) -> str:
    """A cell holding ``text`` as an inline string."""
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'
