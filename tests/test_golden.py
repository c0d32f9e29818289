"""Golden files: each tests/golden/*.yml definition renders exactly its *.html twin.

Set UPDATE_GOLDEN=1 to rewrite the .html files after an intended template change, then
review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_py.core.computations import REGISTRY
from generator.definitions import parse_worksheet
from generator.render import render_worksheet

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(GOLDEN.glob("*.yml"))


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 5, "golden cases went missing"


@pytest.mark.parametrize("definition", CASES, ids=[case.stem for case in CASES])
def test_worksheet_renders_as_golden(definition: Path) -> None:
    worksheet = parse_worksheet(definition.read_text(), definition.name, REGISTRY)
    html = render_worksheet(worksheet)
    expected_path = definition.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.write_text(html)
    assert expected_path.exists(), f"missing {expected_path.name}; run with UPDATE_GOLDEN=1"
    assert html == expected_path.read_text()
