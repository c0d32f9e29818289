"""Stakeholder survey results: satisfaction scores and "would recommend"."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from browser_py.core.computations import Context
from browser_py.worksheets.surveys import SCORES, recommend_summary, satisfaction_summary


def scores(**given_counts: str) -> dict:
    """Satisfaction counts by score, every score present as the page sends them."""
    return {"satisfaction": {f"score-{s}": {"people": given_counts.get(f"s{s}", "")}
                             for s in SCORES}}


def all_scores(*counts: int) -> dict:
    return scores(**{f"s{s}": str(n) for s, n in zip(SCORES, counts, strict=True)})


SATISFACTION = [
    ("mean-and-distribution", all_scores(0, 0, 0, 0, 2, 0, 3, 10, 3, 2), "ok",
     "Average satisfaction: 7.9 out of 10, from 20 people.", [],
     [["5", "2", "10%"], ["7", "3", "15%"], ["8", "10", "50%"], ["9", "3", "15%"],
      ["10", "2", "10%"]]),
    ("empty-scores-named", scores(s8="12", s10="3"), "incomplete",
     "Average satisfaction: 8.4 out of 10, from 15 people.",
     ["No count yet for scores 1, 2, 3, 4, 5, 6, 7 and 9: enter 0 if nobody gave those "
      "scores."], [["8", "12", "80%"], ["10", "3", "20%"]]),
    ("one-empty-score", scores(**{f"s{s}": "1" for s in range(1, 10)}), "incomplete",
     "Average satisfaction: 5 out of 10, from 9 people.",
     ["No count yet for score 10: enter 0 if nobody gave that score.",
      "Only 9 people answered: read the results with care, and share them only in ways that "
      "cannot identify anyone."], []),
    ("small-group", all_scores(0, 0, 0, 0, 0, 0, 0, 0, 0, 1), "ok",
     "Average satisfaction: 10 out of 10, from 1 person.",
     ["Only 1 person answered: read the results with care, and share them only in ways that "
      "cannot identify anyone."], [["10", "1", "100%"]]),
    ("nothing-yet", scores(), "incomplete", "No answers entered yet.",
     ["Enter how many people gave each score, from 1 to 10."], []),
    ("all-zero", all_scores(*[0] * 10), "incomplete", "No answers yet: every count entered is 0.",
     [], []),
    ("bad-counts", scores(s3="two", s4="-1", s5="1.5"), "error",
     "Fix the entries below to see the average.",
     ["Score 3: “two” is not a number. Enter a number such as 12.",
      "Score 4: -1 is below zero. Enter zero or more people.",
      "Score 5: 1.5 is not a whole number. Enter a whole number of people."], []),
    ("missing-table", {}, "incomplete", "No answers entered yet.",
     ["Enter how many people gave each score, from 1 to 10."], []),
]


@pytest.mark.parametrize(("values", "status", "text", "messages", "rows"),
                         [case[1:] for case in SATISFACTION],
                         ids=[case[0] for case in SATISFACTION])
def test_satisfaction_summary(values: dict, status: str, text: str, messages: list[str],
                              rows: list) -> None:
    output = satisfaction_summary(values, Context())
    assert (output.status, output.text) == (status, text)
    assert output.messages == messages
    shown = [r for r in output.rows if r[1] not in ("0", "not entered")]
    assert not rows or shown == rows


def test_distribution_lists_every_score_with_empty_ones_marked() -> None:
    output = satisfaction_summary(scores(s8="12"), Context())
    assert output.columns == ["Score", "People", "Share of answers"]
    assert [r[0] for r in output.rows] == [str(s) for s in SCORES]
    assert output.rows[0] == ["1", "not entered", ""]


def recommend(yes: str, no: str) -> dict:
    return {"recommend": {"yes": {"people": yes}, "no": {"people": no}}}


RECOMMEND = [
    ("share", recommend("29", "11"), "ok",
     "29 of 40 people (72.5%) would recommend the services.", []),
    ("thousands", recommend("1,200", "300"), "ok",
     "1,200 of 1,500 people (80%) would recommend the services.", []),
    ("small-group", recommend("3", "0"), "ok", "3 of 3 people (100%) would recommend the "
     "services.", ["Only 3 people answered: read the results with care, and share them only "
                   "in ways that cannot identify anyone."]),
    ("one-missing", recommend("12", ""), "incomplete", "Not yet: enter both counts.",
     ["Enter how many people answered no (0 if nobody did)."]),
    ("other-missing", recommend("", "4"), "incomplete", "Not yet: enter both counts.",
     ["Enter how many people answered yes (0 if nobody did)."]),
    ("nothing", recommend("", ""), "incomplete", "No answers entered yet.",
     ["Enter how many people answered yes and how many answered no."]),
    ("zeros", recommend("0", "0"), "incomplete", "No answers yet: both counts are 0.", []),
    ("bad", recommend("many", "2"), "error", "Fix the entries below to see the share.",
     ["Yes: “many” is not a number. Enter a number such as 12."]),
]


@pytest.mark.parametrize(("values", "status", "text", "messages"),
                         [case[1:] for case in RECOMMEND], ids=[case[0] for case in RECOMMEND])
def test_recommend_summary(values: dict, status: str, text: str, messages: list[str]) -> None:
    output = recommend_summary(values, Context())
    assert (output.status, output.text, output.messages) == (status, text, messages)


@given(counts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=10, max_size=10))
def test_average_is_a_score_and_shares_cover_everyone(counts: list[int]) -> None:
    output = satisfaction_summary(all_scores(*counts), Context())
    if not sum(counts):
        assert output.status == "incomplete"
        return
    average = float(output.text.split("satisfaction: ")[1].split(" out of")[0])
    assert min(s for s, n in zip(SCORES, counts, strict=True) if n) <= average + 0.05
    assert average - 0.05 <= max(s for s, n in zip(SCORES, counts, strict=True) if n)
    shares = [float(r[2].rstrip("%")) for r in output.rows if r[2] and "less" not in r[2]]
    # Each share is rounded to 0.1 point; each "less than 0.1%" leaves out under 0.05.
    tiny = sum(1 for r in output.rows if "less" in r[2])
    assert abs(sum(shares) - 100) <= 0.05 * (len(shares) + tiny) + 0.1 * counts.count(0)
