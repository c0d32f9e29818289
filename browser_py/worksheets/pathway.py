"""The referral pathway: from a concern to care and back, and the crisis plan.

Each step of the ``referral-pathway`` worksheet names who does it at the school and at
the provider, its target in school days, and the information that crosses between
them, in which direction and under which consent. From them:

- **The target** from referral to a first appointment: the sum of the school days of
  the steps ticked as part of that wait.
- **Owners**: a step with no owner on either side is missing; a step where information
  crosses with an owner on one side only is pointed out (someone sends, someone receives).
- **Flows**: every step where information crosses, with its direction and consent; a
  flow with no consent named is missing, and a flow that carries clinical details to the
  school is flagged with the rule: only what the family agreed to, for supporting the
  student at school.
- **The crisis plan** is complete when every one of its parts is filled.

The agreement outline reads :func:`outline_of` (of the district's pathway, or of an
agreement's own: :mod:`browser_py.worksheets.agreement_pathways`, which also compares the
check-ins' recorded wait with the target). Nothing here is legal advice: what
may be shared, and under which consent, is for the district's counsel to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

from ..core.completion import Check, register_check
from ..core.computations import REGISTRY, Context, Output, Values, register
from ..core.figures import amount, listing, parse_amount
from ..core.flow import FlowStep, flow
from ..documents.shareable import Ledger, Published, Render, Shared, register_shareable
from .planning import PLAN_SHEET as PLAN
from .planning import checkin_series, describe_series, shorten

SHEET = "referral-pathway"

#: How each direction of the ``direction`` column is said.
DIRECTIONS = {"to-provider": "school to provider", "to-school": "provider to school",
              "both": "both ways"}
NOTHING = "none"

SHARING_RULE = ("Only what the family agreed to share goes to the school, and only for "
                "supporting the student at school.")
COUNSEL = ("What may be shared, and under which consent, is for the district's counsel "
           "to confirm: education records fall under FERPA, a provider's treatment records "
           "under HIPAA and, for substance use treatment, 42 CFR Part 2.")

#: The answers to ``minor_consent``, as the outline says them.
MINOR_CONSENT = {
    "confirmed-yes": "students may consent on their own from an age the district's counsel "
                     "has confirmed",
    "confirmed-no": "a parent or guardian consents (confirmed with the district's counsel)",
    "ask-counsel": "not yet confirmed with the district's counsel",
}

#: The channels of ``channel``, as said; only the first two are secure for student details.
CHANNELS = {
    "secure-system": "a secure portal or shared record system",
    "encrypted-email": "encrypted email with nothing in the subject line",
    "phone": "by phone or in person only",
    "email-attachments": "ordinary email with attachments",
}
UNSAFE_CHANNEL = "email-attachments"
UNSAFE_WARNING = ("Ordinary email attachments are not a secure channel for anything about a "
                  "student: choose a secure portal or encrypted email, and agree it with "
                  "counsel.")

#: The crisis plan's parts: field id, and what is missing while it is empty.
CRISIS = (
    ("crisis_steps", "what the provider on site does"),
    ("crisis_school", "whom the provider calls at the school"),
    ("crisis_protocol", "the district's crisis protocol"),
    ("crisis_mobile", "the local mobile crisis team"),
    ("crisis_988", "naming 988 (the Suicide & Crisis Lifeline)"),
    ("crisis_family", "who informs the family"),
    ("crisis_after", "how the school is told afterwards"),
)


def _text(values: Values, key: str) -> str:
    raw = values.get(key)
    return " ".join(raw.split()) if isinstance(raw, str) else ""


@dataclass
class Step:
    """One step of the pathway, read."""

    number: int
    name: str
    school: str
    provider: str
    days: Fraction | None
    wait: bool
    information: str
    direction: str
    consent: str
    clinical: bool

    @property
    def title(self) -> str:
        """The step as lists name it: its number and its words."""
        return f"Step {self.number}" + (f": {shorten(self.name, 60)}" if self.name else "")

    @property
    def crosses(self) -> bool:
        """Whether information crosses at this step (or is named without a direction)."""
        return self.direction in DIRECTIONS or (
            bool(self.information) and self.direction != NOTHING)


def read_steps(values: Values) -> tuple[list[Step], list[str]]:
    """The steps entered (empty rows skipped), and problems with what was typed."""
    rows = values.get("steps")
    found: list[Step] = []
    problems: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not any(
                row.get(key) for key in row if key not in ("row_id", "direction")):
            continue
        number = len(found) + 1
        try:
            days = parse_amount(row.get("days"), "3")
        except ValueError as error:
            problems.append(f"Step {number}, target in school days: {error}")
            days = None
        found.append(Step(number, _text(row, "step"), _text(row, "school_owner"),
                          _text(row, "provider_owner"), days, row.get("wait") is True,
                          _text(row, "information"), _text(row, "direction"),
                          _text(row, "consent"), row.get("clinical") is True))
    return found, problems


def _days(number: Fraction) -> str:
    return f"{amount(number)} school day{'' if number == 1 else 's'}"


@dataclass
class Target:
    """The target from referral to a first appointment."""

    days: Fraction | None  # None until every step of the wait has its days
    counted: list[Step] = field(default_factory=list)  # the steps of the wait
    without_days: list[Step] = field(default_factory=list)


def target_of(steps: list[Step]) -> Target:
    """Add up the school days of the steps ticked as part of the wait."""
    counted = [step for step in steps if step.wait]
    without = [step for step in counted if step.days is None]
    total = (sum((step.days or Fraction(0) for step in counted), Fraction(0))
             if counted and not without else None)
    return Target(total, counted, without)


def unowned(steps: list[Step]) -> list[Step]:
    """Steps with no owner named on either side."""
    return [step for step in steps if not step.school and not step.provider]


def one_sided(steps: list[Step]) -> list[Step]:
    """Steps where information crosses but only one side has an owner."""
    return [step for step in steps
            if step.crosses and bool(step.school) != bool(step.provider)]


def flows_of(steps: list[Step]) -> list[Step]:
    """The steps where information crosses between school and provider."""
    return [step for step in steps if step.crosses]


def without_consent(steps: list[Step]) -> list[Step]:
    """Flows with no consent named."""
    return [step for step in flows_of(steps) if not step.consent]


def without_direction(steps: list[Step]) -> list[Step]:
    """Flows whose information is named but whose direction is not chosen."""
    return [step for step in flows_of(steps) if step.direction not in DIRECTIONS]


def clinical_to_school(steps: list[Step]) -> list[Step]:
    """Steps marked as carrying clinical details to the school."""
    return [step for step in steps if step.clinical]


def _numbers(steps: list[Step], ranges: bool = False) -> str:
    """``step 4`` or ``steps 4 and 5`` (with ``ranges``, three or more in a row as
    ``steps 4 to 6``)."""
    numbers = [step.number for step in steps]
    if ranges and len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"steps {numbers[0]} to {numbers[-1]}"
    return (f"step{'s' if len(steps) != 1 else ''} "
            + listing([str(step.number) for step in steps]))


def crisis_missing(values: Values) -> list[str]:
    """The parts of the crisis plan still empty, in the plan's order."""
    return [what for key, what in CRISIS
            if not (values.get(key) is True if key == "crisis_988" else _text(values, key))]


