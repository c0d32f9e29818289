"""Every kind of bad worksheet definition stops the build with one named message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, build_site

from browser_py.computations import REGISTRY
from generator.definitions import load_worksheets, parse_worksheet
from generator.errors import DefinitionError

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


def test_duplicate_worksheet_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "b.yml").write_text(GOOD)
    with pytest.raises(DefinitionError) as caught:
        load_worksheets(tmp_path, REGISTRY)
    assert "b.yml" in str(caught.value)
    assert 'expected a worksheet id used by one file only; found "sample", already defined in' \
        in str(caught.value)


def _site_with(tmp_path: Path, worksheet: str, page: str) -> Path:
    docs = tmp_path / "docs"
    (docs / "worksheets").mkdir(parents=True)
    (docs / "worksheets" / "sample.yml").write_text(worksheet)
    (docs / "index.md").write_text(page)
    text = (ROOT / "mkdocs.yml").read_text()
    config = yaml.safe_load(re.sub(r"(?m)^site_url: !ENV .*$", 'site_url: ""', text))
    config["docs_dir"] = str(docs)
    config["nav"] = [{"Home": "index.md"}]
    config["theme"]["custom_dir"] = str(ROOT / "site_templates" / "overrides")
    config["plugins"] = ["search", {"toolkit": {"pyodide_dir": str(ROOT / "node_modules/pyodide")}}]
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.mark.parametrize(
    ("worksheet", "page", "message"),
    [
        (GOOD.replace("type: text", "type: essay"), "# Home\n\n::: worksheet sample\n",
         'sample.yml › worksheet "sample" › field "name": expected a field type'),
        (GOOD, "# Home\n\n::: worksheet missing-one\n",
         'docs/index.md: expected a defined worksheet id (one of sample); found "missing-one"'),
        (GOOD, "# Home\n\n::: worksheet sample\n\n::: worksheet sample\n",
         'docs/index.md: expected each worksheet placed on one page only; found "sample"'),
    ],
    ids=["bad-definition", "unknown-placement", "placed-twice"],
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


def test_small_site_builds(tmp_path: Path) -> None:
    config = _site_with(tmp_path, GOOD, "# Home\n\n::: worksheet sample\n")
    done = build_site(tmp_path / "out", config)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'data-worksheet="sample"' in html
    assert not (tmp_path / "out" / "worksheets").exists(), "definitions are not published as pages"
