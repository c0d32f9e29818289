"""The other worksheets of the needs-and-goals page: data to gather, gaps, location and
format; the page itself; and the figures every result is written with."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

import pytest
import yaml
from helpers import ROOT

from browser_py.core.computations import REGISTRY, Context
from browser_py.core.figures import amount, count, long_date, parse_amount, parse_percent, percent
from browser_py.worksheets.data_sources import LEGAL_REMINDER, data_checklist
from browser_py.worksheets.gaps import gaps_summary
from browser_py.worksheets.location import AT_SCHOOL_CONTEXT, FACTORS, OPTIONS, location_summary

PAGE = ROOT / "content" / "needs-and-goals.md"
SHEETS = ROOT / "content" / "worksheets"
PRACTICE_QUESTIONS = [
    "What are the two greatest stressors faced by students?",
    "If you needed counseling related to stress or other concerns, where would you go for "
    "help?",
    "Would you recommend the available mental health services to another student?",
    "If you have used the mental health services in the school before, how satisfied were "
    "you with the services on a scale of 1 to 10, with 10 being the most satisfied?",
]


def sheet(name: str) -> dict:
    return yaml.safe_load((SHEETS / f"{name}.yml").read_text())


def page_text() -> str:
    return re.sub(r"\s+", " ", PAGE.read_text())


# ---- data to gather -------------------------------------------------------------------


def answers(**by_row: tuple[str, str]) -> dict:
    """Every row of the three tables as the page sends them, some answered."""
    values: dict = {"legal_consulted": False}
    for field in ("need_sources", "services_sources", "satisfaction_sources"):
        spec = next(f for f in sheet("data-to-gather")["fields"] if f["id"] == field)
        values[field] = {}
        for row in spec["rows"]:
            have, who = by_row.get(row["id"].replace("-", "_"), ("", ""))
            values[field][row["id"]] = {"have": have, "who": who, "notes": ""}
    return values


def everything_answered(have: str = "yes", who: str = "Ana") -> dict:
    values = answers()
    for field in ("need_sources", "services_sources", "satisfaction_sources"):
        for row in values[field].values():
            row.update(have=have, who=who)
    return values | {"legal_consulted": True}


CHECKLIST = [
    ("fresh", answers(), "incomplete", "13 sources, none answered yet.",
     [LEGAL_REMINDER, "Choose Yes, Partly or No for each source."],
     [["Which students need support?", "0", "0", "0", "10"],
      ["Do services and supports exist to address those needs?", "0", "0", "0", "1"],
      ["How well are existing services meeting students' needs?", "0", "0", "0", "2"]]),
    ("some-answered", answers(screeners=("yes", "Ana"), referrals=("partly", ""),
                              attendance=("no", ""), surveys=("yes", "")),
     "incomplete", "Of 13 sources: we have 2, partly 1, not yet 1; 9 not answered yet.",
     [LEGAL_REMINDER, "Choose Yes, Partly or No for each source.",
      "2 sources we have (or partly have) have nobody named to bring them: fill in “Who will "
      "bring it?”.",
      "For sources you do not have, consider whether new data needs to be collected."], None),
    ("done", everything_answered(), "ok", "Of 13 sources: we have 13, partly 0, not yet 0.",
     [], None),
    ("done-but-legal-not-consulted", everything_answered() | {"legal_consulted": False},
     "incomplete", "Of 13 sources: we have 13, partly 0, not yet 0.", [LEGAL_REMINDER], None),
    ("one-nobody-brings", everything_answered() | {"services_sources": {
        "services-inventory": {"have": "partly", "who": " "}}}, "incomplete",
     "Of 13 sources: we have 12, partly 1, not yet 0.",
     ["1 source we have (or partly have) has nobody named to bring it: fill in “Who will "
      "bring it?”."], None),
    ("missing-tables", {}, "incomplete", "0 sources, none answered yet.", [LEGAL_REMINDER],
     None),
]


@pytest.mark.parametrize(("values", "status", "text", "messages", "rows"),
                         [case[1:] for case in CHECKLIST], ids=[case[0] for case in CHECKLIST])
def test_data_checklist(values: dict, status: str, text: str, messages: list[str],
                        rows: list | None) -> None:
    output = data_checklist(values, Context())
    assert (output.status, output.text, output.messages) == (status, text, messages)
    assert output.columns == ["Question", "Yes", "Partly", "No", "Not answered"]
    if rows is not None:
        assert output.rows == rows


def test_data_to_gather_lists_the_practice_sources_and_the_legal_reminder() -> None:
    definition = sheet("data-to-gather")
    fields = {f["id"]: f for f in definition["fields"]}
    assert list(fields) == ["legal_consulted", "need_sources", "groups", "services_sources",
                            "satisfaction_sources"]
    assert len(fields["need_sources"]["rows"]) == 10  # nine sources and new data
    assert "consult your legal team" in definition["intro"]
    assert "Check with your legal team first" in PAGE.read_text()


# ---- gaps -----------------------------------------------------------------------------

GAPS = [
    ("nothing", {}, "incomplete", "Nothing ticked yet as not adequately served.",
     ["Write down the biggest gaps the group sees (the first question)."]),
    ("counts", {"biggest_gaps": "Waits", "underserved_kinds": ["groups", "needs"],
                "underserved_groups": ["foster-care", "english-learners"],
                "underserved_needs": ["crisis"], "underserved_sites": ["high"]},
     "ok", "Not adequately served today: 2 groups of students, 1 kind of site and 1 type of "
     "need.", []),
    ("ticked-without-which", {"biggest_gaps": "Waits", "underserved_kinds": ["sites"]},
     "incomplete", "Not adequately served today: particular school sites.",
     ["You ticked “Particular school sites”: tick which ones below, or describe them in your "
      "own words."]),
    ("junk", {"underserved_kinds": "sites", "underserved_groups": [3, "other"],
              "biggest_gaps": 5}, "incomplete", "Not adequately served today: 1 group of "
     "students.", ["Write down the biggest gaps the group sees (the first question)."]),
]


@pytest.mark.parametrize(("values", "status", "text", "messages"),
                         [case[1:] for case in GAPS], ids=[case[0] for case in GAPS])
def test_gaps_summary(values: dict, status: str, text: str, messages: list[str]) -> None:
    output = gaps_summary(values, Context())
    assert (output.status, output.text, output.messages) == (status, text, messages)


# ---- location and format --------------------------------------------------------------


def notes(*options: str, factors: tuple[str, ...] = tuple(FACTORS)) -> dict:
    return {factor: {option: ("Note" if option in options and factor in factors else "")
                     for option in OPTIONS} for factor in FACTORS}


LOCATION = [
    ("nothing", {}, "incomplete", "No option selected yet.",
     ["Select the option or options your district plans to use."], []),
    ("two-complete", {"options": ["school-telehealth", "school-in-person"],
                      "factor_notes": notes("school-in-person", "school-telehealth")},
     "ok", "Chosen model: care delivered at schools in person and at schools via telehealth.",
     [], [["Care at schools in person", "6 of 6"], ["Care at schools via telehealth", "6 of 6"]]),
    ("factors-left", {"options": ["mobile-clinic"],
                      "factor_notes": notes("mobile-clinic", factors=("costs", "space"))},
     "incomplete", "Chosen model: care delivered at schools through a mobile clinic that "
     "travels to multiple locations.",
     ["Care at schools through a mobile clinic that travels to multiple locations: no notes "
      "yet on preferences and needs of students and families, importance of physical "
      "presence, scheduling constraints and availability of providers in your area."],
     [["Care at schools through a mobile clinic that travels to multiple locations",
       "2 of 6"]]),
    ("notes-for-an-option-not-selected", {"options": ["school-in-person"],
                                          "factor_notes": notes("school-in-person",
                                                                "mobile-clinic")},
     "ok", "Chosen model: care delivered at schools in person.",
     ["There are notes for care at schools through a mobile clinic that travels to multiple "
      "locations, but that option is not selected: select it, or clear those notes."],
     [["Care at schools in person", "6 of 6"]]),
    ("provider-office-only", {"options": ["provider-office"],
                              "factor_notes": notes("provider-office")},
     "ok", "Chosen model: care delivered at a community provider's office or care location.",
     [f"{AT_SCHOOL_CONTEXT} Consider whether some care can happen at school."],
     [["Care at a community provider's office or care location", "6 of 6"]]),
    ("unknown-option-ignored", {"options": ["rooftop"], "factor_notes": "junk"},
     "incomplete", "No option selected yet.",
     ["Select the option or options your district plans to use."], []),
]


@pytest.mark.parametrize(("values", "status", "text", "messages", "rows"),
                         [case[1:] for case in LOCATION], ids=[case[0] for case in LOCATION])
def test_location_summary(values: dict, status: str, text: str, messages: list[str],
                          rows: list) -> None:
    output = location_summary(values, Context())
    assert (output.status, output.text, output.messages, output.rows) == (
        status, text, messages, rows)


def test_location_options_and_factors_match_the_worksheet() -> None:
    fields = {f["id"]: f for f in sheet("location-format")["fields"]}
    assert [o["id"] for o in fields["options"]["options"]] == list(OPTIONS)
    assert [c["id"] for c in fields["factor_notes"]["columns"]] == list(OPTIONS)
    assert [r["id"] for r in fields["factor_notes"]["rows"]] == list(FACTORS)


# ---- the page -------------------------------------------------------------------------

FINAL_IDS = {
    "data-to-gather": ["legal_consulted", "need_sources", "groups", "services_sources",
                       "satisfaction_sources"],
    "existing-services": ["services"],
    "surveys": ["survey", "satisfaction", "recommend", "findings"],
    "needs-estimate": ["enrollment", "sources", "addressed_from", "addressed",
                       "group_enrollment", "group_need", "group_by"],
    "gaps": ["biggest_gaps", "underserved_heading", "underserved_kinds", "underserved_groups",
             "underserved_sites", "underserved_needs", "underserved"],
    "goal": ["by_date", "providers_more", "increase_percent", "target_count", "caseload", "goal",
             "success", "staff_heading", "staff"],
    "location-format": ["options", "factor_notes", "factors"],
}


def test_worksheets_are_placed_in_the_practice_order() -> None:
    placed = re.findall(r"^::: worksheet (\S+)$", PAGE.read_text(), flags=re.M)
    assert placed == ["data-to-gather", "existing-services", "surveys", "needs-estimate",
                      "gaps", "goal", "location-format", "next-steps"]


@pytest.mark.parametrize("worksheet", FINAL_IDS)
def test_field_ids_are_the_released_ones(worksheet: str) -> None:
    definition = sheet(worksheet)
    assert definition["id"] == worksheet
    assert [f["id"] for f in definition["fields"]] == FINAL_IDS[worksheet]
    for output in definition.get("computed", []):
        assert output["function"] in REGISTRY


def test_needs_estimate_starts_with_the_practice_rows() -> None:
    sources = next(f for f in sheet("needs-estimate")["fields"] if f["id"] == "sources")
    assert [c["id"] for c in sources["columns"]] == ["source", "indicated", "new", "from_file"]
    assert [r["row_id"] for r in sources["starter_rows"]] == [
        "screeners", "referrals", "crisis-events", "removal-incidents", "iep-504",
        "wellbeing-surveys", "assessments", "state-data", "other"]


def test_survey_questions_are_on_the_page_ready_to_copy() -> None:
    text = page_text()
    for question in PRACTICE_QUESTIONS:
        assert question in text, question
    for topic in ("Potential areas of need", "Ease of care navigation", "Perceived value"):
        assert f"**{topic}**" in text


def test_yrbs_context_matches_the_design_notes() -> None:
    design = (ROOT.parent / "shared" / "DESIGN.md")
    from browser_py.worksheets.needs import YRBS_CONTEXT

    assert "39.7%" in YRBS_CONTEXT
    if design.exists():
        assert "39.7% of high-school" in design.read_text()


# ---- figures --------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("", None), (" ", None), (None, None), ("2.5", Fraction(5, 2)), ("1,000.25", Fraction(
        4001, 4)), (".5", Fraction(1, 2)), ("+3", 3), ("0", 0)])
def test_parse_amount(raw: object, expected: Fraction | None) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(("raw", "message"), [
    ("two", "“two” is not a number. Enter a number such as 2.5."),
    ("1e3", "is not a number"), ("nan", "is not a number"), ("-0.5", "below zero"),
    ("2.5.1", "is not a number")])
def test_parse_amount_rejects(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_amount(raw)


def test_parse_percent_takes_a_percent_sign() -> None:
    assert parse_percent("12.5%") == Fraction(25, 2)
    assert parse_percent(" 25 ") == 25


@pytest.mark.parametrize(("part", "whole", "text"), [
    (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (1, 1, "100%"), (0, 5, "0%"),
    (1, 10_000, "less than 0.1%"), (1, 2000, "0.1%"), (397, 1000, "39.7%")])
def test_percent(part: int, whole: int, text: str) -> None:
    assert percent(part, whole) == text


def test_amounts_counts_and_dates() -> None:
    assert amount(Fraction(2468, 1000)) == "2.5"
    assert amount(Fraction(25, 1000)) == "0" and amount(Fraction(5, 100)) == "0.1"
    assert amount(Fraction(12345, 2)) == "6,172.5"
    assert amount(Fraction(5, 2), 2) == "2.5" and amount(Fraction(1, 3), 2) == "0.33"
    assert count(1234567) == "1,234,567"
    assert long_date(date(2027, 6, 5)) == "June 5, 2027"
