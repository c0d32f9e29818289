"""One pathway per agreement: an agreement whose provider works differently gets its own
steps and, where it differs, its own crisis entries; its outline, target and check-ins
are built from them and say so."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from helpers import ROOT

from browser_py.core.computations import Context
from browser_py.worksheets import agreement_pathways as paths
from browser_py.worksheets import agreements, pathway

STATES = Path(__file__).parent / "fixtures" / "states"
PART = "Referral pathway and crisis plan"
TITLES = {pathway.SHEET: "Referral pathway and crisis plan",
          agreements.AGREEMENTS: "Agreement outlines"}

#: Bayview's own pathway: referral by phone, first appointment at its clinic.
OWN_STEPS = [
    {"row_id": "b1", "step": "The school counselor phones the referral to Bayview's intake line",
     "school_owner": "School counselor", "provider_owner": "Intake line", "days": "1",
     "wait": True, "information": "The referral and the family's contact details",
     "direction": "to-provider", "consent": "Family's release of information to Bayview"},
    {"row_id": "b2", "step": "First appointment at Bayview's clinic",
     "school_owner": "Principal", "provider_owner": "Clinician", "days": "4", "wait": True},
]


def full() -> dict[str, Any]:
    return json.loads((STATES / "full.json").read_text(encoding="utf-8"))["worksheets"]


def with_own(sheets: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The full fixture with its second agreement (Bayview) on a pathway of its own."""
    sheets = copy.deepcopy(sheets)
    sheets["agreements"]["agreements"][1].update(
        own_pathway=True, pathway_steps=copy.deepcopy(OWN_STEPS), **extra)
    return sheets


def context_of(sheets: dict[str, Any]) -> Context:
    return Context(state=sheets, today=date(2027, 3, 20), titles=TITLES,
                   pages={pathway.SHEET: "partnerships/", agreements.AGREEMENTS: "partnerships/"})


def part_of(sheets: dict[str, Any], number: int, title: str = PART) -> agreements.Part:
    item = sheets["agreements"]["agreements"][number]
    return next(part for part in agreements.outline(item, context_of(sheets))
                if part.title == title)


def test_the_agreement_steps_have_the_district_steps_columns() -> None:
    """Both tables are read by one reader: their columns never drift apart."""
    def columns(path: Path, field: str, inner: str | None = None) -> list[Any]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = next(f for f in data["fields"] if f["id"] == field)
        if inner:
            spec = next(f for f in spec["fields"] if f["id"] == inner)
        return spec["columns"]
    sheets = ROOT / "content" / "worksheets"
    assert columns(sheets / "agreements.yml", "agreements", paths.STEPS) == columns(
        sheets / "referral-pathway.yml", "steps")


def test_an_outline_says_it_uses_the_districts_pathway() -> None:
    part = part_of(full(), 0)
    assert part.lines[0] == ("This outline uses the district's referral pathway and crisis "
                             "plan, from “Referral pathway and crisis plan”.")
    assert "4. The school sends the referral to the provider" in "\n".join(part.lines)


def test_an_agreement_on_its_own_pathway_gets_an_outline_from_its_own_steps() -> None:
    sheets = with_own(full(), crisis_school="Bayview's on-call supervisor, 555-0190")
    part = part_of(sheets, 1)
    text = "\n".join(part.lines)
    assert part.lines[0] == (
        "This outline uses this provider's own referral pathway, set out in this "
        "agreement's entries, not the district's. Its crisis plan is the district's, except "
        "where this agreement sets its own: whom its staff call at the school.")
    for expected in (
            "1. The school counselor phones the referral to Bayview's intake line (school: "
            "School counselor; provider: Intake line; 1 school day)",
            "2. First appointment at Bayview's clinic (school: Principal; provider: "
            "Clinician; 4 school days)",
            "Target from referral to a first appointment: 5 school days.",
            "(school to provider; consent: Family's release of information to Bayview)",
            "Crisis plan, call at the school: Bayview's on-call supervisor, 555-0190",
            "Crisis plan, local mobile crisis team: County mobile crisis team, 555-0142"):
        assert expected in text, expected
    assert "The school sends the referral to the provider" not in text
    assert not part.missing
    metrics = part_of(sheets, 1, "Success metrics")
    assert ("Target: at most 5 school days from referral to a first appointment (its own "
            "referral pathway).") in metrics.lines
    # The other agreement keeps the district's pathway and its target.
    assert "Target from referral to a first appointment: 10 school days." in part_of(
        sheets, 0).lines


