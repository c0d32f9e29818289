"""The arithmetic of what the goal costs: each approach's formula, the assumptions it
reads (typed by the district, or the edition's default with its source), and the blend
of the approaches a district chose.

Every amount is exact (``Fraction``) until a part is rounded to the dollar; a total is
the sum of its rounded parts, so every sum shown adds up to what it shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.computations import Context, Values
from ..core.figures import amount, count, parse_amount, people, round_half_up
from .goals import clinicians_needed

#: The edition's setting that holds the default figures, each with its source.
DEFAULTS_SETTING = "cost_defaults"
#: Approach ids (as in "Weigh the three approaches") and their names in the results.
HIRE, CONTRACT, PARTNER = "employ", "contract", "partner"
APPROACH_NAMES = {HIRE: "Hire", CONTRACT: "Contract", PARTNER: "Partner at no cost"}
ORDER = (HIRE, CONTRACT, PARTNER)
#: The role chosen for hiring, and the default salary setting that goes with it.
ROLE_SALARY = {"school-counselor": "salary_school_counselor",
               "school-psychologist": "salary_school_psychologist",
               "school-social-worker": "salary_school_social_worker"}
ROLE_NAMES = {"school-counselor": "a school counselor",
              "school-psychologist": "a school psychologist",
              "school-social-worker": "a school social worker", "other": "this role"}
COVERAGE = (("medicaid", "Medicaid or CHIP"), ("private", "private insurance"),
            ("none", "no coverage"))
PER_SESSION, PER_CLINICIAN = "per-session", "per-clinician"


def dollars(value: Fraction | int) -> str:
    """An amount of money rounded to the dollar: ``$1,234,567``."""
    return f"${int(round_half_up(Fraction(value))):,}"


def rate(value: Fraction) -> str:
    """A price as typed, cents kept when it has them: ``$150``, ``$142.50``."""
    if value.denominator == 1:
        return dollars(value)
    cents = round_half_up(value, 2)
    return f"${int(cents):,}.{int(cents * 100) % 100:02d}"


@dataclass(frozen=True)
class Figure:
    """One assumption: its value (None when neither typed nor defaulted) and where it
    came from ("" when the district typed it, else the default's source)."""

    label: str
    value: Fraction | None
    source: str = ""

    @property
    def origin(self) -> str:
        """Where the figure comes from, in words shown beside it."""
        if self.value is None:
            return "no default in this edition: enter it"
        return f"default from {self.source}" if self.source else "as entered"


@dataclass
class Reader:
    """Reads a worksheet's assumptions, noting bad entries (``problems``) and figures
    neither typed nor defaulted (``missing``)."""

    values: Values
    context: Context
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    used: dict[str, Figure] = field(default_factory=dict)

    def default(self, key: str) -> tuple[Fraction, str] | None:
        """The edition's default for ``key`` and its source, if the edition sets one."""
        defaults: Any = self.context.settings.get(DEFAULTS_SETTING) or {}
        entry = defaults.get(key) if isinstance(defaults, dict) else None
        if not isinstance(entry, dict) or not entry.get("source"):
            return None
        try:
            value = parse_amount(entry.get("value"))
        except ValueError:
            return None
        return None if value is None else (value, str(entry["source"]))

    def figure(self, key: str, label: str, default: str | None = None,
               raw: object = None, need: bool = True) -> Figure:
        """Read ``values[key]`` (or ``raw``): the typed figure, else the edition's
        default named ``default``; a missing one is noted when ``need``."""
        typed = self.values.get(key) if raw is None else raw
        text = str(typed if typed is not None else "").strip().lstrip("$").rstrip("%").strip()
        try:
            value = parse_amount(text, "1500")
        except ValueError as error:
            self.problems.append(f"{label}: {error}")
            return Figure(label, None)
        found = Figure(label, value)
        if value is None and default:
            fallback = self.default(default)
            if fallback is not None:
                found = Figure(label, fallback[0], fallback[1])
        if found.value is None and need:
            self.missing.append(label)
        self.used[f"{key}:{label}"] = found
        return found


# ---- Each approach ------------------------------------------------------------------


@dataclass
class Part:
    """One approach's cost for some students: its dollars (rounded), what they add up
    (``formula``), and what is missing or wrong for it."""

    approach: str
    students: int
    cost: int | None = None
    formula: str = ""
    lines: list[tuple[str, int]] = field(default_factory=list)  # the parts of the cost
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The approach's name in the results."""
        return APPROACH_NAMES[self.approach]


def _whole(value: Fraction) -> int:
    return int(round_half_up(value))


def hire_cost(students: int, per_clinician: int, salary: Fraction | None,
              benefits_rate: Fraction | None, supervision: Fraction | None,
              space: Fraction | None) -> Part:
    """Hire: clinicians to hire (whole people) x (salary + benefits as a rate of salary
    + supervision + space per clinician)."""
    part = Part(HIRE, students)
    fte = clinicians_needed(students, per_clinician) if students else Fraction(0)
    hires = math.ceil(fte)
    figures = {"salary": salary, "benefits rate": benefits_rate,
               "supervision per clinician": supervision, "space per clinician": space}
    part.missing = [name for name, value in figures.items() if value is None]
    if part.missing:
        return part
    assert salary is not None and benefits_rate is not None
    assert supervision is not None and space is not None
    pay, support, room = _whole(salary), _whole(supervision), _whole(space)
    benefits = _whole(pay * benefits_rate / 100)
    part.lines = [("Salaries", hires * pay), ("Benefits", hires * benefits),
                  ("Supervision", hires * support), ("Space", hires * room)]
    part.cost = sum(value for _name, value in part.lines)
    part.formula = (f"{people(hires, 'clinician')} x ({dollars(pay)} salary + "
                    f"{dollars(benefits)} benefits at {amount(benefits_rate)}% + "
                    f"{dollars(support)} supervision + {dollars(room)} space) = "
                    f"{dollars(part.cost)}")
    if hires != fte:
        part.notes.append(f"{amount(fte)} full-time clinicians are needed for "
                          f"{people(students, 'student')}; the district hires whole people, "
                          f"so {count(hires)}.")
    return part


def contract_cost(students: int, per_clinician: int, basis: str,
                  sessions: Fraction | None, session_rate: Fraction | None,
                  price: Fraction | None) -> Part:
    """Contract, as the quote is written: students x sessions per student x rate per
    session, or full-time clinicians x annual price per clinician."""
    part = Part(CONTRACT, students)
    if basis == PER_CLINICIAN:
        if price is None:
            part.missing = ["annual price per clinician"]
            return part
        fte = clinicians_needed(students, per_clinician) if students else Fraction(0)
        part.cost = _whole(fte * price)
        part.formula = (f"{amount(fte)} full-time clinicians x {rate(price)} a year "
                        f"= {dollars(part.cost)}")
        part.lines = [("Contracted clinicians", part.cost)]
        return part
    if basis != PER_SESSION:
        part.missing = ["how the quote is written (per session or per clinician)"]
        return part
    part.missing = [name for name, value in (("sessions per student", sessions),
                                             ("rate per session", session_rate))
                    if value is None]
    if part.missing:
        return part
    assert sessions is not None and session_rate is not None
    part.cost = _whole(students * sessions * session_rate)
    part.formula = (f"{people(students, 'student')} x {amount(sessions)} sessions x "
                    f"{rate(session_rate)} = {dollars(part.cost)}")
    part.lines = [("Contracted sessions", part.cost)]
    return part


@dataclass(frozen=True)
class PartnerInputs:
    """What the district pays when a partner serves students at no cost to it."""

    space: Fraction | None
    coordinator_percent: Fraction | None
    coordinator_cost: Fraction | None
    transport: Fraction | None
    sessions: Fraction | None
    session_rate: Fraction | None
    coverage: dict[str, Fraction | None]  # percent of students by coverage


def coverage_problem(coverage: dict[str, Fraction | None]) -> str:
    """A message when the coverage shares are all entered but do not add up to 100%."""
    shares = [coverage.get(key) for key, _name in COVERAGE]
    if any(share is None for share in shares):
        return ""
    total = sum((share for share in shares if share is not None), Fraction(0))
    if total == 100:
        return ""
    return (f"The students' coverage adds up to {amount(total)}%, not 100% (Medicaid or "
            f"CHIP, private insurance and no coverage): change the shares so that they add "
            "up to 100%.")


@dataclass(frozen=True)
class Care:
    """A year of care for ``share`` percent of some students: how many students (a
    projection, so it may have decimals), its cost rounded to the dollar, and the
    numbers it multiplies."""

    students: Fraction
    cost: int
    sessions: Fraction
    session_rate: Fraction

    @property
    def formula(self) -> str:
        """What the cost multiplies, in words: ``12 students x 12 sessions x $150``."""
        return (f"{amount(self.students)} students x {amount(self.sessions)} sessions x "
                f"{rate(self.session_rate)}")


def care(students: int, share: Fraction, sessions: Fraction, session_rate: Fraction) -> Care:
    """The care of ``share`` percent of ``students`` at ``sessions`` a year each."""
    served = students * share / 100
    return Care(served, _whole(served * sessions * session_rate), sessions, session_rate)


def partner_cost(students: int, given: PartnerInputs) -> Part:
    """Partner at no cost: the district's own costs (space, its coordinator's share of
    time, transport to care off site) plus the uninsured students' sessions, a gap
    someone must fund."""
    part = Part(PARTNER, students)
    named = (("space for the partner", given.space),
             ("the coordinator's share of time", given.coordinator_percent),
             ("the coordinator's salary and benefits", given.coordinator_cost),
             ("transport to care off site", given.transport),
             ("sessions per student", given.sessions),
             ("rate per session", given.session_rate))
    part.missing = [name for name, value in named if value is None]
    part.missing += [f"the share with {name}" for key, name in COVERAGE
                     if given.coverage.get(key) is None]
    problem = coverage_problem(given.coverage)
    if problem:
        part.problems.append(problem)
    if part.missing or part.problems:
        return part
    assert given.space is not None and given.coordinator_percent is not None
    assert given.coordinator_cost is not None and given.transport is not None
    assert given.sessions is not None and given.session_rate is not None
    coordinator = _whole(given.coordinator_percent * given.coordinator_cost / 100)
    uninsured = care(students, given.coverage["none"] or Fraction(0), given.sessions,
                     given.session_rate)
    gap = uninsured.cost
    space, transport = _whole(given.space), _whole(given.transport)
    part.lines = [("Space", space), ("Coordinator's time", coordinator),
                  ("Transport", transport), ("Uninsured students' care (a gap to fund)", gap)]
    part.cost = space + coordinator + transport + gap
    part.formula = (f"{dollars(space)} space + {dollars(coordinator)} coordinator "
                    f"({amount(given.coordinator_percent)}% of {rate(given.coordinator_cost)}) "
                    f"+ {dollars(transport)} transport + {dollars(gap)} uninsured care "
                    f"({uninsured.formula}) = {dollars(part.cost)}")
    for key, name in COVERAGE[:2]:
        billed = care(students, given.coverage[key] or Fraction(0), given.sessions,
                      given.session_rate).cost
        part.notes.append(f"The partner bills {name} for about {dollars(billed)} of care a "
                          "year: not a cost to the district, but what keeps the partner whole.")
    return part


# ---- The mix --------------------------------------------------------------------------


def split(students: int, shares: dict[str, Fraction]) -> dict[str, int]:
    """Whole students for each approach in proportion to ``shares`` (percentages adding
    up to 100), largest remainders first, so the parts add up to ``students``."""
    exact = {key: students * share / 100 for key, share in shares.items()}
    result = {key: int(value) for key, value in exact.items()}
    left = students - sum(result.values())
    for key in sorted(exact, key=lambda k: (-(exact[k] - result[k]), ORDER.index(k))):
        if left <= 0:
            break
        result[key] += 1
        left -= 1
    return result


@dataclass
class Blend:
    """The chosen mix: each approach's part, and their total."""

    parts: list[Part]
    students: int

    @property
    def ready(self) -> bool:
        """True when every part has a cost."""
        return bool(self.parts) and all(part.cost is not None for part in self.parts)

    @property
    def total(self) -> int:
        """The blended annual cost: the sum of the parts, each rounded to the dollar."""
        return sum(part.cost or 0 for part in self.parts)

    @property
    def per_student(self) -> Fraction | None:
        """The blended cost per student served (None when no student is served)."""
        return Fraction(self.total, self.students) if self.students else None

    def formula(self) -> str:
        """What the blended cost adds up, in words."""
        pieces = " + ".join(f"{dollars(part.cost or 0)} {part.name.lower()}"
                            for part in self.parts)
        return f"{pieces} = {dollars(self.total)}"
