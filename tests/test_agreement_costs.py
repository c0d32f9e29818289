"""Who pays for what under an agreement: the outline's part in the agreement's own terms,
with hand-worked answers, what is missing and where, and what a shareable file leaves
out."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from browser_py.core.computations import Context
from browser_py.documents import document
from browser_py.worksheets import agreements
from browser_py.worksheets.agreement_costs import LEFT_OUT, who_pays

TODAY = date(2026, 12, 7)  # the school year 2026-27; the goal's (June 2028) is 2027-28
TITLES = {"costs": "What the goal costs", "funding": "Who pays, and for how long",
          "goal": "Our goal", "approaches": "Weigh the three approaches",
          "agreements": "Agreement outlines"}

#: Every figure of both arrangements: 12 sessions at $150; a contract's quote per
#: session; the partner's space $2,000, 20% of a $90,000 coordinator, $1,000 transport,
#: and the students' coverage 50% Medicaid or CHIP, 40% private, 10% none.
PRICED = {"contract_basis": "per-session", "sessions_per_student": "12",
          "session_rate": "150", "clinician_price": "90000", "partner_space": "2000",
          "coordinator_percent": "20", "coordinator_cost": "90000", "transport": "1000",
          "coverage": {"medicaid": {"share": "50"}, "private": {"share": "40"},
                       "none": {"share": "10"}}}


def source(name: str, amount: str, pays_for: str, first: str = "", last: str = "") -> dict:
    return {"row_id": name.lower().replace(" ", "-"), "source": name, "amount": amount,
            "first_year": first, "last_year": last, "pays_for": pays_for}


#: Money for both arrangements: a contract's own, the partner's costs, uninsured care.
FUNDED = {"sources": [source("Title IV-A", "100000", "contract", "2026-27", "2027-28"),
                      source("General fund", "150000", "any"),
                      source("Levy", "25000", "partner-costs"),
                      source("County grant", "20000", "uninsured-care", "2026-27",
                             "2026-27")]}


def worksheets(target: int = 320, chosen: tuple[str, ...] = ("contract",),
               costs: dict | None = None, funding: dict | None = None) -> dict[str, Any]:
    """200 students have access to care now; the goal adds ``target`` - 200 by June 15,
    2028, at 50 students per clinician."""
    return {
        "needs-estimate": {"enrollment": "5000", "addressed": "200", "sources": [
            {"row_id": "s", "source": "Screeners", "indicated": "400", "new": ""}]},
        "goal": {"by_date": "2028-06-15", "providers_more": "1", "target_count": str(target),
                 "caseload": "50"},
        "approaches": {"chosen": list(chosen)},
        "costs": copy.deepcopy(PRICED if costs is None else costs),
        "funding": copy.deepcopy(FUNDED if funding is None else funding),
    }


def context_of(sheets: dict[str, Any]) -> Context:
    return Context(state=sheets, today=TODAY, titles=TITLES)


def lines_of(arrangement: str, sheets: dict[str, Any], provider: str = "Horizon",
             others: list[str] | None = None) -> tuple[list[str], list[tuple[str, str]]]:
    return who_pays(provider, arrangement, others or [], context_of(sheets))


ANY_NOTE = ("A source for any part of the cost also pays for the plan's other costs: “Who "
            "pays, and for how long” sets every source against the whole plan, year by year.")

PRICED_CASES = [
    ("contract-per-session", "contract", worksheets(), [
        # 120 students x 12 sessions x $150
        "What the district pays Horizon each year, per session, as the provider's quote is "
        "written: 120 students x 12 sessions x $150 = $216,000.",
        "Meant to pay for it: Title IV-A, $100,000 a year, 2026-27 to 2027-28 (contracted "
        "services); General fund, $150,000 a year, from this school year, with no last year "
        "entered (any part of the cost).",
        "Together, in a year when all of them pay: $100,000 + $150,000 = $250,000.",
        "Against the $216,000 a year above: enough, in a year when all of them pay.",
        # The plan runs to 2029-30, two school years past the goal's.
        "Title IV-A pays for contracted services until 2027-28, but the plan goes on: from "
        "2028-29 its $100,000 a year must come from elsewhere, or the positions and "
        "services it pays for end with it."]),
    ("contract-per-clinician", "contract", worksheets(
        costs={**PRICED, "contract_basis": "per-clinician"},
        funding={"sources": [source("State grant", "50000", "contract", "2026-27",
                                    "2029-30")]}), [
        # 120 students at 50 each: 2.4 full-time clinicians x $90,000
        "What the district pays Horizon each year, per full-time clinician, as the "
        "provider's quote is written: 2.4 full-time clinicians x $90,000 a year = $216,000.",
        "Meant to pay for it: State grant, $50,000 a year, 2026-27 to 2029-30 (contracted "
        "services).",
        "Against the $216,000 a year above: $166,000 short ($216,000 - $50,000)."]),
    ("partner-with-coverage-shares", "partner", worksheets(chosen=("partner",)), [
        "No money goes from the district to Horizon: the provider bills students' health "
        "coverage or uses its own grants.",
        # $2,000 + 20% of $90,000 + $1,000
        "The district's own costs each year: $2,000 space + $18,000 coordinator's time (20% "
        "of $90,000) + $1,000 transport = $21,000.",
        "How Horizon is kept whole: of the 120 students the partnership is to serve, 50% "
        "have Medicaid or CHIP, 40% private insurance and 10% no coverage.",
        # 60 and 48 students x 12 sessions x $150
        "Horizon bills Medicaid or CHIP for 60 students x 12 sessions x $150 = $108,000 a "
        "year and private insurance for 48 students x 12 sessions x $150 = $86,400 a year: "
        "not a cost to the district.",
        "The uninsured gap: care for students with no coverage, 12 students x 12 sessions x "
        "$150 = $21,600 a year, which someone must fund.",
        "The district's costs and the gap together: $21,000 + $21,600 = $42,600 a year.",
        "Meant to pay for it: General fund, $150,000 a year, from this school year, with no "
        "last year entered (any part of the cost); Levy, $25,000 a year, from this school "
        "year, with no last year entered (the district's partnership costs); County grant, "
        "$20,000 a year, 2026-27 to 2026-27 (uninsured students' care).",
        "Together, in a year when all of them pay: $150,000 + $25,000 + $20,000 = $195,000.",
        "Against the $42,600 a year above: enough, in a year when all of them pay.",
        "County grant pays for uninsured students' care until 2026-27, but the plan goes "
        "on: from 2027-28 its $20,000 a year must come from elsewhere, or the positions and "
        "services it pays for end with it."]),
    ("partner-everyone-covered", "partner", worksheets(
        chosen=("partner",), costs={**PRICED, "coverage": {
            "medicaid": {"share": "100"}, "private": {"share": "0"}, "none": {"share": "0"}}},
        funding={"sources": [source("Levy", "25000", "partner-costs")]}), [
        "No money goes from the district to Horizon: the provider bills students' health "
        "coverage or uses its own grants.",
        "The district's own costs each year: $2,000 space + $18,000 coordinator's time (20% "
        "of $90,000) + $1,000 transport = $21,000.",
        "How Horizon is kept whole: of the 120 students the partnership is to serve, 100% "
        "have Medicaid or CHIP, 0% private insurance and 0% no coverage.",
        "Horizon bills Medicaid or CHIP for 120 students x 12 sessions x $150 = $216,000 a "
        "year and private insurance for 0 students x 12 sessions x $150 = $0 a year: not a "
        "cost to the district.",
        "No student served is expected to be without coverage, so there is no uninsured gap "
        "to fund.",
        "The district's costs and the gap together: $21,000 + $0 = $21,000 a year.",
        # Only the partnership's costs need a source: one kept for uninsured care is not asked.
        "Meant to pay for it: Levy, $25,000 a year, from this school year, with no last year "
        "entered (the district's partnership costs).",
        "Against the $21,000 a year above: enough, in a year when all of them pay."]),
]


@pytest.mark.parametrize(("arrangement", "sheets", "expected"),
                         [case[1:] for case in PRICED_CASES],
                         ids=[case[0] for case in PRICED_CASES])
def test_who_pays_for_what(arrangement: str, sheets: dict[str, Any],
                           expected: list[str]) -> None:
    lines, missing = lines_of(arrangement, sheets)
    assert lines == expected
    assert missing == []


CONTRACT_SOURCE = "a funding source for contracted services or any part of the cost"
PARTNER_SOURCE = ("a funding source for the district's partnership costs, uninsured "
                  "students' care or any part of the cost")
NO_FUNDING: dict = {"sources": []}

MISSING_CASES = [
    ("no-arrangement", "", worksheets(), [
        ("whether this agreement is a partnership at no cost or a contract", "agreements")]),
    ("no-goal", "contract", {**worksheets(funding=NO_FUNDING), "goal": {}}, [
        ("the goal's added capacity (the students the costs are for)", "goal"),
        (CONTRACT_SOURCE, "funding")]),
    ("contract-not-chosen", "contract", worksheets(chosen=("partner",), funding=NO_FUNDING), [
        ("contracting among the approaches chosen", "approaches"), (CONTRACT_SOURCE, "funding")]),
    ("quote-not-described", "contract", worksheets(
        costs={k: v for k, v in PRICED.items() if k != "contract_basis"}), [
        ("how the quote is written (per session or per clinician)", "costs")]),
    ("rate-not-entered", "contract", worksheets(
        costs={k: v for k, v in PRICED.items() if k not in ("session_rate",)}), [
        ("rate per session", "costs")]),
    ("partner-figures-not-entered", "partner", worksheets(
        chosen=("partner",), costs={"contract_basis": "per-session"}, funding=NO_FUNDING), [
        ("space for the partner, the coordinator's share of time, the coordinator's salary "
         "and benefits, transport to care off site, sessions per student, rate per session, "
         "the share with Medicaid or CHIP, the share with private insurance and the share "
         "with no coverage", "costs"), (PARTNER_SOURCE, "funding")]),
    ("coverage-not-adding-up", "partner", worksheets(chosen=("partner",), costs={
        **PRICED, "coverage": {"medicaid": {"share": "50"}, "private": {"share": "40"},
                               "none": {"share": "20"}}}), [
        ("coverage shares that add up to 100%", "costs")]),
    ("mix-without-shares", "partner", worksheets(chosen=("partner", "contract")), [
        ("each chosen approach's share of the added students, adding up to 100%", "costs")]),
    ("funding-year-unreadable", "contract", worksheets(funding={"sources": [
        source("Title IV-A", "100000", "contract", "next year")]}), [
        ("funding entries that can be read (fix those marked)", "funding"),
        (CONTRACT_SOURCE, "funding")]),
]


@pytest.mark.parametrize(("arrangement", "sheets", "missing"),
                         [case[1:] for case in MISSING_CASES],
                         ids=[case[0] for case in MISSING_CASES])
def test_what_is_missing_is_named_with_its_worksheet(
        arrangement: str, sheets: dict[str, Any], missing: list[tuple[str, str]]) -> None:
    _lines, found = lines_of(arrangement, sheets)
    assert found == missing


def test_the_outline_names_the_worksheet_that_holds_what_is_missing() -> None:
    sheets = worksheets(costs={k: v for k, v in PRICED.items() if k != "session_rate"})
    item = {"row_id": "a", "provider": "Horizon", "arrangement": "contract"}
    part = next(p for p in agreements.outline(item, context_of(sheets))
                if p.title == "Who pays for what")
    assert agreements.missing_text(part, context_of(sheets)) == (
        "Missing: rate per session (in “What the goal costs”).")


def test_agreements_of_one_arrangement_are_priced_together() -> None:
    lines, _missing = lines_of("contract", worksheets(), others=["Bayview", "Lakeside"])
    assert ("These figures are for all the district's contracts together: this one, "
            "Bayview and Lakeside." in lines)
    # The general fund, for any part of the cost, is shared with the other agreements;
    # alone, this agreement is the whole plan.
    assert ANY_NOTE in lines
    assert ANY_NOTE not in lines_of("contract", worksheets())[0]
    item = {"row_id": "a", "provider": "Horizon", "arrangement": "contract"}
    sheets = {**worksheets(), "agreements": {"agreements": [
        item, {"row_id": "b", "provider": "Bayview", "arrangement": "contract"},
        {"row_id": "c", "provider": "Lakeside", "arrangement": "partner"}]}}
    part = next(p for p in agreements.outline(item, context_of(sheets))
                if p.title == "Who pays for what")
    assert "These figures are for all the district's contracts together: this one and " \
           "Bayview." in part.lines


# ---- Shareable files ------------------------------------------------------------------


def outline_file(sheets: dict[str, Any], arrangement: str) -> tuple[str, list[str]]:
    """The outline's Markdown file, and the part as the page shows it."""
    item = {"row_id": "a", "provider": "Horizon", "arrangement": arrangement}
    sheets = {**sheets, "agreements": {"agreements": [item]}}
    context = context_of(sheets)
    page = next(p for p in agreements.outline(item, context) if p.title == "Who pays for what")
    return agreements.outlines_markdown(sheets["agreements"], context), page.lines


