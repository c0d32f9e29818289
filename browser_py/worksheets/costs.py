"""What it costs: the goal's added capacity priced under each approach, and the blended
cost of the mix chosen in "Weigh the three approaches".

The ``costs`` worksheet holds the district's assumptions; a figure left empty takes the
edition's default (``cost_defaults`` in the settings, each with its source), and the
results say beside every figure whether it was entered or is a default, and from where.
The formulas are in :mod:`.cost_model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..core import charts
from ..core.completion import Check, register_check
from ..core.computations import Context, Output, Values, register
from ..core.figures import amount, count, listing, people, percent
from .approaches import SHEET as APPROACHES_SHEET
from .cost_model import (
    APPROACH_NAMES,
    CONTRACT,
    COVERAGE,
    HIRE,
    ORDER,
    ROLE_NAMES,
    ROLE_SALARY,
    Blend,
    Figure,
    Part,
    PartnerInputs,
    Reader,
    contract_cost,
    dollars,
    hire_cost,
    partner_cost,
    rate,
    split,
)
from .goals import SHEET as GOAL_SHEET
from .goals import caseload, clinicians_needed, plan

#: The worksheet's id (``content/worksheets/costs.yml``).
SHEET = "costs"


@dataclass
class Assumptions:
    """The costs worksheet read once: the goal's figures and every assumption."""

    added: int | None
    per_clinician: int
    figures: dict[str, Figure]
    basis: str
    coverage: dict[str, Fraction | None]
    chosen: list[str]
    shares: dict[str, Fraction | None]
    problems: list[str] = field(default_factory=list)
    role_note: str = ""

    def value(self, key: str) -> Fraction | None:
        """The value of the assumption ``key`` (None when neither typed nor defaulted)."""
        return self.figures[key].value


def chosen_approaches(values: Values) -> list[str]:
    """The approaches chosen in "Weigh the three approaches", in the results' order."""
    raw = values.get("chosen")
    return [key for key in ORDER if isinstance(raw, list) and key in raw]


def _cell(values: Values, table: str, row: str, column: str) -> object:
    rows = values.get(table)
    cell = rows.get(row) if isinstance(rows, dict) else None
    return cell.get(column) if isinstance(cell, dict) else None


def read(values: Values, context: Context) -> Assumptions:
    """Read the costs worksheet, the goal and the approaches chosen."""
    goal_values = context.values(GOAL_SHEET)
    goal = plan(goal_values, context)
    per_clinician, _entered, _notes = caseload(goal_values, context)
    reader = Reader(values, context)
    role = values.get("hire_role") if isinstance(values.get("hire_role"), str) else ""
    labels = {
        "salary": ("Salary of one full-time clinician", ROLE_SALARY.get(role)),
        "benefits_rate": ("Benefits, as a percentage of salary", "benefits_rate"),
        "supervision": ("Supervision per clinician per year", "supervision_per_clinician"),
        "space": ("Space per clinician per year", "space_per_clinician"),
        "sessions_per_student": ("Sessions per student per year", "sessions_per_student"),
        "session_rate": ("Rate per session", "session_rate"),
        "clinician_price": ("Annual price per contracted clinician", "price_per_clinician"),
        "partner_space": ("Space for the partner per year", "partner_space"),
        "coordinator_percent": ("Coordinator's share of time (percent)", None),
        "coordinator_cost": ("Coordinator's salary and benefits per year", "coordinator_cost"),
        "transport": ("Transport to care off site per year", "transport"),
    }
    figures = {key: reader.figure(key, label, default, need=False)
               for key, (label, default) in labels.items()}
    role_note = ""
    if figures["salary"].value is None:
        role_note = ("Enter the salary of one full-time clinician" + (
            f": this edition has no default salary for {ROLE_NAMES[role]}." if role else
            ", or choose the role to hire to use this edition's default."))
    coverage = {key: reader.figure(f"coverage-{key}", f"Students with {name} (percent)",
                                   raw=_cell(values, "coverage", key, "share") or "",
                                   need=False).value
                for key, name in COVERAGE}
    shares = {key: reader.figure(f"mix-{key}", f"{APPROACH_NAMES[key]}: share of the "
                                 "added students (percent)",
                                 raw=_cell(values, "mix", key, "share") or "", need=False).value
              for key in ORDER}
    basis = values.get("contract_basis")
    return Assumptions(
        added=None if goal.problems else goal.added, per_clinician=per_clinician,
        figures=figures, basis=basis if isinstance(basis, str) else "", coverage=coverage,
        chosen=chosen_approaches(context.values(APPROACHES_SHEET)), shares=shares,
        problems=reader.problems, role_note=role_note)


