"""The page's three-way merge between tabs (store.mjs), run in Chromium, case by case."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

STORE = "assets/toolkit/store.mjs"

ROW_A = {"row_id": "a", "name": "Ana", "role": ""}
# (case, base, ours, theirs, merged value, conflict paths)
CASES = [
    ("unchanged", "x", "x", "x", "x", []),
    ("only ours changed", "x", "y", "x", "y", []),
    ("only theirs changed", "x", "x", "z", "z", []),
    ("both changed one text", "x", "y", "z", "y", [["f"]]),
    ("choices ticked on both sides", ["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], []),
    ("choice unticked there, one ticked here", ["a", "b"], ["a", "b", "c"], ["b"],
     ["b", "c"], []),
    ("choices all unticked here", ["a"], [], ["a", "d"], ["d"], []),
    ("different cells of one row", [ROW_A], [{**ROW_A, "name": "Ann"}],
     [{**ROW_A, "role": "Lead"}], [{"row_id": "a", "name": "Ann", "role": "Lead"}], []),
    ("the same cell of one row", [ROW_A], [{**ROW_A, "name": "Ann"}],
     [{**ROW_A, "name": "Anna"}], [{**ROW_A, "name": "Ann"}], [["f", "a", "name"]]),
    # Theirs goes after the nearest row it follows there: right after A.
    ("a row added on each side", [ROW_A], [ROW_A, {"row_id": "b", "name": "B", "role": ""}],
     [ROW_A, {"row_id": "c", "name": "C", "role": ""}],
     [ROW_A, {"row_id": "c", "name": "C", "role": ""}, {"row_id": "b", "name": "B",
                                                         "role": ""}], []),
    ("a row removed there, changed here", [ROW_A], [{**ROW_A, "name": "Ann"}], [],
     [{**ROW_A, "name": "Ann"}], []),
    ("a row removed there, unchanged here", [ROW_A], [ROW_A], [], [], []),
    ("ratings by name", {"c1": "agree"}, {"c1": "agree", "c2": "disagree"},
     {"c1": "strongly-agree"}, {"c1": "strongly-agree", "c2": "disagree"}, []),
]


@pytest.fixture(scope="module")
def site_page(browser, site_url: str) -> Iterator:
    """One page of the site, for calling its modules."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


@pytest.mark.parametrize(("case", "base", "ours", "theirs", "value", "conflicts"), CASES,
                         ids=[case[0] for case in CASES])
def test_merge_between_tabs(site_page, site_url: str, case: str, base, ours, theirs, value,
                            conflicts) -> None:
    merged = site_page.evaluate(
        """async ([url, base, ours, theirs]) => {
             const { mergeValue } = await import(url);
             return mergeValue(base, ours, theirs, ["f"]);
           }""", [site_url + STORE, base, ours, theirs])
    assert merged == {"value": value, "conflicts": conflicts}, case
