"""The board brief: the plan on two printed pages, for a school board.

Built from the same results as the worksheets and the report (as they may be shared, in
the shareable version): the district's need and unmet need with every qualifier the
needs estimate gives ("so far", what is still missing, students who may be counted
twice), the goal and what it takes, staff against the recommended ratios, the plan's
progress and overdue steps, the providers and the decision, what is still missing, and
the charts. Every figure is a worksheet's own result, word for word: the brief adds
labels for a reader and counts no student itself, so the shareable version publishes no
count the one publication (:mod:`browser_py.documents.shareable`) did not decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.completion import Completion
from ..core.computations import Context
from ..core.figures import long_date, people
from ..core.schema import Schema
from ..documents import document
from ..documents.shareable import left_out
from ..worksheets import agreements
from ..worksheets.checkins import SHEET as CHECKINS_SHEET
from ..worksheets.checklist import COMPARE_SHEET, compared, verdicts
from ..worksheets.costs import SHEET as COSTS_SHEET
from ..worksheets.funding import SHEET as FUNDING_SHEET
from ..worksheets.goals import SHEET as GOAL_SHEET
from ..worksheets.needs import NEEDS_SHEET, estimate, still_missing, unmatched_notes
from ..worksheets.pathway import SHEET as PATHWAY_SHEET
from ..worksheets.pathway import diagram, wait_diagram
from ..worksheets.planning import PLAN_SHEET, parse_date
from ..worksheets.shared_counts import CHART_LEFT_OUT

TITLE = "Board brief: community mental health partnerships"
SHAREABLE_TITLE = f"{TITLE} (shareable version)"
FULL_TITLE = f"{TITLE} (full version, not for sharing)"
FULL_NOTE = ("Full version: every count as entered, small counts of students included. "
             "Print or share the shareable version for a board meeting or the public.")
NOT_YET = "Not worked out yet."
OVERDUE_SHOWN = 3  # overdue steps listed; the rest are counted


@dataclass(frozen=True)
class Inputs:
    """What the brief is built from: the entries, every worksheet's results (as they may
    be shared, in the shareable version), where each worksheet stands, and the context
    the results were worked out in."""

    schema: Schema
    order: Sequence[Mapping[str, str]]
    state: Mapping[str, Mapping[str, Any]]
    computed: Mapping[str, Mapping[str, dict[str, Any]]]
    statuses: Mapping[str, Completion]
    context: Context
    shareable: bool
    #: The full version's results, for what the shareable version says it hid.
    full: Mapping[str, Mapping[str, dict[str, Any]]] | None = None

    def output(self, worksheet: str, output_id: str) -> dict[str, Any]:
        """One result as plain data (empty when the worksheet has no such result)."""
        return dict((self.computed.get(worksheet) or {}).get(output_id) or {})

    def hidden(self, worksheet: str, output_id: str) -> list[document.Block]:
        """What the shareable version of a result says about what it hides (the messages
        the full result does not have), kept under the figure: nothing is left out
        without a word. A chart left out is said where the chart would be."""
        if not self.shareable:
            return []
        full = ((self.full or {}).get(worksheet) or {}).get(output_id) or {}
        said = full.get("messages") or []
        return [document.Paragraph(message, "missing")
                for message in self.output(worksheet, output_id).get("messages") or []
                if message not in said and message != CHART_LEFT_OUT]

    def started(self, worksheet: str) -> bool:
        """Whether anything was entered in ``worksheet``."""
        status = self.statuses.get(worksheet)
        return bool(status and status.started)


def _shown(result: Mapping[str, Any]) -> bool:
    """Whether a result holds its figures (or says that the shareable version leaves
    it out: a qualifier kept, never dropped)."""
    return result.get("status") == "ok" or left_out(result)


def _text_or(result: Mapping[str, Any], otherwise: str = NOT_YET) -> str:
    return str(result.get("text", "")) if _shown(result) else otherwise


def _table(result: Mapping[str, Any], keep: Sequence[int] | None = None,
           rows: int | None = None) -> document.Table | None:
    """A result's table as the worksheet shows it (its columns ``keep`` only), the first
    column heading each row."""
    columns, body = list(result.get("columns") or []), list(result.get("rows") or [])
    if not columns or not body:
        return None
    picked = list(keep) if keep is not None else list(range(len(columns)))
    return document.table([columns[i] for i in picked],
                          [[row[i] for i in picked] for row in body[:rows]],
                          row_headers=True)


def _chart(result: Mapping[str, Any]) -> list[document.Block]:
    """A result's chart, drawn beside its section on paper; where the shareable version
    leaves the chart out, it says so."""
    if result.get("chart"):
        return [document.Charts((result["chart"],))]
    return ([document.Paragraph(CHART_LEFT_OUT, "missing")]
            if CHART_LEFT_OUT in (result.get("messages") or []) else [])


def _section(heading: str, blocks: list[document.Block], box: str) -> document.Box:
    return document.Box((document.Heading(heading), *blocks), "section", box)


def _need(inputs: Inputs) -> document.Box:
    """The need and the unmet need, with what the estimate still misses."""
    if not inputs.started(NEEDS_SHEET):
        return _section("Student need", [document.Paragraph("Not estimated yet.", "empty")],
                        "need")
    summary = inputs.output(NEEDS_SHEET, "summary")
    result = estimate(inputs.state.get(NEEDS_SHEET) or {}, inputs.context)
    blocks: list[document.Block] = [
        document.Figure("Estimated need", str(summary.get("text", ""))),
        *inputs.hidden(NEEDS_SHEET, "summary")]
    if result.usable and result.counted:
        blocks.append(document.Paragraph(
            "An estimate from the district's own records, each student counted once "
            "across its sources."))
    missing = still_missing(result)
    if missing:
        blocks.append(document.Paragraph(
            f"{missing} The total holds the other sources so far.", "missing"))
    blocks += [document.Paragraph(note, "missing") for note in unmatched_notes(result)]
    figures = _table(summary)
    if figures is not None:
        blocks.append(figures)
    # The need, what is addressed and the goal: the goal's chart.
    blocks += _chart(inputs.output(GOAL_SHEET, "numbers"))
    return _section("Student need", blocks, "need")


def _goal(inputs: Inputs) -> document.Box:
    """The goal, what it takes (clinicians, cost, funding) and the pace toward it."""
    if not inputs.started(GOAL_SHEET):
        return _section("Our goal and what it takes",
                        [document.Paragraph("No goal set yet.", "empty")], "goal")
    sentence, numbers = inputs.output(GOAL_SHEET, "sentence"), inputs.output(GOAL_SHEET, "numbers")
    blocks: list[document.Block] = [
        document.Figure("The goal", _text_or(sentence, "Not set yet: it needs a date and "
                                                       "a target.")),
        *inputs.hidden(GOAL_SHEET, "sentence"),
        document.Figure("What it takes", _text_or(numbers)), *inputs.hidden(GOAL_SHEET, "numbers")]
    if inputs.started(CHECKINS_SHEET):
        blocks += [document.Figure("Progress toward the goal",
                                   _text_or(inputs.output(CHECKINS_SHEET, "pace"))),
                   *inputs.hidden(CHECKINS_SHEET, "pace")]
    cost, funding = inputs.output(COSTS_SHEET, "mix-cost"), inputs.output(FUNDING_SHEET, "by-year")
    if _shown(cost) or _shown(funding):
        blocks += [document.Figure("What it costs each year", _text_or(cost)),
                   *inputs.hidden(COSTS_SHEET, "mix-cost"),
                   document.Figure("Who pays, and for how long", _text_or(funding)),
                   *inputs.hidden(FUNDING_SHEET, "by-year")]
    else:
        blocks.append(document.Figure("What it costs and who pays", NOT_YET))
    return _section("Our goal and what it takes", blocks, "goal")


def _staffing(inputs: Inputs) -> document.Box:
    """School-employed staff against the recommended ratios."""
    staffing = inputs.output(GOAL_SHEET, "staffing")
    if not _shown(staffing) and not staffing.get("rows"):
        return _section("Staff compared with the recommended ratios",
                        [document.Paragraph("Not entered yet.", "empty")], "staffing")
    blocks: list[document.Block] = [document.Paragraph(str(staffing.get("text", ""))),
                                    *inputs.hidden(GOAL_SHEET, "staffing")]
    # The positions the ratios call for are in its sentence and its chart.
    figures = _table(staffing, keep=(0, 1, 4))
    if figures is not None:
        blocks.append(figures)
    blocks += _chart(staffing)
    return _section("Staff compared with the recommended ratios", blocks, "staffing")


def _plan(inputs: Inputs) -> document.Box:
    """The plan's progress, and the steps overdue."""
    if not inputs.started(PLAN_SHEET):
        return _section("The plan", [document.Paragraph("No plan entered yet.", "empty")],
                        "plan")
    progress, overdue = (inputs.output(PLAN_SHEET, "progress"),
                         inputs.output(PLAN_SHEET, "overdue"))
    blocks: list[document.Block] = [
        document.Figure("Progress", str(progress.get("text", ""))),
        document.Figure("Overdue steps", str(overdue.get("text", "")))]
    late = _table(overdue, keep=(0, 2, 3), rows=OVERDUE_SHOWN)
    if late is not None:
        blocks.append(late)
        more = len(overdue.get("rows") or []) - OVERDUE_SHOWN
        if more > 0:
            blocks.append(document.Paragraph(
                f"And {people(more, 'more step')} overdue: the full report lists them.",
                "missing"))
    blocks += _chart(progress)
    return _section("The plan", blocks, "plan")


