"""Every kind of bad worksheet definition stops the build with one named message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, build_site

from browser_py.core.computations import REGISTRY
from browser_py.core.errors import DefinitionError
from generator.definitions import load_worksheets, parse_worksheet
from generator.render import render_worksheet

GOOD = """\
id: sample
title: Sample
fields:
  - {id: name, type: text, label: Name}
"""

TABLE = """\
  - id: t
    type: table
    label: T
    {extra}
    columns: [{{id: inner, {column}, label: Inner}}]
"""

# (case id, YAML, text the message must contain, field named in it or None)
BAD_DEFINITIONS = [
    ("unknown-type", GOOD.replace("type: text", "type: essay"),
     'field "name": expected a field type: one of text, longtext', 'found "essay"'),
    ("missing-label", GOOD.replace(", label: Name", ""),
     'field "name": expected a non-empty text for "label"', "found nothing"),
    ("duplicate-field", GOOD + "  - {id: name, type: longtext, label: Again}\n",
     'worksheet "sample": expected field ids used once each', 'found "name" twice'),
    ("unknown-function", GOOD + "computed:\n  - {id: out, label: Out, function: no_such}\n",
     'field "out": expected a function that browser_py registers', 'found "no_such"'),
    ("invalid-yaml", GOOD + "  - {id: broken, type: text, label: [unclosed\n",
     "expected valid YAML", "at line 6, column 1"),
    ("unknown-key", GOOD.replace("label: Name}", "label: Name, colour: red}"),
     'field "name": expected only the keys', "found the unknown key 'colour'"),
    ("bad-column-type", GOOD + TABLE.format(extra="add_rows: true", column="type: table"),
     'field "inner": expected a table column type', 'found "table"'),
    ("rows-and-add-rows",
     GOOD + TABLE.format(extra="add_rows: true\n    rows: [{id: a, label: A}]",
                         column="type: text"),
     'field "t": expected either "rows" or "add_rows: true", not both', "found both"),
    ("bad-scale", GOOD.replace("type: text, label: Name", "type: rating, label: N, scale: 1-10"),
     'field "name": expected a scale: one of agreement, fit', 'found "1-10"'),
    ("bad-worksheet-id", GOOD.replace("id: sample", "id: Sample Sheet"),
     "expected a worksheet id made of lowercase letters", 'found "Sample Sheet"'),
    ("bad-print-landscape", GOOD + "print_landscape: sideways\n",
     'worksheet "sample": expected true or false for "print_landscape"', 'found "sideways"'),
    ("unknown-suggestions", GOOD.replace("label: Name}", "label: Name, suggestions: nobody}"),
     'field "name": expected a list of suggestions that browser_py registers (one of '
     "checklist_providers", 'found "nobody"'),
    ("suggestions-on-a-longtext",
     GOOD.replace("type: text, label: Name}",
                  "type: longtext, label: Name, suggestions: checklist_providers}"),
     'field "name": expected "suggestions" only on a text field of its own or of a repeat\'s '
     "items", 'found "longtext"'),
    ("suggestions-in-a-table-column",
     GOOD + TABLE.format(extra="add_rows: true",
                         column="type: text, suggestions: checklist_providers"),
     'field "inner": expected "suggestions" only on a text field', "found a table column"),
]


@pytest.mark.parametrize(
    ("text", "expected", "found"),
    [case[1:] for case in BAD_DEFINITIONS],
    ids=[case[0] for case in BAD_DEFINITIONS],
)
def test_bad_definition_is_named(text: str, expected: str, found: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        parse_worksheet(text, "content/worksheets/sample.yml", REGISTRY)
    message = str(caught.value)
    assert message.startswith("content/worksheets/sample.yml")
    assert expected in message
    assert found in message


def test_good_definition_parses() -> None:
    sheet = parse_worksheet(GOOD, "sample.yml", REGISTRY)
    assert [f.id for f in sheet.fields] == ["name"]


def test_a_landscape_worksheet_says_so_on_its_page() -> None:
    wide = parse_worksheet(GOOD + "print_landscape: true\n", "sample.yml", REGISTRY)
    assert 'data-print-page="landscape"' in render_worksheet(wide)
    assert wide.as_data()["print_landscape"] is True
    assert parse_worksheet(json.dumps(wide.as_data()), "worksheets.json",
                           REGISTRY).print_landscape
    plain = parse_worksheet(GOOD, "sample.yml", REGISTRY)
    assert "data-print-page" not in render_worksheet(plain)
    assert "print_landscape" not in plain.as_data()


def test_duplicate_worksheet_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD)
    with pytest.raises(DefinitionError) as caught:
        load_worksheets(tmp_path, REGISTRY)
    assert "b.yml" in str(caught.value)
    assert 'expected a worksheet id used by one file only; found "sample", already defined in' \
        in str(caught.value)


def _site_with(tmp_path: Path, worksheet: str, page: str, **options: object) -> Path:
    docs = tmp_path / "docs"
    (docs / "worksheets").mkdir(parents=True)
    (docs / "worksheets" / "sample.yml").write_text(worksheet)
    (docs / "index.md").write_text(page)
    text = (ROOT / "mkdocs.yml").read_text()
    # Replace each `!ENV [NAME, default]` by its default, which safe_load can read.
    config = yaml.safe_load(re.sub(r"!ENV \[\w+, (\"[^\"]*\")\]", r"\1", text))
    config["docs_dir"] = str(docs)
    config["nav"] = [{"Home": "index.md"}]
    config["theme"]["custom_dir"] = str(ROOT / "site_templates" / "overrides")
    config["plugins"] = ["search", {"toolkit": {
        "pyodide_dir": str(ROOT / "node_modules/pyodide"),
        "docx_dir": str(ROOT / "node_modules/docx"), **options}}]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.mark.browser
@pytest.mark.parametrize(
    ("worksheet", "page", "message"),
    [
        (GOOD.replace("type: text", "type: essay"), "# Home\n\n::: worksheet sample\n",
         'sample.yml › worksheet "sample" › field "name": expected a field type'),
        (GOOD, "# Home\n\n::: worksheet missing-one\n",
         'docs/index.md › line 3: expected a defined worksheet id (one of sample); '
         'found "missing-one"'),
        (GOOD, "# Home\n\n::: worksheet sample\n\n::: worksheet sample\n",
         'docs/index.md › line 5: expected each worksheet placed on one page only; '
         'found "sample"'),
        (GOOD, "---\ntitle: Home\n---\n\n# Home\n\n::: chart sample\n",
         'docs/index.md › line 7: expected a directive, one of "::: brief", '
         '"::: dashboard", "::: edition", "::: report", "::: worksheet <worksheet id>"; '
         'found "::: chart sample"'),
        (GOOD, "# Home\n\n::: worksheet\n",
         'docs/index.md › line 3: expected "::: worksheet" followed by one worksheet id, '
         'alone on its line; found "::: worksheet"'),
        (GOOD, "# Home\n\n::: report extra\n",
         'docs/index.md › line 3: expected "::: report" alone on its line; '
         'found "::: report extra"'),
        (GOOD, "# Home\n\n!!! note\n    ::: worksheet sample\n",
         "docs/index.md: expected each directive on a line of its own at the start of a "
         'line, outside lists, notes, quotes and HTML; found "::: worksheet sample" inside'),
        (GOOD, "# Home\n\n<div>\n::: report\n</div>\n",
         "docs/index.md › line 4: expected each directive on a line of its own at the "
         'start of a line, outside lists, notes, quotes and HTML; found "::: report" inside'),
    ],
    ids=["bad-definition", "unknown-placement", "placed-twice", "unknown-directive",
         "worksheet-without-id", "directive-with-extra-word", "directive-in-a-note",
         "directive-in-html"],
)
def test_build_fails_with_message_not_traceback(
    tmp_path: Path, worksheet: str, page: str, message: str
) -> None:
    done = build_site(tmp_path / "out", _site_with(tmp_path, worksheet, page))
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert message in output
    assert "Traceback" not in output
    assert not (tmp_path / "out" / "index.html").exists(), "no half-built page"


@pytest.mark.browser
@pytest.mark.parametrize(("options", "message"), [
    ({"assets_dir": "../outside"},
     "Plugin 'toolkit' option 'assets_dir': expected a folder inside the built site, "
     "written as a relative path such as 'assets/toolkit'; found '../outside'"),
    ({"settings": "no-such-edition.yml"},
     "Plugin 'toolkit' option 'settings': expected an edition's settings file, such as "
     "'content/settings.yml'; found no file at "),
], ids=["assets-outside-the-site", "missing-settings-file"])
def test_a_bad_plugin_option_stops_the_build(tmp_path: Path, options: dict,
                                             message: str) -> None:
    done = build_site(tmp_path / "out", _site_with(tmp_path, GOOD, "# Home\n", **options))
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert message in output
    assert "Traceback" not in output


@pytest.mark.browser
def test_small_site_builds(tmp_path: Path) -> None:
    page = ("# Home\n\n::: dashboard\n\n::: worksheet sample\n\n::: edition\n\n"
            "## Report\n\n::: report\n")
    config = _site_with(tmp_path, GOOD, page)
    done = build_site(tmp_path / "out", config)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    content = html[html.index("<h1"):]
    places = [content.index(mark) for mark in (
        '<div class="tk-dashboard" data-dashboard>', 'data-worksheet="sample"',
        "<p>Counts of students under 10 are hidden",
        '<div class="tk-report" data-report="report">')]
    assert places == sorted(places), "each directive renders in its place"
    assert ":::" not in content
    assert not (tmp_path / "out" / "worksheets").exists(), "definitions are not published as pages"


# ---- Repeats and ratings grids ------------------------------------------------------

CRITERIA_TABLE = """\
  - id: criteria
    type: table
    label: Criteria
    add_rows: true
    columns:
      - {id: text, type: text, label: Criterion}
      - {id: kind, type: choice, label: Kind, options: [{id: must, label: Must}]}
      - {id: tags, type: choice, multiple: true, label: Tags, options: [{id: a, label: A}]}
