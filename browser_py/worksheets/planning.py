"""Planning worksheets: the working group, the project plan and the next steps.

The project plan's steps sit in four phase tables (:data:`PHASES`); the "next steps"
worksheet's tasks count with them as a fifth group. Dates are compared with
``context.today``, the browser's own date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ..core import charts
from ..core.completion import Check, register_check
from ..core.computations import Context, Download, Output, Values, register, register_action
from ..core.figures import WEEKDAY_NAMES, long_date, percent_done
from ..documents import calendar_export as ics
from ..documents import workbook
from ..documents.tables_csv import csv_text

WORKING_GROUP_QUESTIONS = {
    "knows_services": "Who knows which services the district provides now, and the gaps?",
    "knows_legal": "Who has worked with the district's legal and procurement teams?",
    "community_ties": "Who has relationships with community organizations?",
    "represents_staff": "Who represents school-based staff?",
    "represents_families": "Who represents families?",
}

#: The project plan's worksheet id (``content/worksheets/project-plan.yml``): an edition's
#: extra action steps are added to its phase tables.
PLAN_SHEET = "project-plan"
#: The project plan's phase tables (field ids of ``project-plan``) and their names.
PHASES: tuple[tuple[str, str], ...] = (
    ("roadmap", "Develop a roadmap and strategy"),
    ("outreach", "Begin reaching out to new partners"),
    ("agreements", "Establish or update agreements"),
    ("launch", "Launch and assess partnerships"),
)
NEXT_STEPS = "next-steps"
NEXT_STEPS_NAME = "Next steps"
#: How many upcoming deadlines the plan lists.
UPCOMING_COUNT = 5

ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


# ---- Small helpers ------------------------------------------------------------------


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _rows(value: object) -> list[dict]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def shorten(text: str, limit: int = 90) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def parse_date(raw: object) -> date | None:
    """A saved date (``YYYY-MM-DD``) as a date; ``None`` when empty.

    Raises ``ValueError`` when the text is not such a date.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        return None
    if not _DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)


# ---- Working group ------------------------------------------------------------------


@register
def working_group_coverage(values: Values, context: Context) -> Output:
    """Name every guiding question that no working-group member covers."""
    members = _rows(values.get("members"))
    uncovered = [
        question
        for key, question in WORKING_GROUP_QUESTIONS.items()
        if not any(row.get(key) is True for row in members)
    ]
    unnamed = [
        _text(row.get("position")) for row in members
        if _text(row.get("position")) and not _text(row.get("name"))
    ]
    still = ""
    if unnamed:
        still = (f" {_plural(len(unnamed), 'position has', 'positions have')} no member "
                 f"named yet: {', '.join(unnamed)}.")
    if not uncovered:
        return Output("Every guiding question is covered by at least one member." + still)
    return Output(
        f"{len(uncovered)} of {len(WORKING_GROUP_QUESTIONS)} guiding questions have no member "
        f"yet: gaps to fill before the group meets.{still}",
        status="incomplete",
        messages=uncovered,
        names=uncovered,
    )


# ---- Plan steps ---------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the plan, or one next-steps task, as the outputs need it."""

    group: int  # position of its phase in PHASES; len(PHASES) for the next steps
    source: str  # the table's field id, or "next-steps"
    number: int  # its row number in its table, from 1
    row_id: str
    text: str  # as typed, line breaks kept
    owner: str
    deadline: date | None
    deadline_text: str  # as saved, for a message when it is not a date
    done: bool

    @property
    def phase(self) -> str:
        return PHASES[self.group][1] if self.group < len(PHASES) else NEXT_STEPS_NAME

    @property
    def name(self) -> str:
        """The step's text on one short line, or its row when it has no text."""
        return shorten(self.text) if self.text else f"Row {self.number} (no description yet)"

    @property
    def key(self) -> tuple[date, int, int]:
        """Sort key: by deadline, then in the plan's order."""
        return (self.deadline or date.max, self.group, self.number)


