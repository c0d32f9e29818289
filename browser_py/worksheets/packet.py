"""The provider packet: the district profile, with small counts hidden, to print or share.

The profile (worksheet ``provider-questions``) answers the questions providers ask. The
packet built from it never carries a count under the small-cell threshold: every count of
students is a cell of the one publication of :mod:`browser_py.documents.shareable`, decided with
the report's shareable version, the agreement files and the CSV downloads. Sums it
protects:

- the racial and ethnic composition adds up to the students the district serves (a
  "Not reported or other" row takes any difference);
- the school-based health centers' students add up to their published total.

The students the district serves are the students enrolled typed in the needs estimate:
the packet asks for no number of its own (one fact, typed in one place), shows where it
is typed, and publishes it as one cell with the report, hidden in both or in neither. A
number of students the packet held before it stopped asking, when it differs, is kept and
shown beside it (see :func:`browser_py.migrations.carry_enrollment`). Students with ERMHS
are some of the students with IEPs or 504 plans: when either of those counts is hidden,
the ERMHS count is hidden too, so it cannot narrow a hidden count down. Schools are not
students: counts of schools are shown as entered. Text answers are shared as written;
the preview warns about numbers of students in them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.computations import (
    Context,
    Download,
    Output,
    Values,
    parse_count,
    register,
    register_action,
    register_shared_cells,
)
from ..core.figures import long_date
from ..core.migrations import enrollment_conflict, figure_text
from ..core.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    Decision,
    Group,
    count_text,
    percent_text,
    shown_text,
    threshold_from,
)
from ..documents import document
from ..documents.shareable import Ledger, Published, Render, Shared, register_shareable, share_with
from .district import SHEET as DISTRICT_SHEET
from .district import district_name
from .needs import NEEDS_SHEET
from .profile import PROFILE, district_contact
from .shared_counts import ENROLLMENT, share_needs

COMPOSITION = (
    ("american-indian", "American Indian or Alaska Native"),
    ("asian", "Asian"),
    ("black", "Black or African American"),
    ("hispanic", "Hispanic or Latino"),
    ("pacific-islander", "Native Hawaiian or Other Pacific Islander"),
    ("white", "White"),
    ("two-or-more", "Two or more races"),
)
OTHER = "Not reported or other"
SUBGROUPS = (
    ("foster-care", "Students in foster care"),
    ("homelessness", "Students experiencing homelessness"),
    ("english-learners", "English learners"),
    ("free-reduced-lunch", "Students eligible for free or reduced-price lunch"),
)
CHOICES = {"yes": "Yes", "no": "No", "partly": "In some schools"}

Q_STUDENTS = "How many students does the district serve?"
Q_SCHOOLS = "How many schools are there in the district?"
Q_CONTACT = "Who should providers contact at the district?"
Q_COMPOSITION = "What is the racial and ethnic composition of the student population?"
Q_SUBGROUPS = ("What is the percentage of various subgroups (e.g., students in foster care, "
               "students experiencing homelessness, languages spoken, eligibility for "
               "free/reduced-price lunch) in the district?")
#: Not one of the profile's questions: the needs estimate's comparison of the groups.
Q_GROUPS = ("Are some groups of students over-represented among those with an indicated "
            "mental health need?")
Q_SBHC = "Are there school-based health centers in the district?"
Q_SBHC_DETAILS = ("School-based health centers: do they provide mental health services? How "
                  "many students do they serve annually? How are they funded and structured? "
                  "Where are they located?")
Q_PLANS = ("What proportion of students have IEPs or 504 plans? How many of those students "
           "have Educationally Related Mental Health Services (ERMHS) in their plans?")
TEXT_QUESTIONS = {
    "existing_partnerships": "Does the district have existing partnerships with any "
                             "community providers?",
    "perceived_gaps": "Where does the district and school-site leadership perceive there to "
                      "be gaps in mental health services and support?",
    "screening_services": "What mental health screening services can students currently "
                          "access at school sites?",
    "treatment_services": "What mental health treatment services can students currently "
                          "access at school sites?",
    "services_sought": "What services is the district looking to provide to students? For "
                       "how many students at how many schools?",
    "ermhs_delivery": "How are ERMHS provided for students with IEPs and 504 plans? Who "
                      "delivers the services?",
    "languages": "Languages spoken: which languages do students and families speak at home?",
}
Q_MTSS = "Does the district use a Multi-Tiered Systems of Support framework?"
TIERS = (("mtss_tier1", "Tier 1"), ("mtss_tier2", "Tier 2"), ("mtss_tier3", "Tier 3"))

#: A number followed, within two words, by a word for people: possibly a count of
#: students written into a text answer.
_PEOPLE = re.compile(
    r"\b(\d[\d,]*)\s+(?:[A-Za-z-]+\s+){0,2}?(?:students?|children|child|youths?|kids|"
    r"pupils|learners|families|cases|clients|boys|girls)\b", re.IGNORECASE)


@dataclass
class Line:
    """One line of the packet: a section, a question (or part of one) and its answer."""

    section: str
    question: str
    answer: str


@dataclass
class Packet:
    """The packet as it may leave the device, and what the preview should say."""

    threshold: int
    lines: list[Line] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # what was hidden and why, per count
    problems: list[str] = field(default_factory=list)  # entries to fix (not shared)
    warnings: list[str] = field(default_factory=list)  # worth a look before sharing
    small: int = 0
    complementary: int = 0
    # Every count by key as published ("1,234", "<10" or "hidden"), the sums they form,
    # and which counts are shares of which (for tests and the preview).
    published: dict[str, str] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)


def _text(values: Values, key: str) -> str:
    value = values.get(key)
    return value.strip() if isinstance(value, str) else ""


class _Counts:
    """Reads the profile's counts, keeping a name for each and noting entries to fix."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.names: dict[str, str] = {}
        self.problems: list[str] = []  # entries to fix, found while reading

    def read(self, key: str, raw: object, name: str) -> int | None:
        try:
            value = parse_count(raw)
        except ValueError as error:
            self.problems.append(f"{name}: {error} It is left out of the packet.")
            return None
        if value is not None:
            self.values[key] = value
            self.names[key] = name
        return value


