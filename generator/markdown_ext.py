"""Markdown extension: a line ``::: worksheet <id>`` places that worksheet's form."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor

PLACEMENT = re.compile(r"^:::[ \t]+worksheet[ \t]+(?P<id>\S+)[ \t]*$", re.MULTILINE)

Renderer = Callable[[str], str]


def placed_worksheets(markdown_text: str) -> list[str]:
    """Return the worksheet ids that a page's Markdown places, in order."""
    return [match["id"] for match in PLACEMENT.finditer(markdown_text)]


class WorksheetBlockProcessor(BlockProcessor):
    """Replaces a placement line with the rendered worksheet, stashed as raw HTML."""

    def __init__(self, parser, render: Renderer) -> None:
        super().__init__(parser)
        self.render = render

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(PLACEMENT.search(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        match = PLACEMENT.search(block)
        assert match is not None  # test() matched this block
        before, after = block[: match.start()], block[match.end() :]
        if before.strip():
            self.parser.parseBlocks(parent, [before])
        placeholder = self.parser.md.htmlStash.store(self.render(match["id"]))
        paragraph = etree.SubElement(parent, "p")
        paragraph.text = placeholder
        if after.strip():
            blocks.insert(0, after.lstrip("\n"))
        return True


class WorksheetExtension(Extension):
    """Registers the worksheet placement processor.

    ``render`` maps a worksheet id to its HTML; the MkDocs plugin passes one that knows
    every definition and raises for an unknown id.
    """

    def __init__(self, render: Renderer, **kwargs) -> None:
        self.render = render
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Before paragraphs (10) and lists, so the placement line is never wrapped in <p>.
        md.parser.blockprocessors.register(
            WorksheetBlockProcessor(md.parser, self.render), "toolkit_worksheet", 106
        )