def _steps_of(rows: object, group: int, source: str, text_column: str) -> list[Step]:
    steps = []
    for number, row in enumerate(_rows(rows), start=1):
        raw_text = row.get(text_column)
        text = raw_text.strip() if isinstance(raw_text, str) else ""
        owner = _text(row.get("owner"))
        raw_deadline = row.get("deadline")
        deadline_text = raw_deadline.strip() if isinstance(raw_deadline, str) else ""
        try:
            deadline = parse_date(deadline_text)
        except ValueError:
            deadline = None
        done = row.get("done") is True
        if not (text or owner or deadline_text or done):
            continue  # an empty row the person has not filled in yet
        row_id = row.get("row_id")
        steps.append(Step(group, source, number, row_id if isinstance(row_id, str) else "",
                          text, owner, deadline, deadline_text, done))
    return steps


def next_steps(values: Values) -> list[Step]:
    """The tasks of the "next steps" worksheet, from its values."""
    return _steps_of(values.get("steps"), len(PHASES), NEXT_STEPS, "task")


def plan_steps(values: Values, context: Context) -> list[Step]:
    """Every step of the plan in display order, then the next steps' tasks."""
    steps: list[Step] = []
    for group, (field_id, _name) in enumerate(PHASES):
        steps += _steps_of(values.get(field_id), group, field_id, "step")
    return steps + next_steps(context.values(NEXT_STEPS))


def _unreadable(steps: Iterable[Step]) -> list[str]:
    return [
        f"{step.phase}, row {step.number}: the deadline “{step.deadline_text}” is not a date. "
        "Choose it again with the date picker."
        for step in steps if step.deadline_text and step.deadline is None
    ]


@register
def plan_progress(values: Values, context: Context) -> Output:
    """How many of the project plan's steps are done, by phase and overall; the next
    steps from the meeting are counted on their own."""
    steps = [step for step in plan_steps(values, context) if step.source != NEXT_STEPS]
    tasks = next_steps(context.values(NEXT_STEPS))
    rows = []
    for group, (_id, name) in enumerate(PHASES):
        in_group = [step for step in steps if step.group == group]
        done = sum(step.done for step in in_group)
        counted = f"{done} of {len(in_group)}" if in_group else "No steps"
        rows.append([name, counted, percent_done(done, len(in_group))])
    done = sum(step.done for step in steps)
    rows.append(["Whole plan", f"{done} of {len(steps)}", percent_done(done, len(steps))])
    tasks_done = sum(task.done for task in tasks)
    rows.append([f"{NEXT_STEPS_NAME} (not part of the plan)",
                 f"{tasks_done} of {len(tasks)}" if tasks else "No tasks",
                 percent_done(tasks_done, len(tasks))])
    columns = ["Phase", "Steps done", "Progress"]
    if not steps:
        return Output("No steps yet: add steps to the plan.", "incomplete",
                      columns=columns, rows=rows, progress=(0, 0))
    if done == len(steps):
        text = f"All {_plural(len(steps), 'step is', 'steps are')} done."
    else:
        text = f"The plan: {done} of {_plural(len(steps), 'step', 'steps')} done " \
               f"({percent_done(done, len(steps))})."
    return Output(text, columns=columns, rows=rows, progress=(done, len(steps)),
                  chart=progress_chart(steps + tasks, context.today))


