"""Gaps: what the current model of care does not adequately serve."""

from __future__ import annotations

from ..core.computations import Context, Output, Values, register
from ..core.figures import listing
from .needs import text_of

#: The worksheet's id (``content/worksheets/gaps.yml``).
SHEET = "gaps"

#: The kinds of the ``underserved_kinds`` field: its option label, the field that lists
#: the particular ones, and how a count of them reads (one, several).
KINDS = {
    "groups": ("Particular groups of students", "underserved_groups",
               ("group of students", "groups of students")),
    "sites": ("Particular school sites", "underserved_sites", ("kind of site", "kinds of site")),
    "needs": ("Particular types of need", "underserved_needs", ("type of need", "types of need")),
}


def ticked(values: Values, key: str) -> list[str]:
    """The option ids ticked in a multiple-choice field."""
    chosen = values.get(key)
    return [item for item in chosen if isinstance(item, str)] if isinstance(chosen, list) else []


@register
def gaps_summary(values: Values, context: Context) -> Output:
    """Count what the current model does not adequately serve; say what is left to fill."""
    chosen = ticked(values, "underserved_kinds")
    found, messages = [], []
    for kind, (label, details_field, (one, several)) in KINDS.items():
        details = ticked(values, details_field)
        if details:
            found.append(f"{len(details)} {one if len(details) == 1 else several}")
        elif kind in chosen:
            found.append(label[0].lower() + label[1:])
            messages.append(f"You ticked “{label}”: tick which ones below, or describe them "
                            "in your own words.")
    text = (f"Not adequately served today: {listing(found)}." if found
            else "Nothing ticked yet as not adequately served.")
    if not text_of(values.get("biggest_gaps")):
        messages.append("Write down the biggest gaps the group sees (the first question).")
    return Output(text, "incomplete" if messages else "ok", messages)
