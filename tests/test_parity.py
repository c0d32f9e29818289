"""The same fixtures give identical results in CPython and in Pyodide in Chromium."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, seed

from browser_py.page import runtime

pytestmark = pytest.mark.browser

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "parity").glob("*.json"))
PAGES = {"needs-estimate": "needs-and-goals/", "goal": "needs-and-goals/",
         "working-group": "working-group/"}


@pytest.fixture(scope="module", autouse=True)
def native_runtime(site_dir: Path) -> None:
    runtime.setup((site_dir / "assets" / "toolkit" / "worksheets.json").read_text())


def browser_outputs(page, site_url: str, state: dict, worksheet: str) -> dict:
    seed(page, site_url, state)
    page.goto(site_url + PAGES[worksheet])
    page.wait_for_selector(READY, timeout=60_000)
    section = page.locator(f"#ws-{worksheet}")
    section.locator(".ws-output:not([data-status=pending])").first.wait_for()
    outputs = {}
    for output in section.locator(".ws-output").all():
        messages = output.locator(".ws-output__messages li").all_inner_texts()
        outputs[output.get_attribute("data-output")] = result = {
            "text": output.locator(".ws-output__text").inner_text(),
            "status": output.get_attribute("data-status"),
            "messages": messages,
        }
        svg = output.locator(".ws-output__chart svg")
        if svg.count():  # a chart, drawn from Python's shapes
            result["chart"] = svg.evaluate(
                "(svg) => [...svg.querySelectorAll('text')].map((t) => t.textContent)")
        table = output.locator(".ws-output__table table")
        if table.count():  # an output's table, drawn only when it has columns
            result["columns"] = table.locator("thead th").all_inner_texts()
            result["rows"] = [row.locator("th, td").all_inner_texts()
                              for row in table.locator("tbody tr").all()]
            result["tones"] = table.evaluate("""(t) => [...t.tBodies[0].rows].map(
                (row) => [...row.cells].map((cell) => cell.dataset.tone || ""))""")
    return outputs


def shown(outputs: dict) -> dict:
    """What a worksheet page shows of each output: a chart as its texts, each table cell's
    tone; the names and progress are for the start page."""
    page = {}
    for output_id, output in outputs.items():
        page[output_id] = {k: v for k, v in output.items() if k not in ("names", "progress")}
        if "columns" in output:  # each cell's tone, as data-tone ("" for none)
            page[output_id]["tones"] = output.get("tones") or [
                [""] * len(row) for row in output["rows"]]
        if "chart" in output:
            page[output_id]["chart"] = [shape["text"] for shape in output["chart"]["shapes"]
                                        if shape["type"] == "text"]
    return page


@pytest.fixture(scope="module")
def shared_context(browser) -> Iterator:
    """One context for the module: each check saves its whole state before it reads."""
    context = browser.new_context(accept_downloads=True)
    yield context
    context.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_computed_outputs_match(shared_context, site_url: str, fixture: Path) -> None:
    state = json.loads(fixture.read_text())
    page = shared_context.new_page()
    try:
        for worksheet in PAGES:
            if worksheet not in state["worksheets"]:
                continue
            assert browser_outputs(page, site_url, state, worksheet) == shown(
                runtime.compute(worksheet, state=state))
    finally:
        page.close()


def test_export_matches(shared_context, site_url: str, tmp_path: Path) -> None:
    state = json.loads(FIXTURES[0].read_text())
    page = shared_context.new_page()
    try:
        browser_outputs(page, site_url, state, "needs-estimate")
        with page.expect_download() as download:
            page.click("[data-action=export]")
        download.value.save_as(tmp_path / "export.json")
    finally:
        page.close()
    from_browser = json.loads((tmp_path / "export.json").read_text())
    native = json.loads(runtime.export(state, from_browser["exported_at"])["document"])
    # Each export gets a new random id: only that may differ.
    assert len(from_browser.pop("export_id")) == len(native.pop("export_id")) == 16
    assert from_browser == native


def test_fixtures_exist() -> None:
    assert len(FIXTURES) >= 3