def progress_chart(steps: list[Step], today: date) -> dict:
    """The plan's steps by phase: done and still to do, with the overdue ones counted;
    the next steps' tasks, when there are any, on a row of their own."""
    rows, table, said = [], [], []
    groups = [name for _id, name in PHASES]
    if any(step.group == len(PHASES) for step in steps):
        groups.append(f"{NEXT_STEPS_NAME} (not part of the plan)")
    for group, name in enumerate(groups):
        in_group = [step for step in steps if step.group == group]
        done = sum(step.done for step in in_group)
        late = sum(1 for step in in_group
                   if not step.done and step.deadline and step.deadline < today)
        note = f"{late} overdue" if late else ""
        rows.append(charts.Row(name, (
            charts.Bar(done, f"{done} done", "done"),
            charts.Bar(late, "", "unmet"),  # the overdue part of what is still to do
            charts.Bar(len(in_group) - done - late, f"{len(in_group) - done} to do", "todo")),
            stacked=True, note=note))
        table.append([name, str(done), str(len(in_group) - done), str(late)])
        said.append(f"{name}: {done} of {len(in_group)} done" + (f", {note}" if note else ""))
    return charts.chart("plan-progress", "Plan progress by phase", "; ".join(said) + ".",
                        rows, ["Phase", "Done", "To do", "Overdue"], table)


@register
def plan_overdue(values: Values, context: Context) -> Output:
    """Steps whose deadline is before today and that are not done, oldest first."""
    steps = plan_steps(values, context)
    today = context.today
    overdue = sorted((s for s in steps if not s.done and s.deadline and s.deadline < today),
                     key=lambda s: s.key)
    messages = _unreadable(steps)
    if not overdue:
        return Output("No step is overdue.", "incomplete" if messages else "ok", messages)
    rows = [
        [step.name, step.phase, step.owner or "No owner yet", long_date(step.deadline),
         _days((today - step.deadline).days)]
        for step in overdue if step.deadline
    ]
    verb = "is" if len(overdue) == 1 else "are"
    return Output(
        f"{_plural(len(overdue), 'step', 'steps')} {verb} overdue: the deadline has passed "
        "and the step is not ticked as done.",
        "incomplete", messages,
        columns=["Step", "Phase", "Owner", "Deadline", "Late by"], rows=rows,
        names=[f"{step.name} (due {long_date(step.deadline)}, {step.owner or 'no owner yet'})"
               for step in overdue if step.deadline],
    )


@register
def plan_unowned(values: Values, context: Context) -> Output:
    """Steps still to do that have no owner, in the plan's order."""
    unowned = [s for s in plan_steps(values, context) if not s.done and not s.owner]
    if not unowned:
        return Output("Every step still to do has an owner.")
    rows = [[s.name, s.phase, long_date(s.deadline) if s.deadline else "No deadline yet"]
            for s in unowned]
    have = "has" if len(unowned) == 1 else "have"
    return Output(
        f"{_plural(len(unowned), 'step', 'steps')} still to do {have} no owner yet.",
        "incomplete", columns=["Step", "Phase", "Deadline"], rows=rows,
    )


def _due_in(days: int) -> str:
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    return f"In {days} days"


@register
def plan_upcoming(values: Values, context: Context) -> Output:
    """The next five deadlines from today of steps still to do."""
    steps = plan_steps(values, context)
    today = context.today
    to_do = [s for s in steps if not s.done]
    upcoming = sorted((s for s in to_do if s.deadline and s.deadline >= today),
                      key=lambda s: s.key)
    undated = [s for s in to_do if not s.deadline_text]
    messages = []
    if undated:
        have = "has" if len(undated) == 1 else "have"
        messages.append(f"{_plural(len(undated), 'step', 'steps')} still to do {have} "
                        "no deadline yet.")
    if not upcoming:
        return Output("No upcoming deadlines.", "incomplete" if undated else "ok", messages)
    shown = upcoming[:UPCOMING_COUNT]
    rows = [[s.name, s.phase, s.owner or "No owner yet", long_date(s.deadline, True),
             _due_in((s.deadline - today).days)] for s in shown if s.deadline]
    if len(upcoming) > len(shown):
        text = f"The next {len(shown)} of {len(upcoming)} upcoming deadlines, from " \
               f"{long_date(today)}."
    else:
        text = f"{_plural(len(shown), 'upcoming deadline', 'upcoming deadlines')}, from " \
               f"{long_date(today)}."
    return Output(text, messages=messages,
                  columns=["Step", "Phase", "Owner", "Deadline", "Due"], rows=rows,
                  names=[f"{s.name} (due {long_date(s.deadline)}, {s.owner or 'no owner yet'})"
                         for s in shown if s.deadline])


