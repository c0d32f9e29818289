"""What the worksheets contain, as validation and export need to know it.

A :class:`Schema` is built from the worksheet definitions in
``content/worksheets/*.yml`` (already parsed from YAML into dicts and lists).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from browser_py.errors import ToolkitError

#: Field types a table column may use.
COLUMN_TYPES = ("text", "longtext", "number", "date", "choice", "checkbox", "rating")
#: Field types that save a value of their own.
VALUE_TYPES = (*COLUMN_TYPES, "table", "repeat", "ratings")
#: All field types a definition may use.
FIELD_TYPES = (*VALUE_TYPES, "heading")
#: Field types a field inside a repeat's items may use.
ITEM_TYPES = (*COLUMN_TYPES, "ratings", "heading")

#: The rating scales, as (option id, label) in display order.
RATING_SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    "agreement": (
        ("strongly-disagree", "Strongly disagree"),
        ("disagree", "Disagree"),
        ("no-evidence", "No evidence"),
        ("agree", "Agree"),
        ("strongly-agree", "Strongly agree"),
    ),
    "fit": (
        ("poor", "Poor"),
        ("mixed", "Mixed"),
        ("good", "Good"),
    ),
}
DEFAULT_RATING_SCALE = "agreement"


@dataclass(frozen=True)
class Option:
    """One choice, rating or fixed table row: a stable id and a label."""

    id: str
    label: str


@dataclass(frozen=True)
class RatingSource:
    """Where a ratings field takes its rows: an added-rows table of some worksheet."""

    worksheet: str
    table: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a worksheet, one column of a table, or one field of a repeat's items."""

    id: str
    type: str
    label: str
    options: tuple[Option, ...] = ()
    multiple: bool = False
    scale: str | None = None
    columns: tuple[FieldSpec, ...] = ()
    rows: tuple[Option, ...] = ()
    row_header: str = ""
    add_rows: bool = False
    starter_rows: tuple[Mapping[str, Any], ...] = ()
    fields: tuple[FieldSpec, ...] = ()  # a repeat's item fields
    item_label: str = ""
    merge_by: tuple[str, ...] = ()  # item fields that identify an item when importing
    newer_by: str = ""  # an item date field: the later copy wins a merge
    source: RatingSource | None = None  # where a ratings field's rows come from

    @property
    def saves_value(self) -> bool:
        """Whether the field keeps a value (headings do not)."""
        return self.type != "heading"

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The ids of the field's options (choices or rating scale points)."""
        return tuple(option.id for option in self.options)

    def option_label(self, option_id: str) -> str:
        """The label shown for an option id, or the id itself if it is unknown."""
        for option in self.options:
            if option.id == option_id:
                return option.label
        return option_id

    @property
    def row_ids(self) -> tuple[str, ...]:
        """The ids of a fixed-rows table's rows."""
        return tuple(row.id for row in self.rows)

    def column(self, column_id: str) -> FieldSpec | None:
        """The table column with this id, or None."""
        for column in self.columns:
            if column.id == column_id:
                return column
        return None

    @property
    def item_fields(self) -> tuple[FieldSpec, ...]:
        """A repeat's item fields that save a value (headings left out)."""
        return tuple(spec for spec in self.fields if spec.saves_value)

    def item_field(self, field_id: str) -> FieldSpec | None:
        """The value-saving item field of a repeat with this id, or None."""
        for spec in self.item_fields:
            if spec.id == field_id:
                return spec
        return None

    def empty_value(self) -> Any:
        """The value of this field in a fresh worksheet."""
        if self.type == "checkbox":
            return False
        if self.type == "choice" and self.multiple:
            return []
        if self.type == "repeat":
            return []
        if self.type == "ratings":
            return {}
        if self.type == "table":
            if self.add_rows:
                return [self._starter_row(row) for row in self.starter_rows]
            return {
                row.id: {column.id: column.empty_value() for column in self.columns}
                for row in self.rows
            }
        return ""

    def _starter_row(self, starter: Mapping[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {"row_id": starter["row_id"]}
        for column in self.columns:
            if column.id in starter:
                row[column.id] = copy.deepcopy(starter[column.id])
            else:
                row[column.id] = column.empty_value()
        return row


@dataclass(frozen=True)
class WorksheetSpec:
    """One worksheet: its id, title, fields in display order and computed outputs."""

    id: str
    title: str
    fields: tuple[FieldSpec, ...]
    computed: tuple[str, ...] = ()

    @property
    def value_fields(self) -> tuple[FieldSpec, ...]:
        """The fields that save a value, in display order (headings left out)."""
        return tuple(f for f in self.fields if f.saves_value)

    def field(self, field_id: str) -> FieldSpec | None:
        """The value-saving field with this id, or None."""
        for spec in self.fields:
            if spec.id == field_id and spec.saves_value:
                return spec
        return None


@dataclass(frozen=True)
class Schema:
    """All worksheets of a site, keyed by id in definition order."""

    worksheets: Mapping[str, WorksheetSpec]

    @classmethod
    def from_definitions(cls, definitions: list[dict[str, Any]]) -> Schema:
        """Build a schema from worksheet definitions as parsed from the YAML files.

        Raises :class:`ToolkitError` naming the worksheet and field when a
        definition is malformed (missing id, unknown type, duplicate ids, a
        table with both fixed and added rows, a starter row that does not fit).
        """
        if not isinstance(definitions, list):
            raise ToolkitError("The worksheet definitions should be a list of worksheets.")
        worksheets: dict[str, WorksheetSpec] = {}
        for index, definition in enumerate(definitions, start=1):
            sheet = _worksheet(definition, index)
            if sheet.id in worksheets:
                raise ToolkitError(
                    f'Two worksheets use the id "{sheet.id}". Give each worksheet its own id.',
                    [sheet.id],
                )
            worksheets[sheet.id] = sheet
        schema = cls(worksheets=worksheets)
        schema._check_sources()
        schema._check_starter_rows()
        return schema

    def ratings_fields(self, worksheet_id: str) -> tuple[FieldSpec, ...]:
        """A worksheet's ratings fields, at the top level or inside a repeat's items."""
        found: list[FieldSpec] = []
        for spec in self.worksheet(worksheet_id).value_fields:
            if spec.type == "ratings":
                found.append(spec)
            found += [inner for inner in spec.item_fields if inner.type == "ratings"]
        return tuple(found)

    @property
    def rating_sources(self) -> tuple[str, ...]:
        """The worksheets whose tables give some ratings field its rows."""
        sources: list[str] = []
        for worksheet_id in self.worksheets:
            for spec in self.ratings_fields(worksheet_id):
                assert spec.source is not None
                if spec.source.worksheet not in sources:
                    sources.append(spec.source.worksheet)
        return tuple(sources)

    def _check_sources(self) -> None:
        for worksheet_id in self.worksheets:
            for spec in self.ratings_fields(worksheet_id):
                source = spec.source
                assert source is not None
                path = [worksheet_id, spec.id]
                sheet = self.worksheets.get(source.worksheet)
                table = sheet.field(source.table) if sheet is not None else None
                if table is None or table.type != "table" or not table.add_rows:
                    raise ToolkitError(
                        f"The ratings take their rows from the table `{source.table}` of the "
                        f"worksheet `{source.worksheet}`, which is not a table with added rows.",
                        path,
                    )
                if table.column(source.label) is None or (
                    source.group and table.column(source.group) is None
                ):
                    raise ToolkitError(
                        f"The table `{source.table}` has no column `{source.label}`"
                        + (f" or `{source.group}`." if source.group else "."),
                        path,
                    )

    @property
    def worksheet_ids(self) -> tuple[str, ...]:
        """The worksheet ids in definition order."""
        return tuple(self.worksheets)

    def has_worksheet(self, worksheet_id: object) -> bool:
        """Whether a worksheet with this id exists."""
        return isinstance(worksheet_id, str) and worksheet_id in self.worksheets

    def worksheet(self, worksheet_id: str) -> WorksheetSpec:
        """The worksheet with this id; raises ToolkitError if there is none."""
        if not self.has_worksheet(worksheet_id):
            raise ToolkitError(
                f'This toolkit has no worksheet called "{worksheet_id}".', [str(worksheet_id)]
            )
        return self.worksheets[worksheet_id]

    def empty_values(self, worksheet_id: str) -> dict[str, Any]:
        """The values of a fresh worksheet: defaults for every field, starter rows included.

        Text, number, date, choice and rating fields are ``""``, multiple-choice
        fields ``[]``, checkboxes ``False``; fixed-rows tables hold every row with
        empty cells and added-rows tables hold their starter rows.
        """
        sheet = self.worksheet(worksheet_id)
        return {spec.id: spec.empty_value() for spec in sheet.value_fields}

    def _check_starter_rows(self) -> None:
        # Imported here because state.py builds on this module.
        from browser_py.state import normalise_values

        for worksheet_id in self.worksheets:
            normalise_values(self, worksheet_id, self.empty_values(worksheet_id))


def _require_text(definition: Mapping[str, Any], key: str, path: list[str], what: str) -> str:
    value = definition.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ToolkitError(f"Every {what} needs a `{key}` written as text.", path)
    return value


def _worksheet(definition: object, index: int) -> WorksheetSpec:
    if not isinstance(definition, Mapping):
        raise ToolkitError(f"Worksheet number {index} should be a mapping of id, title and fields.")
    sheet_id = definition.get("id")
    if not isinstance(sheet_id, str) or not sheet_id:
        raise ToolkitError(f"Worksheet number {index} needs an `id` written as text.")
    path = [sheet_id]
    title = _require_text(definition, "title", path, "worksheet")
    raw_fields = definition.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ToolkitError("A worksheet needs a `fields` list with at least one field.", path)
    fields = _fields(raw_fields, path, FIELD_TYPES, "field")
    computed: list[str] = []
    raw_computed = definition.get("computed") or []
    if not isinstance(raw_computed, list):
        raise ToolkitError("`computed` should be a list of outputs.", path)
    for item in raw_computed:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
            raise ToolkitError("Every computed output needs an `id` written as text.", path)
        computed.append(item["id"])
    return WorksheetSpec(id=sheet_id, title=title, fields=fields, computed=tuple(computed))


def _fields(
    raw_fields: list[Any], path: list[str], allowed: tuple[str, ...], what: str
) -> tuple[FieldSpec, ...]:
    fields: list[FieldSpec] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_fields, start=1):
        if not isinstance(raw, Mapping):
            raise ToolkitError(f"{what.capitalize()} number {index} should be a mapping.", path)
        field_id = raw.get("id")
        if not isinstance(field_id, str) or not field_id:
            raise ToolkitError(
                f"{what.capitalize()} number {index} needs an `id` written as text.", path
            )
        field_path = [*path, field_id]
        if field_id in seen:
            raise ToolkitError(
                f'Two {what}s use the id "{field_id}". Give each its own id.', field_path
            )
        if field_id == "row_id":
            raise ToolkitError(
                '"row_id" is reserved for table rows; choose another id.', field_path
            )
        seen.add(field_id)
        fields.append(_field(raw, field_path, allowed))
    return tuple(fields)


def _options(raw: object, path: list[str], what: str) -> tuple[Option, ...]:
    if not isinstance(raw, list) or not raw:
        raise ToolkitError(
            f"This field needs a list of {what}, each with an `id` and a `label`.", path
        )
    options: list[Option] = []
    for item in raw:
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("id"), str)
            or not isinstance(item.get("label"), str)
        ):
            raise ToolkitError(
                f"Each of the {what} needs an `id` and a `label` written as text "
                f"(found {item!r}; put quotes around ids such as yes or no).",
                path,
            )
        if any(option.id == item["id"] for option in options):
            raise ToolkitError(f'Two {what} use the id "{item["id"]}".', path)
        options.append(Option(id=item["id"], label=item["label"]))
    return tuple(options)


