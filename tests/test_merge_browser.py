"""The page's three-way merge between tabs (store.mjs), run in Chromium from the built
site (with the constants the build writes), on the cases of tests/test_merge_rule.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_merge_rule import CASES, IDS, as_json

pytestmark = pytest.mark.browser

STORE = "assets/toolkit/store.mjs"


@pytest.fixture(scope="module")
def site_page(browser, site_url: str) -> Iterator:
    """One page of the site, for calling its modules."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


@pytest.mark.parametrize(("case", "base", "ours", "theirs", "value", "conflicts"), CASES,
                         ids=IDS)
def test_merge_between_tabs(site_page, site_url: str, case: str, base, ours, theirs, value,
                            conflicts) -> None:
    merged = site_page.evaluate(
        """async ([url, base, ours, theirs]) => {
             const { mergeValue } = await import(url);
             return mergeValue(base.value, ours.value, theirs.value, ["f"]);
           }""", [site_url + STORE, as_json(base), as_json(ours), as_json(theirs)])
    assert merged == {"value": value, "conflicts": conflicts}, case
