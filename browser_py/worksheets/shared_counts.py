"""The worksheets that hold counts of students, as every shareable output shows them.

Each function records its worksheet's counts in the publication's one ledger (see
:mod:`browser_py.documents.shareable`), with the sums they form:

- existing services: the students each service serves add up to the total;
- needs estimate: each source's students "indicated" add up to their sum, its students
  "not already counted" add up to the total need, and the total need is the need
  already addressed plus the unmet need. A source's students not already counted are
  never more than all its students: a reader knows it, so the two are hidden together
  (the first source's two numbers are the same by the practice's method: linked);
- goal: the target is the students with access now plus the added capacity. A target
  set as a percentage follows from the students with access now, so the three are
  hidden together; the clinicians needed follow from the added capacity;
- surveys: "yes" and "no" add up to the people who answered; the people who gave each
  score add up to the people who gave one.

A count of zero is a small count like any other: no text says that a count is 0 (a need
of zero is "<10", never "missing"). A shared result keeps the full one's qualifiers
("so far", what is still missing) and leaves out only what would show a hidden count.

The spread of satisfaction scores is shared only when no score was given by fewer people
than the threshold: with the average published, a hidden score could be worked out.
A figure worked out from a hidden count (a share, the need left, the clinicians needed)
reads "hidden" in its row; a chart that would show one is left out, saying so. Every
message of the full result that names no count is kept word for word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..core.computations import Context, Output, Values, parse_count
from ..core.figures import amount, count, long_date, people, percent, read_whole
from ..core.suppression import threshold_from
from ..documents.shareable import Ledger, Published, Render, Shared, not_shared, register_shareable
from . import agreement_pathways, agreements, checkins, cost_sharing, group_risk
from .agreement_overview import agreement_overview
from .costs import SHEET as COSTS_SHEET
from .goals import SHEET as GOAL_SHEET
from .goals import (
    caseload,
    clinicians_needed,
    need_funnel,
    plan,
    providers_phrase,
    staffing_ratios,
)
from .needs import (
    FROM_FILE,
    GROUP_BY,
    GROUP_ENROLLMENT,
    GROUP_NEED,
    NEEDS_SHEET,
    NO_COUNTS,
    NO_TIER,
    SERVICES_SHEET,
    TIERS,
    Estimate,
    estimate,
    need_text,
    no_counts_notes,
    services_summary,
    services_total,
    summary_notes,
    table_rows,
)
from .surveys import SHEET as SURVEYS_SHEET
from .surveys import recommend_summary, satisfaction_summary

CHART_LEFT_OUT = "The chart is left out of the shareable version: it would show a hidden count."
#: How a count hidden for being derivable from a small one reads (see
#: :func:`browser_py.core.suppression.shown_text`).
HIDDEN_TEXT = "hidden"


def check_left_out(what: str) -> str:
    """Said where a check of the full version is left out: its words would narrow a
    hidden count (a share above a limit, one count larger than another)."""
    return (f"The check of {what} is left out of the shareable version: it would narrow "
            "a hidden count.")


def _count(raw: object) -> int | None:
    try:
        return parse_count(raw)
    except ValueError:
        return None


def _row_id(row: dict[str, Any], number: int) -> str:
    return str(row.get("row_id") or f"row-{number}")


def _typed(values: Values, key: str) -> str:
    raw = values.get(key)
    return raw.strip() if isinstance(raw, str) else ""


def services_key(row_id: str) -> str:
    """The ledger key of one service's students served per year."""
    return f"services/{row_id}"


SERVICES_TOTAL = "services/total"