def _field(raw: Mapping[str, Any], path: list[str], allowed: tuple[str, ...]) -> FieldSpec:
    field_type = raw.get("type")
    if field_type not in allowed:
        raise ToolkitError(
            f"`type` should be one of {', '.join(allowed)}; found {field_type!r}.", path
        )
    label = _require_text(raw, "label", path, "field")
    if field_type == "choice":
        multiple = raw.get("multiple", False)
        if not isinstance(multiple, bool):
            raise ToolkitError(f"`multiple` should be true or false; found {multiple!r}.", path)
        return FieldSpec(
            id=path[-1],
            type="choice",
            label=label,
            options=_options(raw.get("options"), path, "options"),
            multiple=multiple,
        )
    if field_type == "repeat":
        return _repeat(raw, path, label)
    if field_type == "ratings":
        return _ratings(raw, path, label)
    if field_type == "rating":
        scale = raw.get("scale") or DEFAULT_RATING_SCALE
        if scale not in RATING_SCALES:
            raise ToolkitError(
                f"`scale` should be one of {', '.join(RATING_SCALES)}; found {scale!r}.", path
            )
        options = tuple(Option(id=i, label=text) for i, text in RATING_SCALES[scale])
        return FieldSpec(id=path[-1], type="rating", label=label, options=options, scale=scale)
    if field_type == "table":
        return _table(raw, path, label)
    return FieldSpec(id=path[-1], type=field_type, label=label)