def _cell(values: Values, table: str, row: str) -> object:
    rows = values.get(table)
    cells = rows.get(row) if isinstance(rows, dict) else None
    return cells.get("students") if isinstance(cells, dict) else None


def _read(values: Values, counts: _Counts, context: Context
          ) -> tuple[list[Group], bool, list[tuple[str, str, str, str]]]:
    """Read the profile's counts into ``counts`` (the students the district serves from
    the needs estimate): the sums they form, whether the composition can be shared, and
    the health centers entered."""
    groups: list[Group] = []
    enrolled = counts.read("students", context.values(NEEDS_SHEET).get("enrollment"),
                           f"Students enrolled, typed in {_title(context, NEEDS_SHEET)}")

    composition = [(key, label, counts.read(f"composition.{key}",
                                            _cell(values, "composition", key),
                                            f"Racial and ethnic composition: {label}"))
                   for key, label in COMPOSITION]
    entered = [(key, label, n) for key, label, n in composition if n is not None]
    composition_ok = bool(entered)
    if entered:
        added = sum(n for _, _, n in entered)
        parts = tuple(f"composition.{key}" for key, _, _ in entered)
        if enrolled is None:
            counts.values["composition.-total"] = added
            counts.names["composition.-total"] = "Racial and ethnic composition: total"
            groups.append(Group("composition.-total", parts))
        elif added > enrolled:
            composition_ok = False
            counts.problems.append(
                f"The racial and ethnic composition adds up to {count_text(added)} students, "
                f"more than the {count_text(enrolled)} the district serves. Fix the numbers: "
                "until then the composition is left out of the packet.")
        else:
            if added < enrolled:
                counts.values["composition.-other"] = enrolled - added
                counts.names["composition.-other"] = f"Racial and ethnic composition: {OTHER}"
                parts += ("composition.-other",)
            groups.append(Group("students", parts))

    for key, label in SUBGROUPS:
        value = counts.read(f"subgroups.{key}", _cell(values, "subgroups", key), label)
        if value is not None and enrolled is not None and value > enrolled:
            counts.problems.append(f"{label} ({count_text(value)}) are more than the students "
                                   f"the district serves ({count_text(enrolled)}): check both.")

    centers = _centers(values, counts)
    if centers:
        parts = tuple(f"sbhc.{row_id}" for row_id, *_ in centers if f"sbhc.{row_id}"
                      in counts.values)
        if parts:
            counts.values["sbhc-total"] = sum(counts.values[k] for k in parts)
            counts.names["sbhc-total"] = "School-based health centers: students served, total"
            groups.append(Group("sbhc-total", parts))

    for key, name in (("iep", "Students with IEPs"), ("504", "Students with 504 plans"),
                      ("ermhs", "Students with ERMHS in their IEP or 504 plan"),
                      ("sought", "Services sought: students")):
        field_id = {"iep": "iep_students", "504": "plan504_students",
                    "ermhs": "ermhs_students", "sought": "sought_students"}[key]
        counts.read(key, values.get(field_id), name)
    return groups, composition_ok, centers