@register_shareable(SERVICES_SHEET)
def share_services(values: Values, context: Context, ledger: Ledger) -> Render:
    """Existing services: each service's students, and their total.

    A tier's students add up the services at that tier; a service at several tiers
    counts in each, so the tiers' sums overlap and are not sums the suppression can
    weigh. A tier's sum is shown when every service in it is shown (a reader could add
    them anyway), and reads "hidden" otherwise.
    """
    result = services_total(values)
    rows: list[tuple[str, str]] = []
    if not result.problems:
        for number, row in enumerate(table_rows(values, "services"), start=1):
            students = _count(row.get("students"))
            if students is not None:
                rows.append((_row_id(row, number),
                             ledger.add(services_key(_row_id(row, number)), students)))
        if rows:
            ledger.add(SERVICES_TOTAL, result.total)
            ledger.sums(SERVICES_TOTAL, [key for _, key in rows])

    def render(published: Published) -> Shared:
        full = services_summary(values, context)
        if result.problems:
            return Shared(outputs={"total": not_shared("the table has entries to fix.")})
        if not rows:
            return Shared(outputs={"total": full})  # nothing listed, or no count yet
        total = published.text(SERVICES_TOTAL)
        text = f"Students served per year by the services listed: {total}."
        if result.missing:
            text = (f"Students served per year by {result.counted} of the {result.listed} "
                    f"services listed: {total}.")
        tiers, hidden = [], False
        for tier in [*TIERS, NO_TIER]:
            if tier not in result.by_tier:
                continue
            services, students = result.by_tier[tier]
            shown = published.all_shown(*(services_key(r) for r in result.tier_rows[tier]))
            hidden = hidden or not shown
            tiers.append([TIERS.get(tier, tier), count(services),
                          count(students) if shown else HIDDEN_TEXT])
        messages = list(full.messages)
        if hidden:
            messages.append("A tier's students read “hidden” when a service at that tier has "
                            "a hidden count: the tier's sum would give it away.")
        output = Output(text, full.status, messages, full.columns, tiers)
        return Shared({("services", row_id, "students"): published.text(key)
                       for row_id, key in rows}, {"total": output})
    return render


# ---- Needs estimate -------------------------------------------------------------------

NEED, INDICATED, UNMET, ENROLLMENT = "needs/need", "needs/indicated", "needs/unmet", \
    "needs/enrollment"


def addressed_key(values: Values) -> str:
    """The key of the need already addressed: the services' total when it comes from
    there (the same figure, so hidden on both worksheets or on neither)."""
    return SERVICES_TOTAL if values.get("addressed_from") == "services" else "needs/addressed"


def _share(published: Published, part: str, whole: str, counts: dict[str, int]) -> str:
    return (percent(counts[part], counts[whole])
            if published.all_shown(part, whole) and counts[whole] else "")


