"""Checking and tidying one field's saved value: the saved shape of each field kind.

The saved shape of every field type is defined in ``content/worksheets/README.md``; a
whole worksheet's values are checked by :func:`browser_py.core.schema.normalise_values`.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterator
from typing import Any

from browser_py.core.errors import ToolkitError
from browser_py.core.model import MAX_TEXT_CHARS, DateField, Field

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)

Path = tuple[str, ...]


def describe_value(value: object) -> str:
    """Describe a JSON value in words, for messages (e.g. ``a list``, ``the number 3``)."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'the text "{shown}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of named values"
    return f"a value of an unexpected kind ({type(value).__name__})"


def normalise_field(spec: Field, value: object, path: Path) -> Any:
    """Check one field's value and return a tidy copy (see
    :func:`browser_py.core.schema.normalise_values`).

    ``path`` names where the value is, for the message of the :class:`ToolkitError`
    raised when it does not fit.
    """
    return _field_value(spec, value, tuple(path))


def _field_value(spec: Field, value: object, path: Path) -> Any:
    if spec.type == "table":
        if spec.add_rows:
            return _added_rows(spec, value, path)
        return _fixed_rows(spec, value, path)
    if spec.type == "repeat":
        return _repeat_items(spec, value, path)
    if spec.type == "ratings":
        return _ratings(spec, value, path)
    return _cell_value(spec, value, path)


def _row_id(spec: Field, cells: dict[str, Any], number: int, what: str, path: Path) -> str:
    """Check the ``row_id`` of row (or item) ``number``; return it tidied."""
    row_id = cells.get("row_id")
    if not isinstance(row_id, str) or row_id == "":
        raise ToolkitError(
            f'{what.capitalize()} {number} of "{spec.label}" has no row_id. Every {what} '
            "needs its own row_id; export the worksheet again from the toolkit to get one.",
            path,
        )
    if len(row_id) > MAX_TEXT_CHARS:
        raise ToolkitError(
            f'The row_id of {what} {number} of "{spec.label}" is longer than '
            f"{MAX_TEXT_CHARS:,} characters. Use a short row_id.",
            path,
        )
    return _clean(row_id)


def _identified(
    spec: Field, value: object, path: Path, nouns: tuple[str, str], what: str, limit: int
) -> Iterator[tuple[str, dict[str, Any], Path]]:
    """Check a list of groups that each carry their own unique ``row_id`` (the rows of an
    added-rows table, the entries of a repeat); yield each id, group and path."""
    noun, plural = nouns
    label = f'The table "{spec.label}"' if noun == "row" else f'"{spec.label}"'
    if not isinstance(value, list):
        raise ToolkitError(
            f"{label} should be a list of {plural}, but it is {describe_value(value)}.", path
        )
    if len(value) > limit:
        raise ToolkitError(
            f"{label} has {len(value):,} {plural}; the limit is {limit}. "
            f"Remove {plural} until there are {limit} or fewer.",
            path,
        )
    seen: set[str] = set()
    for number, cells in enumerate(value, start=1):
        item_path = (*path, f"{noun} {number}")
        if not isinstance(cells, dict):
            raise ToolkitError(
                f'Each {noun} of "{spec.label}" should be a group of named {what}, '
                f"but {noun} {number} is {describe_value(cells)}.",
                item_path,
            )
        row_id = _row_id(spec, cells, number, noun, item_path)
        if row_id in seen:
            raise ToolkitError(
                f'Two {plural} of "{spec.label}" have the row_id "{row_id}". Give each {noun} '
                "its own row_id.",
                item_path,
            )
        seen.add(row_id)
        yield row_id, cells, item_path


def _repeat_items(spec: Field, value: object, path: Path) -> list[dict[str, Any]]:
    """A repeat: a list of items, each ``{"row_id": ..., field id: value}``."""
    items: list[dict[str, Any]] = []
    names = ", ".join(inner.id for inner in spec.item_fields)
    for row_id, cells, item_path in _identified(
        spec, value, path, ("entry", "entries"), "fields", spec.max_items
    ):
        item: dict[str, Any] = {"row_id": row_id}
        for key in cells:
            if key != "row_id" and spec.item_field(key) is None:
                raise ToolkitError(
                    f'The entries of "{spec.label}" have no field "{key}". Their fields are: '
                    f"{names}.",
                    (*item_path, str(key)),
                )
        for inner in spec.item_fields:
            if inner.id in cells:
                item[inner.id] = _field_value(inner, cells[inner.id], (*item_path, inner.id))
            else:
                item[inner.id] = inner.empty_value()
        items.append(item)
    return items


