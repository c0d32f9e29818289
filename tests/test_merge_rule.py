"""One merge rule: the page's merge between tabs (store.mjs, under Node.js) and the same
rule in Python (browser_py.sharing.tab_merge, built on browser_py.sharing.combine.decide) give the
expected result for one table of cases (docs/merging.md states the rules)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from browser_py.page.page_words import words_module
from browser_py.sharing.combine import MAX_SEEN, decide, fingerprint
from browser_py.sharing.exchange import FORBIDDEN_KEYS
from browser_py.sharing.tab_merge import (
    MISSING,
    merge_value,
    rules_module,
    shared_constants,
    verdict,
)

ROOT = Path(__file__).resolve().parent.parent
TOOLKIT = ROOT / "site_templates" / "overrides" / "assets" / "toolkit"

A = {"row_id": "a", "name": "Ana", "role": ""}
B = {"row_id": "b", "name": "Ben", "role": "Lead"}
BLANK = {"row_id": "n", "name": "", "role": ""}
STARTER = {"row_id": "starter-1", "step": "Name a lead", "owner": "", "done": False}
STEP = {"row_id": "s1", "step": "Referral", "days": ""}
ENTRY = {"row_id": "e1", "provider": "Acme", "own": True, "steps": []}


def row(base: dict[str, Any], **cells: Any) -> dict[str, Any]:
    return {**base, **cells}


# (case, base, ours, theirs, merged value, conflict paths); MISSING: not there at all.
CASES: list[tuple[str, Any, Any, Any, Any, list[list[str]]]] = [
    # A value
    ("unchanged", "x", "x", "x", "x", []),
    ("only ours changed", "x", "y", "x", "y", []),
    ("only theirs changed", "x", "x", "z", "z", []),
    ("both made the same change", "x", "y", "y", "y", []),
    ("both changed one text", "x", "y", "z", "y", [["f"]]),
    ("both changed one number", 3, 4, 5, 4, [["f"]]),
    ("cleared here, changed there", "x", "", "z", "", [["f"]]),
    ("cleared there, unchanged here", "x", "x", "", "", []),
    # Starting values (the base of a field never saved) are nobody's change.
    ("starting value kept here, changed there", "Default", "Default", "Other", "Other", []),
    ("starting value changed here, kept there", "Default", "Mine", "Default", "Mine", []),
    # Empty values are all alike: a box never saved and a box not ticked.
    ("a box not ticked is nothing, ticked there", None, False, True, True, []),
    ("an empty text and no value are alike", MISSING, "", "z", "z", []),
    # Answers ticked
    ("choices ticked on both sides", ["a"], ["a", "b"], ["a", "c"], ["a", "b", "c"], []),
    ("choice unticked there, one ticked here", ["a", "b"], ["a", "b", "c"], ["b"],
     ["b", "c"], []),
    ("choices all unticked here", ["a"], [], ["a", "d"], ["d"], []),
    # Rows of a table or list of entries, by row id, then cell by cell
    ("different cells of one row", [A], [row(A, name="Ann")], [row(A, role="Lead")],
     [row(A, name="Ann", role="Lead")], []),
    ("the same cell of one row", [A], [row(A, name="Ann")], [row(A, name="Anna")],
     [row(A, name="Ann")], [["f", "a", "name"]]),
    # Theirs goes after the nearest row it follows there: right after A.
    ("a row added on each side", [A], [A, B], [A, row(B, row_id="c", name="Cy")],
     [A, row(B, row_id="c", name="Cy"), B], []),
    ("a row added there before ours", [A], [A, B], [row(B, row_id="c"), A],
     [row(B, row_id="c"), A, B], []),
    ("a row removed there, unchanged here", [A, B], [A, B], [B], [B], []),
    ("a row removed here, unchanged there", [A, B], [B], [A, B], [B], []),
    ("a row removed there, changed here", [A], [row(A, name="Ann")], [],
     [row(A, name="Ann")], [["f", "a"]]),
    ("a row removed here, changed there", [A], [], [row(A, role="Lead")],
     [row(A, role="Lead")], [["f", "a"]]),
    ("an empty row removed there", [A, BLANK], [A, BLANK], [A], [A], []),
    ("an empty row added here", [A], [A, BLANK], [A], [A, BLANK], []),
    ("rows moved here, one changed there", [A, B], [B, A], [A, row(B, role="Chair")],
     [row(B, role="Chair"), A], []),
    # Starting rows are nobody's change: the form's rows are the base.
    ("a starting row changed on each side", [STARTER], [row(STARTER, owner="Lee")],
     [row(STARTER, done=True)], [row(STARTER, owner="Lee", done=True)], []),
    ("a starting row removed there", [STARTER, A], [STARTER, row(A, name="Ann")], [A],
     [row(A, name="Ann")], []),
    # Named groups: ratings, rows of a fixed-rows table
    ("ratings by name", {"c1": "agree"}, {"c1": "agree", "c2": "disagree"},
     {"c1": "strongly-agree"}, {"c1": "strongly-agree", "c2": "disagree"}, []),
    ("the same rating on both sides", {"c1": "agree"}, {"c1": "disagree"},
     {"c1": "strongly-agree"}, {"c1": "disagree"}, [["f", "c1"]]),
    ("fixed rows, different cells", {"r1": {"n": "", "note": ""}},
     {"r1": {"n": 4, "note": ""}}, {"r1": {"n": "", "note": "est."}},
     {"r1": {"n": 4, "note": "est."}}, []),
    ("fixed rows, the same cell", {"r1": {"n": 1}}, {"r1": {"n": 4}}, {"r1": {"n": 6}},
     {"r1": {"n": 4}}, [["f", "r1", "n"]]),
    # A list of entries (a repeat): entries added, changed and removed on both sides
    ("entries: added there, changed here",
     [{"row_id": "e1", "provider": "Acme", "notes": ""}],
     [{"row_id": "e1", "provider": "Acme", "notes": "Met"}],
     [{"row_id": "e1", "provider": "Acme", "notes": ""},
      {"row_id": "e2", "provider": "Bay", "notes": ""}],
     [{"row_id": "e1", "provider": "Acme", "notes": "Met"},
      {"row_id": "e2", "provider": "Bay", "notes": ""}], []),
    # An entry's own table (an agreement's own steps): its rows by row id, cell by cell
    ("an entry's own steps: a step added on each side",
     [row(ENTRY, steps=[STEP])], [row(ENTRY, steps=[STEP, row(STEP, row_id="s2")])],
     [row(ENTRY, steps=[STEP, row(STEP, row_id="s3", step="Intake call")])],
     [row(ENTRY, steps=[STEP, row(STEP, row_id="s3", step="Intake call"),
                        row(STEP, row_id="s2")])], []),
    ("an entry's own steps: different cells of one step",
     [row(ENTRY, steps=[STEP])], [row(ENTRY, steps=[row(STEP, days="2")])],
     [row(ENTRY, steps=[row(STEP, step="Referral by phone")])],
     [row(ENTRY, steps=[row(STEP, step="Referral by phone", days="2")])], []),
    ("an entry's own steps: the same cell of one step",
     [row(ENTRY, steps=[STEP])], [row(ENTRY, steps=[row(STEP, days="2")])],
     [row(ENTRY, steps=[row(STEP, days="4")])],
     [row(ENTRY, steps=[row(STEP, days="2")])], [["f", "e1", "steps", "s1", "days"]]),
]

IDS = [case[0] for case in CASES]


def as_json(value: Any) -> dict[str, Any]:
    """A case's value for JavaScript: ``{}`` where it is not there (``undefined``)."""
    return {} if value is MISSING else {"value": value}