def part_for(approach: str, students: int, given: Assumptions) -> Part:
    """One approach's cost for ``students`` students."""
    if approach == HIRE:
        return hire_cost(students, given.per_clinician, given.value("salary"),
                         given.value("benefits_rate"), given.value("supervision"),
                         given.value("space"))
    if approach == CONTRACT:
        return contract_cost(students, given.per_clinician, given.basis,
                             given.value("sessions_per_student"), given.value("session_rate"),
                             given.value("clinician_price"))
    return partner_cost(students, PartnerInputs(
        given.value("partner_space"), given.value("coordinator_percent"),
        given.value("coordinator_cost"), given.value("transport"),
        given.value("sessions_per_student"), given.value("session_rate"), given.coverage))


def blend_of(given: Assumptions) -> tuple[Blend | None, list[str]]:
    """The chosen mix's parts (students split by the shares entered), or why not."""
    if given.added is None or not given.chosen:
        return None, []
    if len(given.chosen) == 1:
        shares = {given.chosen[0]: Fraction(100)}
    else:
        missing = [APPROACH_NAMES[key] for key in given.chosen if given.shares[key] is None]
        if missing:
            return None, [f"Enter the share of the added students that {listing(missing)} "
                          f"will serve, in “The mix” (the chosen approaches' shares add up "
                          "to 100%)."]
        shares = {key: given.shares[key] or Fraction(0) for key in given.chosen}
        total = sum(shares.values(), Fraction(0))
        if total != 100:
            return None, [f"The shares of the mix add up to {amount(total)}%, not 100%: "
                          "change them so that they add up to 100%."]
    students = split(given.added, shares)
    return Blend([part_for(key, students[key], given) for key in ORDER if key in shares],
                 given.added), []


def _part_messages(part: Part) -> list[str]:
    messages = [f"{part.name}: {problem}" for problem in part.problems]
    if part.missing:
        messages.append(f"{part.name}: enter {listing(part.missing)} to see its cost.")
    return messages


def _goal_not_ready(context: Context) -> Output:
    return Output("Not yet: the costs start from the goal's added capacity, which needs "
                  "the goal and the needs estimate.", "incomplete",
                  ["Complete “Our goal” and “Estimate student need”: the goal's added "
                   "capacity is the number of students priced here."],
                  links=[context.link(GOAL_SHEET)])


def assumption_rows(given: Assumptions) -> list[list[str]]:
    """Every assumption, its value, and whether it was entered or is a default."""
    rows = []
    for key, figure in given.figures.items():
        if figure.value is None:
            shown = "not entered"
        elif key in ("benefits_rate", "coordinator_percent"):
            shown = f"{amount(figure.value)}%"
        elif key == "sessions_per_student":
            shown = amount(figure.value)
        else:
            shown = rate(figure.value)
        rows.append([figure.label, shown, figure.origin])
    return rows


@register
def cost_by_approach(values: Values, context: Context) -> Output:
    """The goal's added capacity priced under each approach, side by side."""
    given = read(values, context)
    if given.problems:
        return Output("Fix the entries below to see the costs.", "error", given.problems)
    if given.added is None:
        return _goal_not_ready(context)
    parts = [part_for(key, given.added, given) for key in ORDER]
    rows, messages = [], []
    for part in parts:
        per = (dollars(Fraction(part.cost, given.added)) if part.cost is not None
               and given.added else "")
        rows.append([part.name, count(given.added), part.formula or "not complete yet",
                     "" if part.cost is None else dollars(part.cost), per])
        messages += _part_messages(part)
        messages += part.notes
    if given.role_note and any("salary" in m for p in parts for m in p.missing):
        messages.insert(0, given.role_note)
    priced = [part for part in parts if part.cost is not None]
    fte = clinicians_needed(given.added, given.per_clinician) if given.added else Fraction(0)
    if priced:
        said = "; ".join(f"{part.name.lower()} {dollars(part.cost or 0)}" for part in priced)
        text = (f"For the goal's {people(given.added, 'more student')} ({amount(fte)} "
                f"full-time clinicians at {count(given.per_clinician)} students each), a "
                f"year costs: {said}.")
    else:
        text = "Enter the assumptions below to price the goal under each approach."
    status = "ok" if len(priced) == len(parts) else "incomplete"
    columns = ["Approach", "Students served", "What it adds up", "Cost per year",
               "Cost per student"]
    return Output(text, status, messages, columns, rows, chart=approach_chart(parts),
                  more_tables=[(["Assumption", "Figure", "Where it comes from"],
                                assumption_rows(given))])


