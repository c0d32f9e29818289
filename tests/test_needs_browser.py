"""The needs-and-goals page in Chromium: results before and after Python is ready, as
entries change, after a reload, and after export and import into a fresh browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, output_line, poll, wait_text, watch_errors

pytestmark = pytest.mark.browser

PAGE = "needs-and-goals/"
NEEDS = "#w-needs-estimate--"
TOTALS = "Total student need so far: 490. Unmet need: 290."
TOTALS_FROM_SERVICES = "Total student need so far: 490. Unmet need: 190."
SENTENCE = ("By June 15, 2027, we will partner with at least two additional community "
            "providers, increasing the total number of students who have access to care by 25 "
            "percent, from 300 to 375 students.")

# Every output on the page: worksheet/output -> text, status, messages and table cells.
OUTPUTS_JS = """() => Object.fromEntries([...document.querySelectorAll('.ws-output')].map(o => [
  o.closest('[data-worksheet]').dataset.worksheet + '/' + o.dataset.output,
  [o.querySelector('.ws-output__text').textContent, o.dataset.status,
   [...o.querySelectorAll('.ws-output__messages li')].map(li => li.textContent),
   [...o.querySelectorAll('.ws-output__table th, .ws-output__table td')]
     .map(c => c.textContent)]]))"""


def outputs(page) -> dict[str, list]:
    return page.evaluate(OUTPUTS_JS)


def settled(page) -> dict[str, list]:
    """The outputs once no calculation is pending and two reads agree."""
    last: list[dict] = [{}]

    def same() -> dict | None:
        now = outputs(page)
        stable = now == last[0] and all(v[1] != "pending" for v in now.values())
        last[0] = now
        return now if stable else None

    result = poll(page, same)
    assert result, f"outputs kept changing: {last[0]}"
    return result


@pytest.fixture(scope="module")
def filled(browser, site_url: str) -> Iterator[dict]:
    """One browser context for the module: the page is filled in while Python is held
    back, then Python is let through and the rest is filled in."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors = watch_errors(page)
    held: list = []
    released: list[bool] = []

    def hold(route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/pyodide.asm.wasm*", hold)
    page_url = site_url + PAGE
    page.goto(page_url)
    page.fill(NEEDS + "enrollment", "5000")
    page.fill(NEEDS + "sources--screeners--indicated", "400")
    page.fill(NEEDS + "sources--referrals--indicated", "250")
    page.fill(NEEDS + "sources--referrals--new", "90")
    page.fill(NEEDS + "addressed", "200")
    before = {"python": page.get_attribute("html", "data-python"), "outputs": outputs(page)}
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=60_000)
    wait_text(output_line(page, "needs-estimate", "summary"), TOTALS)
    after_ready = output_line(page, "needs-estimate", "summary").inner_text()
    page.fill("#w-existing-services--services--service-1--service", "School counseling")
    page.check("#w-existing-services--services--service-1--tier--tier-2")
    page.fill("#w-existing-services--services--service-1--students", "300")
    page.check(NEEDS + "addressed_from--services")
    wait_text(output_line(page, "needs-estimate", "summary"), TOTALS_FROM_SERVICES)
    page.fill("#w-goal--by_date", "2027-06-15")
    page.fill("#w-goal--providers_more", "2")
    page.fill("#w-goal--increase_percent", "25")
    page.fill("#w-goal--staff--psychologists--fte", "4")
    page.fill("#w-surveys--satisfaction--score-8--people", "12")
    page.fill("#w-surveys--recommend--yes--people", "10")
    page.fill("#w-surveys--recommend--no--people", "2")
    page.check("#w-location-format--options--school-in-person")
    wait_text(output_line(page, "goal", "sentence"), SENTENCE)
    yield {"page": page, "url": page_url, "before": before, "after_ready": after_ready,
           "figures": settled(page), "errors": errors}
    context.close()
    assert errors == []


def test_entries_show_as_pending_until_python_is_ready(filled: dict) -> None:
    before = filled["before"]
    assert before["python"] == "loading"
    assert before["outputs"], "the page has computed outputs"
    for output_id, (shown, status, messages, cells) in before["outputs"].items():
        assert status == "pending", output_id
        assert shown.startswith("Calculating"), output_id
        assert messages == [] and cells == [], output_id
    assert filled["after_ready"] == TOTALS


