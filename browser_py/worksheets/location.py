"""Location and format of services: the options chosen and the factors weighed."""

from __future__ import annotations

from ..core.computations import Context, Output, Values, register
from ..core.figures import listing
from .needs import text_of

#: The worksheet's id (``content/worksheets/location-format.yml``).
SHEET = "location-format"

#: The practice's four options, by the option ids of the worksheet's ``options`` field
#: and the column ids of its ``factor_notes`` table.
OPTIONS = {
    "school-in-person": "at schools in person",
    "school-telehealth": "at schools via telehealth",
    "mobile-clinic": "at schools through a mobile clinic that travels to multiple locations",
    "provider-office": "at a community provider's office or care location",
}

#: The six factors the practice lists, by the row ids of the ``factor_notes`` table.
FACTORS = {
    "preferences": "preferences and needs of students and families",
    "presence": "importance of physical presence",
    "costs": "potential costs",
    "scheduling": "scheduling constraints",
    "space": "space constraints",
    "availability": "availability of providers in your area",
}

#: Youth are far more likely to start and finish care delivered at school (DESIGN.md §3).
AT_SCHOOL_CONTEXT = (
    "Students are far more likely to start and finish care delivered at school: in one "
    "study, 98% of students offered care at school started it, against 37% of those "
    "offered care at a clinic (Jaycox et al., 2010)."
)


def _notes(values: Values) -> dict[str, set[str]]:
    """For each option, the factors that have a note."""
    table = values.get("factor_notes")
    table = table if isinstance(table, dict) else {}
    noted: dict[str, set[str]] = {option: set() for option in OPTIONS}
    for factor in FACTORS:
        row = table.get(factor)
        if not isinstance(row, dict):
            continue
        for option in OPTIONS:
            if text_of(row.get(option)):
                noted[option].add(factor)
    return noted


@register
def location_summary(values: Values, context: Context) -> Output:
    """Summarise the chosen model and which factors have notes for each option chosen."""
    chosen_raw = values.get("options")
    chosen = [o for o in OPTIONS if isinstance(chosen_raw, list) and o in chosen_raw]
    noted = _notes(values)
    if not chosen:
        return Output("No option selected yet.", "incomplete",
                      ["Select the option or options your district plans to use."])
    text = f"Chosen model: care delivered {listing([OPTIONS[o] for o in chosen])}."
    messages = []
    for option in chosen:
        left = [FACTORS[f] for f in FACTORS if f not in noted[option]]
        if left:
            messages.append(f"Care {OPTIONS[option]}: no notes yet on {listing(left)}.")
    for option in OPTIONS:
        if option not in chosen and noted[option]:
            messages.append(f"There are notes for care {OPTIONS[option]}, but that option "
                            "is not selected: select it, or clear those notes.")
    if chosen == ["provider-office"]:
        messages.append(f"{AT_SCHOOL_CONTEXT} Consider whether some care can happen at school.")
    status = "incomplete" if any(noted[o] != set(FACTORS) for o in chosen) else "ok"
    rows = [[f"Care {OPTIONS[o]}", f"{len(noted[o])} of {len(FACTORS)}"] for o in chosen]
    return Output(text, status, messages, ["Option chosen", "Factors with notes"], rows)
