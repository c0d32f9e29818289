"""Planning worksheets: the working group and the project plan."""

from __future__ import annotations

from .computations import Context, Output, Values, register

WORKING_GROUP_QUESTIONS = {
    "knows_services": "Who knows which services the district provides now, and the gaps?",
    "knows_legal": "Who has worked with the district's legal and procurement teams?",
    "community_ties": "Who has relationships with community organizations?",
    "represents_staff": "Who represents school-based staff?",
    "represents_families": "Who represents families?",
}


@register
def working_group_coverage(values: Values, context: Context) -> Output:
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


