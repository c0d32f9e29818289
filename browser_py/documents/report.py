"""The full plan report: every worksheet's entries in the practice's order.

:func:`build_report` gathers what the person entered and what the toolkit computed,
and nothing else; :func:`report_markdown` and :func:`report_html` turn it into files to
download. Empty worksheets stay in the report and say so.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..core.completion import Completion, has_entry
from ..core.completion import listing as missing_listing
from ..core.figures import first_names, iso_or_long_date, long_date, typed_number
from ..core.model import Field
from ..core.schema import Schema
from . import document

Block = dict[str, Any]
EMPTY_SECTION = "Nothing entered yet."
TITLE = "Community mental health partnerships plan"
#: The shareable version says so in its title: on the page, on paper and in its files.
SHAREABLE_TITLE = f"{TITLE}: shareable version"
SUMMARY_NAMES = 3  # names listed under a figure of the summary; the rest are counted


_filled = has_entry


#: An option's note to the person filling the form ("Other groups (describe below)"):
#: a reader of the report has no box below.
_FORM_NOTE = re.compile(r"\s*\([^()]*\bbelow\)$")


def for_reader(label: str) -> str:
    """An option's label as a reader of the report reads it, without the form's note."""
    return _FORM_NOTE.sub("", label)


def cell_text(spec: Field | None, value: Any) -> str:
    """A value as the person would read it: option labels, Yes for a tick, numbers with
    thousands separators, dates written out, text as is."""
    if value is None or value is False or value == "" or value == []:
        return ""
    if value is True:
        return "Yes"
    if spec is not None and spec.type == "number" and isinstance(value, str | int | float):
        return typed_number(value)
    if spec is not None and spec.type == "date" and isinstance(value, str):
        return iso_or_long_date(value)
    if spec is not None and spec.options:
        if isinstance(value, list):
            return "; ".join(for_reader(spec.option_label(str(item))) for item in value)
        return for_reader(spec.option_label(str(value)))
    if isinstance(value, list):
        return "; ".join(cell_text(None, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell_text(None, v)}" for k, v in value.items() if _filled(v))
    return str(value).strip()


#: A worksheet's count cells as they may be shared, by (field,) or (table, row, column).
Cells = dict[tuple[str, ...], str]


#: A number the shareable version does not publish reads this, never a blank.
HIDDEN = "hidden"


def _as_shared(cells: Cells, key: tuple[str, ...], spec: Field, value: Any) -> str:
    """A number of the shareable version as its worksheet shares it; a number typed
    that the worksheet does not share reads "hidden", so that no cell is left blank."""
    if key in cells:
        return typed_number(cells[key])
    return HIDDEN if cell_text(spec, value) else ""


def _shared(spec: Field, row_id: str, column: Field, value: Any, cells: Cells | None) -> str:
    """A table cell as written, or, in the shareable version, its count as shared."""
    if cells is not None and column.type == "number":
        return _as_shared(cells, (spec.id, row_id, column.id), column, value)
    return cell_text(column, value)


def _table_block(spec: Field, value: Any, cells: Cells | None = None,
                 unless_empty: str = "") -> Block | None:
    """A table's rows; the column ``unless_empty`` (the mark of a row counted from a
    district file) only when a row holds it."""
    columns = [column for column in spec.columns if column.id != unless_empty or any(
        isinstance(row, dict) and _filled(row.get(column.id)) for row in value or [])]
    if spec.add_rows or isinstance(value, list):
        # A starter row the person left as it came (a prompt, not an entry) is left out.
        starters = {row["row_id"]: row for row in spec.starter_rows}
        rows = [
            row for row in value or [] if isinstance(row, dict) and any(
                _filled(row.get(c.id)) and row.get(c.id) != starters.get(
                    row.get("row_id"), {}).get(c.id, c.empty_value())
                for c in columns)
        ]
        header = [column.label for column in columns]
        body = [[_shared(spec, str(row.get("row_id")), column, row.get(column.id), cells)
                 for column in columns] for row in rows]
    else:
        rows_by_id = value if isinstance(value, dict) else {}
        header = [spec.row_header, *[column.label for column in columns]]
        body = [
            [row.label, *[_shared(spec, row.id, column,
                                  (rows_by_id.get(row.id) or {}).get(column.id), cells)
                          for column in columns]]
            for row in spec.rows
        ]
        body = [line for line in body if any(line[1:])]
    body = [line for line in body if any(line)]
    if not body:
        return None
    if spec.ticks_label:
        header, body = _ticks_together(spec.ticks_label, columns, header, body)
    return {"type": "table", "label": spec.label, "columns": header, "rows": body}


def _ticks_together(label: str, columns: list[Field], header: list[str],
                    body: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The table's checkbox columns (the last ``len(columns)`` of ``header``) as one
    column, ``label``, listing the ticked ones' labels, one per line: a wide roster of
    ticks reads as a list."""
    offset = len(header) - len(columns)
    ticks = [offset + n for n, column in enumerate(columns) if column.type == "checkbox"]
    keep = [n for n in range(len(header)) if n not in ticks]
    return ([header[n] for n in keep] + [label],
            [[line[n] for n in keep] + ["\n".join(header[n] for n in ticks if line[n])]
             for line in body])


