"""What the goal costs under each approach and for the chosen mix: hand-worked answers."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_py.core.computations import Context
from browser_py.core.errors import DefinitionError
from browser_py.worksheets.cost_model import (
    PER_CLINICIAN,
    PER_SESSION,
    PartnerInputs,
    contract_cost,
    dollars,
    hire_cost,
    partner_cost,
    split,
)
from browser_py.worksheets.costs import cost_by_approach, cost_of_mix, costs_missing
from generator.settings import load_settings

TODAY = date(2026, 12, 7)
F = Fraction
DEFAULTS = {"salary_school_counselor": {"value": "61710", "source": "BLS OOH, May 2023"},
            "benefits_rate": {"value": "62.7", "source": "BLS ECEC, June 2025"}}


def context(target: int = 320, chosen: tuple[str, ...] = ("employ",), costs: dict | None = None,
            **settings: object) -> Context:
    """The goal adds ``target`` - 200 students (200 have access to care now)."""
    state = {
        "needs-estimate": {"enrollment": "5000", "addressed": "200", "sources": [
            {"row_id": "s", "source": "Screeners", "indicated": "400", "new": ""}]},
        "goal": {"by_date": "2028-06-15", "providers_more": "1", "increase_percent": "",
                 "target_count": str(target)},
        "approaches": {"chosen": list(chosen)},
        "costs": costs or {},
    }
    return Context(state=state, today=TODAY, settings={"cost_defaults": DEFAULTS, **settings})


# ---- Hire ---------------------------------------------------------------------------

HIRE = [
    # students, caseload, salary, benefits %, supervision, space -> cost, hires in words
    ("whole-number-hire", 120, 50, "60000", "50", "1000", "500", 274_500,
     "3 clinicians x ($60,000 salary + $30,000 benefits at 50% + $1,000 supervision + $500 "
     "space) = $274,500"),
    ("exact-clinicians", 100, 50, "60000", "50", "1000", "500", 183_000, "2 clinicians x"),
    ("one-student-one-hire", 1, 50, "60000", "0", "0", "0", 60_000, "1 clinician x"),
    ("zero-students", 0, 50, "60000", "50", "1000", "500", 0, "0 clinicians x"),
    ("benefits-rounded-to-the-dollar", 50, 50, "61710", "62.7", "0", "0", 100_402,
     "$38,692 benefits at 62.7%"),
    ("missing-salary", 120, 50, None, "50", "0", "0", None, ""),
    ("missing-supervision-and-space", 120, 50, "60000", "50", None, None, None, ""),
]


@pytest.mark.parametrize(("students", "caseload", "salary", "rate", "supervision", "space",
                          "cost", "formula"), [c[1:] for c in HIRE], ids=[c[0] for c in HIRE])
def test_hire(students: int, caseload: int, salary: str | None, rate: str,
              supervision: str | None, space: str | None, cost: int | None,
              formula: str) -> None:
    part = hire_cost(students, caseload, *(None if v is None else F(v)
                                           for v in (salary, rate, supervision, space)))
    assert part.cost == cost
    assert formula in part.formula
    if cost is None:
        assert part.missing
    else:
        assert sum(value for _name, value in part.lines) == cost


def test_hire_names_what_is_missing() -> None:
    part = hire_cost(120, 50, None, F(50), None, F(0))
    assert part.missing == ["salary", "supervision per clinician"]


# ---- Contract -----------------------------------------------------------------------

CONTRACT = [
    ("per-session", 120, PER_SESSION, "12", "150", None, 216_000,
     "120 students x 12 sessions x $150 = $216,000"),
    ("per-session-cents-round-half-up", 10, PER_SESSION, "8.5", "142.50", None, 12_113,
     "10 students x 8.5 sessions x $142.50 = $12,113"),
    ("per-clinician-part-time", 120, PER_CLINICIAN, None, None, "95000", 228_000,
     "2.4 full-time clinicians x $95,000 a year = $228,000"),
    ("zero-students", 0, PER_SESSION, "12", "150", None, 0, "0 students x"),
    ("missing-rate", 120, PER_SESSION, "12", None, "95000", None, ""),
    ("missing-price", 120, PER_CLINICIAN, "12", "150", None, None, ""),
    ("basis-not-chosen", 120, "", "12", "150", "95000", None, ""),
]


@pytest.mark.parametrize(("students", "basis", "sessions", "rate", "price", "cost", "formula"),
                         [c[1:] for c in CONTRACT], ids=[c[0] for c in CONTRACT])
def test_contract(students: int, basis: str, sessions: str | None, rate: str | None,
                  price: str | None, cost: int | None, formula: str) -> None:
    part = contract_cost(students, 50, basis, *(None if v is None else F(v)
                                                for v in (sessions, rate, price)))
    assert part.cost == cost
    assert formula in part.formula
    assert bool(part.missing) == (cost is None)


# ---- Partner at no cost -------------------------------------------------------------


def partner(space: str | None = "0", percent: str | None = "20", coordinator: str | None = "90000",
            transport: str | None = "1000", sessions: str | None = "12",
            rate: str | None = "150", medicaid: str | None = "50", private: str | None = "40",
            none: str | None = "10") -> PartnerInputs:
    def read(value: str | None) -> Fraction | None:
        return None if value is None else F(value)
    return PartnerInputs(read(space), read(percent), read(coordinator), read(transport),
                         read(sessions), read(rate), {"medicaid": read(medicaid),
                                                      "private": read(private),
                                                      "none": read(none)})


PARTNER = [
    # 12 uninsured students x 12 sessions x $150 = $21,600; coordinator 20% of $90,000.
    ("district-costs-and-gap", 120, partner(), 40_600,
     "$0 space + $18,000 coordinator (20% of $90,000) + $1,000 transport + $21,600 "
     "uninsured care (12 students x 12 sessions x $150) = $40,600"),
    ("half-a-student-uninsured", 25, partner(none="10", medicaid="60", private="30",
                                             sessions="10", rate="100"), 21_500,
     "2.5 students x 10 sessions x $100"),
    ("everyone-covered", 120, partner(none="0", medicaid="100", private="0"), 19_000,
     "$0 uninsured care"),
    ("zero-students", 0, partner(), 19_000, "$0 uninsured care"),
    ("missing-transport", 120, partner(transport=None), None, ""),
    ("missing-coverage", 120, partner(none=None), None, ""),
]


@pytest.mark.parametrize(("students", "given", "cost", "formula"),
                         [c[1:] for c in PARTNER], ids=[c[0] for c in PARTNER])
def test_partner(students: int, given: PartnerInputs, cost: int | None, formula: str) -> None:
    part = partner_cost(students, given)
    assert part.cost == cost
    assert formula in part.formula
    if cost is not None:
        assert sum(value for _name, value in part.lines) == cost


def test_partner_says_what_insurance_pays() -> None:
    part = partner_cost(120, partner())
    # 60 students on Medicaid or CHIP x 12 x $150; 48 privately insured x 12 x $150.
    assert part.notes[0].startswith("The partner bills Medicaid or CHIP for about $108,000")
    assert part.notes[1].startswith("The partner bills private insurance for about $86,400")


@pytest.mark.parametrize(("shares", "total"), [(("50", "40", "5"), "95"),
                                               (("60", "40", "10"), "110"),
                                               (("33.3", "33.3", "33.3"), "99.9")])
def test_coverage_shares_must_add_up_to_100(shares: tuple[str, str, str], total: str) -> None:
    medicaid, private, none = shares
    part = partner_cost(120, partner(medicaid=medicaid, private=private, none=none))
    assert part.cost is None
    assert part.problems == [
        f"The students' coverage adds up to {total}%, not 100% (Medicaid or CHIP, private "
        "insurance and no coverage): change the shares so that they add up to 100%."]


# ---- The worksheet's results --------------------------------------------------------

FULL = {"hire_role": "school-counselor", "supervision": "5000", "space": "2000",
        "contract_basis": "per-session", "sessions_per_student": "12", "session_rate": "150",
        "partner_space": "0", "coordinator_percent": "20", "coordinator_cost": "90000",
        "transport": "1000",
        "coverage": {"medicaid": {"share": "50"}, "private": {"share": "40"},
                     "none": {"share": "10"}},
        "mix": {"employ": {"share": "50"}, "contract": {"share": "25"},
                "partner": {"share": "25"}}}


def test_each_approach_side_by_side_with_defaults_named() -> None:
    result = cost_by_approach(FULL, context()).as_dict()
    assert result["status"] == "ok"
    # 120 students: 3 counselors x ($61,710 + $38,692 + $5,000 + $2,000).
    assert [row[3] for row in result["rows"]] == ["$322,206", "$216,000", "$40,600"]
    assert [row[4] for row in result["rows"]] == ["$2,685", "$1,800", "$338"]
    assumptions = result["more_tables"][0]["rows"]
    assert assumptions[0] == ["Salary of one full-time clinician", "$61,710",
                              "default from BLS OOH, May 2023"]
    assert assumptions[2] == ["Supervision per clinician per year", "$5,000", "as entered"]
    assert [row["text"] for row in result["chart"]["shapes"] if row["type"] == "text"] == [
        "Hire", "$322,206", "Contract", "$216,000", "Partner at no cost", "$40,600"]


def test_the_mix_adds_up() -> None:
    ctx = context(chosen=("partner", "employ", "contract"), costs=FULL)
    result = cost_of_mix(FULL, ctx).as_dict()
    assert result["status"] == "ok"
    # 60 students hired for: 1.2 clinicians -> 2 people x $106,402 = $212,804 + benefits...
    assert result["rows"][-1] == [
        "Total", "120", "100%",
        "$214,804 hire + $54,000 contract + $24,400 partner at no cost = $293,204",
        "$293,204"]
    assert result["text"] == (
        "The mix you chose costs $293,204 a year ($214,804 hire + $54,000 contract + $24,400 "
        "partner at no cost = $293,204), $2,443 for each of the 120 more students served.")
    assert costs_missing(FULL, ctx).missing == []


def test_one_approach_serves_every_added_student() -> None:
    result = cost_of_mix(FULL, context(chosen=("contract",))).as_dict()
    assert result["rows"][-1][-1] == "$216,000"


MIX_PROBLEMS = [
    ("shares-missing", {"employ": {"share": "50"}}, ("employ", "contract"),
     "Enter the share of the added students that Contract will serve"),
    ("shares-not-100", {"employ": {"share": "50"}, "contract": {"share": "40"}},
     ("employ", "contract"), "The shares of the mix add up to 90%, not 100%"),
]


@pytest.mark.parametrize(("mix", "chosen", "message"), [c[1:] for c in MIX_PROBLEMS],
                         ids=[c[0] for c in MIX_PROBLEMS])
def test_mix_shares_are_checked(mix: dict, chosen: tuple[str, ...], message: str) -> None:
    values = {**FULL, "mix": mix}
    result = cost_of_mix(values, context(chosen=chosen)).as_dict()
    assert result["status"] == "incomplete"
    assert any(m.startswith(message) for m in result["messages"])


def test_without_a_default_the_district_types_the_salary() -> None:
    values = {**FULL, "hire_role": "school-psychologist"}
    result = cost_by_approach(values, context()).as_dict()
    assert result["status"] == "incomplete"
    assert result["messages"][0] == ("Enter the salary of one full-time clinician: this "
                                     "edition has no default salary for a school psychologist.")
    assert result["rows"][0][3] == ""
    assert "Hire: enter salary to see its cost." in result["messages"]


def test_a_typed_figure_wins_over_the_default() -> None:
    values = {**FULL, "salary": "$70,000", "benefits_rate": "40%"}
    result = cost_by_approach(values, context()).as_dict()
    assert result["rows"][0][2].startswith("3 clinicians x ($70,000 salary + $28,000 benefits")
    assert result["more_tables"][0]["rows"][0][2] == "as entered"


def test_a_typo_is_named() -> None:
    result = cost_by_approach({**FULL, "session_rate": "about 150"}, context()).as_dict()
    assert result["status"] == "error"
    assert result["messages"] == ["Rate per session: “about 150” is not a number. Enter a "
                                  "number such as 1500."]


def test_costs_wait_for_the_goal() -> None:
    ctx = context()
    ctx.state["goal"] = {}
    result = cost_by_approach(FULL, ctx).as_dict()
    assert result["status"] == "incomplete"
    assert result["links"][0]["worksheet"] == "goal"


@pytest.mark.parametrize(("students", "shares", "expected"), [
    (120, {"employ": F(50), "contract": F(25), "partner": F(25)},
     {"employ": 60, "contract": 30, "partner": 30}),
    (10, {"employ": F(100, 3), "contract": F(100, 3), "partner": F(100, 3)},
     {"employ": 4, "contract": 3, "partner": 3}),
    (7, {"employ": F(50), "partner": F(50)}, {"employ": 4, "partner": 3}),
    (0, {"employ": F(100)}, {"employ": 0}),
])
def test_split_gives_whole_students(students: int, shares: dict, expected: dict) -> None:
    assert split(students, shares) == expected


@pytest.mark.parametrize(("value", "text"), [(F(0), "$0"), (F(1234567), "$1,234,567"),
                                             (F(1, 2), "$1"), (F(99999, 100), "$1,000")])
def test_dollars(value: Fraction, text: str) -> None:
    assert dollars(value) == text


def _amount(text: str) -> int:
    return int(text.replace("$", "").replace(",", ""))


@settings(max_examples=60, deadline=None)
@given(chosen=st.lists(st.sampled_from(["employ", "contract", "partner"]), min_size=1,
                       max_size=3, unique=True),
       cuts=st.lists(st.integers(0, 100), min_size=2, max_size=2),
       target=st.integers(201, 2000), salary=st.integers(0, 150_000),
       rate=st.decimals(0, 100, places=1), session=st.decimals(0, 400, places=2),
       sessions=st.integers(0, 40), none=st.integers(0, 100),
       basis=st.sampled_from(["per-session", "per-clinician"]))
def test_blended_cost_is_the_sum_of_its_parts(chosen: list[str], cuts: list[int], target: int,
                                              salary: int, rate: object, session: object,
                                              sessions: int, none: int, basis: str) -> None:
    bounds = [0, *sorted(cuts)[:len(chosen) - 1], 100]
    shares = {key: bounds[i + 1] - bounds[i] for i, key in enumerate(chosen)}
    values = {**FULL, "salary": str(salary), "benefits_rate": str(rate),
              "session_rate": str(session), "sessions_per_student": str(sessions),
              "contract_basis": basis, "clinician_price": "88000",
              "coverage": {"medicaid": {"share": str(100 - none)}, "private": {"share": "0"},
                           "none": {"share": str(none)}},
              "mix": {key: {"share": str(value)} for key, value in shares.items()}}
    result = cost_of_mix(values, context(target=target, chosen=tuple(chosen))).as_dict()
    assert result["status"] == "ok", result["messages"]
    *parts, total = result["rows"]
    assert _amount(total[-1]) == sum(_amount(row[-1]) for row in parts)
    assert sum(int(row[1].replace(",", "")) for row in parts) == target - 200
    assert total[3].endswith(f"= {total[-1]}")


# ---- The edition's defaults ---------------------------------------------------------


def test_the_standard_edition_names_the_source_of_each_default() -> None:
    found = load_settings(ROOT / "content" / "settings.yml", ROOT / "content")
    defaults = found.for_browser()["cost_defaults"]
    assert defaults["salary_school_counselor"]["value"] == "61710"
    assert "May 2023" in defaults["salary_school_counselor"]["source"]
    assert defaults["benefits_rate"]["value"] == "62.7"
    assert "June 2025" in defaults["benefits_rate"]["source"]
    assert "salary_school_psychologist" not in defaults


@pytest.mark.parametrize(("text", "expected"), [
    ("cost_defaults: {salary: {value: 1, source: x}}", "only the keys"),
    ("cost_defaults: {session_rate: 150}", "a mapping with a value and its source"),
    ("cost_defaults: {session_rate: {value: -1, source: x}}", "a number of zero or more"),
    ("cost_defaults: {session_rate: {value: 150, source: ''}}", "source and year"),
])
def test_a_bad_default_is_named(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "edition.yml"
    path.write_text(text + "\n")
    with pytest.raises(DefinitionError) as caught:
        load_settings(path, ROOT / "content", display="edition.yml")
    assert "cost_defaults" in str(caught.value) and expected in str(caught.value)


# ---- The shareable report -----------------------------------------------------------


@pytest.mark.parametrize(("target", "chosen", "shown"), [
    (320, ("contract",), True),  # 120 more students: shown
    (205, ("contract",), False),  # 5 more students: hidden, and every cost with them
])
def test_costs_follow_the_small_count_rule_when_shared(target: int, chosen: tuple[str, ...],
                                                       shown: bool) -> None:
    from browser_py.documents.shareable import share

    ctx = context(target=target, chosen=chosen, costs=FULL)
    outputs = share(ctx.state, ctx).worksheets["costs"].outputs
    texts = [output.text for output in outputs.values()]
    assert all(text.startswith("Not in the shareable version") for text in texts) != shown


def test_a_split_between_approaches_is_not_shared() -> None:
    from browser_py.documents.shareable import share

    ctx = context(chosen=("partner", "employ", "contract"), costs=FULL)
    outputs = share(ctx.state, ctx).worksheets["costs"].outputs
    assert outputs["mix-cost"].text.startswith("Not in the shareable version: it splits")


def _shared(ctx: Context):
    from browser_py.documents.shareable import share

    return share(ctx.state, ctx).worksheets


def _with_funding(ctx: Context) -> Context:
    ctx.state["funding"] = {"sources": [{"row_id": "g", "source": "General fund",
                                         "amount": "5000", "first": "", "last": "",
                                         "pays_for": "any"}]}
    return ctx


def test_the_funding_by_year_never_shows_a_hidden_added_capacity() -> None:
    """6 more students under a contract of 12 sessions at $150: the yearly cost ($10,800)
    would give the 6 back, so the shareable funding by year is left out with the costs."""
    shared = _shared(_with_funding(context(target=206, chosen=("contract",), costs=FULL)))
    assert shared["funding"].outputs["by-year"].text.startswith(
        "Not in the shareable version")
    assert "10,800" not in str(shared["funding"].outputs["by-year"].as_dict())
    shown = _shared(_with_funding(context(target=320, chosen=("contract",), costs=FULL)))
    assert shown["funding"].outputs["by-year"].status == "ok"


def test_a_split_hides_the_mix_shares_and_the_funding_by_year() -> None:
    shared = _shared(_with_funding(context(chosen=("partner", "employ", "contract"),
                                           costs=FULL)))
    cells = shared["costs"].cells
    assert {cells[("mix", row, "share")] for row in ("employ", "contract", "partner")} == {
        "hidden"}
    assert shared["funding"].outputs["by-year"].text.startswith(
        "Not in the shareable version")


def test_a_small_projection_of_uninsured_students_leaves_the_costs_by_approach_out() -> None:
    """40 more students with 10% uninsured project 4 uninsured students: under 10."""
    shared = _shared(context(target=240, chosen=("partner",), costs=FULL))
    assert shared["costs"].outputs["by-approach"].text.startswith(
        "Not in the shareable version")
    assert shared["costs"].cells[("coverage", "none", "share")] == "hidden"
    many = _shared(context(target=320, chosen=("partner",), costs=FULL))  # 12 projected
    assert many["costs"].outputs["by-approach"].status == "ok"


def test_priced_costs_are_complete_and_unpriced_ones_say_what_is_missing() -> None:
    """Every box is optional, yet the worksheet can be complete: once each chosen
    approach is priced (before, it could only ever be "Started")."""
    from browser_py.worksheets.costs import costs_missing

    check = costs_missing(FULL, context(chosen=("employ",)))
    assert check.missing == [] and check.progress == (1, 1)
    unpriced = costs_missing({}, context(chosen=("contract",)))
    assert unpriced.missing and unpriced.progress is None


@pytest.mark.parametrize(("none", "hidden"), [
    ("10", True),  # 40 more students: 4 projected without coverage
    ("0", True),  # none at all: zero about students is hidden like any small count
    ("25", False),  # 10 projected: shown
])
def test_a_partnership_with_few_uninsured_students_keeps_its_cost_out(none: str,
                                                                      hidden: bool) -> None:
    """A partnership's yearly cost holds its uninsured students' care: with the sessions,
    the rate and the district's own costs shared as typed, the dollars would give a small
    projected count back. So the mix's cost and the funding by year stay out with it."""
    costs = {**FULL, "coverage": {"medicaid": {"share": str(90 - int(none))},
                                  "private": {"share": "10"}, "none": {"share": none}}}
    shared = _shared(_with_funding(context(target=240, chosen=("partner",), costs=costs)))
    outputs = [shared["costs"].outputs["mix-cost"], shared["funding"].outputs["by-year"]]
    if hidden:
        assert outputs[0].text == ("Not in the shareable version: it would show how many "
                                   "students have no health coverage, a count under 10.")
        assert outputs[1].text == ("Not in the shareable version: it holds the yearly cost "
                                   "of the mix, which would show how many students have no "
                                   "health coverage, a count under 10.")
    else:
        assert [output.status for output in outputs] == ["ok", "ok"]
    # A contract has no uninsured students: its cost is shared whatever the coverage.
    contract = _shared(_with_funding(context(target=240, chosen=("contract",), costs=costs)))
    assert contract["costs"].outputs["mix-cost"].status == "ok"
