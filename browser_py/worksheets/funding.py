"""Who pays: the funding sources a district lists, set against the yearly cost of the
mix it chose, for each school year from now to two years past the goal's date.

Each source pays for one kind of cost (or any): positions the district hires, contracted
services, the district's own partnership costs, or uninsured students' care. A year's
funded cost fills each kind from the sources kept for it, then what is left from the
sources that may pay for anything; the rest is unfunded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from ..core import charts
from ..core.completion import Check, register_check
from ..core.computations import Context, Output, Values, register
from ..core.figures import listing, long_date, parse_amount, round_half_up
from .cost_model import dollars
from .costs import SHEET as COSTS_SHEET
from .costs import costs_by_category
from .goals import SHEET as GOAL_SHEET
from .goals import plan

#: The worksheet's id (``content/worksheets/funding.yml``).
SHEET = "funding"
YEARS_PAST_GOAL = 2
ANY = "any"
#: What a source may pay for: option id, and the words the results use.
PAYS_FOR = {ANY: "any part of the cost", "positions": "positions the district hires",
            "contract": "contracted services", "partner-costs": "the district's partnership costs",
            "uninsured-care": "uninsured students' care"}
_YEAR = re.compile(r"^(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$")


def school_year_of(day: date) -> int:
    """The school year a day falls in, named by the year it starts (July to June)."""
    return day.year if day.month >= 7 else day.year - 1


def year_label(start: int) -> str:
    """A school year as people write it: ``2026-27``."""
    return f"{start}-{(start + 1) % 100:02d}"


def parse_school_year(raw: object) -> int | None:
    """Read a school year typed as ``2026-27``, ``2026-2027`` or ``2026``; None when
    empty. Raises ``ValueError`` with a plain message otherwise."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    found = _YEAR.match(text)
    if found:
        start, end = int(found.group(1)), found.group(2)
        following = str(start + 1)
        if 2000 <= start <= 2100 and (end is None or following.endswith(end)):
            return start
    raise ValueError(f"“{text}” is not a school year. Enter it as 2026-27.")


@dataclass(frozen=True)
class Source:
    """One funding source with an amount per year."""

    name: str
    amount: Fraction
    first: int | None
    last: int | None
    pays_for: str

    def active(self, year: int) -> bool:
        """True when the source pays in the school year starting in ``year``."""
        return (self.first is None or self.first <= year) and (
            self.last is None or year <= self.last)


def read_sources(values: Values) -> tuple[list[Source], list[str]]:
    """The sources with an amount, and messages about entries that cannot be read."""
    rows = values.get("sources") if isinstance(values.get("sources"), list) else []
    sources, problems = [], []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            continue
        name = " ".join(str(row.get("source") or "").split()) or f"Source {number}"
        try:
            amount = parse_amount(str(row.get("amount") or "").strip().lstrip("$"), "50000")
            first = parse_school_year(row.get("first_year"))
            last = parse_school_year(row.get("last_year"))
        except ValueError as error:
            problems.append(f"{name}: {error}")
            continue
        if amount is not None:  # to the dollar once: every sum adds what is shown
            amount = Fraction(round_half_up(amount))
        if amount is None:
            continue
        if first is not None and last is not None and last < first:
            problems.append(f"{name}: the last school year ({year_label(last)}) is before "
                            f"the first ({year_label(first)}).")
            continue
        pays = row.get("pays_for")
        sources.append(Source(name, amount, first, last, pays if pays in PAYS_FOR else ANY))
    return sources, problems


@dataclass(frozen=True)
class Year:
    """One school year: its cost, what the sources fund, and what is left unfunded."""

    start: int
    cost: int
    funded: int
    available: int
    sources: tuple[str, ...]

    @property
    def unfunded(self) -> int:
        """The cost no source pays for."""
        return self.cost - self.funded


