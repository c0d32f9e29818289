"""The partner checklist's rules: the suggested verdict, medians, disagreement, comparison."""

from __future__ import annotations

import csv
import io

import pytest

from browser_py.core.computations import ACTIONS, REGISTRY, Context
from browser_py.worksheets import checklist as ck

P, F, U, N = ck.PASS, ck.FAIL, ck.UNKNOWN, ck.UNRATED


def named(*standings: str) -> list[tuple[str, str]]:
    return [(f"c{i}", value) for i, value in enumerate(standings, start=1)]


# (case, must-have standings, nice-to-have standings, suggested verdict)
VERDICTS = [
    ("no-must-haves", [], [P, P], ck.NO_CRITERIA),
    ("one-must-below-agree", [P, F, P], [P, P], ck.DOES_NOT_MEET),
    ("failure-beats-no-evidence", [U, F], [], ck.DOES_NOT_MEET),
    ("failure-beats-unrated", [N, F], [], ck.DOES_NOT_MEET),
    ("unrated-must", [P, N], [P], ck.INCOMPLETE),
    ("unrated-beats-no-evidence", [U, N], [], ck.INCOMPLETE),
    ("no-evidence-on-a-must", [P, U, P], [P, P, P], ck.FOLLOW_UP),
    ("all-musts-no-nices", [P, P], [], ck.MEETS),
    ("half-the-nices-is-not-most", [P], [P, P, F, F], ck.MEETS),
    ("most-nices", [P, P], [P, P, P, F], ck.EXCEEDS),
    ("the-only-nice", [P], [P], ck.EXCEEDS),
    ("no-evidence-nices-do-not-count", [P], [P, P, U, U], ck.MEETS),
    ("unrated-nices-do-not-count", [P], [P, N, N], ck.MEETS),
    ("failed-nices-never-fail", [P], [F, F, F], ck.MEETS),
    ("two-of-three-nices", [P], [P, P, U], ck.EXCEEDS),
]


@pytest.mark.parametrize(("musts", "nices", "verdict"), [c[1:] for c in VERDICTS],
                         ids=[c[0] for c in VERDICTS])
def test_verdict_rule(musts: list[str], nices: list[str], verdict: str) -> None:
    assert ck.suggest_verdict(named(*musts), named(*nices)).verdict == verdict


@pytest.mark.parametrize(("rating", "standing"), [
    ("strongly-disagree", F), ("disagree", F), ("no-evidence", U), ("agree", P),
    ("strongly-agree", P), ("", N), (None, N), ("maybe", N),
])
def test_standing_of_one_rating(rating: object, standing: str) -> None:
    assert ck.standing(rating) == standing


def test_reasons_name_the_criteria() -> None:
    result = ck.suggest_verdict([("Licensed", F), ("Bilingual", F)], [])
    assert result.reason == "Must-have rated below Agree: “Licensed” and “Bilingual”."
    result = ck.suggest_verdict([("Licensed", U)], [])
    assert "“Licensed”" in result.reason and "ask the provider" in result.reason


# (case, ratings of one criterion by several people, median, standing, disagreement)
MEDIANS = [
    ("one-rating", ["agree"], "Agree", P, False),
    ("none", [], "Not rated", N, False),
    ("only-no-evidence", ["no-evidence", "no-evidence"], "No evidence", U, False),
    ("no-evidence-left-out", ["no-evidence", "agree"], "Agree", P, False),
    ("odd-count", ["strongly-disagree", "agree", "strongly-agree"], "Agree", P, True),
    ("even-split-across-agree", ["disagree", "agree"], "Between Disagree and Agree", F, True),
    ("even-both-agree-side", ["agree", "strongly-agree"], "Between Agree and Strongly agree",
     P, False),
    ("one-step-is-no-disagreement", ["strongly-disagree", "disagree"],
     "Between Strongly disagree and Disagree", F, False),
    ("no-evidence-never-a-middle", ["disagree", "no-evidence", "agree"],
     "Between Disagree and Agree", F, True),
    ("unrated-left-out", ["", "strongly-agree"], "Strongly agree", P, False),
]


@pytest.mark.parametrize(("ratings", "median", "standing", "disagree"),
                         [c[1:] for c in MEDIANS], ids=[c[0] for c in MEDIANS])
def test_combined_ratings(ratings: list[str], median: str, standing: str,
                          disagree: bool) -> None:
    combined = ck.combine((f"rater {i}", r) for i, r in enumerate(ratings))
    assert combined.median_label == median
    assert combined.standing == standing
    assert combined.disagreement is disagree
    assert len(combined.no_evidence) == ratings.count("no-evidence")