def _link(context: Context, worksheet: str = SHEET) -> list[dict[str, str]]:
    return [context.link(worksheet)]


# ---- Computed outputs -----------------------------------------------------------------


@register
def pathway_target(values: Values, context: Context) -> Output:
    """The target days from referral to a first appointment, step by step."""
    steps, problems = read_steps(values)
    if problems:
        return Output("Fix the entries below to see the target.", "error", problems)
    target = target_of(steps)
    rows = [[step.title, _days(step.days) if step.days is not None else "no target yet"]
            for step in target.counted]
    columns = ["Step of the wait", "Target"] if rows else []
    if not target.counted:
        return Output("No step is ticked as part of the wait from referral to a first "
                      "appointment yet.", "incomplete",
                      ["Tick the steps from the referral to the first appointment."])
    if target.days is None:
        return Output(f"No target yet: {_numbers(target.without_days)} of the wait "
                      f"{'has' if len(target.without_days) == 1 else 'have'} no target in "
                      "school days.", "incomplete", [], columns, rows)
    return Output(f"{_days(target.days)} from referral to a first appointment, over "
                  f"{len(target.counted)} step{'s' if len(target.counted) != 1 else ''}.",
                  "ok", [], columns, rows)


@register
def pathway_owners(values: Values, context: Context) -> Output:
    """Steps with no owner on either side, and flows with an owner on one side only."""
    steps, _problems = read_steps(values)
    if not steps:
        return Output("No steps yet.", "incomplete", ["Add the steps of your pathway."])
    missing, half = unowned(steps), one_sided(steps)
    messages = ([f"Information crosses at {_numbers(half)} but only one side has an owner: "
                 "name who sends it and who receives it."] if half else [])
    rows = [[step.title, step.school or "no one named", step.provider or "no one named"]
            for step in steps]
    columns = ["Step", "Who at the school", "Who at the provider"]
    if missing:
        return Output(f"{len(missing)} of {len(steps)} steps have no owner yet.", "incomplete",
                      messages, columns, rows,
                      names=[step.title for step in missing])
    return Output(f"Every step has an owner ({len(steps)} steps).", "ok", messages,
                  columns, rows)


