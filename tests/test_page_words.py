"""The page's scripts show a person no sentence of their own: every word they show by
themselves lives in browser_py/page/page_words.py, which the build writes into the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_py.page.page_words import WORDS, words_module

TOOLKIT = Path(__file__).resolve().parent.parent / "site_templates/overrides/assets/toolkit"
# String literals: "…", '…' and `…` (a template's ${…} parts are dropped before checking).
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\]|\\.)*`')
# Words people read: two words in a row, or one capitalised word ("Remove", "Summary").
WORDS_IN_TEXT = re.compile(r"[A-Za-z]{2,}[,.:;]? [a-z]{2,}|^[A-Z][a-z]+[.…:]?$")
# Code, not words: selectors, class lists, attribute values, module paths, key names.
CODE = re.compile(r"__|--|\[data-|[=#{}/\\]|\.mjs$|\.py\b|sys\.path|^[a-z-]+ [a-z-]+$|"
                  r"^[a-z]+(, [a-z]+)+$|^(Enter|Escape|Tab|Home|End|Arrow[A-Z][a-z]+)$")
# Errors only logged for developers: the start falls back to the plain files, unseen.
LOGGED_ONLY = frozenset({"brotli.mjs", "snapshot_format.mjs"})


def _code(source: str) -> str:
    """``source`` without comments or lines that only log for developers."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    lines = [re.sub(r"(^|\s)//.*$", "", line) for line in source.splitlines()]
    return "\n".join(line for line in lines if "console." not in line)


def shown_text(source: str) -> list[str]:
    """The string literals of ``source`` that read as words shown to a person."""
    found = []
    for match in LITERAL.finditer(_code(source)):
        text = re.sub(r"\$\{[^}]*\}", "", match.group()[1:-1]).strip()
        if WORDS_IN_TEXT.search(text) and not CODE.search(text):
            found.append(text)
    return found


def scripts() -> list[Path]:
    """The page's scripts (``page_words.mjs`` and ``merge_rules.mjs`` are built, not here)."""
    return sorted(TOOLKIT.glob("*.mjs"))


@pytest.mark.parametrize("path", scripts(), ids=lambda path: path.name)
def test_a_script_shows_no_words_of_its_own(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    if path.name in LOGGED_ONLY:
        source = re.sub(r"new Error\((\"[^\"]*\"|`[^`]*`)\)", "new Error()", source)
    assert shown_text(source) == []


def test_the_check_finds_words_where_they_would_be() -> None:
    source = ('el("h2", "Summary");\nmessage(`Choose ${n} entries changed`);\n'
              "status.textContent = 'No file was used.';\n"
              '// a comment with "Some words"\nconsole.warn("Python snapshot not usable");\n'
              'q("[data-x] .y"); el("p", undefined, "tk-a tk-a--b"); say("no_file_used");\n')
    assert shown_text(source) == ["Summary", "Choose  entries changed", "No file was used."]


def test_every_key_said_is_written_and_every_word_is_used() -> None:
    sources = "\n".join(path.read_text(encoding="utf-8") for path in scripts())
    said = set(re.findall(r'\bsay\("([a-z_]+)"', sources))
    assert said <= set(WORDS), said - set(WORDS)
    quoted = set(re.findall(r'"([a-z_]+)"', sources))
    assert set(WORDS) <= quoted, set(WORDS) - quoted


def test_the_words_module_holds_every_word_once_as_written() -> None:
    module = words_module()
    assert module.count("export const WORDS") == 1
    for text in WORDS.values():
        assert text.replace('"', '\\"') in module