@register_shareable(NEEDS_SHEET)
def share_needs(values: Values, context: Context, ledger: Ledger) -> Render:
    """Needs estimate: each source's two numbers, the total need, addressed and unmet."""
    result = estimate(values, context)
    cells: dict[tuple[str, ...], str] = {}  # cell -> ledger key
    if result.enrollment is not None:
        ledger.add(ENROLLMENT, result.enrollment)
        cells[("enrollment",)] = ENROLLMENT
    _share_group_enrollment(values, result, ledger, cells)
    usable = result.usable
    first_key = ""  # the first source's students indicated: its check names them
    from_files: list[str] = []  # the counts of the rows counted from files
    if usable:
        indicated, new = [], []
        for number, row in enumerate(table_rows(values, "sources"), start=1):
            row_id = _row_id(row, number)
            shown, first = _count(row.get("indicated")), _count(row.get("new"))
            if number == 1 and first is None:
                first = shown
            if shown is not None:
                indicated.append(ledger.add(f"needs/indicated/{row_id}", shown))
                cells[("sources", row_id, "indicated")] = indicated[-1]
                first_key = first_key or (indicated[-1] if number == 1 else "")
            if first is not None:
                new.append(ledger.add(f"needs/new/{row_id}", first))
                if _typed(row, "new"):
                    cells[("sources", row_id, "new")] = new[-1]
            if row.get(FROM_FILE) is True:
                from_files += [f"needs/{kind}/{row_id}" for kind, value in (
                    ("indicated", shown), ("new", first)) if value is not None]
            if number == 1 and shown is not None and first == shown:
                ledger.link(indicated[-1], new[-1])
            elif shown is not None and first is not None:
                ledger.at_most(new[-1], indicated[-1])
        ledger.add(INDICATED, result.indicated)
        ledger.sums(INDICATED, indicated)
        ledger.add(NEED, result.need)
        ledger.sums(NEED, new)
        if result.addressed is not None:
            addressed = ledger.add(addressed_key(values), result.addressed)
            if not result.addressed_from_services:
                cells[("addressed",)] = addressed
            if result.unmet is not None:
                ledger.sums(NEED, [addressed, ledger.add(UNMET, result.unmet)])

    # The counts by group add up students of the rows counted from files: shown only
    # when those rows' counts are (else they could give one away).
    marked = any(row.get(FROM_FILE) is True for row in table_rows(values, "sources"))
    groups = _share_groups(values, context, ledger,
                           lambda published: not marked or (usable and published.all_shown(
                               *from_files)))

    def render(published: Published) -> Shared:
        shared = {cell: published.text(key) for cell, key in cells.items()}
        by_group = groups(published)
        if not usable:
            return Shared(shared, {"summary": not_shared(
                "the estimate has entries to fix (see the worksheet)."), "groups": by_group})
        if result.rows and not result.counted:  # nothing typed in the table yet
            return Shared(shared, {"summary": Output(NO_COUNTS, "incomplete",
                                                     no_counts_notes(result)),
                                   "groups": by_group})
        counts = ledger.counts
        # While a row still misses a number, the total is what the rows hold so far.
        text = need_text(result, published.text(NEED))
        rows = [["Students who may need services, all sources added up",
                 published.text(INDICATED)],
                ["Total student need, each student counted once", published.text(NEED)]]
        if result.addressed is not None:
            where = " (existing services total)" if result.addressed_from_services else ""
            rows.append([f"Student need already addressed{where}",
                         published.text(addressed_key(values))])
        # The full table's rows, each share shown when its two counts are (else "hidden").
        if result.unmet is not None:
            text += f" Unmet need: {published.text(UNMET)}."
            rows.append(["Unmet need (total need minus need already addressed)",
                         published.text(UNMET)])
            if result.need:
                rows.append(["Unmet need as a share of total need",
                             _share(published, UNMET, NEED, counts) or HIDDEN_TEXT])
        if result.enrollment is not None:
            rows.append(["Students enrolled", published.text(ENROLLMENT)])
            if result.enrollment and result.need <= result.enrollment:
                rows.append(["Total student need as a share of enrollment",
                             _share(published, NEED, ENROLLMENT, counts) or HIDDEN_TEXT])
                if result.unmet is not None:
                    rows.append(["Unmet need as a share of enrollment",
                                 _share(published, UNMET, ENROLLMENT, counts) or HIDDEN_TEXT])
        status = "incomplete" if result.missing or result.notes else "ok"
        return Shared(shared, {"summary": Output(
            text, status, [*summary_notes(result), *_prompts(result, published, first_key)],
            ["Figure", "Students"], rows), "groups": by_group})
    return render


GROUP_NEED_TOTAL = "needs/group-need"


def group_need_key(group: str) -> str:
    """The ledger key of one group's students with an indicated need (by its key)."""
    return f"needs/group-need/{group}"


def _share_groups(values: Values, context: Context, ledger: Ledger,
                  safe: Callable[[Published], bool]) -> Callable[[Published], Output]:
    """The comparison of the groups: each listed group's students with a need are counts
    of the publication, adding up to their total. When ``safe`` says they could give a
    hidden count of the rows counted from files away, every count by group reads
    "hidden"; a risk or a ratio built on a hidden count reads "hidden" too."""
    counts = group_risk.saved_counts(values.get(GROUP_NEED), values.get(GROUP_BY))
    enrolled = group_risk.enrollment(values.get(GROUP_ENROLLMENT), [])
    need = group_risk.listed(counts, enrolled) if counts.need else {}
    if need:
        ledger.sums(ledger.add(GROUP_NEED_TOTAL, sum(need.values())),
                    [ledger.add(group_need_key(key), value) for key, value in need.items()])

    def render(published: Published) -> Output:
        if not counts.need and not counts.unreadable:
            return group_risk.as_output(None)
        problems: list[str] = []
        enrolled = group_risk.enrollment(values.get(GROUP_ENROLLMENT), problems)
        whole = safe(published)
        keys = {key: group_need_key(key) for key in need}
        enrolled_keys = {key: group_enrolled_key(enrolled[key][2]) for key in need}
        shown = group_risk.Shown(
            {key: published.text(k) if whole else HIDDEN_TEXT for key, k in keys.items()},
            frozenset(key for key, k in keys.items() if whole and published.all_shown(k)),
            {key: published.text(k) for key, k in enrolled_keys.items()},
            frozenset(key for key, k in enrolled_keys.items() if published.all_shown(k)),
            published.text(GROUP_NEED_TOTAL) if whole and need else HIDDEN_TEXT,
            bool(need) and whole and published.all_shown(GROUP_NEED_TOTAL))
        result = group_risk.compare(counts, enrolled, shown,
                                    group_risk.flag_at(context.settings), problems,
                                    shared=True)
        messages = [] if whole else [
            "The students with a need by group read “hidden”: a row counted from your "
            "files has a hidden count, which they could give away."]
        if any(row["ratio"] == HIDDEN_TEXT for row in result["rows"]):
            result = {**result, "chart": None}
            messages.append(CHART_LEFT_OUT)
        return group_risk.as_output(result, messages)
    return render


