"""Counts of students from the district's own files, for the needs estimate.

Each source row of the estimate may be counted from a file (see
:mod:`browser_py.district_files.district_files`). In the table's order, a row's column 2
is the distinct students in its file and its column 3 the students in no earlier row's
file: the practice's "not already captured by previous sources", exact. Rows typed by hand stay
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
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..core.charts import Bar, Row, chart
from ..core.errors import ToolkitError
from ..core.figures import count, read_count
from ..core.suppression import SHOWN, Group, shown_text, suppress
from . import district_files

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
MAX_GROUPS = district_files.MAX_GROUPS


def count_rows(links: Sequence[object]) -> tuple[list[dict[str, Any]], list[str]]:
    """For each row counted from a file, in the table's order: ``indicated`` (distinct
    students in the file) and ``new`` (students in no earlier row's file), and ``cells``,
    both as the table shows them ("1,150"); and the rows
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
        # The numbers as the table shows them (and as a person would type them).
        rows.append({"row_id": link["row_id"], "indicated": len(students), "new": len(new),
                     "cells": {"indicated": count(len(students)), "new": count(len(new))},
                     "text": f"{len(students):,} students, {len(new):,} not in an earlier "
                             f"file.{_read_notes(read, link.get('id_column'))}"})
    return rows, gone


def _read_notes(read: district_files.DistrictFile, id_column: object) -> str:
    """What was read differently from how it was written: student numbers normalised,
    cells that could not be read."""
    notes = ""
    normalised = read.normalised.get(id_column, 0) if isinstance(id_column, int) else 0
    if normalised:
        notes += (f" {normalised:,} student number{'s were' if normalised > 1 else ' was'} "
                  "written with invisible characters, direction marks or full-width digits "
                  "and read as plain ones.")
    if read.unreadable:
        notes += (f" {read.unreadable:,} cell{'s' if read.unreadable > 1 else ''} of the "
                  "workbook could not be read and counted as empty.")
    return notes


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
        sizes: dict[str, int] = {}
        for group in found.values():
            if group:
                sizes[group.casefold()] = sizes.get(group.casefold(), 0) + 1
        if len(sizes) > MAX_GROUPS:
            problems.append(f"“{read.name}”: “{title}” has {len(sizes):,} different values, "
                            "too many to be groups of students. Choose a school, grade or "
                            "student group column, or no grouping.")
            continue
        if not district_files.looks_like_categories(sizes.values()):
            # Never listed: values held by single students may be their names.
            problems.append(f"“{read.name}”: “{title}” has a different value for most "
                            "students, which looks like names or other details of single "
                            "students, not groups. Choose a school, grade or student group "
                            "column, or no grouping.")
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


@dataclass
class _Groups:
    """What every group's comparison reads: the need and enrollment of all of them, the
    suppression decided over them, and whether all others' risk may be published."""

    need: dict[str, int]
    enrolled: dict[str, tuple[str, int]]
    decision: dict[str, Any]
    threshold: int
    flag_at: Fraction
    comparable: bool
    missing: bool

    @property
    def all_need(self) -> int:
        return sum(self.need.values())

    @property
    def all_enrolled(self) -> int:
        return sum(self.enrolled[key][1] for key in self.need)


def _compare(key: str, groups: _Groups) -> tuple[dict[str, str], Row | None, bool]:
    """One group's row of the table, its bar of the chart (when its ratio is shown), and
    whether its enrollment is below its count while that count is hidden."""
    name, enrolled = groups.enrolled[key]
    need, decided = groups.need[key], groups.decision[f"g:{key}"]
    shown = decided.status == SHOWN
    row = {"group": name, "need": shown_text(need, decided, groups.threshold),
           "enrolled": f"{enrolled:,}", "risk": "", "ratio": "", "flag": ""}
    if shown and 0 < enrolled and need <= enrolled:
        row["risk"] = _percent_text(Fraction(need, enrolled))
    others_enrolled = groups.all_enrolled - enrolled
    if need > enrolled:
        if not shown:  # not said of a hidden group: it would bound its count
            return row, None, True
        row["flag"] = "More students with a need than enrolled: check the enrollment"
    elif not shown:
        row["flag"] = "Too few students to show"
    elif enrolled < MIN_N_SIZE or others_enrolled < MIN_N_SIZE:
        row["flag"] = f"Fewer than {MIN_N_SIZE} students enrolled to compare"
    elif not groups.comparable:
        row["flag"] = ("Enter every group's enrollment to compare" if groups.missing
                       else "Total hidden: too few students to compare")
    elif groups.all_need == need:
        row["flag"] = "No other student has a need to compare with"
    else:
        others = Fraction(groups.all_need - need, others_enrolled)
        ratio = Fraction(need, enrolled) / others
        row["ratio"] = _ratio_text(ratio)
        over = ratio >= groups.flag_at
        row["flag"] = "Over-represented" if over else ""
        words = f"{row['ratio']} ({row['risk']} against {_percent_text(others)} of all others)"
        return row, Row(name, (Bar(ratio, words, "unmet" if over else "need"),)), False
    return row, None, False


def _summary(column: str, rows: list[dict[str, str]], flagged: list[str], missing: list[str],
             total: str, flag_at: str) -> str:
    enter = f" Enter the enrollment of: {', '.join(missing)}." if missing else ""
    if not rows:
        return (f"Students with an indicated need are grouped by “{column}”, in "
                f"{len(missing)} groups. Type each group's enrollment in the table "
                f"“Enrollment by group” above to compare them.{enter}")
    found = (f"Over-represented (risk ratio {flag_at} or more): {', '.join(flagged)}."
             if flagged else f"No group reaches a risk ratio of {flag_at}.")
    return (f"Students with an indicated need by “{column}” ({total} in the groups entered). "
            "A group's risk is its students with a need over its students enrolled; the risk "
            f"ratio compares it with all other students. {found}{enter}")


def over_representation(links: Sequence[object], enrollment_rows: object, threshold: int,
                        flag_at: Fraction = DEFAULT_RISK_RATIO) -> dict[str, Any] | None:
    """Students with an indicated need by group, each group's risk and risk ratio, and
    the groups flagged, with a sentence that says so; None when no file has a grouping
    column. Counts under ``threshold`` (and any that would reveal one through the total)
    read "<10" or "hidden", and a risk built on a hidden count is left out."""
    problems: list[str] = []
    column, groups = grouped_students(links, problems)
    if not column:
        return {"column": "", "rows": [], "flagged": [], "problems": problems, "total": "",
                "flag_at": _ratio_text(flag_at), "missing": [], "chart": None,
                "summary": ""} if problems else None
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
    # All others' risk is (total - group) / (enrolled - group's): published only when
    # the total is shown and every group has its enrollment, so that it adds up counts
    # a reader can already add, never hidden ones.
    compared = _Groups(need, enrolled, decision, threshold, flag_at,
                       comparable=not missing and decision["total"].status == SHOWN,
                       missing=bool(missing))
    rows, bars, too_low = [], [], False
    for key in keys:
        row, bar, low = _compare(key, compared)
        rows.append(row)
        bars += [bar] if bar else []
        too_low = too_low or low
    if too_low:
        problems.append("An enrollment entered is lower than the students with a need "
                        "counted for its group. Check the enrollments you typed.")
    flagged = [row["group"] for row in rows if row["flag"] == "Over-represented"]
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
    total = shown_text(counts["total"], decision["total"], threshold)
    return {
        "column": column, "rows": rows, "flagged": flagged, "problems": problems,
        "chart": drawn, "total": total, "flag_at": _ratio_text(flag_at), "missing": missing,
        "summary": _summary(column, rows, flagged, missing, total, _ratio_text(flag_at)),
    }
