"""The three approaches: the mix a district chose and what argues for and against it.

The ``approaches`` worksheet has one table per approach (:data:`APPROACHES`), each with
a row per consideration (:data:`CONSIDERATIONS`) holding notes and a fit rating (poor,
mixed, good), and the approaches chosen (``chosen``, several allowed).
"""

from __future__ import annotations

from ..core.computations import Context, Output, Values, register

#: The worksheet's id (``content/worksheets/approaches.yml``).
SHEET = "approaches"

#: Approach ids (a table each, and an option of ``chosen``), short and long names.
APPROACHES: tuple[tuple[str, str, str], ...] = (
    ("partner", "Partner at no cost",
     "partner with community providers at no cost to the district"),
    ("employ", "Directly employ", "directly employ additional mental health professionals"),
    ("contract", "Contract", "contract with community providers"),
)
#: Consideration ids (rows of each approach's table) and names.
CONSIDERATIONS: tuple[tuple[str, str], ...] = (
    ("labor-market", "Labor market dynamics"),
    ("flexibility", "Flexibility"),
    ("quality", "Quality and accountability"),
)
FIT_NAMES = {"good": "Good", "mixed": "Mixed", "poor": "Poor"}
#: How a fit rating bears on the choice, in the order the results list them.
ARGUES = {"good": "For (good fit)", "mixed": "Both ways (mixed fit)",
          "poor": "Against (poor fit)"}
NOTES_LIMIT = 200


def chosen_approaches(values: Values) -> list[str]:
    """The approaches the district chose on this worksheet, in the worksheet's order."""
    raw = values.get("chosen")
    picked = set(raw) if isinstance(raw, list) else set()
    return [approach for approach, _short, _long in APPROACHES if approach in picked]


def _cell(values: Values, approach: str, consideration: str) -> dict:
    table = values.get(approach)
    row = table.get(consideration) if isinstance(table, dict) else None
    return row if isinstance(row, dict) else {}


def fit(values: Values, approach: str, consideration: str) -> str:
    """The fit rating of one consideration of one approach: good, mixed, poor or ``""``."""
    rating = _cell(values, approach, consideration).get("fit")
    return rating if rating in FIT_NAMES else ""


def _notes(values: Values, approach: str, consideration: str) -> str:
    raw = _cell(values, approach, consideration).get("notes")
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if len(text) > NOTES_LIMIT:
        text = text[: NOTES_LIMIT - 1].rsplit(" ", 1)[0] + "…"
    return text


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@register
def approaches_mix(values: Values, context: Context) -> Output:
    """The approaches chosen, and every approach's fit on each consideration."""
    chosen = chosen_approaches(values)
    columns = ["Approach", "Chosen", *(name for _id, name in CONSIDERATIONS)]
    rows = [
        [short, "Yes" if approach in chosen else "No",
         *(FIT_NAMES.get(fit(values, approach, c), "Not rated") for c, _name in CONSIDERATIONS)]
        for approach, short, _long in APPROACHES
    ]
    names = {approach: long for approach, _short, long in APPROACHES}
    messages = []
    unrated_chosen = False
    for approach, short, _long in APPROACHES:
        ratings = [fit(values, approach, c) for c, _name in CONSIDERATIONS]
        unrated = [name for (c, name), r in zip(CONSIDERATIONS, ratings, strict=True) if not r]
        good = [name for (c, name), r in zip(CONSIDERATIONS, ratings, strict=True)
                if r == "good"]
        if approach in chosen and unrated:
            unrated_chosen = True
            messages.append(f"{short}: rate its fit on {_join(unrated).lower()}.")
        if approach in chosen and not unrated and set(ratings) == {"poor"}:
            messages.append(f"{short}: you rated it a poor fit on every consideration. "
                            "Say in your reasons why you chose it.")
        if approach not in chosen and good:
            messages.append(f"{short} is not chosen, though you rated it a good fit on "
                            f"{_join(good).lower()}. Worth a second look?")
    if not chosen:
        return Output("No approach chosen yet: choose the approach or approaches you will "
                      "pursue.", "incomplete", messages, columns, rows)
    if len(chosen) == 1:
        text = f"You chose one approach: {names[chosen[0]]}."
    else:
        text = (f"You chose to combine {len(chosen)} approaches: "
                f"{_join([names[a] for a in chosen])}.")
    return Output(text, "incomplete" if unrated_chosen else "ok", messages, columns, rows)


@register
def approaches_for_against(values: Values, context: Context) -> Output:
    """The considerations of the chosen approaches, grouped by what they argue."""
    chosen = chosen_approaches(values)
    if not chosen:
        return Output("Choose at least one approach to see what argues for and against it.",
                      "incomplete")
    shorts = {approach: short for approach, short, _long in APPROACHES}
    rated = [
        (rating, approach, consideration, name)
        for approach in chosen
        for consideration, name in CONSIDERATIONS
        if (rating := fit(values, approach, consideration))
    ]
    if not rated:
        return Output("Rate the fit of each consideration for the approaches you chose.",
                      "incomplete")
    order = list(ARGUES)
    rated.sort(key=lambda item: order.index(item[0]))  # stable: keeps the plan's order
    rows = [
        [f"{shorts[approach]}: {name}", ARGUES[rating],
         _notes(values, approach, consideration) or "No notes yet"]
        for rating, approach, consideration, name in rated
    ]
    count = {rating: sum(item[0] == rating for item in rated) for rating in ARGUES}
    text = (f"For your choice: {count['good']} rated a good fit. Against it: {count['poor']} "
            f"rated a poor fit. Both ways: {count['mixed']} rated mixed.")
    unrated = len(chosen) * len(CONSIDERATIONS) - len(rated)
    messages = []
    if unrated:
        verb = "is" if unrated == 1 else "are"
        messages.append(f"{unrated} of the considerations for your choice {verb} not rated "
                        "yet.")
    return Output(text, "incomplete" if unrated else "ok", messages,
                  ["Consideration", "Argues", "Your notes"], rows)
