"""Agreement outlines: a draft memorandum of understanding (MOU) per provider.

The practice asks the district to work with counsel on agreements "including clear
success metrics, roles and responsibilities, and information-sharing agreements". Each
outline takes what the agreement alone needs from the ``agreements`` worksheet (services,
schedule, duties) and the rest from the other worksheets: the goal, the needs, where
and how care is delivered, the working group, the plan's owners, the check-in schedule
and the approaches chosen. A part the entries cannot fill names what is missing and the
worksheet that holds it. The outline is a draft for counsel, never legal text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.computations import Context, Download, Output, Values, register, register_action
from ..core.figures import amount, long_date
from ..core.suppression import threshold_from
from ..documents import document
from ..documents.shareable import NOT_SHARED, share
from .agreement_costs import who_pays
from .agreement_pathways import AGREEMENTS, chosen, entries
from .approaches import SHEET as APPROACHES_SHEET
from .approaches import chosen_approaches
from .checklist import (
    CHECKLIST_SHEET,
    DOES_NOT_MEET,
    checklists,
    criteria,
    decision_label,
    providers,
    verdict_sentences,
)
from .costs import SHEET as COSTS_SHEET
from .district import SHEET as DISTRICT_SHEET
from .district import district_name
from .gaps import SHEET as GAPS_SHEET
from .goals import SHEET as GOAL_SHEET
from .goals import goal_sentence
from .location import SHEET as LOCATION_SHEET
from .location import location_summary
from .needs import NEEDS_SHEET, estimate, needs_summary
from .pathway import SHEET as PATHWAY
from .pathway import outline_of, read_steps, target_of
from .pathway_roles import WORKING_GROUP
from .planning import PLAN_SHEET, checkin_series, describe_series, parse_date, plan_steps
from .profile import PROFILE, district_contact

OWN_ENTRIES = 12  # what an outline takes from its agreement's fields (provider to review)
OWN_PATHWAY_ENTRIES = 1  # and, when it follows its own pathway, that pathway's steps
DRAFT = ("Draft for discussion with the district's counsel. It gathers the district's "
         "decisions; it is not legal text.")
SHARED_NOTE = ("Counts of students under {t} are hidden in this file, and so is any count "
               "that would reveal one.")

#: What the practice says about each approach's flexibility, and its quality and
#: accountability, as points for an agreement's review, renewal and exit terms.
APPROACH_TERMS = {
    "partner": (
        "No funds change hands, so either side may leave easily: agree on notice and a "
        "hand-over so students are not left without care if the partner departs.",
        "Short of ending the partnership, the district has few levers for quality: agree "
        "on the check-in measures and what happens when they are missed."),
    "contract": (
        "A contract can raise and lower capacity while keeping a minimum guaranteed "
        "provider presence: set that minimum.",
        "Build incentives into the contract for meeting the district's access and quality "
        "goals."),
}

#: Questions the agreement's information-sharing terms must settle with counsel.
SHARING_QUESTIONS = (
    "Which information will the provider and the district share, for what purpose, and "
    "how often?",
    "Consent: how do families (and students, where state law allows) agree to services and "
    "to sharing information?",
    "FERPA and HIPAA: which records are education records, which are health records, and "
    "who may see each?",
    "Reports to the district: counts only, with any count of students under {t} hidden.",
    "Where are records kept, for how long, and how are they returned or destroyed when the "
    "agreement ends?",
)


@dataclass
class Part:
    """One part of an outline: what the entries say, and what is still missing."""

    title: str
    lines: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (what, worksheet id)
    said: list[tuple[str, str]] = field(default_factory=list)  # missing, said in a line

    def need(self, what: str, worksheet: str) -> None:
        """Note something to fill in, and the worksheet that holds it."""
        self.missing.append((what, worksheet))

    def tell(self, sentence: str, what: str, worksheet: str) -> None:
        """Say plainly, in a line of the part, what is still to do in ``worksheet``: it
        counts as missing (and links there) without a "Missing:" of its own."""
        self.lines.append(sentence)
        self.need(what, worksheet)
        self.said.append((what, worksheet))

    def say(self, label: str, text: str, what: str = "", worksheet: str = AGREEMENTS) -> None:
        """Add ``label: text``; when ``text`` is empty, note ``what`` as missing."""
        if text:
            self.lines.append(f"{label}: {text}" if label else text)
        elif what:
            self.need(what, worksheet)


def _text(values: Values, key: str) -> str:
    raw = values.get(key)
    return raw.strip() if isinstance(raw, str) else ""


def _date_text(values: Values, key: str) -> str:
    try:
        day = parse_date(values.get(key))
    except ValueError:
        return ""
    return long_date(day) if day else ""


def _ok(output: Output) -> str:
    """A result's sentence once it holds figures (it may still note something to check)."""
    unfinished = output.status == "error" or output.text.startswith(("Not yet", "No "))
    return "" if unfinished else output.text