def _ratings(spec: Field, value: object, path: Path) -> dict[str, str]:
    """Ratings: ``{row id of the source table: option id}``; unrated rows are left out.

    Ratings of rows the source table no longer has are kept (a removed row may come
    back with an undo or an import); computations ignore them.
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ToolkitError(
            f'"{spec.label}" should be a group of ratings named by row id, '
            f"but it is {describe_value(value)}.",
            path,
        )
    if len(value) > spec.max_items:
        raise ToolkitError(
            f'"{spec.label}" has {len(value):,} ratings; the limit is {spec.max_items}.', path
        )
    result: dict[str, str] = {}
    for key, rating in value.items():
        if key == "" or len(key) > MAX_TEXT_CHARS:
            raise ToolkitError(
                f'"{spec.label}" has a rating whose row id is empty or longer than '
                f"{MAX_TEXT_CHARS:,} characters.",
                path,
            )
        if rating is None or rating == "":
            continue
        result[_clean(key)] = _single_choice(spec, rating, (*path, str(key)))
    return result


def _cell_value(spec: Field, value: object, path: Path) -> Any:
    if value is None and spec.type not in ("checkbox", "table"):
        return spec.empty_value()
    if spec.type in ("text", "longtext"):
        return _text(spec, value, path)
    if spec.type == "number":
        return _number(spec, value, path)
    if spec.type == "date":
        return _date(spec, value, path)
    if spec.type == "checkbox":
        if not isinstance(value, bool):
            raise ToolkitError(
                f'"{spec.label}" is a tick box, so it should be true or false, '
                f"but it is {describe_value(value)}.",
                path,
            )
        return value
    if spec.type == "choice" and spec.multiple:
        return _multiple_choice(spec, value, path)
    if spec.type in ("choice", "rating"):
        return _single_choice(spec, value, path)
    raise ToolkitError(f'"{spec.label}" has a field type the toolkit does not know.', path)


def _clean(text: str) -> str:
    """Replace lone surrogates (broken characters) with U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _require_str(spec: Field, value: object, path: Path, expected: str) -> str:
    if not isinstance(value, str):
        raise ToolkitError(
            f'"{spec.label}" should be {expected}, but it is {describe_value(value)}.', path
        )
    return _clean(value)


def _check_length(spec: Field, text: str, path: Path) -> str:
    limit = spec.max_chars
    if len(text) > limit:
        raise ToolkitError(
            f'"{spec.label}" is {len(text):,} characters long; the limit is {limit:,}. '
            f"Shorten it to {limit:,} characters or fewer.",
            path,
        )
    return text


def _text(spec: Field, value: object, path: Path) -> str:
    return _check_length(spec, _require_str(spec, value, path, "text"), path)


def _number(spec: Field, value: object, path: Path) -> str:
    # A number box saves what was typed, as text; a JSON number is accepted too.
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise ToolkitError(f'"{spec.label}" should be a number, but it is {value!r}.', path)
        return str(value)
    text = _require_str(spec, value, path, "a number written as text (or empty)")
    return _check_length(spec, text, path)


def _date(spec: Field, value: object, path: Path) -> str:
    text = _require_str(spec, value, path, "a date written as YYYY-MM-DD (or empty)")
    if text == "":
        return text
    valid = _DATE.fullmatch(text) is not None
    if valid:
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            valid = False
    if not valid:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ToolkitError(
            f'"{spec.label}" should be a date written as YYYY-MM-DD (for example 2024-09-30), '
            f'or left empty; it is "{shown}".',
            path,
        )
    if not DateField.earliest <= text <= DateField.latest:
        raise ToolkitError(
            f'"{spec.label}" is {text}, which is not a date a plan can hold: use a date '
            f"from {DateField.earliest[:4]} to {DateField.latest[:4]}, or leave it empty.",
            path,
        )
    return text


def _unknown_option(spec: Field, option_id: str, path: Path) -> ToolkitError:
    shown = option_id if len(option_id) <= 40 else option_id[:37] + "..."
    return ToolkitError(
        f'"{shown}" is not one of the options for "{spec.label}". '
        f"Use one of: {', '.join(spec.option_ids)}.",
        path,
    )


def _single_choice(spec: Field, value: object, path: Path) -> str:
    text = _require_str(spec, value, path, "one option id (or empty)")
    if text != "" and text not in spec.option_ids:
        raise _unknown_option(spec, text, path)
    return text


def _multiple_choice(spec: Field, value: object, path: Path) -> list[str]:
    if not isinstance(value, list):
        raise ToolkitError(
            f'"{spec.label}" allows several answers, so it should be a list of option ids, '
            f"but it is {describe_value(value)}.",
            path,
        )
    chosen: list[str] = []
    for item in value:
        text = _require_str(spec, item, path, "a list of option ids")
        if text not in spec.option_ids:
            raise _unknown_option(spec, text, path)
        if text not in chosen:
            chosen.append(text)
    return chosen


def _fixed_rows(spec: Field, value: object, path: Path) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict):
        raise ToolkitError(
            f'The table "{spec.label}" should be a group of rows named by row id, '
            f"but it is {describe_value(value)}.",
            path,
        )
    for key in value:
        if key not in spec.row_ids:
            raise ToolkitError(
                f'The table "{spec.label}" has no row "{key}". Its rows are: '
                f"{', '.join(spec.row_ids)}.",
                (*path, str(key)),
            )
    result: dict[str, dict[str, Any]] = {}
    for row in spec.rows:
        row_path = (*path, row.id)
        cells = value.get(row.id, {})
        if not isinstance(cells, dict):
            raise ToolkitError(
                f'The row "{row.label}" of "{spec.label}" should be a group of named cells, '
                f"but it is {describe_value(cells)}.",
                row_path,
            )
        result[row.id] = _row_cells(spec, cells, row_path, skip=())
    return result


def _row_cells(
    spec: Field, cells: dict[str, Any], path: Path, skip: tuple[str, ...]
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key in cells:
        if key not in skip and spec.column(key) is None:
            raise ToolkitError(
                f'The table "{spec.label}" has no column "{key}". Its columns are: '
                f"{', '.join(column.id for column in spec.columns)}.",
                (*path, str(key)),
            )
    for column in spec.columns:
        if column.id in cells:
            result[column.id] = _cell_value(column, cells[column.id], (*path, column.id))
        else:
            result[column.id] = column.empty_value()
    return result


def _added_rows(spec: Field, value: object, path: Path) -> list[dict[str, Any]]:
    return [
        {"row_id": row_id, **_row_cells(spec, cells, row_path, skip=("row_id",))}
        for row_id, cells, row_path in _identified(
            spec, value, path, ("row", "rows"), "cells", spec.max_items)
    ]