def approach_chart(parts: list[Part], mix: Blend | None = None) -> dict:
    """The cost per year of each approach (and of the chosen mix, when priced)."""
    rows, table = [], []
    for part in parts:
        text = "not complete yet" if part.cost is None else dollars(part.cost)
        rows.append(charts.Row(part.name, (charts.Bar(part.cost, text, "now"),)))
        table.append([part.name, text])
    if mix is not None and mix.ready:
        rows.append(charts.Row("The mix you chose", (charts.Bar(mix.total, dollars(mix.total),
                                                                "goal"),)))
        table.append(["The mix you chose", dollars(mix.total)])
    described = "; ".join(f"{name}: {text}" for name, text in table)
    return charts.chart("cost-per-approach", "Cost per year of each approach",
                        described + ".", rows, ["Approach", "Cost per year"], table)


@register
def cost_of_mix(values: Values, context: Context) -> Output:
    """The blended annual cost of the approaches chosen, and its cost per student."""
    given = read(values, context)
    if given.problems:
        return Output("Fix the entries below to see the cost of the mix.", "error",
                      given.problems)
    if given.added is None:
        return _goal_not_ready(context)
    if not given.chosen:
        return Output("Not yet: choose the approaches you will pursue in “Weigh the three "
                      "approaches”.", "incomplete", links=[context.link(APPROACHES_SHEET)])
    mix, messages = blend_of(given)
    ignored = [APPROACH_NAMES[key] for key in ORDER
               if key not in given.chosen and given.shares[key]]
    if ignored:
        messages.append(f"A share is entered for {listing(ignored)}, which is not among the "
                        "approaches chosen: it is left out of the mix.")
    if mix is None:
        return Output("Not yet: the mix needs each chosen approach's share.", "incomplete",
                      messages)
    rows = []
    for part in mix.parts:
        messages += _part_messages(part)
        rows.append([part.name, count(part.students), percent(part.students, mix.students)
                     if mix.students else "", part.formula or "not complete yet",
                     "" if part.cost is None else dollars(part.cost)])
    if not mix.ready:
        return Output("Not yet: enter the assumptions of the chosen approaches.",
                      "incomplete", messages, _MIX_COLUMNS, rows)
    per = mix.per_student
    rows.append(["Total", count(mix.students), "100%", mix.formula(), dollars(mix.total)])
    text = (f"The mix you chose costs {dollars(mix.total)} a year ({mix.formula()}), "
            + (f"{dollars(per)} for each of the {people(mix.students, 'more student')} "
               "served." if per is not None else "with no more students served."))
    chart = approach_chart([part_for(key, mix.students, given) for key in ORDER], mix)
    return Output(text, "ok", messages, _MIX_COLUMNS, rows, chart=chart)


_MIX_COLUMNS = ["Approach", "Students served", "Share", "What it adds up", "Cost per year"]


def costs_by_category(values: Values, context: Context) -> dict[str, int] | None:
    """The chosen mix's yearly cost by what pays for it (positions, contracted
    services, the district's partnership costs, uninsured students' care); None until
    the mix is priced."""
    given = read(values, context)
    if given.problems or given.added is None:
        return None
    mix, _messages = blend_of(given)
    if mix is None or not mix.ready:
        return None
    result = {"positions": 0, "contract": 0, "partner-costs": 0, "uninsured-care": 0}
    for part in mix.parts:
        if part.approach == HIRE:
            result["positions"] += part.cost or 0
        elif part.approach == CONTRACT:
            result["contract"] += part.cost or 0
        else:
            gap = part.lines[-1][1]
            result["uninsured-care"] += gap
            result["partner-costs"] += (part.cost or 0) - gap
    return result


@register_check(SHEET)
def costs_missing(values: Values, context: Context) -> Check:
    """What the costs still miss: the goal, the approaches, and each chosen approach's
    assumptions."""
    given = read(values, context)
    if given.problems:
        return Check(["Fix the entries marked in the results."])
    if given.added is None:
        return Check(["The goal's added capacity (complete “Our goal”)"])
    if not given.chosen:
        return Check(["The approaches chosen (in “Weigh the three approaches”)"])
    mix, messages = blend_of(given)
    if mix is None:
        return Check(["Each chosen approach's share of the added students"] if messages
                     else [])
    missing = []
    for part in mix.parts:
        missing += [f"{part.name}: {item}" for item in part.missing]
        missing += [f"{part.name}: coverage shares that add up to 100%"
                    for _problem in part.problems]
    # Every box is optional (defaults stand in): done once each chosen approach is priced.
    return Check(missing, progress=None if missing else (1, 1))

