"""The goal builder, the clinicians it takes, and staff against the recommended ratios."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction

import pytest
from helpers import ROOT
from hypothesis import given
from hypothesis import strategies as st

from browser_py.core.computations import Context
from browser_py.worksheets.goals import (
    DEFAULT_CASELOAD_PER_CLINICIAN,
    ROLES,
    caseload,
    clinicians_needed,
    goal_numbers,
    goal_sentence,
    recommended_positions,
    shortfall,
    staffing_ratios,
)

TODAY = date(2026, 1, 15)


def needs(need: int = 400, addressed: int | str = 200, enrollment: int | str = 5000) -> dict:
    return {"enrollment": str(enrollment), "addressed": str(addressed),
            "sources": [{"row_id": "s", "source": "Screeners", "indicated": str(need),
                         "new": ""}]}


def context(needs_values: dict | None = None, **settings) -> Context:
    state = {"needs-estimate": needs() if needs_values is None else needs_values}
    return Context(state=state, today=TODAY, settings=settings)


def goal(**values) -> dict:
    return {"by_date": "2027-06-15", "providers_more": "1", "increase_percent": "",
            "target_count": "", **values}


# ---- the sentence ---------------------------------------------------------------------

SENTENCES = [
    ("practice-example", goal(increase_percent="25"), None, "ok",
     "By June 15, 2027, we will partner with at least one additional community provider, "
     "increasing the total number of students who have access to care by 25 percent, from "
     "200 to 250 students.", []),
    ("several-providers-in-words", goal(providers_more="3", increase_percent="12.5"), None,
     "ok", "By June 15, 2027, we will partner with at least three additional community "
     "providers, increasing the total number of students who have access to care by 12.5 "
     "percent, from 200 to 225 students.", []),
    ("percent-sign-and-rounding-up", goal(increase_percent="10%"), needs(addressed=205), "ok",
     "By June 15, 2027, we will partner with at least one additional community provider, "
     "increasing the total number of students who have access to care by 10 percent, from "
     "205 to 226 students.", []),
    ("target-count", goal(target_count="300", providers_more="12"), None, "ok",
     "By June 15, 2027, we will partner with at least 12 additional community providers, "
     "increasing the total number of students who have access to care to 300 students (50 "
     "percent more).", []),
    ("percent-without-baseline", goal(increase_percent="25"), needs(addressed=""),
     "ok", "By June 15, 2027, we will partner with at least one additional community provider, "
     "increasing the total number of students who have access to care by 25 percent.", []),
    ("nothing-yet", {}, None, "incomplete",
     "By [date], we will partner with at least [number] additional community providers, "
     "increasing the total number of students who have access to care by [percentage] "
     "percent.",
     ["Choose the date by which the goal will be met.",
      "Enter how many more community providers you will partner with.",
      "Enter a percentage increase, or a target number of students with access to care."]),
    ("date-passed", goal(by_date="2025-06-30", increase_percent="25"), None, "incomplete",
     "By June 30, 2025, we will partner", ["The date (June 30, 2025) has passed: choose a date "
                                           "in the future."]),
    ("both-percent-and-target", goal(increase_percent="25", target_count="300"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["Enter either a percentage or a target number of students, not both: clear one of "
      "them."]),
    ("zero-percent", goal(increase_percent="0"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["Increase by (percent): enter a percentage above 0."]),
    ("percent-not-a-number", goal(increase_percent="a quarter"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["Increase by (percent): “a quarter” is not a number. Enter a number such as 25."]),
    ("negative-percent", goal(increase_percent="-5"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["Increase by (percent): -5 is below zero. Enter zero or more."]),
    ("zero-providers", goal(providers_more="0", increase_percent="25"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["More community providers: enter 1 or more. The goal is to partner with at least one "
      "additional provider."]),
    ("fraction-of-a-provider", goal(providers_more="1.5", increase_percent="25"), None,
     "error", "Fix the entries below to see the goal sentence.",
     ["More community providers: 1.5 is not a whole number. Enter a whole number of "
      "providers."]),
    ("providers-not-a-number", goal(providers_more="a few", increase_percent="25"), None,
     "error", "Fix the entries below to see the goal sentence.",
     ["More community providers: “a few” is not a number. Enter a number such as 12."]),
    ("target-not-above-baseline", goal(target_count="150"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["The target (150 students) is not more than the 200 students with access to care now. "
      "Enter a larger target."]),
    ("target-above-enrollment", goal(target_count="6000"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["The target (6,000 students with access to care) is more than the 5,000 students "
      "enrolled. Enter a smaller target."]),
    ("percent-above-enrollment", goal(increase_percent="5000"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["The target (10,200 students with access to care) is more than the 5,000 students "
      "enrolled. Enter a smaller percentage."]),
    ("percent-of-nobody", goal(increase_percent="25"), needs(addressed=0), "error",
     "Fix the entries below to see the goal sentence.",
     ["No students have access to care now (the need already addressed is 0), so a "
      "percentage adds none: enter a target number of students instead."]),
    ("bad-target", goal(target_count="three hundred"), None, "error",
     "Fix the entries below to see the goal sentence.",
     ["Target number of students: “three hundred” is not a number. Enter a whole number such "
      "as 120."]),
]


@pytest.mark.parametrize(("values", "needs_values", "status", "text", "messages"),
                         [case[1:] for case in SENTENCES], ids=[case[0] for case in SENTENCES])
def test_goal_sentence(values: dict, needs_values: dict | None, status: str, text: str,
                       messages: list[str]) -> None:
    output = goal_sentence(values, context(needs_values))
    assert output.status == status, output.messages
    assert output.text.startswith(text), output.text
    assert output.messages == messages


# ---- what the goal means in numbers ----------------------------------------------------

NUMBERS = [
    ("practice-example", goal(increase_percent="25"), None, {}, "ok",
     "The goal gives 50 more students access to care, closing 25% of the unmet need. That is "
     "about 1 full-time clinician, if each serves 50 students a year.", [],
     {"Students with access to care now (need already addressed)": "200",
      "Target: students with access to care": "250",
      "Added capacity: more students with access to care": "50", "Unmet need now": "200",
      "Share of the unmet need the goal closes": "25%",
      "Unmet need left when the goal is met": "150",
      "Full-time clinicians needed for the added capacity": "1",
      "Clinicians to hire or contract (whole people)": "1",
      "Students one full-time clinician serves in a year (this edition assumes)": "50"}),
    ("clinicians-round-up-to-a-tenth", goal(target_count="261"), None, {}, "ok",
     "The goal gives 61 more students access to care, closing 30.5% of the unmet need. That "
     "is about 1.3 full-time clinicians (2 clinicians to hire), if each serves 50 students "
     "a year.", [],
     {"Full-time clinicians needed for the added capacity": "1.3",
      "Clinicians to hire or contract (whole people)": "2"}),
    ("caseload-entered", goal(target_count="261", caseload="30"), None,
     {"caseload_per_clinician": 40}, "ok",
     "The goal gives 61 more students access to care, closing 30.5% of the unmet need. That "
     "is about 2.1 full-time clinicians (3 clinicians to hire), if each serves 30 students "
     "a year.", [],
     {"Students one full-time clinician serves in a year (as entered)": "30"}),
    ("caseload-not-a-number", goal(target_count="261", caseload="many"), None, {}, "ok",
     "The goal gives 61 more students access to care", ["Students per clinician: “many” is "
                                                           "not a number."], {}),
    ("caseload-from-settings", goal(target_count="300"), None,
     {"caseload_per_clinician": 40}, "ok",
     "The goal gives 100 more students access to care, closing 50% of the unmet need. That "
     "is about 2.5 full-time clinicians (3 clinicians to hire), if each serves 40 students "
     "a year.", [],
     {"Students one full-time clinician serves in a year (this edition assumes)": "40"}),
    ("bad-caseload-setting", goal(target_count="300"), None, {"caseload_per_clinician": "x"},
     "ok", "The goal gives 100 more students access to care",
     ["The site setting caseload_per_clinician ('x') is not a whole number above 0, so 50 "
      "students per clinician is assumed."], {}),
    ("more-than-the-unmet-need", goal(target_count="500"), needs(need=400), {}, "ok",
     "The goal gives 300 more students access to care, closing 100% of the unmet need.",
     ["The goal adds more places (300) than the unmet need (200). Check the needs estimate, "
      "or lower the goal."], {"Unmet need left when the goal is met": "0"}),
    ("no-unmet-need", goal(target_count="450"), needs(need=400, addressed=400), {}, "ok",
     "The goal gives 50 more students access to care. The needs estimate shows no unmet "
     "need.", ["The goal adds more places (50) than the unmet need (0)."],
     {"Share of the unmet need the goal closes": "no unmet need"}),
    ("needs-estimate-to-fix", goal(increase_percent="25"),
     needs(need=400, addressed=500), {}, "incomplete",
     "Not yet: the goal needs a target and the needs estimate.",
     ["Fix the entries in “Estimate student need” above to see what the goal means in "
      "numbers."], {}),
    ("needs-estimate-without-addressed", goal(increase_percent="25"), needs(addressed=""), {},
     "incomplete", "Not yet: the goal needs a target and the needs estimate.",
     ["Enter the student need already addressed in “Estimate student need” above: it is the "
      "number of students with access to care now."], {}),
    ("no-target-yet", goal(), None, {}, "incomplete",
     "Not yet: the goal needs a target and the needs estimate.",
     ["Enter a percentage increase, or a target number of students with access to care."], {}),
    ("entries-to-fix", goal(increase_percent="25", target_count="300"), None, {}, "error",
     "Fix the entries below to see what the goal means in numbers.",
     ["Enter either a percentage or a target number of students, not both: clear one of "
      "them."], {}),
]


@pytest.mark.parametrize(("values", "needs_values", "settings", "status", "text", "messages",
                          "expected"),
                         [case[1:] for case in NUMBERS], ids=[case[0] for case in NUMBERS])
def test_goal_numbers(values: dict, needs_values: dict | None, settings: dict, status: str,
                      text: str, messages: list[str], expected: dict[str, str]) -> None:
    output = goal_numbers(values, context(needs_values, **settings))
    assert output.status == status, output.messages
    assert output.text.startswith(text), output.text
    for message in messages:
        assert any(m.startswith(message) for m in output.messages), output.messages
    assert len(output.messages) == len(messages), output.messages
    assert dict(output.rows).items() >= expected.items(), output.rows


def test_caseload_default_is_documented_on_the_page() -> None:
    assert caseload({}, Context()) == (DEFAULT_CASELOAD_PER_CLINICIAN, False, [])
    page = (ROOT / "content" / "needs-and-goals.md").read_text()
    assert f"about {DEFAULT_CASELOAD_PER_CLINICIAN} students a year (the default)" in page
    for role in ROLES:
        assert f"| {role.name.capitalize()} | 1 for every {role.ratio} students |" in page


# ---- staff and ratios -----------------------------------------------------------------


def staff(psychologists: str = "", counselors: str = "", social_workers: str = "") -> dict:
    return {"staff": {"psychologists": {"fte": psychologists}, "counselors": {"fte": counselors},
                      "social-workers": {"fte": social_workers}}}


RATIOS = [
    ("shortfalls", staff("4", "12.5", "0"), 5000, "ok",
     "For 5,000 students, the recommended ratios call for 10 school psychologists, 20 school "
     "counselors and 20 school social workers. Shortfall: 33.5 full-time positions in all.",
     [], [["School psychologists (recommended 1 to 500)", "4", "1 to 1,250", "10", "6"],
          ["School counselors (recommended 1 to 250)", "12.5", "1 to 400", "20", "7.5"],
          ["School social workers (recommended 1 to 250)", "0", "none on staff", "20", "20"]]),
    ("ratios-met", staff("3", "7", "8"), 1500, "ok",
     "For 1,500 students, the recommended ratios call for 3 school psychologists, 6 school "
     "counselors and 6 school social workers. Staff today meet every recommended ratio.", [],
     [["School psychologists (recommended 1 to 500)", "3", "1 to 500", "3", "0"],
      ["School counselors (recommended 1 to 250)", "7", "1 to 214", "6", "0"],
      ["School social workers (recommended 1 to 250)", "8", "1 to 188", "6", "0"]]),
    ("tenths", staff("1", "1", "1"), 1234, "ok",
     "For 1,234 students, the recommended ratios call for 2.5 school psychologists, 4.9 "
     "school counselors and 4.9 school social workers. Shortfall: 9.3 full-time positions "
     "in all.", [],
     [["School psychologists (recommended 1 to 500)", "1", "1 to 1,234", "2.5", "1.5"],
      ["School counselors (recommended 1 to 250)", "1", "1 to 1,234", "4.9", "3.9"],
      ["School social workers (recommended 1 to 250)", "1", "1 to 1,234", "4.9", "3.9"]]),
    ("missing-staff", staff("2"), 1000, "incomplete",
     "For 1,000 students, the recommended ratios call for 2 school psychologists, 4 school "
     "counselors and 4 school social workers.",
     ["Enter the full-time positions filled today for school counselors and school social "
      "workers (0 if none)."],
     [["School psychologists (recommended 1 to 500)", "2", "1 to 500", "2", "0"],
      ["School counselors (recommended 1 to 250)", "not entered", "", "4", ""],
      ["School social workers (recommended 1 to 250)", "not entered", "", "4", ""]]),
    ("bad-staff", staff("two", "-1"), 1000, "error",
     "Fix the entries below to compare staff with the recommended ratios.",
     ["School psychologists: “two” is not a number. Enter a number such as 2.5.",
      "School counselors: -1 is below zero. Enter zero or more."], []),
    ("no-enrollment", staff("2"), "", "incomplete",
     "Not yet: the comparison needs the number of students enrolled.",
     ["Enter the number of students enrolled in “Estimate student need” above."], []),
    ("enrollment-to-fix", staff("2"), "lots", "incomplete",
     "Not yet: the comparison needs the number of students enrolled.",
     ["Fix the number of students enrolled in “Estimate student need” above."], []),
]


@pytest.mark.parametrize(("values", "enrollment", "status", "text", "messages", "rows"),
                         [case[1:] for case in RATIOS], ids=[case[0] for case in RATIOS])
def test_staffing_ratios(values: dict, enrollment: int | str, status: str, text: str,
                         messages: list[str], rows: list) -> None:
    output = staffing_ratios(values, context(needs(enrollment=enrollment)))
    assert (output.status, output.text) == (status, text)
    assert output.messages == messages
    assert output.rows == rows


def test_ratios_are_those_of_the_design_notes() -> None:
    assert {role.id: role.ratio for role in ROLES} == {
        "psychologists": 500, "counselors": 250, "social-workers": 250}
    sheet = (ROOT / "content" / "worksheets" / "goal.yml").read_text()
    assert re.findall(r"1 for every (\d+) students", sheet) == ["500", "250", "250"]


# ---- properties -----------------------------------------------------------------------

enrollments = st.integers(min_value=0, max_value=2_000_000)
staff_amounts = st.fractions(min_value=0, max_value=10_000, max_denominator=100)


@given(low=enrollments, high=enrollments, have=staff_amounts,
       ratio=st.sampled_from([role.ratio for role in ROLES]))
def test_more_students_never_need_fewer_positions(low: int, high: int, have: Fraction,
                                                  ratio: int) -> None:
    low, high = sorted((low, high))
    assert recommended_positions(low, ratio) <= recommended_positions(high, ratio)
    assert shortfall(low, ratio, have) <= shortfall(high, ratio, have)


@given(enrollment=enrollments, less=staff_amounts, more=staff_amounts,
       ratio=st.sampled_from([role.ratio for role in ROLES]))
def test_more_staff_never_raise_the_shortfall(enrollment: int, less: Fraction, more: Fraction,
                                              ratio: int) -> None:
    less, more = sorted((less, more))
    assert 0 <= shortfall(enrollment, ratio, more) <= shortfall(enrollment, ratio, less)


@given(enrollment=st.integers(min_value=1, max_value=200_000),
       counselors=st.integers(min_value=0, max_value=1000))
def test_shown_shortfall_falls_as_staff_rise(enrollment: int, counselors: int) -> None:
    def shown(fte: int) -> Fraction:
        output = staffing_ratios(staff("0", str(fte), "0"), context(needs(need=0,
                                                                          enrollment=enrollment)))
        return Fraction(output.rows[1][4].replace(",", ""))

    assert shown(counselors + 1) <= shown(counselors)


@given(added=st.integers(min_value=0, max_value=100_000),
       per_clinician=st.integers(min_value=1, max_value=500))
def test_clinicians_cover_the_added_capacity(added: int, per_clinician: int) -> None:
    needed = clinicians_needed(added, per_clinician)
    assert needed * per_clinician >= added
    assert (needed - Fraction(1, 10)) * per_clinician < added or needed == 0


def test_one_position_reads_in_the_singular() -> None:
    output = staffing_ratios(staff("1", "2", "2"), context(needs(enrollment=500)))
    assert output.text.startswith("For 500 students, the recommended ratios call for 1 school "
                                  "psychologist, 2 school counselors and 2 school social "
                                  "workers."), output.text