@pytest.mark.parametrize(("case", "base", "ours", "theirs", "value", "conflicts"), CASES,
                         ids=IDS)
def test_python_rule(case: str, base, ours, theirs, value, conflicts) -> None:
    merged = merge_value(base, ours, theirs, ["f"])
    assert (merged.value, merged.conflicts) == (value, conflicts), case


@pytest.fixture(scope="module")
def page_merge(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every case merged by store.mjs's ``mergeValue`` under Node.js, with the constants
    module the build writes."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    folder = tmp_path_factory.mktemp("merge-rule")
    shutil.copy(TOOLKIT / "store.mjs", folder / "store.mjs")
    shutil.copy(TOOLKIT / "words.mjs", folder / "words.mjs")
    (folder / "merge_rules.mjs").write_text(rules_module(), encoding="utf-8")
    (folder / "page_words.mjs").write_text(words_module(), encoding="utf-8")
    (folder / "run.mjs").write_text(
        'import { readFileSync } from "node:fs";\n'
        'import * as rules from "./merge_rules.mjs";\n'
        'import { mergeValue } from "./store.mjs";\n'
        'const cases = JSON.parse(readFileSync(0, "utf8"));\n'
        "const merged = cases.map(([base, ours, theirs]) =>\n"
        '  mergeValue(base.value, ours.value, theirs.value, ["f"]));\n'
        "console.log(JSON.stringify({ rules: { ...rules }, merged }));\n",
        encoding="utf-8")
    cases = [[as_json(base), as_json(ours), as_json(theirs)]
             for _, base, ours, theirs, _, _ in CASES]
    done = subprocess.run([node, str(folder / "run.mjs")], input=json.dumps(cases),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return {"rules": answer["rules"], "merged": dict(zip(IDS, answer["merged"], strict=True))}


@pytest.mark.browser
@pytest.mark.parametrize(("case", "base", "ours", "theirs", "value", "conflicts"), CASES,
                         ids=IDS)
def test_page_rule(page_merge, case: str, base, ours, theirs, value, conflicts) -> None:
    assert page_merge["merged"][case] == {"value": value, "conflicts": conflicts}, case


@pytest.mark.browser
def test_page_takes_python_constants(page_merge) -> None:
    assert page_merge["rules"] == shared_constants()
    assert page_merge["rules"]["MAX_SEEN"] == MAX_SEEN
    assert set(page_merge["rules"]["FORBIDDEN_NAMES"]) == FORBIDDEN_KEYS


def test_no_constant_copied_by_hand() -> None:
    """The page's modules take the shared constants from merge_rules.mjs, never a copy."""
    for path in TOOLKIT.glob("*.mjs"):
        text = path.read_text(encoding="utf-8")
        for name in shared_constants():
            assert not re.search(rf"\b(const|let|var)\s+{name}\b", text), (path.name, name)
        assert '"__proto__", "constructor"' not in text, path.name


@pytest.mark.parametrize(("base", "ours", "theirs", "expected"), [
    ("x", "x", "x", "same"),
    ("x", "y", "x", "keep"),
    ("x", "x", "z", "take"),
    ("x", "y", "z", "conflict"),
    ("x", MISSING, "z", "conflict"),
    (MISSING, "y", MISSING, "keep"),
    (MISSING, MISSING, "z", "take"),
])
def test_tab_verdict_is_combine_rule(base, ours, theirs, expected) -> None:
    """A tab decides a value as a combine decides a unit both sides have seen only as
    the base."""
    plain = [None if v is MISSING else v for v in (base, ours, theirs)]
    assert verdict(base, ours, theirs) == expected
    assert decide(plain[1], plain[2], [fingerprint(plain[0])], [fingerprint(plain[0])]) \
        == expected
