"""Named computations that worksheets show, and named downloads they offer.

A worksheet definition names a computation (``computed``), a download (``actions``) or
a text field's list of suggestions (``suggestions``) by its registered name; the build
fails when the name is not registered. A computation takes one worksheet's saved values
and a :class:`Context` and returns an :class:`Output`; an action returns a
:class:`Download`; a list of suggestions takes the :class:`Context` and returns the texts
a person may pick in the field (or type another).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Values = dict[str, Any]


@dataclass
class Context:
    """What a computation may read besides its own worksheet."""

    state: dict[str, Values] = field(default_factory=dict)  # every worksheet's values
    today: date = field(default_factory=date.today)  # the browser's date, for deadlines
    settings: dict[str, Any] = field(default_factory=dict)  # the site's settings
    # Where each worksheet is placed (its page's path) and its title, for links to it.
    pages: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    # The site's worksheet definitions (a Schema), for a download that writes a worksheet's
    # table as its CSV does; None where no site is set up.
    schema: Any = None

    def values(self, worksheet: str) -> Values:
        """Another worksheet's values (empty when it has none yet)."""
        return self.state.get(worksheet) or {}

    def link(self, worksheet: str) -> dict[str, str]:
        """A link to another worksheet, named by its title."""
        return {"text": self.titles.get(worksheet, worksheet), "worksheet": worksheet,
                "page": self.pages.get(worksheet, "")}


@dataclass
class Output:
    """What a computed output shows: a sentence, and messages about the input."""

    text: str
    status: str = "ok"  # "ok", "incomplete" or "error"
    messages: list[str] = field(default_factory=list)
    # Optional table shown under the text: column headings, then rows of cell texts.
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    # What the start page names under the text (overdue steps, uncovered questions...).
    names: list[str] = field(default_factory=list)
    # Parts done of the worksheet's whole (steps done of all steps), when it is not the
    # share of its fields filled in.
    progress: tuple[int, int] | None = None
    # A chart of the output's figures (see :mod:`browser_py.core.charts`).
    chart: dict[str, Any] | None = None
    # Further tables under the first, each with its own column headings.
    more_tables: list[tuple[list[str], list[list[str]]]] = field(default_factory=list)
    # A tone per cell of ``rows`` ("" for none), shown as a colour beside the cell's own
    # words: never the only way a cell says what it means.
    tones: list[list[str]] = field(default_factory=list)
    # Worksheets to fill in for what the output is missing (see :meth:`Context.link`).
    links: list[dict[str, str]] = field(default_factory=list)
    # Its tables are parts and their text (an agreement's outline): on a narrow screen
    # each row reads as its first cell above the rest, never as a narrow column.
    stack: bool = False

    def as_dict(self) -> dict[str, Any]:
        """Return the output as plain data for the page."""
        data: dict[str, Any] = {
            "text": self.text, "status": self.status, "messages": list(self.messages),
        }
        if self.names:
            data["names"] = list(self.names)
        if self.progress is not None:
            data["progress"] = list(self.progress)
        if self.chart is not None:
            data["chart"] = self.chart
        if self.links:
            data["links"] = [dict(link) for link in self.links]
        if self.tones:
            data["tones"] = [list(row) for row in self.tones]
        if self.stack:
            data["stack"] = True
        if self.more_tables:
            data["more_tables"] = [{"columns": list(columns),
                                    "rows": [list(map(str, row)) for row in rows]}
                                   for columns, rows in self.more_tables]
        if self.columns:
            data["columns"] = list(self.columns)
            data["rows"] = [list(map(str, row)) for row in self.rows]
        return data


@dataclass
class Download:
    """A file a worksheet offers for download: text, or bytes (an Excel workbook)."""

    filename: str
    media_type: str
    text: str = ""
    #: A document the page writes as the file (a Word file: ``document.word_data``).
    document: dict[str, Any] | None = None
    data: bytes | None = None

    def as_dict(self) -> dict[str, Any]:
        """Return the download as plain data for the page: bytes go as ``base64``."""
        made: dict[str, Any] = {"filename": self.filename, "media_type": self.media_type,
                                "text": self.text}
        if self.document is not None:
            made["document"] = self.document
        if self.data is not None:
            made["base64"] = binascii.b2a_base64(self.data, newline=False).decode("ascii")
        return made


