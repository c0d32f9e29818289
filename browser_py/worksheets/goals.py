"""The goal: the practice's time-bound goal sentence, what it means in numbers, and
school-employed staff against the recommended ratios.

The baseline is the need already addressed in the needs estimate: the students who have
access to care now. The goal raises it by a percentage or to a target count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from ..core import charts
from ..core.completion import Check, register_check
from ..core.computations import Context, Output, Values, parse_count, register
from ..core.figures import (
    amount,
    count,
    in_words,
    listing,
    long_date,
    parse_amount,
    parse_percent,
    people,
    percent,
    read_count,
    read_whole,
    round_half_up,
    round_up,
)
from .needs import FIX_ENTRIES, NEEDS_SHEET, Estimate, estimate

#: The goal's worksheet id (``content/worksheets/goal.yml``).
SHEET = "goal"

#: Students one full-time clinician serves in a school year, used to turn added capacity
#: into clinicians when the site's settings give no ``caseload_per_clinician``. There is
#: no national standard for this figure: it is a planning assumption (about 25 to 30
#: students on a caseload at any time, each seen for part of the school year). Replace it
#: with the caseload your providers report.
DEFAULT_CASELOAD_PER_CLINICIAN = 50
CASELOAD_SETTING = "caseload_per_clinician"


@dataclass(frozen=True)
class Role:
    """A school-employed mental health role and its recommended ratio."""

    id: str  # the row id in the goal worksheet's staff table
    name: str  # plural, as in a sentence
    one: str  # singular
    ratio: int  # students per full-time staff member
    source: str


#: Recommended students per full-time staff member (sources in ../shared/DESIGN.md).
ROLES = (
    Role("psychologists", "school psychologists", "school psychologist", 500,
         "National Association of School Psychologists (NASP), 2020 Professional Standards"),
    Role("counselors", "school counselors", "school counselor", 250,
         "American School Counselor Association (ASCA)"),
    Role("social-workers", "school social workers", "school social worker", 250,
         "School Social Work Association of America (SSWAA)"),
)


def recommended_positions(enrollment: int, ratio: int) -> Fraction:
    """Full-time positions that give ``enrollment`` students one per ``ratio``."""
    return Fraction(enrollment, ratio)


def shortfall(enrollment: int, ratio: int, staff: Fraction) -> Fraction:
    """Full-time positions missing to reach the recommended ratio (never below zero)."""
    return max(Fraction(0), recommended_positions(enrollment, ratio) - staff)


def edition_caseload(context: Context) -> tuple[int, list[str]]:
    """Students per full-time clinician per year as the edition sets it, else the default."""
    value: Any = context.settings.get(CASELOAD_SETTING, DEFAULT_CASELOAD_PER_CLINICIAN)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return DEFAULT_CASELOAD_PER_CLINICIAN, [
            f"The site setting {CASELOAD_SETTING} ({value!r}) is not a whole number above "
            f"0, so {DEFAULT_CASELOAD_PER_CLINICIAN} students per clinician is assumed."
        ]
    return value, []


def caseload(values: Values, context: Context) -> tuple[int, bool, list[str]]:
    """Students per full-time clinician per year: the goal worksheet's entry, else the
    edition's figure; whether it was entered; messages about it."""
    fallback, notes = edition_caseload(context)
    try:
        entered = parse_count(values.get("caseload"))
    except ValueError as error:
        return fallback, False, [f"Students per clinician: {error} Until then "
                                 f"{count(fallback)} is assumed."]
    if entered is None:
        return fallback, False, notes
    if entered == 0:
        return fallback, False, [f"Students per clinician cannot be 0; {count(fallback)} is "
                                 "assumed until it is changed."]
    return entered, True, []


def clinicians_needed(added: int, per_clinician: int) -> Fraction:
    """Full-time clinicians to serve ``added`` more students, rounded up to 0.1."""
    return round_up(Fraction(added, per_clinician), 1)


# ---- The goal -------------------------------------------------------------------------


