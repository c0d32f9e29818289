"""Everything shareable is one publication: the report's shareable version, the provider
packet (page, file, CSVs) and the agreement files are suppressed together, so that no
count hidden in one can be worked out from what another publishes."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_shareable import TODAY, full_state, result, small_district
from test_suppression import assert_no_hidden_count_pinned

from browser_py.documents import shareable

PACKET_TABLES = ("composition", "subgroups", "sbhc_centers")


def publication(runtime: Any, state: dict[str, Any]) -> shareable.Sharing:
    """The one publication of ``state``, as every shareable output is made from it."""
    entries = runtime.restored(state)
    return shareable.share(entries.worksheets, runtime._context(entries, TODAY))


def assert_publication_safe(sharing: shareable.Sharing) -> None:
    """No count under the threshold is shown, and a reader who combines every sum of the
    whole publication (report, packet, agreements, CSVs) pins no hidden count down."""
    ledger, published, t = sharing.ledger, sharing.published, sharing.threshold
    assert published is not None
    for key, value in ledger.counts.items():
        if value < t:
            assert published.text(key) in (f"<{t}", "hidden"), (key, value)
    loose = frozenset(key for keys in ledger.linked for key in keys)
    # The packet's students are the report's students enrolled: one figure, published once.
    assert not any(key.startswith("packet/students") for key in ledger.counts)
    assert_no_hidden_count_pinned(published.texts, list(ledger.groups), ledger.counts,
                                  t, tuple(ledger.ordered), loose)


def shareable_texts(runtime: Any, state: dict[str, Any]) -> dict[str, str]:
    """Every shareable output of ``state``, by name: both report files, the page's
    report, the packet file, the packet's CSVs and both agreement files."""
    texts = {f"report.{kind}": runtime.report_file(state, TODAY, kind, shareable=True)["text"]
             for kind in ("markdown", "html")}
    texts["packet.html"] = runtime.action("provider-questions", "packet_file", state,
                                          TODAY)["text"]
    for table in PACKET_TABLES:
        texts[f"packet.{table}.csv"] = runtime.table_csv("provider-questions", table,
                                                         state)["csv"]
    for kind in ("markdown", "html"):
        texts[f"agreements.{kind}"] = runtime.action("agreements", kind, state, TODAY)["text"]
    return texts


COUNT_SECTIONS = ("Existing services", "Estimate student need", "Stakeholder survey results",
                  "Our goal", "Partner check-ins", "District profile for providers")


def count_parts(name: str, text: str) -> str:
    """The parts of a shareable output that carry counts of students: the report's
    sections of the worksheets with counts, the outlines' need and goal, the whole
    packet and its CSVs (dates, plan steps and the like are left out)."""
    text = text.replace("\\", "")
    if name.startswith("report."):
        mark = "\n## " if name.endswith("markdown") else "<h2>"
        return mark.join(p for p in text.split(mark) if p.startswith(COUNT_SECTIONS))
    if name.startswith("agreements."):
        lines = re.split(r"\n|<li>", text)
        return "\n".join(line for line in lines
                         if line.lstrip("- ").startswith(("The district's need", "Goal:")))
    return text


def standing_alone(number: int, text: str) -> bool:
    """True when ``number`` is in ``text`` on its own (not in a date, a decimal, a
    percentage or a longer number)."""
    return bool(re.search(rf"(?<![\d.,:/-]){number}(?![\d]|[.,]\d|%|-\d)", text))


def with_staff_in_halves(state: dict[str, Any]) -> dict[str, Any]:
    """The goal's staff as decimals, so that no staff count reads like a small count."""
    state["worksheets"]["goal"]["staff"] = {
        "psychologists": {"fte": "14.5"}, "counselors": {"fte": "38.5"},
        "social-workers": {"fte": "2.5"}}
    return state


# ---- The small district ------------------------------------------------------------------


