"""One truth for every entry, in Chromium: keyboard ratings keep focus and save what was
pressed, saved data of any shape loads, row ids keep their values, other tabs' edits to
other rows survive, and an import preview is made again when entries change."""

from __future__ import annotations

import json

import pytest
from helpers import open_ready, poll, saved_state, seed

pytestmark = pytest.mark.browser

CHECKLIST = "partner-checklist/"
PLANNING = "working-group/"







def active(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def export_and_preview(page, tmp_path) -> None:
    """Export every entry, then choose that file to import: its preview must appear."""
    with page.expect_download() as event:
        page.click("[data-action=export]")
    path = tmp_path / "entries.json"
    event.value.save_as(path)
    page.set_input_files("[data-import-file]", str(path))
    page.wait_for_selector("[data-import-preview]:not([hidden])")


def test_keyboard_ratings_keep_focus_and_save_the_keys_pressed(page, site_url: str) -> None:
    open_ready(page, site_url + CHECKLIST)
    # Add a must-have criterion, as the page says to do.
    page.click("#ws-partner-criteria [data-add-row=criteria]")
    row = page.locator("#ws-partner-criteria tbody > tr[data-row-id]").last
    criterion = row.get_attribute("data-row-id")
    page.keyboard.type("Offers telehealth")
    row.locator("input[type=radio][value=must-have]").check()
    # Two checklists, rated by keyboard alone.
    expected: dict[str, dict[str, str]] = {}
    for _ in range(2):
        items = page.locator("#ws-partner-checklist [data-repeat-item]")
        before = items.count()
        page.click("#ws-partner-checklist [data-add-item]")
        item_id = items.nth(before).get_attribute("data-row-id")
        prefix = f"w-partner-checklist--checklists--{item_id}--ratings"
        first = page.locator(f"#{prefix}--must-services--strongly-disagree")
        first.focus()
        page.keyboard.press("Space")  # strongly disagree
        for _ in range(3):
            page.keyboard.press("ArrowRight")  # ... disagree, no evidence, agree
        assert poll(page, lambda p=prefix: active(page) == f"{p}--must-services--agree")
        page.locator(f"#{prefix}--{criterion}--strongly-disagree").focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert poll(page, lambda p=prefix: active(page) == f"{p}--{criterion}--no-evidence")
        expected[item_id] = {"must-services": "agree", criterion: "no-evidence"}

    def ratings_saved():
        state = saved_state(page)
        items = (state or {}).get("worksheets", {}).get("partner-checklist", {}).get(
            "checklists", [])
        got = {item["row_id"]: item["ratings"] for item in items}
        return got == expected and got
    assert poll(page, ratings_saved)
    assert page.evaluate("() => document.activeElement.type") == "radio"


@pytest.mark.parametrize("saved", [
    {"worksheets": None}, {"worksheets": "x"}, {"worksheets": []},
    {"worksheets": {"working-group": "x"}},
    {"worksheets": {"working-group": {"members": [None, 1]}}},
], ids=["null", "text", "list", "worksheet-text", "bad-rows"])
def test_saved_data_of_any_shape_loads_and_saves(page, site_url: str, saved) -> None:
    seed(page, site_url, saved)
    open_ready(page, site_url + PLANNING)
    assert page.locator("[data-warning]").is_visible()
    assert "set aside" in page.locator("[data-warning]").inner_text()
    page.fill("#w-working-group--members--head-of-student-support--name", "Ana Ruiz")

    def members_saved():
        state = saved_state(page)
        members = state["worksheets"].get("working-group", {}).get("members", [])
        return any(m.get("name") == "Ana Ruiz" for m in members if isinstance(m, dict))
    assert poll(page, members_saved)
    aside = page.evaluate("() => Object.keys(localStorage).filter(k => k.includes(':set-aside:'))")
    assert aside, "what could not be read is kept"
    # The export carries what was set aside.
    with page.expect_download() as event:
        page.click("[data-action=export]")
    exported = json.loads(open(event.value.path(), encoding="utf-8").read())
    assert exported.get("set_aside")


def test_a_row_id_with_dots_keeps_its_values(page, site_url: str) -> None:
    seed(page, site_url, {"worksheets": {"working-group": {"members": [
        {"row_id": "a.b.c", "position": "Counselor", "name": "Kim"}]}}})
    open_ready(page, site_url + PLANNING)
    page.fill("#w-working-group--members--a\\.b\\.c--name", "Kim Lee")

    def kept():
        state = saved_state(page) or {"worksheets": {}}
        members = state["worksheets"].get("working-group", {}).get("members", [{}])
        return members == [{**members[0], "row_id": "a.b.c", "position": "Counselor",
                            "name": "Kim Lee"}] and members
    assert poll(page, kept)


def test_two_tabs_editing_different_rows_keep_both(context, site_url: str) -> None:
    first, second = context.new_page(), context.new_page()
    open_ready(first, site_url + PLANNING)
    open_ready(second, site_url + PLANNING)
    name = "#w-working-group--members--{}--name"
    rows = first.locator("#ws-working-group tbody > tr[data-row-id]")
    one, two = rows.nth(0).get_attribute("data-row-id"), rows.nth(1).get_attribute("data-row-id")
    # Both edit within the save delay, each a different row.
    first.fill(name.format(one), "Ana")
    second.fill(name.format(two), "Ben")
    second.focus(name.format(two))

    def both():
        state = saved_state(first) or {"worksheets": {}}
        members = state["worksheets"].get("working-group", {}).get("members", [])
        names = {m["row_id"]: m.get("name") for m in members}
        return names.get(one) == "Ana" and names.get(two) == "Ben"
    assert poll(first, both)
    assert poll(first, lambda: first.input_value(name.format(two)) == "Ben")
    assert poll(second, lambda: second.input_value(name.format(one)) == "Ana")
    assert second.evaluate("() => document.activeElement.id") == name.format(two)[1:]


def test_forbidden_names_from_another_tab_are_refused(page, site_url: str) -> None:
    open_ready(page, site_url + PLANNING)
    page.evaluate("""() => {
      const key = `cmhp-toolkit:${new URL('../', location.href).pathname}:state`;
      window.dispatchEvent(new StorageEvent('storage', {key, storageArea: localStorage,
        newValue: '{"worksheets": {"__proto__": {"polluted": true}}}'}));
    }""")
    assert page.evaluate("() => ({}).polluted === undefined")


def test_import_preview_is_made_again_when_entries_change(page, site_url: str,
                                                          tmp_path) -> None:
    open_ready(page, site_url + PLANNING)
    field = "#w-working-group--members--head-of-student-support--name"
    page.fill(field, "From the file")
    assert poll(page, lambda: "From the file" in json.dumps(saved_state(page)))
    with page.expect_download() as event:
        page.click("[data-action=export]")
    path = tmp_path / "entries.json"
    event.value.save_as(path)
    page.fill(field, "Typed before")
    page.set_input_files("[data-import-file]", str(path))
    page.wait_for_selector("[data-import-preview]:not([hidden])")
    page.fill(field, "Typed while the preview was open")
    page.click("[data-action=confirm-import]")
    message = page.locator("[data-import-message]")
    message.filter(has_text="changed since this preview").wait_for(timeout=10_000)
    assert page.locator("[data-import-preview]").is_visible()
    page.click("[data-action=confirm-import]")
    assert poll(page, lambda: page.input_value(field) == "From the file")


def test_the_page_stops_at_the_limits_import_accepts(page, site_url: str, tmp_path) -> None:
    checklists = [{"row_id": f"c{n}", "provider": f"Provider {n}"} for n in range(200)]
    seed(page, site_url, {"worksheets": {"partner-checklist": {"checklists": checklists}}})
    open_ready(page, site_url + CHECKLIST)
    items = page.locator("#ws-partner-checklist [data-repeat-item]")
    assert items.count() == 200
    page.click("#ws-partner-checklist [data-add-item]")
    message = page.locator("#ws-partner-checklist [data-limit-message]").last
    assert "at most 200 entries" in message.inner_text()
    assert items.count() == 200
    export_and_preview(page, tmp_path)
    # Another tab removes an entry: the message goes, and the button adds again.
    other = page.context.new_page()
    seed(other, site_url, {"worksheets": {"partner-checklist": {"checklists": checklists[:199]}}})
    assert poll(page, lambda: items.count() == 199 and message.inner_text() == "")
    page.click("#ws-partner-checklist [data-add-item]")
    assert poll(page, lambda: items.count() == 200)


def test_a_text_box_stops_at_the_length_import_accepts(page, site_url: str, tmp_path) -> None:
    open_ready(page, site_url + PLANNING)
    position = page.locator("#w-working-group--members--head-of-student-support--position")
    position.fill("x" * 999)
    position.press("End")
    page.keyboard.type("yz")  # one character more than the limit
    assert position.input_value() == "x" * 999 + "y"
    assert poll(page, lambda: "x" * 999 + "y" in json.dumps(saved_state(page)))
    export_and_preview(page, tmp_path)


def test_a_doubled_slash_in_the_address_is_the_same_site(page, site_url: str) -> None:
    open_ready(page, site_url + PLANNING)
    field = "#w-working-group--members--head-of-student-support--name"
    page.fill(field, "Same site")
    assert poll(page, lambda: "Same site" in json.dumps(saved_state(page)))
    doubled = site_url.replace("/toolkit/", "/toolkit//") + PLANNING
    open_ready(page, doubled)
    assert page.input_value(field) == "Same site"


def test_a_first_edit_saves_without_any_warning(page, site_url: str) -> None:
    open_ready(page, site_url + PLANNING)
    page.fill("#w-working-group--members--head-of-student-support--name", "First entry")
    page.fill("#w-working-group--members--school-counselors--name", "Second entry")
    assert poll(page, lambda: "Second entry" in json.dumps(saved_state(page)))
    assert page.locator("[data-warning]").is_hidden()


def test_two_tabs_changing_the_same_cell_name_it(context, site_url: str) -> None:
    first, second = context.new_page(), context.new_page()
    open_ready(first, site_url + PLANNING)
    open_ready(second, site_url + PLANNING)
    cell = "#w-working-group--members--head-of-student-support--name"
    first.fill(cell, "Ana")
    second.fill(cell, "Ben")
    warning = "[data-warning]"

    def named() -> bool:
        texts = [p.locator(warning).inner_text() for p in (first, second)
                 if p.locator(warning).is_visible()]
        return any("Another tab changed" in text for text in texts)
    assert poll(first, named)
    text = next(p.locator(warning).inner_text() for p in (first, second)
                if p.locator(warning).is_visible())
    assert "“Name of working group member, " in text and "in “Working group" in text
    state = saved_state(first)
    member = next(m for m in state["worksheets"]["working-group"]["members"]
                  if m["row_id"] == "head-of-student-support")
    assert member["name"] in ("Ana", "Ben")
