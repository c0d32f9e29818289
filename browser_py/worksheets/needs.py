"""Needs: the services a district already has, and the estimate of student need.

The estimate follows the practice's table: one row per source of information, with
how many students the source indicates may need services (the practice's column 2) and
how many of those were not captured by an earlier source (column 3). Column 3 adds up
to the total student need, each student counted once; the need already addressed
(typed, or the existing services total) leaves the unmet need.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.completion import Check, register_check
from ..core.computations import Context, Output, Values, register
from ..core.figures import count, listing, percent, read_count
from ..core.suppression import threshold_from
from . import group_risk

SERVICES_SHEET = "existing-services"
NEEDS_SHEET = "needs-estimate"

#: A total need outside this share of enrollment prompts a check; it is never an error.
#: National context (CDC, Youth Risk Behavior Survey 2023, MMWR Suppl. 73(4), 2024):
#: 39.7% of US high-school students reported persistent feelings of sadness or
#: hopelessness, and 20.4% seriously considered suicide. Below 10% is under half the
#: share who seriously considered suicide; above 60% is half as much again as the share
#: who reported persistent sadness or hopelessness.
LOW_SHARE_PROMPT = Fraction(10, 100)
HIGH_SHARE_PROMPT = Fraction(60, 100)
YRBS_CONTEXT = (
    "For context, in the 2023 national Youth Risk Behavior Survey, 39.7% of high-school "
    "students reported persistent feelings of sadness or hopelessness."
)

#: The checks of the total need against enrollment, by which limit it passed.
SHARE_CHECKS = {
    "high": ("The total need is {share} of enrollment. " + YRBS_CONTEXT + " A much higher "
             "share may mean some students are counted in more than one row: check the "
             "numbers not already counted. (This is a check, not an error.)"),
    "low": ("The total need is {share} of enrollment. " + YRBS_CONTEXT + " A much lower "
            "share may mean some students with needs are not captured by your sources: "
            "check whether a source is missing. (This is a check, not an error.)"),
}

#: Names that still need replacing by the source's real name (the practice's last row
#: reads "Other, please specify").
PLACEHOLDER_NAMES = frozenset({"", "other", "other (please specify)", "other, please specify"})

TIERS = {"tier-1": "Tier 1", "tier-2": "Tier 2", "tier-3": "Tier 3"}
NO_TIER = "Tier not chosen"
#: The sources' column marking a row counted from a district file; the fields holding
#: each group's enrollment, the students with a need by group as counted, and the
#: column the files were grouped by.
FROM_FILE = "from_file"
GROUP_ENROLLMENT, GROUP_NEED, GROUP_BY = "group_enrollment", "group_need", "group_by"
#: Said of a total that adds a row counted from a file to rows typed above it.
TWICE = " (it may count some students twice)"


def table_rows(values: Values, key: str) -> list[dict[str, Any]]:
    """The rows of an added-rows table, skipping anything that is not a row."""
    rows = values.get(key)
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


def row_id(row: dict[str, Any], number: int) -> str:
    """A row's id, or its place when it has none (rows restored always have one)."""
    return str(row.get("row_id") or f"row-{number}")


def text_of(value: object) -> str:
    """A text entry, trimmed; anything else counts as empty."""
    return value.strip() if isinstance(value, str) else ""


# ---- Existing services ----------------------------------------------------------------


@dataclass
class ServicesTotal:
    """The existing services table, added up."""

    total: int = 0  # students served per year, over the services with a count
    listed: int = 0  # rows with any entry
    counted: int = 0  # rows with a count of students served
    by_tier: dict[str, list[int]] = field(default_factory=dict)  # tier -> [services, students]
    tier_rows: dict[str, list[str]] = field(default_factory=dict)  # tier -> counted row ids
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # services with no count yet
    unnamed: list[str] = field(default_factory=list)  # rows with entries but no name


def _tiers(row: dict[str, Any]) -> list[str]:
    chosen = row.get("tier")
    return [tier for tier in chosen if tier in TIERS] if isinstance(chosen, list) else []


