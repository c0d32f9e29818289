"""People's text without hidden direction changes or invisible characters: in every file
made for download and every view the page draws, while the backup keeps what was typed."""

from __future__ import annotations

import base64
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from browser_py.core.visible_text import escape_html, visible, visible_data
from browser_py.documents.calendar_export import escape_text
from browser_py.documents.markdown_text import escape_markdown
from browser_py.documents.tables_csv import safe_cell

STATES = Path(__file__).parent / "fixtures" / "states"
TODAY = "2026-12-02"
ARABIC, HEBREW = "مرحبا", "שלום"
#: Direction overrides and isolates, zero-width characters, separators, a byte order
#: mark and a tag character, around letters of two right-to-left scripts.
HOSTILE = (f" \u202eRLO 12\u202c \u2066iso\u2069 \u202a\u202b\u202d\u2067\u2068 zero\u200bwidth"
           f"\u200c\u200d\u200e\u200f line\u2028sep para\u2029sep bom\ufeff tag\U000e0041 "
           f"{ARABIC} {HEBREW}")
NAME = f"Dana\u202e 21 {HEBREW}"


def hidden_left(text: str) -> list[str]:
    """The invisible format characters and separators in ``text`` (a CSV's leading byte
    order mark, written on purpose for spreadsheets, aside)."""
    return sorted({f"U+{ord(c):04X}" for c in text.removeprefix("\ufeff")
                   if unicodedata.category(c) in ("Cf", "Zl", "Zp")})


@pytest.mark.parametrize(("typed", "seen"), [
    ("plain text, nothing hidden", "plain text, nothing hidden"),
    ("pay \u202e21\u202c now", "pay 21 now"),
    ("\u2066isolated\u2069 \u2067x\u2068y\u2069", "isolated xy"),
    ("zero\u200bwidth\u200c\u200d\u200e\u200f", "zerowidth"),
    ("\ufeffstarts with a mark", "starts with a mark"),
    ("one\u2028two\u2029three\x85four", "one\ntwo\nthree\nfour"),
    ("tab\tnew\nline\r\nkept", "tab\tnew\nline\r\nkept"),
    ("bell\x07 escape\x1b delete\x7f", "bell escape delete"),
    (f"{ARABIC} و {HEBREW}", f"{ARABIC} و {HEBREW}"),
    ("café naïve 日本語 😀", "café naïve 日本語 😀"),
])
def test_visible_removes_what_hides_and_keeps_letters(typed: str, seen: str) -> None:
    assert visible(typed) == seen
    assert visible(seen) == seen


def test_every_format_character_goes_and_every_other_character_stays() -> None:
    # Checked against this Python's own Unicode table, whichever version it carries.
    everything = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    formats = "".join(c for c in everything if unicodedata.category(c) == "Cf")
    assert visible(formats) == ""
    kept = "".join(c for c in everything
                   if unicodedata.category(c)[0] in "LMNPS" or c in " \t\n\r")
    assert visible(kept) == kept
    assert visible("\u2028\u2029") == "\n\n"


def test_visible_data_keeps_ids_and_keys_as_saved() -> None:
    data = {"na\u200bme": {"row_id": "r\u200b1", "text": "a\u202eb", "n": 3, "list": ["x\u2028y"]}}
    assert visible_data(data) == {"na\u200bme": {"row_id": "r\u200b1", "text": "ab", "n": 3,
                                                 "list": ["x\ny"]}}


def test_escape_html_makes_visible_then_escapes() -> None:
    assert escape_html("<b>\u202e21</b>") == "&lt;b&gt;21&lt;/b&gt;"


def test_each_format_sees_the_line_breaks_before_its_own_escaping() -> None:
    # A separator becomes a line break first, so a line it starts is escaped as a line.
    assert escape_markdown("a\u2028# heading\u2029- item \u202e21") == (
        "a\n\\# heading\n\\- item 21")
    assert escape_text("a\u2028b\u202e, c") == "a\\nb\\, c"
    # A hidden character in front no longer hides a formula from the guard.
    assert safe_cell("\u200b=1+1") == "'=1+1"


def hostile_state(runtime) -> dict[str, Any]:
    """The full fixture with ``HOSTILE`` added to every text a person can type."""
    state = json.loads((STATES / "full.json").read_text(encoding="utf-8"))
    schema = runtime.schema()

    def add(fields, values: dict[str, Any]) -> None:
        for spec in fields:
            value = values.get(spec.id)
            if spec.type in ("text", "longtext"):
                values[spec.id] = ((value or "Entry") + HOSTILE)[:spec.max_chars]
            elif spec.type == "table" and spec.add_rows:
                values[spec.id] = value or [{"row_id": "typed-row"}]  # none is left empty
                for row in values[spec.id]:
                    add(spec.columns, row)
            elif spec.type == "table" and isinstance(value, dict):
                for row in value.values():
                    add(spec.columns, row)
            elif spec.type == "repeat" and isinstance(value, list):
                for item in value:
                    add(spec.item_fields, item)

    for worksheet_id in schema.worksheet_ids:
        values = state["worksheets"].setdefault(worksheet_id, {})
        add(schema.worksheet(worksheet_id).value_fields, values)
    return state