def test_a_small_district_publishes_no_recoverable_count_anywhere(native_runtime) -> None:
    """40 students; sources 15 and 12 (6 new); 12 addressed; a target of 19; one check-in
    with 12 referred. The small counts (6 new, 9 unmet, 7 added) and the counts that
    would give them away (15, 12 addressed) appear in no shareable output, alone or
    together."""
    state = with_staff_in_halves(small_district())
    sharing = publication(native_runtime, state)
    assert_publication_safe(sharing)
    texts = shareable_texts(native_runtime, state)
    assert "Goal: By June 30, 2027" in count_parts("agreements.markdown",
                                                    texts["agreements.markdown"])
    for name, text in texts.items():
        for number in (6, 7, 9, 15):
            assert not standing_alone(number, count_parts(name, text)), (name, number)
    # The full report shows them: the sweep would see them.
    full = native_runtime.report_file(state, TODAY, "markdown")["text"]
    assert all(standing_alone(n, count_parts("report.markdown", full)) for n in (6, 7, 9, 15))


def test_the_packets_students_are_the_reports_students_enrolled(native_runtime) -> None:
    """18 students in two groups of 9: the packet hides the 18 so that neither 9 follows,
    and the report's "Students enrolled" is the same cell, hidden too."""
    state = with_staff_in_halves(small_district())
    sheets = state["worksheets"]
    sheets["needs-estimate"].update({"enrollment": "18", "addressed": "2", "sources": [
        {"row_id": "screeners", "source": "Mental health screeners", "indicated": "6"}]})
    sheets["provider-questions"].update({
        "composition": {"asian": {"students": "9"}, "white": {"students": "9"}}})
    sharing = publication(native_runtime, state)
    assert_publication_safe(sharing)
    assert sharing.published is not None
    assert sharing.published.text("needs/enrollment") == "hidden"
    built = native_runtime.build_report(state, TODAY, shareable=True)
    rows = dict(result(built, "needs-estimate", "Total student need")["rows"])
    assert rows["Students enrolled"] == "hidden"
    packet = dict(result(built, "provider-questions", "Packet")["rows"])
    assert packet["How many students does the district serve?"] == "hidden"
    preview = native_runtime.compute("provider-questions", state, TODAY)["preview"]
    assert "The students the district serves are the students enrolled typed in the needs " \
           "estimate, so the shareable report hides them too." in preview["messages"]
    for name, text in shareable_texts(native_runtime, state).items():
        for number in (9, 18):
            assert not standing_alone(number, count_parts(name, text)), (name, number)
    # A larger enrollment, typed once, is shown in both.
    sheets["needs-estimate"]["enrollment"] = "400"
    built = native_runtime.build_report(state, TODAY, shareable=True)
    rows = dict(result(built, "needs-estimate", "Total student need")["rows"])
    packet = dict(result(built, "provider-questions", "Packet")["rows"])
    assert rows["Students enrolled"] == "400"
    assert packet["How many students does the district serve?"] == "400"


def test_the_packets_csvs_are_the_packets_cells(native_runtime) -> None:
    """A CSV of the profile's tables shows each count as the whole publication does."""
    state = small_district()  # 40 students enrolled
    state["worksheets"]["provider-questions"].update({
        "composition": {"asian": {"students": "9"}, "white": {"students": "31"}}})
    sharing = publication(native_runtime, state)
    assert sharing.published is not None
    text = native_runtime.table_csv("provider-questions", "composition", state)["csv"]
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["Asian"] == [sharing.published.text("packet/composition.asian")] == ["<10"]
    assert rows["White"] == [sharing.published.text("packet/composition.white")] == ["hidden"]


# ---- Zero is a small count ---------------------------------------------------------------


def test_zero_answers_are_hidden_like_any_small_count(native_runtime) -> None:
    state = full_state()
    state["worksheets"]["surveys"]["recommend"] = {"yes": {"people": "0"},
                                                   "no": {"people": "0"}}
    built = native_runtime.build_report(state, TODAY, shareable=True)
    text = result(built, "surveys", "Would recommend")["text"]
    assert text == "Not in the shareable version: fewer than 10 people answered."
    full = native_runtime.build_report(state, TODAY)
    assert result(full, "surveys", "Would recommend")["text"] == \
        "No answers yet: both counts are 0."


def test_a_need_of_zero_is_not_called_missing_in_the_shared_outlines(native_runtime) -> None:
    state = small_district()
    state["worksheets"]["needs-estimate"].update({"addressed": "0", "sources": [
        {"row_id": "screeners", "source": "Mental health screeners", "indicated": "0",
         "new": "0"}]})
    for kind in ("markdown", "html"):
        text = native_runtime.action("agreements", kind, state, TODAY)["text"]
        assert "Total student need: &lt;10." in text or "Total student need: <10." in text
        assert "the needs estimate (in" not in text