def services_total(values: Values) -> ServicesTotal:
    """Add up the students served per year over the services the district listed.

    Rows left entirely empty are ignored; a listed service without a count is named in
    ``missing`` (an empty cell is not a zero).
    """
    result = ServicesTotal()
    for number, row in enumerate(table_rows(values, "services"), start=1):
        tiers = _tiers(row)
        entries = [text_of(row.get(key)) for key in
                   ("service", "provider", "schools", "students", "funding")]
        if not any(entries) and not tiers:
            continue
        result.listed += 1
        name = text_of(row.get("service"))
        if not name:
            result.unnamed.append(f"Row {number}")
        label = name or f"Row {number}"
        errors = len(result.problems)
        students = read_count(row, "students", f"{label} (students served per year)",
                              result.problems)
        if students is None:
            if len(result.problems) == errors:
                result.missing.append(label)
            continue
        result.counted += 1
        result.total += students
        for tier in tiers or [NO_TIER]:
            services, served = result.by_tier.get(tier, [0, 0])
            result.by_tier[tier] = [services + 1, served + students]
            result.tier_rows.setdefault(tier, []).append(row_id(row, number))
    return result


@register
def services_summary(values: Values, context: Context) -> Output:
    """Total students served per year by the district's existing services, by tier."""
    result = services_total(values)
    if result.problems:
        return Output("Fix the entries below to see the total.", "error", result.problems)
    if not result.listed:
        return Output("No services listed yet.", "incomplete",
                      ["Add a row for each service the district already has."])
    text = f"Students served per year by the services listed: {count(result.total)}."
    if result.missing:
        text = (f"Students served per year by {result.counted} of the {result.listed} "
                f"services listed: {count(result.total)}.")
    messages = []
    if result.missing:
        messages.append(f"No count of students served yet for: {listing(result.missing)}. "
                        "Enter how many students each service serves in a year.")
    if result.unnamed:
        messages.append(f"{listing(result.unnamed)}: write the name of the service.")
    if any(len(_tiers(row)) > 1 for row in table_rows(values, "services")):
        messages.append("A service at more than one tier is counted in each of its tiers below.")
    order = [*TIERS, NO_TIER]
    rows = [[TIERS.get(tier, tier), count(result.by_tier[tier][0]),
             count(result.by_tier[tier][1])] for tier in order if tier in result.by_tier]
    status = "incomplete" if result.missing or result.unnamed else "ok"
    columns = ["Tier", "Services", "Students served per year"] if rows else []
    return Output(text, status, messages, columns, rows)


# ---- Needs estimate -------------------------------------------------------------------


@dataclass
class Estimate:
    """The needs estimate, checked and added up."""

    need: int = 0  # total student need: the sum of column 3, each student counted once
    indicated: int = 0  # the sum of column 2 (students counted by several sources repeat)
    rows: int = 0
    counted: int = 0  # rows with at least one number
    addressed: int | None = None
    addressed_from_services: bool = False
    enrollment: int | None = None
    problems: list[str] = field(default_factory=list)  # entries to fix: no totals
    conflicts: list[str] = field(default_factory=list)  # totals that cannot be right
    missing: list[str] = field(default_factory=list)  # rows still missing a number
    notes: list[str] = field(default_factory=list)  # other things left to fill in
    #: The first source's name and students indicated, when its second number is lower
    #: (none of its students can have been counted before): a check, never an error.
    first_lower: tuple[str, int] | None = None
    #: "high" or "low" when the total need is a share of enrollment worth checking.
    share_check: str = ""
    #: Rows counted from a district file below rows typed by hand (or counted apart),
    #: each with those rows' names: their students cannot be matched against the file.
    unmatched: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        """True when the totals can be shown (no entry to fix, no impossible total)."""
        return not self.problems and not self.conflicts

    @property
    def unmet(self) -> int | None:
        """Total need minus the need already addressed; ``None`` when not known."""
        if self.addressed is None or self.problems or self.addressed > self.need:
            return None
        return self.need - self.addressed

    def first_prompt(self, indicated: str) -> list[str]:
        """The check of the first source, with its students indicated as ``indicated``."""
        if self.first_lower is None:
            return []
        return [f"{self.first_lower[0]} is the first source, so none of its students were "
                f"counted before: its two numbers are usually the same ({indicated})."]

    def share_prompt(self, share: str) -> list[str]:
        """The check of the total need against enrollment, with the share as ``share``."""
        return [SHARE_CHECKS[self.share_check].format(share=share)] if self.share_check else []

    def prompts(self) -> list[str]:
        """The checks to consider, never errors."""
        first = count(self.first_lower[1]) if self.first_lower else ""
        share = percent(self.need, self.enrollment) if self.enrollment else ""
        return [*self.first_prompt(first), *self.share_prompt(share)]


