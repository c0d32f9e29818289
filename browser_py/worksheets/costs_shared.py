"""The costs and their funding in the shareable report. Dollars are figures about the
program and are shared as they are; the students the costs serve are counts, so a cost
result that shows one is left out when the goal's added capacity is hidden, and the
mix's split of students between approaches (counts that may be small) is left out
whenever more than one approach is chosen, with the shares that would give it and the
yearly cost of the mix. The partner's uninsured students are a projected count too: a
projection under the small-count threshold leaves the costs by approach out, and, when
the mix is a partnership at no cost, its cost and the funding by year (the rule is
:func:`.cost_sharing.kept_back`)."""

from __future__ import annotations

from ..core.computations import Context, Values
from ..core.suppression import threshold_from
from ..documents.shareable import (
    Cell,
    Ledger,
    Published,
    Render,
    Shared,
    not_shared,
    register_shareable,
)
from .cost_sharing import (
    HIDDEN_COUNT,
    kept_back,
    reason_text,
    small_projection,
    split_between_approaches,
)
from .costs import SHEET as COSTS_SHEET
from .costs import cost_by_approach, cost_of_mix, read
from .funding import SHEET as FUNDING_SHEET
from .funding import funding_by_year, funding_sources
from .shared_counts import ADDED

COST_NUMBERS = ("salary", "benefits_rate", "supervision", "space", "sessions_per_student",
                "session_rate", "clinician_price", "partner_space", "coordinator_percent",
                "coordinator_cost", "transport")


def _typed(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


HIDDEN_SHARE = "hidden"


def cost_cells(values: Values, hide: frozenset[str] = frozenset()) -> dict[Cell, str]:
    """The costs worksheet's number cells as typed: dollars and percentages, no counts;
    the shares of the tables in ``hide`` ("coverage", "mix") marked hidden."""
    cells: dict[Cell, str] = {(key,): _typed(values.get(key)) for key in COST_NUMBERS}
    for table in ("coverage", "mix"):
        rows = values.get(table) if isinstance(values.get(table), dict) else {}
        for row_id, row in rows.items():
            if isinstance(row, dict):
                typed = _typed(row.get("share"))
                cells[(table, row_id, "share")] = HIDDEN_SHARE if typed and table in hide \
                    else typed
    return cells


@register_shareable(COSTS_SHEET)
def share_costs(values: Values, context: Context, ledger: Ledger) -> Render:
    """Costs: shown whole when the added capacity is shown and served by one approach."""
    given = read(values, context)
    split = split_between_approaches(values, context)
    threshold = threshold_from(context.settings)[0]
    small = small_projection(given.added, given.coverage.get("none"), threshold)

    def render(published: Published) -> Shared:
        shown = ADDED in ledger.counts and published.all_shown(ADDED)
        hidden = not_shared(reason_text(HIDDEN_COUNT, context))
        by_approach = cost_by_approach(values, context) if shown and not small else hidden
        reason = kept_back(values, context, shown)
        of_mix = not_shared(reason_text(reason, context)) if reason else cost_of_mix(
            values, context)
        hide = frozenset({"mix"} if split else set()) | frozenset(
            {"coverage"} if small else set())
        return Shared(cost_cells(values, hide), {"by-approach": by_approach,
                                                 "mix-cost": of_mix})
    return render


@register_shareable(FUNDING_SHEET)
def share_funding(values: Values, context: Context, ledger: Ledger) -> Render:
    """Funding: dollars and school years, shared as they are; the cost by year only where
    the mix's cost is shared."""
    rows = values.get("sources") if isinstance(values.get("sources"), list) else []
    cells: dict[Cell, str] = {("sources", str(row.get("row_id")), "amount"):
                              _typed(row.get("amount")) for row in rows if isinstance(row, dict)}

    costs = context.values(COSTS_SHEET)

    def render(published: Published) -> Shared:
        # The yearly cost is the mix's: it shows what the mix's result would.
        shown = ADDED in ledger.counts and published.all_shown(ADDED)
        reason = kept_back(costs, context, shown)
        said = reason_text(reason, context)
        if reason and reason != HIDDEN_COUNT:  # "it splits ..." -> "..., which splits ..."
            said = f"it holds the yearly cost of the mix, which {said[3:]}"
        by_year = not_shared(said) if reason else funding_by_year(values, context)
        return Shared(cells, {"by-year": by_year,
                              "sources-list": funding_sources(values, context)})
    return render
