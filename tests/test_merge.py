"""Importing a colleague's checklists merges them by provider and rater."""

from __future__ import annotations

import json
from typing import Any

import pytest
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_py.core.schema import Schema
from browser_py.page import runtime
from browser_py.sharing.exchange import ImportResult, apply_import, preview_import
from browser_py.sharing.merge import merge_items


@pytest.fixture(scope="module")
def schema() -> Schema:
    from browser_py.core.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    definitions = json.dumps({"worksheets": [s.as_data() for s in sheets.values()]})
    runtime.setup(definitions)
    return runtime.schema()


def repeat(schema: Schema):
    return schema.worksheet("partner-checklist").field("checklists")


def checklist(row_id: str, provider: str, rater: str, date: str = "", **ratings: str
              ) -> dict[str, Any]:
    return {"row_id": row_id, "provider": provider, "completed_by": rater, "date": date,
            "ratings": {k.replace("_", "-"): v for k, v in ratings.items()},
            "evidence_must": "", "evidence_nice": "", "verdict": ""}


LEE_ACME = checklist("a", "Acme", "Lee", "2026-03-01", must_cost="agree")
LEE_BEACON = checklist("b", "Beacon", "Lee", "2026-03-01", must_cost="disagree")
SAM_ACME = checklist("s1", "Acme", "Sam", "2026-03-02", must_cost="no-evidence")

# (case, items here, items in the file, expected (provider, rater, must-cost) in order,
#  expected report: added, updated, kept, unchanged)
MERGES = [
    ("new-rater-is-added", [LEE_ACME], [SAM_ACME],
     [("Acme", "Lee", "agree"), ("Acme", "Sam", "no-evidence")], (1, 0, 0, 0)),
    ("same-file-twice-is-unchanged", [LEE_ACME, SAM_ACME], [SAM_ACME],
     [("Acme", "Lee", "agree"), ("Acme", "Sam", "no-evidence")], (0, 0, 0, 1)),
    ("same-rater-newer-copy-replaces",
     [LEE_ACME], [{**checklist("x", " ACME ", "lee", "2026-03-05", must_cost="strongly-agree")}],
     [(" ACME ", "lee", "strongly-agree")], (0, 1, 0, 0)),
    ("same-rater-older-copy-is-kept-here",
     [LEE_ACME], [checklist("x", "Acme", "Lee", "2026-02-01", must_cost="disagree")],
     [("Acme", "Lee", "agree")], (0, 0, 1, 0)),
    ("undated-copy-replaces", [checklist("a", "Acme", "Lee", must_cost="agree")],
     [checklist("x", "Acme", "Lee", "2026-01-01", must_cost="disagree")],
     [("Acme", "Lee", "disagree")], (0, 1, 0, 0)),
    ("other-raters-here-untouched", [LEE_ACME, LEE_BEACON], [SAM_ACME],
     [("Acme", "Lee", "agree"), ("Beacon", "Lee", "disagree"), ("Acme", "Sam", "no-evidence")],
     (1, 0, 0, 0)),
    ("unnamed-matches-by-row-id", [checklist("a", "", "", must_cost="agree")],
     [checklist("a", "", "", must_cost="disagree")], [("", "", "disagree")], (0, 1, 0, 0)),
    ("unnamed-does-not-take-a-named-row", [LEE_ACME], [checklist("a", "", "")],
     [("Acme", "Lee", "agree"), ("", "", None)], (1, 0, 0, 0)),
    ("taken-row-id-gets-a-fresh-one", [LEE_ACME], [checklist("a", "Acme", "Sam")],
     [("Acme", "Lee", "agree"), ("Acme", "Sam", None)], (1, 0, 0, 0)),
]


@pytest.mark.parametrize(("here", "incoming", "expected", "report"),
                         [case[1:] for case in MERGES], ids=[case[0] for case in MERGES])
def test_merge(schema: Schema, here: list, incoming: list, expected: list,
               report: tuple[int, int, int, int]) -> None:
    merged, result = merge_items(repeat(schema), here, incoming)
    assert [(i["provider"], i["completed_by"], i["ratings"].get("must-cost"))
            for i in merged] == expected
    assert (len(result.added), len(result.updated), len(result.kept),
            result.unchanged) == report
    assert len({i["row_id"] for i in merged}) == len(merged), "row ids stay unique"
    assert {i["row_id"] for i in here} <= {i["row_id"] for i in merged}, "rows here stay"