def criteria_rows() -> list[dict[str, str]]:
    return [
        {"row_id": "licensed", "criterion": "Licensed clinicians", "kind": "must-have"},
        {"row_id": "school-day", "criterion": "Available in the school day", "kind": "must-have"},
        {"row_id": "spanish", "criterion": "Spanish-speaking staff", "kind": "nice-to-have"},
        {"row_id": "unsorted", "criterion": "", "kind": ""},
    ]


def item(row_id: str, provider: str, rater: str, date: str = "", verdict: str = "",
         **ratings: str) -> dict:
    return {"row_id": row_id, "provider": provider, "completed_by": rater, "date": date,
            "ratings": {key.replace("_", "-"): value for key, value in ratings.items()},
            "evidence_must": "", "evidence_nice": "", "verdict": verdict}


def context(*items: dict) -> Context:
    return Context(state={
        ck.CRITERIA_SHEET: {"criteria": criteria_rows()},
        ck.CHECKLIST_SHEET: {"checklists": list(items)},
    })


def test_suggestions_say_when_the_choice_differs() -> None:
    items = [
        item("a", "Acme", "Lee", verdict="meets", licensed="disagree", school_day="agree"),
        item("b", "Beacon", "Lee", verdict="meets", licensed="agree", school_day="agree"),
        item("c", "Cedar", "Lee", verdict="exceeds", licensed="agree", school_day="no-evidence"),
    ]
    out = REGISTRY["checklist_suggestions"]({"checklists": items}, context()).as_dict()
    assert out["text"] == "Suggested verdicts for 3 checklists. 2 chosen verdicts differ " \
                          "from its checklist's suggestion."
    assert "“Meets district needs”, differs from it" in out["notes"]["a"]
    assert out["notes"]["a"].startswith("This checklist's ratings suggest “Does not meet "
                                        "district needs”.")
    assert "differs" not in out["notes"]["b"]
    assert "Follow up before deciding" in out["notes"]["c"]
    assert out["columns"][3] == "Suggested by this checklist"
    assert [row[5] for row in out["rows"]] == ["Differs from this checklist's suggestion.", "",
                                               "Differs from this checklist's suggestion."]
    assert out["messages"][0].startswith("Checklist 1 (Acme, rated by Lee): you chose")


def test_no_checklists_yet() -> None:
    out = REGISTRY["checklist_suggestions"]({"checklists": []}, context()).as_dict()
    assert out["status"] == "incomplete" and out["notes"] == {}


def test_criteria_summary_names_what_is_unfinished() -> None:
    out = REGISTRY["criteria_summary"]({"criteria": criteria_rows()}, Context()).as_dict()
    assert out["text"] == "2 must-have and 1 nice-to-have criterion."
    assert any("Criterion 4" in m for m in out["messages"])


def comparison(sort_by: str = "", *items: dict) -> dict:
    return REGISTRY["provider_comparison"]({"sort_by": sort_by}, context(*items)).as_dict()


SEVERAL = (
    item("a1", "Acme", "Lee", "2026-03-01", "meets", licensed="agree", school_day="agree",
         spanish="agree"),
    item("a2", " acme ", "Sam", "2026-03-02", "", licensed="disagree", school_day="agree",
         spanish="no-evidence"),
    item("b1", "Beacon", "Lee", "2026-03-01", "", licensed="agree", school_day="no-evidence"),
    item("c1", "Cedar", "Lee", "", "", licensed="strongly-agree", school_day="agree",
         spanish="strongly-agree"),
)


def test_comparison_combines_raters_by_provider() -> None:
    out = comparison("", *SEVERAL)
    assert out["text"] == "3 providers compared, from 4 checklists by 2 people."
    # Criteria as rows, providers as columns.
    assert out["columns"] == ["Criterion", "Acme", "Beacon", "Cedar"]
    acme = {row[0]: row[1] for row in out["rows"]}
    assert list(acme)[:4] == ["Suggested verdict", "Chosen verdict", "Rated by",
                              "Open follow-ups"]
    assert acme["Rated by"] == "Lee, Sam"
    assert acme["Must-have: Licensed clinicians"] == (
        "Between Disagree and Agree (median of 2); raters disagree: Disagree to Agree")
    assert acme["Nice-to-have: Spanish-speaking staff"] == "Agree; No evidence from 1"
    assert acme["Suggested verdict"] == "Does not meet district needs"
    assert acme["Chosen verdict"] == "Meets district needs (Lee) — differs from the suggestion"
    assert acme["Open follow-ups"] == "Spanish-speaking staff"
    assert "Acme: raters disagree on 1 criterion, “Licensed clinicians”. Talk it through " \
        "before deciding." in out["messages"]


@pytest.mark.parametrize(("sort_by", "order"), [
    ("", ["Acme", "Beacon", "Cedar"]),
    ("verdict", ["Cedar", "Beacon", "Acme"]),
    ("must", ["Cedar", "Acme", "Beacon"]),  # a tie (one each) goes by name
    ("follow-ups", ["Cedar", "Acme", "Beacon"]),
    ("name", ["Acme", "Beacon", "Cedar"]),
])
def test_comparison_sorts(sort_by: str, order: list[str]) -> None:
    assert comparison(sort_by, *SEVERAL)["columns"][1:] == order