def _ratings_block(spec: Field, value: Any, state: dict[str, Any]) -> Block | None:
    """A ratings grid as a table of its source rows' labels and the ratings given."""
    if not isinstance(value, dict) or spec.source is None:
        return None
    source = (state.get(spec.source.worksheet) or {}).get(spec.source.table) or []
    names = {row.get("row_id"): str(row.get(spec.source.label) or "").strip()
             for row in source if isinstance(row, dict)}
    rows = [[names.get(row_id) or "(a criterion since removed)", spec.option_label(rating)]
            for row_id, rating in value.items() if rating]
    if not rows:
        return None
    return {"type": "table", "label": spec.label, "columns": ["Criterion", "Rating"],
            "rows": rows}


def _repeat_blocks(spec: Field, value: Any, state: dict[str, Any]) -> list[Block]:
    """Each entry of a repeat under its own heading, with its fields."""
    blocks: list[Block] = []
    for number, item in enumerate((v for v in value or [] if isinstance(v, dict)), start=1):
        inner = [block for field in spec.item_fields
                 for block in _field_blocks(field, item.get(field.id), state)]
        if not inner:
            continue
        blocks += [{"type": "heading", "label": spec.entry_title(item, number)}, *inner]
    return blocks


def _field_blocks(spec: Field, value: Any, state: dict[str, Any],
                  cells: Cells | None = None, unless_empty: str = "") -> list[Block]:
    """A field's blocks; with ``cells`` (the shareable version of a worksheet that holds
    counts) each number shows as shared, and a number not in ``cells`` reads "hidden"."""
    if spec.type == "repeat":
        return _repeat_blocks(spec, value, state)
    if spec.type == "ratings":
        block = _ratings_block(spec, value, state)
        return [block] if block else []
    if spec.type == "table" or spec.columns:
        block = _table_block(spec, value, cells, unless_empty)
        return [block] if block else []
    text = (_as_shared(cells, (spec.id,), spec, value)
            if cells is not None and spec.type == "number" else cell_text(spec, value))
    return [{"type": "field", "label": spec.label, "text": text}] if text else []


