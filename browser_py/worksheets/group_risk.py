"""Are some groups over-represented among the students with an indicated need?

The students with an indicated need are counted by group from the district's files
(:func:`browser_py.district_files.file_counts.group_counts`) and saved with the entries
as counts only (the needs estimate's table of students by group, and the grouping
column's name), and each group's enrollment is typed beside them. From these saved
counts, on the worksheet, in the report and in the shareable outputs alike, this module
compares the groups as IDEA's significant-disproportionality rule does (34 CFR
300.647): a group's risk is its students with the outcome over its students; the risk
ratio divides it by the risk of all other students.

What a reader may see of each count is given by a :class:`Shown`: on the worksheet and
in the full report, the students with a need by group are suppressed among themselves
(:func:`own_shown`); in the shareable version every count is a cell of the one
publication (:mod:`browser_py.worksheets.shared_counts`). A risk or a ratio built on a
count a reader may not see reads "hidden"; a group's being in the files without an
enrollment typed is named on the worksheet only, never counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.charts import Bar, Row, chart
from ..core.computations import Output
from ..core.figures import read_count
from ..core.suppression import SHOWN, Group, shown_text, suppress

#: The presumptively reasonable minimum n-size of 34 CFR 300.647(b)(1)(i)(B): a risk
#: ratio is not computed for a group, or a comparison group, with fewer students enrolled.
MIN_N_SIZE = 30
#: The risk ratio at which a group is flagged, when the site sets none. States set their
#: own under 34 CFR 300.647(b)(1)(i)(A); a district should enter its state's.
DEFAULT_RISK_RATIO = Fraction(3)
#: A figure a reader may not see, as the table writes it.
HIDDEN = "hidden"
OVER = "Over-represented"
COLUMNS = ["Group", "Students with a need", "Enrolled", "Risk", "Risk ratio", "Note"]


def flag_at(settings: Mapping[str, Any]) -> Fraction:
    """The risk ratio at which a group is flagged: the edition's setting, above 1."""
    try:
        value = Fraction(str(settings.get("risk_ratio_threshold")))
    except (ValueError, ZeroDivisionError):
        return DEFAULT_RISK_RATIO
    return value if value > 1 else DEFAULT_RISK_RATIO


@dataclass(frozen=True)
class GroupCounts:
    """Students with an indicated need by group, as counted from the files: the grouping
    column's name, and each group's name (as first found) and students, by its key (the
    name case-folded)."""

    column: str
    need: dict[str, tuple[str, int]] = field(default_factory=dict)
    unreadable: int = 0  # saved rows whose count could not be read


def saved_counts(rows: object, column: object) -> GroupCounts:
    """The counts by group the entries hold (rows of ``group`` and ``students``)."""
    need: dict[str, tuple[str, int]] = {}
    unreadable = 0
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        name = row.get("group").strip() if isinstance(row.get("group"), str) else ""
        problems: list[str] = []
        students = read_count(row, "students", name or "A group", problems)
        if not name or students is None or problems:
            unreadable += bool(name or problems)
            continue
        first, before = need.get(name.casefold(), (name, 0))
        need[name.casefold()] = (first, before + students)
    return GroupCounts(column.strip() if isinstance(column, str) else "", need, unreadable)


def enrollment(rows: object, problems: list[str]) -> dict[str, tuple[str, int, str]]:
    """Each group's enrollment as typed, by key: (name, students, row id). A group typed
    twice keeps its last row; an unreadable number is named in ``problems``."""
    found: dict[str, tuple[str, int, str]] = {}
    for number, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if not isinstance(row, Mapping):
            continue
        group = row.get("group").strip() if isinstance(row.get("group"), str) else ""
        enrolled = read_count(row, "enrolled", f"Enrollment of {group or 'a group'}", problems)
        if group and enrolled is not None:
            found[group.casefold()] = (group, enrolled, str(row.get("row_id") or f"row-{number}"))
    return found


@dataclass(frozen=True)
class Shown:
    """What a reader may see: each listed group's students with a need and enrollment,
    and their total, as text; and which of them are shown as counted."""

    need: Mapping[str, str]
    need_shown: frozenset[str]
    enrolled: Mapping[str, str]
    enrolled_shown: frozenset[str]
    total: str
    total_shown: bool