def fund_year(start: int, costs: dict[str, int], sources: list[Source]) -> Year:
    """Fund one year: each kind of cost from its own sources, then the rest from the
    sources that may pay for anything."""
    active = [source for source in sources if source.active(start)]
    funded = 0
    for kind, cost in costs.items():
        kept = sum((s.amount for s in active if s.pays_for == kind), Fraction(0))
        funded += int(min(Fraction(cost), kept))
    total = sum(costs.values())
    free = sum((s.amount for s in active if s.pays_for == ANY), Fraction(0))
    funded += int(min(Fraction(total - funded), free))
    available = int(sum((s.amount for s in active), Fraction(0)))
    return Year(start, total, funded, available, tuple(s.name for s in active))


def years(first: int, last: int, costs: dict[str, int], sources: list[Source]) -> list[Year]:
    """Every school year from ``first`` to ``last``, funded."""
    return [fund_year(start, costs, sources) for start in range(first, last + 1)]


def outlasting(sources: list[Source], costs: dict[str, int], last: int) -> list[str]:
    """A warning, naming the source, for each source that ends while what it pays for
    goes on (before ``last``, the plan's last school year)."""
    warnings = []
    for source in sources:
        if source.last is None or source.last >= last:
            continue
        going_on = sum(costs.values()) if source.pays_for == ANY else costs.get(
            source.pays_for, 0)
        if going_on:
            warnings.append(
                f"{source.name} pays for {PAYS_FOR[source.pays_for]} until "
                f"{year_label(source.last)}, but the plan goes on: from "
                f"{year_label(source.last + 1)} its {dollars(source.amount)} a year must "
                "come from elsewhere, or the positions and services it pays for end with it.")
    return warnings


@dataclass
class Plan:
    """The funding read against the cost: ready, or the output saying why not."""

    sources: list[Source]
    costs: dict[str, int] | None
    first: int
    last: int | None
    goal_date: date | None
    waiting: Output | None = None


def plan_span(context: Context) -> tuple[int, int | None, date | None]:
    """The plan's school years: this one, the last (two past the goal's date; None
    until the goal has a date), and the goal's date."""
    goal = plan(context.values(GOAL_SHEET), context)
    last = (school_year_of(goal.by_date) + YEARS_PAST_GOAL) if goal.by_date else None
    return school_year_of(context.today), last, goal.by_date


def _plan(values: Values, context: Context) -> Plan:
    sources, problems = read_sources(values)
    first, last, by_date = plan_span(context)
    costs = costs_by_category(context.values(COSTS_SHEET), context)
    result = Plan(sources, costs, first, last, by_date)
    if problems:
        result.waiting = Output("Fix the entries below to see the funding by year.", "error",
                                problems)
    elif last is None:
        result.waiting = Output("Not yet: the years run to two years past the goal's date.",
                                "incomplete", ["Choose the date of the goal in “Our goal”."],
                                links=[context.link(GOAL_SHEET)])
    elif last < first:
        result.waiting = Output("Not yet: the goal's date has passed, so there is no school "
                                "year to fund.", "incomplete",
                                ["Choose a date to come for the goal in “Our goal”."],
                                links=[context.link(GOAL_SHEET)])
    elif costs is None:
        result.waiting = Output("Not yet: the funding is set against the cost of the mix you "
                                "chose.", "incomplete",
                                ["Complete “What the goal costs” to see the cost of the mix."],
                                links=[context.link(COSTS_SHEET)])
    return result


