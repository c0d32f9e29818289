"""Worksheet definitions: read from YAML, checked, and held as typed records."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DefinitionError

WORKSHEET_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
FIELD_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
CELL_TYPES = ("text", "longtext", "number", "date", "choice", "checkbox", "rating")
FIELD_TYPES = (*CELL_TYPES, "table", "heading")
SCALES: dict[str, tuple[tuple[str, str], ...]] = {
    "agreement": (
        ("strongly-disagree", "Strongly disagree"),
        ("disagree", "Disagree"),
        ("no-evidence", "No evidence"),
        ("agree", "Agree"),
        ("strongly-agree", "Strongly agree"),
    ),
    "fit": (("poor", "Poor"), ("mixed", "Mixed"), ("good", "Good")),
}
WORKSHEET_KEYS = {"id", "title", "intro", "fields", "computed", "actions"}
FIELD_KEYS = {
    "id", "type", "label", "help", "options", "multiple", "scale", "min", "max", "step",
    "rows", "row_header", "add_rows", "add_label", "columns", "starter_rows",
}


@dataclass(frozen=True)
class Option:
    """One choice of a choice field or rating scale."""

    id: str
    label: str


@dataclass
class Field:
    """One input of a worksheet, or one column of a table."""

    id: str
    type: str
    label: str
    help: str = ""
    options: list[Option] = field(default_factory=list)
    multiple: bool = False
    scale: str = ""
    min: float | None = None
    max: float | None = None
    step: float | None = None
    rows: list[Option] = field(default_factory=list)
    row_header: str = ""
    add_rows: bool = False
    add_label: str = "Add a row"
    columns: list[Field] = field(default_factory=list)
    starter_rows: list[dict[str, Any]] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """Return the field as plain data (for the browser and for browser_py)."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label}
        if self.help:
            data["help"] = self.help
        if self.options:
            data["options"] = [{"id": o.id, "label": o.label} for o in self.options]
        if self.type == "choice":
            data["multiple"] = self.multiple
        if self.type == "rating":
            data["scale"] = self.scale
        if self.type == "table":
            data["add_rows"] = self.add_rows
            data["columns"] = [column.as_data() for column in self.columns]
            if self.add_rows:
                data["starter_rows"] = [dict(row) for row in self.starter_rows]
            else:
                data["row_header"] = self.row_header
                data["rows"] = [{"id": r.id, "label": r.label} for r in self.rows]
        return data


@dataclass
class Computed:
    """An output that a named ``browser_py`` computation fills in."""

    id: str
    label: str
    function: str


@dataclass
class Action:
    """A download the worksheet offers, made by a named ``browser_py`` action."""

    id: str
    label: str
    function: str


