"""The worksheets' Excel downloads: the project plan, the needs estimate, the provider
comparison and the partner check-ins as ``.xlsx`` workbooks.

Each workbook is built from the rows the worksheet's CSV is made of (a table's
:func:`~browser_py.documents.tables_csv.table_cells`, the plan's
:func:`~browser_py.worksheets.planning.plan_table`, the comparison's
:func:`~browser_py.worksheets.checklist.comparison_cells`), and a result's sheet from the
result the page shows, its sentences under its table: one figure, one word, whatever
the file. The needs estimate and the check-ins hold counts of students, so each also
comes in a shareable version, hidden as the whole shareable publication hides them
(:mod:`browser_py.documents.shareable`): the same "<10" and "hidden" as the report's
shareable version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.computations import Context, Download, Output, Values, register_action
from ..core.file_names import document_filename
from ..documents import workbook, xlsx_file
from ..documents.shareable import Shared, share_with
from ..documents.tables_csv import table_cells
from .checkins import PARTNER_COLUMNS, checkin_pace
from .checkins import SHEET as CHECKINS_SHEET
from .checklist import COMPARE_SHEET, comparison_cells, provider_comparison
from .district import district_name
from .needs import NEEDS_SHEET, needs_summary
from .planning import PLAN_SHEET, plan_table

#: Said under each table of a shareable workbook.
SHAREABLE_NOTE = ("Shareable version: every count of students under {threshold} reads "
                  "“<{threshold}”, and any count that would reveal one reads “hidden”.")


def _title(context: Context, worksheet: str) -> str:
    return context.titles.get(worksheet) or worksheet


def _download(book: workbook.Workbook, context: Context, worksheet: str,
              shareable: bool = False) -> Download:
    name = document_filename(district_name(context.state, context.settings),
                             _title(context, worksheet), context.today.isoformat(), "xlsx",
                             shareable)
    return Download(name, xlsx_file.MEDIA_TYPE, data=xlsx_file.workbook_bytes(book))


def _result_sheet(title: str, output: Output, columns: list[str],
                  notes: list[str] | None = None) -> workbook.Sheet:
    """A result as the page shows it: its table (``columns`` when it has none yet), then
    its sentence and messages."""
    table = workbook.output_table(output.columns or columns, output.rows)
    return workbook.Sheet(title, table, [*(notes or []), output.text, *output.messages])


@register_action
def plan_xlsx(values: Values, context: Context) -> Download:
    """The plan and the next steps for Excel: the CSV's rows, deadlines as dates."""
    title = _title(context, PLAN_SHEET)
    book = workbook.Workbook(title, [workbook.Sheet(title, plan_table(values, context))],
                             context.today)
    return _download(book, context, PLAN_SHEET)


@register_action
def provider_comparison_xlsx(values: Values, context: Context) -> Download:
    """The provider comparison for Excel: the CSV's rows, then the result's sentences
    (how many providers, where raters disagree)."""
    title = _title(context, COMPARE_SHEET)
    output = provider_comparison(values, context)
    sheet = workbook.Sheet(title, comparison_cells(values, context),
                           [output.text, *output.messages])
    return _download(workbook.Workbook(title, [sheet], context.today), context, COMPARE_SHEET)


@dataclass(frozen=True)
class Counts:
    """A worksheet that holds counts of students, as its workbook shows it."""

    worksheet: str
    table: str  # the table whose CSV the first sheet holds
    result: str  # the result the second sheet holds (its id)
    compute: Callable[[Values, Context], Output]  # that result, in the full version
    sheet: str  # the second sheet's name
    columns: tuple[str, ...]  # its headings while the result has no table


NEEDS = Counts(NEEDS_SHEET, "sources", "summary", needs_summary, "Summary",
               ("Figure", "Students"))
CHECKINS = Counts(CHECKINS_SHEET, "checkins", "pace", checkin_pace, "By partner",
                  tuple(PARTNER_COLUMNS))


def _counts_book(counts: Counts, values: Values, context: Context,
                 shareable: bool) -> Download:
    """The worksheet's table (as its CSV, or as the shareable publication shows it), then
    its result as the page (or the report's shareable version) shows it."""
    title = _title(context, counts.worksheet)
    shared: Shared | None = None
    notes: list[str] = []
    if shareable:
        sharing = share_with(context, counts.worksheet, values)
        shared = sharing.worksheets[counts.worksheet]
        notes = [SHAREABLE_NOTE.format(threshold=sharing.threshold)]
        notes += [sharing.message] if sharing.message else []
    cells = table_cells(context.schema, counts.worksheet, counts.table, values,
                        shared.cells if shared is not None else None)
    output = (shared.outputs[counts.result] if shared is not None
              else counts.compute(values, context))
    sheets = [workbook.Sheet(title, cells, list(notes)),
              _result_sheet(counts.sheet, output, list(counts.columns), notes)]
    book_title = f"{title} (shareable version)" if shareable else title
    return _download(workbook.Workbook(book_title, sheets, context.today), context,
                     counts.worksheet, shareable)


@register_action
def needs_xlsx(values: Values, context: Context) -> Download:
    """The needs estimate for Excel: its sources (the table's CSV) and its summary."""
    return _counts_book(NEEDS, values, context, shareable=False)


@register_action
def needs_xlsx_shareable(values: Values, context: Context) -> Download:
    """The needs estimate for Excel with small counts hidden, as the report's shareable
    version hides them."""
    return _counts_book(NEEDS, values, context, shareable=True)


@register_action
def checkins_xlsx(values: Values, context: Context) -> Download:
    """The partner check-ins for Excel: every check-in (the table's CSV) and the students
    referred and who started care by partner."""
    return _counts_book(CHECKINS, values, context, shareable=False)


@register_action
def checkins_xlsx_shareable(values: Values, context: Context) -> Download:
    """The partner check-ins for Excel with small counts hidden."""
    return _counts_book(CHECKINS, values, context, shareable=True)