Computation = Callable[[Values, Context], Output]
Action = Callable[[Values, Context], Download]
Suggestions = Callable[[Context], list[str]]
REGISTRY: dict[str, Computation] = {}
ACTIONS: dict[str, Action] = {}
SUGGESTIONS: dict[str, Suggestions] = {}


def _add(registry: dict[str, Any], func: Any, what: str) -> None:
    name = func.__name__
    known = registry.get(name)
    if known is not None and (known.__module__, known.__qualname__) != (
            func.__module__, func.__qualname__):
        raise ValueError(
            f"Two {what}s are called {name!r} ({known.__module__} and {func.__module__}); "
            "worksheets name them, so give each its own name.")
    registry[name] = func


def register(func: Computation) -> Computation:
    """Register a computation under its own name so worksheets can name it; a second
    function with the same name raises ``ValueError``."""
    _add(REGISTRY, func, "computation")
    return func


def register_action(func: Action) -> Action:
    """Register a download under its own name so worksheets can offer it; a second
    function with the same name raises ``ValueError``."""
    _add(ACTIONS, func, "download")
    return func


def register_suggestions(func: Suggestions) -> Suggestions:
    """Register a list of suggestions under its own name so a text field can offer it
    (``suggestions:`` in its definition); a second function with the same name raises
    ``ValueError``."""
    _add(SUGGESTIONS, func, "suggestions list")
    return func


def suggestions(names: list[str], context: Context) -> dict[str, list[str]]:
    """The texts each named list of suggestions offers now, by name (names not
    registered are left out)."""
    return {name: list(SUGGESTIONS[name](context)) for name in names if name in SUGGESTIONS}


#: Per worksheet: the cells its table downloads must show instead of what was typed, by
#: (table, row id, column), for worksheets whose counts leave the device only suppressed.
SHARED_CELLS: dict[str, Callable[[Values, Context], dict[tuple[str, str, str], str]]] = {}


def register_shared_cells(worksheet: str) -> Callable[[Any], Any]:
    """Register, for one worksheet, the function giving its tables' cells as they may be
    shared (see :data:`SHARED_CELLS`); its other count cells are left empty."""
    def add(func: Any) -> Any:
        if worksheet in SHARED_CELLS:
            raise ValueError(f"Two functions give the shared cells of {worksheet!r}.")
        SHARED_CELLS[worksheet] = func
        return func
    return add


#: What a result says when its computation stopped on a problem of its own: the other
#: results, the report and the export go on without it.
STOPPED = ("This result could not be worked out from the entries ({problem}). Your entries "
           "are saved, and every other result and the export still work; check the entries "
           "of this worksheet.")


def run(name: str, values: Values, context: Context | None = None) -> dict[str, Any]:
    """Run the computation ``name`` on a worksheet's values and return plain data. A
    computation that stops on an unexpected problem gives an error result naming it,
    never an exception: one result never stops the page, the report or the export."""
    try:
        return REGISTRY[name](values, context or Context()).as_dict()
    except Exception as error:  # noqa: BLE001 - the person sees it, nothing else stops
        problem = f"{type(error).__name__}: {str(error)[:120]}"
        return Output(STOPPED.format(problem=problem), "error").as_dict()


def run_action(name: str, values: Values, context: Context | None = None) -> dict[str, str]:
    """Run the download ``name`` on a worksheet's values and return plain data."""
    return ACTIONS[name](values, context or Context()).as_dict()


def parse_count(raw: object) -> int | None:
    """Read a count of students typed by a person; ``None`` when empty.

    Raises ``ValueError`` with a plain message when the text is not a whole number of
    zero or more.
    """
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"“{raw}” is not a number. Enter a whole number such as 120.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"“{raw}” is not a number. Enter a whole number such as 120.")
    if number < 0:
        raise ValueError(f"{raw} is below zero. Enter zero or more students.")
    if number != int(number):
        raise ValueError(f"{raw} is not a whole number. Enter a whole number of students.")
    return int(number)
