"""Partner check-ins: students who started care against the goal, actions, the next one.

Each check-in row gives counts since the previous check-in: students referred, students
who had a first appointment, and the average days from referral to a first appointment.
The students who started care add up toward the goal's added capacity (the "more
students with access to care" of the goal worksheet), due by the goal's date.

**Pace.** From the day partners started seeing students (or, until it is entered, the
first check-in) to the goal's date, the goal is spread evenly: by a check-in on day *d*
of *D*, on pace means at least ``added × d / D`` students started care (rounded up).
**Trend.** The latest check-in's students per day, since the check-in before it (or the
start), carried forward to the goal's date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from ..core import charts
from ..core.computations import Context, Output, Values, parse_count, register
from ..core.figures import amount, count, listing, long_date, parse_amount, people, percent_done
from ..documents import calendar_export as ics
from .goals import SHEET as GOAL_SHEET
from .goals import plan
from .planning import PLAN_SHEET, checkin_series, parse_date, shorten

SHEET = "check-ins"


@dataclass
class CheckIn:
    """One check-in row, read."""

    number: int
    row_id: str
    day: date | None
    partner: str
    referred: int | None
    seen: int | None
    wait: Fraction | None
    actions: str
    owner: str
    due: date | None
    done: bool


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(raw: object) -> date | None:
    try:
        return parse_date(raw)
    except ValueError:
        return None


def read(values: Values) -> tuple[list[CheckIn], list[str]]:
    """The check-ins entered (empty rows skipped), and problems with what was typed."""
    rows = values.get("checkins")
    found, problems = [], []
    for number, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if not isinstance(row, dict):
            continue
        if not any(row.get(k) for k in row if k != "row_id"):
            continue
        counts = {}
        for key, name in (("referred", "students referred"),
                          ("seen", "students who had a first appointment"),
                          ("wait", "average days to a first appointment")):
            try:
                counts[key] = (parse_count(row.get(key)) if key != "wait"
                               else parse_amount(row.get(key), "12"))
            except ValueError as error:
                problems.append(f"Check-in {number}, {name}: {error}")
                counts[key] = None
        if _text(row.get("date")) and _date(row.get("date")) is None:
            problems.append(f"Check-in {number}: the date is not a date. Choose it with the "
                            "date picker.")
        found.append(CheckIn(number, str(row.get("row_id") or f"row-{number}"),
                             _date(row.get("date")), _text(row.get("partner")),
                             counts["referred"], counts["seen"], counts["wait"],
                             _text(row.get("actions")), _text(row.get("owner")),
                             _date(row.get("due")), row.get("done") is True))
    return found, problems


@dataclass
class Pace:
    """Students who started care against the goal, as of the latest dated check-in."""

    seen: int  # students who started care, over the dated check-ins
    target: int | None  # the goal's added capacity
    by: date | None  # the goal's date
    start: date | None
    latest: date | None
    expected: int | None  # on pace by the latest check-in
    projected: date | None  # when the latest pace reaches the target
    rate: Fraction | None  # students per day at the latest check-in


def pace(found: list[CheckIn], values: Values, context: Context) -> Pace:
    """Add up the check-ins and compare them with the goal (see the module's notes)."""
    goal = plan(context.values(GOAL_SHEET), context)
    target = goal.added if not goal.problems else None
    dated = sorted((c for c in found if c.day), key=lambda c: (c.day, c.number))
    seen = sum(c.seen or 0 for c in dated)
    start = _date(values.get("began")) or (dated[0].day if dated else None)
    latest = dated[-1].day if dated else None
    result = Pace(seen, target, goal.by_date, start, latest, None, None, None)
    if target is None or goal.by_date is None or start is None or latest is None:
        return result
    span = (goal.by_date - start).days
    elapsed = min(max((latest - start).days, 0), max(span, 0))
    result.expected = target if span <= 0 else math.ceil(Fraction(target * elapsed, span))
    last = dated[-1]
    before = dated[-2].day if len(dated) > 1 else start
    days = (last.day - before).days if last.day and before else 0
    if days > 0 and last.seen is not None:
        result.rate = Fraction(last.seen, days)
        left = target - seen
        if left <= 0:
            result.projected = latest
        elif result.rate > 0:
            result.projected = latest + timedelta(days=math.ceil(left / result.rate))
    return result


def _links(context: Context, *worksheets: str) -> list[dict[str, str]]:
    return [context.link(worksheet) for worksheet in worksheets]


def pace_chart(found: list[CheckIn], result: Pace, shown: bool = True) -> dict | None:
    """Students who started care by each check-in, beside what on pace would be, and the
    goal's target."""
    if result.target is None or result.by is None or result.start is None:
        return None
    span = max((result.by - result.start).days, 1)
    rows, table, running = [], [], 0
    for item in sorted((c for c in found if c.day), key=lambda c: (c.day, c.number)):
        assert item.day is not None
        running += item.seen or 0
        elapsed = min(max((item.day - result.start).days, 0), span)
        due = math.ceil(Fraction(result.target * elapsed, span))
        rows.append(charts.Row(long_date(item.day), (
            charts.Bar(running, f"{count(running)} started care", "seen"),
            charts.Bar(due, f"{count(due)} on pace", "pace"))))
        table.append([long_date(item.day), count(running), count(due)])
    goal = f"Goal by {long_date(result.by)}"
    rows.append(charts.Row(goal, (charts.Bar(result.target, people(result.target, "student"),
                                             "goal"),)))
    table.append([goal, "", count(result.target)])
    described = "; ".join(f"{day}: {seen} started care, {due} on pace"
                          for day, seen, due in table[:-1])
    return charts.chart("check-in-pace", "Students who started care and the goal",
                        f"{described}. Goal: {count(result.target)} students by "
                        f"{long_date(result.by)}.", rows,
                        ["Check-in", "Started care to date", "On pace"], table)


def partner_rows(found: list[CheckIn]) -> list[list[str]]:
    """Per partner: check-ins, students referred and who started care, average wait."""
    by: dict[str, list[CheckIn]] = {}
    for item in found:
        by.setdefault(item.partner or "Partner not named", []).append(item)
    rows = []
    for name, items in by.items():
        waits = [c.wait for c in items if c.wait is not None]
        rows.append([name, count(len(items)), count(sum(c.referred or 0 for c in items)),
                     count(sum(c.seen or 0 for c in items)),
                     amount(sum(waits, Fraction(0)) / len(waits)) if waits else "not entered"])
    return rows


PARTNER_COLUMNS = ["Partner", "Check-ins", "Students referred", "Started care",
                   "Average days to a first appointment"]


def pace_text(result: Pace, seen: str | None = None) -> tuple[str, str]:
    """The sentence on the pace, and its status ("ok" or "incomplete")."""
    seen = seen or count(result.seen)
    if result.target is None or result.by is None:
        return f"{seen} students started care so far; no goal to compare with yet.", \
            "incomplete"
    if result.expected is None or result.latest is None:
        return "No dated check-in yet.", "incomplete"
    share = percent_done(min(result.seen, result.target), result.target)
    head = (f"{seen} of the goal's {count(result.target)} more students started care by "
            f"{long_date(result.latest)} ({share}).")
    if result.seen >= result.target:
        return head + " The goal's added capacity is reached.", "ok"
    if result.seen >= result.expected:
        verdict = (f" On pace: {count(result.expected)} by then keeps to the goal's date, "
                   f"{long_date(result.by)}.")
    else:
        verdict = (f" Behind pace: on pace would be {count(result.expected)} by then, "
                   f"{count(result.expected - result.seen)} more.")
    if result.projected is not None:
        verdict += (f" At the latest check-in's pace the goal is reached by "
                    f"{long_date(result.projected)}"
                    + (", after the goal's date." if result.projected > result.by else "."))
    elif result.rate == 0:
        verdict += " Nobody started care since the check-in before."
    return head + verdict, "ok"


@register
def checkin_pace(values: Values, context: Context) -> Output:
    """Students who started care to date against the goal, whether that is on pace, the
    trend, and a table per partner."""
    found, problems = read(values)
    if problems:
        return Output("Fix the entries below to see the pace.", "error", problems)
    if not found:
        return Output("No check-ins yet.", "incomplete",
                      ["Add a row at each check-in with a partner."])
    result = pace(found, values, context)
    text, status = pace_text(result)
    messages, links = [], []
    if result.target is None or result.by is None:
        messages.append("Set the goal (a target and a date) to see whether the partners "
                        "are on pace.")
        links = _links(context, GOAL_SHEET)
    undated = [str(c.number) for c in found if c.day is None]
    if undated:
        messages.append(f"Check-in {listing(undated)} has no date yet and is not counted "
                        "toward the goal.")
        status = "incomplete"
    if not _text(values.get("began")) and result.start:
        messages.append(f"Measured from the first check-in ({long_date(result.start)}): "
                        "enter the day partners started seeing students to measure from then.")
    return Output(text, status, messages, PARTNER_COLUMNS, partner_rows(found),
                  chart=pace_chart(found, result), links=links)


@register
def checkin_actions(values: Values, context: Context) -> Output:
    """The actions agreed at check-ins that are not done, overdue ones first."""
    found, _problems = read(values)
    open_ = [c for c in found if c.actions and not c.done]
    if not open_:
        return Output("No open actions." if found else "No check-ins yet.",
                      "ok" if found else "incomplete")
    overdue = [c for c in open_ if c.due and c.due < context.today]
    ordered = sorted(open_, key=lambda c: (c.due or date.max, c.number))
    rows = [[shorten(c.actions), c.owner or "no owner yet",
             long_date(c.due) if c.due else "no date yet",
             "Overdue" if c in overdue else "Open"] for c in ordered]
    text = (f"{len(open_)} open action{'s' if len(open_) != 1 else ''}"
            + (f", {len(overdue)} overdue." if overdue else ", none overdue."))
    unowned = [str(c.number) for c in open_ if not c.owner]
    messages = ([f"Give each action an owner (check-in {listing(unowned)})."]
                if unowned else [])
    names = [f"{shorten(c.actions, 60)} (due {long_date(c.due)}, "
             f"{c.owner or 'no owner yet'})" for c in sorted(overdue, key=lambda c: c.due)]
    return Output(text, "ok", messages, ["Action", "Owner", "Due", "Status"], rows,
                  names=names)


@register
def next_checkin(values: Values, context: Context) -> Output:
    """The next check-in on the project plan's schedule, on or after today."""
    series, missing, problems = checkin_series(context.values(PLAN_SHEET))
    if series is None:
        return Output("No check-in schedule yet.", "error" if problems else "incomplete",
                      problems + ([f"In the project plan, choose {listing(missing)}."]
                                  if missing else []), links=_links(context, PLAN_SHEET))
    day = upcoming(series, context.today)
    if day is None:
        return Output(f"The check-ins ended on {long_date(series.until)}.", "ok")  # type: ignore[arg-type]
    with_whom = _text(context.values(PLAN_SHEET).get("checkin-with"))
    return Output(f"{long_date(day, True)}" + (f", with {with_whom}." if with_whom else "."))


def upcoming(series: ics.Recurrence, today: date) -> date | None:
    """The series' first occurrence on or after ``today`` (None once it has ended)."""
    day = series.first
    step = {"weekly": 7, "every-two-weeks": 14}.get(series.frequency)
    while day < today:
        if step:
            day += timedelta(days=step)
        else:
            day = _same_week_next_month(day, series)
    return None if series.until and day > series.until else day


def _same_week_next_month(day: date, series: ics.Recurrence) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    first = ics.first_on_or_after(date(year, month, 1), series.weekday)
    week = ics.week_of_month(series.first)
    if week > 0:
        return first + timedelta(days=7 * (week - 1))
    last = first
    while (last + timedelta(days=7)).month == month:
        last += timedelta(days=7)
    return last