def _provider(name: str, context: Context):
    found = criteria(context)
    listed, _ = providers(found, checklists(context.values(CHECKLIST_SHEET)))
    key = " ".join(name.split()).casefold()
    return next((p for p in listed if " ".join(p.name.split()).casefold() == key), None)


def _parties(item: Values, context: Context) -> Part:
    part = Part("Parties")
    district, provider = district_name(context.state, context.settings), _text(item, "provider")
    if district and provider:
        part.lines.append(f"{district} and {provider}.")
    if not district:
        part.need("the district's name", DISTRICT_SHEET)
    if not provider:
        part.need("the provider's name", AGREEMENTS)
    part.say("District lead", _text(item, "district_lead"), "the district's lead")
    # Typed once, in the provider packet, for every provider: named there when missing.
    part.say("The district's contact for providers",
             district_contact(context.values(PROFILE)),
             "the district's contact for providers", PROFILE)
    part.say("Provider's contact", _text(item, "contact"), "the provider's contact")
    return part


def _standing(item: Values, context: Context) -> Part:
    part = Part("How the provider was judged")
    name = _text(item, "provider")
    provider = _provider(name, context) if name else None
    if provider is None and name:  # a new name: said plainly, not as a form error
        checklist = context.titles.get(CHECKLIST_SHEET, CHECKLIST_SHEET)
        part.tell(f"No checklist names “{name}” yet: rate it in “{checklist}” before "
                  "agreeing, or pick a provider the checklists name.",
                  "a checklist that names this provider", CHECKLIST_SHEET)
    elif provider is None:
        part.need("a checklist that names this provider", CHECKLIST_SHEET)
    else:
        part.lines += verdict_sentences(provider)
        if {c.verdict for c in provider.checklists if c.verdict} == {DOES_NOT_MEET}:
            part.lines.append(f"An agreement with a provider judged “"
                              f"{decision_label(DOES_NOT_MEET)}”: settle this before "
                              "agreeing.")
    return part


def _services(item: Values, context: Context) -> Part:
    part = Part("Services")
    part.say("", _text(item, "services"), "the services the provider will deliver")
    part.say("Gaps they address", _text(context.values(GAPS_SHEET), "biggest_gaps"),
             "the biggest gaps", GAPS_SHEET)
    return part


@dataclass
class Figures:
    """The district's need and its goal as the outline shows them: as on the page, or
    as shared (small counts hidden) in the files and the report's shareable version."""

    needs: Output
    goal: Output
    shared: bool = False  # as they may be shared: a count of zero is not said
    #: Shared, why the figures worked out from counts of students in "Who pays for
    #: what" are left out ("" when they may be shared: see ``cost_sharing``).
    costs_left_out: str = ""


def left_out_reason(output: Output) -> str:
    """Why the shareable version leaves a result out ("" when it does not)."""
    return output.text[len(NOT_SHARED):] if output.text.startswith(NOT_SHARED) else ""


def figures_of(context: Context, shared: bool = False) -> Figures:
    """The need and the goal sentence, as the page shows them or as they may be shared
    (with why the costs are left out, as the mix's cost is)."""
    if shared:
        sharing = share(context.state, context)
        mix = sharing.worksheets[COSTS_SHEET].outputs["mix-cost"]
        return Figures(sharing.worksheets[NEEDS_SHEET].outputs["summary"],
                       sharing.worksheets[GOAL_SHEET].outputs["sentence"], shared=True,
                       costs_left_out=left_out_reason(mix))
    return Figures(needs_summary(context.values(NEEDS_SHEET), context),
                   goal_sentence(context.values(GOAL_SHEET), context))


