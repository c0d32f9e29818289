"""The worksheet model: one class per field kind, with its labels, options, starting
rows and limits.

The generator builds these objects from the YAML definitions (see
:mod:`browser_py.core.definitions`), renders the forms from them and writes them to
``worksheets.json``; the browser's worker builds the same objects from that file.
Every limit the page enforces and every import checks is declared here.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

#: Longest text a multi-line text box may hold, in characters.
MAX_LONGTEXT_CHARS = 20_000
#: Longest text any other field (and a row id) may hold, in characters.
MAX_TEXT_CHARS = 1_000
#: Most rows a table with added rows may hold.
MAX_ADDED_ROWS = 500
#: Most items a repeat may hold.
MAX_REPEAT_ITEMS = 200
#: Most rated rows a ratings field may hold (rows of its source table, kept or removed).
MAX_RATINGS = 500

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


@dataclass
class RatingSource:
    """Where a ratings field takes its rows: an added-rows table of some worksheet."""

    worksheet: str
    table: str
    label: str
    group: str = ""

    def as_data(self) -> dict[str, str]:
        """Return the source as plain data."""
        return {"worksheet": self.worksheet, "table": self.table, "label": self.label,
                "group": self.group}


@dataclass(eq=False)
class Field:
    """One input of a worksheet, one column of a table, or one field of a repeat's items.

    Each kind of field is a subclass (:data:`FIELD_KINDS`); attributes a kind does not
    use keep their defaults.
    """

    kind: ClassVar[str] = ""
    #: Most characters a value of this kind may hold (0: not text).
    max_chars: ClassVar[int] = 0

    id: str
    label: str
    help: str = ""
    #: Left empty on purpose when it does not apply: never counted as missing.
    optional: bool = False
    #: No longer asked for: the page shows no input for it, and a value saved before is
    #: kept (export writes it, import accepts it) until a migration carries it to where
    #: it is typed now (see :mod:`browser_py.migrations`). Never counted as missing.
    retired: bool = False
    options: tuple[Option, ...] = ()
    multiple: bool = False
    scale: str = ""
    # table
    rows: tuple[Option, ...] = ()
    row_header: str = ""
    add_rows: bool = False
    add_label: str = "Add a row"
    columns: tuple[Field, ...] = ()
    #: The report's one column for the table's checkbox columns, listing the ticked ones
    #: (a roster's ticks for the guiding questions each member helps answer).
    ticks_label: str = ""
    starter_rows: list[dict[str, Any]] = field(default_factory=list)
    # repeat: the fields of each item, and how items are named, added and merged
    fields: tuple[Field, ...] = ()
    item_label: str = "Item"
    title_from: str = ""
    merge_by: tuple[str, ...] = ()
    newer_by: str = ""
    item_note: str = ""
    # ratings: the source table, and (once resolved) its groups and names
    source: RatingSource | None = None
    source_table: Field | None = None
    groups: tuple[Option, ...] = ()
    group_label: str = ""
    source_names: tuple[str, str] = ("", "")  # the source table's label, its worksheet's title
    # text: the registered list of suggestions it offers to pick from ("" for none)
    suggestions: str = ""

    @property
    def type(self) -> str:
        """The field's kind, as the definitions write it (``text``, ``table``, ...)."""
        return self.kind

    @property
    def saves_value(self) -> bool:
        """Whether the field keeps a value (headings do not)."""
        return True

    @property
    def max_items(self) -> int:
        """Most rows, entries or ratings the value may hold (0: not a list)."""
        return 0

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

    def entry_title(self, item: Mapping[str, Any], number: int) -> str:
        """How one entry of a list of entries is named, as its form names it: the item
        label and the entry's number, then the text of its ``title_from`` field, e.g.
        "Agreement 2: Acme"."""
        title = f"{self.item_label or 'Entry'} {number}"
        text = item.get(self.title_from) if self.title_from else None
        return f"{title}: {text.strip()}" if isinstance(text, str) and text.strip() else title

    @property
    def row_ids(self) -> tuple[str, ...]:
        """The ids of a fixed-rows table's rows."""
        return tuple(row.id for row in self.rows)

    def column(self, column_id: str) -> Field | None:
        """The table column with this id, or None."""
        return next((column for column in self.columns if column.id == column_id), None)

    @property
    def item_fields(self) -> tuple[Field, ...]:
        """A repeat's item fields that save a value (headings left out)."""
        return tuple(spec for spec in self.fields if spec.saves_value)

    def item_field(self, field_id: str) -> Field | None:
        """The value-saving item field of a repeat with this id, or None."""
        return next((spec for spec in self.item_fields if spec.id == field_id), None)

    def empty_value(self) -> Any:
        """The value of this field in a fresh worksheet."""
        return ""

    def as_data(self) -> dict[str, Any]:
        """The field in the definitions' language, as plain data: reading it back with
        :func:`browser_py.core.definitions.check_worksheet` gives the same field."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "label": self.label}
        if self.help:
            data["help"] = self.help
        if self.optional:
            data["optional"] = True
        if self.retired:
            data["retired"] = True
        return data


@dataclass(eq=False)
class TextField(Field):
    """One line of text; with ``suggestions``, the texts a registered function lists
    (see :func:`browser_py.core.computations.register_suggestions`) are offered to pick
    from, and any other text may still be typed."""

    kind: ClassVar[str] = "text"
    max_chars: ClassVar[int] = MAX_TEXT_CHARS

    def as_data(self) -> dict[str, Any]:
        """The field with its list of suggestions, if any (see :meth:`Field.as_data`)."""
        data = super().as_data()
        if self.suggestions:
            data["suggestions"] = self.suggestions
        return data


@dataclass(eq=False)
class LongTextField(Field):
    """Several lines of text."""

    kind: ClassVar[str] = "longtext"
    max_chars: ClassVar[int] = MAX_LONGTEXT_CHARS


@dataclass(eq=False)
class NumberField(Field):
    """A number, saved as the text typed."""

    kind: ClassVar[str] = "number"
    max_chars: ClassVar[int] = MAX_TEXT_CHARS


@dataclass(eq=False)
class DateField(Field):
    """A date written YYYY-MM-DD."""

    kind: ClassVar[str] = "date"
    max_chars: ClassVar[int] = 10
    #: The dates a plan can hold: a page's date box and an import refuse others.
    earliest: ClassVar[str] = "1900-01-01"
    latest: ClassVar[str] = "2100-12-31"


@dataclass(eq=False)
class CheckboxField(Field):
    """A tick box: true or false."""

    kind: ClassVar[str] = "checkbox"

    def empty_value(self) -> Any:
        """Not ticked."""
        return False


@dataclass(eq=False)
class ChoiceField(Field):
    """One option, or several when ``multiple``."""

    kind: ClassVar[str] = "choice"

    def empty_value(self) -> Any:
        """Nothing chosen."""
        return [] if self.multiple else ""

    def as_data(self) -> dict[str, Any]:
        """The field with its options (see :meth:`Field.as_data`)."""
        return {**super().as_data(), "multiple": self.multiple,
                "options": [{"id": o.id, "label": o.label} for o in self.options]}


@dataclass(eq=False)
class RatingField(Field):
    """One point of a rating scale."""

    kind: ClassVar[str] = "rating"

    def as_data(self) -> dict[str, Any]:
        """The field with its scale (see :meth:`Field.as_data`)."""
        return {**super().as_data(), "scale": self.scale}


@dataclass(eq=False)
class HeadingField(Field):
    """A heading between fields: it saves nothing."""

    kind: ClassVar[str] = "heading"

    @property
    def saves_value(self) -> bool:
        """Headings keep no value."""
        return False


def row_name(text: object, noun: str, number: int) -> str:
    """How a row of a ratings source is named: its text with spaces tidied, or its number
    when nothing is written yet (the grid and the computations say the same)."""
    written = " ".join(text.split()) if isinstance(text, str) else ""
    return written or f"{noun} {number} (not written yet)"


@dataclass(eq=False)
class RatingsField(Field):
    """One rating per row of another worksheet's added-rows table."""

    kind: ClassVar[str] = "ratings"

    @property
    def max_items(self) -> int:
        """Most rated rows."""
        return MAX_RATINGS

    def empty_value(self) -> Any:
        """Nothing rated."""
        return {}

    @property
    def source_rows(self) -> list[dict[str, str]]:
        """The rows as built: the source table's starter rows, read when asked (so
        starter rows added after loading, e.g. by a site's settings, count)."""
        if self.source_table is None:
            return []
        return self.rows_from(self.source_table.starter_rows)

    def rows_from(self, table_rows: list[dict[str, Any]]) -> list[dict[str, str]]:
        """The rows the grid shows for these rows of its source table (complete rows, as
        restored): ``{"row_id", "label", "group"}``, ``group`` "" when not chosen."""
        if self.source is None or self.source_table is None:
            return []
        label = self.source_table.column(self.source.label)
        noun = label.label if label is not None else "Row"
        groups = {option.id for option in self.groups}
        return [
            {"row_id": row["row_id"],
             "label": row_name(row.get(self.source.label), noun, number),
             "group": row.get(self.source.group) if self.source.group and row.get(
                 self.source.group) in groups else ""}
            for number, row in enumerate(table_rows, start=1)
        ]

    def as_data(self) -> dict[str, Any]:
        """The field with its scale and source (see :meth:`Field.as_data`)."""
        data = {**super().as_data(), "scale": self.scale}
        if self.source is not None:
            data["source"] = self.source.as_data()
        return data


