"""What the page asks of Python about the district's own files (see
:mod:`browser_py.district_files.district_files`): read one into memory, forget it, count
from them."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core.errors import ToolkitError
from ..core.suppression import threshold_from
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


def _flag_at(settings: dict[str, Any]) -> Fraction:
    try:
        value = Fraction(str(settings.get("risk_ratio_threshold")))
    except (ValueError, ZeroDivisionError):
        return file_counts.DEFAULT_RISK_RATIO
    return value if value > 1 else file_counts.DEFAULT_RISK_RATIO


def count_from_files(links: list[Any], enrollment: list[Any],
                     settings: dict[str, Any]) -> dict[str, Any]:
    """Each file row's counts, in the table's order, the rows whose file is no longer
    open, and the over-representation check."""
    if not isinstance(links, list):
        raise ToolkitError("The page sent an unreadable list of files. Pick the files again.")
    threshold, _ = threshold_from(settings)
    try:
        rows, gone = file_counts.count_rows(links)
        groups = file_counts.over_representation(links, enrollment, threshold,
                                                 _flag_at(settings))
    except ToolkitError:
        raise
    except Exception as error:  # noqa: BLE001 - its text may quote a file: never shown
        raise ToolkitError(f"The files could not be counted ({type(error).__name__}). Pick "
                           "them again; if it happens again, save them as CSV.") from None
    return {"rows": rows, "gone": gone, "groups": groups}
