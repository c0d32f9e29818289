"""The partner checklist: criteria, provider checklists, suggested verdicts, comparison.

The district writes its criteria once (worksheet ``partner-criteria``), each marked
must-have or nice-to-have. Each checklist (worksheet ``partner-checklist``) is one
person's ratings of one provider on the practice's scale: Strongly disagree, Disagree,
No evidence, Agree, Strongly agree. "No evidence" is unknown, never a middle score: it
marks a question to follow up.

The suggested verdict (:func:`suggest_verdict`), in this order:

1. a must-have rated below Agree (Disagree or Strongly disagree): does not meet;
2. a must-have not rated yet: no suggestion until every must-have is rated;
3. a must-have rated No evidence: follow up before deciding;
4. every must-have at Agree or above: meets; and when more than half of all the
   nice-to-haves are at Agree or above too (No evidence and unrated ones are not):
   exceeds.

The person's verdict stands; the page says when it differs from the suggestion. When
several people rate one provider, each criterion's ratings are combined by their median
(No evidence left out) and the rule runs on the medians. Each checklist's own suggestion
is called "this checklist's"; the suggestion from all of a provider's ratings combined is
"the ratings'" suggestion, and every summary of a provider (the comparison, the start
page, an agreement's outline) words it through :func:`verdict_sentences` and
:func:`verdict_line`, so that no two views contradict each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..core import charts
from ..core.completion import Check, register_check
from ..core.computations import (
    Context,
    Download,
    Output,
    Values,
    register,
    register_action,
    register_suggestions,
)
from ..core.model import row_name
from ..documents import workbook
from ..documents.tables_csv import csv_text

CRITERIA_SHEET = "partner-criteria"
CRITERIA_TABLE = "criteria"
CHECKLIST_SHEET = "partner-checklist"
CHECKLISTS = "checklists"
COMPARE_SHEET = "partner-compare"

MUST, NICE = "must-have", "nice-to-have"
KIND_LABELS = {MUST: "Must-have", NICE: "Nice-to-have", "": "Kind not chosen"}

NO_EVIDENCE = "no-evidence"
#: Positions on the printed scale, No evidence's point left out: steps between ratings
#: count as on the printed scale, so Disagree and Agree are two steps apart.
SCORES = {"strongly-disagree": -2, "disagree": -1, "agree": 1, "strongly-agree": 2}
RATING_LABELS = {
    "strongly-disagree": "Strongly disagree", "disagree": "Disagree",
    NO_EVIDENCE: "No evidence", "agree": "Agree", "strongly-agree": "Strongly agree",
}
SCORE_LABELS = {score: RATING_LABELS[rating] for rating, score in SCORES.items()}
AGREE = SCORES["agree"]
#: Ratings this many steps apart or more count as a disagreement between raters.
DISAGREEMENT_STEPS = 2

# How one criterion stands for the rule.
PASS, FAIL, UNKNOWN, UNRATED = "pass", "fail", "no-evidence", "unrated"

DOES_NOT_MEET, MEETS, EXCEEDS = "does-not-meet", "meets", "exceeds"
FOLLOW_UP, INCOMPLETE, NO_CRITERIA = "follow-up", "incomplete", "no-criteria"
VERDICT_LABELS = {
    DOES_NOT_MEET: "Does not meet district needs",
    MEETS: "Meets district needs",
    EXCEEDS: "Exceeds district needs",
    FOLLOW_UP: "Follow up before deciding",
    INCOMPLETE: "No suggestion yet",
    NO_CRITERIA: "No suggestion yet",
}
#: The verdicts a person can choose (the practice's three).
DECISIONS = (DOES_NOT_MEET, MEETS, EXCEEDS)
#: Best first, for sorting the comparison.
VERDICT_ORDER = (EXCEEDS, MEETS, FOLLOW_UP, INCOMPLETE, NO_CRITERIA, DOES_NOT_MEET)


def text_of(value: object) -> str:
    """A text entry with its spaces tidied; anything else counts as empty."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def listing(names: Sequence[str]) -> str:
    """Names in quotes joined as a reader would: “a”, “b” and “c”."""
    quoted = [f"“{name}”" for name in names]
    if len(quoted) <= 2:
        return " and ".join(quoted)
    return f"{', '.join(quoted[:-1])} and {quoted[-1]}"