def _scale_options(raw: Mapping[str, Any], path: list[str]) -> tuple[str, tuple[Option, ...]]:
    scale = raw.get("scale") or DEFAULT_RATING_SCALE
    if scale not in RATING_SCALES:
        raise ToolkitError(
            f"`scale` should be one of {', '.join(RATING_SCALES)}; found {scale!r}.", path
        )
    return scale, tuple(Option(id=i, label=text) for i, text in RATING_SCALES[scale])


def _ratings(raw: Mapping[str, Any], path: list[str], label: str) -> FieldSpec:
    scale, options = _scale_options(raw, path)
    source = raw.get("source")
    if not isinstance(source, Mapping):
        raise ToolkitError("A ratings field needs a `source` naming a table.", path)
    parts = {key: source.get(key, "") for key in ("worksheet", "table", "label", "group")}
    if not all(isinstance(value, str) for value in parts.values()) or not (
        parts["worksheet"] and parts["table"] and parts["label"]
    ):
        raise ToolkitError(
            "A ratings `source` needs `worksheet`, `table` and `label` written as text.", path
        )
    return FieldSpec(
        id=path[-1], type="ratings", label=label, options=options, scale=scale,
        source=RatingSource(**parts),
    )


def _repeat(raw: Mapping[str, Any], path: list[str], label: str) -> FieldSpec:
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise ToolkitError("A repeat needs a `fields` list with at least one field.", path)
    fields = _fields(raw_fields, path, ITEM_TYPES, "item field")
    inner = {spec.id: spec for spec in fields}
    merge_by = raw.get("merge_by") or []
    if not isinstance(merge_by, list) or any(
        not isinstance(key, str) or key not in inner for key in merge_by
    ):
        raise ToolkitError("`merge_by` should list fields of the repeat's items.", path)
    newer_by = raw.get("newer_by") or ""
    if newer_by and (newer_by not in inner or inner[newer_by].type != "date"):
        raise ToolkitError("`newer_by` should name a date field of the repeat's items.", path)
    item_label = raw.get("item_label") or "Item"
    if not isinstance(item_label, str):
        raise ToolkitError("`item_label` should be text.", path)
    return FieldSpec(
        id=path[-1], type="repeat", label=label, fields=fields, item_label=item_label,
        merge_by=tuple(merge_by), newer_by=newer_by,
    )