# ---- Partner check-ins --------------------------------------------------------------


def checkin_series(values: Values) -> tuple[ics.Recurrence | None, list[str], list[str]]:
    """The recurring partner check-ins the plan asks for.

    Returns the series (``None`` when it cannot be made yet), the choices still
    missing, and problems with the choices made.
    """
    missing: list[str] = []
    problems: list[str] = []
    start = until = None
    try:
        start = parse_date(values.get("checkin-start"))
        if start is None:
            missing.append("the first check-in date")
    except ValueError:
        problems.append("The first check-in date is not a date. Choose it with the date picker.")
    try:
        until = parse_date(values.get("checkin-until"))
    except ValueError:
        problems.append("The last check-in date is not a date. Choose it with the date picker.")
    weekday = values.get("checkin-weekday")
    frequency = values.get("checkin-frequency")
    if weekday not in ics.WEEKDAYS:
        missing.append("the day of the week")
    if frequency not in ics.FREQUENCIES:
        missing.append("how often")
    if missing or problems or start is None:
        return None, missing, problems
    first = ics.first_on_or_after(start, ics.WEEKDAYS.index(weekday))
    if until is not None and until < first:
        problems.append(
            f"The last check-in ({long_date(until)}) is before the first one "
            f"({long_date(first, True)}). Choose a later last date, or leave it empty."
        )
        return None, missing, problems
    return ics.Recurrence(frequency, first, until), missing, problems


def describe_series(series: ics.Recurrence) -> str:
    """The series in words, e.g. ``every two weeks on Tuesday, from Tuesday, Sep 9, 2025``."""
    day = WEEKDAY_NAMES[series.weekday]
    if series.frequency == "weekly":
        how = f"every {day}"
    elif series.frequency == "every-two-weeks":
        how = f"every two weeks on {day}"
    else:
        how = f"on the {ORDINALS[ics.week_of_month(series.first)]} {day} of each month"
    end = f", until {long_date(series.until)}" if series.until else ", with no end date"
    return f"{how}, from {long_date(series.first, True)}{end}"


@register
def plan_calendar(values: Values, context: Context) -> Output:
    """What the calendar file will hold: dated steps and the check-in series."""
    dated = [s for s in plan_steps(values, context) if s.deadline]
    series, missing, problems = checkin_series(values)
    deadlines = _plural(len(dated), "dated step", "dated steps")
    if series is not None:
        return Output(f"The calendar file holds {deadlines} and a partner check-in "
                      f"{describe_series(series)}.")
    messages = list(problems)
    if missing:
        messages.append(f"To add the partner check-ins, choose {_join(missing)}.")
    status = "error" if problems else "incomplete"
    return Output(f"The calendar file holds {deadlines}; no partner check-ins yet.",
                  status, messages)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---- Next steps ---------------------------------------------------------------------


@register_check(NEXT_STEPS)
def next_steps_missing(values: Values, context: Context) -> Check:
    """Next steps are complete when every task is done: "0 of 2 tasks done" is not."""
    tasks = next_steps(values)
    if not tasks:
        return Check()
    return Check([f"Not done yet: {task.name}" for task in tasks if not task.done],
                 progress=(sum(task.done for task in tasks), len(tasks)))


