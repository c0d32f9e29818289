"""Needs and goals: the needs estimate and what follows from it."""

from __future__ import annotations

from .computations import Context, Output, Values, parse_count, register


@register
def needs_summary(values: Values, context: Context) -> Output:
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