def group_enrolled_key(row_id: str) -> str:
    """The ledger key of one group's students enrolled (the enrollment by group)."""
    return f"needs/group-enrolled/{row_id}"


def _share_group_enrollment(values: Values, result: Estimate, ledger: Ledger,
                            cells: dict[tuple[str, ...], str]) -> None:
    """Each group's students enrolled is a count of its own. When the groups' enrollments
    add up to the students enrolled, a reader may take them for a whole district split
    into groups and subtract: they are then a sum of the students enrolled."""
    keys = []
    for number, row in enumerate(table_rows(values, "group_enrollment"), start=1):
        enrolled = _count(row.get("enrolled"))
        if enrolled is not None:
            keys.append(ledger.add(group_enrolled_key(_row_id(row, number)), enrolled))
            cells[("group_enrollment", _row_id(row, number), "enrolled")] = keys[-1]
    if keys and result.enrollment == sum(ledger.counts[key] for key in keys):
        if len(keys) > 1:
            ledger.sums(ENROLLMENT, keys)
        else:  # one group holding every student: the same figure, hidden with it
            ledger.link(ENROLLMENT, keys[0])


def _prompts(result: Estimate, published: Published, first: str) -> list[str]:
    """The full summary's checks, each with its figure as published; the check of the
    need against enrollment, which says the share passed a limit, is left out (saying
    so) unless both counts are shown."""
    prompts = result.first_prompt(published.text(first) if first else "")
    if result.share_check and published.all_shown(NEED, ENROLLMENT):
        prompts += result.share_prompt(percent(result.need, result.enrollment or 1))
    elif result.share_check:
        prompts.append(check_left_out("the total need against enrollment"))
    return prompts


# ---- Goal -------------------------------------------------------------------------------

TARGET, ADDED = "goal/target", "goal/added"


