"""The agreements at a glance: one row per agreement, for the full report.

The outlines themselves are documents for counsel, each several pages long, with
downloads of their own; the report shows where each agreement stands instead: its
provider, how the district works with it, its dates and what its outline still needs.
"""

from __future__ import annotations

from ..core.computations import Context, Output, Values, register
from ..core.figures import long_date
from .agreements import AGREEMENTS, ARRANGEMENTS, items, outline, title_of
from .planning import parse_date

COLUMNS = ["Provider", "How the district works with it", "Services start",
           "Review or renewal", "Outline"]


def _date(item: Values, key: str) -> str:
    try:
        day = parse_date(item.get(key))
    except ValueError:
        day = None
    return long_date(day) if day else "Not set"


def _arrangement(item: Values) -> str:
    arrangement = item.get("arrangement")
    said = ARRANGEMENTS.get(arrangement, "") if isinstance(arrangement, str) else ""
    return said[:1].upper() + said[1:] if said else "Not chosen yet"


def _standing(item: Values, context: Context) -> str:
    """How much of the agreement's outline is filled, naming the parts still missing."""
    parts = outline(item, context)
    missing = [part.title for part in parts if part.missing]
    if not missing:
        return f"Every part filled ({len(parts)} of {len(parts)})"
    return (f"{len(parts) - len(missing)} of {len(parts)} parts filled. Still missing: "
            f"{'; '.join(missing)}")


@register
def agreement_overview(values: Values, context: Context) -> Output:
    """One row per agreement: provider, arrangement, dates, and what its outline needs."""
    entered = items(values)
    if not entered:
        return Output("No agreements yet: add one for each provider you will partner with.",
                      "incomplete")
    rows = [[title_of(item, number), _arrangement(item), _date(item, "start"),
             _date(item, "review"), _standing(item, context)]
            for number, item in enumerate(entered, start=1)]
    count = len(entered)
    text = (f"{count} agreement{'s' if count != 1 else ''}. Each full outline, a draft for "
            f"the district's counsel, downloads from “{context.titles.get(AGREEMENTS, '')}”.")
    return Output(text, "ok", columns=COLUMNS, rows=rows)
