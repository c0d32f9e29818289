"""Everything shareable as one publication: each count of students as it may be shared.

The report's shareable version, the provider packet (its page, its file and its tables'
CSV downloads) and the agreement outline files are one publication: a reader may hold
them all at once. So each worksheet that holds counts of students registers a function
(see :func:`register_shareable`) that writes its counts into one :class:`Ledger`, with
the sums they form and the counts that follow from one another, and returns how to show
the worksheet once every count is decided. One ledger serves every shareable output, so
a figure shown in two places (the need already addressed, which is also the goal's
starting point; the students enrolled, which the packet gives too) is hidden in both or
in neither, and no sum published in one output can undo a count hidden in another.
:func:`share` decides every count with one call of
:func:`browser_py.core.suppression.suppress` and gives each worksheet its entries' count
cells, its results and (for the packet) its document as they may be shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.computations import Context, Output, Values
from ..core.suppression import SHOWN, Decision, Group, shown_text, suppress, threshold_from

#: A count cell of the entries: (field,) for a field, (table, row id, column) in a table.
Cell = tuple[str, ...]


@dataclass
class Ledger:
    """Every count of students the shareable outputs show, by key."""

    counts: dict[str, int] = field(default_factory=dict)
    groups: list[Group] = field(default_factory=list)
    linked: list[tuple[str, ...]] = field(default_factory=list)
    ordered: list[tuple[str, str]] = field(default_factory=list)
    follows: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)

    def add(self, key: str, value: int) -> str:
        """Record a count under ``key`` (the same key twice must hold the same count)."""
        if self.counts.get(key, value) != value:
            raise ValueError(f"{key!r} was recorded as {self.counts[key]} and as {value}")
        self.counts[key] = value
        return key

    def sums(self, total: str, parts: list[str]) -> None:
        """The counts ``parts`` add up to the count ``total``."""
        if parts:
            self.groups.append(Group(total, tuple(parts)))

    def link(self, *keys: str) -> None:
        """Counts that can be worked out from one another: hidden together."""
        self.linked.append(tuple(keys))

    def at_most(self, low: str, high: str) -> None:
        """The count ``low`` is never more than ``high`` (a reader knows it)."""
        self.ordered.append((low, high))

    def hide_with(self, key: str, *others: str) -> None:
        """The count ``key``, in no sum, is hidden once any of ``others`` is (it could
        narrow them down: students with ERMHS are some of those with IEPs or 504s)."""
        self.follows.append((key, others))


@dataclass
class Published:
    """The decided counts: their texts, and which are shown."""

    texts: dict[str, str]
    shown: frozenset[str]
    threshold: int
    decisions: dict[str, Decision] = field(default_factory=dict)  # and why each was hidden

    def text(self, key: str) -> str:
        """A count as it may be shared: "1,234", "<10" or "hidden"."""
        return self.texts[key]

    def all_shown(self, *keys: str) -> bool:
        """True when every one of ``keys`` is shown."""
        return all(key in self.shown for key in keys)


@dataclass
class Shared:
    """One worksheet as it may be shared: its entries' count cells (any count cell not
    named here is left empty), its results (any result not named here is left out) and,
    for a worksheet that makes a document of its own (the provider packet), that
    document."""

    cells: dict[Cell, str] = field(default_factory=dict)
    outputs: dict[str, Output] = field(default_factory=dict)
    document: Any = None


Render = Callable[[Published], Shared]
Recorder = Callable[[Values, Context, Ledger], Render]
SHAREABLE: dict[str, Recorder] = {}


def register_shareable(worksheet: str) -> Callable[[Recorder], Recorder]:
    """Register how ``worksheet``, which holds counts of students, may be shared: a
    function that records its counts in the ledger and returns how to show it."""
    def add(func: Recorder) -> Recorder:
        if worksheet in SHAREABLE:
            raise ValueError(f"Two functions share the counts of {worksheet!r}.")
        SHAREABLE[worksheet] = func
        return func
    return add


@dataclass
class Sharing:
    """The shareable version of every worksheet that holds counts, and what was hidden."""

    worksheets: dict[str, Shared]
    threshold: int
    small: int  # counts under the threshold
    complementary: int  # counts hidden so that no small count can be worked out
    message: str = ""  # about the threshold setting, when it is unusable
    ledger: Ledger = field(default_factory=Ledger)  # every count, its sums and links
    published: Published | None = None  # every count as published


#: The last publication worked out, by what it was worked out from: the packet, its
#: preview, its file and its CSVs each ask for the same publication in one update.
_LAST: list[tuple[str, Sharing]] = []


def _fingerprint(state: Mapping[str, Values], context: Context) -> str:
    return json.dumps([state, context.state, context.settings, context.today.isoformat(),
                       context.pages, context.titles], sort_keys=True, default=repr)


def share(state: Mapping[str, Values], context: Context) -> Sharing:
    """Decide every count of students of the registered worksheets, all at once.

    ``state`` gives each worksheet's values; ``context.state`` should hold the same
    values, since a worksheet may read another's (see :func:`context_with`). The result
    is shared with later calls on the same entries: read it, never change it.
    """
    fingerprint = _fingerprint(state, context)
    if _LAST and _LAST[0][0] == fingerprint:
        return _LAST[0][1]
    sharing = _decide(state, context)
    _LAST[:] = [(fingerprint, sharing)]
    return sharing


def _decide(state: Mapping[str, Values], context: Context) -> Sharing:
    threshold, message = threshold_from(context.settings)
    ledger = Ledger()
    renders = {worksheet: record(state.get(worksheet) or {}, context, ledger)
               for worksheet, record in SHAREABLE.items()}
    decisions = suppress(ledger.counts, ledger.groups, threshold, ledger.linked,
                         ledger.ordered, ledger.follows)
    published = Published(
        {key: shown_text(value, decisions[key], threshold)
         for key, value in ledger.counts.items()},
        frozenset(key for key, decision in decisions.items() if decision.status == SHOWN),
        threshold, decisions)
    hidden = [d.status for d in decisions.values() if d.status != SHOWN]
    return Sharing({worksheet: render(published) for worksheet, render in renders.items()},
                   threshold, sum(s == "small" for s in hidden),
                   sum(s == "hidden" for s in hidden), message, ledger, published)


def context_with(context: Context, worksheet: str, values: Values) -> Context:
    """``context`` with ``values`` as the values of ``worksheet`` (a computation is given
    its own worksheet's values apart from the rest)."""
    return replace(context, state={**context.state, worksheet: values})


def share_with(context: Context, worksheet: str, values: Values) -> Sharing:
    """The whole publication, with ``values`` as the values of ``worksheet``."""
    context = context_with(context, worksheet, values)
    return share(context.state, context)


NOT_SHARED = "Not in the shareable version: "


def not_shared(reason: str) -> Output:
    """A result the shareable version leaves out, saying why."""
    return Output(f"{NOT_SHARED}{reason}", "incomplete")


def left_out(output: Mapping[str, Any]) -> bool:
    """Whether a result (as plain data) is one the shareable version leaves out."""
    return str(output.get("text", "")).startswith(NOT_SHARED)


def note(sharing: Sharing, where: str = "report") -> str:
    """What the shareable version did, in a sentence for its reader; ``where`` names
    the document ("report", "brief")."""
    t = sharing.threshold
    hid = []
    if sharing.small:
        hid.append(f"{sharing.small} count{'s' if sharing.small != 1 else ''} under {t} "
                   f"shown as “<{t}”")
    if sharing.complementary:
        hid.append(f"{sharing.complementary} other{'s' if sharing.complementary != 1 else ''} "
                   "shown as “hidden” so that those cannot be worked out from the totals")
    what = ("; ".join(hid) + ".") if hid else "no count needed hiding."
    return (f"Shareable version: every count of students under {t} is hidden, and so is "
            f"any count that would reveal one. In this {where}: {what} Text answers are "
            "shown as written: check them for anything that could identify a student.")


def cells_of(shared: Mapping[str, Shared]) -> dict[str, dict[Cell, str]]:
    """The shared count cells by worksheet, for the report's entry tables."""
    return {worksheet: dict(item.cells) for worksheet, item in shared.items()}


def outputs_of(shared: Mapping[str, Shared]) -> dict[str, dict[str, dict[str, Any]]]:
    """The shared results by worksheet, as plain data like the page's outputs."""
    return {worksheet: {output_id: output.as_dict()
                        for output_id, output in item.outputs.items()}
            for worksheet, item in shared.items()}


NOT_WORKED_OUT = "it is not worked out for the shareable version."


def in_place(computed: Mapping[str, Mapping[str, dict[str, Any]]],
             shared: Mapping[str, Shared]) -> dict[str, dict[str, dict[str, Any]]]:
    """Every worksheet's results as the shareable version shows them: a worksheet that
    holds counts gives its shared results, in the order of the full version's, and a
    result of the full version it does not give says that it is left out (nothing is
    dropped without a word)."""
    found = {worksheet: dict(outputs) for worksheet, outputs in computed.items()}
    for worksheet, outputs in outputs_of(shared).items():
        full = computed.get(worksheet) or {}
        found[worksheet] = {output_id: outputs.get(output_id)
                            or not_shared(NOT_WORKED_OUT).as_dict() for output_id in full}
        found[worksheet].update({k: v for k, v in outputs.items() if k not in full})
    return found
