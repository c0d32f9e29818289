"""One document model for everything the toolkit prints or hands out.

The report, the agreement outlines and the provider packet are each built once as a
:class:`Document`: a title, a line under it, and blocks (headings, paragraphs, labelled
answers, lists, tables, results, charts, boxes that group blocks). The same document is
drawn on the page (:meth:`Document.as_data`, drawn by ``documents.mjs``), printed from
there, and written as Markdown (:func:`to_markdown`), as a standalone web page
(:func:`to_html`) or, by the page, as a Word file (:func:`word_data`, written by
``word.mjs``). Every text is escaped by the renderer: nothing a person typed becomes
markup. Text of several lines (the answers of a multi-part entry) keeps each line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Union

from ..core.charts import svg_markup
from ..core.flow import alternative, flow_markup
from ..core.visible_text import escape_html, visible
from .markdown_text import escape_markdown as md

#: The policy of every standalone HTML file the toolkit writes: no scripts, nothing
#: loaded from anywhere, styles only from the file itself.
STANDALONE_POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src '
                     "'none'; style-src 'unsafe-inline'; form-action 'none'\">")

CREDIT = ("Adapted from the Chiefs for Change Promising Practice \"Provide more mental "
          "health care to students through community providers\".")


@dataclass(frozen=True)
class Heading:
    """A heading: level 2 for a section, 3 inside one."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` says what it is: "" (plain), "meta" (the line under the
    title), "note" (a notice in bold), "empty" (nothing entered), "by" (who entered
    it), "missing" (what is still missing)."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Answer:
    """A question or field and the answer given, each line of it kept."""

    label: str
    text: str


@dataclass(frozen=True)
class Items:
    """A bulleted list; ``strong`` holds the items written in bold (what is missing)."""

    items: tuple[str, ...]
    strong: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Table:
    """A table with column headings; ``label`` names it above; with ``row_headers`` the
    first cell of each row heads it (a question beside its answer); ``stacked``: on a
    narrow screen each row reads as its first cell above the rest (parts and their text)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    label: str = ""
    row_headers: bool = False
    stacked: bool = False


@dataclass(frozen=True)
class Result:
    """A computed result: its label and text, its messages and tables."""

    label: str
    text: str
    messages: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Figure:
    """One figure of a summary: label, text and the names it lists."""

    label: str
    text: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Charts:
    """Charts side by side (each as :func:`browser_py.charts.chart` describes it)."""

    charts: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Flow:
    """A step-by-step diagram (as :func:`browser_py.core.flow.flow` describes it): drawn
    on the page, on paper and in the web page; its ordered list in Markdown and Word."""

    diagram: dict[str, Any]


@dataclass(frozen=True)
class Box:
    """Blocks kept together: ``style`` "summary" (the first page) or "section";
    ``id`` names what it holds (a worksheet's id)."""

    blocks: tuple[Block, ...]
    style: str = "section"
    id: str = ""


Block = Union[Heading, Paragraph, Answer, Items, Table, Result, Figure, Charts, Flow,  # noqa: UP007
              Box]


@dataclass(frozen=True)
class Document:
    """A whole document: ``title``, ``meta`` (the line under it: the district and the
    date, the district set apart) and its blocks."""

    title: str
    district: str
    date: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    credit: bool = True
    meta: bool = True

    def as_data(self) -> dict[str, Any]:
        """The document as JSON data for the page: each block with its ``kind``."""
        return {"title": self.title, "district": self.district, "date": self.date,
                "blocks": [_data(block) for block in self.blocks],
                "credit": CREDIT if self.credit else ""}


def _data(block: Block) -> dict[str, Any]:
    kind = type(block).__name__.lower()
    if isinstance(block, Box):
        return {"kind": kind, "style": block.style, "id": block.id,
                "blocks": [_data(inner) for inner in block.blocks]}
    if isinstance(block, Items):
        return {"kind": kind, "items": list(block.items), "strong": sorted(block.strong)}
    if isinstance(block, Table):
        return {"kind": kind, "columns": list(block.columns),
                "rows": [list(row) for row in block.rows], "label": block.label,
                "row_headers": block.row_headers, "stacked": block.stacked}
    if isinstance(block, Result):
        return {"kind": kind, "label": block.label, "text": block.text,
                "messages": list(block.messages),
                "tables": [_data(table) for table in block.tables]}
    if isinstance(block, Figure):
        return {"kind": kind, "label": block.label, "text": block.text,
                "names": list(block.names)}
    if isinstance(block, Charts):
        return {"kind": kind, "charts": list(block.charts)}
    if isinstance(block, Flow):
        return {"kind": kind, "flow": block.diagram}
    return {"kind": kind, **{name: getattr(block, name) for name in block.__dataclass_fields__}}


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], label: str = "",
          row_headers: bool = False, stacked: bool = False) -> Table:
    """A :class:`Table` from lists."""
    return Table(tuple(columns), tuple(tuple(row) for row in rows), label, row_headers,
                 stacked)


# ---- Markdown --------------------------------------------------------------------------


