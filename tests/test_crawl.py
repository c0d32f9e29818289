"""Crawl every page in Chromium under a sub-path: privacy, CSP, errors and axe-core."""

from __future__ import annotations

import pytest
from crawling import crawl_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def crawl(browser, site_url: str) -> dict:
    """Every page, in the light palette and (axe's colour rules) in the dark one."""
    return crawl_site(browser, site_url, dark=True)


def test_every_section_page_is_reached(crawl: dict, site_url: str) -> None:
    expected = ["", "approaches/", "working-group/", "needs-and-goals/",
                "partner-checklist/", "provider-questions/", "partnerships/", "report/",
                "board-brief/"]
    assert set(site_url + path for path in expected) <= set(crawl["pages"])


def test_no_request_leaves_the_origin(crawl: dict) -> None:
    assert crawl["off_origin"] == []


def test_no_csp_violations(crawl: dict) -> None:
    violations = {url: page["csp"] for url, page in crawl["pages"].items() if page["csp"]}
    assert violations == {}


def test_no_page_errors(crawl: dict) -> None:
    assert crawl["errors"] == []


def test_no_axe_violations(crawl: dict) -> None:
    violations = {url: page["axe"] for url, page in crawl["pages"].items() if page["axe"]}
    assert violations == {}


def test_no_axe_violations_in_the_dark_palette(crawl: dict) -> None:
    assert all("axe_dark" in page for page in crawl["pages"].values())
    violations = {url: page["axe_dark"] for url, page in crawl["pages"].items()
                  if page["axe_dark"]}
    assert violations == {}
