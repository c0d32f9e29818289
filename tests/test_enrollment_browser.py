"""In Chromium: enrollment is typed once, in the needs estimate. Entries saved when the
provider packet asked for it too are carried over on load, and the packet shows the
number from where it is typed, with a link there."""

from __future__ import annotations

import helpers
import pytest
from helpers import READY, poll, saved_state

pytestmark = pytest.mark.browser


def seed(page, site_url: str, worksheets: dict) -> None:
    """Save ``worksheets`` as an older version left them."""
    helpers.seed(page, site_url, {"format_version": 1, "worksheets": worksheets})


def facts(page):
    return page.locator("#ws-provider-questions [data-output=facts]")


def test_the_packets_old_number_moves_to_the_needs_estimate_and_is_linked(
        browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        seed(page, site_url, {"provider-questions": {"district_students": "12400",
                                                     "district_schools": "21"}})
        page.goto(site_url + "needs-and-goals/")
        page.wait_for_selector(READY, timeout=60_000)
        box = page.locator("#w-needs-estimate--enrollment")
        assert poll(page, lambda: box.input_value() == "12400", 20, "the number carried over")
        stored = poll(page, lambda: (saved_state(page) or {}).get("worksheets", {})
                      .get("needs-estimate"), 20, "the carried number saved")
        assert stored["enrollment"] == "12400"
        assert saved_state(page)["worksheets"]["provider-questions"]["district_students"] == ""
        warning = page.locator("[data-warning]")
        assert "12,400, was carried over to “Students enrolled in the district”" in \
            warning.inner_text()
        assert "could not be read" not in warning.inner_text()

        page.goto(site_url + "provider-questions/")
        page.wait_for_selector(READY, timeout=60_000)
        assert page.locator("#w-provider-questions--district_students").count() == 0
        assert page.locator("[data-name=district_students]").count() == 0
        out = facts(page)
        out.filter(has_text="Students enrolled: 12,400 — typed in Estimate student need"
                   ).wait_for(timeout=20_000)
        link = out.locator(".ws-output__links a", has_text="Estimate student need")
        assert link.get_attribute("href").endswith("needs-and-goals/#ws-needs-estimate")
        packet = page.locator("#ws-provider-questions [data-output=packet]")
        packet.filter(has_text="12,400").wait_for(timeout=20_000)
        # Followed as the link itself (results drawn meanwhile may move it on the screen).
        link.evaluate("(a) => a.click()")
        assert poll(page, lambda: page.url.endswith("needs-and-goals/#ws-needs-estimate"), 60,
                    "the link followed")
        assert poll(page, lambda: page.locator("#w-needs-estimate--enrollment").input_value()
                    == "12400", 20, "the needs estimate reached from the link")
    finally:
        context.close()


def test_differing_numbers_stay_and_the_packet_says_which_it_uses(
        browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        seed(page, site_url, {"provider-questions": {"district_students": "12000"},
                              "needs-estimate": {"enrollment": "12400"}})
        page.goto(site_url + "provider-questions/")
        page.wait_for_selector(READY, timeout=60_000)
        out = facts(page)
        out.filter(has_text="12,000 was typed here").wait_for(timeout=20_000)
        assert "The packet uses 12,400" in out.inner_text()
        assert out.get_attribute("data-status") == "incomplete"
        state = saved_state(page)["worksheets"]
        assert state["provider-questions"]["district_students"] == "12000"
        assert state["needs-estimate"]["enrollment"] == "12400"
    finally:
        context.close()