@dataclass
class Goal:
    """The goal builder's entries, checked, with the needs estimate's figures."""

    by_date: date | None = None
    providers: int | None = None
    increase: Fraction | None = None  # percent, as typed
    target: int | None = None  # students with access to care, typed or computed
    target_typed: bool = False
    needs: Estimate = field(default_factory=Estimate)
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def baseline(self) -> int | None:
        """Students with access to care now: the need already addressed."""
        return self.needs.addressed if self.needs.usable else None

    @property
    def added(self) -> int | None:
        """More students with access to care when the goal is met."""
        if self.problems or self.target is None or self.baseline is None:
            return None
        return self.target - self.baseline


def _date(raw: object) -> date | None:
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) and len(raw) == 10 else None
    except ValueError:
        return None


def _increase(values: Values, goal: Goal) -> None:
    try:
        goal.increase = parse_percent(values.get("increase_percent"))
    except ValueError as error:
        goal.problems.append(f"Increase by (percent): {error}")
    typed = read_count(values, "target_count", "Target number of students", goal.problems)
    if goal.increase is not None and typed is not None:
        goal.problems.append("Enter either a percentage or a target number of students, not "
                             "both: clear one of them.")
        return
    if goal.increase is None and typed is None:
        goal.missing.append("Enter a percentage increase, or a target number of students "
                            "with access to care.")
        return
    baseline = goal.baseline
    if goal.increase is not None:
        if goal.increase == 0:
            goal.problems.append("Increase by (percent): enter a percentage above 0.")
        elif baseline == 0:
            goal.problems.append(
                "No students have access to care now (the need already addressed is 0), so "
                "a percentage adds none: enter a target number of students instead."
            )
        elif baseline is not None:
            more = baseline * goal.increase / 100
            goal.target = baseline + int(more) + (1 if more > int(more) else 0)
        return
    goal.target, goal.target_typed = typed, True
    if baseline is not None and typed is not None and typed <= baseline:
        goal.problems.append(
            f"The target ({count(typed)} students) is not more than the {count(baseline)} "
            "students with access to care now. Enter a larger target."
        )


def plan(values: Values, context: Context) -> Goal:
    """Check the goal builder's entries against the needs estimate."""
    goal = Goal(needs=estimate(context.values(NEEDS_SHEET), context))
    goal.by_date = _date(values.get("by_date"))
    if goal.by_date is None:
        goal.missing.append("Choose the date by which the goal will be met.")
    elif goal.by_date < context.today:
        goal.missing.append(f"The date ({long_date(goal.by_date)}) has passed: choose a "
                            "date in the future.")
    goal.providers = read_whole(values, "providers_more", "More community providers",
                                "providers", goal.problems)
    if goal.providers is None:
        goal.missing.append("Enter how many more community providers you will partner with.")
    elif goal.providers == 0:
        goal.problems.append("More community providers: enter 1 or more. The goal is to "
                             "partner with at least one additional provider.")
    _increase(values, goal)
    enrollment = goal.needs.enrollment if goal.needs.usable else None
    if goal.target is not None and enrollment is not None and goal.target > enrollment:
        goal.problems.append(
            f"The target ({count(goal.target)} students with access to care) is more than "
            f"the {count(enrollment)} students enrolled. Enter a smaller "
            + ("target." if goal.target_typed else "percentage.")
        )
    return goal


@register_check(SHEET)
def goal_missing(values: Values, context: Context) -> Check:
    """What the goal still misses, as its sentence names it. The percentage and the
    target number are one choice (either will do), and the caseload may stay empty."""
    goal = plan(values, context)
    missing = ([FIX_ENTRIES] if goal.problems else []) + list(goal.missing)
    return Check(missing, covers=("by_date", "providers_more"))


def providers_phrase(providers: int | None) -> str:
    """How many more community providers the goal partners with, as its sentence says it
    ("at least two additional community providers"; a placeholder when not set)."""
    if providers is None:
        return "at least [number] additional community providers"
    if providers == 1:
        return "at least one additional community provider"
    return f"at least {in_words(providers)} additional community providers"


def _increase_phrase(goal: Goal) -> str:
    baseline, target = goal.baseline, goal.target
    if goal.increase is not None:
        phrase = f"by {amount(goal.increase)} percent"
        if baseline is not None and target is not None:
            phrase += f", from {count(baseline)} to {count(target)} students"
        return phrase
    if target is not None:
        phrase = f"to {count(target)} students"
        if baseline:
            phrase += f" ({amount(Fraction(target - baseline, baseline) * 100)} percent more)"
        return phrase
    return "by [percentage] percent"