def _students(item: Values, context: Context, figures: Figures) -> Part:
    part = Part("Students and schools")
    part.say("Students", _text(item, "students"), "which students the services are for")
    part.say("Schools", _text(item, "schools"), "the schools served")
    counted = estimate(context.values(NEEDS_SHEET), context)
    # Shared, a need of 0 is a small count like any other: the part is filled whenever
    # a number is entered, so "missing" never tells a reader that the need is 0.
    entered = counted.counted if figures.shared else counted.indicated
    part.say("The district's need", _ok(figures.needs) if entered else "",
             "the needs estimate", NEEDS_SHEET)
    return part


def _location(context: Context) -> Part:
    part = Part("Location and format")
    summary = location_summary(context.values(LOCATION_SHEET), context)
    part.say("", _ok(summary), "where and how care is delivered", LOCATION_SHEET)
    return part


def _schedule(item: Values, context: Context) -> Part:
    part = Part("Schedule")
    part.say("", _text(item, "schedule"), "the schedule")
    part.say("Services start on", _date_text(item, "start"), "the start date")
    series, _missing, _problems = checkin_series(context.values(PLAN_SHEET))
    part.say("Check-ins", describe_series(series) if series else "",
             "the check-in schedule", PLAN_SHEET)
    return part


def _metrics(item: Values, context: Context, figures: Figures) -> Part:
    part = Part("Success metrics")
    part.say("Goal", figures.goal.text if figures.goal.status == "ok" else "",
             "the goal (a date and a target)", GOAL_SHEET)
    part.say("Success looks like", _text(context.values(GOAL_SHEET), "success"))
    part.lines.append("At each check-in: students referred, students who had a first "
                      "appointment, and the average days from referral to a first "
                      "appointment.")
    path = chosen(item, context)
    steps, problems = read_steps(path.values)
    target = None if problems else target_of(steps).days
    if target is not None:
        part.lines.append(f"Target: at most {amount(target)} school days from referral to "
                          f"a first appointment ({path.name}).")
    return part


def _pathway(item: Values, context: Context) -> Part:
    """The referral pathway and the crisis plan this agreement follows (the district's,
    or its provider's own), saying which: steps, owners, target, flows, consents and
    crisis contacts; missing until the crisis plan is complete."""
    path = chosen(item, context)
    found = outline_of(path.values, context)
    part = Part("Referral pathway and crisis plan", [path.sentence(context.titles),
                                                      *found.lines])
    if path.own and found.steps_missing:
        # One part of this agreement's own entries, however many gaps its steps have.
        part.need(f"for its own referral pathway, {'; '.join(found.steps_missing)}",
                  AGREEMENTS)
    else:
        for what in found.steps_missing:
            part.need(what, PATHWAY)
    for what in found.plan_missing:
        part.need(what, PATHWAY)
    return part


def _roles(item: Values, context: Context) -> Part:
    part = Part("Roles and responsibilities")
    part.say("The provider", _text(item, "provider_duties"), "what the provider is "
             "responsible for")
    part.say("The district", _text(item, "district_duties"), "what the district is "
             "responsible for")
    members = [row for row in context.values(WORKING_GROUP).get("members") or []
               if isinstance(row, dict) and _text(row, "name")]
    names = [f"{_text(row, 'name')} ({_text(row, 'position') or 'position not given'})"
             + (f": {_text(row, 'roles')}" if _text(row, "roles") else "")
             for row in members]
    part.say("Working group", "; ".join(names), "the working group's members",
             WORKING_GROUP)
    steps = [step for step in plan_steps(context.values(PLAN_SHEET), context)
             if step.source in ("agreements", "launch")]
    owned = [f"{step.name} ({step.owner}"
             + (f", by {long_date(step.deadline)})" if step.deadline else ")")
             for step in steps if step.owner]
    part.say("Plan owners", "; ".join(owned))
    if any(not step.owner for step in steps):
        part.need("an owner for each agreement and launch step", PLAN_SHEET)
    return part


def _sharing(context: Context) -> Part:
    threshold, _message = threshold_from(context.settings)
    return Part("Information sharing: questions to settle with counsel",
                [question.format(t=threshold) for question in SHARING_QUESTIONS])