def _title(context: Context, worksheet: str) -> str:
    titles = {NEEDS_SHEET: "Estimate student need", DISTRICT_SHEET: "Your district"}
    return context.titles.get(worksheet) or titles.get(worksheet, worksheet)


def _enrolled_key(counts: _Counts, context: Context) -> str:
    """The ledger key of the students the district serves: the needs estimate's students
    enrolled, which they are (one figure, published once)."""
    return ENROLLMENT


@register_shareable(PROFILE)
def share_packet(values: Values, context: Context, ledger: Ledger) -> Render:
    """The profile's counts in the publication's ledger; the packet once they are decided."""
    threshold, message = threshold_from(context.settings)
    counts = _Counts()
    groups, composition_ok, centers = _read(values, counts, context)
    keys = {local: f"packet/{local}" for local in counts.values}
    if "students" in keys:
        keys["students"] = _enrolled_key(counts, context)
    for local, value in counts.values.items():
        ledger.add(keys[local], value)
    for group in groups:
        ledger.sums(keys[group.total], [keys[part] for part in group.parts])
    plans = [keys[k] for k in ("iep", "504") if k in keys]
    if "ermhs" in keys and plans:
        ledger.hide_with(keys["ermhs"], *plans)
    district = district_name(context.state, context.settings)
    day = long_date(context.today)

    def render(published: Published) -> Shared:
        packet = Packet(threshold, problems=list(counts.problems),
                        warnings=[message] if message else [])
        decisions = {local: published.decisions[key] for local, key in keys.items()}
        local_of = {key: local for local, key in keys.items()}
        packet.published = {local: published.text(key) for local, key in keys.items()}
        packet.groups = groups
        _explain(packet, counts, decisions, local_of)
        _lines(packet, values, counts, decisions, composition_ok, centers,
               _over_represented(context, published))
        _scan_text(packet, values)
        return Shared(_table_cells(packet),
                      {"preview": _preview(packet), "packet": _packet_output(packet, district)},
                      document=(packet, district, day))
    return render


def _shared(values: Values, context: Context) -> tuple[Packet, str, str]:
    """The packet as the whole publication decides it: (packet, district, date)."""
    document = share_with(context, PROFILE, values).worksheets[PROFILE].document
    assert document is not None
    return document


def build_packet(values: Values, settings: dict[str, Any],
                 state: dict[str, Values] | None = None) -> Packet:
    """Build the packet from the profile's values, with every count suppressed together
    with the rest of ``state`` (the other worksheets' values)."""
    return _shared(values, Context(state=dict(state or {}), settings=settings))[0]


