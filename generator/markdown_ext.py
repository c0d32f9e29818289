"""Markdown extension: every line ``::: <name> [argument]`` of a page is a directive.

A page says where the toolkit's parts go with lines of their own, such as
``::: worksheet needs-estimate`` or ``::: report``. One registry maps each directive's
name to a :class:`DirectiveKind` (what it takes and how it renders); :func:`parse_directive`
reads a line against it, both for the plugin, which reads a page's directives before
rendering (:func:`find_directives`), and for the block processor, which renders them. A
line that starts with ``:::`` and is not a known directive, written as that directive
expects, stops the build with a message naming the page, the line and what was expected.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.blockprocessors import BlockProcessor
from mkdocs.exceptions import PluginError

from browser_py.core.errors import DefinitionError, format_path

#: A line that starts with ``:::`` (at the start of a line, not indented).
DIRECTIVE_LINE = re.compile(r"^:::.*$", re.MULTILINE)
_WORDS = re.compile(r":::[ \t]+(?P<name>\S+)(?P<rest>.*)")


@dataclass(frozen=True)
class DirectiveKind:
    """What one directive takes and how it renders.

    ``render`` takes the directive's argument ("" when it takes none) and returns HTML,
    or Markdown that the page's own parser reads when ``markdown`` is true. ``argument``
    names the one word that follows the directive's name (e.g. "worksheet id"); "" means
    the directive stands alone on its line.
    """

    render: Callable[[str], str]
    argument: str = ""
    markdown: bool = False


Directives = Mapping[str, DirectiveKind]


@dataclass(frozen=True)
class Directive:
    """One directive line of a page: its name, its argument ("" when none), the line as
    written, and its line number in the page's file (``None`` when not known)."""

    name: str
    argument: str
    line: str
    number: int | None = None


def usage(name: str, kind: DirectiveKind) -> str:
    """How directive ``name`` is written, e.g. ``::: worksheet <worksheet id>``."""
    return f"::: {name} <{kind.argument}>" if kind.argument else f"::: {name}"


#: What a directive found where Markdown does not render it was expected to be.
OWN_LINE = ("each directive on a line of its own at the start of a line, outside lists, "
            "notes, quotes and HTML")


def where(source: str, number: int | None) -> str:
    """A page and, when known, a line of it, for messages: ``content/index.md › line 3``."""
    return format_path([source, f"line {number}"]) if number is not None else source


def parse_directive(line: str, kinds: Directives, source: str,
                    number: int | None = None) -> Directive:
    """Read one line that starts with ``:::`` as a directive of ``kinds``.

    Raises :class:`DefinitionError` naming ``source`` (and the line ``number``), what was
    expected and the line as found, for an unknown directive, a missing argument or
    words the directive does not take."""
    line = line.rstrip()
    place, found = where(source, number), f'"{line}"'
    words = _WORDS.fullmatch(line)
    if words is None or words["name"] not in kinds:
        known = ", ".join(f'"{usage(name, kinds[name])}"' for name in sorted(kinds))
        raise DefinitionError(place, f"a directive, one of {known}", found)
    name, rest = words["name"], words["rest"].split()
    kind = kinds[name]
    if kind.argument and len(rest) != 1:
        raise DefinitionError(
            place, f'"::: {name}" followed by one {kind.argument}, alone on its line', found)
    if not kind.argument and rest:
        raise DefinitionError(place, f'"::: {name}" alone on its line', found)
    return Directive(name, rest[0] if rest else "", line, number)


def find_directives(markdown_text: str, kinds: Directives, source: str,
                    first_line: int | None = 1) -> list[Directive]:
    """Every directive of a page's Markdown, in order: the lines the block processor
    renders. ``first_line`` is the file's line number of the Markdown's first line (after
    any front matter), ``None`` when not known."""
    found = []
    for match in DIRECTIVE_LINE.finditer(markdown_text):
        number = None
        if first_line is not None:
            number = first_line + markdown_text.count("\n", 0, match.start())
        found.append(parse_directive(match.group(), kinds, source, number))
    return found


class DirectiveBlockProcessor(BlockProcessor):
    """Replaces each directive line with what its kind renders: HTML, stashed as raw HTML,
    or Markdown, parsed in its place."""

    def __init__(self, parser, extension: DirectiveExtension) -> None:
        super().__init__(parser)
        self.extension = extension

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(DIRECTIVE_LINE.search(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks.pop(0)
        match = DIRECTIVE_LINE.search(block)
        assert match is not None  # test() matched this block
        before, after = block[: match.start()], block[match.end() :]
        if before.strip():
            self.parser.parseBlocks(parent, [before.rstrip("\n")])
        source = self.extension.source
        if parent is not self.parser.root:
            raise PluginError(str(DefinitionError(
                source, OWN_LINE, f'"{match.group().strip()}" inside one')))
        try:
            directive = parse_directive(match.group(), self.extension.kinds, source)
        except DefinitionError as error:
            raise PluginError(str(error)) from None
        kind = self.extension.kinds[directive.name]
        output = kind.render(directive.argument)
        self.extension.rendered.append(directive)
        if after.strip():
            blocks.insert(0, after.lstrip("\n"))
        if kind.markdown:
            blocks.insert(0, output)
        else:
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = self.parser.md.htmlStash.store(output)
        return True


class DirectiveExtension(Extension):
    """Registers the directive processor for the directives of ``kinds``.

    The MkDocs plugin calls :meth:`start_page` before each page is rendered; afterwards
    :attr:`rendered` holds the page's directives as rendered, in order.
    """

    def __init__(self, kinds: Directives, **kwargs) -> None:
        self.kinds = kinds
        self.source = "the page"
        self.rendered: list[Directive] = []
        super().__init__(**kwargs)

    def start_page(self, source: str) -> None:
        """Name the page about to be rendered (for messages) and forget the last one's
        directives."""
        self.source = source
        self.rendered = []

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        # Before admonitions (105), paragraphs (10) and lists, so that a directive line is
        # never read as part of another block.
        md.parser.blockprocessors.register(
            DirectiveBlockProcessor(md.parser, self), "toolkit_directive", 106
        )