def listed(counts: GroupCounts, enrolled: Mapping[str, tuple[str, int, str]]
           ) -> dict[str, int]:
    """The groups the table lists, those whose enrollment was typed (a group with no
    student with a need included, as 0), with their students with a need, in order."""
    keys = sorted(enrolled, key=lambda key: enrolled[key][0].casefold())
    return {key: counts.need.get(key, ("", 0))[1] for key in keys}


def own_shown(need: Mapping[str, int], enrolled: Mapping[str, tuple[str, int, str]],
              threshold: int) -> Shown:
    """The worksheet's own suppression: the students with a need by group under the
    threshold read "<10", with complementary suppression against their total; the
    enrollments, typed on the same worksheet, as typed."""
    counts = {f"g:{key}": value for key, value in need.items()} | {
        "total": sum(need.values())}
    decision = suppress(counts, [Group("total", tuple(f"g:{key}" for key in need))]
                        if need else [], threshold)
    return Shown(
        {key: shown_text(need[key], decision[f"g:{key}"], threshold) for key in need},
        frozenset(key for key in need if decision[f"g:{key}"].status == SHOWN),
        {key: f"{enrolled[key][1]:,}" for key in need}, frozenset(need),
        shown_text(counts["total"], decision["total"], threshold),
        decision["total"].status == SHOWN)


def _ratio_text(value: Fraction) -> str:
    return f"{float(value):.2f}"


def _percent_text(value: Fraction) -> str:
    return f"{float(value) * 100:.1f}%"


def _compare(key: str, need: Mapping[str, int], enrolled: Mapping[str, tuple[str, int, str]],
             shown: Shown, flag: Fraction, comparable: bool, missing: bool
             ) -> tuple[dict[str, str], Row | None, bool]:
    """One group's row of the table, its bar of the chart (when its ratio is shown), and
    whether its enrollment is below its count while that count is hidden."""
    name, students, _row = enrolled[key]
    count = need[key]
    visible = key in shown.need_shown and key in shown.enrolled_shown
    row = {"group": name, "need": shown.need[key], "enrolled": shown.enrolled[key],
           "risk": "", "ratio": "", "flag": ""}
    others_enrolled = sum(enrolled[k][1] for k in need) - students
    if count > students:
        if not visible:  # not said of a hidden group: it would bound its count
            row["risk"] = row["ratio"] = HIDDEN
            return row, None, True
        row["flag"] = "More students with a need than enrolled: check the enrollment"
        return row, None, False
    if not visible:
        row["risk"] = row["ratio"] = HIDDEN if students else ""
        row["flag"] = "Too few students to show"
        return row, None, False
    if students:
        row["risk"] = _percent_text(Fraction(count, students))
    if students < MIN_N_SIZE:
        row["flag"] = f"Fewer than {MIN_N_SIZE} students enrolled to compare"
    elif not comparable and missing:
        row["flag"] = "Enter every group's enrollment to compare"
    elif not comparable:  # all others' risk would add up a hidden count
        row["ratio"] = HIDDEN
        row["flag"] = ("Total hidden: too few students to compare" if not shown.total_shown
                       else "A group's enrollment is hidden: too few students to compare")
    elif others_enrolled < MIN_N_SIZE:
        row["flag"] = f"Fewer than {MIN_N_SIZE} students enrolled to compare"
    elif sum(need.values()) == count:
        row["flag"] = "No other student has a need to compare with"
    else:
        others = Fraction(sum(need.values()) - count, others_enrolled)
        ratio = Fraction(count, students) / others
        row["ratio"] = _ratio_text(ratio)
        over = ratio >= flag
        row["flag"] = OVER if over else ""
        words = f"{row['ratio']} ({row['risk']} against {_percent_text(others)} of all others)"
        return row, Row(name, (Bar(ratio, words, "unmet" if over else "need"),)), False
    return row, None, False


def _summary(column: str, rows: list[dict[str, str]], flagged: list[str], missing: list[str],
             total: str, flag: str, shared: bool) -> str:
    if shared:  # a group's being in the files tells that it has a student: never named
        enter = (" Some groups in the files have no enrollment entered, so they are not "
                 "compared." if missing else "")
    else:
        enter = f" Enter the enrollment of: {', '.join(missing)}." if missing else ""
    if not rows:
        groups = "" if shared else f", in {len(missing)} groups"
        return (f"Students with an indicated need are grouped by “{column}”{groups}. Type "
                "each group's enrollment in the table “Enrollment by group” above to "
                f"compare them.{enter}")
    found = (f"Over-represented (risk ratio {flag} or more): {', '.join(flagged)}."
             if flagged else f"No group reaches a risk ratio of {flag}.")
    return (f"Students with an indicated need by “{column}” ({total} in the groups entered). "
            "A group's risk is its students with a need over its students enrolled; the risk "
            f"ratio compares it with all other students. {found}{enter}")


