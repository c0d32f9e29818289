"""Which referral pathway each agreement follows: the district's, or its provider's own.

The district's pathway and crisis plan (``referral-pathway``) serve every agreement by
default. An agreement whose provider works differently ticks ``own_pathway`` and sets
out its own steps (``pathway_steps``, with the columns of the district's steps) and,
where they differ, the parts of the crisis plan its staff follow (:data:`CRISIS_OWN`;
the district's crisis protocol and 988 stay the district's). That agreement's outline,
its target and its diagram are then built from its own pathway (:func:`chosen`), and
the outline says which pathway it uses. Entries made while the box is not ticked are
kept but not used, and the agreement's note says so.

The check-ins compare each recorded wait with the target of the pathway its partner
follows (:func:`checkin_wait`): an agreement's own, matched by the provider's name, or
the district's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from ..core.completion import has_entry
from ..core.computations import Context, Output, Values, register
from ..core.figures import amount, listing, long_date
from .checkins import read as read_checkins
from .checklist import NotedOutput
from .pathway import SHEET, read_steps, step_gaps, target_of

AGREEMENTS = "agreements"
OWN = "own_pathway"
STEPS = "pathway_steps"
#: The crisis plan's parts an agreement may set where its provider differs, as said.
CRISIS_OWN = {"crisis_steps": "what its staff on site do",
              "crisis_school": "whom its staff call at the school",
              "crisis_mobile": "the mobile crisis team",
              "crisis_family": "who informs the family",
              "crisis_after": "how the school is told afterwards"}
DISTRICT = "the district's referral pathway"
OWN_NAME = "its own referral pathway"


def _text(values: Values, key: str) -> str:
    raw = values.get(key)
    return " ".join(raw.split()) if isinstance(raw, str) else ""


def name_key(name: str) -> str:
    """A provider's name as names are matched: spaces tidied, case ignored."""
    return " ".join(name.split()).casefold()


def entries(values: Values) -> list[Values]:
    """The agreements entered, skipping any that hold nothing yet."""
    raw = values.get(AGREEMENTS)
    return [item for item in raw if isinstance(item, dict) and any(
        has_entry(item[key]) for key in item if key != "row_id")] if isinstance(raw, list) else []


def _has_steps(item: Values) -> bool:
    return bool(read_steps({"steps": item.get(STEPS)})[0])


@dataclass
class Chosen:
    """The pathway one agreement follows, with the entries it is read from."""

    provider: str  # the agreement's provider ("" until named)
    own: bool  # its own pathway (the box is ticked)
    values: Values  # the pathway's entries: the district's, the agreement's own in place
    crisis_own: list[str] = field(default_factory=list)  # crisis parts set by the agreement
    unused: bool = False  # own entries made while the box is not ticked

    @property
    def name(self) -> str:
        """``the district's referral pathway`` or ``its own referral pathway``."""
        return OWN_NAME if self.own else DISTRICT

    @property
    def label(self) -> str:
        """The pathway as a table beside the agreement's name says it."""
        return "Its own" if self.own else "The district's"

    @property
    def crisis_plan(self) -> str:
        """Whose crisis plan it follows, in a few words."""
        return ("The district's" if not self.crisis_own else
                f"The district's, except {listing(self.crisis_own)}")

    def crisis_words(self) -> str:
        """Whose crisis plan it follows, in a sentence."""
        if not self.crisis_own:
            return "Its crisis plan is the district's."
        return ("Its crisis plan is the district's, except where this agreement sets its "
                f"own: {listing(self.crisis_own)}.")

    def sentence(self, titles: dict[str, str]) -> str:
        """What the outline says first: which pathway it uses, and where it is set out."""
        if self.own:
            return ("This outline uses this provider's own referral pathway, set out in "
                    f"this agreement's entries, not the district's. {self.crisis_words()}")
        said = (f"This outline uses the district's referral pathway and crisis plan, from "
                f"“{titles.get(SHEET, SHEET)}”.")
        if self.unused:
            said += (" Steps or crisis entries of this agreement's own are not used: tick "
                     "“This provider follows a referral pathway of its own” to use them.")
        return said


def chosen(item: Values, context: Context) -> Chosen:
    """The pathway ``item`` (one agreement) follows."""
    district = context.values(SHEET)
    provider = _text(item, "provider")
    crisis = [key for key in CRISIS_OWN if _text(item, key)]
    if item.get(OWN) is not True:
        return Chosen(provider, False, district, unused=bool(crisis) or _has_steps(item))
    values = {**district, "steps": item.get(STEPS) or [],
              **{key: item[key] for key in crisis}}
    return Chosen(provider, True, values, [CRISIS_OWN[key] for key in crisis])


def pathways_of(context: Context) -> list[tuple[str, Chosen]]:
    """Every agreement's pathway with the agreement's name (its provider, or number)."""
    found = []
    for number, item in enumerate(entries(context.values(AGREEMENTS)), start=1):
        path = chosen(item, context)
        found.append((path.provider or f"Agreement {number}", path))
    return found


def _days(number: Fraction) -> str:
    return f"{amount(number)} school day{'' if number == 1 else 's'}"


def target_text(path: Chosen) -> str:
    """The pathway's target from referral to a first appointment, in words."""
    steps, problems = read_steps(path.values)
    target = target_of(steps)
    if problems or target.days is None:
        return "No target yet"
    return _days(target.days)


