"""The needs estimate and the existing services: table-driven cases and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from browser_py.core.computations import REGISTRY, Context
from browser_py.worksheets.needs import estimate, needs_summary, services_summary, services_total


def row(source: str, indicated: str = "", new: str = "", row_id: str | None = None) -> dict:
    return {"row_id": row_id or source.lower().replace(" ", "-") or "r",
            "source": source, "indicated": indicated, "new": new}


def service(name: str, students: str = "", tier: list | None = None, **cells) -> dict:
    return {"row_id": name.lower() or "s", "service": name, "provider": "", "tier": tier or [],
            "schools": "", "students": students, "funding": "", **cells}


def context(services: list | None = None) -> Context:
    state = {"existing-services": {"services": services}} if services is not None else {}
    return Context(state=state, today=date(2026, 1, 15))


def figures(output) -> dict[str, str]:
    return dict(output.rows)


# ---- needs_summary: text, status and every message ------------------------------------

SUMMARY_CASES = [
    # id, values, existing services, status, exact text, a message each, figures expected
    ("first-row-column-3-defaults-to-column-2",
     {"sources": [row("Screeners", "100"), row("Referrals", "50", "20")], "addressed": "30",
      "enrollment": "1000"},
     None, "ok", "Total student need: 120. Unmet need: 90.", [],
     {"Students who may need services, all sources added up": "150",
      "Total student need, each student counted once": "120",
      "Student need already addressed": "30",
      "Unmet need (total need minus need already addressed)": "90",
      "Unmet need as a share of total need": "75%", "Students enrolled": "1,000",
      "Total student need as a share of enrollment": "12%",
      "Unmet need as a share of enrollment": "9%"}),
    ("thousands-separators",
     {"sources": [row("Screeners", "1,200", "1200")], "addressed": "200", "enrollment": "12400"},
     None, "ok", "Total student need: 1,200. Unmet need: 1,000.", [],
     {"Students enrolled": "12,400", "Total student need as a share of enrollment": "9.7%"}),
    ("missing-rows-named",
     {"sources": [row("Screeners", "100"), row("Referrals", "50"), row("Crisis events"),
                  row("State survey", "", "4")], "addressed": "10", "enrollment": "400"},
     None, "incomplete", "Total student need so far: 104. Unmet need: 94.",
     ["Still missing: Referrals, Crisis events and State survey. On each row enter both "
      "numbers (0 if the source shows no students), or remove the rows of sources you do "
      "not have."], {"Students who may need services, all sources added up": "150"}),
    ("blank-name-is-row-number",
     {"sources": [row("Screeners", "10"), row("", "5")], "enrollment": "50"}, None,
     "incomplete", "Total student need so far: 10.", ["Still missing: Row 2."], {}),
    ("zero-is-a-count-not-missing",
     {"sources": [row("Screeners", "0"), row("Referrals", "0", "0")], "addressed": "0",
      "enrollment": "100"},
     None, "ok", "Total student need: 0. Unmet need: 0.", [],
     {"Total student need as a share of enrollment": "0%"}),
    ("other-row-needs-a-name",
     {"sources": [row("Screeners", "10"), row("Other (please specify)", "4", "2", "other")],
      "addressed": "2", "enrollment": "100"},
     None, "incomplete", "Total student need: 12. Unmet need: 10.",
     ["Row 2: write the name of this source of information in place of “Other (please "
      "specify)”."], {}),
    ("blank-name-with-counts-needs-a-name",
     {"sources": [row("Screeners", "10"), row("", "4", "2")], "addressed": "2",
      "enrollment": "100"},
     None, "incomplete", "Total student need: 12. Unmet need: 10.",
     ["Row 2: write the name of this source of information."], {}),
    ("empty-other-row-is-only-missing",
     {"sources": [row("Screeners", "10"), row("Other (please specify)", row_id="other")],
      "addressed": "2", "enrollment": "100"},
     None, "incomplete", "Total student need so far: 10. Unmet need: 8.",
     ["Still missing: Other (please specify)."], {}),
    ("column-3-above-column-2",
     {"sources": [row("Screeners", "10"), row("Referrals", "5", "8")]}, None, "error",
     "Fix the entries below to see the total.",
     ["Referrals: the students not already counted (8) are more than the students this "
      "source indicates (5). They are some of the same students, so the number cannot be "
      "larger. Lower it, or check the number this source indicates."], {}),
    ("first-row-column-3-above-column-2",
     {"sources": [row("Screeners", "10", "20")]}, None, "error",
     "Fix the entries below to see the total.", ["cannot be larger"], {}),
    ("not-a-number",
     {"sources": [row("Screeners", "ten")]}, None, "error",
     "Fix the entries below to see the total.",
     ["Screeners (may need services): “ten” is not a number. Enter a whole number such as "
      "120."], {}),
    ("negative",
     {"sources": [row("Screeners", "10"), row("Referrals", "5", "-2")]}, None, "error",
     "Fix the entries below to see the total.",
     ["Referrals (not already counted): -2 is below zero. Enter zero or more students."], {}),
    ("fraction",
     {"sources": [row("Screeners", "10.5")]}, None, "error",
     "Fix the entries below to see the total.",
     ["Screeners (may need services): 10.5 is not a whole number. Enter a whole number of "
      "students."], {}),
    ("bad-enrollment",
     {"sources": [row("Screeners", "10")], "enrollment": "about 4000"}, None, "error",
     "Fix the entries below to see the total.",
     ["Students enrolled: “about 4000” is not a number. Enter a whole number such as 120."], {}),
    ("bad-addressed",
     {"sources": [row("Screeners", "10")], "addressed": "-1"}, None, "error",
     "Fix the entries below to see the total.",
     ["Student need already addressed: -1 is below zero. Enter zero or more students."], {}),
    ("addressed-above-total-need",
     {"sources": [row("Screeners", "10")], "addressed": "50", "enrollment": "400"}, None,
     "error", "Total student need: 10.",
     ["Need already addressed (50) is more than the total need (10). It counts the students "
      "with a need who are served now, so it cannot be larger: check it and the numbers in "
      "the table."], {"Student need already addressed": "50"}),
    ("need-above-enrollment",
     {"sources": [row("Screeners", "500")], "addressed": "50", "enrollment": "400"}, None,
     "error", "Total student need: 500. Unmet need: 450.",
     ["The total student need (500) is more than the students enrolled (400). Check the "
      "number enrolled, and check that no student is counted again in a later row (“not "
      "already counted”)."], {}),
    ("need-above-zero-enrollment",
     {"sources": [row("Screeners", "5")], "enrollment": "0"}, None, "error",
     "Total student need: 5.", ["is more than the students enrolled (0)"], {}),
    ("low-share-is-a-prompt-not-an-error",
     {"sources": [row("Screeners", "20")], "addressed": "5", "enrollment": "1000"}, None,
     "ok", "Total student need: 20. Unmet need: 15.",
     ["The total need is 2% of enrollment. For context, in the 2023 national Youth Risk "
      "Behavior Survey, 39.7% of high-school students reported persistent feelings of "
      "sadness or hopelessness. A much lower share may mean some students with needs are not "
      "captured by your sources: check whether a source is missing. (This is a check, not "
      "an error.)"], {}),
    ("high-share-is-a-prompt-not-an-error",
     {"sources": [row("Screeners", "700")], "addressed": "100", "enrollment": "1000"}, None,
     "ok", "Total student need: 700. Unmet need: 600.",
     ["The total need is 70% of enrollment. For context, in the 2023 national Youth Risk "
      "Behavior Survey, 39.7% of high-school students reported persistent feelings of "
      "sadness or hopelessness. A much higher share may mean some students are counted in "
      "more than one row: check the numbers not already counted. (This is a check, not an "
      "error.)"], {}),
    ("low-share-waits-for-missing-rows",
     {"sources": [row("Screeners", "20"), row("Referrals")], "addressed": "5",
      "enrollment": "1000"}, None, "incomplete", "Total student need so far: 20. Unmet need: 15.",
     ["Still missing: Referrals."], {}),
    ("first-row-below-its-own-count-is-a-prompt",
     {"sources": [row("Screeners", "100", "80")], "addressed": "10", "enrollment": "400"},
     None, "ok", "Total student need: 80. Unmet need: 70.",
     ["Screeners is the first source, so none of its students were counted before: its two "
      "numbers are usually the same (100)."], {}),
    ("asks-for-addressed-and-enrollment",
     {"sources": [row("Screeners", "9")]}, None, "ok", "Total student need: 9.",
     ["Enter the student need already addressed to see the unmet need.",
      "Enter the number of students enrolled to see the need as a share of enrollment."], {}),
    ("no-rows",
     {"sources": []}, None, "ok", "Total student need: 0.",
     ["Add a row for each source of information you have."], {}),
    ("nothing-typed-in-the-rows",
     {"sources": [row("Screeners"), row("Referrals")]}, None, "incomplete",
     "No counts entered yet.",
     ["Enter the numbers of each source in the table: Screeners and Referrals."], {}),
    ("zeros-are-counts",
     {"sources": [row("Screeners", "0"), row("Referrals", "0", "0")]}, None, "ok",
     "Total student need: 0.", [], {}),
    ("nothing-typed-but-addressed",
     {"sources": [row("Screeners"), row("Referrals")], "addressed": "30"}, None,
     "incomplete", "No counts entered yet.", [], {}),
    ("addressed-from-services",
     {"sources": [row("Screeners", "400")], "addressed": "999", "addressed_from": "services",
      "enrollment": "4000"},
     [service("Counseling", "120"), service("Groups", "80")], "ok",
     "Total student need: 400. Unmet need: 200.", [],
     {"Student need already addressed (existing services total)": "200"}),
    ("addressed-from-services-with-a-missing-count",
     {"sources": [row("Screeners", "400")], "addressed_from": "services", "enrollment": "4000"},
     [service("Counseling", "120"), service("Groups")], "incomplete",
     "Total student need: 400. Unmet need: 280.",
     ["Need already addressed: the existing services total leaves out Groups, with no count "
      "of students served yet."], {}),
    ("addressed-from-empty-services",
     {"sources": [row("Screeners", "400")], "addressed_from": "services", "enrollment": "4000"},
     [], "incomplete", "Total student need: 400.",
     ["Need already addressed: the existing services table has no counts of students served "
      "yet. Fill it in, or choose to enter your own estimate."], {}),
    ("addressed-from-services-to-fix",
     {"sources": [row("Screeners", "400")], "addressed_from": "services"},
     [service("Counseling", "lots")], "error", "Fix the entries below to see the total.",
     ["Need already addressed: the existing services table has entries to fix (see its "
      "results). Fix them, or choose to enter your own estimate."], {}),
    ("services-total-above-need",
     {"sources": [row("Screeners", "40")], "addressed_from": "services", "enrollment": "400"},
     [service("Counseling", "120")], "error", "Total student need: 40.",
     ["Need already addressed (120) is more than the total need (40). It counts the students "
      "with a need who are served now, so it cannot be larger: check the existing services "
      "total and the numbers in the table."], {}),
    ("typed-addressed-used-when-choice-is-typed",
     {"sources": [row("Screeners", "40")], "addressed": "10", "addressed_from": "typed",
      "enrollment": "400"}, [service("Counseling", "30")], "ok",
     "Total student need: 40. Unmet need: 30.", [], {}),
    ("junk-shapes-are-ignored",
     {"sources": ["not a row", row("Screeners", "7")], "addressed": None, "enrollment": 300},
     None, "ok", "Total student need: 7.", [], {}),
]


@pytest.mark.parametrize(("values", "services", "status", "text", "messages", "expected"),
                         [case[1:] for case in SUMMARY_CASES],
                         ids=[case[0] for case in SUMMARY_CASES])
def test_needs_summary(values: dict, services: list | None, status: str, text: str,
                       messages: list[str], expected: dict[str, str]) -> None:
    output = needs_summary(values, context(services))
    assert (output.status, output.text) == (status, text), output.messages
    for message in messages:
        assert any(message in m for m in output.messages), (message, output.messages)
    assert figures(output).items() >= expected.items(), figures(output)


def test_no_counts_show_no_table_of_zeros() -> None:
    for addressed in ("", "0", "30"):
        output = needs_summary({"sources": [row("Screeners"), row("Referrals")],
                                "addressed": addressed}, context())
        assert output.text == "No counts entered yet." and output.rows == [], addressed
        assert not any("more than the total need" in m for m in output.messages)


def test_errors_hide_the_figures_table() -> None:
    output = needs_summary({"sources": [row("Screeners", "x")]}, context())
    assert output.columns == [] and output.rows == []


def test_every_figure_has_a_heading_and_the_summary_is_registered() -> None:
    output = needs_summary({"sources": [row("S", "4")], "addressed": "1", "enrollment": "9"},
                           context())
    assert output.columns == ["Figure", "Students"]
    assert all(len(cells) == 2 for cells in output.rows)
    assert REGISTRY["needs_summary"] is needs_summary
    assert REGISTRY["services_summary"] is services_summary


def test_status_order_error_before_missing() -> None:
    values = {"sources": [row("Screeners", "10"), row("Referrals")], "addressed": "50"}
    output = needs_summary(values, context())
    assert output.status == "error"
    assert output.messages[0].startswith("Need already addressed (50)")
    assert any(m.startswith("Still missing: Referrals.") for m in output.messages)


# ---- services_summary -----------------------------------------------------------------

SERVICES_CASES = [
    ("totals-by-tier", [service("Counseling", "300", ["tier-2", "tier-3"]),
                        service("Screening", "1,000", ["tier-1"]), service("Crisis", "20")],
     "ok", "Students served per year by the services listed: 1,320.",
     ["A service at more than one tier is counted in each of its tiers below."],
     [["Tier 1", "1", "1,000"], ["Tier 2", "1", "300"], ["Tier 3", "1", "300"],
      ["Tier not chosen", "1", "20"]]),
    ("missing-count-named", [service("Counseling", "300"), service("Groups")], "incomplete",
     "Students served per year by 1 of the 2 services listed: 300.",
     ["No count of students served yet for: Groups. Enter how many students each service "
      "serves in a year."], [["Tier not chosen", "1", "300"]]),
    ("unnamed-service", [service("", "40", provider="Clinic")], "incomplete",
     "Students served per year by the services listed: 40.",
     ["Row 1: write the name of the service."], [["Tier not chosen", "1", "40"]]),
    ("empty-rows-ignored", [service(""), service("Counseling", "0")], "ok",
     "Students served per year by the services listed: 0.", [],
     [["Tier not chosen", "1", "0"]]),
    ("nothing-listed", [service("")], "incomplete", "No services listed yet.",
     ["Add a row for each service the district already has."], []),
    ("bad-count", [service("Counseling", "3.5"), service("Groups", "many")], "error",
     "Fix the entries below to see the total.",
     ["Counseling (students served per year): 3.5 is not a whole number. Enter a whole "
      "number of students.",
      "Groups (students served per year): “many” is not a number. Enter a whole number such "
      "as 120."], []),
    ("unknown-tier-ignored", [service("Counseling", "10", ["tier-9"])], "ok",
     "Students served per year by the services listed: 10.", [],
     [["Tier not chosen", "1", "10"]]),
]


@pytest.mark.parametrize(("services", "status", "text", "messages", "rows"),
                         [case[1:] for case in SERVICES_CASES],
                         ids=[case[0] for case in SERVICES_CASES])
def test_services_summary(services: list, status: str, text: str, messages: list[str],
                          rows: list) -> None:
    output = services_summary({"services": services}, context())
    assert (output.status, output.text) == (status, text)
    assert output.messages == messages
    assert output.rows == rows


def test_services_total_reads_junk_safely() -> None:
    total = services_total({"services": [None, "x", {"row_id": "a", "tier": "tier-1",
                                                      "service": "A", "students": "3"}]})
    assert (total.total, total.counted, total.by_tier) == (3, 1, {"Tier not chosen": [1, 3]})
    assert services_total({}).listed == 0


# ---- properties -----------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=100_000)


@st.composite
def valid_rows(draw) -> list[dict]:
    """Rows a careful person fills in: column 3 never above column 2, any cell may wait."""
    result = []
    for number in range(draw(st.integers(min_value=0, max_value=12))):
        indicated = draw(st.one_of(st.none(), counts))
        new = draw(st.one_of(st.none(), st.integers(0, indicated or 0)))  # empty: 0 or none
        if number == 0 and draw(st.booleans()):
            new = None  # the first row's column 3 defaults to its column 2
        result.append(row(f"Source {number}", "" if indicated is None else f"{indicated:,}",
                          "" if new is None else str(new), f"r{number}"))
    return result


@given(rows=valid_rows())
def test_unduplicated_total_never_above_total_indicated(rows: list[dict]) -> None:
    result = estimate({"sources": rows}, context())
    assert not result.problems
    assert result.need <= result.indicated


@given(rows=valid_rows(), addressed=st.one_of(st.none(), counts),
       enrollment=st.one_of(st.none(), counts))
def test_unmet_need_never_negative(rows: list[dict], addressed: int | None,
                                   enrollment: int | None) -> None:
    values = {"sources": rows, "addressed": "" if addressed is None else str(addressed),
              "enrollment": "" if enrollment is None else str(enrollment)}
    result = estimate(values, context())
    assert result.unmet is None or 0 <= result.unmet <= result.need
    output = needs_summary(values, context())
    assert output.status in ("ok", "incomplete", "error")
    if addressed is not None and addressed > result.need:
        assert "Unmet need" not in output.text
        # Nothing to compare it with until a source has a number.
        assert output.status == ("error" if result.counted or not result.rows else "incomplete")


@given(raw=st.text(max_size=12))
def test_any_typed_text_gives_a_result_never_an_exception(raw: str) -> None:
    values = {"sources": [row("A", raw, raw)], "addressed": raw, "enrollment": raw}
    output = needs_summary(values, context())
    assert output.text and output.status in ("ok", "incomplete", "error")
