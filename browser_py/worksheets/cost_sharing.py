"""What the chosen mix's yearly cost would tell a reader about students, and so when it
stays out of a shareable output.

The mix's cost is worked out from counts of students: the goal's added capacity, its
split between approaches, and (for a partnership at no cost) the students projected to
have no health coverage. With the figures behind it shared as typed (sessions, rates,
the district's own costs), the dollars give those counts back. So the mix's cost, the
funding set against it year by year and what each agreement costs are shared only when
every count behind them may be: one rule, read by the shareable report
(:mod:`.costs_shared`) and the agreement outline files.
"""

from __future__ import annotations

from ..core.computations import Context, Values
from ..core.suppression import threshold_from
from .cost_model import PARTNER
from .costs import blend_of, read

#: Why the mix's cost stays out: the added capacity is hidden, the students are split
#: between approaches, or few students would have no coverage.
HIDDEN_COUNT, SPLIT, FEW_UNINSURED = "hidden-count", "split", "few-uninsured"
#: Each reason in words, after "Not in the shareable version: ".
REASONS = {
    HIDDEN_COUNT: "it would show a hidden count of students.",
    SPLIT: "it splits the students between approaches, and those counts may be small.",
    FEW_UNINSURED: "it would show how many students have no health coverage, a count "
                   "under {t}.",
}


def small_projection(added: int | None, none_percent: object, threshold: int) -> bool:
    """Whether the uninsured students projected from ``added`` students and the share
    with no coverage are fewer than ``threshold`` (none at all included: zero about
    students is hidden like any small count)."""
    if added is None or none_percent is None:
        return False
    projected = added * float(none_percent) / 100  # type: ignore[arg-type]
    return 0 <= projected < threshold


def split_between_approaches(values: Values, context: Context) -> bool:
    """Whether the mix serves the added students with more than one approach."""
    mix, _messages = blend_of(read(values, context))
    return mix is not None and len(mix.parts) > 1


def kept_back(values: Values, context: Context, added_shown: bool) -> str:
    """Why the mix's cost (from the costs worksheet's ``values``) stays out of a
    shareable output, as one of the reasons above; "" when it may be shared.
    ``added_shown``: whether the publication shows the goal's added capacity."""
    if not added_shown:
        return HIDDEN_COUNT
    if split_between_approaches(values, context):
        return SPLIT
    given = read(values, context)
    threshold = threshold_from(context.settings)[0]
    if PARTNER in given.chosen and small_projection(given.added, given.coverage.get("none"),
                                                    threshold):
        return FEW_UNINSURED
    return ""


def reason_text(reason: str, context: Context) -> str:
    """A reason in words ("" for none)."""
    return REASONS[reason].format(t=threshold_from(context.settings)[0]) if reason else ""