def _source_rows(values: Values, result: Estimate) -> None:
    typed: list[str] = []  # rows holding numbers not counted with the files below them
    for number, row in enumerate(table_rows(values, "sources"), start=1):
        result.rows += 1
        written = text_of(row.get("source"))
        name = written or f"Row {number}"
        errors = len(result.problems)
        indicated = read_count(row, "indicated", f"{name} (may need services)", result.problems)
        new = read_count(row, "new", f"{name} (not already counted)", result.problems)
        if len(result.problems) > errors:
            continue
        if number == 1 and new is None:
            new = indicated  # the first source has no earlier source to overlap with
        if indicated is None or new is None:
            result.missing.append(name)
        if indicated is None and new is None:
            continue
        if row.get(FROM_FILE) is True:
            if typed:
                result.unmatched.append((name, list(typed)))
        else:
            typed.append(name)
        result.counted += 1
        if written.casefold() in PLACEHOLDER_NAMES:
            result.notes.append(
                f"Row {number}: write the name of this source of information"
                + (f" in place of “{written}”." if written else ".")
            )
        if indicated is not None and new is not None:
            if new > indicated:
                result.problems.append(
                    f"{name}: the students not already counted ({count(new)}) are more than "
                    f"the students this source indicates ({count(indicated)}). They are some "
                    "of the same students, so the number cannot be larger. Lower it, or "
                    "check the number this source indicates."
                )
                continue
            if number == 1 and new < indicated:
                result.first_lower = (name, indicated)
        result.indicated += indicated or 0
        result.need += new or 0


def _addressed(values: Values, context: Context, result: Estimate) -> None:
    if values.get("addressed_from") == "services":
        result.addressed_from_services = True
        services = services_total(context.values(SERVICES_SHEET))
        if services.problems:
            result.problems.append(
                "Need already addressed: the existing services table has entries to fix "
                "(see its results). Fix them, or choose to enter your own estimate."
            )
        elif not services.counted:
            result.notes.append(
                "Need already addressed: the existing services table has no counts of "
                "students served yet. Fill it in, or choose to enter your own estimate."
            )
        else:
            result.addressed = services.total
            if services.missing:
                result.notes.append(
                    "Need already addressed: the existing services total leaves out "
                    f"{listing(services.missing)}, with no count of students served yet."
                )
    else:
        result.addressed = read_count(values, "addressed", "Student need already addressed",
                                      result.problems)


def _checks(result: Estimate) -> None:
    need, addressed, enrollment = result.need, result.addressed, result.enrollment
    if addressed is not None and addressed > need:
        source = "the existing services total" if result.addressed_from_services else "it"
        result.conflicts.append(
            f"Need already addressed ({count(addressed)}) is more than the total need "
            f"({count(need)}). It counts the students with a need who are served now, so "
            f"it cannot be larger: check {source} and the numbers in the table."
        )
    if enrollment is None:
        return
    if need > enrollment:
        result.conflicts.append(
            f"The total student need ({count(need)}) is more than the students enrolled "
            f"({count(enrollment)}). Check the number enrolled, and check that no student "
            "is counted again in a later row (“not already counted”)."
        )
        return
    if not enrollment:
        return
    share = Fraction(need, enrollment)
    if share > HIGH_SHARE_PROMPT:
        result.share_check = "high"
    elif share < LOW_SHARE_PROMPT and not result.missing:
        result.share_check = "low"


def estimate(values: Values, context: Context) -> Estimate:
    """Check and add up the needs estimate (``context`` gives the existing services)."""
    result = Estimate()
    _source_rows(values, result)
    result.enrollment = read_count(values, "enrollment", "Students enrolled", result.problems)
    _addressed(values, context, result)
    if not result.problems:
        _checks(result)
    return result


def _figures(result: Estimate) -> list[list[str]]:
    need, unmet, enrollment = result.need, result.unmet, result.enrollment
    rows = [
        ["Students who may need services, all sources added up", count(result.indicated)],
        ["Total student need, each student counted once", count(need)],
    ]
    if result.addressed is not None:
        where = " (existing services total)" if result.addressed_from_services else ""
        rows.append([f"Student need already addressed{where}", count(result.addressed)])
    if unmet is not None:
        rows.append(["Unmet need (total need minus need already addressed)", count(unmet)])
        if need:
            rows.append(["Unmet need as a share of total need", percent(unmet, need)])
    if enrollment is not None:
        rows.append(["Students enrolled", count(enrollment)])
        if enrollment and need <= enrollment:
            rows.append(["Total student need as a share of enrollment",
                         percent(need, enrollment)])
            if unmet is not None:
                rows.append(["Unmet need as a share of enrollment", percent(unmet, enrollment)])
    return rows


