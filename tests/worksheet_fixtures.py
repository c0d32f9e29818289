"""A small set of worksheet definitions covering every field type, for tests.

The dicts have the shape ``content/worksheets/*.yml`` files parse to.
"""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from browser_py.core.model import MAX_TEXT_CHARS, Field, Worksheet
from browser_py.core.schema import Schema

NEEDS_ESTIMATE: dict[str, Any] = {
    "id": "needs-estimate",
    "title": "Estimate of need",
    "intro": "How many students might need support?",
    "fields": [
        {"id": "district-name", "type": "text", "label": "District name"},
        {"id": "notes", "type": "longtext", "label": "Notes", "help": "Anything else."},
        {"id": "enrollment", "type": "number", "label": "Enrollment"},
        {"id": "review-date", "type": "date", "label": "Review date"},
        {
            "id": "grade-band",
            "type": "choice",
            "label": "Grade band",
            "options": [
                {"id": "elementary", "label": "Elementary"},
                {"id": "middle", "label": "Middle"},
                {"id": "high", "label": "High"},
            ],
        },
        {
            "id": "services",
            "type": "choice",
            "label": "Services offered",
            "multiple": True,
            "options": [
                {"id": "counseling", "label": "Counseling"},
                {"id": "screening", "label": "Screening"},
                {"id": "crisis", "label": "Crisis response"},
                {"id": "family", "label": "Family support"},
            ],
        },
        {"id": "confirmed", "type": "checkbox", "label": "Figures confirmed by the data team"},
        {"id": "sources-heading", "type": "heading", "label": "Data sources"},
        {
            "id": "sources",
            "type": "table",
            "label": "Data sources",
            "add_rows": True,
            "add_label": "Add a source",
            "columns": [
                {"id": "name", "type": "text", "label": "Source"},
                {"id": "indicated", "type": "number", "label": "Students indicated"},
                {
                    "id": "kind",
                    "type": "choice",
                    "label": "Kind",
                    "options": [
                        {"id": "survey", "label": "Survey"},
                        {"id": "records", "label": "Records"},
                    ],
                },
                {
                    "id": "grades",
                    "type": "choice",
                    "label": "Grades covered",
                    "multiple": True,
                    "options": [
                        {"id": "elementary", "label": "Elementary"},
                        {"id": "middle", "label": "Middle"},
                        {"id": "high", "label": "High"},
                    ],
                },
                {"id": "collected", "type": "date", "label": "Collected on"},
                {"id": "verified", "type": "checkbox", "label": "Verified"},
                {"id": "quality", "type": "rating", "label": "Quality", "scale": "fit"},
                {"id": "comment", "type": "longtext", "label": "Comment"},
            ],
            "starter_rows": [
                {"row_id": "yrbs", "name": "Youth Risk Behavior Survey", "kind": "survey"},
                {"row_id": "referrals", "name": "Counselor referrals", "indicated": 12},
            ],
        },
    ],
    "computed": [
        {"id": "estimate", "label": "Estimated need", "function": "needs_summary"},
    ],
}

PARTNER_CHECKLIST: dict[str, Any] = {
    "id": "partner-checklist",
    "title": "Partner checklist",
    "fields": [
        {"id": "partner", "type": "text", "label": "Partner name"},
        {"id": "overall", "type": "rating", "label": "Overall agreement"},
        {"id": "fit", "type": "rating", "label": "Fit with the district", "scale": "fit"},
        {
            "id": "criteria",
            "type": "table",
            "label": "Criteria",
            "row_header": "Criterion",
            "rows": [
                {"id": "licensed", "label": "Clinicians are licensed"},
                {"id": "bilingual", "label": "Offers care in families' languages"},
                {"id": "data-sharing", "label": "Has a data-sharing agreement"},
            ],
            "columns": [
                {"id": "rating", "type": "rating", "label": "Rating"},
                {"id": "must-have", "type": "checkbox", "label": "Must have"},
                {"id": "evidence", "type": "text", "label": "Evidence"},
                {"id": "checked-on", "type": "date", "label": "Checked on"},
            ],
        },
    ],
}

WORKING_GROUP: dict[str, Any] = {
    "id": "working-group",
    "title": "Working group roster",
    "fields": [
        {
            "id": "members",
            "type": "table",
            "label": "Working group members",
            "add_rows": True,
            "add_label": "Add a member",
            "columns": [
                {"id": "position", "type": "text", "label": "Position"},
                {"id": "name", "type": "text", "label": "Name of working group member"},
            ],
        },
    ],
}

DEFINITIONS: list[dict[str, Any]] = [NEEDS_ESTIMATE, PARTNER_CHECKLIST, WORKING_GROUP]


def schema() -> Schema:
    """The test schema built from :data:`DEFINITIONS`."""
    return Schema.from_definitions(DEFINITIONS)


# Hypothesis strategies for valid values of the test schema -------------------------

_DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))
_NUMBER_TEXT = st.one_of(
    st.just(""),
    st.integers(min_value=-(10**9), max_value=10**9).map(str),
    st.text(alphabet="0123456789.-e", min_size=1, max_size=12),
)


def field_values(spec: Field, *, at_limits: bool = False) -> st.SearchStrategy[Any]:
    """Valid saved values of one field, tables, repeats and ratings included; with
    ``at_limits``, text as long as the page allows and row ids as long as import accepts."""
    longest = st.just("x" * spec.max_chars) if at_limits and spec.max_chars else st.nothing()
    if spec.type == "text":
        return st.text(max_size=40) | longest
    if spec.type == "longtext":
        return st.text(max_size=200) | longest
    if spec.type == "number":
        return _NUMBER_TEXT | longest
    if spec.type == "date":
        return st.one_of(st.just(""), _DATES.map(datetime.date.isoformat))
    if spec.type == "checkbox":
        return st.booleans()
    if spec.type == "choice" and spec.multiple:
        return st.lists(st.sampled_from(spec.option_ids), unique=True)
    if spec.type in ("choice", "rating"):
        return st.sampled_from(("", *spec.option_ids))
    if spec.type == "ratings":
        return st.dictionaries(st.text(min_size=1, max_size=8), st.sampled_from(spec.option_ids),
                               max_size=3)
    row_id = st.text(min_size=1, max_size=12) | (
        st.just("r" * MAX_TEXT_CHARS) if at_limits else st.nothing())
    inner = spec.item_fields if spec.type == "repeat" else spec.columns
    cells = {part.id: field_values(part, at_limits=at_limits) for part in inner}
    if spec.type == "repeat" or spec.add_rows:
        row = st.fixed_dictionaries({"row_id": row_id, **cells})
        return st.lists(row, max_size=3, unique_by=lambda r: r["row_id"])
    if spec.type == "table":
        return st.fixed_dictionaries({row.id: st.fixed_dictionaries(cells) for row in spec.rows})
    raise ValueError(f"no strategy for {spec.type}")


def worksheet_values(sheet: Worksheet) -> st.SearchStrategy[dict[str, Any]]:
    """Valid, complete values of one worksheet."""
    return st.fixed_dictionaries({spec.id: field_values(spec) for spec in sheet.value_fields})


def states(test_schema: Schema) -> st.SearchStrategy[dict[str, dict[str, Any]]]:
    """Valid states: any subset of the worksheets, each with valid values."""
    return st.fixed_dictionaries(
        {},
        optional={ws: worksheet_values(sheet) for ws, sheet in test_schema.worksheets.items()},
    )