#: Which table cell each count of the packet comes from: key prefix -> (table, column).
COUNT_CELLS = {"composition": ("composition", "students"), "subgroups": ("subgroups", "students"),
               "sbhc": ("sbhc_centers", "students")}


def _table_cells(packet: Packet) -> dict[tuple[str, ...], str]:
    """The profile's table cells as the packet publishes them ("<10", "hidden", ...): a
    CSV of these tables shares no more than the packet does."""
    cells: dict[tuple[str, ...], str] = {}
    for key, text in packet.published.items():
        prefix, _, row = key.partition(".")
        if prefix in COUNT_CELLS and row and not row.startswith("-"):
            table, column = COUNT_CELLS[prefix]
            # A count shown in the packet as a plain number, for spreadsheets; a marker
            # ("<10", "hidden") as it is.
            cells[(table, row, column)] = text.replace(",", "") if text[:1].isdigit() else text
    return cells


@register_shared_cells(PROFILE)
def shared_cells(values: Values, context: Context) -> dict[tuple[str, ...], str]:
    """The profile's table cells as the whole publication decides them."""
    return share_with(context, PROFILE, values).worksheets[PROFILE].cells


def _centers(values: Values, counts: _Counts) -> list[tuple[str, str, str, str]]:
    """The health centers entered: (row id, location, mental health, funding)."""
    rows = values.get("sbhc_centers")
    result = []
    for number, row in enumerate(rows if isinstance(rows, list) else [], start=1):
        if not isinstance(row, dict) or not isinstance(row.get("row_id"), str):
            continue
        location = _text(row, "location")
        funding = _text(row, "funding")
        mental = CHOICES.get(str(row.get("mental_health") or ""), "")
        name = location or f"Center {number}"
        value = counts.read(f"sbhc.{row['row_id']}", row.get("students"),
                            f"School-based health center “{name}”: students served")
        if location or funding or mental or value is not None:
            result.append((row["row_id"], name, mental, funding))
    return result


GROUP_NAMES = {
    "students": "the racial and ethnic composition",
    "composition.-total": "the racial and ethnic composition",
    "sbhc-total": "the school-based health centers' students",
}


def _explain(packet: Packet, counts: _Counts, decisions: dict[str, Decision],
             local_of: dict[str, str]) -> None:
    """Say, per count, what was hidden and why (``local_of`` maps the publication's keys
    to the packet's own)."""
    t = packet.threshold
    for key, decision in decisions.items():
        name = counts.names[key]
        if decision.status == SMALL:
            packet.small += 1
            packet.hidden.append(f"{name}: under {t}, so shown as “<{t}”.")
        elif decision.status == HIDDEN:
            packet.complementary += 1
            total = local_of.get(decision.group.total) if decision.group else None
            if key == "ermhs" and decision.group is None:
                why = ("so that it cannot narrow down a hidden count of students with IEPs "
                       "or 504 plans (students with ERMHS are some of them)")
            elif total is None:
                why = (f"so that a count under {t} elsewhere in what is shared (the plan "
                       "report, the agreements) cannot be worked out from it")
            elif total == key:
                why = (f"even with the other counts of {GROUP_NAMES[key]} hidden, a count "
                       f"under {t} could be worked out from this total")
            else:
                why = (f"so that the count under {t} in {GROUP_NAMES[total]} "
                       "cannot be worked out from the total and the other counts")
            packet.hidden.append(f"{name}: hidden too, {why}.")
    if decisions.get("students", Decision(SHOWN)).status != SHOWN and \
            local_of.get(ENROLLMENT) == "students":
        packet.hidden.append("The students the district serves are the students enrolled "
                             "typed in the needs estimate, so the shareable report hides "
                             "them too.")


def _over_represented(context: Context, published: Published) -> str:
    """The needs estimate's comparison of the groups, in the words the shareable report
    gives it (its counts decided with the rest of the publication); "" when no group is
    compared."""
    shared = share_needs(context.values(NEEDS_SHEET), context, Ledger())(published)
    found = shared.outputs.get("groups")
    return found.text if found is not None and found.rows else ""


