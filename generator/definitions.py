"""Worksheet definitions: read from YAML files into the model of :mod:`browser_py.core.model`.

The checks themselves live in :mod:`browser_py.core.definitions`, shared with the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from browser_py.core.definitions import add_worksheet, check_worksheet, resolve_sources
from browser_py.core.errors import DefinitionError
from browser_py.core.model import Worksheet

# libyaml's loader where PyYAML was built with it: the same safe subset, several times faster.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

__all__ = ["SAFE_LOADER", "Worksheet", "load_worksheets", "parse_worksheet"]


def parse_worksheet(
    text: str, source: str, known_functions: Iterable[str], known_actions: Iterable[str] = ()
) -> Worksheet:
    """Parse and check one worksheet definition written in YAML."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise DefinitionError(source, "valid YAML", f"{problem} at {where}") from None
    return check_worksheet(data, source, known_functions, known_actions)


def load_worksheets(
    folder: Path,
    known_functions: Iterable[str],
    known_actions: Iterable[str] = (),
    *,
    display: Callable[[Path], str] = str,
) -> dict[str, Worksheet]:
    """Load every ``*.yml`` definition in ``folder``, keyed by worksheet id."""
    known = set(known_functions)
    actions = set(known_actions)
    worksheets: dict[str, Worksheet] = {}
    for path in sorted(folder.glob("*.yml")):
        source = display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DefinitionError(source, "a text file in UTF-8", "other bytes") from None
        add_worksheet(worksheets, parse_worksheet(text, source, known, actions))
    resolve_sources(worksheets)
    return worksheets