def _pathway(inputs: Inputs) -> document.Box:
    """How a student gets to care: the steps from referral to a first appointment as a
    short diagram (who does each at the school and at the provider, and its days), the
    crisis plan, and the agreements that follow a pathway of their own."""
    heading = "How a student gets to care"
    values = inputs.state.get(PATHWAY_SHEET) or {}
    drawn = wait_diagram(values) or diagram(values, "The referral pathway, step by step")
    if not inputs.started(PATHWAY_SHEET) or drawn is None:
        return _section(heading, [document.Paragraph("No referral pathway entered yet.",
                                                     "empty")], "pathway")
    said = [str(inputs.output(PATHWAY_SHEET, "crisis").get("text", ""))]
    pathways = inputs.output(agreements.AGREEMENTS, "pathways")
    if any(row[1] != "The district's" for row in pathways.get("rows") or []):
        said.append(str(pathways.get("text", "")))
    return _section(heading, [document.Paragraph(" ".join(said)), document.Flow(drawn)],
                    "pathway")


def _agreement_text(found: list[dict[str, Any]], inputs: Inputs,
                    figures: agreements.Figures) -> str:
    """An agreement in a few words: its arrangement, how much of its outline is filled,
    and when services start."""
    if not found:
        return "None yet"
    said = []
    for item in found:
        arrangement = agreements.ARRANGEMENTS.get(str(item.get("arrangement") or ""))
        parts = agreements.outline(item, inputs.context, figures)
        filled = sum(not part.missing for part in parts)
        words = [arrangement[:1].upper() + arrangement[1:] if arrangement
                 else "Arrangement not chosen yet",
                 f"outline {filled} of {len(parts)} parts filled"]
        try:
            start = parse_date(item.get("start"))
        except ValueError:
            start = None
        if start is not None:
            words.append(f"services start {long_date(start)}")
        said.append("; ".join(words))
    return " / ".join(said)


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _providers(inputs: Inputs) -> document.Box:
    """Each provider rated: the verdict the ratings suggest, the team's, and any
    agreement; why a verdict differs from the suggestion."""
    heading = "Providers and the decision"
    _found, listed, _messages = compared(inputs.state.get(COMPARE_SHEET) or {},
                                         inputs.context)
    entered = agreements.items(inputs.state.get(agreements.AGREEMENTS) or {})
    if not listed and not entered:
        return _section(heading, [document.Paragraph("No provider rated yet.", "empty")],
                        "providers")
    figures = agreements.figures_of(inputs.context, shared=inputs.shareable)
    by_name: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for number, item in enumerate(entered, start=1):
        title = agreements.title_of(item, number)
        by_name.setdefault(_name_key(title), []).append((title, item))
    rows, reasons = [], []
    for provider in listed:
        said = verdicts(provider)
        found = [item for _title, item in by_name.pop(_name_key(provider.name), [])]
        rows.append([provider.name, _capital(said.suggested), _capital(said.chosen),
                     _agreement_text(found, inputs, figures)])
        if said.differs and provider.suggestion is not None:
            # Once, plainly: the team's verdict differs from the suggestion, and why.
            reasons.append(f"{provider.name}: the team chose “{said.chosen}” although the "
                           f"ratings suggest “{said.suggested}”. "
                           f"{provider.suggestion.reason}")
    for named in by_name.values():  # agreements with providers no checklist names
        rows.append([named[0][0], "No checklist yet", "No checklist yet",
                     _agreement_text([item for _title, item in named], inputs, figures)])
    blocks: list[document.Block] = []
    if listed:
        blocks.append(document.Paragraph(
            str(inputs.output(COMPARE_SHEET, "matrix").get("text", ""))))
    blocks.append(document.table(
        ["Provider", "Suggested by the ratings", "Chosen by the team", "Agreement"], rows,
        row_headers=True))
    if reasons:
        blocks.append(document.Items(tuple(reasons)))
    return _section(heading, blocks, "providers")