NO_COUNTS = "No counts entered yet."
FIX_ENTRIES = "Fix the entries the results point out"


@register_check(NEEDS_SHEET)
def needs_missing(values: Values, context: Context) -> Check:
    """What the estimate still misses, as its own results name it: the rows without
    both numbers, sources left unnamed, and the need already addressed."""
    result = estimate(values, context)
    missing = [FIX_ENTRIES] if result.problems or result.conflicts else []
    missing += [f"Both numbers for {name}" for name in result.missing]
    missing += result.notes
    if result.addressed is None and not result.addressed_from_services:
        missing.append("Student need that is already addressed")
    return Check(missing, covers=("addressed",))


def no_counts_notes(result: Estimate) -> list[str]:
    """What to do while no row holds a number yet."""
    return [f"Enter the numbers of each source in the table: {listing(result.missing)}. "
            "Enter 0 if a source shows no students, or remove the rows of sources you do "
            "not have.", *result.notes]


def need_text(result: Estimate, need: str) -> str:
    """The summary's first sentence, with the total need as ``need``: "so far" while a
    row misses a number, and that it may count students twice when a row counted from a
    file sits below rows whose students cannot be matched against it."""
    so_far = " so far" if result.missing else ""
    return f"Total student need{so_far}: {need}{TWICE if result.unmatched else ''}."


def unmatched_notes(result: Estimate) -> list[str]:
    """For each row counted from a file below typed rows: their students cannot be
    matched against its file."""
    return [f"“{name}” was counted from a district file: the students of "
            f"{listing(['“' + other + '”' for other in typed])}, typed above it, cannot be "
            "matched against the file, so some of them may be counted again in its "
            "students not already counted." for name, typed in result.unmatched]


def still_missing(result: Estimate) -> str:
    """The sources whose numbers are still missing, as every summary of the need names
    them ("" when none is): the total is what the other sources hold so far."""
    return f"Still missing: {listing(result.missing)}." if result.missing else ""


def summary_notes(result: Estimate) -> list[str]:
    """What the summary says is still missing or left to do (no count in any of them):
    the full summary and its shareable version say the same."""
    messages = []
    if result.missing:
        messages.append(
            f"{still_missing(result)} On each row enter both numbers (0 if the source "
            "shows no students), or remove the rows of sources you do not have."
        )
    if not result.rows:
        messages.append("Add a row for each source of information you have.")
    messages += unmatched_notes(result)
    messages += result.notes
    if result.addressed is None and not result.addressed_from_services:
        messages.append("Enter the student need already addressed to see the unmet need.")
    if result.enrollment is None:
        messages.append("Enter the number of students enrolled to see the need as a share "
                        "of enrollment.")
    return messages


@register
def needs_summary(values: Values, context: Context) -> Output:
    """Add up the needs estimate: total need, need addressed, unmet need and shares."""
    result = estimate(values, context)
    if result.problems:
        return Output("Fix the entries below to see the total.", "error", result.problems)
    if result.rows and not result.counted:  # no table of zeros, nothing to compare yet
        return Output(NO_COUNTS, "incomplete", no_counts_notes(result))
    # While a row still misses a number, the total is what the rows hold so far.
    text = need_text(result, count(result.need))
    if result.unmet is not None:
        text += f" Unmet need: {count(result.unmet)}."
    messages = [*result.conflicts, *summary_notes(result), *result.prompts()]
    status = ("error" if result.conflicts else
              "incomplete" if result.missing or result.notes else "ok")
    return Output(text, status, messages, ["Figure", "Students"], _figures(result))


@register
def needs_groups(values: Values, context: Context) -> Output:
    """Are some groups over-represented among the students with an indicated need? From
    the counts by group the district's files gave (saved with the entries) and each
    group's enrollment typed (see :mod:`browser_py.district_files.group_risk`)."""
    counts = group_risk.saved_counts(values.get(GROUP_NEED), values.get(GROUP_BY))
    if not counts.need and not counts.unreadable:
        return group_risk.as_output(None)
    threshold = threshold_from(context.settings)[0]
    return group_risk.as_output(group_risk.check(
        counts, values.get(GROUP_ENROLLMENT), threshold, group_risk.flag_at(context.settings)))