@register_shareable(GOAL_SHEET)
def share_goal(values: Values, context: Context, ledger: Ledger) -> Render:
    """Goal: the target, the students with access now and the added capacity."""
    goal = plan(values, context)
    needs_values = context.values(NEEDS_SHEET)
    baseline_key = addressed_key(needs_values)
    ready = not goal.problems and goal.added is not None and goal.baseline is not None
    if ready:
        assert goal.target is not None and goal.added is not None
        ledger.add(TARGET, goal.target)
        ledger.add(ADDED, goal.added)
        ledger.sums(TARGET, [baseline_key, ADDED])  # the baseline is in the ledger already
        if goal.increase is not None:
            ledger.link(baseline_key, TARGET, ADDED)

    def typed(cell: str) -> str:
        return _typed(values, cell)

    def render(published: Published) -> Shared:
        cells = {(key,): typed(key) for key in ("providers_more", "increase_percent",
                                                 "caseload")}
        staff = values.get("staff") if isinstance(values.get("staff"), dict) else {}
        for role, row in staff.items():
            if isinstance(row, dict) and isinstance(row.get("fte"), str):
                cells[("staff", role, "fte")] = row["fte"].strip()
        enrolled = published.all_shown(ENROLLMENT) if ENROLLMENT in ledger.counts else False
        staffing = (staffing_ratios(values, context) if enrolled else not_shared(
            "the number of students enrolled is not entered or is hidden."))
        if not ready:
            return Shared(cells, {"sentence": not_shared("the goal is not complete yet."),
                                  "numbers": not_shared("the goal is not complete yet."),
                                  "staffing": staffing})
        if goal.target_typed:
            cells[("target_count",)] = published.text(TARGET)
        baseline, target, added = (published.text(baseline_key), published.text(TARGET),
                                   published.text(ADDED))
        when = long_date(goal.by_date) if goal.by_date else "[date]"
        if goal.increase is not None:
            how = f"by {amount(goal.increase)} percent, from {baseline} to {target} students"
        else:
            how = f"to {target} students"
            if published.all_shown(baseline_key, TARGET) and goal.baseline:
                how += (f" ({percent(goal.added or 0, goal.baseline)[:-1]} percent more)")
        sentence = Output(f"By {when}, we will partner with {providers_phrase(goal.providers)}"
                          f", increasing the total number of students who have access to care "
                          f"{how}.")
        rows = [["Students with access to care now (need already addressed)", baseline],
                ["Target: students with access to care", target],
                ["Added capacity: more students with access to care", added]]
        text = f"The goal gives {added} more students access to care."
        unmet = goal.needs.unmet
        per_clinician, entered, notes = caseload(values, context)
        messages = list(notes)
        if unmet is not None:
            rows.append(["Unmet need now", published.text(UNMET)])
            both = published.all_shown(ADDED, UNMET)
            if both and unmet:
                closed = percent(min(goal.added or 0, unmet), unmet)
                rows.append(["Share of the unmet need the goal closes", closed])
                text = text[:-1] + f", closing {closed} of the unmet need."
            else:  # a hidden count, or none at all (zero is hidden like any small count)
                rows.append(["Share of the unmet need the goal closes", HIDDEN_TEXT])
            # The need left is the unmet need less the added capacity: shown with both.
            rows.append(["Unmet need left when the goal is met",
                         count(max(unmet - (goal.added or 0), 0)) if both else HIDDEN_TEXT])
            if (goal.added or 0) > unmet:
                messages.append(
                    f"The goal adds more places ({added}) than the unmet need "
                    f"({published.text(UNMET)}). Check the needs estimate, or lower the goal."
                    if both else check_left_out("the goal against the unmet need"))
        if published.all_shown(ADDED):
            clinicians = clinicians_needed(goal.added or 0, per_clinician)
            to_hire = math.ceil(clinicians)
            rows += [["Full-time clinicians needed for the added capacity", amount(clinicians)],
                     ["Clinicians to hire or contract (whole people)", count(to_hire)]]
            hire = f" ({people(to_hire, 'clinician')} to hire)" if to_hire != clinicians else ""
            text += (f" That is about {amount(clinicians)} full-time "
                     f"clinician{'' if clinicians == 1 else 's'}{hire}, if each serves "
                     f"{count(per_clinician)} students a year.")
        else:
            rows += [["Full-time clinicians needed for the added capacity", HIDDEN_TEXT],
                     ["Clinicians to hire or contract (whole people)", HIDDEN_TEXT]]
            messages.append("The clinicians needed read “hidden”: they would show the hidden "
                            "added capacity.")
        rows.append([f"Students one full-time clinician serves in a year "
                     f"({'as entered' if entered else 'this edition assumes'})",
                     count(per_clinician)])
        keys = [INDICATED, NEED, baseline_key, UNMET, TARGET]
        chart = (need_funnel(goal.needs, goal.target)
                 if all(key in ledger.counts for key in keys) and published.all_shown(*keys)
                 else None)
        if chart is None:
            messages.append(CHART_LEFT_OUT)
        numbers = Output(text, "ok", messages, ["Figure", "Value"], rows, chart=chart)
        return Shared(cells, {"sentence": sentence, "numbers": numbers, "staffing": staffing})
    return render


# ---- Surveys ----------------------------------------------------------------------------

YES, NO, ANSWERS = "surveys/yes", "surveys/no", "surveys/answers"


def _answer(values: Values, table: str, row: str, problems: list[str]) -> int | None:
    """A count of people, read as the full report reads it (a bad entry is a problem)."""
    rows = values.get(table)
    cell = rows.get(row) if isinstance(rows, dict) else None
    return read_whole(cell if isinstance(cell, dict) else {}, "people", row, "people",
                      problems)


def _recommend_text(published: Published, yes: int, no: int) -> str:
    answers = published.text(ANSWERS)
    if published.all_shown(YES):
        return (f"{published.text(YES)} of {answers} people ({percent(yes, yes + no)}) would "
                "recommend the services.")
    if published.texts[YES].startswith("<"):
        return (f"Fewer than {published.threshold} of {answers} people would recommend the "
                "services.")
    return (f"{answers} people answered. How many would recommend the services is hidden, "
            f"because fewer than {published.threshold} answered no and the total is shown.")