def note(path: Chosen) -> str:
    """What an agreement's note says about its pathway."""
    if not path.own:
        if path.unused:
            return ("Follows the district's referral pathway: the steps and crisis entries "
                    "below are not used until “This provider follows a referral pathway of "
                    "its own” is ticked.")
        return "Follows the district's referral pathway and crisis plan."
    steps, _problems = read_steps(path.values)
    if not steps:
        return ("Follows a pathway of its own, but no steps are entered yet: add its steps "
                "below, or untick the box to use the district's pathway.")
    said = (f"Follows a pathway of its own: {len(steps)} step{'s' if len(steps) != 1 else ''}"
            f", target {target_text(path).lower()}. {path.crisis_words()}")
    missing = step_gaps(path.values)
    return said + (f" Still missing: {'; '.join(missing)}." if missing else "")


@register
def agreement_pathways(values: Values, context: Context) -> Output:
    """Which pathway each agreement follows, its target and its crisis plan; each
    agreement's note says the same, with what its own pathway still misses."""
    notes: dict[str, str] = {}
    rows: list[list[str]] = []
    own, gaps = [], []
    for number, item in enumerate(entries(values), start=1):
        path = chosen(item, context)
        title = path.provider or f"Agreement {number}"
        notes[str(item.get("row_id"))] = note(path)
        rows.append([title, path.label, target_text(path), path.crisis_plan])
        if path.own:
            own.append(title)
            if step_gaps(path.values):
                gaps.append(title)
    if not rows:
        return NotedOutput("No agreements yet.", "incomplete")
    return NotedOutput(summary(len(rows), own), "incomplete" if gaps else "ok",
                       [f"Still to complete in its own pathway: {title}." for title in gaps],
                       ["Agreement", "Referral pathway", "Target from referral to a first "
                        "appointment", "Crisis plan"], rows, notes=notes)


def summary(count: int, own: list[str]) -> str:
    """How many of ``count`` agreements follow the district's pathway, naming the
    agreements (``own``) that follow a pathway of their own."""
    if not own:
        return ("The agreement follows the district's referral pathway." if count == 1 else
                f"All {count} agreements follow the district's referral pathway.")
    theirs = (f"{listing(own)} follows a pathway of its own" if len(own) == 1 else
              f"{listing(own)} follow pathways of their own")
    district = count - len(own)
    if not district:
        return f"{theirs}."
    others = "the other agreement follows" if district == 1 else f"the other {district} follow"
    return f"{theirs}; {others} the district's referral pathway."


# ---- Check-ins: the wait against the target of the partner's pathway --------------------


def _target(path: Values) -> Fraction | None:
    steps, problems = read_steps(path)
    return None if problems else target_of(steps).days


@register
def checkin_wait(values: Values, context: Context) -> Output:
    """The check-ins' recorded wait to a first appointment against the target of the
    pathway each partner follows (its agreement's own, or the district's): met, missed,
    or no check-ins yet."""
    found, problems = read_checkins(values)
    if problems:
        return Output("Fix the check-ins' entries to compare the wait with the target.",
                      "error", problems)
    district = _target(context.values(SHEET))
    own = {name_key(path.provider): (path.provider, _target(path.values))
           for _title, path in pathways_of(context) if path.own and path.provider}

    def target_for(partner: str) -> tuple[Fraction | None, str]:
        """The target of the pathway ``partner`` follows, and whose pathway it is."""
        named = own.get(name_key(partner))
        return (named[1], named[0]) if named is not None else (district, "")

    if district is None and not any(days is not None for _name, days in own.values()):
        return Output("No target yet: set the school days of each step of the wait in "
                      "the referral pathway.", "incomplete", links=[context.link(SHEET)])
    waited = [c for c in found if c.wait is not None]
    if not waited:
        said = (f"The target is {_days(district)} from referral to a first appointment."
                if district is not None else "")
        return Output(f"No check-ins with a wait yet. {said}".strip(), "incomplete")
    rows = []
    for c in waited:
        days, _provider = target_for(c.partner)
        assert c.wait is not None
        verdict = "No target yet" if days is None else "Met" if c.wait <= days else "Missed"
        rows.append([long_date(c.day) if c.day else f"Check-in {c.number} (no date)",
                     c.partner or "Partner not named", amount(c.wait), verdict,
                     _days(days) if days is not None else "Not set yet"])
    latest = max(waited, key=lambda c: (c.day is not None, c.day or 0, c.number))
    assert latest.wait is not None
    target, provider = target_for(latest.partner)
    when = f"at the check-in of {long_date(latest.day)}" if latest.day else \
        f"at check-in {latest.number}"
    head = f"{amount(latest.wait)} days on average {when}"
    columns = ["Check-in", "Partner", "Average days to a first appointment", "Target",
               "The pathway's target"]
    if target is None:
        return Output(f"{head}: no target yet for this partner's pathway.", "incomplete",
                      [], columns, rows, links=[context.link(SHEET)])
    whose = (f"the target of {_days(target)} in the pathway {provider} follows" if provider
             else f"the pathway's target of {_days(target)}")
    if latest.wait <= target:
        return Output(f"Target met: {head}, within {whose}.", "ok", [], columns, rows)
    return Output(f"Target missed: {head}, {amount(latest.wait - target)} more than "
                  f"{whose}.", "ok",
                  ["If the check-ins count calendar days, weekends and holidays make up "
                   "part of the difference."], columns, rows)