def test_a_rater_counts_once_per_provider() -> None:
    out = comparison("", item("x1", "Acme", "Lee", "2026-03-05", licensed="agree"),
                     item("x2", "ACME", "lee", "2026-03-01", licensed="disagree"))
    rows = {row[0]: row[1:] for row in out["rows"]}
    assert rows["Must-have: Licensed clinicians"] == ["Agree"]
    assert "checklist 1 counts, checklist 2" in out["messages"][0]


def test_more_than_eight_providers_continue_in_tables_of_eight() -> None:
    many = [item(f"p{n}", f"Provider {n:02}", "Lee", licensed="agree") for n in range(1, 11)]
    out = comparison("name", *many)
    assert out["columns"] == ["Criterion", *(f"Provider {n:02}" for n in range(1, 9))]
    assert all(len(row) == 9 for row in out["rows"])
    [second] = out["more_tables"]
    assert second["columns"] == ["Criterion", "Provider 09", "Provider 10"]
    assert [row[0] for row in second["rows"]] == [row[0] for row in out["rows"]]
    assert all(len(row) == 3 for row in second["rows"])
    assert "more_tables" not in comparison("", *SEVERAL)



def test_follow_ups_list_every_no_evidence() -> None:
    out = REGISTRY["provider_follow_ups"]({}, context(*SEVERAL)).as_dict()
    assert out["text"].startswith("2 open follow-up questions for 2 providers")
    assert out["rows"] == [["Acme", "Nice-to-have", "Spanish-speaking staff", "Sam"],
                           ["Beacon", "Must-have", "Available in the school day", "Lee"]]


def test_comparison_csv_is_safe_for_spreadsheets() -> None:
    file = ACTIONS["provider_comparison_csv"](
        {}, context(item("a", "=HYPERLINK(1)", "Lee", licensed="agree"))).as_dict()
    assert file["filename"] == "provider-comparison.csv"
    assert file["text"].startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(file["text"][1:])))
    assert rows[0][:4] == ["Provider", "Suggested verdict", "Chosen verdict", "Rated by"]
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_comparison_without_checklists() -> None:
    assert comparison("")["status"] == "incomplete"


def test_the_worksheets_use_the_ids_the_rules_expect() -> None:
    from helpers import ROOT

    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    table = sheets[ck.CRITERIA_SHEET].fields[0]
    assert table.id == ck.CRITERIA_TABLE
    kind = next(c for c in table.columns if c.id == "kind")
    assert [o.id for o in kind.options] == [ck.MUST, ck.NICE]
    assert {row["kind"] for row in table.starter_rows} == {ck.MUST, ck.NICE}
    repeat = sheets[ck.CHECKLIST_SHEET].fields[0]
    assert repeat.id == ck.CHECKLISTS
    fields = {f.id: f for f in repeat.fields}
    assert {"provider", "completed_by", "date", "ratings", "verdict"} <= set(fields)
    assert tuple(o.id for o in fields["verdict"].options) == ck.DECISIONS
    assert fields["ratings"].source.worksheet == ck.CRITERIA_SHEET
    compare = sheets["partner-compare"].fields[0]
    assert tuple(o.id for o in compare.options) == ck.SORTS


def test_comparison_cells_carry_a_tone_beside_their_words() -> None:
    out = comparison("", *SEVERAL)
    tones = {row[0]: tone for row, tone in zip(out["rows"], out["tones"], strict=True)}
    assert tones["Suggested verdict"] == ["", "", "", ""]
    # Acme: licensed split between Disagree and Agree (fails, raters disagree); Beacon
    # only No evidence for the school day; Cedar meets both.
    assert tones["Must-have: Licensed clinicians"] == ["", "fail split", "pass", "pass"]
    assert tones["Must-have: Available in the school day"] == ["", "pass", "no-evidence",
                                                               "pass"]


def test_must_haves_chart_counts_each_providers_standing() -> None:
    out = REGISTRY["provider_follow_ups"]({}, context(*SEVERAL)).as_dict()
    chart = out["chart"]
    assert chart["columns"] == ["Provider", "Met", "Not met", "No evidence"]
    # Two must-haves: licensed, school day. Acme fails one (split Disagree/Agree).
    assert chart["rows"] == [["Acme", "1", "1", "0"], ["Beacon", "1", "0", "1"],
                             ["Cedar", "2", "0", "0"]]
    assert "Beacon: 1 met, 0 not met, 1 no evidence" in chart["description"]
    assert "chart" not in REGISTRY["provider_follow_ups"]({}, context()).as_dict()
