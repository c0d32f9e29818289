"""The costs and their funding in the shareable report. Dollars are figures about the
program and are shared as they are; the students the costs serve are counts, so a cost
result that shows one is left out when the goal's added capacity is hidden, and the
mix's split of students between approaches (counts that may be small) is left out
whenever more than one approach is chosen."""

from __future__ import annotations

from ..core.computations import Context, Values
from ..documents.shareable import (
    Cell,
    Ledger,
    Published,
    Render,
    Shared,
    not_shared,
    register_shareable,
)
from .costs import blend_of, cost_by_approach, cost_of_mix, read
from .funding import funding_by_year, funding_sources
from .shared_counts import ADDED

COST_NUMBERS = ("salary", "benefits_rate", "supervision", "space", "sessions_per_student",
                "session_rate", "clinician_price", "partner_space", "coordinator_percent",
                "coordinator_cost", "transport")


def _typed(raw: object) -> str:
    return raw.strip() if isinstance(raw, str) else ""


def cost_cells(values: Values) -> dict[Cell, str]:
    """The costs worksheet's number cells as typed: dollars and percentages, no counts."""
    cells: dict[Cell, str] = {(key,): _typed(values.get(key)) for key in COST_NUMBERS}
    for table in ("coverage", "mix"):
        rows = values.get(table) if isinstance(values.get(table), dict) else {}
        for row_id, row in rows.items():
            if isinstance(row, dict):
                cells[(table, row_id, "share")] = _typed(row.get("share"))
    return cells


@register_shareable("costs")
def share_costs(values: Values, context: Context, ledger: Ledger) -> Render:
    """Costs: shown whole when the added capacity is shown and served by one approach."""
    given = read(values, context)
    mix, _messages = blend_of(given)
    split = mix is not None and len(mix.parts) > 1

    def render(published: Published) -> Shared:
        shown = ADDED in ledger.counts and published.all_shown(ADDED)
        hidden = not_shared("it would show a hidden count of students.")
        by_approach = cost_by_approach(values, context) if shown else hidden
        of_mix = cost_of_mix(values, context) if shown and not split else not_shared(
            "it splits the students between approaches, and those counts may be small."
            if shown else "it would show a hidden count of students.")
        return Shared(cost_cells(values), {"by-approach": by_approach, "mix-cost": of_mix})
    return render


@register_shareable("funding")
def share_funding(values: Values, context: Context, ledger: Ledger) -> Render:
    """Funding: dollars and school years only, shared as they are."""
    rows = values.get("sources") if isinstance(values.get("sources"), list) else []
    cells: dict[Cell, str] = {("sources", str(row.get("row_id")), "amount"):
                              _typed(row.get("amount")) for row in rows if isinstance(row, dict)}

    def render(published: Published) -> Shared:
        return Shared(cells, {"by-year": funding_by_year(values, context),
                              "sources-list": funding_sources(values, context)})
    return render
