"""Data to gather before the meeting: which sources the district has, and who brings them."""

from __future__ import annotations

from typing import Any

from ..core.computations import Context, Output, Values, register
from ..core.figures import people

#: The worksheet's three tables, one per question of the practice, in order.
QUESTIONS = {
    "need_sources": "Which students need support?",
    "services_sources": "Do services and supports exist to address those needs?",
    "satisfaction_sources": "How well are existing services meeting students' needs?",
}
ANSWERS = {"yes": "Yes", "partly": "Partly", "no": "No"}
LEGAL_REMINDER = (
    "Before sharing any data, consult your legal team about the rules and regulations on "
    "data confidentiality, then tick the box at the top of this worksheet."
)


def _rows(values: Values, table: str) -> dict[str, dict[str, Any]]:
    rows = values.get(table)
    if not isinstance(rows, dict):
        return {}
    return {row_id: row for row_id, row in rows.items() if isinstance(row, dict)}


@register
def data_checklist(values: Values, context: Context) -> Output:
    """Count the sources the district has, partly has or lacks; flag sources nobody brings.

    Saved values hold row ids, not the labels the page shows, so sources are counted
    per question rather than named.
    """
    tallies: list[list[str]] = []
    totals = dict.fromkeys([*ANSWERS, "open"], 0)
    unassigned = 0
    for table, question in QUESTIONS.items():
        counts = dict.fromkeys([*ANSWERS, "open"], 0)
        for row in _rows(values, table).values():
            answer = row.get("have") if row.get("have") in ANSWERS else "open"
            counts[answer] += 1
            if answer in ("yes", "partly") and not str(row.get("who") or "").strip():
                unassigned += 1
        for key, number in counts.items():
            totals[key] += number
        tallies.append([question, *(str(counts[key]) for key in (*ANSWERS, "open"))])
    answered = totals["yes"] + totals["partly"] + totals["no"]
    listed = answered + totals["open"]
    if not answered:
        text = f"{people(listed, 'source')}, none answered yet."
    else:
        text = (f"Of {people(listed, 'source')}: we have {totals['yes']}, partly "
                f"{totals['partly']}, not yet {totals['no']}"
                + (f"; {totals['open']} not answered yet." if totals["open"] else "."))
    legal = values.get("legal_consulted") is True
    messages = [] if legal else [LEGAL_REMINDER]
    if totals["open"]:
        messages.append("Choose Yes, Partly or No for each source.")
    if unassigned:
        messages.append(f"{people(unassigned, 'source')} we have (or partly have) "
                        f"{'has' if unassigned == 1 else 'have'} nobody named to bring "
                        f"{'it' if unassigned == 1 else 'them'}: fill in “Who will bring it?”.")
    if totals["no"]:
        messages.append("For sources you do not have, consider whether new data needs to be "
                        "collected.")
    status = "ok" if legal and not totals["open"] and not unassigned else "incomplete"
    columns = ["Question", *ANSWERS.values(), "Not answered"]
    return Output(text, status, messages, columns, tallies)