def workbook_text(data: str) -> str:
    """Every text of an Excel workbook (base64): its sheets' names and text cells."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(base64.b64decode(data)))
    return "\n".join([*book.sheetnames, *(value for sheet in book.worksheets
                                           for row in sheet.iter_rows(values_only=True)
                                           for value in row if isinstance(value, str))])


def _text(made: dict[str, Any]) -> str:
    """A download's text; for a Word file, the document the page writes into it."""
    if "base64" in made:
        return workbook_text(made["base64"])
    if "document" in made:
        return json.dumps(made["document"], ensure_ascii=False)
    return made["text"]


def downloads(runtime, state: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Every file the page offers for download but the backup and the CSVs of tables of
    numbers: (file name, text) by kind."""
    schema = runtime.schema()
    record = {"name": NAME}
    files: dict[str, tuple[str, str]] = {}
    for kind in ("markdown", "html", "docx"):
        for shareable in (False, True):
            made = runtime.report_file(state, TODAY, kind, shareable, record)
            files[f"report {kind}{' shareable' if shareable else ''}"] = (
                made["filename"], _text(made))
    for worksheet_id in schema.worksheet_ids:
        sheet = schema.worksheet(worksheet_id)
        for action in sheet.actions:
            made = runtime.action(worksheet_id, action.id, state, TODAY)
            files[f"{worksheet_id} {action.id}"] = (made["filename"], _text(made))
        for spec in sheet.value_fields:
            # A table of numbers only carries no typed text; every other does.
            if spec.type == "table" and any(c.type in ("text", "longtext")
                                            for c in spec.columns):
                made = runtime.table_csv(worksheet_id, spec.id, state)
                files[f"{worksheet_id} {spec.id}.csv"] = (made["filename"], made["csv"])
    return files


def test_no_download_carries_hidden_characters_and_letters_stay(native_runtime) -> None:
    state = hostile_state(native_runtime)
    files = downloads(native_runtime, state)
    kinds = {name.rsplit(".", 1)[-1] for name, _text in files.values()}
    assert {"md", "html", "csv", "ics", "xlsx"} <= kinds
    left = {kind: hidden_left(name) + hidden_left(text) for kind, (name, text) in files.items()}
    assert {kind: found for kind, found in left.items() if found} == {}
    # People's text did reach the files: the right-to-left letters are all there.
    assert [kind for kind, (_name, text) in files.items()
            if ARABIC not in text or HEBREW not in text] == []
    assert "Dana 21" in files["report markdown"][1] and "Dana 21" in files["report html"][1]


def test_the_page_draws_no_hidden_characters(native_runtime) -> None:
    state = hostile_state(native_runtime)
    views = {
        "report": native_runtime.build_report(state, TODAY, False, {"name": NAME}),
        "shareable report": native_runtime.build_report(state, TODAY, True),
        "results": native_runtime.compute_all(state, TODAY),
        "dashboard": native_runtime.build_dashboard(state, TODAY),
        "district": native_runtime.district_name(state),
        "rating rows": native_runtime.rating_rows(state),
    }
    left = {view: hidden_left(json.dumps(drawn, ensure_ascii=False))
            for view, drawn in views.items()}
    assert {view: found for view, found in left.items() if found} == {}
    assert ARABIC in json.dumps(views["report"], ensure_ascii=False)


def test_the_backup_keeps_exactly_what_was_typed(native_runtime) -> None:
    state = hostile_state(native_runtime)
    document = native_runtime.export(state, f"{TODAY}T10:00:00Z", today=TODAY)["document"]
    saved = json.loads(document)
    assert saved["worksheets"]["district"]["values"] == state["worksheets"]["district"]
    assert HOSTILE in json.dumps(saved, ensure_ascii=False)



def test_previews_of_a_file_show_no_hidden_characters_and_import_what_was_typed(
        native_runtime) -> None:
    state = hostile_state(native_runtime)
    exported = native_runtime.export(state, f"{TODAY}T10:00:00Z", today=TODAY,
                                     record={"name": NAME}, note=f"Please{HOSTILE}")
    data = base64.b64encode(exported["document"].encode("utf-8")).decode("ascii")
    previewed = native_runtime.preview_import({"worksheets": {}}, data=data)
    files = [{"name": f"from Dana\u202e.json{HOSTILE}", "data": data}]
    # A device whose district name was typed differently: the two meet as a choice.
    here = {"worksheets": {"district": {"name": "Another district"}}}
    asked = native_runtime.combine_files(here, files, {}, {}, f"{TODAY}T11:00:00Z")
    assert asked["conflicts"] and hidden_left(json.dumps(asked, ensure_ascii=False)) == []
    # The ids the page sends back with the choices stay as they were: they still match.
    theirs = {conflict["id"]: "theirs" for conflict in asked["conflicts"]}
    combined = native_runtime.combine_files(here, files, {}, theirs, f"{TODAY}T11:00:00Z")
    assert combined["conflicts"] == []
    for reply in (previewed, combined):
        assert reply["ok"] is True
        words = {key: value for key, value in reply.items()
                 if key not in ("state", "record", "undo")}
        words["undo"] = reply["undo"]["label"]
        assert hidden_left(json.dumps(words, ensure_ascii=False)) == []
        # What is saved is what was typed.
        saved = reply["state"]["worksheets"]["district"]
        assert saved == state["worksheets"]["district"]
    assert ARABIC in json.dumps(combined["files"], ensure_ascii=False)
