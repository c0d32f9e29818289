"""Where focus goes after "Add": into the new row's (or entry's) first text box, so that a
person typing by keyboard alone writes in the box they mean and never ticks "Done" with a
space."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import start, tab_to, watch_errors

pytestmark = pytest.mark.browser

WORKSHEETS = Path(__file__).resolve().parent.parent / "content" / "worksheets"
NAME = "Meet the district counsel"
# What counts as a text box: typing there writes text (a space never ticks anything).
TEXT_BOX = ("textarea, input:not([type=checkbox], [type=radio], [type=hidden], "
            "[type=button], [type=file], [type=submit])")


@pytest.fixture(scope="module")
def page(browser) -> Iterator:
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    context.close()
    assert errors == []


def last_row(page, table: str) -> dict:
    """The last row of ``table``: each input's name and value (or ticked state)."""
    return page.evaluate("""(t) => {
        const rows = document.querySelectorAll(`${t} tbody > tr[data-row-id]`);
        const row = rows[rows.length - 1];
        return Object.fromEntries([...row.querySelectorAll('[data-name]')].map((i) =>
          [i.dataset.name.split('.').pop(), i.type === 'checkbox' ? i.checked : i.value]));
    }""", table)


@pytest.mark.parametrize(("path", "form", "table", "button", "name_column"), [
    ("working-group/", '[data-ws-form="project-plan"]', "roadmap", "Add a step", "step"),
    ("needs-and-goals/", '[data-ws-form="next-steps"]', "steps", "Add a task", "task"),
])
def test_adding_a_row_by_keyboard_types_its_name(
    page, site_url: str, path: str, form: str, table: str, button: str, name_column: str,
) -> None:
    """Tab to "Add a step" / "Add a task", press Enter, type a name with spaces: the name
    lands in the name box and Done stays unticked."""
    start(page, site_url, path)
    add = f'{form} [data-add-row="{table}"]'
    assert page.inner_text(add) == button
    rows = f'{form} [data-table="{table}"]'
    before = page.locator(f"{rows} tbody > tr[data-row-id]").count()
    tab_to(page, add)
    page.keyboard.press("Enter")
    page.keyboard.type(NAME)
    assert page.locator(f"{rows} tbody > tr[data-row-id]").count() == before + 1
    row = last_row(page, rows)
    assert row[name_column] == NAME
    assert row["done"] is False
    assert row["owner"] == ""
    assert row["deadline"] == ""


def worksheet_pages(site_dir: Path) -> list[str]:
    """Every page of the built site with an add button, as paths under the site."""
    pages = []
    for html in sorted(site_dir.rglob("index.html")):
        text = html.read_text(encoding="utf-8")
        if "data-add-row=" in text or "data-add-item=" in text:
            pages.append(html.parent.relative_to(site_dir).as_posix() + "/")
    return [("" if page == "./" else page) for page in pages]


def test_every_add_button_focuses_a_text_box(page, site_dir: Path, site_url: str) -> None:
    """On every worksheet page, each add button (table rows and repeat entries, those of
    an entry just added included) puts the focus in a text box of what it added."""
    pages = worksheet_pages(site_dir)
    assert {"working-group/", "needs-and-goals/", "partner-checklist/"} <= set(pages)
    checked = []
    for path in pages:
        start(page, site_url, path)
        for _ in range(100):
            label = page.evaluate("""() => {
                const button = [...document.querySelectorAll('[data-add-row], [data-add-item]')]
                    .find((b) => !b.dataset.focusChecked && !b.closest('[hidden]') && !b.disabled);
                if (!button) return null;
                button.dataset.focusChecked = 'yes';
                button.focus();
                return button.textContent.trim();
            }""")
            if label is None:
                break
            page.keyboard.press("Enter")
            where = page.evaluate("""(textBox) => {
                const button = document.querySelector(
                    '[data-focus-checked]:not([data-focus-done])');
                button.dataset.focusDone = 'yes';
                const active = document.activeElement;
                const added = button.dataset.addRow !== undefined
                    ? [...button.closest('[data-table]')
                        .querySelectorAll('tbody > tr[data-row-id]')].pop()
                    : [...button.closest('[data-repeat]').querySelector('[data-repeat-items]')
                        .children].pop();
                return {inAdded: !!added && added.contains(active),
                        textBox: active.matches(textBox),
                        focused: active.outerHTML.slice(0, 160)};
            }""", TEXT_BOX)
            assert where.get("inAdded") and where.get("textBox"), (path, label, where)
            checked.append(label)
    declared = {label.strip() for path in WORKSHEETS.glob("*.yml")
                for line in path.read_text(encoding="utf-8").splitlines()
                if (label := line.partition("add_label:")[2])}
    assert {"Add a step", "Add a task", "Add a member", "Add a provider checklist"} <= declared
    assert set(checked) == declared
    # Each "Add a step" of the plan's four phases, of the referral pathway and of an
    # agreement's own pathway (in the entry just added) was pressed.
    steps = sum(line.partition("add_label:")[2].strip() == "Add a step"
                for path in WORKSHEETS.glob("*.yml")
                for line in path.read_text(encoding="utf-8").splitlines())
    assert steps == 6 and checked.count("Add a step") == steps, checked