def _still_missing(inputs: Inputs) -> document.Box:
    """Each part of the plan not complete yet, with where it stands."""
    under_way, not_started = [], []
    for place in inputs.order:
        worksheet = place["worksheet"]
        if not inputs.schema.has_worksheet(worksheet) or worksheet not in inputs.statuses:
            continue
        status, title = inputs.statuses[worksheet], inputs.schema.worksheet(worksheet).title
        if not status.started:
            not_started.append(title)
        elif not status.complete:
            under_way.append(f"{title} ({status.words.lower()})")
    blocks: list[document.Block] = []
    if under_way:
        blocks.append(document.Paragraph(f"Under way: {'; '.join(under_way)}."))
    if not_started:
        blocks.append(document.Paragraph(f"Not started yet: {'; '.join(not_started)}."))
    if under_way or not_started:
        blocks.append(document.Paragraph("The full report names each item still missing.",
                                         "rest"))
    else:
        blocks.append(document.Paragraph("Nothing: every part of the plan is complete."))
    return _section("What is still missing", blocks, "missing")


def brief_document(inputs: Inputs, *, district: str, today: str, note: str) -> document.Document:
    """The board brief as a document; ``note`` says what the shareable version hid (see
    :func:`browser_py.documents.shareable.note`), ``today`` is its date as people read it."""
    blocks: list[document.Block] = [
        document.Paragraph(note if inputs.shareable else FULL_NOTE, "note"),
        _need(inputs), _goal(inputs), _staffing(inputs),
        _pathway(inputs), _plan(inputs), _providers(inputs), _still_missing(inputs)]
    return document.Document(SHAREABLE_TITLE if inputs.shareable else FULL_TITLE, district,
                             today, tuple(blocks))