def _lines(packet: Packet, values: Values, counts: _Counts, decisions: dict[str, Decision],
           composition_ok: bool, centers: list[tuple[str, str, str, str]],
           groups: str = "") -> None:
    """One line per question answered; an answer of several parts has one part a line;
    ``groups`` answers whether some groups are over-represented."""
    t = packet.threshold

    def number(key: str) -> str:
        return shown_text(counts.values[key], decisions[key], t)

    def with_share(key: str, whole: str) -> str:
        text = number(key)
        if whole in decisions and decisions[key].status == SHOWN and \
                decisions[whole].status == SHOWN and counts.values[whole] > 0:
            text += f" ({percent_text(counts.values[key], counts.values[whole])})"
        return text

    def add(section: str, question: str, *parts: str) -> None:
        answer = "\n".join(part for part in parts if part)
        if answer:
            packet.lines.append(Line(section, question, answer))

    def whole_number(key: str, name: str) -> str:
        raw = values.get(key)
        try:
            value = parse_count(raw)
        except ValueError:
            packet.problems.append(f"{name}: “{raw}” is not a whole number. It is left out "
                                   "of the packet.")
            return ""
        return count_text(value) if value is not None else ""

    facts = "Facts about the district"
    add(facts, Q_STUDENTS, number("students") if "students" in counts.values else "")
    add(facts, Q_SCHOOLS, whole_number("district_schools", "Schools in the district"))
    add(facts, Q_CONTACT, district_contact(values))

    population = "Understanding the student population in the district"
    if composition_ok:
        whole = "students" if "students" in counts.values else "composition.-total"
        parts = [f"{label}: {with_share(f'composition.{key}', whole)}"
                 for key, label in COMPOSITION if f"composition.{key}" in counts.values]
        if "composition.-other" in counts.values:
            parts.append(f"{OTHER}: {with_share('composition.-other', whole)}")
        if whole == "composition.-total":
            parts.append(f"Total: {number(whole)}")
        add(population, Q_COMPOSITION, *parts)
    add(population, Q_SUBGROUPS,
        *(f"{label}: {with_share(f'subgroups.{key}', 'students')}" for key, label in SUBGROUPS
          if f"subgroups.{key}" in counts.values),
        f"Languages spoken at home: {_text(values, 'languages')}"
        if _text(values, "languages") else "")
    add(population, Q_GROUPS, groups)

    services = "Services needed in the district"
    add(services, TEXT_QUESTIONS["existing_partnerships"],
        _text(values, "existing_partnerships"))
    add(services, Q_SBHC, CHOICES.get(str(values.get("sbhc") or ""), ""))
    center_lines = []
    for row_id, name, mental, funding in centers:
        details = []
        if mental:
            details.append(f"mental health services: {mental}")
        if f"sbhc.{row_id}" in counts.values:
            details.append(f"students served annually: {number(f'sbhc.{row_id}')}")
        if funding:
            details.append(f"funding and structure: {funding}")
        center_lines.append(f"{name}: {'; '.join(details)}" if details else name)
    if "sbhc-total" in counts.values and len(centers) > 1:
        center_lines.append(f"All centers, students served annually: {number('sbhc-total')}")
    add(services, Q_SBHC_DETAILS, *center_lines)
    for key in ("perceived_gaps", "screening_services", "treatment_services"):
        add(services, TEXT_QUESTIONS[key], _text(values, key))
    add(services, TEXT_QUESTIONS["services_sought"], _text(values, "services_sought"),
        f"For how many students: {number('sought')}" if "sought" in counts.values else "",
        (f"At how many schools: {schools}"
         if (schools := whole_number("sought_schools", "Services sought: schools")) else ""))
    add(services, Q_PLANS,
        *(f"{label}: {with_share(key, 'students') if key != 'ermhs' else number(key)}"
          for key, label in (("iep", "Students with IEPs"), ("504", "Students with 504 plans"),
                             ("ermhs", "Students with ERMHS in their IEP or 504 plan"))
          if key in counts.values))
    add(services, TEXT_QUESTIONS["ermhs_delivery"], _text(values, "ermhs_delivery"))
    add(services, Q_MTSS, CHOICES.get(str(values.get("mtss") or ""), ""))
    for key, tier in TIERS:
        add(services, f"Multi-Tiered Systems of Support: what are the {tier} services?",
            _text(values, key))


