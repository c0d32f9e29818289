"""The district files the benchmark counts from: a 100,000-row CSV screener export and a
20,000-row Excel referral log, with the columns such exports have (names and birth dates
included, which the toolkit must never read)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

SCHOOLS = ("North High", "South High", "East Middle", "West Middle", "Central Elementary")


def _row(at: int) -> list[object]:
    return [f"{100_000 + at * 7}", f"Last{at}", f"First{at}",
            datetime.date(2008 + at % 10, at % 12 + 1, at % 28 + 1), SCHOOLS[at % 5],
            6 + at % 7, at % 31]


HEADER = ["Student ID", "Last name", "First name", "Birth date", "School", "Grade", "Score"]


def csv_upload(rows: int = 100_000) -> dict:
    """A CSV export of ``rows`` students, as a Playwright file payload."""
    lines = [",".join(HEADER)] + [",".join(map(str, _row(at))) for at in range(rows)]
    return {"name": f"screener-{rows}.csv", "mimeType": "text/csv",
            "buffer": ("\r\n".join(lines) + "\r\n").encode()}


def xlsx_upload(rows: int = 20_000, dimension: bool = True) -> dict:
    """An Excel workbook of ``rows`` students, as a Playwright file payload. Excel writes
    the sheet's size (its ``<dimension>`` record); ``dimension=False`` leaves it out, as
    some export tools do (openpyxl's write-only mode among them), and then openpyxl reads
    the whole sheet once more to find its size."""
    from openpyxl import Workbook

    book = Workbook(write_only=not dimension)
    sheet = book.active if dimension else book.create_sheet()
    sheet.title = "Referrals"
    sheet.append(HEADER)
    for at in range(rows):
        sheet.append(_row(at))
    out = io.BytesIO()
    book.save(out)
    name = f"referrals-{rows}" + ("" if dimension else "-unsized")
    return {"name": f"{name}.xlsx", "buffer": out.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def on_disk(folder: Path, upload: dict) -> str:
    """Write a file payload into ``folder``; its path, for the file input."""
    path = folder / upload["name"]
    path.write_bytes(upload["buffer"])
    return str(path)
