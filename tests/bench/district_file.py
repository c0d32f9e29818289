"""The district files the benchmark counts from: a 100,000-row CSV screener export and a
20,000-row Excel referral log, with the columns such exports have (names and birth dates
included, which the toolkit must never read)."""

from __future__ import annotations

import datetime
import io

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


def xlsx_upload(rows: int = 20_000) -> dict:
    """An Excel workbook of ``rows`` students, as a Playwright file payload."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Referrals")
    sheet.append(HEADER)
    for at in range(rows):
        sheet.append(_row(at))
    out = io.BytesIO()
    book.save(out)
    return {"name": f"referrals-{rows}.xlsx", "buffer": out.getvalue(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