def _scan_text(packet: Packet, values: Values) -> None:
    names = {**TEXT_QUESTIONS, "mtss_tier1": "Tier 1 services", "mtss_tier2": "Tier 2 services",
             "mtss_tier3": "Tier 3 services"}
    rows = values.get("sbhc_centers")
    texts = [(names[key], _text(values, key)) for key in names]
    texts += [(f"School-based health center “{_text(row, 'location') or 'unnamed'}”",
               " ".join((_text(row, "location"), _text(row, "funding"))))
              for row in (rows if isinstance(rows, list) else []) if isinstance(row, dict)]
    for name, text in texts:
        for match in _PEOPLE.finditer(text):
            number = int(match.group(1).replace(",", ""))
            if number < packet.threshold:
                packet.warnings.append(
                    f"{name}: the text “{match.group(0)}” may be a count of students under "
                    f"{packet.threshold}. Text answers are shared as written: remove or "
                    "reword it.")


def _preview(packet: Packet) -> Output:
    """What the packet hides and why, before anything is printed or shared."""
    t = packet.threshold
    if not packet.lines:
        return Output("Nothing to share yet: answer the questions above.", "incomplete",
                      packet.problems + packet.warnings)
    if packet.small or packet.complementary:
        text = (f"{packet.small} count{'s' if packet.small != 1 else ''} under {t} "
                f"{'are' if packet.small != 1 else 'is'} shown as “<{t}”")
        if packet.complementary:
            text += (f", and {packet.complementary} more "
                     f"{'are' if packet.complementary != 1 else 'is'} hidden so that "
                     f"none can be worked out from totals, percentages or other counts")
        text += ". The full numbers stay in this browser."
    else:
        text = f"No count is under {t}: every count is shown. The packet is below."
    status = "error" if packet.problems else "incomplete" if packet.warnings else "ok"
    return Output(text, status, packet.problems + packet.hidden + packet.warnings)


def _packet_output(packet: Packet, district: str) -> Output:
    """The packet as printed: every answer, with small counts hidden."""
    t = packet.threshold
    if not packet.lines:
        return Output("Nothing to share yet: answer the questions above.", "incomplete")
    text = (f"{district + ': a' if district else 'A'}nswers to the questions community "
            f"providers often ask. Counts under {t} are shown as “<{t}”.")
    notes = [f"“<{t}”: fewer than {t} students, not shown to protect students' privacy."]
    if packet.complementary:
        notes.append(f"“hidden”: {t} or more students, withheld so that a count under {t} "
                     "cannot be worked out from the others.")
    rows = [[line.question, line.answer] for line in packet.lines]
    return Output(text, "ok", notes, ["Question", "Answer"], rows)


