"""Counts of students from the district's own files, for the needs estimate.

Each source row of the estimate may be counted from a file (see
:mod:`browser_py.district_files`). In the table's order, a row's column 2 is the distinct
students in its file and its column 3 the students in no earlier row's file: the
practice's "not already captured by previous sources", exact. Rows typed by hand stay
as typed (their students cannot be matched, so they are not taken out of later rows).

With a grouping column, the students with an indicated need are compared by group with
the group's enrollment (typed aggregate numbers), as IDEA's significant-disproportionality
rule computes it (34 CFR 300.647): a group's risk is its students with the outcome over
its students; the risk ratio divides it by the risk of all other students. Only counts
leave this module, and counts under the small-count threshold are hidden in what it
shows, with complementary suppression.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from . import district_files
from .charts import Bar, Row, chart
from .errors import ToolkitError
from .figures import read_count
from .suppression import SHOWN, Group, shown_text, suppress

#: The presumptively reasonable minimum n-size of 34 CFR 300.647(b)(1)(i)(B): a risk
#: ratio is not computed for a group, or a comparison group, with fewer students enrolled.
MIN_N_SIZE = 30
#: The risk ratio at which a group is flagged, when the site sets none. States set their
#: own under 34 CFR 300.647(b)(1)(i)(A); a district should enter its state's.
DEFAULT_RISK_RATIO = Fraction(3)


def _link(raw: object) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("row_id"), str):
        raise ToolkitError("The page sent an unreadable list of files. Reload the page "
                           "and pick the files again.")
    return dict(raw)


#: More distinct values than this in a grouping column: it is not a grouping of students
#: (names, dates, student numbers) and is never shown.
MAX_GROUPS = 60


def count_rows(links: Sequence[object]) -> tuple[list[dict[str, Any]], list[str]]:
    """For each row counted from a file, in the table's order: ``indicated`` (distinct
    students in the file) and ``new`` (students in no earlier row's file); and the rows
    whose file is no longer open (left out of the counting)."""
    seen: set[str] = set()
    rows, gone = [], []
    for raw in links:
        link = _link(raw)
        read = district_files.FILES.get(link.get("file_id"))
        if read is None:
            gone.append(link["row_id"])
            continue
        students = district_files.student_groups(read, link.get("id_column"))
        new = students.keys() - seen
        seen |= students.keys()
        rows.append({"row_id": link["row_id"], "indicated": len(students), "new": len(new)})
    return rows, gone


def grouped_students(links: Sequence[object], problems: list[str]
                     ) -> tuple[str, dict[str, str]]:
    """Every distinct student over the files grouped by a column of the same name, with
    the group the first such file (in the table's order) gives them, and that column's
    name. A grouping column that is the student number, or holds more than
    :data:`MAX_GROUPS` values, is refused with a message in ``problems``."""
    name, groups = "", {}
    for raw in links:
        link = _link(raw)
        column = link.get("group_column")
        read = district_files.FILES.get(link.get("file_id"))
        if column is None or read is None:
            continue
        if column == link.get("id_column"):
            problems.append(f"“{read.name}”: the grouping column cannot be the student "
                            "number. Choose a school, grade or student group column.")
            continue
        found = district_files.student_groups(read, link.get("id_column"), column)
        title = read.columns[column].name
        values = {group.casefold() for group in found.values() if group}
        if len(values) > MAX_GROUPS:
            problems.append(f"“{read.name}”: “{title}” has {len(values):,} different values, "
                            "too many to be groups of students. Choose a school, grade or "
                            "student group column, or no grouping.")
            continue
        if name and title.casefold() != name.casefold():
            problems.append(f"“{read.name}” is grouped by “{title}”, another file by "
                            f"“{name}”. Group every file by the same column; “{read.name}” "
                            "is left out of the groups.")
            continue
        name = name or title
        for student, group in found.items():
            if student not in groups and group:
                groups[student] = group
    return name, groups


def _enrollment(rows: object, problems: list[str]) -> dict[str, tuple[str, int]]:
    found: dict[str, tuple[str, int]] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, Mapping):
            continue
        group = row.get("group").strip() if isinstance(row.get("group"), str) else ""
        enrolled = read_count(row, "enrolled", f"Enrollment of {group or 'a group'}", problems)
        if group and enrolled is not None:
            found[group.casefold()] = (group, enrolled)
    return found


def _ratio_text(value: Fraction) -> str:
    return f"{float(value):.2f}"


def _percent_text(value: Fraction) -> str:
    return f"{float(value) * 100:.1f}%"


def over_representation(links: Sequence[object], enrollment_rows: object, threshold: int,
                        flag_at: Fraction = DEFAULT_RISK_RATIO) -> dict[str, Any] | None:
    """Students with an indicated need by group, each group's risk and risk ratio, and
    the groups flagged; None when no file has a grouping column. Counts under
    ``threshold`` (and any that would reveal one through the total) read "<10" or
    "hidden", and a risk built on a hidden count is left out."""
    problems: list[str] = []
    column, groups = grouped_students(links, problems)
    if not column:
        return {"column": "", "rows": [], "flagged": [], "problems": problems, "total": "",
                "flag_at": _ratio_text(flag_at), "missing": [], "chart": None} if (
            problems) else None
    enrolled = _enrollment(enrollment_rows, problems)
    found: dict[str, int] = {}
    for group in groups.values():
        found[group.casefold()] = found.get(group.casefold(), 0) + 1
    # The table lists the groups whose enrollment was typed, those with no student with
    # a need included (0). A group only in the files is named, never counted: its being
    # there would tell a reader it has at least one student, which "<10" must not.
    keys = sorted(enrolled, key=lambda k: enrolled[k][0].casefold())
    missing = sorted({g for g in groups.values() if g.casefold() not in enrolled},
                     key=str.casefold)
    need = {key: found.get(key, 0) for key in keys}
    counts = {f"g:{k}": need[k] for k in keys} | {"total": sum(need.values())}
    decision = suppress(counts, [Group("total", tuple(f"g:{k}" for k in keys))] if keys
                        else [], threshold)
    all_need, all_enrolled = counts["total"], sum(enrolled[k][1] for k in keys)
    rows, flagged, bars = [], [], []
    # All others' risk is (total - group) / (enrolled - group's): published only when
    # the total is shown and every group has its enrollment, so that it adds up counts
    # a reader can already add, never hidden ones.
    comparable = not missing and decision["total"].status == SHOWN
    too_low = False
    for key in keys:
        name, group_enrolled = enrolled[key]
        shown = decision[f"g:{key}"].status == SHOWN
        row = {"group": name, "need": shown_text(need[key], decision[f"g:{key}"], threshold),
               "enrolled": f"{group_enrolled:,}", "risk": "", "ratio": "", "flag": ""}
        others_enrolled = all_enrolled - group_enrolled
        rows.append(row)
        if need[key] > group_enrolled:
            if shown:
                row["flag"] = "More students with a need than enrolled: check the enrollment"
            else:
                too_low = True  # not said of a hidden group: it would bound its count
            continue
        if not shown:
            row["flag"] = "Too few students to show"
        elif group_enrolled < MIN_N_SIZE or others_enrolled < MIN_N_SIZE:
            row["flag"] = f"Fewer than {MIN_N_SIZE} students enrolled to compare"
        elif not comparable:
            row["flag"] = ("Enter every group's enrollment to compare" if missing
                           else "Total hidden: too few students to compare")
        else:
            risk = Fraction(need[key], group_enrolled)
            row["risk"] = _percent_text(risk)
            others = Fraction(all_need - need[key], others_enrolled)
            if others == 0:
                row["flag"] = "No other student has a need to compare with"
                continue
            ratio = risk / others
            row["ratio"] = _ratio_text(ratio)
            words = (f"{_ratio_text(ratio)} ({row['risk']} against "
                     f"{_percent_text(others)} of all others)")
            bars.append(Row(name, (Bar(ratio, words, "unmet" if ratio >= flag_at
                                       else "need"),)))
            if ratio >= flag_at:
                row["flag"] = "Over-represented"
                flagged.append(name)
        if shown and not row["risk"] and group_enrolled:
            row["risk"] = _percent_text(Fraction(need[key], group_enrolled))
    if too_low:
        problems.append("An enrollment entered is lower than the students with a need "
                        "counted for its group. Check the enrollments you typed.")
    drawn = None
    if bars:
        threshold_row = Row("Threshold for a flag",
                            (Bar(flag_at, _ratio_text(flag_at), "recommended"),))
        drawn = chart(
            "risk-ratios", f"Risk ratio by {column}",
            f"Each group's risk of an indicated need divided by all other students' risk; "
            f"groups at {_ratio_text(flag_at)} or more are flagged.",
            [*bars, threshold_row], ["Group", "Risk ratio"],
            [[r.label, r.bars[0].text] for r in bars])
    return {
        "column": column, "rows": rows, "flagged": flagged, "problems": problems,
        "chart": drawn,
        "total": shown_text(counts["total"], decision["total"], threshold),
        "flag_at": _ratio_text(flag_at), "missing": missing,
    }