def test_what_its_own_steps_miss_is_one_part_of_the_agreements_own_entries() -> None:
    steps = copy.deepcopy(OWN_STEPS)
    steps[1].update(school_owner="", provider_owner="", days="")
    sheets = with_own(full())
    sheets["agreements"]["agreements"][1]["pathway_steps"] = steps
    part = part_of(sheets, 1)
    assert part.missing == [("for its own referral pathway, an owner for step 2; a target "
                             "in school days for step 2", agreements.AGREEMENTS)]
    output = agreements.agreement_outlines(sheets["agreements"], context_of(sheets))
    row = next(row for row in output.more_tables[0][1] if row[0] == PART)
    assert ("Missing: for its own referral pathway, an owner for step 2; a target in school "
            "days for step 2 (in this agreement's entries).") in row[1]
    # Its own pathway is one more part of this agreement's own entries: 12 + 1.
    assert output.progress is not None and output.progress[1] == 12 + 13


def test_its_own_pathway_without_steps_asks_for_them_there() -> None:
    sheets = with_own(full())
    sheets["agreements"]["agreements"][1]["pathway_steps"] = []
    part = part_of(sheets, 1)
    assert part.missing == [("for its own referral pathway, the steps of the referral "
                             "pathway", agreements.AGREEMENTS)]
    [_lakeside, bayview] = paths.entries(sheets["agreements"])
    assert paths.note(paths.chosen(bayview, context_of(sheets))).startswith(
        "Follows a pathway of its own, but no steps are entered yet")


def test_the_districts_crisis_gaps_stay_with_the_districts_worksheet() -> None:
    sheets = with_own(full(), crisis_mobile="Bayview's mobile team, 555-0170")
    sheets[pathway.SHEET]["crisis_steps"] = ""
    assert part_of(sheets, 1).missing == [(
        "a complete crisis plan (still missing: what the provider on site does)",
        pathway.SHEET)]
    sheets["agreements"]["agreements"][1]["crisis_steps"] = "Stays with the student."
    assert part_of(sheets, 1).missing == []  # its own entry fills that part


def test_own_entries_are_not_used_until_the_box_is_ticked() -> None:
    sheets = with_own(full())
    sheets["agreements"]["agreements"][1]["own_pathway"] = False
    part = part_of(sheets, 1)
    assert part.lines[0].endswith(
        "Steps or crisis entries of this agreement's own are not used: tick “This provider "
        "follows a referral pathway of its own” to use them.")
    assert "Target from referral to a first appointment: 10 school days." in part.lines
    result = paths.agreement_pathways(sheets["agreements"], context_of(sheets))
    assert result.notes["agreement-bayview"].startswith(
        "Follows the district's referral pathway: the steps and crisis entries below are "
        "not used")


def test_which_pathway_each_agreement_follows() -> None:
    sheets = with_own(full(), crisis_school="Bayview's on-call supervisor")
    result = paths.agreement_pathways(sheets["agreements"], context_of(sheets))
    assert result.status == "ok"
    assert result.text == ("Bayview Community Mental Health Services follows a pathway of "
                           "its own; the other agreement follows the district's referral "
                           "pathway.")
    assert result.rows == [
        ["Lakeside Family Counseling Center", "The district's", "10 school days",
         "The district's"],
        ["Bayview Community Mental Health Services", "Its own", "5 school days",
         "The district's, except whom its staff call at the school"]]
    assert result.notes == {
        "agreement-lakeside": "Follows the district's referral pathway and crisis plan.",
        "agreement-bayview": "Follows a pathway of its own: 2 steps, target 5 school days. "
                             "Its crisis plan is the district's, except where this "
                             "agreement sets its own: whom its staff call at the school."}
    assert paths.agreement_pathways(full()["agreements"], context_of(full())).text == (
        "All 2 agreements follow the district's referral pathway.")


def test_the_wait_is_held_against_the_target_of_the_partners_own_pathway() -> None:
    sheets = with_own(full())
    checkins = {"checkins": [
        {"row_id": "c1", "date": "2027-02-02", "partner": "Lakeside Family Counseling Center",
         "seen": "5", "wait": "9"},
        {"row_id": "c2", "date": "2027-03-02",
         "partner": "  bayview community mental health services ", "seen": "4", "wait": "7"}]}
    result = paths.checkin_wait(checkins, context_of(sheets))
    assert [row[3:] for row in result.rows] == [["Met", "10 school days"],
                                                ["Missed", "5 school days"]]
    assert result.text == (
        "Target missed: 7 days on average at the check-in of March 2, 2027, 2 more than the "
        "target of 5 school days in the pathway Bayview Community Mental Health Services "
        "follows.")
    checkins["checkins"][1]["wait"] = "5"
    assert paths.checkin_wait(checkins, context_of(sheets)).text.startswith(
        "Target met: 5 days on average at the check-in of March 2, 2027, within the target "
        "of 5 school days in the pathway")