@register
def pathway_flows(values: Values, context: Context) -> Output:
    """Every information flow with its direction and consent, flagging a flow with no
    consent named, one without a direction, and any that carries clinical details to
    the school."""
    steps, _problems = read_steps(values)
    flows = flows_of(steps)
    if not flows:
        return Output("No information crosses at any step yet.", "incomplete",
                      ["Name what crosses between school and provider at each step."])
    messages = []
    bare, lost, clinical = without_consent(steps), without_direction(steps), \
        clinical_to_school(steps)
    if bare:
        messages.append(f"Name the consent that covers {_numbers(bare)}.")
    if lost:
        messages.append(f"Choose the direction of the information at {_numbers(lost)}.")
    if clinical:
        messages.append(f"Clinical details go to the school at {_numbers(clinical)}. "
                        f"{SHARING_RULE}")
    messages.append(COUNSEL)
    rows = [[step.title, step.information or "not named yet",
             DIRECTIONS.get(step.direction, "not chosen yet"),
             step.consent or "none named yet",
             "Clinical details to the school" if step.clinical else ""] for step in flows]
    status = "incomplete" if bare or lost else "ok"
    text = (f"{len(flows)} information flow{'s' if len(flows) != 1 else ''}"
            + (f", {len(bare)} with no consent named." if bare
               else ", each with its consent named."))
    return Output(text, status, messages,
                  ["Step", "Information", "Direction", "Consent", "Check"], rows)


def channel_text(values: Values) -> str:
    """The channel chosen, with its name when one is typed ("" until chosen)."""
    channel, name = CHANNELS.get(_text(values, "channel"), ""), _text(values, "channel_name")
    return f"{channel} ({name})" if channel and name else channel


def meetings(context: Context) -> str:
    """How often the partners meet, from the project plan's check-ins ("" until set)."""
    series, _missing, _problems = checkin_series(context.values(PLAN))
    return describe_series(series) if series else ""