#: The downloaded brief's style: the documents' own; on paper, two Letter pages at 10 pt,
#: each section's chart beside its words, as the page prints it.
STYLE = document.STYLE + """
.note { border-left: 4px solid #3949ab; padding-left: .8rem; }
svg { overflow: visible; }
@media print {
  @page { margin: 8mm 12mm; }
  body { font: 10pt/1.3 Helvetica, Arial, sans-serif; margin: 0; max-width: none; }
  h1 { font-size: 15pt; margin: 0 0 .2em; }
  h2 { font-size: 12pt; margin: .45em 0 .15em; border: 0; }
  p, ul, table { margin: .2em 0; } table { width: 100%; font-size: 10pt; }
  th, td { padding: .1em .4em; } figure { margin: 0; }
  section { break-inside: avoid; }
  section:has(> .charts) { display: grid; grid-template-columns: minmax(0, 1fr) 16.5em;
    column-gap: 1.2em; align-items: start; }
  section:has(> .charts) > * { grid-column: 1; }
  section > h2 { grid-column: 1 / -1 !important; }
  section > .charts { display: block; grid-column: 2 !important; grid-row: 2 / span 12; }
  .tk-chart__label, .tk-chart__value { font-size: 10pt; }
  .tk-flow { margin: .2em 0 0; container-type: normal; }
  .tk-flow__title, .tk-flow__description { display: inline; margin: 0; }
  .tk-flow__title::after { content: ". "; }
  .tk-flow__steps { margin-top: .3em; } .tk-flow__step { flex: 1 1 0; max-width: none; }
  .tk-flow__box { display: block; font-size: 10pt; line-height: 1.2;
    padding: .2em .45em .3em; }
  .tk-flow__line { display: block; } .tk-flow__name { margin-right: .3em; }
  .tk-flow__tags { display: inline; margin: 0; } .tk-flow__tag { padding: 0 .35em; }
}
"""
