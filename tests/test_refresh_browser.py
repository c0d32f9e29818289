"""In the browser: a keystroke sends the worker one request, and the results ahead of the
next page follow once, after the person pauses; every view still draws from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import READY, poll, seed

pytestmark = pytest.mark.browser

FULL = (Path(__file__).parent / "fixtures/states/full.json").read_text()
# Every request the page posts to its worker, with whether it asked for results ahead.
COUNT = """(() => { window.__sent = []; const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, transfer) {
    if (message && message.method) window.__sent.push(
      [message.method, Boolean(message.args && message.args.page && message.args.page.ahead)]);
    return post.call(this, message, transfer);
  }; })()"""


def test_a_keystroke_sends_one_request_and_the_results_ahead_follow_once(
        browser, site_url: str) -> None:
    context = browser.new_context()
    context.add_init_script(COUNT)
    page = context.new_page()
    try:
        seed(page, site_url, FULL)
        page.goto(site_url + "needs-and-goals/")
        page.wait_for_selector(READY, timeout=60_000)
        sent = lambda: page.evaluate("window.__sent")  # noqa: E731
        assert poll(page, lambda: ["refresh", True] in sent(), 20, "results ahead once shown")
        box = page.locator("#w-needs-estimate--enrollment")
        results = page.locator("[data-worksheet]:has([data-ws-form='needs-estimate']) "
                               "[data-output]")
        # The first change also starts "not exported yet": the export line asks once more.
        box.fill("12400")
        assert poll(page, lambda: sent().count(["refresh", True]) == 2, 20, "ahead after a pause")
        page.evaluate("window.__sent.length = 0")
        before = results.all_inner_texts()
        box.press("End")
        box.press("9")
        assert poll(page, lambda: results.all_inner_texts() != before, 20, "the result redrawn")
        assert poll(page, lambda: ["refresh", True] in sent(), 20, "results ahead after the pause")
        assert sent() == [["refresh", False], ["refresh", True]]
        assert json.loads(page.evaluate(
            "JSON.stringify(document.querySelector('[data-export-status]').textContent)"))
    finally:
        context.close()