@register
def pathway_communication(values: Values, context: Context) -> Output:
    """Contacts on both sides, the meetings, who tells whom what, and the channel."""
    channel = _text(values, "channel")
    parts = [
        ("The district's contact", _text(values, "school_contact")),
        ("The provider's contact", _text(values, "provider_contact")),
        ("The partners meet", meetings(context)),
        ("The provider tells the school", _text(values, "provider_tells")),
        ("The school tells the provider", _text(values, "school_tells")),
        ("Channel", channel_text(values)),
    ]
    messages, links = [], []
    if channel == UNSAFE_CHANNEL:
        messages.append(UNSAFE_WARNING)
    if not parts[2][1]:
        messages.append("Set the check-in schedule in the project plan: it is how often "
                        "the partners meet.")
        links = _link(context, PLAN)
    missing = [label for label, text in parts if not text]
    rows = [[label, text or "not entered yet"] for label, text in parts]
    if channel == UNSAFE_CHANNEL:
        return Output("Choose a secure channel for information about students.", "incomplete",
                      messages, ["Part", "Plan"], rows, links=links)
    if missing:
        return Output(f"{len(parts) - len(missing)} of {len(parts)} parts entered.",
                      "incomplete", messages, ["Part", "Plan"], rows, links=links)
    return Output("Both sides know whom to tell, what, how often and how.", "ok", messages,
                  ["Part", "Plan"], rows, links=links)


def crisis_lines(values: Values) -> list[str]:
    """The crisis plan's parts that are filled, as sentences."""
    lines = []
    said = {key: _text(values, key) for key, _what in CRISIS}
    if said["crisis_steps"]:
        lines.append(f"On site: {said['crisis_steps']}")
    if said["crisis_school"]:
        lines.append(f"Call at the school: {said['crisis_school']}")
    if said["crisis_protocol"]:
        lines.append(f"The district's protocol: {said['crisis_protocol']}")
    if said["crisis_mobile"]:
        lines.append(f"Local mobile crisis team: {said['crisis_mobile']}")
    if values.get("crisis_988") is True:
        lines.append("988, the Suicide & Crisis Lifeline: call or text 988")
    if said["crisis_family"]:
        lines.append(f"Informs the family: {said['crisis_family']}")
    if said["crisis_after"]:
        lines.append(f"Afterwards: {said['crisis_after']}")
    return lines


@register
def pathway_crisis(values: Values, context: Context) -> Output:
    """The crisis plan's contacts, and whether every part is filled."""
    missing = crisis_missing(values)
    rows = [[line.split(": ", 1)[0], line.split(": ", 1)[1]] for line in crisis_lines(values)]
    done = len(CRISIS) - len(missing)
    if missing:
        return Output(f"The crisis plan is not complete: {done} of {len(CRISIS)} parts "
                      "filled.", "incomplete", [f"Still to fill in: {listing(missing)}."],
                      ["Part", "Plan"] if rows else [], rows)
    return Output("The crisis plan is complete: every part is filled. In an emergency, "
                  "call 911.", "ok", [], ["Part", "Plan"], rows)


# ---- The pathway at a glance: a diagram ------------------------------------------------

#: The longest name a box of the diagram gives a step; the text alternative says it whole.
SHORT_NAME = 56
#: What a box says for a side with no one named (its text alternative: "no one named").
NOBODY = "—"
LEGEND = ("Each step in order, with who does it at the school and at the provider and its "
          "target in school days; the steps marked “in the wait” add up to the target from "
          "referral to a first appointment.")


def short_name(text: str, limit: int = SHORT_NAME) -> str:
    """A step's words as a box of the diagram names it: while too long, cut before a
    colon, bracket or semicolon, then before a comma, then before an "and" or "or" after
    three words or more; at a word at last ("Closing the loop: care ends…" → "Closing the
    loop")."""
    text = " ".join(text.split())
    for pattern in (r"\s*[:(;–—]", r"\s*,", r"\s+(?:and|or)\s"):
        if len(text) <= limit:
            break
        for found in re.finditer(pattern, text):
            head = text[:found.start()].strip()
            if head and (not pattern.endswith(r"\s") or len(head.split()) >= 3):
                text = head
                break
    return shorten(text, limit)


