"""Charts of the worksheets' figures, as shapes for an inline SVG.

Everything a chart shows is decided here: scales, bar lengths, positions and every label,
so the page only turns the shapes into SVG elements (no arithmetic in JavaScript) and the
downloaded report draws the same chart with :func:`svg_markup`. Each bar carries its
value in words beside it, so colour is never the only way to read a chart; each chart
has a title, a text alternative and the data table it was drawn from.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from .visible_text import escape_html

Number = int | Fraction

# Across, positions are percentages of the chart's width, so bars fit any screen while
# the text keeps its size; down, they are pixels.
BAR_ROOM = 55  # the longest bar, in percent; the rest of the width holds its value
LABEL_HEIGHT = 18  # a row's label sits above its bar
BAR_HEIGHT = 14
ROW_GAP = 8
PAD = 6
MIN_BAR = Fraction(1, 2)  # a value above zero always shows as at least this wide


@dataclass(frozen=True)
class Bar:
    """One bar: its length comes from ``value`` (None: not entered, no bar), its words
    from ``text``; ``kind`` names its colour class."""

    value: Number | None
    text: str
    kind: str = "value"


@dataclass(frozen=True)
class Row:
    """A labelled row of one or more bars drawn one under the other (``stacked`` draws
    them end to end instead, as parts of one whole)."""

    label: str
    bars: tuple[Bar, ...]
    stacked: bool = False
    note: str = ""  # words after the bar, e.g. "2 overdue"


def scale(values: Sequence[Number | None]) -> Fraction:
    """Units of length per unit of value, so the largest value fills :data:`BAR_ROOM`
    (1 when every value is zero or missing)."""
    largest = max((Fraction(v) for v in values if v is not None and v > 0), default=None)
    return Fraction(BAR_ROOM) / largest if largest else Fraction(1)


def length(value: Number | None, per_unit: Fraction) -> Fraction:
    """A bar's length in percent of the width, to a tenth: 0 for none or zero, at least
    :data:`MIN_BAR` for a positive value, never beyond :data:`BAR_ROOM`."""
    if value is None or value <= 0:
        return Fraction(0)
    tenths = round(Fraction(value) * per_unit * 10)
    return min(Fraction(BAR_ROOM), max(MIN_BAR, Fraction(tenths, 10)))


def _pc(value: Fraction) -> str:
    return f"{float(value):g}%"


def _row_values(row: Row) -> list[Number | None]:
    if row.stacked:
        return [sum((Fraction(b.value) for b in row.bars if b.value), Fraction(0))]
    return [bar.value for bar in row.bars]


def chart(chart_id: str, title: str, description: str, rows: Sequence[Row],
          columns: Sequence[str], table: Sequence[Sequence[str]]) -> dict:
    """A chart: its title and text alternative, the shapes to draw (x and width in
    percent, y and height in pixels), its height, and the data table it shows."""
    per_unit = scale([v for row in rows for v in _row_values(row)])
    shapes: list[dict] = []
    y = PAD
    for row in rows:
        shapes.append({"type": "text", "x": "0%", "y": y + 13, "text": row.label,
                       "class": "tk-chart__label"})
        y += LABEL_HEIGHT
        x = Fraction(0)
        for index, bar in enumerate(row.bars):
            size = length(bar.value, per_unit)
            if size:
                shapes.append({"type": "rect", "x": _pc(x), "y": y, "width": _pc(size),
                               "height": BAR_HEIGHT, "class": f"tk-chart__bar--{bar.kind}"})
            if row.stacked:
                x += size
                continue
            shapes.append({"type": "text", "x": _pc(size + 1), "y": y + 12, "text": bar.text,
                           "class": "tk-chart__value"})
            if index < len(row.bars) - 1:
                y += BAR_HEIGHT + 4
        if row.stacked:  # the parts' words go under the bar, which may fill the width
            words = "; ".join(b.text for b in row.bars if b.text) + (
                f"; {row.note}" if row.note else "")
            y += BAR_HEIGHT + 4
            shapes.append({"type": "text", "x": "0%", "y": y + 13, "text": words,
                           "class": "tk-chart__value"})
            y -= 2
        y += BAR_HEIGHT + ROW_GAP
    return {"id": chart_id, "title": title, "description": description,
            "height": max(y - ROW_GAP + PAD, 2 * PAD), "shapes": shapes, "columns": list(columns),
            "rows": [list(line) for line in table]}


def svg_markup(drawn: dict) -> str:
    """The chart as a standalone ``<svg>`` element, every text escaped."""
    uid = html.escape(str(drawn["id"]), quote=True)
    parts = [
        f'<svg class="tk-chart__svg" role="img" width="100%" height="{drawn["height"]}" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape_html(drawn["title"])}</title>',
        f'<desc id="chart-{uid}-desc">{escape_html(drawn["description"])}</desc>',
    ]
    for shape in drawn["shapes"]:
        css = html.escape(shape["class"], quote=True)
        if shape["type"] == "rect":
            parts.append(f'<rect class="{css}" x="{shape["x"]}" y="{shape["y"]}" '
                         f'width="{shape["width"]}" height="{shape["height"]}"/>')
        else:
            parts.append(f'<text class="{css}" x="{shape["x"]}" y="{shape["y"]}">'
                         f'{escape_html(shape["text"])}</text>')
    parts.append("</svg>")
    return "".join(parts)
