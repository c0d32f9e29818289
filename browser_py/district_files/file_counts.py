"""Counts of students from the district's own files, for the needs estimate.

Each source row of the estimate may be counted from a file (see
:mod:`browser_py.district_files.district_files`). In the table's order, a row's column 2
is the distinct students in its file and its column 3 the students in no earlier row's
file: the practice's "not already captured by previous sources", exact. Rows typed by
hand stay as typed: their students cannot be matched against a file, so a row counted
from a file below one says that some of its students may be counted twice.

With a grouping column, the students with an indicated need are counted by group
(:func:`group_counts`): those counts, and never a student, are saved with the entries
(:func:`saved_rows`), and :mod:`browser_py.worksheets.group_risk` compares the groups
from them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.errors import ToolkitError
from ..core.figures import count, listing
from . import district_files

#: Students with an indicated need by group: each group's name (as first found) and
#: students, by its key (the name case-folded).
Counts = dict[str, tuple[str, int]]


def _link(raw: object) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("row_id"), str):
        raise ToolkitError("The page sent an unreadable list of files. Reload the page "
                           "and pick the files again.")
    return dict(raw)


#: More distinct values than this in a grouping column: it is not a grouping of students
#: (names, dates, student numbers) and is never shown.
MAX_GROUPS = district_files.MAX_GROUPS


def count_rows(links: Sequence[object], above: Mapping[str, list[str]] | None = None
               ) -> tuple[list[dict[str, Any]], list[str]]:
    """For each row counted from a file, in the table's order: ``indicated`` (distinct
    students in the file) and ``new`` (students in no earlier row's file), and ``cells``,
    both as the table shows them ("1,150"); and the rows whose file is no longer open
    (left out of the counting). ``above`` names, by row, the rows above it that hold
    numbers not counted from these files: their students cannot be matched, and the
    row's text says so."""
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
                             f"file.{unmatched_note((above or {}).get(link['row_id']))}"
                             f"{_read_notes(read, link.get('id_column'))}"})
    return rows, gone


def unmatched_note(typed: list[str] | None) -> str:
    """What a row counted from a file says of the rows above it typed by hand."""
    if not typed:
        return ""
    return (f" The students of {listing(['“' + name + '”' for name in typed])}, typed "
            "above it, cannot be matched against this file: some may be counted twice.")


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


def group_counts(links: Sequence[object], problems: list[str]) -> tuple[str, Counts]:
    """The grouping column's name ("" when no file is grouped) and the students with an
    indicated need by group over the files grouped by it: counts only."""
    column, groups = grouped_students(links, problems)
    need: Counts = {}
    for group in groups.values():
        name, students = need.get(group.casefold(), (group, 0))
        need[group.casefold()] = (name, students + 1)
    return column, need


def saved_rows(need: Counts) -> list[dict[str, str]]:
    """The counts by group as the entries keep them: a row of ``group`` and ``students``
    (a number as typed) per group, by name. A row's id comes from its group, so that two
    devices that counted the same group name the same row when their entries meet."""
    return [{"row_id": f"group-{hashlib.sha256(key.encode()).hexdigest()[:12]}",
             "group": name, "students": str(students)}
            for key, (name, students) in sorted(need.items(),
                                                key=lambda item: item[1][0].casefold())]