def _step_words(step: Step) -> str:
    """One step in full, as the diagram's text alternative says it."""
    said = [f"{step.name or 'Step not described'}.",
            f"At the school: {step.school or 'no one named'}.",
            f"At the provider: {step.provider or 'no one named'}."]
    if step.days is not None:
        said.append(f"Target: {_days(step.days)}"
                    + (", part of the wait from referral to a first appointment." if step.wait
                       else "."))
    elif step.wait:
        said.append("Part of the wait from referral to a first appointment.")
    return " ".join(said)


def _boxes(steps: list[Step], marked: bool = True) -> list[FlowStep]:
    """A box per step; ``marked``: the steps of the wait say so (not where every box
    shown is one)."""
    return [FlowStep(step.number, short_name(step.name) or "Step not described", step.school,
                     step.provider, _days(step.days) if step.days is not None else "",
                     step.wait and marked, _step_words(step)) for step in steps]


def diagram(values: Values, title: str, flow_id: str = "pathway") -> dict | None:
    """The pathway's steps as a diagram (None until a step is entered): each box with
    who does it on each side and its target, the steps of the wait marked."""
    steps, _problems = read_steps(values)
    if not steps:
        return None
    return flow(flow_id, title, LEGEND, _boxes(steps), nobody=NOBODY)


def wait_diagram(values: Values, flow_id: str = "wait") -> dict | None:
    """The short diagram: only the steps from referral to a first appointment, whose days
    make the target (None until a step is ticked as part of the wait)."""
    steps, _problems = read_steps(values)
    target = target_of(steps)
    if not target.counted:
        return None
    said = _days(target.days) if target.days is not None else "no target yet"
    shown = (f"{_numbers(target.counted, ranges=True).capitalize()} of the {len(steps)}; the "
             "full report shows them all.")
    return flow(flow_id, f"From referral to a first appointment: {said}", shown,
                _boxes(target.counted, marked=False), nobody=NOBODY)


def glance(steps: list[Step]) -> str:
    """The pathway in one sentence: its steps and its target."""
    target = target_of(steps)
    said = f"{len(steps)} step{'s' if len(steps) != 1 else ''} from a concern to care and back"
    if target.days is not None:
        marked = _numbers(target.counted, ranges=True)
        return (f"{said}. Target from referral to a first appointment: {_days(target.days)} "
                f"({marked}, marked “in the wait”).")
    return f"{said}. No target from referral to a first appointment yet."


@register
def pathway_diagram(values: Values, context: Context) -> Output:
    """The pathway at a glance: a diagram of its steps, owners and targets."""
    drawn = diagram(values, "The referral pathway, step by step")
    if drawn is None:
        return Output("No steps yet.", "incomplete", ["Add the steps of your pathway."])
    return Output(glance(read_steps(values)[0]), "ok", chart=drawn)


# ---- Completion -----------------------------------------------------------------------


def gaps(values: Values) -> list[str]:
    """What the pathway still misses beyond its empty fields, in words."""
    missing = step_gaps(values)
    if _text(values, "channel") == UNSAFE_CHANNEL:
        missing.append("a secure channel instead of email attachments")
    return missing


def step_gaps(values: Values) -> list[str]:
    """What the pathway's steps still miss: owners, the wait and its days, consents and
    directions (and problems with what was typed)."""
    steps, problems = read_steps(values)
    missing = list(problems)
    if not steps:
        return [*missing, "the steps of the pathway"]
    if unowned(steps):
        missing.append(f"an owner for {_numbers(unowned(steps))}")
    target = target_of(steps)
    if not target.counted:
        missing.append("the steps of the wait from referral to a first appointment")
    elif target.without_days:
        missing.append(f"a target in school days for {_numbers(target.without_days)}")
    if without_consent(steps):
        missing.append(f"the consent that covers {_numbers(without_consent(steps))}")
    if without_direction(steps):
        missing.append(f"the direction of the information at "
                       f"{_numbers(without_direction(steps))}")
    return missing