names = st.sampled_from(["Acme", "acme", "Beacon", ""])
items = st.builds(
    checklist, row_id=st.sampled_from(["a", "b", "c", "d"]), provider=names,
    rater=st.sampled_from(["Lee", "Sam", ""]),
    date=st.sampled_from(["", "2026-01-01", "2026-02-01"]),
    must_cost=st.sampled_from(["agree", "disagree", "no-evidence"]),
)
unique_items = st.lists(items, max_size=5, unique_by=lambda i: i["row_id"])


@settings(max_examples=200, deadline=None)
@given(here=unique_items, incoming=unique_items)
def test_merging_keeps_every_entry_here_and_is_idempotent(
    schema: Schema, here: list, incoming: list
) -> None:
    spec = repeat(schema)
    once, _ = merge_items(spec, here, incoming)
    twice, report = merge_items(spec, once, incoming)
    assert twice == once
    assert not report.changed
    assert len(once) >= len(here)
    assert len({i["row_id"] for i in once}) == len(once)


def test_apply_import_merges_only_with_the_schema(schema: Schema) -> None:
    current = {"partner-checklist": {"checklists": [LEE_ACME]}}
    result = ImportResult(state={"partner-checklist": {"checklists": [SAM_ACME]}},
                          district="", exported_at="2026-03-03T00:00:00Z", format_version=1)
    merged = apply_import(current, result, schema)["partner-checklist"]["checklists"]
    assert [i["completed_by"] for i in merged] == ["Lee", "Sam"]
    replaced = apply_import(current, result)["partner-checklist"]["checklists"]
    assert [i["completed_by"] for i in replaced] == ["Sam"]
    rows = preview_import(schema, current, result)
    assert rows[0]["status"] == "merged"
    assert rows[0]["merge"][0]["added"] == ["Acme · Sam"]


def test_preview_says_what_the_merge_does(schema: Schema) -> None:
    here = {"worksheets": {"partner-checklist": {"checklists": [LEE_ACME, LEE_BEACON]}}}
    theirs = {"worksheets": {"partner-checklist": {"checklists": [
        SAM_ACME, checklist("x", "Beacon", "Lee", "2026-02-01", must_cost="agree"),
        checklist("y", "Acme", "Lee", "2026-03-09", must_cost="strongly-agree")]}}}
    document = runtime.export(theirs, "2026-03-10T00:00:00Z", district="")["document"]
    preview = runtime.preview_import(here, document)
    assert preview["ok"] is True
    text = preview["preview"][0]["text"]
    assert text.startswith("Provider checklists: entries will be merged with yours, not "
                           "replaced.")
    assert "1 added (Acme · Sam)" in text
    assert "1 replaced by the file's copy (Acme · Lee)" in text
    assert "1 kept as they are here, because yours have a later date (Beacon · Lee)" in text
    merged = preview["state"]["worksheets"]["partner-checklist"]["checklists"]
    assert [(i["provider"], i["completed_by"], i["ratings"]["must-cost"]) for i in merged] == [
        ("Acme", "Lee", "strongly-agree"), ("Beacon", "Lee", "disagree"),
        ("Acme", "Sam", "no-evidence")]


def test_entries_are_named_by_one_rule(schema: Schema) -> None:
    """A report heading and the import preview name an entry as the form does: its label,
    its number, and the text of its ``title_from`` field (never another field's)."""
    from dataclasses import replace

    from browser_py.sharing.merge import item_name

    spec = repeat(schema)
    assert spec.entry_title({"provider": "  Acme  ", "completed_by": "Lee"}, 2) \
        == "Checklist 2: Acme"
    assert spec.entry_title({"provider": "", "completed_by": "Lee"}, 3) == "Checklist 3"
    assert replace(spec, title_from="").entry_title({"provider": "Acme"}, 1) == "Checklist 1"
    assert item_name(spec, checklist("r", "Acme", " Lee "), 4) == "Acme · Lee"
    assert item_name(spec, checklist("r", "", ""), 4) == "Checklist 4 (not named)"