@register
def next_steps_status(values: Values, context: Context) -> Output:
    """How many next steps are done; which are overdue or have no owner."""
    tasks = next_steps(values)
    if not tasks:
        return Output("No tasks yet: add the next steps from your meeting.", "incomplete")
    done = sum(task.done for task in tasks)
    messages = []
    for task in tasks:
        if task.done:
            continue
        if task.deadline and task.deadline < context.today:
            messages.append(f"Overdue since {long_date(task.deadline)}: {task.name}")
        if not task.owner:
            messages.append(f"No owner yet: {task.name}")
    messages += _unreadable(tasks)
    return Output(f"{done} of {_plural(len(tasks), 'task', 'tasks')} done.",
                  "incomplete" if messages or done < len(tasks) else "ok", messages)


# ---- Downloads ----------------------------------------------------------------------


def _status(step: Step, today: date) -> str:
    if step.done:
        return "Done"
    if step.deadline and step.deadline < today:
        return "Overdue"
    return "To do"


def plan_table(values: Values, context: Context) -> workbook.Table:
    """The plan and the next steps, one row per step: its phase, row, text, owner,
    deadline (a date, or the text saved when it is not one), done and status. Both the
    plan's CSV and its Excel workbook are these rows."""
    table = workbook.Table(["Phase", "Row", "Step", "Owner", "Deadline", "Done", "Status"])
    for step in plan_steps(values, context):
        table.rows.append([
            workbook.text(step.phase), workbook.whole(step.number), workbook.text(step.text),
            workbook.text(step.owner),
            workbook.day(step.deadline) if step.deadline else workbook.text(step.deadline_text),
            workbook.text("Yes" if step.done else "No"),
            workbook.text(_status(step, context.today)),
        ])
    return table


@register_action
def plan_csv(values: Values, context: Context) -> Download:
    """The plan and the next steps as one CSV table (with a byte order mark for Excel)."""
    return Download(f"project-plan-{context.today.isoformat()}.csv", "text/csv",
                    "\ufeff" + csv_text(plan_table(values, context)))


def _uid(step: Step) -> str:
    row = step.row_id if _SAFE_ID.fullmatch(step.row_id) else hashlib.sha256(
        step.row_id.encode("utf-8", "replace")).hexdigest()[:20]
    return f"{step.source}-{row}@project-plan.cmhp-toolkit"


def _event(step: Step) -> ics.Event:
    if step.deadline is None:
        raise ValueError("only dated steps become events")
    kind = "Next step" if step.source == NEXT_STEPS else "Plan deadline"
    summary = f"{'Done' if step.done else kind}: {shorten(step.text or step.name, 70)}"
    lines = [step.text or step.name, "", f"Phase: {step.phase}",
             f"Owner: {step.owner or 'no owner yet'}",
             f"Status: {'done' if step.done else 'to do'}",
             "From the project plan of the Community Mental Health Partnerships Toolkit."]
    return ics.Event(_uid(step), step.deadline, summary, "\n".join(lines))


CHECKIN_UID = "partner-check-ins@project-plan.cmhp-toolkit"
CHECKIN_DESCRIPTION = (
    "Recurring check-in with partner(s) to evaluate the success of the partnership and "
    "areas to improve. Set a time for it in your calendar."
)


def plan_events(values: Values, context: Context) -> list[ics.Event]:
    """One event per dated step and next step, then the check-in series if chosen."""
    events = [_event(step) for step in plan_steps(values, context) if step.deadline]
    series, _missing, _problems = checkin_series(values)
    if series is not None:
        partner = _text(values.get("checkin-with"))
        summary = f"Partner check-in with {partner}" if partner else "Partner check-in"
        events.append(ics.Event(CHECKIN_UID, series.first, summary, CHECKIN_DESCRIPTION,
                                series))
    return events


@register_action
def plan_ics(values: Values, context: Context) -> Download:
    """The plan's deadlines and the partner check-ins as an iCalendar file."""
    text = ics.calendar_text(plan_events(values, context), datetime.now(UTC),
                             name="Mental health partnership plan")
    return Download(f"project-plan-{context.today.isoformat()}.ics", "text/calendar", text)