SCORED = "surveys/scored"


@register_shareable(SURVEYS_SHEET)
def share_surveys(values: Values, context: Context, ledger: Ledger) -> Render:
    """Surveys: the average score and, when no score is rare, its spread; yes and no.

    Every count shared is a ledger cell: "yes", "no" and their sum; the people who gave
    a score (their sum) and, when the spread is shared, each score's count.
    """
    t = threshold_from(context.settings)[0]
    problems: list[str] = []
    yes = _answer(values, "recommend", "yes", problems)
    no = _answer(values, "recommend", "no", problems)
    both = yes is not None and no is not None and not problems
    if both:
        assert yes is not None and no is not None
        ledger.sums(ledger.add(ANSWERS, yes + no), [ledger.add(YES, yes), ledger.add(NO, no)])
    full = satisfaction_summary(values, context)
    given = {f"score-{score}": _answer(values, "satisfaction", f"score-{score}", [])
             for score in range(1, 11)}
    scores = {row: number for row, number in given.items() if number is not None}
    # The spread is shared only when no score is rare; else only how many answered.
    spread = full.status != "error" and bool(scores) and all(n >= t for n in scores.values())
    if full.status != "error" and scores:
        ledger.add(SCORED, sum(scores.values()))
        if spread:
            ledger.sums(SCORED, [ledger.add(f"surveys/{row}", n) for row, n in scores.items()])

    def render(published: Published) -> Shared:
        # The scores' counts are the spread: left out with it (its result says why).
        cells: dict[tuple[str, ...], str] = {("satisfaction", row, "people"): ""
                                             for row in scores}
        if full.status == "error":
            satisfaction = not_shared("the scores have entries to fix.")
        elif not scores:
            satisfaction = full  # says nothing was entered, and what to enter
        elif SCORED not in published.shown:
            satisfaction = not_shared(f"fewer than {t} people answered.")
        elif spread and published.all_shown(*(f"surveys/{row}" for row in scores)):
            satisfaction = full  # every count it names is shown
            cells = {("satisfaction", row, "people"): published.text(f"surveys/{row}")
                     for row in scores}
        else:  # the average would give rare scores away (9.9 from 10 people: one 9)
            # Its messages name only scores not entered and the people who answered.
            satisfaction = Output(
                f"{published.text(SCORED)} people answered. The average and the spread of "
                f"scores are left out: some scores were given by fewer than {t} people, and "
                "the average could give them away.", full.status, full.messages)
        shown_full = recommend_summary(values, context)
        if problems:
            recommend = not_shared("the answers have entries to fix.")
        elif not both:
            recommend = shown_full  # says which count to enter: it names none
        elif published.texts[ANSWERS].startswith("<"):  # zero answers too
            recommend = not_shared(f"fewer than {t} people answered.")
        elif not published.all_shown(ANSWERS):
            recommend = not_shared(f"“yes” and “no” were each given by fewer than {t} "
                                   "people, so how many answered is hidden too.")
        else:  # its messages name only the people who answered, shown
            recommend = Output(_recommend_text(published, yes or 0, no or 0),
                               shown_full.status, shown_full.messages)
            cells[("recommend", "yes", "people")] = published.text(YES)
            cells[("recommend", "no", "people")] = published.text(NO)
        return Shared(cells, {"satisfaction_result": satisfaction,
                              "recommend_result": recommend})
    return render


# ---- Partner check-ins ------------------------------------------------------------------