def md_lines(text: str) -> str:
    """Text of several lines as Markdown that keeps each on its own line, in a paragraph
    or a table cell alike."""
    return "<br>".join(line.strip() for line in md(text).split("\n") if line.strip())


def _md_table(block: Table) -> list[str]:
    lines = ["| " + " | ".join(md_lines(c) or " " for c in block.columns) + " |",
             "|" + "---|" * len(block.columns)]
    lines += ["| " + " | ".join(md_lines(c) for c in row) + " |" for row in block.rows]
    return lines


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * block.level} {md(block.text)}", ""]
    if isinstance(block, Paragraph):
        text = md(block.text)
        return [{"empty": f"*{text}*", "by": f"*{text}*", "missing": f"*{text}*",
                 "note": f"> {text}"}.get(block.style, text), ""]
    if isinstance(block, Answer):
        return [f"**{md(block.label)}**", "", md_lines(block.text), ""]
    if isinstance(block, Items):
        return [*(f"- **{md(item)}**" if n in block.strong else f"- {md(item)}"
                  for n, item in enumerate(block.items)), ""]
    if isinstance(block, Table):
        return ([f"**{md(block.label)}**", ""] if block.label else []) + [
            *_md_table(block), ""]
    if isinstance(block, Result):
        lines = [f"**{md(block.label)}:** {md(block.text)}", ""]
        lines += [f"- {md(message)}" for message in block.messages]
        for inner in block.tables:
            lines += ["", *_md_table(inner)]
        return [*lines, ""]
    if isinstance(block, Figure):
        lines = [f"**{md(block.label)}:** {md(block.text)}", ""]
        return lines + ([*(f"- {md(name)}" for name in block.names), ""] if block.names
                        else [])
    if isinstance(block, Charts):  # a Markdown file cannot hold the drawing: its data
        return [line for drawn in block.charts for line in (
            f"**Chart: {md(drawn['title'])}.** {md(drawn['description'])}", "",
            *_md_table(table(drawn["columns"], drawn["rows"])), "")]
    if isinstance(block, Flow):  # nor this one: its text alternative, in order
        drawn = block.diagram
        return [f"**Diagram: {md(drawn['title'])}.** {md(drawn['description'])}", "",
                *(f"{number}. {md(words)}" for number, words in alternative(drawn)), "",
                *([md(drawn["note"]), ""] if drawn["note"] else [])]
    return [line for inner in block.blocks for line in _md_block(inner)]


def to_markdown(document: Document) -> str:
    """The document as Markdown."""
    lines = [f"# {md(document.title)}", ""]
    if document.meta:
        lines += [_meta(document, md), ""]
    for block in document.blocks:
        lines += _md_block(block)
    if document.credit:
        lines += ["---", "", md(CREDIT).replace("\\", "")]
    return "\n".join(lines).rstrip() + "\n"


# ---- Word ------------------------------------------------------------------------------

#: The media type of a Word file.
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_data(document: Document) -> dict[str, Any]:
    """The document as the page writes it to a Word file (``word.mjs``): :meth:`as_data`
    with the line under the title and the credit as the files carry them ("" for none)."""
    return {**document.as_data(), "meta": _meta(document, str) if document.meta else "",
            "credit": CREDIT if document.credit else ""}


def word_download(filename: str, document: Document) -> dict[str, Any]:
    """A download the page writes as a Word file: ``filename`` and :func:`word_data`."""
    return {"filename": filename, "media_type": DOCX_TYPE, "text": "",
            "document": word_data(document)}


def _meta(document: Document, escape: Callable[[str], str]) -> str:
    district = document.district or "District not named"
    return f"{escape(district)} · {escape(document.date)}" if document.date else escape(
        district)


# ---- HTML ------------------------------------------------------------------------------

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
tr { break-inside: avoid; } .empty { font-style: italic; } .result { background: #f3f4f8;
  padding: .5rem .8rem; }
