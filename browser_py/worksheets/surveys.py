"""Stakeholder surveys: satisfaction scores from 1 to 10, and "would recommend" yes or no.

The worksheet takes counts of answers only (how many people gave each score), never
individual responses.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..core.computations import Context, Output, Values, register
from ..core.figures import amount, count, listing, people, percent, read_whole

#: The worksheet's id (``content/worksheets/surveys.yml``).
SHEET = "surveys"

SCORES = tuple(range(1, 11))

#: Fewer answers than this prompt care in reading and sharing the results. Ten is the
#: minimum reporting group size most US states use (NCES 2011-603, SLDS Technical Brief 3).
SMALL_GROUP = 10


def _cell(values: Values, table: str, row_id: str) -> dict[str, Any]:
    rows = values.get(table)
    row = rows.get(row_id) if isinstance(rows, dict) else None
    return row if isinstance(row, dict) else {}


def _small_group(total: int) -> list[str]:
    if 0 < total < SMALL_GROUP:
        return [f"Only {people(total, 'person', 'people')} answered: read the results with "
                "care, and share them only in ways that cannot identify anyone."]
    return []


@register
def satisfaction_summary(values: Values, context: Context) -> Output:
    """Average satisfaction score and how the scores from 1 to 10 are spread."""
    problems: list[str] = []
    counts = {score: read_whole(_cell(values, "satisfaction", f"score-{score}"), "people",
                                f"Score {score}", "people", problems) for score in SCORES}
    if problems:
        return Output("Fix the entries below to see the average.", "error", problems)
    empty = [str(score) for score, number in counts.items() if number is None]
    if len(empty) == len(SCORES):
        return Output("No answers entered yet.", "incomplete",
                      ["Enter how many people gave each score, from 1 to 10."])
    total = sum(number or 0 for number in counts.values())
    messages = []
    if empty:
        one = len(empty) == 1
        messages.append(f"No count yet for score{'' if one else 's'} {listing(empty)}: enter 0 "
                        f"if nobody gave {'that score' if one else 'those scores'}.")
    if not total:
        return Output("No answers yet: every count entered is 0.", "incomplete", messages)
    mean = Fraction(sum(score * (number or 0) for score, number in counts.items()), total)
    text = (f"Average satisfaction: {amount(mean)} out of 10, from "
            f"{people(total, 'person', 'people')}.")
    rows = [[str(score), "not entered" if number is None else count(number),
             "" if number is None else percent(number, total)]
            for score, number in counts.items()]
    return Output(text, "incomplete" if empty else "ok", messages + _small_group(total),
                  ["Score", "People", "Share of answers"], rows)


@register
def recommend_summary(values: Values, context: Context) -> Output:
    """The share of people who would recommend the services to another student."""
    problems: list[str] = []
    yes = read_whole(_cell(values, "recommend", "yes"), "people", "Yes", "people", problems)
    no = read_whole(_cell(values, "recommend", "no"), "people", "No", "people", problems)
    if problems:
        return Output("Fix the entries below to see the share.", "error", problems)
    if yes is None and no is None:
        return Output("No answers entered yet.", "incomplete",
                      ["Enter how many people answered yes and how many answered no."])
    if yes is None or no is None:
        return Output("Not yet: enter both counts.", "incomplete",
                      [f"Enter how many people answered {'yes' if yes is None else 'no'} "
                       "(0 if nobody did)."])
    total = yes + no
    if not total:
        return Output("No answers yet: both counts are 0.", "incomplete")
    text = (f"{count(yes)} of {people(total, 'person', 'people')} "
            f"({percent(yes, total)}) would recommend the services.")
    return Output(text, "ok", _small_group(total))