@register_shareable(checkins.SHEET)
def share_checkins(values: Values, context: Context, ledger: Ledger) -> Render:
    """Check-ins: each row's students referred and who started care, by partner, in all.

    Running totals by date would give each row away by difference, so the chart and
    the trend are shared only when every row's count is shown.
    """
    found, problems = checkins.read(values)
    keys: dict[tuple[str, str], str] = {}  # (row id, column) -> ledger key
    # Partners in the order of the results' table, which names each partner once.
    order = list(dict.fromkeys(item.partner or "Partner not named" for item in found))
    if not problems:
        for column in ("referred", "seen"):
            by_partner: dict[str, list[str]] = {}
            for item in found:
                value = getattr(item, column)
                if value is not None:
                    key = ledger.add(f"check-ins/{column}/{item.row_id}", value)
                    keys[(item.row_id, column)] = key
                    by_partner.setdefault(item.partner or "Partner not named", []).append(key)
            totals = []
            for partner, parts in by_partner.items():
                total = f"check-ins/{column}/partner-{order.index(partner)}"
                ledger.add(total, sum(ledger.counts[k] for k in parts))
                ledger.sums(total, parts)
                totals.append(total)
            if totals:
                ledger.add(f"check-ins/{column}", sum(ledger.counts[k] for k in totals))
                ledger.sums(f"check-ins/{column}", totals)

    def render(published: Published) -> Shared:
        full = checkins.checkin_pace(values, context)
        cells = {("checkins", row_id, column): published.text(key)
                 for (row_id, column), key in keys.items()}
        for item in found:
            if item.wait is not None:
                cells[("checkins", item.row_id, "wait")] = amount(item.wait)
        outputs = {"actions": checkins.checkin_actions(values, context),
                   "next": checkins.next_checkin(values, context),
                   "wait": agreement_pathways.checkin_wait(values, context)}  # days, not students
        if problems:
            outputs["pace"] = not_shared("the check-ins have entries to fix.")
            return Shared(cells, outputs)
        if not found:
            outputs["pace"] = Output(full.text, full.status)  # "No check-ins yet."
            return Shared(cells, outputs)
        rows = []
        for number, row in enumerate(checkins.partner_rows(found)):
            partner = [row[0], row[1]]
            for column in ("referred", "seen"):
                total = f"check-ins/{column}/partner-{number}"
                partner.append(published.text(total) if total in ledger.counts
                               else "not entered")
            rows.append(partner + [row[4]])
        if "check-ins/seen" not in ledger.counts:
            # The pace sentence names the goal's added capacity and the count on pace:
            # counts that went through no suppression here, so it is left out.
            outputs["pace"] = Output(
                "No check-in has a count of students who started care yet, so the pace "
                "toward the goal is left out.", "incomplete", [],
                checkins.PARTNER_COLUMNS, rows)
            return Shared(cells, outputs)
        every_row = published.all_shown(*keys.values())
        result = checkins.pace(found, values, context)
        undated = any(item.day is None for item in found)
        text, status = checkins.pace_text(result, published.text("check-ins/seen"))
        messages = []
        if undated or not published.all_shown(ADDED) or not every_row:
            seen = published.text("check-ins/seen")
            text = f"Students who started care, over every check-in: {seen}."
            messages.append("How this compares with the goal's pace is left out: it would "
                            "show a hidden count, or a check-in has no date yet.")
        chart = (checkins.pace_chart(found, result)
                 if every_row and not undated and published.all_shown(ADDED) else None)
        if chart is None:
            messages.append(CHART_LEFT_OUT)
        outputs["pace"] = Output(text, status, messages, checkins.PARTNER_COLUMNS, rows,
                                 chart=chart)
        return Shared(cells, outputs)
    return render


# ---- Agreement outlines -----------------------------------------------------------------


@register_shareable(agreement_pathways.AGREEMENTS)
def share_agreements(values: Values, context: Context, ledger: Ledger) -> Render:
    """Agreement outlines hold the need and the goal: shared as the needs estimate and
    the goal are (their counts are in the ledger already); what each agreement costs is
    shared as the mix's cost is."""
    def render(published: Published) -> Shared:
        needs = share_needs(context.values(NEEDS_SHEET), context, Ledger())(published)
        goal = share_goal(context.values(GOAL_SHEET), context, Ledger())(published)
        shown = ADDED in ledger.counts and published.all_shown(ADDED)
        costs = cost_sharing.kept_back(context.values(COSTS_SHEET), context, shown)
        figures = agreements.Figures(needs.outputs["summary"], goal.outputs["sentence"],
                                     shared=True,
                                     costs_left_out=cost_sharing.reason_text(costs, context))
        # Where each agreement stands, and which pathway each follows, hold no count:
        # shared as they are.
        return Shared({}, {"outlines": agreements.agreement_outlines(values, context,
                                                                     figures),
                           "overview": agreement_overview(values, context),
                           "pathways": agreement_pathways.agreement_pathways(values,
                                                                             context)})
    return render