.by { color: #555; font-style: italic; } .missing { font-style: italic; }
.summary { break-after: page; } .charts { display: grid; gap: 0 1.5rem;
  grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
figure { margin: .8rem 0; } figcaption { font-weight: 700; }
svg { display: block; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.tk-chart__label, .tk-chart__value { font-size: 13px; } .tk-chart__label { font-weight: 600; }
.tk-chart__bar--indicated { fill: #8c9eff; } .tk-chart__bar--need, .tk-chart__bar--now
  { fill: #3f51b5; }
.tk-chart__bar--addressed, .tk-chart__bar--done, .tk-chart__bar--seen { fill: #2e7d32; }
.tk-chart__bar--unmet { fill: #c62828; } .tk-chart__bar--goal { fill: #8e24aa; }
.tk-chart__bar--recommended, .tk-chart__bar--todo, .tk-chart__bar--pace { fill: #9e9e9e; }
.tk-flow { margin: .8rem 0 1.2rem; container-type: inline-size; }
.tk-flow__title { font-weight: 700; } .tk-flow__description { margin: .2rem 0 .6rem; }
.tk-flow__steps { display: flex; flex-wrap: wrap; gap: .6em 0; }
.tk-flow__step { display: flex; align-items: center; flex: 1 1 11.5em; max-width: 19em;
  break-inside: avoid; }
.tk-flow__arrow { flex: 0 0 auto; width: 1.4em; height: .85em; margin: 0 .3em; color: #555; }
.tk-flow__box { flex: 1 1 auto; align-self: stretch; display: flex; flex-direction: column;
  gap: .1em; min-width: 0; padding: .45em .6em .5em; border: 1px solid #999;
  border-radius: 6px; font-size: .85em; line-height: 1.35; overflow-wrap: anywhere; }
.tk-flow__step--wait .tk-flow__box { border-left: 5px solid #3949ab; }
.tk-flow__name { font-weight: 700; } .tk-flow__number { display: inline-block; min-width: 1.3em; }
.tk-flow__label, .tk-flow__line--missing, .tk-flow__note { color: #4d4d4d; }
.tk-flow__tags { order: 1; display: flex; flex-wrap: wrap; gap: .25em .35em;
  margin-top: .25em; }
.tk-flow__tag { padding: 0 .45em; border: 1px solid #767676; border-radius: 1em;
  white-space: nowrap; }
.tk-flow__words { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@container (max-width: 27em) {
  .tk-flow__step { flex-basis: 100%; max-width: none; flex-direction: column;
    align-items: stretch; }
  .tk-flow__arrow { align-self: center; margin: .1em 0 .25em; transform: rotate(90deg); }
}
"""


def html_lines(text: str) -> str:
    """Text of several lines, escaped, each line kept on its own."""
    return "<br>".join(escape_html(line) for line in visible(text).split("\n"))


def _html_table(block: Table) -> str:
    esc = escape_html
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in block.columns)

    def row(cells: tuple[str, ...]) -> str:
        if block.row_headers and cells:
            return (f'<tr><th scope="row">{esc(cells[0])}</th>'
                    + "".join(f"<td>{html_lines(c)}</td>" for c in cells[1:]) + "</tr>")
        return "<tr>" + "".join(f"<td>{html_lines(c)}</td>" for c in cells) + "</tr>"
    thead = f"<thead><tr>{head}</tr></thead>" if block.columns else ""
    return f"<table>{thead}<tbody>{''.join(row(r) for r in block.rows)}</tbody></table>"


def _html_block(block: Block) -> str:
    esc = escape_html
    if isinstance(block, Heading):
        return f"<h{block.level}>{esc(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        if block.style == "note":
            return f'<p class="note"><strong>{esc(block.text)}</strong></p>'
        style = f' class="{block.style}"' if block.style else ""
        return f"<p{style}>{esc(block.text)}</p>"
    if isinstance(block, Answer):
        return f"<p><strong>{esc(block.label)}</strong><br>{html_lines(block.text)}</p>"
    if isinstance(block, Items):
        return "<ul>" + "".join(
            f"<li><strong>{esc(item)}</strong></li>" if n in block.strong
            else f"<li>{esc(item)}</li>" for n, item in enumerate(block.items)) + "</ul>"
    if isinstance(block, Table):
        label = f"<p><strong>{esc(block.label)}</strong></p>\n" if block.label else ""
        return label + _html_table(block)
    if isinstance(block, Result):
        items = "".join(f"<li>{esc(m)}</li>" for m in block.messages)
        tables = "".join(_html_table(inner) for inner in block.tables)
        return (f'<div class="result"><p><strong>{esc(block.label)}:</strong> '
                f"{esc(block.text)}</p>{f'<ul>{items}</ul>' if items else ''}{tables}</div>")
    if isinstance(block, Figure):
        names = "".join(f"<li>{esc(name)}</li>" for name in block.names)
        return (f"<p><strong>{esc(block.label)}:</strong> {esc(block.text)}</p>"
                + (f"<ul>{names}</ul>" if names else ""))
    if isinstance(block, Flow):
        return flow_markup(block.diagram)
    if isinstance(block, Charts):
        return '<div class="charts">' + "".join(
            f"<figure><figcaption>{esc(drawn['title'])}</figcaption>{svg_markup(drawn)}"
            "</figure>" for drawn in block.charts) + "</div>"
    inner = "\n".join(_html_block(b) for b in block.blocks)
    return f'<section class="{block.style}">\n{inner}\n</section>'


def to_html(document: Document, style: str = STYLE) -> str:
    """The document as one standalone web page (no scripts, nothing loaded)."""
    esc = escape_html
    parts = ["<!doctype html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             STANDALONE_POLICY, f"<title>{esc(document.title)}</title>",
             f"<style>{style}</style>", "</head>", "<body>",
             f"<h1>{esc(document.title)}</h1>"]
    if document.meta:
        parts.append(f"<p>{_meta(document, esc)}</p>")
    parts += [_html_block(block) for block in document.blocks]
    if document.credit:
        parts += ["<hr>", f"<p>{esc(CREDIT)}</p>"]
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