def build_report(
    schema: Schema,
    order: list[dict[str, str]],
    state: dict[str, dict[str, Any]],
    computed: dict[str, dict[str, dict[str, Any]]],
    *,
    district: str,
    today: str,
    computed_labels: dict[str, dict[str, str]],
    results_only: frozenset[str] = frozenset(),
    hidden_outputs: frozenset[tuple[str, str]] = frozenset(),
    summary_outputs: tuple[tuple[str, str], ...] = (),
    shared_cells: dict[str, Cells] | None = None,
    contributors: dict[str, list[str]] | None = None,
    statuses: dict[str, Completion] | None = None,
) -> dict[str, Any]:
    """Gather the report: one section per worksheet, in ``order`` (``{worksheet, page}``).

    ``computed`` holds each worksheet's computed outputs as the page shows them. For the
    worksheets in ``results_only`` (such as the district profile, whose shareable form is
    the suppressed packet) only the results appear, never the raw entries; outputs in
    ``hidden_outputs`` (worksheet, output) are not printed at all. With
    ``shared_cells`` (the shareable version) the worksheets it names show their counts
    as shared; ``computed`` then holds those worksheets' shareable results.
    ``contributors`` names, by worksheet, the people who entered what it holds.
    ``statuses`` gives where each worksheet stands (:func:`browser_py.core.completion.of`):
    a section that is not complete says what it still misses.
    """
    sections = []
    for place in order:
        worksheet_id = place["worksheet"]
        if not schema.has_worksheet(worksheet_id):
            continue
        sheet = schema.worksheet(worksheet_id)
        values = state.get(worksheet_id) or {}
        blocks: list[Block] = []
        pending_heading: Block | None = None
        cells = shared_cells.get(worksheet_id) if shared_cells is not None else None
        # Entered when anything was typed, even if the shareable version shows none of it.
        typed = cells is not None and any(
            _field_blocks(spec, values[spec.id], state) for spec in sheet.fields
            if spec.type != "heading" and not spec.retired and spec.id in values)
        for spec in sheet.fields:
            # No longer asked for, or filled by counting files: the results show them.
            if spec.retired or spec.id in sheet.filled_by_files:
                continue
            if spec.type == "heading":
                pending_heading = {"type": "heading", "label": spec.label}
                continue
            found = (_field_blocks(spec, values.get(spec.id), state, cells,
                                   sheet.counted_column(spec.id))
                     if spec.id in values else [])
            if found and pending_heading:
                blocks.append(pending_heading)
                pending_heading = None
            blocks.extend(found)
        # A worksheet of options only (how to sort the comparison) shows its results
        # once they hold something: the comparison is made of other worksheets' entries.
        options_only = all(spec.type == "choice" for spec in sheet.value_fields)
        entered = bool(blocks) or typed or (options_only and any(
            output.get("status") == "ok" for output in (computed.get(worksheet_id) or {}).values()))
        if worksheet_id in results_only:
            blocks = []
        if entered:
            labels = computed_labels.get(worksheet_id, {})
            for output_id, output in (computed.get(worksheet_id) or {}).items():
                if (worksheet_id, output_id) in hidden_outputs:
                    continue
                blocks.append({
                    "type": "result", "label": labels.get(output_id, output_id),
                    "text": output.get("text", ""), "messages": list(output.get("messages", [])),
                    "columns": list(output.get("columns", [])),
                    "rows": [list(row) for row in output.get("rows", [])],
                    "more_tables": [{"columns": list(t["columns"]),
                                     "rows": [list(row) for row in t["rows"]]}
                                    for t in output.get("more_tables", [])],
                    "stack": bool(output.get("stack")),
                    # A diagram is drawn with its result (charts go to the summary).
                    "diagram": _diagram(output),
                })
        status = (statuses or {}).get(worksheet_id)
        sections.append({
            "id": worksheet_id, "title": sheet.title, "page": place.get("page", ""),
            "empty": not entered, "blocks": blocks,
            "status": status.words if status else "",
            "complete": bool(status and status.complete),
            "missing": _missing_line(status) if entered else "",
            "entered_by": _entered_by((contributors or {}).get(worksheet_id, []))
            if entered else "",
        })
    return {
        "title": TITLE if shared_cells is None else SHAREABLE_TITLE,
        "district": district, "date": long_date_of(today),
        "summary": summary(sections, computed, computed_labels, summary_outputs,
                           hidden_outputs),
        "sections": sections,
    }


def _diagram(output: dict[str, Any]) -> dict[str, Any] | None:
    """A result's flow diagram (a chart of kind "flow"), or None."""
    chart = output.get("chart")
    return chart if isinstance(chart, dict) and chart.get("kind") == "flow" else None


def _missing_line(status: Completion | None) -> str:
    """What a section still misses, as the report prints it under its title."""
    if status is None or status.complete or not status.missing:
        return ""
    return f"Still missing: {missing_listing(status.missing, 5)}."


def _entered_by(names: list[str]) -> str:
    """Who entered a section's entries, as the report prints it under its title."""
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return f"Entered by {listed}."