def compare(counts: GroupCounts, enrolled: Mapping[str, tuple[str, int, str]],
            shown: Shown, flag: Fraction, problems: list[str], shared: bool = False
            ) -> dict[str, Any]:
    """Each listed group's students with a need, enrollment, risk, risk ratio and note,
    as ``shown`` lets a reader see them; the groups flagged; the chart of the ratios
    shown; and a sentence that says so. ``shared`` words it for the shareable version
    (no group named that has no enrollment typed)."""
    need = listed(counts, enrolled)
    missing = sorted((name for key, (name, _n) in counts.need.items() if key not in enrolled),
                     key=str.casefold)
    # All others' risk is (total - group) / (enrolled - group's): published only when
    # the total is shown and every group has its enrollment, shown, so that it adds up
    # counts a reader can already add, never hidden ones.
    comparable = (not missing and shown.total_shown
                  and all(key in shown.enrolled_shown for key in need))
    rows, bars, too_low = [], [], False
    for key in need:
        row, bar, low = _compare(key, need, enrolled, shown, flag, comparable, bool(missing))
        rows.append(row)
        bars += [bar] if bar else []
        too_low = too_low or low
    if too_low:
        problems.append("An enrollment entered is lower than the students with a need "
                        "counted for its group. Check the enrollments you typed.")
    if counts.unreadable:
        problems.append("Some counts by group could not be read: count the files again to "
                        "replace them.")
    flagged = [row["group"] for row in rows if row["flag"] == OVER]
    drawn = None
    if bars:
        threshold_row = Row("Threshold for a flag",
                            (Bar(flag, _ratio_text(flag), "recommended"),))
        drawn = chart(
            "risk-ratios", f"Risk ratio by {counts.column}",
            f"Each group's risk of an indicated need divided by all other students' risk; "
            f"groups at {_ratio_text(flag)} or more are flagged.",
            [*bars, threshold_row], ["Group", "Risk ratio"],
            [[r.label, r.bars[0].text] for r in bars])
    return {
        "column": counts.column, "rows": rows, "flagged": flagged, "problems": problems,
        "chart": drawn, "total": shown.total, "flag_at": _ratio_text(flag),
        "missing": missing if not shared else [],
        "summary": _summary(counts.column, rows, flagged, missing, shown.total,
                            _ratio_text(flag), shared),
    }


def check(counts: GroupCounts, enrollment_rows: object, threshold: int,
          flag: Fraction = DEFAULT_RISK_RATIO) -> dict[str, Any]:
    """The comparison as the worksheet and the full report show it (see :func:`compare`),
    with the worksheet's own suppression of the counts by group."""
    problems: list[str] = []
    enrolled = enrollment(enrollment_rows, problems)
    need = listed(counts, enrolled)
    return compare(counts, enrolled, own_shown(need, enrolled, threshold), flag, problems)


NOT_CHECKED = ("Not checked: no row has been counted from a file grouped by a school, "
               "grade or student group.")


def as_output(result: dict[str, Any] | None, messages: list[str] | None = None) -> Output:
    """The comparison as a worksheet's result: its sentence, problems and table, the
    note of each over-represented group toned, and its chart."""
    if result is None:
        return Output(NOT_CHECKED, "incomplete", [
            "To compare groups, count a row from a file and choose a column to group "
            "students by; then type each group's enrollment."])
    rows = [[row["group"], row["need"], row["enrolled"], row["risk"], row["ratio"],
             row["flag"]] for row in result["rows"]]
    tones = [["", "", "", "", "", "fail" if row["flag"] == OVER else ""]
             for row in result["rows"]]
    status = "incomplete" if result["problems"] or result["missing"] or not rows else "ok"
    return Output(result["summary"], status, [*result["problems"], *(messages or [])],
                  COLUMNS if rows else [], rows, chart=result["chart"],
                  tones=tones if rows else [])