@dataclass(eq=False)
class TableField(Field):
    """A table: fixed rows, or rows the person adds (with optional starter rows)."""

    kind: ClassVar[str] = "table"

    @property
    def max_items(self) -> int:
        """Most rows of a table with added rows."""
        return MAX_ADDED_ROWS if self.add_rows else len(self.rows)

    def empty_value(self) -> Any:
        """The starter rows, or every fixed row with empty cells."""
        if self.add_rows:
            return [self._starter_row(row) for row in self.starter_rows]
        return {row.id: {column.id: column.empty_value() for column in self.columns}
                for row in self.rows}

    def _starter_row(self, starter: Mapping[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {"row_id": starter["row_id"]}
        for column in self.columns:
            row[column.id] = (copy.deepcopy(starter[column.id]) if column.id in starter
                              else column.empty_value())
        return row

    def as_data(self) -> dict[str, Any]:
        """The table with its columns and rows (see :meth:`Field.as_data`)."""
        data = {**super().as_data(), "add_rows": self.add_rows,
                "columns": [column.as_data() for column in self.columns]}
        if self.ticks_label:
            data["ticks_label"] = self.ticks_label
        if self.add_rows:
            data["add_label"] = self.add_label
            data["starter_rows"] = [dict(row) for row in self.starter_rows]
        else:
            data["row_header"] = self.row_header
            data["rows"] = [{"id": r.id, "label": r.label} for r in self.rows]
        return data


@dataclass(eq=False)
class RepeatField(Field):
    """A list of entries that each hold the same fields (e.g. one checklist per provider)."""

    kind: ClassVar[str] = "repeat"

    @property
    def max_items(self) -> int:
        """Most entries."""
        return MAX_REPEAT_ITEMS

    def empty_value(self) -> Any:
        """No entries."""
        return []

    def as_data(self) -> dict[str, Any]:
        """The repeat with its item fields (see :meth:`Field.as_data`)."""
        data = {**super().as_data(), "fields": [inner.as_data() for inner in self.fields],
                "item_label": self.item_label, "add_label": self.add_label,
                "merge_by": list(self.merge_by)}
        for key in ("newer_by", "title_from", "item_note"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


#: Each field kind's class, by the name the definitions use.
FIELD_KINDS: dict[str, type[Field]] = {cls.kind: cls for cls in (
    TextField, LongTextField, NumberField, DateField, ChoiceField, CheckboxField,
    RatingField, TableField, HeadingField, RepeatField, RatingsField)}
#: Kinds a table column may have.
CELL_TYPES = ("text", "longtext", "number", "date", "choice", "checkbox", "rating")
#: Kinds a field inside a repeat's items may have: a table there has rows the person
#: adds (an agreement's own steps); no repeats within repeats.
ITEM_TYPES = (*CELL_TYPES, "table", "ratings", "heading")
#: Kinds a worksheet's own fields may have.
FIELD_TYPES = (*CELL_TYPES, "table", "heading", "repeat", "ratings")


@dataclass
class Computed:
    """An output that a named ``browser_py`` computation fills in."""

    id: str
    label: str
    function: str
    print: bool = True  # whether the output appears when the page is printed
    summary: int = 0  # its place in the report's summary (its first page); 0: not there
    #: Whether the full report shows it (an output that is a document of its own, such
    #: as the agreement outlines, is left to its own downloads).
    report: bool = True


@dataclass
class Action:
    """A download the worksheet offers, made by a named ``browser_py`` action."""

    id: str
    label: str
    function: str


@dataclass(eq=False)
class Worksheet:
    """A whole worksheet: its fields in display order, computed outputs and downloads."""

    id: str
    title: str
    source: str = ""  # the file it was read from
    intro: str = ""
    fields: list[Field] = field(default_factory=list)
    computed: list[Computed] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    print: str = "form"
    #: Which table may be counted from the district's own files, and its columns:
    #: ``table``, ``name``, ``indicated``, ``new``, ``counted`` (a row counted from a
    #: file), ``enrollment`` (a table of ``group`` and ``enrolled``), ``groups`` (a table
    #: of ``group`` and ``students``: students with a need by group, as counted) and
    #: ``group_by`` (the grouping column's name). Empty: none.
    count_from_files: dict[str, str] = field(default_factory=dict)
    #: Printed on pages of its own, sideways (a wide table: a column per provider).
    print_landscape: bool = False
    #: What the full report shows: "entries" and results, or "results" only (where the
    #: results set the entries out for a reader, or the entries are raw ratings).
    report: str = "entries"

    @property
    def filled_by_files(self) -> frozenset[str]:
        """The fields the toolkit fills by counting the district's files, never typed:
        the page shows no input for them, and a result shows what they hold."""
        return frozenset(self.count_from_files[key] for key in ("groups", "group_by")
                         if key in self.count_from_files)

    def counted_column(self, table_id: str) -> str:
        """The column of ``table_id`` that marks a row counted from a file ("" if none):
        kept in the row without an input of its own."""
        found = self.count_from_files
        return found.get("counted", "") if found.get("table") == table_id else ""

    @property
    def value_fields(self) -> tuple[Field, ...]:
        """The fields that save a value, in display order (headings left out)."""
        return tuple(f for f in self.fields if f.saves_value)

    def field(self, field_id: str) -> Field | None:
        """The value-saving field with this id, or None."""
        return next((f for f in self.value_fields if f.id == field_id), None)

    def starting_values(self) -> dict[str, Any]:
        """The values of a fresh worksheet: each field's starting value, starter rows and
        fixed rows included (what the form shows before anything is typed)."""
        return {spec.id: spec.empty_value() for spec in self.value_fields}

    @property
    def suggestion_lists(self) -> tuple[str, ...]:
        """The lists of suggestions its text fields offer (at the top level or in a
        repeat's items), each once, in the order of the fields."""
        return tuple(dict.fromkeys(spec.suggestions for top in self.fields
                                   for spec in (top, *top.fields) if spec.suggestions))

    def ratings_fields(self) -> list[Field]:
        """Every ``ratings`` field, at the top level or inside a repeat's items."""
        found = []
        for spec in self.fields:
            if spec.type == "ratings":
                found.append(spec)
            found += [inner for inner in spec.fields if inner.type == "ratings"]
        return found

    def as_data(self) -> dict[str, Any]:
        """The worksheet in the definitions' language, as plain data."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "fields": [f.as_data() for f in self.fields],
            "print": self.print,
            "computed": [{"id": c.id, "label": c.label, "function": c.function,
                          "print": c.print, **({"summary": c.summary} if c.summary else {}),
                          **({} if c.report else {"report": False})}
                         for c in self.computed],
            "actions": [{"id": a.id, "label": a.label, "function": a.function}
                        for a in self.actions],
        }
        if self.intro:
            data["intro"] = self.intro
        if self.count_from_files:
            data["count_from_files"] = dict(self.count_from_files)
        if self.print_landscape:
            data["print_landscape"] = True
        if self.report != "entries":
            data["report"] = self.report
        return data