def _table(raw: Mapping[str, Any], path: list[str], label: str) -> FieldSpec:
    raw_columns = raw.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise ToolkitError("A table needs a `columns` list with at least one column.", path)
    columns = _fields(raw_columns, path, COLUMN_TYPES, "column")
    add_rows = raw.get("add_rows", False)
    if not isinstance(add_rows, bool):
        raise ToolkitError(f"`add_rows` should be true or false; found {add_rows!r}.", path)
    has_rows = "rows" in raw
    if add_rows and has_rows:
        raise ToolkitError("A table may have fixed `rows` or `add_rows: true`, not both.", path)
    if add_rows:
        starters = _starter_rows(raw.get("starter_rows") or [], columns, path)
        return FieldSpec(
            id=path[-1], type="table", label=label, columns=columns, add_rows=True,
            starter_rows=starters,
        )
    if not has_rows:
        raise ToolkitError("A table needs fixed `rows` or `add_rows: true`.", path)
    if "starter_rows" in raw:
        raise ToolkitError("Only a table with `add_rows: true` can have `starter_rows`.", path)
    row_header = raw.get("row_header", "")
    if not isinstance(row_header, str):
        raise ToolkitError("`row_header` should be text.", path)
    return FieldSpec(
        id=path[-1], type="table", label=label, columns=columns,
        rows=_options(raw.get("rows"), path, "rows"), row_header=row_header,
    )


def _starter_rows(
    raw: object, columns: tuple[FieldSpec, ...], path: list[str]
) -> tuple[Mapping[str, Any], ...]:
    if not isinstance(raw, list):
        raise ToolkitError("`starter_rows` should be a list of rows.", path)
    by_id = {column.id: column for column in columns}
    rows: list[dict[str, Any]] = []
    for index, item in enumerate(raw, start=1):
        row_path = [*path, f"starter row {index}"]
        if not isinstance(item, Mapping):
            raise ToolkitError("Every starter row should be a mapping with a `row_id`.", row_path)
        row_id = item.get("row_id")
        if not isinstance(row_id, str) or not row_id:
            raise ToolkitError("Every starter row needs a `row_id` written as text.", row_path)
        if any(row["row_id"] == row_id for row in rows):
            raise ToolkitError(f'Two starter rows use the row_id "{row_id}".', row_path)
        row: dict[str, Any] = {"row_id": row_id}
        for key, value in item.items():
            if key == "row_id":
                continue
            column = by_id.get(key)
            if column is None:
                raise ToolkitError(f'This table has no column "{key}".', row_path)
            # YAML reads `count: 5` as a number; number fields save text as typed.
            is_number = isinstance(value, int | float) and not isinstance(value, bool)
            if column.type == "number" and is_number:
                value = str(value)
            row[key] = value
        rows.append(row)
    return tuple(rows)