# ---- Criteria ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One of the district's criteria."""

    row_id: str
    text: str
    kind: str  # MUST, NICE or "" (not chosen yet)
    number: int  # its position in the criteria table, from 1

    @property
    def name(self) -> str:
        """The criterion as people read it."""
        return row_name(self.text, "Criterion", self.number)  # as its ratings grid shows it

    @property
    def heading(self) -> str:
        """The criterion with its kind, for a column heading."""
        return f"{KIND_LABELS.get(self.kind, KIND_LABELS[''])}: {self.name}"


def criteria(context: Context) -> list[Criterion]:
    """The district's criteria, in the order written (rows without an id skipped)."""
    rows = context.values(CRITERIA_SHEET).get(CRITERIA_TABLE)
    result: list[Criterion] = []
    seen: set[str] = set()
    for number, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if not isinstance(row, dict) or not isinstance(row.get("row_id"), str):
            continue
        if row["row_id"] in seen:
            continue
        seen.add(row["row_id"])
        kind = row.get("kind") if row.get("kind") in (MUST, NICE) else ""
        result.append(Criterion(row["row_id"], text_of(row.get("criterion")), kind, number))
    return result


@register
def criteria_summary(values: Values, context: Context) -> Output:
    """Count the must-have and nice-to-have criteria; name the ones left unfinished."""
    found = criteria(Context(state={CRITERIA_SHEET: values}))
    musts = [c for c in found if c.kind == MUST]
    nices = [c for c in found if c.kind == NICE]
    messages = []
    unsorted = [c.name for c in found if not c.kind]
    if unsorted:
        messages.append(f"Choose must-have or nice-to-have for {listing(unsorted)}: until "
                        "then they are rated but left out of the suggested verdicts.")
    unwritten = [f"Criterion {c.number}" for c in found if not c.text]
    if unwritten:
        messages.append(f"Write the text of {', '.join(unwritten)}, or remove "
                        f"{'it' if len(unwritten) == 1 else 'them'}.")
    if not musts:
        messages.append("Mark at least one criterion as must-have: the suggested verdicts "
                        "need one.")
    text = (f"{len(musts)} must-have and {len(nices)} nice-to-have "
            f"criteri{'on' if len(nices) == 1 else 'a'}.")
    return Output(text, "incomplete" if messages else "ok", messages)


# ---- The verdict rule -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A suggested verdict and the reason for it, in words."""

    verdict: str
    reason: str

    @property
    def label(self) -> str:
        """The verdict as the page shows it."""
        return VERDICT_LABELS[self.verdict]

    @property
    def decides(self) -> bool:
        """Whether the suggestion is one of the verdicts a person can choose."""
        return self.verdict in DECISIONS


def standing(rating: object) -> str:
    """How one rating stands for the rule: PASS, FAIL, UNKNOWN or UNRATED."""
    if rating == NO_EVIDENCE:
        return UNKNOWN
    if rating in SCORES:
        return PASS if SCORES[str(rating)] >= AGREE else FAIL
    return UNRATED


def suggest_verdict(musts: Sequence[tuple[str, str]],
                    nices: Sequence[tuple[str, str]]) -> Suggestion:
    """Suggest a verdict from each criterion's standing.

    ``musts`` and ``nices`` hold ``(criterion name, standing)`` pairs; a standing is
    :data:`PASS` (Agree or above), :data:`FAIL` (below Agree), :data:`UNKNOWN` (No
    evidence) or :data:`UNRATED`. The rule is in this module's docstring.
    """
    if not musts:
        return Suggestion(NO_CRITERIA, "Mark at least one criterion as must-have to get a "
                                       "suggested verdict.")
    failed = [name for name, value in musts if value == FAIL]
    if failed:
        return Suggestion(DOES_NOT_MEET, f"Must-have rated below Agree: {listing(failed)}.")
    unrated = [name for name, value in musts if value == UNRATED]
    if unrated:
        return Suggestion(INCOMPLETE, f"Rate every must-have criterion first; not rated yet: "
                                      f"{listing(unrated)}.")
    unknown = [name for name, value in musts if value == UNKNOWN]
    if unknown:
        return Suggestion(FOLLOW_UP, f"No evidence yet on the must-have {listing(unknown)}: "
                                     "ask the provider before deciding.")
    met = sum(1 for _, value in nices if value == PASS)
    if nices and met * 2 > len(nices):
        return Suggestion(EXCEEDS, f"Every must-have is at Agree or above, and so are {met} "
                                   f"of the {len(nices)} nice-to-haves.")
    verb = "is" if met == 1 else "are"
    also = (f"; {met} of the {len(nices)} nice-to-haves {verb}, and more than half would "
            "make it exceed") if nices else ""
    return Suggestion(MEETS, f"Every must-have is at Agree or above{also}.")