#: How each arrangement is named in an outline.
ARRANGEMENTS = {"partner": "a partnership at no cost to the district",
                "contract": "a contract: the district pays the provider"}


def _terms(item: Values, context: Context) -> Part:
    """The review, renewal and exit terms of this agreement's own arrangement only: a
    partnership at no cost never gets a contract's terms, nor the reverse."""
    part = Part("Review, renewal and exit")
    part.say("Review or renewal on", _date_text(item, "review"), "the review or renewal date")
    arrangement = _text(item, "arrangement")
    if arrangement not in APPROACH_TERMS:
        part.need("whether this agreement is a partnership at no cost or a contract",
                  AGREEMENTS)
        return part
    part.lines.append(f"Arrangement: {ARRANGEMENTS[arrangement]}.")
    part.lines += list(APPROACH_TERMS[arrangement])
    chosen = chosen_approaches(context.values(APPROACHES_SHEET))
    if chosen and arrangement not in chosen:
        part.lines.append("Check: this arrangement is not among the approaches chosen in "
                          "“Weigh the three approaches”.")
    return part


def _who_pays(item: Values, context: Context, figures: Figures) -> Part:
    """Who pays for what under this agreement's own arrangement (see
    :mod:`.agreement_costs`); in a shareable file, without what would show a hidden
    count of students."""
    arrangement = _text(item, "arrangement")
    others = [title_of(other, n) for n, other in enumerate(
        items(context.values(AGREEMENTS)), start=1)
        if _text(other, "arrangement") == arrangement and other.get("row_id") != item.get(
            "row_id")]
    lines, missing = who_pays(_text(item, "provider"), arrangement, others, context,
                              figures.costs_left_out if figures.shared else "")
    return Part("Who pays for what", lines, missing)


def outline(item: Values, context: Context, figures: Figures | None = None) -> list[Part]:
    """The parts of one agreement's outline, in the order an MOU takes them."""
    figures = figures or figures_of(context)
    return [_parties(item, context), _standing(item, context), _services(item, context),
            _students(item, context, figures), _location(context), _schedule(item, context),
            _metrics(item, context, figures), _roles(item, context), _pathway(item, context),
            _sharing(context), _who_pays(item, context, figures), _terms(item, context)]


def items(values: Values) -> list[Values]:
    """The agreements entered, skipping any that hold nothing yet."""
    return entries(values)


def title_of(item: Values, number: int) -> str:
    """An agreement's name: its provider, or its number."""
    return _text(item, "provider") or f"Agreement {number} (no provider named yet)"


def shown_lines(part: Part, context: Context) -> list[str]:
    """A part's lines as shown, then what it still needs (if not said already)."""
    gap = missing_text(part, context)
    return [*part.lines, gap] if gap else list(part.lines)


def missing_text(part: Part, context: Context, where: bool = True) -> str:
    """What a part still needs, naming each worksheet that holds it (not what a line of
    the part says already)."""
    said = []
    for what, worksheet in part.missing:
        if (what, worksheet) in part.said:
            continue
        title = context.titles.get(worksheet, worksheet)
        said.append(what if not where else f"{what} (in this agreement's entries)"
                    if worksheet == AGREEMENTS else f"{what} (in “{title}”)")
    return "Missing: " + "; ".join(said) + "." if said else ""


def _chosen_without(values: Values, context: Context) -> list[str]:
    found = criteria(context)
    listed, _ = providers(found, checklists(context.values(CHECKLIST_SHEET)))
    named = {" ".join(_text(item, "provider").split()).casefold() for item in items(values)}
    return [p.name for p in listed
            if any(c.verdict in ("meets", "exceeds") for c in p.checklists)
            and not any(c.verdict == "does-not-meet" for c in p.checklists)
            and " ".join(p.name.split()).casefold() not in named]