# ---- Qualifiers ----------------------------------------------------------------------------


def test_a_shared_total_keeps_so_far_and_what_is_still_missing(native_runtime) -> None:
    state = full_state()
    rows = state["worksheets"]["needs-estimate"]["sources"]
    rows[1]["new"] = ""
    full = result(native_runtime.build_report(state, TODAY), "needs-estimate",
                  "Total student need")
    shared = result(native_runtime.build_report(state, TODAY, shareable=True),
                    "needs-estimate", "Total student need")
    assert full["text"].startswith("Total student need so far: ")
    assert shared["text"].startswith("Total student need so far: ")
    assert any(m.startswith("Still missing: ") for m in full["messages"])
    assert any(m.startswith("Still missing: ") for m in shared["messages"])


# ---- The property: small districts, everything together -------------------------------------


@st.composite
def small_districts(draw) -> dict[str, Any]:
    """A district of 1 to 60 students: its needs estimate, goal, check-ins and profile."""
    count = st.integers(0, 60)
    enrolled = draw(st.integers(1, 60))
    sources = []
    for number in range(draw(st.integers(1, 3))):
        indicated = draw(count)
        new = draw(st.integers(0, indicated))
        sources.append({"row_id": f"s{number}", "source": f"Source {number + 1}",
                        "indicated": str(indicated),
                        "new": "" if number == 0 else str(new)})
    need = sum(int(s["new"] or s["indicated"]) for s in sources)
    addressed = draw(st.integers(0, need))
    goal: dict[str, str] = {"by_date": "2027-06-30", "target_count": "",
                            "increase_percent": ""}
    if draw(st.booleans()):
        goal["target_count"] = str(addressed + draw(st.integers(0, 30)))
    else:
        goal["increase_percent"] = draw(st.sampled_from(["10", "25", "50", "100"]))
    checkins = [{"row_id": f"c{n}", "date": f"2027-0{n + 2}-02",
                 "partner": draw(st.sampled_from(["Lakeside", "Bayview"])),
                 "referred": str(referred := draw(st.integers(0, 30))),
                 "seen": draw(st.one_of(st.just(""), st.integers(0, referred).map(str))),
                 "wait": ""} for n in range(draw(st.integers(1, 3)))]
    # Groups of 1 to 9 students; the extremes (9 and 9 make 18) most often.
    groups = [draw(st.one_of(st.sampled_from([1, 9]), st.integers(1, 9)))
              for _ in range(draw(st.integers(1, 3)))]
    students = sum(groups) + draw(st.one_of(st.sampled_from([0, 9]), st.integers(0, 20)))
    keys = ("asian", "black", "white")
    profile = {"composition": {key: {"students": str(n)} for key, n in zip(keys, groups,
                                                                             strict=False)},
               "iep_students": str(draw(st.integers(0, 20))),
               "ermhs_students": str(draw(st.integers(0, 9)))}
    same = draw(st.booleans())
    state = full_state()
    sheets = state["worksheets"]
    sheets["needs-estimate"] = {"enrollment": str(students if same else enrolled),
                                "addressed_from": "typed", "addressed": str(addressed),
                                "sources": sources}
    sheets["goal"].update(goal)
    sheets["check-ins"] = {"began": "2027-01-11", "checkins": checkins}
    sheets["provider-questions"].update(profile)
    sheets["surveys"]["recommend"] = {"yes": {"people": str(draw(st.integers(0, 15)))},
                                      "no": {"people": str(draw(st.integers(0, 15)))}}
    return state


@settings(max_examples=100, deadline=None)
@given(small_districts())
def test_no_count_of_a_small_district_can_be_recovered_from_everything_shared(
        native_runtime, state) -> None:
    sharing = publication(native_runtime, state)
    assert_publication_safe(sharing)
    # The outputs print the publication's cells: the packet's students and the
    # report's students enrolled as decided together.
    assert sharing.published is not None
    built = native_runtime.build_report(state, TODAY, shareable=True)
    packet = dict(result(built, "provider-questions", "Packet")["rows"])
    needs = result(built, "needs-estimate", "Total student need")
    assert packet["How many students does the district serve?"] == sharing.published.text(
        "needs/enrollment")
    if needs.get("rows"):
        assert dict(needs["rows"])["Students enrolled"] == sharing.published.text(
            "needs/enrollment")