@register
def funding_by_year(values: Values, context: Context) -> Output:
    """Funded and unfunded cost in each school year from now to two years past the goal,
    with a warning for each source that ends while what it pays for goes on."""
    found = _plan(values, context)
    if found.waiting is not None:
        return found.waiting
    assert found.costs is not None and found.last is not None
    plan_years = years(found.first, found.last, found.costs, found.sources)
    rows = [[year_label(y.start), dollars(y.cost), dollars(y.funded), dollars(y.unfunded),
             listing(list(y.sources)) or "none"] for y in plan_years]
    cost = sum(y.cost for y in plan_years)
    funded = sum(y.funded for y in plan_years)
    rows.append(["Total", dollars(cost), dollars(funded), dollars(cost - funded), ""])
    span = f"{year_label(found.first)} to {year_label(found.last)}"
    counted = f"{len(plan_years)} school year{'s' if len(plan_years) != 1 else ''}"
    text = (f"From {span} the mix costs {dollars(cost)} ({counted} at "
            f"{dollars(plan_years[0].cost)} a year); the sources fund {dollars(funded)} and "
            f"{dollars(cost - funded)} is unfunded.")
    gaps = [y for y in plan_years if y.unfunded]
    if gaps:
        text += (f" The first year with a gap is {year_label(gaps[0].start)} "
                 f"({dollars(gaps[0].unfunded)} unfunded).")
    messages = outlasting(found.sources, found.costs, found.last)
    if not found.sources:
        messages.insert(0, "Enter an amount per year for at least one source.")
    if found.goal_date:
        messages.append(f"The years run from this school year to two years past the goal's "
                        f"date ({long_date(found.goal_date)}), each at the full yearly cost of "
                        "the mix.")
    status = "ok" if found.sources else "incomplete"
    return Output(text, status, messages,
                  ["School year", "Cost", "Funded", "Unfunded", "Sources paying"], rows,
                  chart=funding_chart(plan_years))


def funding_chart(plan_years: list[Year]) -> dict:
    """Funding against cost in each school year."""
    rows, table = [], []
    for year in plan_years:
        note = f"{dollars(year.unfunded)} unfunded" if year.unfunded else ""
        rows.append(charts.Row(year_label(year.start), (
            charts.Bar(year.cost, f"cost {dollars(year.cost)}", "need"),
            charts.Bar(year.available, f"funding {dollars(year.available)}", "addressed")),
            note=note))
        table.append([year_label(year.start), dollars(year.cost), dollars(year.available),
                      dollars(year.unfunded)])
    described = "; ".join(f"{line[0]}: cost {line[1]}, funding {line[2]}" for line in table)
    return charts.chart("funding-by-year", "Funding against cost, by school year",
                        described + ".", rows,
                        ["School year", "Cost", "Funding available", "Unfunded"], table)


@register
def funding_sources(values: Values, context: Context) -> Output:
    """Each source: its amount per year, its school years, the year it ends and what it
    may pay for."""
    sources, problems = read_sources(values)
    if problems:
        return Output("Fix the entries below to see the sources.", "error", problems)
    if not sources:
        return Output("No source has an amount per year yet.", "incomplete",
                      ["Enter an amount per year for each source the district can count on."])
    rows = []
    for source in sources:
        first = year_label(source.first) if source.first is not None else "this year"
        ends = (year_label(source.last) if source.last is not None
                else "no last year entered")
        rows.append([source.name, dollars(source.amount), first, ends,
                     PAYS_FOR[source.pays_for]])
    total = sum((s.amount for s in sources), Fraction(0))
    open_ended = [s.name for s in sources if s.last is None]
    messages = ([f"No last school year is entered for {listing(open_ended)}: the results "
                 "assume it goes on. Enter the year it ends, if it does."]
                if open_ended else [])
    ending = sorted((s for s in sources if s.last is not None), key=lambda s: s.last or 0)
    text = f"{len(sources)} source{'s' if len(sources) != 1 else ''} adding up to " \
           f"{dollars(total)} a year when all pay"
    text += (f"; the first to end is {ending[0].name}, after {year_label(ending[0].last or 0)}."
             if ending else ".")
    return Output(text, "ok", messages,
                  ["Source", "Amount per year", "First school year", "Last school year",
                   "May pay for"], rows)


@register_check(SHEET)
def funding_missing(values: Values, context: Context) -> Check:
    """The funding still misses a source with an amount, or readable years."""
    sources, problems = read_sources(values)
    if problems:
        return Check(["Fix the entries marked in the results."], covers=("sources",))
    if not sources:
        return Check(["An amount per year for at least one funding source"],
                     covers=("sources",))
    return Check([], covers=("sources",))