@register
def goal_sentence(values: Values, context: Context) -> Output:
    """Write the practice's time-bound goal sentence from the goal builder."""
    goal = plan(values, context)
    if goal.problems:
        return Output("Fix the entries below to see the goal sentence.", "error", goal.problems)
    when = long_date(goal.by_date) if goal.by_date else "[date]"
    text = (f"By {when}, we will partner with {providers_phrase(goal.providers)}, increasing "
            f"the total number of students who have access to care {_increase_phrase(goal)}.")
    return Output(text, "incomplete" if goal.missing else "ok", goal.missing)


def _needs_gaps(goal: Goal) -> list[str]:
    needs = goal.needs
    if not needs.usable:
        return ["Fix the entries in “Estimate student need” above to see what the goal means "
                "in numbers."]
    if needs.addressed is None:
        return ["Enter the student need already addressed in “Estimate student need” above: "
                "it is the number of students with access to care now."]
    return []


@register
def goal_numbers(values: Values, context: Context) -> Output:
    """What the goal means: target, added capacity, unmet need closed, clinicians."""
    goal = plan(values, context)
    if goal.problems:
        return Output("Fix the entries below to see what the goal means in numbers.", "error",
                      goal.problems)
    gaps = _needs_gaps(goal)
    added, baseline, unmet = goal.added, goal.baseline, goal.needs.unmet
    if gaps or added is None or baseline is None:
        messages = gaps + [m for m in goal.missing if "percentage" in m]
        return Output("Not yet: the goal needs a target and the needs estimate.", "incomplete",
                      messages)
    per_clinician, entered, notes = caseload(values, context)
    clinicians = clinicians_needed(added, per_clinician)
    to_hire = math.ceil(clinicians)
    text = f"The goal gives {count(added)} more students access to care"
    if unmet:
        text += f", closing {percent(min(added, unmet), unmet)} of the unmet need."
    else:
        text += ". The needs estimate shows no unmet need."
    hire = (f" ({people(to_hire, 'clinician')} to hire)" if to_hire != clinicians else "")
    text += (f" That is about {amount(clinicians)} full-time "
             f"clinician{'' if clinicians == 1 else 's'}{hire}, if each serves "
             f"{count(per_clinician)} students a year.")
    rows = [
        ["Students with access to care now (need already addressed)", count(baseline)],
        ["Target: students with access to care", count(baseline + added)],
        ["Added capacity: more students with access to care", count(added)],
    ]
    if unmet is not None:
        rows += [
            ["Unmet need now", count(unmet)],
            ["Share of the unmet need the goal closes",
             percent(min(added, unmet), unmet) if unmet else "no unmet need"],
            ["Unmet need left when the goal is met", count(max(unmet - added, 0))],
        ]
    rows += [
        ["Full-time clinicians needed for the added capacity", amount(clinicians)],
        ["Clinicians to hire or contract (whole people)", count(to_hire)],
        [f"Students one full-time clinician serves in a year "
         f"({'as entered' if entered else 'this edition assumes'})", count(per_clinician)],
    ]
    messages = notes
    if unmet is not None and added > unmet:
        messages.append(
            f"The goal adds more places ({count(added)}) than the unmet need "
            f"({count(unmet)}). Check the needs estimate, or lower the goal."
        )
    return Output(text, "ok", messages, ["Figure", "Value"], rows,
                  chart=need_funnel(goal.needs, baseline + added))


def need_funnel(needs: Estimate, target: int | None) -> dict:
    """The need funnel: need indicated by every source, each student counted once, need
    already addressed, unmet need, and the goal's target for students with access."""
    unmet = needs.unmet
    steps = [("Indicated, sources added up", needs.indicated, "indicated"),
             ("Total need, each student once", needs.need, "need"),
             ("Already addressed", needs.addressed, "addressed"),
             ("Unmet need", unmet, "unmet")]
    if target is not None:
        steps.append(("Goal: students with access", target, "goal"))
    rows = [charts.Row(label, (charts.Bar(value, "not entered" if value is None else
                                          people(value, "student"), kind),))
            for label, value, kind in steps]
    described = "; ".join(f"{label}: {'not entered' if value is None else count(value)}"
                          for label, value, _kind in steps)
    return charts.chart("need-funnel", "Student need and the goal", described + ".", rows,
                        ["Figure", "Students"],
                        [[label, "not entered" if value is None else count(value)]
                         for label, value, _kind in steps])