def summary(sections: list[dict[str, Any]], computed: dict[str, dict[str, dict[str, Any]]],
            computed_labels: dict[str, dict[str, str]], outputs: tuple[tuple[str, str], ...],
            hidden: frozenset[tuple[str, str]] = frozenset()) -> dict[str, Any]:
    """The first page: the ``outputs`` (worksheet, output) marked for the summary, from
    the worksheets with entries, each with the names it lists; their charts; and the
    worksheets not started yet. Outputs never printed (``hidden``) are left out."""
    entered = {section["id"] for section in sections if not section["empty"]}
    items, drawn = [], []
    for worksheet_id, output_id in outputs:
        output = (computed.get(worksheet_id) or {}).get(output_id)
        if worksheet_id not in entered or output is None or (
                worksheet_id, output_id) in hidden:
            continue
        names = first_names([str(name) for name in output.get("names", [])], SUMMARY_NAMES,
                            "more (see below)")
        items.append({"label": computed_labels.get(worksheet_id, {}).get(output_id, output_id),
                      "text": output.get("text", ""), "names": names})
        if output.get("chart"):
            drawn.append(output["chart"])
    not_started = [section["title"] for section in sections if section["empty"]]
    return {"items": items, "charts": drawn, "not_started": not_started}


def long_date_of(today: str) -> str:
    """A document's date as people read it; left as given when it is not a date."""
    try:
        return long_date(date.fromisoformat(today[:10]))
    except ValueError:
        return today


def _summary_box(summary: dict[str, Any]) -> document.Box:
    """The first page: each figure with the names it lists, the charts, and the parts
    not started yet."""
    blocks: list[document.Block] = [document.Heading("Summary")]
    if not summary["items"]:
        blocks.append(document.Paragraph(EMPTY_SECTION, "empty"))
    blocks += [document.Figure(item["label"], item["text"], tuple(item["names"]))
               for item in summary["items"]]
    if summary["charts"]:
        blocks.append(document.Charts(tuple(summary["charts"])))
    if summary["not_started"]:
        blocks.append(document.Paragraph(
            f"Not started yet: {'; '.join(summary['not_started'])}.", "rest"))
    return document.Box(tuple(blocks), "summary")


def _blocks(block: Block) -> list[document.Block]:
    if block["type"] == "heading":
        return [document.Heading(block["label"], 3)]
    if block["type"] == "field":
        return [document.Answer(block["label"], block["text"])]
    if block["type"] == "table":
        return [document.table(block["columns"], block["rows"], block["label"])]
    stacked = bool(block.get("stack"))
    tables = [document.table(block["columns"], block["rows"], stacked=stacked)] \
        if block["columns"] else []
    tables += [document.table(extra["columns"], extra["rows"], stacked=stacked)
               for extra in block.get("more_tables", [])]
    result = document.Result(block["label"], block["text"], tuple(block["messages"]),
                             tuple(tables))
    return [result, document.Flow(block["diagram"])] if block.get("diagram") else [result]


def report_document(report: dict[str, Any]) -> document.Document:
    """The report as a document: what the page draws, prints and writes to files."""
    blocks: list[document.Block] = []
    if report.get("shareable"):
        blocks.append(document.Paragraph(report["shareable"], "note"))
    blocks.append(_summary_box(report["summary"]))
    for section in report["sections"]:
        inner: list[document.Block] = [document.Heading(section["title"])]
        if section["empty"]:
            inner.append(document.Paragraph(EMPTY_SECTION, "empty"))
        else:
            if section.get("entered_by"):
                inner.append(document.Paragraph(section["entered_by"], "by"))
            if section.get("missing"):
                inner.append(document.Paragraph(section["missing"], "missing"))
            inner += [made for block in section["blocks"] for made in _blocks(block)]
        blocks.append(document.Box(tuple(inner), "section", section["id"]))
    return document.Document(report["title"], report["district"], report["date"],
                             tuple(blocks))


def report_markdown(report: dict[str, Any]) -> str:
    """The report as a Markdown document."""
    return document.to_markdown(report_document(report))


def report_html(report: dict[str, Any]) -> str:
    """The report as one standalone HTML file (no scripts, nothing loaded from elsewhere)."""
    return document.to_html(report_document(report))
