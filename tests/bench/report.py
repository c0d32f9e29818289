"""Figures with their baselines and targets: statistics, the printed table, the JSON."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Figure:
    """One measured figure: the toolkit's runs against a baseline's runs from the same
    benchmark run, and the issue's target for it.

    ``check`` says what the target bounds: ``"ratio"`` (median / baseline median at most
    ``limit``), ``"value"`` (median at most ``limit``) or ``"zero"`` (every run is 0)."""

    key: str
    label: str
    unit: str
    values: list[float]
    baseline_label: str = ""
    baseline: list[float] | None = None
    target: str = ""
    check: str = ""
    limit: float = 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        base = statistics.median(self.baseline)
        return self.median / base if base else None

    @property
    def met(self) -> bool | None:
        if self.check == "ratio":
            return self.ratio is not None and self.ratio <= self.limit
        if self.check == "value":
            return self.median <= self.limit
        if self.check == "zero":
            return max(self.values) == 0
        return None

    def as_data(self) -> dict:
        data = {
            "key": self.key, "label": self.label, "unit": self.unit, "runs": self.values,
            **_stats(self.values), "target": self.target, "met": self.met,
        }
        if self.baseline:
            data["baseline"] = {"label": self.baseline_label, "runs": self.baseline,
                                **_stats(self.baseline)}
            data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


def _amount(values: list[float] | None, unit: str) -> str:
    if not values:
        return "-"
    low, mid, high = min(values), statistics.median(values), max(values)

    def show(value: float) -> str:
        if unit == "bytes":
            return f"{value / 1e6:.2f} MB" if value >= 1e5 else f"{value:,.0f} B"
        if unit == "s":
            return f"{value:.2f} s"
        if unit != "ms":
            return f"{value:,.0f} {unit}"
        return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"

    return show(mid) if low == high else f"{show(mid)} [{show(low)}–{show(high)}]"


def table(figures: list[Figure]) -> str:
    """A plain-text table: median [min–max] of each side, ratio, target, met."""
    rows = [("figure", "toolkit", "baseline", "baseline value", "ratio", "target", "met")]
    for f in figures:
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        rows.append((f.label, _amount(f.values, f.unit), f.baseline_label or "-",
                     _amount(f.baseline, f.unit), ratio, f.target or "-", met))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def write_json(path: Path, figures: list[Figure], meta: dict) -> None:
    """Write every figure, its runs and its baseline's runs, with ``meta``, as JSON."""
    document = {**meta, "figures": [f.as_data() for f in figures]}
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
