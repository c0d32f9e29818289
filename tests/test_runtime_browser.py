"""The worksheet runtime in Chromium: saving, restoring, export and import, failures."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, open_menu, open_ready, poll, saved_state, seed, watch_errors

from generator.serve import serve_in_thread

pytestmark = pytest.mark.browser

NEEDS = "needs-and-goals/"
SCREENERS = "#w-needs-estimate--sources--screeners--indicated"
ADDRESSED = "#w-needs-estimate--addressed"
ENROLLMENT = "#w-needs-estimate--enrollment"
GOAL = "#w-goal--goal"




def output_text(page, worksheet: str) -> str:
    return page.inner_text(f"#ws-{worksheet} .ws-output__text")


def wait_output(page, worksheet: str, contains: str) -> str:
    locator = page.locator(f"#ws-{worksheet} .ws-output__text").filter(has_text=contains)
    locator.wait_for(timeout=10_000)
    return locator.inner_text()


def saved(page, worksheet: str, field: str):
    """Wait until ``worksheet.field`` is saved, then return the whole saved state."""
    return poll(page, lambda: (state := saved_state(page)) and field in
                state["worksheets"].get(worksheet, {}) and state)



def test_typing_computes_and_survives_reload(page, site_url: str) -> None:
    open_ready(page, site_url + NEEDS)
    page.fill(SCREENERS, "120")
    page.fill(ADDRESSED, "45")
    assert "Unmet need: 75" in wait_output(page, "needs-estimate", "Unmet need")
    page.fill(GOAL, "Partner with one more provider by June.")
    page.check("#w-location-format--options--school-telehealth")
    page.click("#ws-next-steps [data-add-row]")
    task = page.locator("#ws-next-steps tbody tr").nth(1).locator("textarea[data-name$='.task']")
    task.fill("Book the board")
    page.reload()
    page.wait_for_selector(READY, timeout=60_000)
    assert page.input_value(SCREENERS) == "120"
    assert page.input_value(GOAL) == "Partner with one more provider by June."
    assert page.is_checked("#w-location-format--options--school-telehealth")
    assert page.locator("#ws-next-steps tbody tr").count() == 2
    assert task.input_value() == "Book the board"
    assert "Unmet need: 75" in wait_output(page, "needs-estimate", "Unmet need")


def test_entries_save_before_python_is_ready(page, site_url: str) -> None:
    page.route("**/pyodide.asm.wasm*", lambda route: None)  # hold the download: never ready
    page.goto(site_url + NEEDS)
    page.fill(GOAL, "Typed while Python loads")
    output = page.locator("#ws-needs-estimate [data-output=summary] .ws-output__text")
    assert "Calculating" in output.inner_text()
    assert page.get_attribute("html", "data-python") == "loading"
    assert saved(page, "goal", "goal")["worksheets"]["goal"]["goal"] == "Typed while Python loads"


def export_file(page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.click("[data-action=export]")
    tmp_path.mkdir(exist_ok=True)
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


def test_export_clear_import_gives_identical_entries(page, site_url: str, tmp_path: Path) -> None:
    open_ready(page, site_url + NEEDS)
    page.fill(SCREENERS, "300")
    page.fill(ENROLLMENT, "4200")
    page.fill(GOAL, "A goal")
    page.check("#w-gaps--underserved_kinds--sites")
    before = saved(page, "gaps", "underserved_kinds")
    exported = export_file(page, tmp_path)
    document = json.loads(exported.read_text())
    assert document["format"] == "cmhp-toolkit-export"
    assert document["worksheets"]["needs-estimate"]["values"]["enrollment"] == "4200"
    page.locator("[data-export-status]").filter(has_text="Last exported on").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())
    open_menu(page)
    page.click("[data-action=clear]")
    page.wait_for_selector(READY, timeout=60_000)
    assert saved_state(page) is None
    assert page.input_value(GOAL) == ""
    page.set_input_files("[data-import-file]", str(exported))
    page.wait_for_selector("[data-import-preview]:not([hidden])")
    assert "Estimate student need: will be added." in page.inner_text("[data-preview-list]")
    page.click("[data-action=confirm-import]")
    assert page.input_value(GOAL) == "A goal"
    assert page.input_value(SCREENERS) == "300"
    assert page.is_checked("#w-gaps--underserved_kinds--sites")
    page.click("[data-action=undo-import]")
    assert poll(page, lambda: page.input_value(GOAL) == "", what="the import undone")
    page.set_input_files("[data-import-file]", str(exported))
    page.wait_for_selector("[data-import-preview]:not([hidden])")
    page.click("[data-action=confirm-import]")
    assert page.input_value(GOAL) == "A goal"
    again = json.loads(export_file(page, tmp_path / "again").read_text())
    # The same entries and results (when each was changed is the export's own record).
    entries = lambda doc: {ws: {k: v for k, v in sheet.items() if k != "changes"}  # noqa: E731
                           for ws, sheet in doc["worksheets"].items()}
    assert entries(again) == entries(document)
    for worksheet, values in before["worksheets"].items():
        saved_now = saved_state(page)["worksheets"][worksheet]
        assert {k: saved_now[k] for k in values} == values
    # What is exported is the person's own now: nothing is left to undo.
    assert page.locator("[data-action=undo-import]").is_hidden()


BAD_FILES = [
    ("not-json.json", b"this is not json", "not valid JSON"),
    ("newer.json", json.dumps({
        "format": "cmhp-toolkit-export", "format_version": 99, "toolkit_version": "9",
        "exported_at": "2030-01-01T00:00:00Z", "district": "", "worksheets": {},
    }).encode(), "newer version of the toolkit"),
    ("unknown.json", json.dumps({
        "format": "cmhp-toolkit-export", "format_version": 1, "toolkit_version": "0.1.0",
        "exported_at": "2026-01-01T00:00:00Z", "district": "",
        "worksheets": {"no-such-sheet": [1]},
    }).encode(), "no-such-sheet"),
    ("latin-1.json", '{"format": "cmhp-toolkit-export", "district": "café"}'.encode("latin-1"),
     "not saved as UTF-8"),
    ("huge.json", b" " * (16 * 1024 * 1024 + 1), "limit is 16 MB"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES,
                         ids=[case[0] for case in BAD_FILES])
def test_bad_file_changes_nothing(page, site_url: str, tmp_path: Path, name: str,
                                  content: bytes, message: str) -> None:
    open_ready(page, site_url + NEEDS)
    page.fill(GOAL, "Keep me")
    before = saved(page, "goal", "goal")
    bad = tmp_path / name
    bad.write_bytes(content)
    page.set_input_files("[data-import-file]", str(bad))
    box = page.locator("[data-import-message]")
    box.wait_for(state="visible")
    assert message.lower() in box.inner_text().lower()
    assert "Nothing was imported" in box.inner_text() or "16 MB" in box.inner_text()
    assert page.locator("[data-import-preview]").is_hidden()
    assert saved_state(page) == before
    assert page.input_value(GOAL) == "Keep me"


FULL_FOR_A_WHILE = """
const realSetItem = Storage.prototype.setItem;
window.storageFull = true;
Storage.prototype.setItem = function (key, value) {
  if (window.storageFull && String(key).startsWith('cmhp-toolkit:')) {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  }
  return realSetItem.call(this, key, value);
};
"""


def test_full_storage_warns_keeps_entries_and_export_works(
    context, site_url: str, tmp_path: Path
) -> None:
    context.add_init_script(FULL_FOR_A_WHILE)  # full for the whole test
    page = context.new_page()
    open_ready(page, site_url + NEEDS)
    page.fill(SCREENERS, "50")
    warning = page.locator("[data-warning]")
    warning.wait_for(state="visible")
    assert "full" in warning.inner_text() and "export" in warning.inner_text()
    assert "Total student need so far: 50" in wait_output(page, "needs-estimate", "50")
    exported = json.loads(export_file(page, tmp_path).read_text())
    rows = exported["worksheets"]["needs-estimate"]["values"]["sources"]
    assert rows[0]["indicated"] == "50"
    assert warning.is_visible(), "the warning stays"


def test_the_storage_warning_clears_once_a_save_succeeds(context, site_url: str) -> None:
    context.add_init_script(FULL_FOR_A_WHILE)
    page = context.new_page()
    open_ready(page, site_url + NEEDS)
    page.fill(SCREENERS, "50")
    warning = page.locator("[data-warning]")
    warning.wait_for(state="visible")
    assert "full" in warning.inner_text()
    page.evaluate("() => { window.storageFull = false; }")
    page.fill(SCREENERS, "51")
    assert poll(page, lambda: json.dumps(saved_state(page) or {}).count('"51"') == 1)
    assert poll(page, lambda: warning.is_hidden())


LOCKED_LATER = """
const realLength = Object.getOwnPropertyDescriptor(Storage.prototype, 'length').get;
window.storageLocked = false;
Object.defineProperty(Storage.prototype, 'length', { configurable: true, get() {
  if (window.storageLocked) throw new DOMException('The operation is insecure.', 'SecurityError');
  return realLength.call(this);
} });
"""


def test_clear_reports_a_browser_that_refuses_storage(context, site_url: str) -> None:
    context.add_init_script(LOCKED_LATER)
    page = context.new_page()
    errors = watch_errors(page)
    open_ready(page, site_url + NEEDS)
    page.fill(GOAL, "Keep me")
    assert poll(page, lambda: "Keep me" in json.dumps(saved_state(page) or {}))
    page.evaluate("() => { window.storageLocked = true; }")
    page.once("dialog", lambda dialog: dialog.accept())
    open_menu(page)
    page.click("[data-action=clear]")
    warning = page.locator("[data-warning]")
    warning.wait_for(state="visible")
    assert "did not let the toolkit clear entries" in warning.inner_text()
    assert page.input_value(GOAL) == "Keep me" and errors == []


def test_two_tabs_share_changes_without_losing_either(context, site_url: str) -> None:
    first, second = context.new_page(), context.new_page()
    open_ready(first, site_url + NEEDS)
    open_ready(second, site_url + NEEDS)
    first.fill(GOAL, "From the first tab")
    assert poll(second, lambda: second.input_value(GOAL) == "From the first tab")
    second.fill(ENROLLMENT, "999")
    first.fill("#w-goal--success", "Success looks like this")
    state = poll(first, lambda: (s := saved_state(first)) and s["worksheets"].get("goal", {})
                 .get("success") and s["worksheets"].get("needs-estimate", {})
                 .get("enrollment") == "999" and s)
    assert state["worksheets"]["goal"]["goal"] == "From the first tab"
    assert state["worksheets"]["goal"]["success"] == "Success looks like this"
    assert state["worksheets"]["needs-estimate"]["enrollment"] == "999"


WRITE_STATE = """(doc) => { const k = Object.keys(localStorage).find(k => k.endsWith(':state'));
                         localStorage.setItem(k, JSON.stringify(doc)); }"""


def test_a_save_written_over_by_a_tab_that_had_not_seen_it_is_saved_again(
        context, site_url: str) -> None:
    # Tabs see each other's saves a moment late: another tab, saving at the same time,
    # writes its document without this tab's latest change (and without its save id).
    first, other = context.new_page(), context.new_page()
    open_ready(first, site_url + NEEDS)
    other.goto(site_url)
    first.fill(GOAL, "Typed in the first tab")
    mine = saved(first, "goal", "goal")
    stale = json.loads(json.dumps(mine))
    del stale["worksheets"]["goal"]["goal"]
    stale["worksheets"].setdefault("needs-estimate", {})["enrollment"] = "999"
    stale["save_ids"] = mine["save_ids"][:-1] + ["from-the-other-tab"]
    other.evaluate(WRITE_STATE, stale)
    state = poll(other, lambda: (s := saved_state(other)) and s["worksheets"]["goal"]
                 .get("goal") and s, what="the first tab's change saved again")
    assert state["worksheets"]["goal"]["goal"] == "Typed in the first tab"
    assert state["worksheets"]["needs-estimate"]["enrollment"] == "999"
    assert "from-the-other-tab" in state["save_ids"]
    assert first.input_value(GOAL) == "Typed in the first tab"
    assert first.input_value(ENROLLMENT) == "999"


def test_a_tab_that_saw_a_change_can_undo_it(context, site_url: str) -> None:
    first, other = context.new_page(), context.new_page()
    open_ready(first, site_url + NEEDS)
    other.goto(site_url)
    first.fill(GOAL, "Typed in the first tab")
    mine = saved(first, "goal", "goal")
    # The other tab saw the change (its save id is listed) and emptied the field.
    undone = json.loads(json.dumps(mine))
    undone["worksheets"]["goal"]["goal"] = ""
    undone["save_ids"] = mine["save_ids"] + ["from-the-other-tab"]
    other.evaluate(WRITE_STATE, undone)
    assert poll(first, lambda: first.input_value(GOAL) == "", what="the emptied field shown")
    # Any save of the first tab keeps the other tab's change.
    first.fill(ENROLLMENT, "120")
    state = saved(first, "needs-estimate", "enrollment")
    assert state["worksheets"]["goal"]["goal"] == ""
    assert state["save_ids"][-2] == "from-the-other-tab"


def test_unreadable_saved_data_is_set_aside_not_deleted(page, site_url: str) -> None:
    page.goto(site_url + NEEDS)
    seed(page, site_url, "{broken", opened=True)
    page.reload()
    warning = page.locator("[data-warning]")
    warning.wait_for(state="visible")
    assert "set aside" in warning.inner_text()
    kept = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.includes(':set-aside:'))"
        ".map(k => localStorage.getItem(k))"
    )
    assert kept == ["{broken"]


@pytest.fixture(scope="module")
def two_sites(site_dir: Path, tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("origin")
    shutil.copytree(site_dir, root / "a")
    shutil.copytree(site_dir, root / "b")
    server, url = serve_in_thread(root, "/")
    yield url
    server.shutdown()


def test_two_sites_on_one_origin_keep_separate_entries(page, two_sites: str) -> None:
    open_ready(page, two_sites + "a/" + NEEDS)
    page.fill(GOAL, "Site A's goal")
    page.evaluate("() => localStorage.setItem('__md_scope_test', 'theme key')")
    page.goto(two_sites + "b/" + NEEDS)
    assert page.input_value(GOAL) == ""
    page.fill(GOAL, "Site B's goal")
    assert saved(page, "goal", "goal")
    page.once("dialog", lambda dialog: dialog.accept())
    open_menu(page)
    page.click("[data-action=clear]")
    page.wait_for_selector("[data-toolkit-bar]")
    page.goto(two_sites + "a/" + NEEDS)
    assert page.input_value(GOAL) == "Site A's goal"
    assert page.evaluate("() => localStorage.getItem('__md_scope_test')") == "theme key"


def test_instant_navigation_keeps_python(page, site_url: str) -> None:
    open_ready(page, site_url + NEEDS)
    page.evaluate("() => { window.__samePage = true; }")
    page.click("nav.md-nav--primary a[href$='working-group/']")
    page.wait_for_selector("#ws-working-group")
    wait_output(page, "working-group", "guiding questions")
    assert page.evaluate("() => window.__samePage") is True, "a full reload happened"
    assert page.get_attribute("html", "data-python-boots") == "1"


def test_missing_pyodide_says_why_and_still_saves(page, site_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site_dir, broken)
    for name in ("pyodide.asm.wasm", "pyodide.asm.wasm.brotli"):  # both forms lost
        (broken / "assets" / "toolkit" / "pyodide" / name).unlink()
    server, url = serve_in_thread(broken, "/toolkit/")
    try:
        page.goto(url + NEEDS)
        page.wait_for_selector("html[data-python=failed]", timeout=60_000)
        status = page.inner_text("[data-python-status]")
        assert "pyodide.asm.wasm" in status and "missing" in status
        page.fill(GOAL, "Still saved")
        page.reload()
        assert page.input_value(GOAL) == "Still saved"
    finally:
        server.shutdown()


def test_table_downloads_as_csv(page, site_url: str, tmp_path: Path) -> None:
    open_ready(page, site_url + NEEDS)
    page.fill(SCREENERS, "=1+1")
    with page.expect_download() as download:
        page.click("#ws-needs-estimate [data-csv=sources]")
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    text = target.read_bytes().decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0].startswith("Source of information,")
    assert lines[1].startswith("Mental health screeners,'=1+1,")


def test_printed_pages_carry_the_district_name(page, site_url: str) -> None:
    open_ready(page, site_url)
    page.fill("#w-district--name", "Lakeside Unified")
    assert saved(page, "district", "name")
    open_ready(page, site_url + NEEDS)
    page.emulate_media(media="print")
    header = page.locator("[data-print-header]")
    assert header.is_visible()
    assert poll(page, lambda: header.inner_text().startswith("Lakeside Unified · printed "))
