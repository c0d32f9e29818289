"""Who pays for what under one agreement: the costs and the funding in the agreement's
own terms, for its outline.

Under a contract, the district pays the provider what the contracted part of the mix
costs, priced the way the provider's quote is written, and the funding sources kept
for contracted services (or for any part of the cost) are meant to pay for it. Under a
partnership at no cost, no money goes to the provider: the district pays its own costs
(space, its coordinator's time, transport), the provider bills students' coverage, and
the care of students with no coverage is a gap that someone must fund. A partnership
never mentions a contract's terms, nor the reverse.

Every figure is the one "What the goal costs" and "Who pays, and for how long" show,
rounded to the dollar, and every sum says what it adds up. A line worked out from a
count of students is marked, so that a shareable file can leave those lines out (with
a line saying why) by the rule of :mod:`.cost_sharing`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..core.computations import Context
from ..core.figures import amount, listing, people
from .agreement_pathways import AGREEMENTS
from .approaches import SHEET as APPROACHES_SHEET
from .cost_model import CONTRACT, COVERAGE, PARTNER, PER_SESSION, Part, care
from .cost_model import dollars as money
from .cost_model import rate as price
from .costs import SHEET as COSTS_SHEET
from .costs import Assumptions, blend_of, read
from .funding import ANY, PAYS_FOR, Source, outlasting, plan_span, read_sources, year_label
from .funding import SHEET as FUNDING_SHEET
from .goals import SHEET as GOAL_SHEET

TITLE = "Who pays for what"
#: What each arrangement's money pays for, as the funding worksheet names the kinds.
KINDS = {CONTRACT: ("contract",), PARTNER: ("partner-costs", "uninsured-care")}
#: The approach as "Weigh the three approaches" would need to hold it.
NOT_CHOSEN = {CONTRACT: "contracting among the approaches chosen",
              PARTNER: "partnering at no cost among the approaches chosen"}
BASIS = {PER_SESSION: "per session, as the provider's quote is written",
         "per-clinician": "per full-time clinician, as the provider's quote is written"}
LEFT_OUT = "What this agreement costs is left out of this file: {reason}"
#: Agreements of one arrangement, together.
TOGETHER = {CONTRACT: "contracts", PARTNER: "partnerships at no cost"}


@dataclass
class Said:
    """The part's lines, each marked when it is worked out from a count of students, and
    what is still missing (what, the worksheet that holds it)."""

    lines: list[tuple[str, bool]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)

    def plain(self, text: str) -> None:
        """A line that shows no count of students (typed dollars, names, years)."""
        self.lines.append((text, False))

    def counted(self, text: str) -> None:
        """A line worked out from a count of students."""
        self.lines.append((text, True))

    def need(self, what: str, worksheet: str) -> None:
        """Note something to fill in, and the worksheet that holds it."""
        self.missing.append((what, worksheet))

    def shown(self, left_out: str = "") -> list[str]:
        """The lines as shown; with ``left_out`` (why, in words), the lines worked out
        from counts of students give way to one line saying that they are left out."""
        if not left_out:
            return [text for text, _counted in self.lines]
        shown, said = [], False
        for text, counted in self.lines:
            if not counted:
                shown.append(text)
            elif not said:
                shown.append(LEFT_OUT.format(reason=left_out))
                said = True
        return shown


def who_pays(provider: str, arrangement: str, others: list[str], context: Context,
             left_out: str = "") -> tuple[list[str], list[tuple[str, str]]]:
    """The lines of the part "Who pays for what" of an agreement with ``provider`` under
    ``arrangement`` ("contract" or "partner"), and what is missing. ``others`` names the
    other agreements of the same arrangement (the mix prices them together);
    ``left_out`` says why the lines worked out from counts of students stay out of a
    shareable file ("" on the page, or when they may be shared)."""
    said = Said()
    if arrangement not in KINDS:
        said.need("whether this agreement is a partnership at no cost or a contract",
                  AGREEMENTS)
        return said.shown(left_out), said.missing
    name = provider or "the provider"
    if arrangement == PARTNER:
        said.plain(f"No money goes from the district to {name}: the provider bills "
                   "students' health coverage or uses its own grants.")
    given = read(context.values(COSTS_SHEET), context)
    part = priced_part(arrangement, given, said)
    costs: dict[str, int] | None = None
    if part is not None and part.cost is not None:
        if arrangement == CONTRACT:
            costs = {"contract": part.cost}
            said.counted(f"What the district pays {name} each year, "
                         f"{BASIS.get(given.basis, '')}: {part.formula}.")
        else:
            costs = partner_lines(name, part, given, said)
        if others:
            said.plain(f"These figures are for all the district's {TOGETHER[arrangement]} "
                       f"together: {listing(['this one', *others])}.")
    fund(arrangement, costs, context, said, shared=len(given.chosen) > 1 or bool(others))
    return said.shown(left_out), said.missing


def priced_part(arrangement: str, given: Assumptions, said: Said) -> Part | None:
    """This arrangement's part of the chosen mix (its students and cost), noting what
    is missing to price it; None when it cannot be priced at all."""
    if given.problems:
        said.need("figures that can be read (fix those marked)", COSTS_SHEET)
        return None
    if given.added is None:
        said.need("the goal's added capacity (the students the costs are for)", GOAL_SHEET)
        return None
    if arrangement not in given.chosen:
        said.need(NOT_CHOSEN[arrangement], APPROACHES_SHEET)
        return None
    mix, _messages = blend_of(given)
    if mix is None:
        said.need("each chosen approach's share of the added students, adding up to 100%",
                  COSTS_SHEET)
        return None
    part = next(item for item in mix.parts if item.approach == arrangement)
    if part.missing:
        said.need(listing(part.missing), COSTS_SHEET)
    if part.problems:
        said.need("coverage shares that add up to 100%", COSTS_SHEET)
    return part


def partner_lines(name: str, part: Part, given: Assumptions, said: Said) -> dict[str, int]:
    """A priced partnership: the district's own costs, how the provider is kept whole,
    the uninsured gap and the sum; the costs by what pays for them."""
    space, coordinator, transport, gap = (value for _label, value in part.lines)
    own = space + coordinator + transport
    share = given.value("coordinator_percent") or Fraction(0)
    salary = given.value("coordinator_cost") or Fraction(0)
    said.plain(f"The district's own costs each year: {money(space)} space + "
               f"{money(coordinator)} coordinator's time ({amount(share)}% of "
               f"{price(salary)}) + {money(transport)} transport = {money(own)}.")
    shares = {key: given.coverage.get(key) or Fraction(0) for key, _name in COVERAGE}
    said.counted(f"How {name} is kept whole: of the {people(part.students, 'student')} "
                 f"the partnership is to serve, " + listing([
                     f"{amount(shares[key])}% have {label}" if n == 0 else
                     f"{amount(shares[key])}% {label}"
                     for n, (key, label) in enumerate(COVERAGE)]) + ".")
    sessions = given.value("sessions_per_student") or Fraction(0)
    session_rate = given.value("session_rate") or Fraction(0)
    billed = [f"{label} for {found.formula} = {money(found.cost)} a year"
              for key, label in COVERAGE[:2]
              for found in [care(part.students, shares[key], sessions, session_rate)]]
    said.counted(f"{name[:1].upper()}{name[1:]} bills {listing(billed)}: not a cost to the "
                 "district.")
    uninsured = care(part.students, shares["none"], sessions, session_rate)
    if uninsured.cost:
        said.counted(f"The uninsured gap: care for students with no coverage, "
                     f"{uninsured.formula} = {money(gap)} a year, which someone must fund.")
    else:
        said.counted("No student served is expected to be without coverage, so there is "
                     "no uninsured gap to fund.")
    said.counted(f"The district's costs and the gap together: {money(own)} + {money(gap)} "
                 f"= {money(own + gap)} a year.")
    return {"partner-costs": own, "uninsured-care": gap}


def source_text(source: Source) -> str:
    """A source as the outline names it: amount, school years, and what it pays for."""
    first = year_label(source.first) if source.first is not None else "this school year"
    years = (f"{first} to {year_label(source.last)}" if source.last is not None
             else f"from {first}, with no last year entered")
    return f"{source.name}, {money(source.amount)} a year, {years} ({PAYS_FOR[source.pays_for]})"


def fund(arrangement: str, costs: dict[str, int] | None, context: Context, said: Said,
         shared: bool = False) -> None:
    """The funding sources meant to pay for this agreement's costs, their sum against
    the costs, and each source that ends while what it pays for goes on. ``shared``:
    the plan has other costs (other approaches or agreements) that a source for any
    part of the cost pays for too."""
    sources, problems = read_sources(context.values(FUNDING_SHEET))
    if problems:
        said.need("funding entries that can be read (fix those marked)", FUNDING_SHEET)
    kinds = [kind for kind in KINDS[arrangement] if costs is None or costs.get(kind)]
    if not kinds:
        said.plain("Nothing under this agreement needs funding.")
        return
    first, last, _goal_date = plan_span(context)
    meant = [s for s in sources if s.pays_for in (*kinds, ANY)
             and (s.last is None or s.last >= first)]
    if not meant:
        said.need("a funding source for " + listing(
            [PAYS_FOR[kind] for kind in kinds] + [PAYS_FOR[ANY]], "or"), FUNDING_SHEET)
        return
    said.plain("Meant to pay for it: " + "; ".join(source_text(s) for s in meant) + ".")
    total = sum((s.amount for s in meant), Fraction(0))
    if len(meant) > 1:
        said.plain("Together, in a year when all of them pay: "
                   + " + ".join(money(s.amount) for s in meant) + f" = {money(total)}.")
    if costs is not None:
        cost = sum(costs.values())
        short = cost - int(total)
        said.counted(f"Against the {money(cost)} a year above: " + (
            f"{money(short)} short ({money(cost)} - {money(total)})." if short > 0
            else "enough, in a year when all of them pay."))
    if shared and any(s.pays_for == ANY for s in meant):
        said.plain("A source for any part of the cost also pays for the plan's other "
                   "costs: “Who pays, and for how long” sets every source against the "
                   "whole plan, year by year.")
    if costs is not None and last is not None:
        for warning in outlasting(meant, costs, last):
            said.plain(warning)
