"""The district's name follows one rule everywhere: as typed on the start page, else the
edition's setting."""

from __future__ import annotations

import pytest

from browser_py.worksheets.district import district_name

EDITION = {"district_name": "Example County Schools"}


@pytest.mark.parametrize(("worksheets", "settings", "expected"), [
    ({"district": {"name": "  Lakeside Unified "}}, EDITION, "Lakeside Unified"),
    ({"district": {"name": "   "}}, EDITION, "Example County Schools"),
    ({"district": {"name": None}}, EDITION, "Example County Schools"),
    ({"district": "not a group of fields"}, EDITION, "Example County Schools"),
    ({}, EDITION, "Example County Schools"),
    ({}, {}, ""),
])
def test_typed_name_else_the_editions(worksheets: dict, settings: dict, expected: str) -> None:
    assert district_name(worksheets, settings) == expected
