"""What it costs, in Chromium: assumptions typed on the page give the same dollars on the
worksheet, on the start page's overview and in the full report."""

from __future__ import annotations

import pytest
from helpers import READY, poll, saved_state, seed

pytestmark = pytest.mark.browser

# 120 more students (320 - 200), contracted per session: 120 x 12 x $150 = $216,000; for
# the whole goal, $1,800 per student.
STATE = {"worksheets": {
    "needs-estimate": {"enrollment": "5000", "addressed": "200", "sources": [
        {"row_id": "screeners", "source": "Screeners", "indicated": "400", "new": ""}]},
    "goal": {"by_date": "2028-06-15", "providers_more": "1", "target_count": "320"},
    "approaches": {"chosen": ["contract"]},
}}
MIX = "The mix you chose costs $216,000 a year ($216,000 contract = $216,000), $1,800 for " \
      "each of the 120 more students served."


def _text(page, worksheet: str, output: str) -> str:
    return page.inner_text(f"#ws-{worksheet} [data-output={output}] .ws-output__text")


def test_costs_typed_on_the_page_reach_the_overview_and_the_report(browser,
                                                                  site_url: str) -> None:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        seed(page, site_url, STATE)
        page.goto(site_url + "costs/")
        page.wait_for_selector(READY, timeout=60_000)
        page.check("#w-costs--contract_basis--per-session")
        page.fill("#w-costs--sessions_per_student", "12")
        page.fill("#w-costs--session_rate", "150")
        assert poll(page, lambda: _text(page, "costs", "mix-cost") == MIX, what="the mix's cost")
        by_approach = page.inner_text("#ws-costs [data-output=by-approach]")
        assert "120 students x 12 sessions x $150 = $216,000" in by_approach
        assert "default from BLS Employer Costs for Employee Compensation" in by_approach
        assert poll(page, lambda: (saved_state(page) or {}).get("worksheets", {}).get(
            "costs", {}).get("session_rate") == "150", what="the entries saved")

        page.goto(site_url)
        page.wait_for_selector(READY, timeout=60_000)
        item = page.locator(".tk-dashboard__item", has_text="What the goal costs")
        item.wait_for()
        assert poll(page, lambda: MIX in item.inner_text(), what="the mix on the start page")

        page.goto(site_url + "report/")
        page.wait_for_selector(READY, timeout=60_000)
        page.locator("[data-report-actions]:not([hidden])").wait_for()
        report = page.inner_text("main")
        assert report.count(MIX) >= 2, "in the summary and in the section"
        assert "Cost per year of each approach" in report
        assert errors == []
    finally:
        context.close()