def suggestion_for(found: Sequence[Criterion], standings: dict[str, str]) -> Suggestion:
    """Run the rule on each criterion's standing (by criterion row id)."""
    musts = [(c.name, standings.get(c.row_id, UNRATED)) for c in found if c.kind == MUST]
    nices = [(c.name, standings.get(c.row_id, UNRATED)) for c in found if c.kind == NICE]
    return suggest_verdict(musts, nices)


def differs(suggestion: Suggestion, chosen: str) -> bool:
    """Whether a chosen verdict differs from the suggestion (a suggestion to follow up
    differs from any decision; "no suggestion yet" differs from nothing)."""
    if chosen not in DECISIONS or suggestion.verdict in (INCOMPLETE, NO_CRITERIA):
        return False
    return chosen != suggestion.verdict


# ---- Checklists ---------------------------------------------------------------------------


@dataclass
class Checklist:
    """One person's ratings of one provider."""

    row_id: str
    number: int
    provider: str
    rater: str
    date: str
    ratings: dict[str, str]
    verdict: str

    @property
    def title(self) -> str:
        """How the page names the checklist."""
        who = f", rated by {self.rater}" if self.rater else ""
        return f"Checklist {self.number} ({self.provider or 'no provider name yet'}{who})"


def checklists(values: Values) -> list[Checklist]:
    """The checklists of the ``partner-checklist`` worksheet, in order."""
    items = values.get(CHECKLISTS)
    result = []
    for number, item in enumerate(items if isinstance(items, list) else [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("row_id"), str):
            continue
        ratings = item.get("ratings")
        ratings = {k: v for k, v in ratings.items() if isinstance(v, str)} \
            if isinstance(ratings, dict) else {}
        verdict = item.get("verdict") if item.get("verdict") in DECISIONS else ""
        date = item.get("date") if isinstance(item.get("date"), str) else ""
        result.append(Checklist(item["row_id"], number, text_of(item.get("provider")),
                                text_of(item.get("completed_by")), date, ratings, verdict))
    return result


def unrated(items: Sequence[Checklist]) -> list[str]:
    """What the checklists still miss: a rating, on each checklist that has none."""
    return [f"A rating on {item.title}" for item in items
            if not any(item.ratings.values())]


@register_check("partner-checklist")
def checklists_missing(values: Values, context: Context) -> Check:
    """A checklist is complete only once it rates something: a provider's name alone is
    a start, not a checklist."""
    return Check(unrated(checklists(values)))


def checklist_suggestion(found: Sequence[Criterion], checklist: Checklist) -> Suggestion:
    """The suggested verdict for one checklist."""
    return suggestion_for(found, {c.row_id: standing(checklist.ratings.get(c.row_id))
                                  for c in found})


def decision_label(verdict: str) -> str:
    """A chosen verdict as the page shows it."""
    return VERDICT_LABELS.get(verdict, "Not chosen yet") if verdict else "Not chosen yet"


class NotedOutput(Output):
    """An output that also gives each item of a repeat a note (by item row id)."""

    def __init__(self, *args: Any, notes: dict[str, str] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.notes = notes or {}

    def as_dict(self) -> dict[str, Any]:
        """Return the output, notes included, as plain data for the page."""
        data = super().as_dict()
        data["notes"] = dict(self.notes)
        return data


def combined_note(provider: Provider | None, own: Suggestion, context: Context) -> str:
    """For a checklist whose provider has other checklists: what all of the provider's
    ratings combined suggest, when that is not this checklist's own suggestion ("" else),
    so the checklist and the comparison never seem to contradict each other."""
    if provider is None or provider.suggestion is None or len(provider.checklists) < 2 \
            or provider.suggestion.verdict == own.verdict:
        return ""
    compare = context.titles.get(COMPARE_SHEET, "Compare providers")
    return (f"All {len(provider.checklists)} checklists of this provider, combined, suggest "
            f"“{provider.suggestion.label}” (see “{compare}”).")


@register
def checklist_suggestions(values: Values, context: Context) -> Output:
    """Suggest a verdict for every checklist and say where the person's choice differs;
    when a provider has several checklists and their ratings combined suggest another
    verdict, say that too (as the comparison shows it)."""
    found = criteria(context)
    items = checklists(values)
    if not items:
        return NotedOutput("No checklists yet.", "incomplete",
                           ["Add a checklist for each provider you are considering."])
    listed, _ = providers(found, items)
    provider_of = {item.row_id: provider for provider in listed
                   for item in provider.checklists}
    notes: dict[str, str] = {}
    rows: list[list[str]] = []
    messages: list[str] = []
    different = 0
    for item in items:
        suggestion = checklist_suggestion(found, item)
        note = f"This checklist's ratings suggest “{suggestion.label}”. {suggestion.reason}"
        flags = []
        if differs(suggestion, item.verdict):
            different += 1
            flags.append("Differs from this checklist's suggestion.")
            note += (f" Your choice, “{decision_label(item.verdict)}”, differs from it. Your "
                     "choice stands.")
            messages.append(f"{item.title}: you chose “{decision_label(item.verdict)}”; its "
                            f"ratings suggest “{suggestion.label}”. {suggestion.reason}")
        combined = combined_note(provider_of.get(item.row_id), suggestion, context)
        if combined:
            flags.append(combined)
            note += f" {combined}"
        notes[item.row_id] = note
        rows.append([f"Checklist {item.number}", item.provider or "—", item.rater or "—",
                     suggestion.label, decision_label(item.verdict), " ".join(flags)])
    count = len(items)
    text = f"Suggested verdicts for {count} checklist{'s' if count != 1 else ''}."
    if different:
        text += (f" {different} chosen verdict{'s differ' if different != 1 else ' differs'} "
                 "from its checklist's suggestion.")
    columns = ["Checklist", "Provider", "Completed by", "Suggested by this checklist",
               "Your verdict", "Note"]
    missing = unrated(items)
    if missing:
        messages.append(f"Still missing: {'; '.join(missing)}.")
    return NotedOutput(text, "incomplete" if missing else "ok", messages, columns, rows,
                       notes=notes)


# ---- Comparing providers ------------------------------------------------------------------


@dataclass(frozen=True)
class Combined:
    """Several people's ratings of one criterion for one provider."""

    scores: tuple[int, ...]  # the ratings other than No evidence, lowest first
    no_evidence: tuple[str, ...]  # who rated No evidence

    @property
    def middle(self) -> tuple[int, int] | None:
        """The two middle scores (the same one twice for an odd count); None if none."""
        if not self.scores:
            return None
        n = len(self.scores)
        return self.scores[(n - 1) // 2], self.scores[n // 2]

    @property
    def standing(self) -> str:
        """PASS when the median is Agree or above (with an even count, both middle
        ratings must be); FAIL when below; UNKNOWN when only No evidence; else UNRATED."""
        middle = self.middle
        if middle is None:
            return UNKNOWN if self.no_evidence else UNRATED
        return PASS if middle[0] >= AGREE else FAIL

    @property
    def disagreement(self) -> bool:
        """Whether two ratings are two or more steps apart (No evidence left out)."""
        return bool(self.scores) and self.scores[-1] - self.scores[0] >= DISAGREEMENT_STEPS

    @property
    def median_label(self) -> str:
        """The median in words: a rating, or "between" two ratings."""
        middle = self.middle
        if middle is None:
            return "No evidence" if self.no_evidence else "Not rated"
        low, high = middle
        if low == high:
            return SCORE_LABELS[low]
        return f"Between {SCORE_LABELS[low]} and {SCORE_LABELS[high]}"

    def describe(self) -> str:
        """The cell text of the comparison."""
        parts = [self.median_label]
        if len(self.scores) > 1:
            parts[0] += f" (median of {len(self.scores)})"
        if self.scores and self.no_evidence:
            parts.append(f"No evidence from {len(self.no_evidence)}")
        if self.disagreement:
            parts.append(f"raters disagree: {SCORE_LABELS[self.scores[0]]} to "
                         f"{SCORE_LABELS[self.scores[-1]]}")
        return "; ".join(parts)


def combine(ratings: Iterable[tuple[str, str]]) -> Combined:
    """Combine ``(rater, rating)`` pairs of one criterion; unrated ones are left out."""
    ratings = list(ratings)
    scores = sorted(SCORES[rating] for _, rating in ratings if rating in SCORES)
    unknown = tuple(rater for rater, rating in ratings if rating == NO_EVIDENCE)
    return Combined(tuple(scores), unknown)


@dataclass
class Provider:
    """Every checklist of one provider, one per rater."""

    name: str
    checklists: list[Checklist] = field(default_factory=list)
    combined: dict[str, Combined] = field(default_factory=dict)  # by criterion row id
    suggestion: Suggestion | None = None
    order: int = 0

    def rater_name(self, item: Checklist) -> str:
        """The rater's name, or the checklist's number when no name is given."""
        return item.rater or f"checklist {item.number}"


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def providers(found: Sequence[Criterion], items: Sequence[Checklist]
              ) -> tuple[list[Provider], list[str]]:
    """Group checklists by provider (names compared ignoring case and spaces), keep one
    checklist per rater (the latest by date, then by position), and combine ratings.

    Returns the providers in order of their first checklist, and messages about
    checklists that were left out.
    """
    groups: dict[str, Provider] = {}
    messages: list[str] = []
    for item in items:
        key = _key(item.provider) or f"\0{item.row_id}"
        provider = groups.setdefault(key, Provider(
            item.provider or f"Checklist {item.number} (no provider name)", order=len(groups)))
        same = next((other for other in provider.checklists
                     if item.rater and _key(other.rater) == _key(item.rater)), None)
        if same is None:
            provider.checklists.append(item)
            continue
        newer, older = (item, same) if item.date >= same.date else (same, item)
        provider.checklists[provider.checklists.index(same)] = newer
        messages.append(f"{provider.name} has two checklists by {item.rater}: "
                        f"checklist {newer.number} counts, checklist {older.number} "
                        "(an earlier date or position) is left out.")
    for provider in groups.values():
        for criterion in found:
            provider.combined[criterion.row_id] = combine(
                (provider.rater_name(item), item.ratings.get(criterion.row_id, ""))
                for item in provider.checklists)
        provider.suggestion = suggestion_for(
            found, {row_id: combined.standing for row_id, combined in provider.combined.items()})
    return list(groups.values()), messages


SORTS = ("verdict", "must", "follow-ups", "name")


def sort_providers(found: Sequence[Criterion], listed: list[Provider], sort_by: str
                   ) -> list[Provider]:
    """Order providers for the comparison; "" keeps the order of their first checklist."""
    def name(p: Provider) -> str:
        return p.name.casefold()

    def musts_met(p: Provider) -> int:
        return sum(1 for c in found if c.kind == MUST and p.combined[c.row_id].standing == PASS)

    def open_questions(p: Provider) -> int:
        return sum(len(combined.no_evidence) for combined in p.combined.values())

    if sort_by == "verdict":
        return sorted(listed, key=lambda p: (VERDICT_ORDER.index(p.suggestion.verdict),
                                             name(p)))
    if sort_by == "must":
        return sorted(listed, key=lambda p: (-musts_met(p), name(p)))
    if sort_by == "follow-ups":
        return sorted(listed, key=lambda p: (open_questions(p), name(p)))
    if sort_by == "name":
        return sorted(listed, key=lambda p: (name(p), p.order))
    return sorted(listed, key=lambda p: p.order)


@dataclass(frozen=True)
class Verdicts:
    """A provider's verdicts in words: the suggested one ("no suggestion yet" without
    one), the chosen ones ("not chosen yet" when no rater chose; raters' different
    choices joined by " / "), and whether a chosen one differs from the suggestion."""

    suggested: str
    chosen: str
    differs: bool


def verdicts(provider: Provider) -> Verdicts:
    """The suggested and chosen verdicts of ``provider``, as every summary words them."""
    suggested = provider.suggestion.label if provider.suggestion else "no suggestion yet"
    chosen = sorted({decision_label(item.verdict) for item in provider.checklists
                     if item.verdict})
    return Verdicts(suggested, " / ".join(chosen) if chosen else "not chosen yet",
                    bool(provider.suggestion) and any(
                        item.verdict and differs(provider.suggestion, item.verdict)
                        for item in provider.checklists))


def _choices(provider: Provider) -> dict[str, list[str]]:
    """Each verdict chosen in the provider's checklists, with who chose it, in order."""
    chosen: dict[str, list[str]] = {}
    for item in provider.checklists:
        if item.verdict:
            chosen.setdefault(decision_label(item.verdict), []).append(
                provider.rater_name(item))
    return chosen


def _reason(suggestion: Suggestion) -> str:
    """The rule's reason as a clause: "must-have rated below Agree: …"."""
    reason = suggestion.reason.rstrip(".")
    return reason[:1].lower() + reason[1:]


def verdict_sentences(provider: Provider, who: str = "The working group") -> list[str]:
    """A provider's verdict as an agreement states it: the verdict chosen first (or that
    raters chose different ones, said once; or that none is chosen yet); then, only when
    a chosen verdict differs from what all its ratings combined suggest, one sentence
    with that suggestion and the rule's reason."""
    suggestion = provider.suggestion
    chosen = _choices(provider)
    rated = len(provider.checklists)
    if not chosen:
        if suggestion is not None and suggestion.verdict not in (INCOMPLETE, NO_CRITERIA):
            return [f"No verdict is chosen yet in its checklists; the ratings suggest "
                    f"“{suggestion.label}”."]
        return ["No verdict is chosen yet in its checklists, and the ratings give no "
                "suggestion yet."]
    if len(chosen) == 1:
        label, raters = next(iter(chosen.items()))
        where = (f", in {len(raters)} of its {rated} checklists (the others have no verdict "
                 "yet)") if len(raters) < rated else ""
        lines = [f"{who} chose “{label}”{where}."]
    else:
        lines = ["Raters chose different verdicts: " + "; ".join(
            f"“{label}” ({', '.join(raters)})" for label, raters in chosen.items())
            + ". Settle on one before agreeing."]
    if suggestion is not None and verdicts(provider).differs:
        instead = " instead" if len(chosen) == 1 else ""
        lines.append(f"The ratings suggest “{suggestion.label}”{instead} "
                     f"({_reason(suggestion)}).")
    return lines


def verdict_line(provider: Provider) -> str:
    """One line for the start page and the summary: the verdict chosen, then the one the
    ratings suggest when it differs (the words of :func:`verdict_sentences`, shortened)."""
    said = verdicts(provider)
    chosen = _choices(provider)
    if not chosen:
        return f"{provider.name}: no verdict chosen yet; the ratings suggest {said.suggested}"
    if said.differs:
        return f"{provider.name}: chosen {said.chosen}; the ratings suggest {said.suggested}"
    agreed = provider.suggestion is not None and provider.suggestion.decides
    return f"{provider.name}: chosen {said.chosen}{', as the ratings suggest' if agreed else ''}"


def chosen_text(provider: Provider) -> str:
    """Each rater's chosen verdict, and whether it differs from the suggestion."""
    assert provider.suggestion is not None
    parts = []
    for item in provider.checklists:
        if not item.verdict:
            continue
        note = " — differs from the suggestion" if differs(provider.suggestion,
                                                           item.verdict) else ""
        parts.append(f"{decision_label(item.verdict)} ({provider.rater_name(item)}){note}")
    return "; ".join(parts) or "Not chosen yet"


def follow_ups(found: Sequence[Criterion], provider: Provider) -> list[tuple[Criterion, str]]:
    """Every criterion rated No evidence for the provider, with who rated it so."""
    return [(criterion, ", ".join(provider.combined[criterion.row_id].no_evidence))
            for criterion in found if provider.combined[criterion.row_id].no_evidence]


def comparison_table(found: Sequence[Criterion], listed: Sequence[Provider]
                     ) -> tuple[list[str], list[list[str]]]:
    """The side-by-side matrix: one row per provider, one column per criterion."""
    columns = ["Provider", "Suggested verdict", "Chosen verdict", "Rated by",
               *(c.heading for c in found), "Open follow-ups"]
    rows = []
    for provider in listed:
        assert provider.suggestion is not None
        raters = ", ".join(provider.rater_name(item) for item in provider.checklists)
        questions = [c.name for c, _ in follow_ups(found, provider)]
        rows.append([provider.name, provider.suggestion.label, chosen_text(provider), raters,
                     *(provider.combined[c.row_id].describe() for c in found),
                     "; ".join(questions) or "None"])
    return columns, rows


@register_suggestions
def checklist_providers(context: Context) -> list[str]:
    """The providers the checklists name, each once (names compared ignoring case and
    spaces, as the comparison groups them), in the order of their first checklist: what
    an agreement's provider box offers to pick."""
    listed, _ = providers(criteria(context), checklists(context.values(CHECKLIST_SHEET)))
    return [provider.name for provider in listed if provider.checklists[0].provider]


SIDE_BY_SIDE = 8  # providers shown side by side; more continue in groups below


def comparison_matrix(found: Sequence[Criterion], listed: Sequence[Provider]
                      ) -> list[tuple[list[str], list[list[str]]]]:
    """The decision view: criteria as rows, providers as columns, eight side by side
    (each further eight in a table of their own), with the verdicts, raters and open
    follow-ups at the head of each column."""
    tables = []
    for start in range(0, len(listed), SIDE_BY_SIDE):
        group = list(listed[start:start + SIDE_BY_SIDE])
        rows = [
            ["Suggested verdict", *(p.suggestion.label if p.suggestion else "" for p in group)],
            ["Chosen verdict", *(chosen_text(p) for p in group)],
            ["Rated by", *(", ".join(p.rater_name(i) for i in p.checklists) for p in group)],
            ["Open follow-ups", *("; ".join(c.name for c, _ in follow_ups(found, p)) or "None"
                                 for p in group)],
            *([criterion.heading, *(p.combined[criterion.row_id].describe() for p in group)]
              for criterion in found),
        ]
        tables.append((["Criterion", *(p.name for p in group)], rows))
    return tables


def compared(values: Values, context: Context
             ) -> tuple[list[Criterion], list[Provider], list[str]]:
    """The criteria, the providers in the comparison's order (its ``values`` choose the
    order) and messages about checklists left out."""
    found = criteria(context)
    listed, messages = providers(found, checklists(context.values(CHECKLIST_SHEET)))
    sort_by = values.get("sort_by") if values.get("sort_by") in SORTS else ""
    return found, sort_providers(found, listed, sort_by), messages


@register
def provider_comparison(values: Values, context: Context) -> Output:
    """Compare providers side by side: suggested and chosen verdicts, each criterion's
    median over the raters, and where raters disagree."""
    found, listed, messages = compared(values, context)
    if not listed:
        return Output("No provider checklists yet.", "incomplete",
                      ["Fill in a checklist for each provider above; they appear here side "
                       "by side."])
    raters = {_key(item.rater) or item.row_id for p in listed for item in p.checklists}
    count = len(listed)
    text = (f"{count} provider{'s' if count != 1 else ''} compared, from "
            f"{sum(len(p.checklists) for p in listed)} checklists by {len(raters)} "
            f"{'people' if len(raters) != 1 else 'person'}.")
    # One line per provider: each cell of the table says how far apart the raters are.
    for provider in listed:
        split = [criterion.name for criterion in found
                 if provider.combined[criterion.row_id].disagreement]
        if split:
            many = len(split) != 1
            messages.append(
                f"{provider.name}: raters disagree on {len(split)} "
                f"criteri{'a' if many else 'on'}, {listing(split)}. "
                f"Talk {'them' if many else 'it'} through before deciding.")
    (columns, rows), *more = comparison_matrix(found, listed)
    names = [verdict_line(provider) for provider in listed]
    return Output(text, "ok", messages, columns, rows, names=names, more_tables=more,
                  tones=comparison_tones(found, listed[:SIDE_BY_SIDE]))


def comparison_tones(found: Sequence[Criterion], group: Sequence[Provider]) -> list[list[str]]:
    """Each cell's tone in the first table of the comparison: a criterion met ("pass"),
    not met ("fail"), only "No evidence" ("no-evidence"), with "split" added where the
    raters disagree; the heading rows have none."""
    tones = [[""] * (len(group) + 1) for _ in range(4)]
    for criterion in found:
        row = [""]
        for provider in group:
            combined = provider.combined[criterion.row_id]
            tone = combined.standing if combined.standing != UNRATED else ""
            row.append(f"{tone} split".strip() if combined.disagreement else tone)
        tones.append(row)
    return tones


@register
def provider_follow_ups(values: Values, context: Context) -> Output:
    """List every "No evidence" rating as a question to ask the provider."""
    found, listed, _ = compared(values, context)
    rows = [[provider.name, KIND_LABELS[criterion.kind], criterion.name, who]
            for provider in listed for criterion, who in follow_ups(found, provider)]
    if not rows:
        return Output("No open follow-up questions: no criterion is rated “No evidence”.",
                      chart=musts_chart(found, listed))
    asked = len({row[0] for row in rows})
    text = (f"{len(rows)} open follow-up question{'s' if len(rows) != 1 else ''} for {asked} "
            f"provider{'s' if asked != 1 else ''}: ask about each before deciding.")
    waiting = {row[0]: sum(1 for other in rows if other[0] == row[0]) for row in rows}
    return Output(text, "incomplete", [],
                  ["Provider", "Must-have or nice-to-have", "Criterion", "No evidence from"],
                  rows, names=[f"{name} ({count} open question{'s' if count != 1 else ''})"
                               for name, count in waiting.items()],
                  chart=musts_chart(found, listed))


def musts_chart(found: Sequence[Criterion], listed: Sequence[Provider]) -> dict | None:
    """Each provider's must-have criteria: met, not met, and only "No evidence" (the
    questions to follow up), as one bar each; None without providers or must-haves."""
    musts = [criterion for criterion in found if criterion.kind == MUST]
    if not listed or not musts:
        return None
    rows, table, said = [], [], []
    for provider in listed:
        standing = [provider.combined[c.row_id].standing for c in musts]
        met, failed, unknown = (standing.count(PASS), standing.count(FAIL),
                                standing.count(UNKNOWN))
        rows.append(charts.Row(provider.name, (
            charts.Bar(met, f"{met} met", "done"), charts.Bar(failed, f"{failed} not met",
                                                              "unmet"),
            charts.Bar(unknown, f"{unknown} no evidence", "todo")), stacked=True))
        table.append([provider.name, str(met), str(failed), str(unknown)])
        said.append(f"{provider.name}: {met} met, {failed} not met, {unknown} no evidence")
    return charts.chart("must-haves", f"Must-have criteria by provider (of {len(musts)})",
                        "; ".join(said) + ".", rows,
                        ["Provider", "Met", "Not met", "No evidence"], table)


def comparison_cells(values: Values, context: Context) -> workbook.Table:
    """The comparison, one row per provider, every cell words (verdicts, medians, names):
    the rows of both its CSV and its Excel workbook."""
    found, listed, _ = compared(values, context)
    columns, rows = comparison_table(found, listed)
    return workbook.output_table(columns, rows, labels=len(columns))


@register_action
def provider_comparison_csv(values: Values, context: Context) -> Download:
    """The comparison matrix as CSV, for a spreadsheet."""
    return Download("provider-comparison.csv", "text/csv",
                    "\ufeff" + csv_text(comparison_cells(values, context)))
