"""An agreement's provider: picked from the checklists (or named anew), its verdict stated
once and in the same words as the checklists and the comparison, and the district's
contact for providers, typed once in the provider packet."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import ROOT

from browser_py.core.computations import ACTIONS, REGISTRY, SUGGESTIONS, Context, suggestions
from browser_py.core.state import normalise_field
from browser_py.worksheets import agreements
from browser_py.worksheets import checklist as ck
from generator.definitions import load_worksheets

TITLES = {"partner-checklist": "Provider checklists", "partner-compare": "Compare providers",
          "provider-questions": "District profile for providers",
          "agreements": "Agreement outlines"}
CRITERIA = [
    {"row_id": "licensed", "criterion": "Licensed clinicians", "kind": "must-have"},
    {"row_id": "school-day", "criterion": "Available in the school day", "kind": "must-have"},
    {"row_id": "spanish", "criterion": "Spanish-speaking staff", "kind": "nice-to-have"},
]
ALL_AGREE = {"licensed": "agree", "school-day": "agree", "spanish": "agree"}


def checklist(row_id: str, provider: str, rater: str, verdict: str = "",
              **ratings: str) -> dict[str, Any]:
    return {"row_id": row_id, "provider": provider, "completed_by": rater, "date": "",
            "ratings": {key.replace("_", "-"): value for key, value in ratings.items()},
            "evidence_must": "", "evidence_nice": "", "verdict": verdict}


def context_of(*items: dict[str, Any], **more: dict[str, Any]) -> Context:
    state = {ck.CRITERIA_SHEET: {"criteria": CRITERIA},
             ck.CHECKLIST_SHEET: {"checklists": list(items)}, **more}
    return Context(state=state, titles=TITLES)


def judged(provider: str, context: Context) -> list[str]:
    """The lines of the outline's "How the provider was judged" for ``provider``."""
    parts = agreements.outline({"row_id": "a", "provider": provider}, context)
    return next(part for part in parts if part.title == "How the provider was judged").lines


# ---- The verdict, stated once --------------------------------------------------------


VERDICTS = [
    ("chosen-as-suggested",
     [checklist("a", "Acme", "Lee", "exceeds", **ALL_AGREE)],
     ["The working group chose “Exceeds district needs”."]),
    ("differs-with-a-failed-must-have",
     [checklist("a", "Acme", "Lee", "exceeds", licensed="disagree", school_day="agree",
                spanish="agree")],
     ["The working group chose “Exceeds district needs”.",
      "The ratings suggest “Does not meet district needs” instead (must-have rated below "
      "Agree: “Licensed clinicians”)."]),
    ("raters-chose-differently",
     [checklist("a", "Acme", "Lee", "exceeds", **ALL_AGREE),
      checklist("b", "Acme", "Kim", "meets", **ALL_AGREE)],
     ["Raters chose different verdicts: “Exceeds district needs” (Lee); “Meets district "
      "needs” (Kim). Settle on one before agreeing.",
      "The ratings suggest “Exceeds district needs” (every must-have is at Agree or "
      "above, and so are 1 of the 1 nice-to-haves)."]),
    ("judged-not-to-meet",
     [checklist("a", "Acme", "Lee", "does-not-meet", licensed="disagree")],
     ["The working group chose “Does not meet district needs”.",
      "An agreement with a provider judged “Does not meet district needs”: settle this "
      "before agreeing."]),
    ("not-chosen-yet",
     [checklist("a", "Acme", "Lee", "", **ALL_AGREE)],
     ["No verdict is chosen yet in its checklists; the ratings suggest “Exceeds district "
      "needs”."]),
    ("chosen-in-one-of-two",
     [checklist("a", "Acme", "Lee", "meets", licensed="agree", school_day="agree"),
      checklist("b", "Acme", "Kim", "", licensed="agree", school_day="agree")],
     ["The working group chose “Meets district needs”, in 1 of its 2 checklists (the others "
      "have no verdict yet)."]),
]


@pytest.mark.parametrize(("items", "expected"), [case[1:] for case in VERDICTS],
                         ids=[case[0] for case in VERDICTS])
def test_the_outline_states_the_chosen_verdict_then_once_why_it_differs(
        items: list[dict[str, Any]], expected: list[str]) -> None:
    assert judged("Acme", context_of(*items)) == expected