# ---- Staff and recommended ratios ------------------------------------------------------


@register
def staffing_ratios(values: Values, context: Context) -> Output:
    """Compare school-employed staff with the recommended ratios; give each shortfall."""
    staff = values.get("staff") if isinstance(values.get("staff"), dict) else {}
    problems: list[str] = []
    filled: dict[str, Fraction | None] = {}
    for role in ROLES:
        row = staff.get(role.id) if isinstance(staff.get(role.id), dict) else {}
        try:
            filled[role.id] = parse_amount(row.get("fte"))
        except ValueError as error:
            problems.append(f"{role.name.capitalize()}: {error}")
    if problems:
        return Output("Fix the entries below to compare staff with the recommended ratios.",
                      "error", problems)
    needs = estimate(context.values(NEEDS_SHEET), context)
    enrollment = needs.enrollment
    if enrollment is None:
        typo = any(problem.startswith("Students enrolled") for problem in needs.problems)
        return Output("Not yet: the comparison needs the number of students enrolled.",
                      "incomplete",
                      [f"{'Fix' if typo else 'Enter'} the number of students enrolled in "
                       "“Estimate student need” above."])
    rows, missing, gap = [], [], Fraction(0)
    for role in ROLES:
        have = filled[role.id]
        name = f"{role.name.capitalize()} (recommended 1 to {role.ratio})"
        needed = recommended_positions(enrollment, role.ratio)
        if have is None:
            missing.append(role.name)
            rows.append([name, "not entered", "", amount(needed), ""])
            continue
        short = round_half_up(shortfall(enrollment, role.ratio, have), 1)
        gap += short  # the total of the shortfalls as shown, so the column adds up
        now = (f"1 to {count(round_half_up(Fraction(enrollment) / have))}" if have
               else "none on staff")
        rows.append([name, amount(have, 2), now, amount(needed), amount(short)])
    positions = listing([
        f"{amount(n)} {r.one if n == 1 else r.name}"
        for r in ROLES for n in [round_half_up(recommended_positions(enrollment, r.ratio), 1)]])
    text = f"For {count(enrollment)} students, the recommended ratios call for {positions}."
    if not missing:
        text += (f" Shortfall: {amount(gap)} full-time positions in all." if gap else
                 " Staff today meet every recommended ratio.")
    messages = ([f"Enter the full-time positions filled today for {listing(missing)} "
                 "(0 if none)."] if missing else [])
    columns = ["Role", "Full-time staff now", "Students per staff member now",
               "Full-time positions at the recommended ratio", "Shortfall (full-time positions)"]
    return Output(text, "incomplete" if missing else "ok", messages, columns, rows,
                  chart=staffing_chart(enrollment, filled))


def staffing_chart(enrollment: int, filled: dict[str, Fraction | None]) -> dict:
    """Staff now against the positions the recommended ratios call for, by role."""
    rows, table, said = [], [], []
    for role in ROLES:
        have = filled.get(role.id)
        needed = round_half_up(recommended_positions(enrollment, role.ratio), 1)
        now = "not entered" if have is None else f"{amount(have, 2)} now"
        rows.append(charts.Row(role.name.capitalize(), (
            charts.Bar(have, now, "now"),
            charts.Bar(needed, f"{amount(needed)} at ratio", "recommended"))))
        table.append([role.name.capitalize(), "not entered" if have is None else amount(have, 2),
                      amount(needed)])
        said.append(f"{role.name}: {now}, {amount(needed)} recommended")
    return charts.chart("staffing", "Staff and recommended ratios",
                        f"For {count(enrollment)} students, " + "; ".join(said) + ".", rows,
                        ["Role", "Full-time staff now", "At the recommended ratio"], table)
