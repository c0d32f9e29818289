"""A step-by-step flow diagram: boxes in order with arrows between, and its text
alternative.

Everything the diagram shows is decided here: each box's words (the step's short name,
who does it at the school and at the provider, its target days, whether it is part of
the wait) and each item of the ordered list that stands for the drawing wherever it
cannot be seen (screen readers, Markdown, Word). The page draws the boxes as HTML with
CSS (``charts.mjs``), and the downloaded report writes the same markup with
:func:`flow_markup`: boxes that wrap onto as many rows as the width needs, a column on a
phone, and print as they look. The drawing is hidden from screen readers, which read the
list instead; colour is never the only way a box says what it is.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from .visible_text import escape_html

#: An arrow between two boxes: decorative, drawn in the text's colour.
ARROW = ('<svg class="tk-flow__arrow" viewBox="0 0 24 14" width="24" height="14" '
         'aria-hidden="true" focusable="false"><path d="M1 7h19M14 1.5l6.5 5.5-6.5 5.5" '
         'fill="none" stroke="currentColor" stroke-width="2"/></svg>')
MISSING = " tk-flow__line--missing"  # a side with no one named: in italics, and said


@dataclass(frozen=True)
class FlowStep:
    """One box: its number, its short name, who does it on each side ("" for no one
    named), its target ("" for none) and whether it is part of the wait."""

    number: int
    name: str
    school: str
    provider: str
    days: str = ""
    wait: bool = False
    words: str = ""  # the step in full, as the text alternative says it


def flow(flow_id: str, title: str, description: str, steps: Sequence[FlowStep],
         note: str = "", labels: tuple[str, str] = ("School", "Provider"),
         nobody: str = "no one named") -> dict:
    """A diagram: its title and one-sentence description, each box's lines, each item
    of its text alternative, and a note under it (the target, say). ``labels`` name the
    two sides; ``nobody`` is what a box says for a side with no one named."""
    boxes = []
    for step in steps:
        lines = [{"label": labels[0], "text": step.school or nobody,
                  "missing": not step.school},
                 {"label": labels[1], "text": step.provider or nobody,
                  "missing": not step.provider}]
        tags = [step.days] if step.days else []
        if step.wait:
            tags.append("in the wait")
        boxes.append({"number": step.number, "name": step.name, "lines": lines,
                      "tags": tags, "wait": step.wait,
                      "words": step.words or _words(step, labels, nobody)})
    return {"id": flow_id, "kind": "flow", "title": title, "description": description,
            "steps": boxes, "note": note}


def _words(step: FlowStep, labels: tuple[str, str], nobody: str) -> str:
    said = [f"{step.name}.", f"{labels[0]}: {step.school or nobody}.",
            f"{labels[1]}: {step.provider or nobody}."]
    if step.days:
        said.append(f"Target: {step.days}" + (
            ", part of the wait." if step.wait else "."))
    elif step.wait:
        said.append("Part of the wait.")
    return " ".join(said)


def alternative(drawn: dict) -> list[tuple[int, str]]:
    """The diagram's text alternative: each box's number and words, in order."""
    return [(int(box["number"]), str(box["words"])) for box in drawn["steps"]]


def flow_markup(drawn: dict) -> str:
    """The diagram as a standalone ``<figure>``: the drawing (hidden from screen
    readers) and its text alternative, an ordered list that only screen readers read."""
    esc = escape_html
    uid = html.escape(str(drawn["id"]), quote=True)
    boxes = []
    for index, box in enumerate(drawn["steps"]):
        lines = "".join(
            f'<span class="tk-flow__line{MISSING if line["missing"] else ""}">'
            f'<span class="tk-flow__label">{esc(line["label"])}:</span> {esc(line["text"])}'
            "</span>" for line in box["lines"])
        tags = "".join(f'<span class="tk-flow__tag">{esc(tag)}</span>' for tag in box["tags"])
        if tags:
            tags = f'<span class="tk-flow__tags">{tags}</span>'
        wait = " tk-flow__step--wait" if box["wait"] else ""
        boxes.append(
            f'<div class="tk-flow__step{wait}">{ARROW if index else ""}'
            f'<div class="tk-flow__box"><span class="tk-flow__name"><span '
            f'class="tk-flow__number">{box["number"]}</span> {esc(box["name"])}</span>'
            f"{tags}{lines}</div></div>")
    items = "".join(f'<li value="{box["number"]}">{esc(box["words"])}</li>'
                    for box in drawn["steps"])
    note = f'<p class="tk-flow__note">{esc(drawn["note"])}</p>' if drawn["note"] else ""
    return (f'<figure class="tk-flow" aria-labelledby="flow-{uid}-title">'
            f'<figcaption id="flow-{uid}-title" class="tk-flow__title">{esc(drawn["title"])}'
            f'</figcaption><p class="tk-flow__description">{esc(drawn["description"])}</p>'
            f'<div class="tk-flow__steps" aria-hidden="true">{"".join(boxes)}</div>'
            f'<ol class="tk-flow__words">{items}</ol>{note}</figure>')