def test_a_provider_no_checklist_names_is_said_plainly_not_as_a_form_error() -> None:
    context = context_of(checklist("a", "Acme", "Lee", "meets", **ALL_AGREE))
    parts = agreements.outline({"row_id": "a", "provider": "Lakeview FHC"}, context)
    part = next(part for part in parts if part.title == "How the provider was judged")
    assert part.lines == ["No checklist names “Lakeview FHC” yet: rate it in “Provider "
                          "checklists” before agreeing, or pick a provider the checklists "
                          "name."]
    assert agreements.missing_text(part, context) == ""  # no "Missing:" beside it
    assert part.missing == [("a checklist that names this provider", "partner-checklist")]
    out = agreements.agreement_outlines(
        {"agreements": [{"row_id": "a", "provider": "Lakeview FHC"}]}, context)
    row = dict(out.rows)["How the provider was judged"]
    assert row == part.lines[0]
    assert "Missing" not in agreements.outlines_markdown(
        {"agreements": [{"row_id": "a", "provider": "Lakeview FHC"}]}, context).split(
        "### How the provider was judged")[1].split("###")[0]
    assert {"text": "Provider checklists", "worksheet": "partner-checklist",
            "page": ""} in out.links


def test_names_match_ignoring_case_and_spaces() -> None:
    context = context_of(checklist("a", "Lakeside  Family Counseling", "Lee", "meets",
                                   licensed="agree", school_day="agree"))
    assert judged(" lakeside family   COUNSELING ", context) == [
        "The working group chose “Meets district needs”."]


def test_the_checklists_and_the_comparison_agree_on_whose_suggestion_it_is() -> None:
    """One rater's checklist suggests "Exceeds"; the two checklists combined suggest "Does
    not meet". The checklist says both; the comparison and the outline say the combined one."""
    items = [checklist("a", "Acme", "Lee", "exceeds", **ALL_AGREE),
             checklist("b", "Acme", "Kim", "exceeds", licensed="disagree", school_day="agree",
                       spanish="agree")]
    context = context_of(*items)
    table = ck.checklist_suggestions({"checklists": items}, context)
    lee = table.rows[0]
    assert lee[3:5] == ["Exceeds district needs", "Exceeds district needs"]
    assert lee[5] == ("All 2 checklists of this provider, combined, suggest “Does not meet "
                      "district needs” (see “Compare providers”).")
    assert table.notes["a"].endswith(lee[5])
    compare = ck.provider_comparison({}, context)
    assert compare.rows[0][1] == "Does not meet district needs"  # the suggestion, combined
    assert compare.names == ["Acme: chosen Exceeds district needs; the ratings suggest Does "
                             "not meet district needs"]
    assert judged("Acme", context)[1].startswith(
        "The ratings suggest “Does not meet district needs” instead")


# ---- Picking the provider ---------------------------------------------------------------


def test_the_provider_box_offers_each_provider_the_checklists_name_once() -> None:
    context = context_of(checklist("a", "Acme Health", "Lee"),
                         checklist("b", "  acme   HEALTH ", "Kim"),
                         checklist("c", "", "Lee"),  # no name yet: nothing to offer
                         checklist("d", "Beacon Clinic", "Lee"))
    assert ck.checklist_providers(context) == ["Acme Health", "Beacon Clinic"]
    assert suggestions(["checklist_providers", "nowhere"], context) == {
        "checklist_providers": ["Acme Health", "Beacon Clinic"]}
    assert ck.checklist_providers(Context()) == []


def test_the_agreements_provider_box_offers_the_checklists_and_stays_free_text() -> None:
    sheet = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)["agreements"]
    provider = sheet.field("agreements").item_field("provider")
    assert provider.type == "text" and provider.suggestions == "checklist_providers"
    assert provider.suggestions in SUGGESTIONS
    # A new name is kept as typed: the saved value is the text, as before.
    typed = [{"row_id": "a", "provider": "A provider no checklist names"}]
    assert normalise_field(sheet.field("agreements"), typed, ("agreements", "agreements"))[
        0]["provider"] == "A provider no checklist names"


# ---- The district's contact ------------------------------------------------------------


def parties(context: Context) -> agreements.Part:
    parts = agreements.outline({"row_id": "a", "provider": "Acme"}, context)
    return next(part for part in parts if part.title == "Parties")


def test_the_outline_carries_the_districts_contact_from_the_packet() -> None:
    context = context_of(**{"provider-questions": {"district_contact": " Priya Raman, 555-0142 "}})
    assert "The district's contact for providers: Priya Raman, 555-0142" in parties(context).lines


def test_a_missing_contact_names_where_it_is_typed() -> None:
    context = context_of()
    part = parties(context)
    assert ("the district's contact for providers", "provider-questions") in part.missing
    assert "the district's contact for providers (in “District profile for providers”)" in \
        agreements.missing_text(part, context)
