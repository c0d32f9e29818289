"""What the page asks of Python about the district's own files (see
:mod:`browser_py.district_files.district_files`): read one into memory, forget it, count
from them."""

from __future__ import annotations

from typing import Any

from ..core.errors import ToolkitError
from . import district_files, file_counts


def read_district_file(file_id: str, name: str, data: bytes, read_at: str,
                       header: bool | None = None, sheet: str = "") -> dict[str, Any]:
    """Keep a file in memory for this visit and describe it (never its contents)."""
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ToolkitError("The page could not hand the file to the calculator. Pick it again.")
    if header is not None and not isinstance(header, bool):
        raise ToolkitError("Say whether the first row of the file holds column names.")
    try:
        return district_files.read_file(str(file_id), str(name), bytes(data), str(read_at),
                                        header, str(sheet)).describe()
    except ToolkitError:
        raise
    except Exception as error:  # noqa: BLE001 - its text may quote the file: never shown
        raise ToolkitError(
            f"“{name}” could not be read ({type(error).__name__}). Open it in Excel, keep "
            "only the columns you need, save it as CSV, and pick it again.") from None


def forget_district_file(file_id: str) -> None:
    """Drop a file from memory."""
    district_files.forget(str(file_id))


def typed_above(links: list[Any], table: object, columns: dict[str, str]
                ) -> dict[str, list[str]]:
    """For each row counted from a file, the rows above it in ``table`` (the rows as the
    page holds them) that hold a number not counted from these files, by name."""
    linked = {link.get("row_id") for link in links if isinstance(link, dict)}
    found: dict[str, list[str]] = {}
    typed: list[str] = []
    numbers = (columns.get("indicated", ""), columns.get("new", ""))
    for number, row in enumerate(table if isinstance(table, list) else [], start=1):
        if not isinstance(row, dict):
            continue
        if row.get("row_id") in linked:
            found[str(row["row_id"])] = list(typed)
        elif any(isinstance(row.get(c), str | int | float) and str(row.get(c)).strip()
                 for c in numbers):
            name = row.get(columns.get("name", ""))
            typed.append(name.strip() if isinstance(name, str) and name.strip()
                         else f"Row {number}")
    return found


def count_from_files(links: list[Any], table: object = None,
                     columns: dict[str, str] | None = None) -> dict[str, Any]:
    """Each file row's counts, in the table's order, each saying which rows typed above
    it cannot be matched against its file (``table`` holds the rows as the page has them,
    ``columns`` names its name and number columns); the rows whose file is no longer
    open; and the students with a need by group, as the entries keep them (``groups``:
    the grouping column's name, the rows to save, and any problem with the grouping)."""
    if not isinstance(links, list):
        raise ToolkitError("The page sent an unreadable list of files. Pick the files again.")
    try:
        # A row whose file is closed was not matched against the others: a typed row.
        open_links = [link for link in links if isinstance(link, dict)
                      and link.get("file_id") in district_files.FILES]
        rows, gone = file_counts.count_rows(links, typed_above(open_links, table,
                                                               columns or {}))
        problems: list[str] = []
        column, need = file_counts.group_counts(links, problems)
    except ToolkitError:
        raise
    except Exception as error:  # noqa: BLE001 - its text may quote a file: never shown
        raise ToolkitError(f"The files could not be counted ({type(error).__name__}). Pick "
                           "them again; if it happens again, save them as CSV.") from None
    return {"rows": rows, "gone": gone,
            "groups": {"column": column, "rows": file_counts.saved_rows(need),
                       "problems": problems}}