@register_check(SHEET)
def pathway_check(values: Values, context: Context) -> Check:
    """The steps' owners, the wait's targets and the flows' consents; the fields tell
    the rest (the crisis plan's parts are fields)."""
    return Check(gaps(values), covers=("steps",))


@register_shareable(SHEET)
def share_pathway(values: Values, context: Context, ledger: Ledger) -> Render:
    """The pathway holds school days and planning notes, no counts of students: its
    days and its results are shared as they are."""
    steps = values.get("steps")
    cells = {("steps", str(row.get("row_id")), "days"): _text(row, "days")
             for row in (steps if isinstance(steps, list) else []) if isinstance(row, dict)}
    outputs = {name: func(values, context) for name, func in (
        ("diagram", pathway_diagram), ("target", pathway_target),
        ("owners", pathway_owners), ("flows", pathway_flows),
        ("communication", pathway_communication), ("crisis", pathway_crisis))}
    # The roles are worked out by a module that reads this one: found by their name.
    outputs["roles"] = REGISTRY["pathway_roles"](values, context)

    def render(published: Published) -> Shared:
        return Shared(cells, outputs)
    return render


# ---- For the agreement outline and the check-ins ---------------------------------------


@dataclass
class Outline:
    """The pathway as an agreement outline says it: its lines, what its steps still miss,
    and what the rest of the plan (channel, crisis plan) still misses."""

    lines: list[str]
    steps_missing: list[str]
    plan_missing: list[str]


def outline_of(values: Values, context: Context) -> Outline:
    """The pathway as an agreement outline says it, and what is still missing there."""
    steps, _problems = read_steps(values)
    lines: list[str] = []
    for step in steps:
        owners = (f"school: {step.school or 'no one named'}; "
                  f"provider: {step.provider or 'no one named'}")
        days = f"; {_days(step.days)}" if step.days is not None else ""
        lines.append(f"{step.number}. {step.name or 'Step not described'} ({owners}{days})")
    target = target_of(steps)
    if target.days is not None:
        lines.append(f"Target from referral to a first appointment: {_days(target.days)}.")
    for step in flows_of(steps):
        direction = DIRECTIONS.get(step.direction, "direction not chosen")
        lines.append(f"Information at step {step.number}: {step.information or 'not named'} "
                     f"({direction}; consent: {step.consent or 'none named'})"
                     + (f". Carries clinical details to the school: {SHARING_RULE}"
                        if step.clinical else ""))
    consent = MINOR_CONSENT.get(_text(values, "minor_consent"))
    if consent:
        lines.append(f"A student's own consent: {consent}.")
    lines += [f"{label}: {text}" for label, text in (
        ("The district's contact", _text(values, "school_contact")),
        ("The provider's contact", _text(values, "provider_contact")),
        ("The partners meet", meetings(context)),
        ("The provider tells the school", _text(values, "provider_tells")),
        ("The school tells the provider", _text(values, "school_tells")),
        ("Channel", channel_text(values))) if text]
    lines += [f"Crisis plan, {line[0].lower()}{line[1:]}" for line in crisis_lines(values)]
    if lines:
        lines.append(COUNSEL)
    missing = step_gaps(values)
    steps_missing = (["the steps of the referral pathway"] if not steps else []) + [
        what for what in missing if what != "the steps of the pathway"]
    plan_missing = (["a secure channel instead of email attachments"]
                    if _text(values, "channel") == UNSAFE_CHANNEL else [])
    left = crisis_missing(values)
    if left:
        plan_missing.append(f"a complete crisis plan (still missing: {listing(left)})")
    return Outline(lines, steps_missing, plan_missing)


def outline_lines(values: Values, context: Context) -> tuple[list[str], list[str]]:
    """The pathway as an agreement outline says it, and everything still missing there."""
    found = outline_of(values, context)
    return found.lines, found.steps_missing + found.plan_missing


def target_days(context: Context) -> Fraction | None:
    """The pathway's target from referral to a first appointment, once it has one."""
    steps, problems = read_steps(context.values(SHEET))
    return None if problems else target_of(steps).days