"""
REPEAT = """\
  - id: items
    type: repeat
    label: Items
    {extra}
    fields:
      - {{id: who, type: text, label: Who}}
      - {{id: day, type: date, label: Day}}
      - {{id: grid, type: ratings, label: Grid, source: {{table: criteria, label: text}}}}
"""


def repeat(extra: str = "") -> str:
    return GOOD + CRITERIA_TABLE + REPEAT.format(extra=extra or "item_label: Item")


def ratings(source: str) -> str:
    return GOOD + CRITERIA_TABLE + f"  - {{id: grid, type: ratings, label: G, {source}}}\n"


NEW_TYPES = [
    ("repeat-without-fields", GOOD + "  - {id: r, type: repeat, label: R}\n",
     'field "r": expected a non-empty list of fields for each item', "found nothing"),
    ("fixed-rows-table-in-repeat",
     GOOD + "  - {id: r, type: repeat, label: R, fields: [{id: t, type: table, label: T, "
     "row_header: Row, rows: [{id: a, label: A}], columns: [{id: c, type: text, label: C}]}]}\n",
     'field "t": expected a table inside a repeat with rows the person adds ("add_rows: true")',
     "found a table with fixed rows"),
    ("repeat-in-repeat",
     GOOD + "  - {id: r, type: repeat, label: R, fields: [{id: s, type: repeat, label: S}]}\n",
     'field "s": expected a type for a field inside a repeat: one of text', 'found "repeat"'),
    ("row-id-in-repeat",
     GOOD + "  - {id: r, type: repeat, label: R, fields: [{id: row_id, type: text, label: T}]}\n",
     'field "row_id": expected an id other than "row_id"', 'found "row_id"'),
    ("merge-by-unknown-field", repeat("merge_by: [who, where]"),
     'field "items": expected "merge_by" naming fields of the items with one value each',
     'found "where"'),
    ("newer-by-not-a-date", repeat("merge_by: [who]\n    newer_by: who"),
     'field "items": expected "newer_by" naming a date field of the items (one of day)',
     'found "who"'),
    ("newer-by-without-merge-by", repeat("newer_by: day"),
     'field "items": expected "newer_by" only with "merge_by"', "found no merge_by"),
    ("title-from-not-text", repeat("title_from: day"),
     'field "items": expected "title_from" naming a text field of the items (one of who)',
     'found "day"'),
    ("item-note-not-an-output", repeat("item_note: nowhere"),
     'field "items": expected "item_note" naming a computed output of this worksheet',
     'found "nowhere"'),
    ("repeat-key-elsewhere", GOOD.replace("label: Name}", "label: Name, merge_by: [a]}"),
     'field "name": expected "merge_by" only on a repeat', 'found "text"'),
    ("ratings-without-source", GOOD + "  - {id: g, type: ratings, label: G}\n",
     'field "g": expected a "source" naming the table whose rows are rated', "found nothing"),
    ("source-unknown-key", ratings("source: {table: criteria, label: text, sort: up}"),
     'field "grid": expected only the keys group, label, table, worksheet in a ratings '
     "source", "found the unknown key 'sort'"),
    ("source-not-a-table", ratings("source: {table: name, label: text}"),
     'field "grid": expected "source.table" naming a table with added rows in worksheet '
     '"sample" (one of criteria)', 'found "name"'),
    ("source-label-not-text", ratings("source: {table: criteria, label: kind}"),
     'field "grid": expected "source.label" naming a text column of the table "criteria" '
     "(one of text)", 'found "kind"'),
    ("source-group-multiple", ratings("source: {table: criteria, label: text, group: tags}"),
     'field "grid": expected "source.group" naming a single-choice column', 'found "tags"'),
    ("source-on-a-text-field",
     GOOD.replace("label: Name}", "label: Name, source: {table: t, label: l}}"),
     'field "name": expected "source" only on a ratings field', 'found "text"'),
    ("bad-print-mode", GOOD + "print: pdf\n",
     'worksheet "sample": expected "print": one of form, results', 'found "pdf"'),
    ("print-flag-not-yes-no",
     GOOD + "computed:\n  - {id: o, label: O, function: criteria_summary, print: maybe}\n",
     'field "o": expected true or false for "print"', 'found "maybe"'),
]


@pytest.mark.parametrize(("text", "expected", "found"), [case[1:] for case in NEW_TYPES],
                         ids=[case[0] for case in NEW_TYPES])
def test_bad_repeat_or_ratings_is_named(text: str, expected: str, found: str) -> None:
    test_bad_definition_is_named(text, expected, found)


def test_a_text_field_offers_a_registered_list_of_suggestions() -> None:
    sheet = parse_worksheet(
        repeat("title_from: who").replace("{id: who, type: text, label: Who}",
                                           "{id: who, type: text, label: Who, "
                                           "suggestions: checklist_providers}"),
        "sample.yml", REGISTRY)
    who = sheet.fields[2].fields[0]
    assert who.suggestions == "checklist_providers"
    assert who.as_data()["suggestions"] == "checklist_providers"
    assert sheet.suggestion_lists == ("checklist_providers",)
    assert "suggestions" not in parse_worksheet(GOOD, "s.yml", REGISTRY).fields[0].as_data()
    html = render_worksheet(sheet)
    assert 'list="w-sample--suggest-checklist_providers"' in html
    assert html.count("<datalist") == 1


def test_good_repeat_and_ratings_parse() -> None:
    sheet = parse_worksheet(repeat("merge_by: [who]\n    newer_by: day\n    title_from: who"),
                            "sample.yml", REGISTRY)
    items = sheet.fields[2]
    assert items.type == "repeat" and items.merge_by == ("who",) and items.add_label == \
        "Add item"
    grid = items.fields[2]
    assert grid.source.worksheet == "sample"
    assert grid.row_header == "Criterion"
    assert grid.as_data()["source"] == {"worksheet": "sample", "table": "criteria",
                                        "label": "text", "group": ""}


def test_ratings_source_in_another_file(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(ratings(
        "source: {worksheet: other, table: criteria, label: text}"))
    with pytest.raises(DefinitionError) as caught:
        load_worksheets(tmp_path, REGISTRY)
    assert 'field "grid": expected "source.worksheet" naming a defined worksheet (one of ' \
        'sample); found "other".' in str(caught.value)
    (tmp_path / "b.yml").write_text(
        "id: other\ntitle: Other\nfields:\n" + CRITERIA_TABLE.replace(
            "add_rows: true", "add_rows: true\n    starter_rows: [{row_id: r1, text: Hi, "
            "kind: must}]"))
    grid = load_worksheets(tmp_path, REGISTRY)["sample"].fields[-1]
    assert grid.source_rows == [{"row_id": "r1", "label": "Hi", "group": ""}]