def test_results_fill_in_once_python_is_ready(filled: dict) -> None:
    figures = filled["figures"]
    shown, status, messages, cells = figures["needs-estimate/summary"]
    assert shown == TOTALS_FROM_SERVICES
    assert status == "incomplete"
    assert any(m.startswith("Still missing: Crisis events") for m in messages)
    table = dict(zip(cells[2::2], cells[3::2], strict=True))
    assert table["Student need already addressed (existing services total)"] == "300"
    assert table["Total student need as a share of enrollment"] == "9.8%"
    assert table["Unmet need as a share of total need"] == "38.8%"
    assert figures["existing-services/total"][0] == (
        "Students served per year by the services listed: 300.")
    assert figures["goal/sentence"][:2] == [SENTENCE, "ok"]
    assert figures["goal/numbers"][0].startswith(
        "The goal gives 75 more students access to care, closing 39.5% of the unmet need.")
    assert figures["goal/staffing"][0].startswith("For 5,000 students, the recommended ratios")
    assert figures["surveys/satisfaction_result"][0].startswith("Average satisfaction: 8 out")
    assert figures["surveys/recommend_result"][0] == (
        "10 of 12 people (83.3%) would recommend the services.")
    assert figures["location-format/summary"][0] == (
        "Chosen model: care delivered at schools in person.")


def wait_message(page, worksheet: str, output: str, expected: str) -> None:
    page.locator(f"#ws-{worksheet} [data-output={output}] .ws-output__messages li").filter(
        has_text=expected).wait_for(timeout=15_000)


def test_results_follow_each_edit_and_name_what_to_fix(filled: dict) -> None:
    page = filled["page"]
    output = page.locator("#ws-needs-estimate [data-output=summary]")
    try:
        page.fill(NEEDS + "sources--crisis-events--indicated", "thirty")
        wait_message(page, "needs-estimate", "summary", "“thirty” is not a number")
        assert output.get_attribute("data-status") == "error"
        assert output_line(page, "needs-estimate", "summary").inner_text() == (
            "Fix the entries below to see the total.")
        assert output.locator(".ws-output__table").is_hidden()
        page.fill(NEEDS + "sources--crisis-events--indicated", "30")
        page.fill(NEEDS + "sources--crisis-events--new", "40")
        wait_message(page, "needs-estimate", "summary", "cannot be larger")
        page.fill(NEEDS + "sources--crisis-events--new", "20")
        wait_text(output_line(page, "needs-estimate", "summary"),
                  "Total student need so far: 510. Unmet need: 210.")
        wait_text(output_line(page, "goal", "numbers"), "closing 35.7% of the unmet need")
    finally:
        page.fill(NEEDS + "sources--crisis-events--indicated", "")
        page.fill(NEEDS + "sources--crisis-events--new", "")
    wait_text(output_line(page, "needs-estimate", "summary"), TOTALS_FROM_SERVICES)
    assert settled(page) == filled["figures"]


def test_reload_restores_entries_and_figures(filled: dict) -> None:
    page = filled["page"]
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.input_value(NEEDS + "sources--referrals--new") == "90"
    assert page.is_checked(NEEDS + "addressed_from--services")
    assert page.input_value("#w-goal--by_date") == "2027-06-15"
    wait_text(output_line(page, "goal", "sentence"), SENTENCE)
    assert settled(page) == filled["figures"]


def test_export_then_import_into_a_fresh_browser_gives_the_same_figures(
    filled: dict, browser, tmp_path: Path
) -> None:
    page = filled["page"]
    with page.expect_download() as download:
        page.click("[data-action=export]")
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    document = json.loads(exported.read_text())
    needs = document["worksheets"]["needs-estimate"]
    assert needs["values"]["sources"][1] == {
        "row_id": "referrals", "source": "Referrals for mental health support or services",
        "indicated": "250", "new": "90", "from_file": False}
    assert needs["computed"]["summary"] == TOTALS_FROM_SERVICES
    assert document["worksheets"]["goal"]["computed"]["sentence"] == SENTENCE

    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(filled["url"])
        other.wait_for_selector(READY, timeout=60_000)
        assert output_line(other, "needs-estimate", "summary").inner_text() != (
            TOTALS_FROM_SERVICES)
        other.set_input_files("[data-import-file]", str(exported))
        other.wait_for_selector("[data-import-preview]:not([hidden])")
        preview = other.inner_text("[data-preview-list]")
        for title in ("Existing services", "Stakeholder survey results", "Our goal"):
            assert f"{title}: will be added." in preview
        other.click("[data-action=confirm-import]")
        wait_text(output_line(other, "goal", "sentence"), SENTENCE)
        assert other.input_value(NEEDS + "sources--screeners--indicated") == "400"
        assert settled(other) == filled["figures"]
    finally:
        fresh.close()
