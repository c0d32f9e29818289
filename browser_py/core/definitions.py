"""Reading worksheet definitions (already parsed from YAML or JSON) into the model.

One checker serves the generator, which reads ``content/worksheets/*.yml``, and the
browser's worker, which reads ``worksheets.json``: every message names the file, the
worksheet, the field, what was expected and what was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from browser_py.core.computations import SUGGESTIONS
from browser_py.core.errors import DefinitionError, ToolkitError
from browser_py.core.model import (
    CELL_TYPES,
    FIELD_KINDS,
    FIELD_TYPES,
    ITEM_TYPES,
    RATING_SCALES,
    Action,
    Computed,
    Field,
    Option,
    RatingSource,
    Worksheet,
)
from browser_py.core.state import normalise_field

WORKSHEET_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
FIELD_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
#: Inner field types whose value can identify an item when importing merges by key.
MERGE_KEY_TYPES = ("text", "longtext", "number", "date", "choice")
WORKSHEET_KEYS = {"id", "title", "intro", "fields", "computed", "actions", "print", "report",
                  "print_landscape", "count_from_files"}
#: What ``count_from_files`` names: a column (or table) id of the worksheet for each.
FILE_COUNT_KEYS = {"table": "an added-rows table", "name": "its text column naming the row",
                   "indicated": "its number column for students indicated",
                   "new": "its number column for students not counted before",
                   "counted": "its checkbox column marking a row counted from a file",
                   "enrollment": "an added-rows table with group and enrolled columns",
                   "groups": "an added-rows table with group and students columns",
                   "group_by": "a text field for the grouping column's name"}
FIELD_KEYS = {
    "id", "type", "label", "help", "optional", "retired", "options", "multiple", "scale",
    "rows", "row_header", "add_rows", "add_label", "columns", "starter_rows", "ticks_label",
    "fields", "item_label", "title_from", "merge_by", "newer_by", "item_note", "source",
    "suggestions",
}
TABLE_KEYS = ("rows", "row_header", "add_rows", "columns", "starter_rows", "ticks_label")
REPEAT_KEYS = ("fields", "item_label", "title_from", "merge_by", "newer_by", "item_note")
SOURCE_KEYS = {"worksheet", "table", "label", "group"}
#: How a worksheet prints: its form and results, or its results only (e.g. a packet
#: whose form holds figures that must not leave the device unsuppressed).
PRINT_MODES = ("form", "results")
REPORT_MODES = ("entries", "results")
SCALES = RATING_SCALES


def _starter_row(row: Mapping[str, Any], table: Field) -> dict[str, Any]:
    """A starter row as saved: YAML reads ``count: 5`` as a number, and number fields
    save the text typed."""
    result = dict(row)
    for column in table.columns:
        value = result.get(column.id)
        if column.type == "number" and isinstance(value, int | float) and not isinstance(
                value, bool):
            result[column.id] = str(value)
    return result


class Plain(str):
    """Text that describes what was found in words already (not quoted again)."""


def _describe(value: object) -> str:
    if isinstance(value, Plain):
        return str(value)
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"' if value else "an empty text"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, dict):
        return f"a mapping with keys {', '.join(map(str, value)) or 'none'}"
    return f"{value!r} ({type(value).__name__})"


class _Checker:
    """Checks one file's data, naming where each problem is."""

    def __init__(
        self, source: str, known_functions: Iterable[str], known_actions: Iterable[str] = (),
        known_suggestions: Iterable[str] | None = None,
    ) -> None:
        self.source = source
        self.worksheet: str | None = None
        self.known_functions = set(known_functions)
        self.known_actions = set(known_actions)
        # The lists of suggestions browser_py registers, unless a caller names others.
        self.known_suggestions = set(SUGGESTIONS if known_suggestions is None
                                     else known_suggestions)

    def fail(self, expected: str, found: object, field_id: str | None = None) -> None:
        raise DefinitionError(
            self.source, expected, _describe(found), worksheet=self.worksheet, field=field_id
        )

    def text(self, data: dict, key: str, field_id: str | None, *, required: bool) -> str:
        value = data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(f'a non-empty text for "{key}"', value, field_id)
        return value.strip()

    def ident(self, value: object, pattern: re.Pattern[str], what: str, field_id: str | None):
        if not isinstance(value, str) or not pattern.match(value):
            self.fail(f"{what} made of lowercase letters, digits and hyphens", value, field_id)
        return value

    def keys(self, data: object, allowed: set[str], what: str, field_id: str | None) -> dict:
        if not isinstance(data, dict):
            self.fail(f"{what} written as a mapping of keys to values", data, field_id)
        unknown = sorted(set(map(str, data)) - allowed)
        if unknown:
            self.fail(
                f"only the keys {', '.join(sorted(allowed))} in {what}",
                Plain(f"the unknown key {unknown[0]!r}"),
                field_id,
            )
        return data

    def options(self, raw: object, field_id: str, what: str) -> tuple[Option, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(f"a non-empty list of {what}, each with id and label", raw, field_id)
        seen: set[str] = set()
        result = []
        for item in raw:
            item = self.keys(item, {"id", "label"}, f"each of the {what}", field_id)
            option_id = self.ident(item.get("id"), FIELD_ID, f"an id for each of the {what}",
                                   field_id)
            if option_id in seen:
                twice = Plain(f'"{option_id}" twice')
                self.fail(f"{what} with ids used once each", twice, field_id)
            seen.add(option_id)
            result.append(Option(option_id, self.text(item, "label", field_id, required=True)))
        return tuple(result)

    def field(self, raw: object, *, in_table: bool, in_repeat: bool = False) -> Field:
        probe = raw.get("id") if isinstance(raw, dict) else None
        data = self.keys(raw, FIELD_KEYS, "a field", probe if isinstance(probe, str) else None)
        field_id = self.ident(data.get("id"), FIELD_ID, "a field id", None)
        if (in_table or in_repeat) and field_id == "row_id":
            self.fail('an id other than "row_id", which names each row', field_id, field_id)
        allowed = CELL_TYPES if in_table else ITEM_TYPES if in_repeat else FIELD_TYPES
        kind = data.get("type")
        if kind not in allowed:
            where = ("a table column type" if in_table else
                     "a type for a field inside a repeat" if in_repeat else "a field type")
            self.fail(f"{where}: one of {', '.join(allowed)}", kind, field_id)
        result = FIELD_KINDS[kind](
            id=field_id,
            label=self.text(data, "label", field_id, required=True),
            help=self.text(data, "help", field_id, required=False),
        )
        optional = data.get("optional", False)
        if not isinstance(optional, bool):
            self.fail('true or false for "optional"', optional, field_id)
        if optional and (in_table or kind == "heading"):
            self.fail('"optional" only on a field of its own (not a table column or a '
                      "heading)", kind, field_id)
        result.optional = optional
        retired = data.get("retired", False)
        if not isinstance(retired, bool):
            self.fail('true or false for "retired"', retired, field_id)
        if retired and (in_table or in_repeat or kind not in ("text", "number")):
            self.fail('"retired" only on a text or number field of its own (not a table '
                      "column or a repeat's field)", kind, field_id)
        result.retired = retired
        if kind == "choice":
            result.options = self.options(data.get("options"), field_id, "options")
            multiple = data.get("multiple", False)
            if not isinstance(multiple, bool):
                self.fail('true or false for "multiple"', multiple, field_id)
            result.multiple = multiple
        elif "options" in data or "multiple" in data:
            self.fail('"options" and "multiple" only on a choice field', kind, field_id)
        if kind in ("rating", "ratings"):
            scale = data.get("scale", "agreement")
            if scale not in SCALES:
                self.fail(f"a scale: one of {', '.join(SCALES)}", scale, field_id)
            result.scale = scale
            result.options = tuple(Option(i, label) for i, label in SCALES[scale])
        elif "scale" in data:
            self.fail('"scale" only on a rating or ratings field', kind, field_id)
        if "suggestions" in data:
            self.suggestions(data["suggestions"], kind, field_id, in_table, result)
        if kind == "ratings":
            result.source = self.rating_source(data.get("source"), field_id)
        elif "source" in data:
            self.fail('"source" only on a ratings field', kind, field_id)
        if kind == "table":
            self.table(data, result)
            if in_repeat and not result.add_rows:
                self.fail('a table inside a repeat with rows the person adds ("add_rows: '
                          'true")', Plain("a table with fixed rows"), field_id)
        else:
            for key in TABLE_KEYS:
                if key in data:
                    self.fail(f'"{key}" only on a table', kind, field_id)
        if kind == "repeat":
            self.repeat(data, result)
        else:
            for key in REPEAT_KEYS:
                if key in data:
                    self.fail(f'"{key}" only on a repeat', kind, field_id)
        if "add_label" in data and kind not in ("table", "repeat"):
            self.fail('"add_label" only on a table or a repeat', kind, field_id)
        return result

    def suggestions(self, name: object, kind: object, field_id: str, in_table: bool,
                    result: Field) -> None:
        """Check a text field's ``suggestions``: a registered list of texts to pick from."""
        if kind != "text" or in_table:
            self.fail('"suggestions" only on a text field of its own or of a repeat\'s items '
                      "(not a table column)", kind if not in_table else Plain("a table column"),
                      field_id)
        if name not in self.known_suggestions:
            names = ", ".join(sorted(self.known_suggestions)) or "none"
            self.fail(f"a list of suggestions that browser_py registers (one of {names})",
                      name, field_id)
        result.suggestions = str(name)

    def rating_source(self, raw: object, field_id: str) -> RatingSource:
        """Check a ratings field's ``source``: which added-rows table gives its rows."""
        if raw is None:
            self.fail('a "source" naming the table whose rows are rated (table and label)',
                      raw, field_id)
        data = self.keys(raw, SOURCE_KEYS, "a ratings source", field_id)
        worksheet = data.get("worksheet", "")
        if worksheet != "":
            self.ident(worksheet, WORKSHEET_ID, 'a worksheet id for "source.worksheet"',
                       field_id)
        table = self.ident(data.get("table"), FIELD_ID, 'a table id for "source.table"',
                           field_id)
        label = self.ident(data.get("label"), FIELD_ID,
                           'a column id for "source.label" (the text that names each row)',
                           field_id)
        group = data.get("group", "")
        if group != "":
            self.ident(group, FIELD_ID, 'a column id for "source.group"', field_id)
        return RatingSource(worksheet or (self.worksheet or ""), table, label, group)

    def repeat(self, data: dict, result: Field) -> None:
        """Check a repeat: its item fields, and how items are titled and merged."""
        field_id = result.id
        fields = data.get("fields")
        if not isinstance(fields, list) or not fields:
            self.fail("a non-empty list of fields for each item", fields, field_id)
        result.fields = tuple(self.field(item, in_table=False, in_repeat=True)
                              for item in fields)
        inner = {spec.id: spec for spec in result.fields}
        self.unique([spec.id for spec in result.fields], "field ids inside the repeat",
                    field_id)
        result.item_label = self.text(data, "item_label", field_id, required=False) or "Item"
        result.add_label = (self.text(data, "add_label", field_id, required=False)
                            or f"Add {result.item_label.lower()}")
        title_from = data.get("title_from")
        if title_from is not None:
            if inner.get(title_from) is None or inner[title_from].type != "text":
                names = ", ".join(i for i, s in inner.items() if s.type == "text") or "none"
                self.fail(f'"title_from" naming a text field of the items (one of {names})',
                          title_from, field_id)
            result.title_from = title_from
        merge_by = data.get("merge_by", [])
        if not isinstance(merge_by, list) or not all(isinstance(k, str) for k in merge_by):
            self.fail('a list of item field ids for "merge_by"', merge_by, field_id)
        for key in merge_by:
            spec = inner.get(key)
            if spec is None or spec.type not in MERGE_KEY_TYPES or spec.multiple:
                names = ", ".join(i for i, s in inner.items()
                                  if s.type in MERGE_KEY_TYPES and not s.multiple)
                self.fail(f'"merge_by" naming fields of the items with one value each '
                          f"(one of {names})", key, field_id)
        self.unique(list(merge_by), '"merge_by" fields', field_id)
        result.merge_by = tuple(merge_by)
        newer_by = data.get("newer_by")
        if newer_by is not None:
            if not merge_by:
                self.fail('"newer_by" only with "merge_by"', Plain("no merge_by"), field_id)
            if inner.get(newer_by) is None or inner[newer_by].type != "date":
                names = ", ".join(i for i, s in inner.items() if s.type == "date") or "none"
                self.fail(f'"newer_by" naming a date field of the items (one of {names})',
                          newer_by, field_id)
            result.newer_by = newer_by
        item_note = data.get("item_note")
        if item_note is not None:
            result.item_note = self.ident(item_note, FIELD_ID,
                                          'a computed output id for "item_note"', field_id)

    def table(self, data: dict, result: Field) -> None:
        field_id = result.id
        columns = data.get("columns")
        if not isinstance(columns, list) or not columns:
            self.fail("a non-empty list of columns", columns, field_id)
        result.columns = tuple(self.field(column, in_table=True) for column in columns)
        column_ids = [column.id for column in result.columns]
        self.unique(column_ids, "column ids", field_id)
        if "ticks_label" in data:
            if sum(column.type == "checkbox" for column in result.columns) < 2:
                self.fail('"ticks_label" only on a table with two or more checkbox columns',
                          data["ticks_label"], field_id)
            result.ticks_label = self.text(data, "ticks_label", field_id, required=True)
        add_rows = data.get("add_rows", False)
        if not isinstance(add_rows, bool):
            self.fail('true or false for "add_rows"', add_rows, field_id)
        result.add_rows = add_rows
        if add_rows:
            if "rows" in data or "row_header" in data:
                self.fail('either "rows" or "add_rows: true", not both', Plain("both"), field_id)
            if "add_label" in data:
                result.add_label = self.text(data, "add_label", field_id, required=True)
            starter = data.get("starter_rows", [])
            if not isinstance(starter, list):
                self.fail("a list of starter rows", starter, field_id)
            for row in starter:
                row = self.keys(row, {"row_id", *column_ids}, "a starter row", field_id)
                self.ident(row.get("row_id"), FIELD_ID, "a row_id on every starter row",
                           field_id)
                result.starter_rows.append(_starter_row(row, result))
            self.unique([row["row_id"] for row in result.starter_rows], "row ids", field_id)
        else:
            if "starter_rows" in data or "add_label" in data:
                self.fail('"starter_rows" and "add_label" only with "add_rows: true"',
                          Plain("a table with fixed rows"), field_id)
            result.rows = self.options(data.get("rows"), field_id, "rows")
            result.row_header = self.text(data, "row_header", field_id, required=True)

    def unique(self, ids: list[str], what: str, field_id: str | None) -> None:
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                self.fail(f"{what} used once each", Plain(f'"{item}" twice'), field_id)
            seen.add(item)

    def file_counts(self, raw: object, fields: list[Field]) -> dict[str, str]:
        if raw is None:
            return {}
        data = self.keys(raw, set(FILE_COUNT_KEYS), '"count_from_files"', None)
        tables = {f.id: f for f in fields if f.type == "table" and f.add_rows}
        for key, what in FILE_COUNT_KEYS.items():
            if not isinstance(data.get(key), str):
                self.fail(f'"count_from_files" naming {what} as "{key}"', data.get(key))
        table, enrollment, groups = (tables.get(data["table"]), tables.get(data["enrollment"]),
                                     tables.get(data["groups"]))
        if table is None or enrollment is None or groups is None:
            self.fail('"count_from_files" naming added-rows tables of this worksheet',
                      Plain(f'"{data["table"]}", "{data["enrollment"]}" and "{data["groups"]}"'))
        kinds = {c.id: c.type for c in table.columns}
        wanted = {"name": "text", "indicated": "number", "new": "number", "counted": "checkbox"}
        for key, kind in wanted.items():
            if kinds.get(data[key]) != kind:
                self.fail(f'"count_from_files" naming a {kind} column of "{table.id}" as '
                          f'"{key}"', data[key])
        for found, number in ((enrollment, "enrolled"), (groups, "students")):
            if {c.id: c.type for c in found.columns} != {"group": "text", number: "number"}:
                self.fail(f'"{found.id}" with a text column "group" and a number column '
                          f'"{number}"', Plain(", ".join(c.id for c in found.columns)))
        group_by = next((f for f in fields if f.id == data["group_by"]), None)
        if group_by is None or group_by.type != "text":
            self.fail('"count_from_files" naming a text field of this worksheet as '
                      '"group_by"', data["group_by"])
        return {key: data[key] for key in FILE_COUNT_KEYS}

    def worksheet_data(self, raw: object) -> Worksheet:
        data = self.keys(raw, WORKSHEET_KEYS, "a worksheet", None)
        self.worksheet = data.get("id") if isinstance(data.get("id"), str) else None
        worksheet_id = self.ident(data.get("id"), WORKSHEET_ID, "a worksheet id", None)
        title = self.text(data, "title", None, required=True)
        intro = self.text(data, "intro", None, required=False)
        fields = data.get("fields")
        if not isinstance(fields, list) or not fields:
            self.fail("a non-empty list of fields", fields)
        parsed = [self.field(item, in_table=False) for item in fields]
        self.unique([f.id for f in parsed], "field ids", None)
        computed = [Computed(*item) for item in self.named(
            data.get("computed", []), "computed output", self.known_functions, "function",
            extra={"print", "summary", "report"})]
        actions = [Action(*item[:3]) for item in self.named(
            data.get("actions", []), "download", self.known_actions, "download")]
        self.unique([f.id for f in parsed] + [c.id for c in computed] + [a.id for a in actions],
                    "field, output and download ids", None)
        outputs = [c.id for c in computed]
        for spec in parsed:
            if spec.item_note and spec.item_note not in outputs:
                self.fail(f'"item_note" naming a computed output of this worksheet (one of '
                          f"{', '.join(outputs) or 'none'})", spec.item_note, spec.id)
        mode = data.get("print", "form")
        if mode not in PRINT_MODES:
            self.fail(f'"print": one of {", ".join(PRINT_MODES)}', mode)
        reported = data.get("report", "entries")
        if reported not in REPORT_MODES:
            self.fail(f'"report": one of {", ".join(REPORT_MODES)}', reported)
        landscape = data.get("print_landscape", False)
        if not isinstance(landscape, bool):
            self.fail('true or false for "print_landscape"', landscape)
        sheet = Worksheet(worksheet_id, title, self.source, intro, parsed, computed, actions,
                          mode, self.file_counts(data.get("count_from_files"), parsed),
                          print_landscape=landscape, report=reported)
        for spec in sheet.ratings_fields():
            if spec.source is not None and spec.source.worksheet == worksheet_id:
                self.resolve(spec, sheet)
        check_starter_rows({sheet.id: sheet})
        return sheet

    def resolve(self, spec: Field, source_sheet: Worksheet) -> None:
        """Check a ratings field's source table and take its starter rows and groups."""
        source = spec.source
        assert source is not None
        where = f'worksheet "{source_sheet.id}"'
        table = next((f for f in source_sheet.fields if f.id == source.table), None)
        if table is None or table.type != "table" or not table.add_rows:
            names = ", ".join(f.id for f in source_sheet.fields
                              if f.type == "table" and f.add_rows) or "none"
            self.fail(f'"source.table" naming a table with added rows in {where} '
                      f"(one of {names})", source.table, spec.id)
        columns = {column.id: column for column in table.columns}
        label = columns.get(source.label)
        if label is None or label.type not in ("text", "longtext"):
            names = ", ".join(c.id for c in table.columns if c.type in ("text", "longtext"))
            self.fail(f'"source.label" naming a text column of the table "{table.id}" '
                      f"(one of {names or 'none'})", source.label, spec.id)
        group = columns.get(source.group) if source.group else None
        if source.group and (group is None or group.type != "choice" or group.multiple):
            names = ", ".join(c.id for c in table.columns
                              if c.type == "choice" and not c.multiple)
            self.fail(f'"source.group" naming a single-choice column of the table '
                      f'"{table.id}" (one of {names or "none"})', source.group, spec.id)
        spec.groups = tuple(group.options) if group else ()
        spec.group_label = group.label if group else ""
        spec.row_header = label.label
        spec.source_names = (table.label, source_sheet.title)
        spec.source_table = table

    def named(
        self, raw: object, what: str, known: set[str], kind: str, extra: set[str] = frozenset()
    ) -> list[tuple[str, str, str, bool, int, bool]]:
        """Check a list of ``{id, label, function}`` entries naming browser_py functions.

        ``extra`` may allow ``print`` (true or false: whether the entry is printed),
        ``summary`` (a whole number: the entry's place in the report's summary) and
        ``report`` (true or false: whether the full report shows it).
        """
        if not isinstance(raw, list):
            self.fail(f"a list of {what}s", raw)
        result = []
        for item in raw:
            item = self.keys(item, {"id", "label", "function", *extra}, f"a {what}", None)
            item_id = self.ident(item.get("id"), FIELD_ID, f"a {what} id", None)
            function = item.get("function")
            if function not in known:
                names = ", ".join(sorted(known)) or "none"
                self.fail(f"a {kind} that browser_py registers (one of {names})", function,
                          item_id)
            printed = item.get("print", True)
            if not isinstance(printed, bool):
                self.fail('true or false for "print"', printed, item_id)
            summary = item.get("summary", 0)
            if isinstance(summary, bool) or not isinstance(summary, int) or summary < 0:
                self.fail('a whole number for "summary" (its place in the report\'s '
                          'summary; 0 or none: not there)', summary, item_id)
            reported = item.get("report", True)
            if not isinstance(reported, bool):
                self.fail('true or false for "report"', reported, item_id)
            label = self.text(item, "label", item_id, required=True)
            result.append((item_id, label, function, printed, summary, reported))
        return result


def check_worksheet(
    data: object, source: str, known_functions: Iterable[str], known_actions: Iterable[str] = ()
) -> Worksheet:
    """Check one worksheet definition (plain data) and return it as the model.

    Ratings fields whose source is another worksheet are resolved by
    :func:`check_worksheets` or :func:`resolve_sources`.
    """
    return _Checker(source, known_functions, known_actions).worksheet_data(data)


def check_worksheets(
    definitions: object, source: str, known_functions: Iterable[str],
    known_actions: Iterable[str] = (),
) -> dict[str, Worksheet]:
    """Check a list of worksheet definitions from one file, keyed by worksheet id."""
    if not isinstance(definitions, list):
        raise DefinitionError(source, "a list of worksheets", _describe(definitions))
    worksheets: dict[str, Worksheet] = {}
    for data in definitions:
        sheet = check_worksheet(data, source, known_functions, known_actions)
        add_worksheet(worksheets, sheet)
    resolve_sources(worksheets)
    return worksheets


def add_worksheet(worksheets: dict[str, Worksheet], sheet: Worksheet) -> None:
    """Add ``sheet``, refusing a second worksheet with the same id."""
    if sheet.id in worksheets:
        raise DefinitionError(
            sheet.source, "a worksheet id used by one file only",
            f'"{sheet.id}", already defined in {worksheets[sheet.id].source}',
            worksheet=sheet.id,
        )
    worksheets[sheet.id] = sheet


def resolve_sources(worksheets: Mapping[str, Worksheet]) -> None:
    """Check every ratings field's source worksheet and table; take their starter rows."""
    for sheet in worksheets.values():
        checker = _Checker(sheet.source, ())
        checker.worksheet = sheet.id
        for spec in sheet.ratings_fields():
            assert spec.source is not None
            source_sheet = worksheets.get(spec.source.worksheet)
            if source_sheet is None:
                names = ", ".join(sorted(worksheets))
                checker.fail(f'"source.worksheet" naming a defined worksheet (one of {names})',
                             spec.source.worksheet, spec.id)
            checker.resolve(spec, source_sheet)


def check_starter_rows(worksheets: Mapping[str, Worksheet]) -> None:
    """Check that every table's starter rows fit its columns (run again after a site's
    settings add rows)."""
    for sheet in worksheets.values():
        inner = [item for spec in sheet.value_fields for item in spec.item_fields]
        for spec in (*sheet.value_fields, *inner):
            if spec.type == "table" and spec.add_rows:
                try:
                    normalise_field(spec, spec.starter_rows, (sheet.id, spec.id))
                except ToolkitError as error:
                    raise DefinitionError(
                        sheet.source, "starter rows that fit the table's columns",
                        error.message.rstrip("."), worksheet=sheet.id, field=spec.id) from None