@dataclass
class Worksheet:
    """A whole worksheet definition, from one YAML file."""

    id: str
    title: str
    source: str
    intro: str = ""
    fields: list[Field] = field(default_factory=list)
    computed: list[Computed] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        """Return the worksheet as plain data (for the browser and for browser_py)."""
        return {
            "id": self.id,
            "title": self.title,
            "fields": [f.as_data() for f in self.fields],
            "computed": [
                {"id": c.id, "label": c.label, "function": c.function} for c in self.computed
            ],
            "actions": [
                {"id": a.id, "label": a.label, "function": a.function} for a in self.actions
            ],
        }


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
        self, source: str, known_functions: Iterable[str], known_actions: Iterable[str] = ()
    ) -> None:
        self.source = source
        self.worksheet: str | None = None
        self.known_functions = set(known_functions)
        self.known_actions = set(known_actions)

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

    def options(self, raw: object, field_id: str, what: str) -> list[Option]:
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
        return result

    def number(self, data: dict, key: str, field_id: str) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f'a number for "{key}"', value, field_id)
        return value

    def field(self, raw: object, *, in_table: bool) -> Field:
        probe = raw.get("id") if isinstance(raw, dict) else None
        data = self.keys(raw, FIELD_KEYS, "a field", probe if isinstance(probe, str) else None)
        field_id = self.ident(data.get("id"), FIELD_ID, "a field id", None)
        allowed = CELL_TYPES if in_table else FIELD_TYPES
        kind = data.get("type")
        if kind not in allowed:
            where = "a table column type" if in_table else "a field type"
            self.fail(f"{where}: one of {', '.join(allowed)}", kind, field_id)
        result = Field(
            id=field_id,
            type=kind,
            label=self.text(data, "label", field_id, required=True),
            help=self.text(data, "help", field_id, required=False),
        )
        if kind == "choice":
            result.options = self.options(data.get("options"), field_id, "options")
            multiple = data.get("multiple", False)
            if not isinstance(multiple, bool):
                self.fail('true or false for "multiple"', multiple, field_id)
            result.multiple = multiple
        elif "options" in data or "multiple" in data:
            self.fail('"options" and "multiple" only on a choice field', kind, field_id)
        if kind == "rating":
            scale = data.get("scale", "agreement")
            if scale not in SCALES:
                self.fail(f"a scale: one of {', '.join(SCALES)}", scale, field_id)
            result.scale = scale
            result.options = [Option(i, label) for i, label in SCALES[scale]]
        elif "scale" in data:
            self.fail('"scale" only on a rating field', kind, field_id)
        if kind == "number":
            result.min = self.number(data, "min", field_id)
            result.max = self.number(data, "max", field_id)
            result.step = self.number(data, "step", field_id)
        if kind == "table":
            self.table(data, result)
        else:
            for key in ("rows", "row_header", "add_rows", "add_label", "columns", "starter_rows"):
                if key in data:
                    self.fail(f'"{key}" only on a table', kind, field_id)
        return result

    def table(self, data: dict, result: Field) -> None:
        field_id = result.id
        columns = data.get("columns")
        if not isinstance(columns, list) or not columns:
            self.fail("a non-empty list of columns", columns, field_id)
        result.columns = [self.field(column, in_table=True) for column in columns]
        column_ids = [column.id for column in result.columns]
        self.unique(column_ids, "column ids", field_id)
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
                result.starter_rows.append(dict(row))
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
            data.get("computed", []), "computed output", self.known_functions, "function")]
        actions = [Action(*item) for item in self.named(
            data.get("actions", []), "download", self.known_actions, "download")]
        self.unique([f.id for f in parsed] + [c.id for c in computed] + [a.id for a in actions],
                    "field, output and download ids", None)
        return Worksheet(worksheet_id, title, self.source, intro, parsed, computed, actions)

    def named(
        self, raw: object, what: str, known: set[str], kind: str
    ) -> list[tuple[str, str, str]]:
        """Check a list of ``{id, label, function}`` entries naming browser_py functions."""
        if not isinstance(raw, list):
            self.fail(f"a list of {what}s", raw)
        result = []
        for item in raw:
            item = self.keys(item, {"id", "label", "function"}, f"a {what}", None)
            item_id = self.ident(item.get("id"), FIELD_ID, f"a {what} id", None)
            function = item.get("function")
            if function not in known:
                names = ", ".join(sorted(known)) or "none"
                self.fail(f"a {kind} that browser_py registers (one of {names})", function,
                          item_id)
            result.append((item_id, self.text(item, "label", item_id, required=True), function))
        return result


def parse_worksheet(
    text: str, source: str, known_functions: Iterable[str], known_actions: Iterable[str] = ()
) -> Worksheet:
    """Parse and check one worksheet definition written in YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DefinitionError(source, "valid YAML", f"{problem} at {where}") from None
    return _Checker(source, known_functions, known_actions).worksheet_data(data)


def load_worksheets(
    folder: Path,
    known_functions: Iterable[str],
    known_actions: Iterable[str] = (),
    *,
    display: Callable[[Path], str] = str,
) -> dict[str, Worksheet]:
    """Load every ``*.yml`` definition in ``folder``, keyed by worksheet id."""
    known = set(known_functions)
    actions = set(known_actions)
    worksheets: dict[str, Worksheet] = {}
    for path in sorted(folder.glob("*.yml")):
        source = display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DefinitionError(source, "a text file in UTF-8", "other bytes") from None
        sheet = parse_worksheet(text, source, known, actions)
        if sheet.id in worksheets:
            raise DefinitionError(
                source, "a worksheet id used by one file only",
                f'"{sheet.id}", already defined in {worksheets[sheet.id].source}',
                worksheet=sheet.id,
            )
        worksheets[sheet.id] = sheet
    return worksheets