@register
def agreement_outlines(values: Values, context: Context, figures: Figures | None = None
                       ) -> Output:
    """One outline per agreement, each part filled from the entries or naming what is
    missing and where (with ``figures`` as shared, in the report's shareable version)."""
    figures = figures or figures_of(context)
    entered = items(values)
    waiting = _chosen_without(values, context)
    messages = ([f"Judged to meet or exceed the district's needs, with no agreement yet: "
                 f"{'; '.join(waiting)}. Add an agreement for each you will partner with."]
                if waiting else [])
    if not entered:
        return Output("No agreements yet: add one for each provider you will partner with.",
                      "incomplete", messages)
    tables, names, links, complete, filled_parts, all_parts = [], [], [], 0, 0, 0
    for number, item in enumerate(entered, start=1):
        parts = outline(item, context, figures)
        title = title_of(item, number)
        rows = [[part.title, "\n".join(shown_lines(part, context))] for part in parts]
        tables.append((["Part", f"Agreement with {title}"], rows))
        gaps = [what for part in parts for what, _ in part.missing]
        filled = sum(not part.missing for part in parts)
        complete += not gaps
        # The worksheet's own progress: this agreement's entries (gaps elsewhere are
        # named above and counted on their own worksheets).
        # (Each once: the arrangement is asked for by two parts.)
        own = len({what for part in parts for what, where in part.missing
                   if where == AGREEMENTS})
        counted = OWN_ENTRIES + (OWN_PATHWAY_ENTRIES if chosen(item, context).own else 0)
        filled_parts, all_parts = filled_parts + counted - own, all_parts + counted
        names.append(f"{title}: {filled} of {len(parts)} parts filled")
        for part in parts:
            for _what, worksheet in part.missing:
                if worksheet not in [link["worksheet"] for link in links]:
                    links.append(context.link(worksheet))
    text = (f"{len(entered)} agreement outline{'s' if len(entered) != 1 else ''}, "
            f"{complete} with every part filled. {DRAFT}")
    first_columns, first_rows = tables[0]
    return Output(text, "ok" if complete == len(entered) else "incomplete",
                  messages,
                  first_columns, first_rows, names=names, more_tables=tables[1:],
                  links=links, progress=(filled_parts, all_parts), stack=True)


def _document(values: Values, context: Context) -> tuple[str, list[tuple[str, list[Part]]]]:
    """The outlines as files carry them: with the figures as they may be shared."""
    figures = figures_of(context, shared=True)
    return district_name(context.state, context.settings), [
        (title_of(item, n), outline(item, context, figures))
        for n, item in enumerate(items(values), start=1)]


def outlines_document(values: Values, context: Context) -> document.Document:
    """Every outline as one document, with the figures as they may be shared."""
    district, outlines = _document(values, context)
    blocks: list[document.Block] = [
        document.Paragraph(f"{DRAFT} {_shared_note(context)}", "note")]
    if not outlines:
        blocks.append(document.Paragraph("No agreements yet.", "empty"))
    for title, parts in outlines:
        blocks.append(document.Heading(f"Agreement with {title}"))
        for part in parts:
            lines = shown_lines(part, context)
            strong = frozenset({len(part.lines)}) if len(lines) > len(part.lines) \
                else frozenset()
            blocks += [document.Heading(part.title, 3), document.Items(tuple(lines), strong)]
    return document.Document("Agreement outlines", district, long_date(context.today),
                             tuple(blocks))


def outlines_markdown(values: Values, context: Context) -> str:
    """Every outline as one Markdown document."""
    return document.to_markdown(outlines_document(values, context))


def outlines_html(values: Values, context: Context) -> str:
    """Every outline as one standalone web page (no scripts, nothing loaded)."""
    return document.to_html(outlines_document(values, context))


def _shared_note(context: Context) -> str:
    return SHARED_NOTE.format(t=threshold_from(context.settings)[0])


def _filename(context: Context, extension: str) -> str:
    return f"agreement-outlines-{context.today.isoformat()}.{extension}"


@register_action
def agreement_outlines_markdown(values: Values, context: Context) -> Download:
    """The outlines as a Markdown file."""
    return Download(_filename(context, "md"), "text/markdown",
                    outlines_markdown(values, context))


@register_action
def agreement_outlines_docx(values: Values, context: Context) -> Download:
    """The outlines as a Word file (the page writes it from the document)."""
    return Download(_filename(context, "docx"), document.DOCX_TYPE, "",
                    document.word_data(outlines_document(values, context)))


@register_action
def agreement_outlines_html(values: Values, context: Context) -> Download:
    """The outlines as a standalone web page."""
    return Download(_filename(context, "html"), "text/html", outlines_html(values, context))

