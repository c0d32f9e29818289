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


def count_rows(links: Sequence[object]) -> list[dict[str, Any]]:
    """For each row counted from a file, in the table's order: ``indicated`` (distinct
    students in the file) and ``new`` (students in no earlier row's file)."""
    seen: set[str] = set()
    rows = []
    for raw in links:
        link = _link(raw)
        read = district_files.file_of(link.get("file_id"))
        students = district_files.student_groups(read, link.get("id_column"))
        new = students.keys() - seen
        seen |= students.keys()
        rows.append({"row_id": link["row_id"], "indicated": len(students), "new": len(new)})
    return rows


def grouped_students(links: Sequence[object]) -> tuple[str, dict[str, str]]:
    """Every distinct student over the files with a grouping column, with the group the
    first such file (in the table's order) gives them, and that column's name."""
    name, groups = "", {}
    for raw in links:
        link = _link(raw)
        column = link.get("group_column")
        if column is None:
            continue
        read = district_files.file_of(link.get("file_id"))
        if not name and isinstance(column, int) and 0 <= column < len(read.columns):
            name = read.columns[column].name
        for student, group in district_files.student_groups(
                read, link.get("id_column"), column).items():
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


def over_representation(links: Sequence[object], enrollment_rows: object, threshold: int,
                        flag_at: Fraction = DEFAULT_RISK_RATIO) -> dict[str, Any] | None:
    """Students with an indicated need by group, each group's risk and risk ratio, and
    the groups flagged; None when no file has a grouping column. Counts under
    ``threshold`` (and any that would reveal one through the total) read "<10" or
    "hidden", and a risk built on a hidden count is left out."""
    column, groups = grouped_students(links)
    if not column:
        return None
    problems: list[str] = []
    enrolled = _enrollment(enrollment_rows, problems)
    need: dict[str, int] = {}
    names: dict[str, str] = {}
    for group in groups.values():
        key = group.casefold()
        need[key] = need.get(key, 0) + 1
        names.setdefault(key, group)
    keys = sorted(need, key=lambda k: names[k].casefold())
    counts = {f"g:{k}": need[k] for k in keys} | {"total": sum(need.values())}
    decision = suppress(counts, [Group("total", tuple(f"g:{k}" for k in keys))], threshold)
    with_enrollment = [k for k in keys if k in enrolled]
    all_need = sum(need[k] for k in with_enrollment)
    all_enrolled = sum(enrolled[k][1] for k in with_enrollment)
    rows, flagged, bars = [], [], []
    # All others' risk is (total - group) / (enrolled - group's): published only when
    # the total is shown and every group has its enrollment, so that it adds up counts
    # a reader can already add, never hidden ones.
    missing_any = any(k not in enrolled for k in keys)
    comparable = not missing_any and decision["total"].status == SHOWN
    for key in keys:
        shown = decision[f"g:{key}"].status == SHOWN
        row = {"group": names[key], "need": shown_text(need[key], decision[f"g:{key}"],
                                                      threshold),
               "enrolled": "", "risk": "", "ratio": "", "flag": ""}
        if key not in enrolled:
            row["flag"] = "Enter this group's enrollment"
            rows.append(row)
            continue
        group_enrolled = enrolled[key][1]
        others_enrolled = all_enrolled - group_enrolled
        row["enrolled"] = f"{group_enrolled:,}"
        if need[key] > group_enrolled:
            problems.append(f"{names[key]}: more students with a need than enrolled. "
                            "Check the enrollment entered for this group.")
        if not shown:
            row["flag"] = "Too few students to show"
            rows.append(row)
            continue
        risk = Fraction(need[key], group_enrolled)
        row["risk"] = f"{float(risk) * 100:.1f}%"
        if group_enrolled < MIN_N_SIZE or others_enrolled < MIN_N_SIZE:
            row["flag"] = f"Fewer than {MIN_N_SIZE} students enrolled to compare"
        elif not comparable:  # all others' risk would publish a sum the table hides
            row["flag"] = ("Enter every group's enrollment to compare" if missing_any
                           else "Total hidden: too few students to compare")
        else:
            others = Fraction(all_need - need[key], others_enrolled)
            if others == 0:
                row["flag"] = "No other student has a need to compare with"
            else:
                ratio = risk / others
                row["ratio"] = _ratio_text(ratio)
                words = (f"{_ratio_text(ratio)} ({row['risk']} against "
                         f"{float(others) * 100:.1f}% of all others)")
                bars.append(Row(names[key], (Bar(ratio, words, "unmet" if ratio >= flag_at
                                                 else "need"),)))
                if ratio >= flag_at:
                    row["flag"] = "Over-represented"
                    flagged.append(names[key])
        rows.append(row)
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
        "flag_at": _ratio_text(flag_at), "missing": [names[k] for k in keys
                                                     if k not in enrolled],
    }
