"""Named computations that worksheets show as computed outputs.

A worksheet definition names a computation by its registered name; the build fails when
the name is not registered here. Each computation takes one worksheet's saved values and
returns an :class:`Output`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Values = dict[str, Any]


@dataclass
class Output:
    """What a computed output shows: a sentence, and messages about the input."""

    text: str
    status: str = "ok"  # "ok", "incomplete" or "error"
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """Return the output as plain data for the page."""
        return {"text": self.text, "status": self.status, "messages": list(self.messages)}


Computation = Callable[[Values], Output]
REGISTRY: dict[str, Computation] = {}


def register(func: Computation) -> Computation:
    """Register ``func`` under its own name so worksheets can name it."""
    REGISTRY[func.__name__] = func
    return func


def run(name: str, values: Values) -> dict[str, Any]:
    """Run the computation ``name`` on a worksheet's values and return plain data."""
    return REGISTRY[name](values).as_dict()


def parse_count(raw: object) -> int | None:
    """Read a count of students typed by a person; ``None`` when empty.

    Raises ``ValueError`` with a plain message when the text is not a whole number of
    zero or more.
    """
    text = str(raw if raw is not None else "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"“{raw}” is not a number. Enter a whole number such as 120.") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"“{raw}” is not a number. Enter a whole number such as 120.")
    if number < 0:
        raise ValueError(f"{raw} is below zero. Enter zero or more students.")
    if number != int(number):
        raise ValueError(f"{raw} is not a whole number. Enter a whole number of students.")
    return int(number)


WORKING_GROUP_QUESTIONS = {
    "knows_services": "Who knows which services the district provides now, and the gaps?",
    "knows_legal": "Who has worked with the district's legal and procurement teams?",
    "community_ties": "Who has relationships with community organizations?",
    "represents_staff": "Who represents school-based staff?",
    "represents_families": "Who represents families?",
}


@register
def working_group_coverage(values: Values) -> Output:
    """Name every guiding question that no working-group member covers."""
    members = [row for row in values.get("members") or [] if isinstance(row, dict)]
    uncovered = [
        question
        for key, question in WORKING_GROUP_QUESTIONS.items()
        if not any(row.get(key) is True for row in members)
    ]
    if not uncovered:
        return Output("Every guiding question is covered by at least one member.")
    return Output(
        f"{len(uncovered)} of {len(WORKING_GROUP_QUESTIONS)} guiding questions have no member yet.",
        status="incomplete",
        messages=uncovered,
    )


@register
def needs_summary(values: Values) -> Output:
    """Add up the needs estimate: total need, need addressed and unmet need."""
    rows = [row for row in values.get("sources") or [] if isinstance(row, dict)]
    problems: list[str] = []
    missing: list[str] = []
    total = 0
    for number, row in enumerate(rows, start=1):
        name = str(row.get("source") or "").strip() or f"Row {number}"
        try:
            indicated = parse_count(row.get("indicated"))
            new = parse_count(row.get("new"))
        except ValueError as error:
            problems.append(f"{name}: {error}")
            continue
        if new is None and number == 1:
            new = indicated
        if new is None:
            missing.append(name)
            continue
        if indicated is not None and new > indicated:
            problems.append(
                f"{name}: {new} new students is more than the {indicated} this source "
                "indicates. Column 3 counts some of column 2, so it cannot be larger."
            )
        total += new
    try:
        addressed = parse_count(values.get("addressed"))
    except ValueError as error:
        problems.append(f"Need already addressed: {error}")
        addressed = None
    if problems:
        return Output("Fix the entries below to see the total.", "error", problems)
    text = f"Total student need: {total}."
    if addressed is not None:
        if addressed > total:
            return Output(
                text,
                "error",
                [f"Need already addressed ({addressed}) is more than the total need ({total})."],
            )
        text += f" Unmet need: {total - addressed}."
    if missing:
        return Output(text, "incomplete", [f"Still missing: {', '.join(missing)}."])
    return Output(text)