@register
def packet_facts(values: Values, context: Context) -> Output:
    """The district's facts the packet uses but does not ask for, each shown where it is
    typed (students enrolled, the district's name), with links to those worksheets; and
    the number of students this worksheet held before, when it differs."""
    needs, home = _title(context, NEEDS_SHEET), _title(context, DISTRICT_SHEET)
    raw = context.values(NEEDS_SHEET).get("enrollment")
    typed = raw.strip() if isinstance(raw, str) else ""
    messages: list[str] = []
    try:
        enrolled = parse_count(typed)
    except ValueError as error:
        enrolled = None
        messages.append(f"Students enrolled, in {needs}: {error}")
    if enrolled is not None:
        parts = [f"Students enrolled: {count_text(enrolled)} — typed in {needs}."]
    elif typed:
        parts = [f"Students enrolled: not a whole number yet — fix it in {needs}."]
    else:
        parts = [f"Students enrolled: not typed yet — type it in {needs}. The packet uses it "
                 "for the students the district serves and for every share of them."]
    name = context.values(DISTRICT_SHEET).get("name")
    name = name.strip() if isinstance(name, str) else ""
    setting = str(context.settings.get("district_name") or "").strip()
    if name:
        parts.append(f"District name: {name} — typed in {home}.")
    elif setting:
        parts.append(f"District name: {setting} — this site's own setting; type yours in "
                     f"{home}.")
    else:
        parts.append(f"District name: not typed yet — type it in {home}.")
    conflict = enrollment_conflict({NEEDS_SHEET: context.values(NEEDS_SHEET),
                                    PROFILE: values})
    if conflict:
        kept, other = (figure_text(number) for number in conflict)
        messages.append(
            f"This worksheet asked for the students the district serves before, and "
            f"{other} was typed here; {needs} has {kept} students enrolled. The packet "
            f"uses {kept}. If {other} is the right number, type it in {needs}; this note "
            "goes once both agree. Nothing was deleted: the number typed here stays in "
            "your entries and backups.")
    status = "ok" if enrolled is not None and not conflict else "incomplete"
    if typed and enrolled is None:
        status = "error"
    return Output(" ".join(parts), status, messages,
                  links=[context.link(NEEDS_SHEET), context.link(DISTRICT_SHEET)])


@register
def packet_preview(values: Values, context: Context) -> Output:
    """Say what the packet hides and why, before anything is printed or shared."""
    return share_with(context, PROFILE, values).worksheets[PROFILE].outputs["preview"]


@register
def provider_packet(values: Values, context: Context) -> Output:
    """The packet as printed: every answer, with small counts hidden."""
    return share_with(context, PROFILE, values).worksheets[PROFILE].outputs["packet"]


@register_action
def provider_packet_file(values: Values, context: Context) -> Download:
    """The packet as a web page to share: small counts hidden, nothing else included."""
    packet, district, day = _shared(values, context)
    return Download("district-packet-for-providers.html", "text/html",
                    packet_html(packet, district, day))


@register_action
def provider_packet_docx(values: Values, context: Context) -> Download:
    """The packet as a Word file to share: small counts hidden, nothing else included."""
    packet, district, day = _shared(values, context)
    return Download("district-packet-for-providers.docx", document.DOCX_TYPE, "",
                    document.word_data(packet_document(packet, district, day)))


PACKET_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;max-width:48em;margin:2em auto;"
                "padding:0 1em;color:#1a1a1a}table{border-collapse:collapse;width:100%}"
                "th,td{text-align:left;vertical-align:top;padding:.4em;border-top:1px solid "
                "#999}th{width:45%}")


def packet_document(packet: Packet, district: str, day: str) -> document.Document:
    """The packet as a document: each section's questions beside their answers."""
    t = packet.threshold
    title = f"{district}: information for community providers" if district else \
        "Information for community providers"
    blocks: list[document.Block] = [document.Paragraph(
        f"Prepared on {day}. Counts of fewer than {t} students are shown as "
        f"“<{t}”{' and some others as “hidden”' if packet.complementary else ''}, "
        "so that no student can be singled out.")]
    sections: dict[str, list[tuple[str, str]]] = {}
    for line in packet.lines:
        sections.setdefault(line.section, []).append((line.question, line.answer))
    for section, rows in sections.items():
        blocks += [document.Heading(section), document.table((), rows, row_headers=True)]
    if not packet.lines:
        blocks.append(document.Paragraph("No answers yet."))
    return document.Document(title, district, day, tuple(blocks), credit=False, meta=False)


def packet_html(packet: Packet, district: str, day: str) -> str:
    """The packet as one self-contained HTML page (every text escaped)."""
    return document.to_html(packet_document(packet, district, day), PACKET_STYLE)