LEFT_OUT_CASES = [
    # 5 more students: under 10, hidden, and every dollar worked out from them.
    ("added-capacity-hidden", worksheets(target=205), "contract", "5 students x 12 sessions",
     "it would show a hidden count of students."),
    # Two approaches split 120 students: the counts of each may be small.
    ("split-between-approaches", worksheets(chosen=("partner", "contract"), costs={
        **PRICED, "mix": {"contract": {"share": "95"}, "partner": {"share": "5"}}}),
     "partner", "6 students the partnership is to serve",
     "it splits the students between approaches, and those counts may be small."),
    # 40 more students, 10% with no coverage: 4 projected uninsured students.
    ("few-uninsured-students", worksheets(target=240, chosen=("partner",)), "partner",
     "4 students x 12 sessions", "it would show how many students have no health "
                                 "coverage, a count under 10."),
]


@pytest.mark.parametrize(("sheets", "arrangement", "count_shown", "reason"),
                         [case[1:] for case in LEFT_OUT_CASES],
                         ids=[case[0] for case in LEFT_OUT_CASES])
def test_a_shareable_file_leaves_out_what_would_show_a_hidden_count(
        sheets: dict[str, Any], arrangement: str, count_shown: str, reason: str) -> None:
    text, page = outline_file(sheets, arrangement)
    assert any(count_shown in line for line in page), "the page shows the figures"
    assert count_shown not in text
    assert LEFT_OUT.format(reason=reason) in text.replace("\\", "")
    # What shows no count of students stays: the sources and what they pay for.
    assert "Meant to pay for it: " in text


def test_a_shareable_file_shows_costs_whose_counts_are_shown() -> None:
    text, page = outline_file(worksheets(), "contract")
    assert "120 students x 12 sessions x $150 = $216,000" in text.replace("\\", "")
    assert "left out of this file" not in text
    assert page[0] in text.replace("\\", "")


def test_the_part_reaches_every_rendering_of_the_outline() -> None:
    """One document model: the page's table, Markdown, HTML and the Word file's data."""
    item = {"row_id": "a", "provider": "Horizon", "arrangement": "contract"}
    sheets = {**worksheets(), "agreements": {"agreements": [item]}}
    context = context_of(sheets)
    said = "120 students x 12 sessions x $150 = $216,000"
    page = agreements.agreement_outlines(sheets["agreements"], context)
    assert ["Who pays for what"] == [row[0] for row in page.rows if said in row[1]]
    doc = agreements.outlines_document(sheets["agreements"], context)
    assert document.Heading("Who pays for what", 3) in doc.blocks
    assert said in agreements.outlines_markdown(sheets["agreements"], context).replace(
        "\\", "")
    assert said in agreements.outlines_html(sheets["agreements"], context)
    assert said in str(document.word_data(doc))
