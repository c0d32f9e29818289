"""Every ``:::`` line of a page goes through one parser and one block processor: each
directive renders in its place, and an unknown or malformed one is named, with its page,
line and what was expected."""

from __future__ import annotations

import re

import markdown
import pytest
from helpers import ROOT
from mkdocs.exceptions import PluginError

from browser_py.core.errors import DefinitionError
from generator.markdown_ext import (
    Directive,
    DirectiveExtension,
    DirectiveKind,
    find_directives,
    parse_directive,
)
from generator.plugin import STEP_DIRECTIVES, ToolkitPlugin

KINDS = {
    "worksheet": DirectiveKind(lambda ws: f'<section data-worksheet="{ws}"></section>',
                               argument="worksheet id"),
    "report": DirectiveKind(lambda _: '<div data-report=""></div>'),
    "edition": DirectiveKind(lambda _: "Set up for **Lakeside**.", markdown=True),
}
KNOWN = '"::: edition", "::: report", "::: worksheet <worksheet id>"'


@pytest.mark.parametrize(("line", "expected"), [
    ("::: worksheet needs-estimate", Directive("worksheet", "needs-estimate",
                                               "::: worksheet needs-estimate")),
    (":::\tworksheet  goal \t", Directive("worksheet", "goal", ":::\tworksheet  goal")),
    ("::: report", Directive("report", "", "::: report")),
    ("::: edition  ", Directive("edition", "", "::: edition")),
])
def test_a_directive_line_is_read(line: str, expected: Directive) -> None:
    assert parse_directive(line, KINDS, "content/index.md") == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("::: chart needs", f"expected a directive, one of {KNOWN}; found \"::: chart needs\""),
    (":::worksheet goal", f'expected a directive, one of {KNOWN}; found ":::worksheet goal"'),
    (":::", f'expected a directive, one of {KNOWN}; found ":::"'),
    ("::: Report", f'expected a directive, one of {KNOWN}; found "::: Report"'),
    ("::: worksheet", 'expected "::: worksheet" followed by one worksheet id, alone on its '
                      'line; found "::: worksheet"'),
    ("::: worksheet goal gaps", 'expected "::: worksheet" followed by one worksheet id, alone '
                                'on its line; found "::: worksheet goal gaps"'),
    ("::: report extra", 'expected "::: report" alone on its line; found "::: report extra"'),
], ids=["unknown", "no-space", "no-name", "capital", "no-id", "two-ids", "extra-word"])
def test_a_bad_directive_line_is_named(line: str, expected: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_directive(line, KINDS, "content/index.md", 7)
    assert str(caught.value) == f"content/index.md › line 7: {expected}."


def test_directives_are_found_in_order_with_their_lines() -> None:
    text = ("# Title\n\n::: report\n\nText ::: not at the start\n    ::: indented code\n"
            "::: worksheet goal\n")
    found = find_directives(text, KINDS, "content/a.md", first_line=4)
    assert [(d.name, d.argument, d.number) for d in found] == [
        ("report", "", 6), ("worksheet", "goal", 10)]
    assert [d.number for d in find_directives(text, KINDS, "a.md", None)] == [None, None]


def test_a_bad_line_stops_the_reading_with_its_line_number() -> None:
    with pytest.raises(DefinitionError, match=r"^content/a\.md › line 5: expected a directive"):
        find_directives("# A\n\n::: report\n\n::: chart\n", KINDS, "content/a.md")


def _render(text: str, extension: DirectiveExtension | None = None) -> str:
    extension = extension or DirectiveExtension(KINDS)
    return markdown.markdown(text, extensions=[extension, "admonition", "md_in_html"])


def test_each_directive_renders_in_its_place() -> None:
    extension = DirectiveExtension(KINDS)
    extension.start_page("content/a.md")
    html = _render("# A\n\n::: worksheet goal\n\nBetween.\n::: report\nAfter.\n\n"
                   "::: edition\n", extension)
    assert html == ('<h1>A</h1>\n<section data-worksheet="goal"></section>\n'
                    "<p>Between.</p>\n<div data-report=\"\"></div>\n<p>After.</p>\n"
                    "<p>Set up for <strong>Lakeside</strong>.</p>")
    assert [(d.name, d.argument) for d in extension.rendered] == [
        ("worksheet", "goal"), ("report", ""), ("edition", "")]
    extension.start_page("content/b.md")
    assert extension.rendered == []


@pytest.mark.parametrize("text", [
    "!!! note\n    ::: report\n",
    "- An item\n\n    ::: report\n",
    "> ::: report\n",
    '<div markdown="1">\n::: report\n</div>\n',
], ids=["admonition", "list", "quote", "markdown-in-html"])
def test_a_directive_inside_another_block_stops_the_build(text: str) -> None:
    extension = DirectiveExtension(KINDS)
    extension.start_page("content/a.md")
    with pytest.raises(PluginError) as caught:
        _render(text, extension)
    assert str(caught.value) == (
        "content/a.md: expected each directive on a line of its own at the start of a "
        'line, outside lists, notes, quotes and HTML; found "::: report" inside one.')


def test_a_malformed_directive_stops_rendering_as_a_build_error() -> None:
    extension = DirectiveExtension(KINDS)
    extension.start_page("content/a.md")
    with pytest.raises(PluginError, match=r'^content/a\.md: expected "::: report" alone'):
        _render("::: report extra\n", extension)


def test_the_plugin_registers_every_directive_the_pages_use() -> None:
    plugin = ToolkitPlugin()
    used = set()
    for page in sorted(ROOT.joinpath("content").glob("*.md")):
        used |= {d.name for d in find_directives(page.read_text(encoding="utf-8"),
                                                 plugin.directives, page.name)}
    assert used == set(plugin.directives) == {"worksheet", "report", "brief", "dashboard",
                                              "edition"}
    assert STEP_DIRECTIVES <= set(plugin.directives)


def test_the_worksheets_readme_shows_a_directive_the_plugin_reads() -> None:
    text = (ROOT / "content" / "worksheets" / "README.md").read_text(encoding="utf-8")
    lines = re.findall(r"^:::.*$", text, flags=re.M)
    assert lines
    for line in lines:
        parse_directive(line, ToolkitPlugin().directives, "README.md")
