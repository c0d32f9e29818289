"""Who pays, and for how long: funding sources against the cost, school year by year."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from test_costs import FULL, context

from browser_py.core.computations import Context
from browser_py.worksheets.funding import (
    Source,
    fund_year,
    funding_by_year,
    funding_missing,
    funding_sources,
    outlasting,
    parse_school_year,
    school_year_of,
    year_label,
)


def source(name: str, amount: str, first: str = "", last: str = "",
           pays_for: str = "any") -> dict:
    return {"row_id": name.lower().replace(" ", "-"), "source": name, "amount": amount,
            "first_year": first, "last_year": last, "pays_for": pays_for}


@pytest.mark.parametrize(("raw", "start"), [("2026-27", 2026), ("2026-2027", 2026),
                                            ("2026", 2026), (" 2030 / 31 ", 2030),
                                            ("2026–27", 2026), ("", None)])
def test_school_years_are_read(raw: str, start: int | None) -> None:
    assert parse_school_year(raw) == start


@pytest.mark.parametrize("raw", ["2026-28", "26-27", "next year", "1999"])
def test_a_wrong_school_year_is_named(raw: str) -> None:
    with pytest.raises(ValueError, match="Enter it as 2026-27"):
        parse_school_year(raw)


@pytest.mark.parametrize(("day", "label"), [(date(2026, 12, 7), "2026-27"),
                                            (date(2027, 6, 30), "2026-27"),
                                            (date(2027, 7, 1), "2027-28"),
                                            (date(2099, 8, 1), "2099-00")])
def test_the_school_year_of_a_day(day: date, label: str) -> None:
    assert year_label(school_year_of(day)) == label


def _source(amount: int, pays_for: str = "any", first: int | None = None,
            last: int | None = None) -> Source:
    return Source(pays_for, Fraction(amount), first, last, pays_for)


YEARS = [
    # costs by kind, sources -> funded
    ("any-source-pays-anything", {"positions": 100, "contract": 100}, [_source(150)], 150),
    ("kept-money-pays-its-own-kind-only", {"positions": 100, "contract": 100},
     [_source(150, "positions"), _source(50)], 150),
    ("no-more-than-the-cost", {"positions": 100}, [_source(500)], 100),
    ("kept-money-for-nothing-owed", {"contract": 100}, [_source(100, "positions")], 0),
    ("ended-source-pays-nothing", {"positions": 100}, [_source(100, last=2025)], 0),
    ("not-started-yet", {"positions": 100}, [_source(100, first=2027)], 0),
    ("nothing-to-fund", {"positions": 0}, [_source(100)], 0),
]


@pytest.mark.parametrize(("costs", "sources", "funded"), [c[1:] for c in YEARS],
                         ids=[c[0] for c in YEARS])
def test_fund_year(costs: dict[str, int], sources: list[Source], funded: int) -> None:
    year = fund_year(2026, costs, sources)
    assert year.funded == funded
    assert year.unfunded == sum(costs.values()) - funded


def test_a_source_ending_before_the_goal_is_named() -> None:
    costs = {"positions": 214_804, "contract": 54_000}
    warnings = outlasting([_source(80_000, "positions", 2026, 2027),
                           _source(50_000, "contract", 2026, 2029),
                           _source(9_000, "uninsured-care", 2026, 2026)], costs, 2029)
    assert warnings == [
        "positions pays for positions the district hires until 2027-28, but the plan goes "
        "on: from 2028-29 its $80,000 a year must come from elsewhere, or the positions and "
        "services it pays for end with it."]


FUNDING = {"sources": [
    source("General fund", "150000"),
    source("Title IV-A", "80000", "2026-27", "2027-28", "positions"),
    source("Local levy", ""),
]}


def _context() -> Context:  # the goal is met June 15, 2028: the years run to 2029-30
    return context(chosen=("partner", "employ", "contract"), costs=FULL)


def test_funded_and_unfunded_by_year() -> None:
    result = funding_by_year(FUNDING, _context()).as_dict()
    assert result["status"] == "ok"
    assert result["rows"] == [
        ["2026-27", "$293,204", "$230,000", "$63,204", "General fund and Title IV-A"],
        ["2027-28", "$293,204", "$230,000", "$63,204", "General fund and Title IV-A"],
        ["2028-29", "$293,204", "$150,000", "$143,204", "General fund"],
        ["2029-30", "$293,204", "$150,000", "$143,204", "General fund"],
        ["Total", "$1,172,816", "$760,000", "$412,816", ""],
    ]
    assert result["text"].startswith("From 2026-27 to 2029-30 the mix costs $1,172,816 (4 "
                                      "school years at $293,204 a year)")
    assert result["messages"][0].startswith("Title IV-A pays for positions the district "
                                            "hires until 2027-28")
    assert [s["text"] for s in result["chart"]["shapes"] if s["type"] == "text"][:3] == [
        "2026-27", "cost $293,204", "funding $230,000"]


def test_the_sources_and_when_each_ends() -> None:
    result = funding_sources(FUNDING, _context()).as_dict()
    assert result["rows"] == [
        ["General fund", "$150,000", "this year", "no last year entered",
         "any part of the cost"],
        ["Title IV-A", "$80,000", "2026-27", "2027-28", "positions the district hires"],
    ]
    assert result["text"] == ("2 sources adding up to $230,000 a year when all pay; the "
                              "first to end is Title IV-A, after 2027-28.")


def test_funding_waits_for_the_cost() -> None:
    ctx = _context()
    ctx.state["costs"] = {}
    result = funding_by_year(FUNDING, ctx).as_dict()
    assert result["status"] == "incomplete"
    assert result["links"][0]["worksheet"] == "costs"


def test_a_year_typed_wrong_is_named() -> None:
    values = {"sources": [source("Grant", "1000", "soon")]}
    result = funding_by_year(values, _context()).as_dict()
    assert result["status"] == "error"
    assert result["messages"] == ["Grant: “soon” is not a school year. Enter it as 2026-27."]
    values = {"sources": [source("Grant", "1000", "2028-29", "2026-27")]}
    assert funding_sources(values, _context()).messages == [
        "Grant: the last school year (2026-27) is before the first (2028-29)."]


def test_funding_is_missing_until_a_source_has_an_amount() -> None:
    assert funding_missing({"sources": [source("Levy", "")]}, _context()).missing == [
        "An amount per year for at least one funding source"]
    assert funding_missing(FUNDING, _context()).missing == []


def test_a_goal_date_already_passed_asks_for_a_date_to_come() -> None:
    """A goal dated before this school year leaves no year to fund: the result asks for a
    date to come (before, the whole page's results and the export stopped on it)."""
    ctx = _context()
    ctx.state["goal"] = {**ctx.state["goal"], "by_date": "2023-06-15"}
    result = funding_by_year(FUNDING, ctx).as_dict()
    assert result["status"] == "incomplete"
    assert "the goal's date has passed" in result["text"]
    assert result["links"][0]["worksheet"] == "goal"


def test_one_year_is_written_in_the_singular() -> None:
    ctx = _context()
    ctx.today = date(2029, 9, 1)  # 2029-30: the last year of the plan
    text = funding_by_year(FUNDING, ctx).as_dict()["text"]
    assert "(1 school year at " in text


def test_amounts_with_cents_add_up_to_what_is_shown() -> None:
    values = {"sources": [source("A", "1000.50"), source("B", "2000.50")]}
    result = funding_sources(values, _context()).as_dict()
    assert [row[1] for row in result["rows"]] == ["$1,001", "$2,001"]
    assert "adding up to $3,002 a year" in result["text"]
