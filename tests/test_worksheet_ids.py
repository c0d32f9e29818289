"""Each worksheet's id is written once, in its own module: the module of computations that
defines it as a constant (``SHEET = "goal"``). Every other module of ``browser_py`` and of
the generator imports that constant, so a reader finds who uses a worksheet by its name,
and no id is typed twice. Read from the sources with ``ast``; docstrings may name ids."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKSHEETS = ROOT / "content" / "worksheets"
SOURCES = sorted(path for path in (*(ROOT / "browser_py").rglob("*.py"),
                                   *(ROOT / "generator").glob("*.py"))
                 if "__pycache__" not in path.parts)

#: Strings that equal a worksheet id but name something else: by file, the function they
#: are in ("<module>" outside any) and the string, how many there are and what they name.
NOT_AN_ID: dict[tuple[str, str, str], tuple[int, str]] = {
    # The export file's header, the print header and a document's data carry the
    # district's name under the key "district".
    ("browser_py/sharing/exchange.py", "<module>", "district"): (1, "the file header's key"),
    ("browser_py/sharing/exchange.py", "export_document", "district"): (1, "the header's key"),
    ("browser_py/sharing/exchange.py", "_read_document", "district"): (1, "the header's key"),
    ("browser_py/sharing/group_files.py", "record_of", "district"): (2, "the header's key"),
    ("browser_py/sharing/group_files.py", "combine_files", "district"): (1, "a result's key"),
    ("browser_py/documents/document.py", "as_data", "district"): (1, "a document's key"),
    ("browser_py/documents/report.py", "build_report", "district"): (1, "the report's key"),
    ("browser_py/documents/report.py", "report_document", "district"): (1, "the report's key"),
    ("browser_py/page/runtime.py", "_print_header", "district"): (1, "the print header's key"),
    ("browser_py/page/runtime.py", "export", "district"): (1, "the file header's key"),
    ("browser_py/page/runtime.py", "_dashboard", "district"): (1, "the start page's key"),
    # A migration keeps the ids it was written for (and the core imports no worksheet).
    ("browser_py/core/migrations.py", "<module>", "needs-estimate"): (1, "a frozen migration"),
    ("browser_py/core/migrations.py", "<module>", "provider-questions"): (1, "a frozen migration"),
    # The board brief's sections, named like the worksheets they draw on.
    ("browser_py/page/brief.py", "_goal", "goal"): (2, "the goal's section"),
    # Field, row and column ids, and plain words, that share a worksheet's name.
    ("browser_py/worksheets/planning.py", "<module>", "agreements"): (1, "a phase table's id"),
    ("browser_py/worksheets/agreements.py", "_roles", "agreements"): (1, "a phase table's id"),
    ("browser_py/worksheets/location.py", "<module>", "costs"): (1, "a factor row's id"),
    ("browser_py/worksheets/needs.py", "services_total", "funding"): (1, "a column's id"),
    ("browser_py/worksheets/packet.py", "_centers", "funding"): (1, "a column's id"),
    ("browser_py/worksheets/packet.py", "_scan_text", "funding"): (1, "a column's id"),
    ("browser_py/worksheets/pathway_roles.py", "<module>", "district"): (1, "a word set aside"),
    ("browser_py/worksheets/costs.py", "approach_chart", "goal"): (1, "a chart bar's kind"),
    ("browser_py/worksheets/checkins.py", "pace_chart", "goal"): (1, "a chart bar's kind"),
}


def worksheet_ids() -> set[str]:
    ids = set()
    for path in WORKSHEETS.glob("*.yml"):
        definition = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.add(definition["id"])
    return ids


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def owners(ids: set[str]) -> dict[str, list[str]]:
    """Each id's owning modules: those that assign it to one name at module level."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = (node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1
                      else node.target if isinstance(node, ast.AnnAssign) else None)
            if (isinstance(target, ast.Name) and isinstance(node.value, ast.Constant)
                    and node.value.value in ids):
                found.setdefault(node.value.value, []).append(_relative(path))
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}


def _strings(tree: ast.Module) -> list[tuple[ast.Constant, str]]:
    """Every string constant with the outermost function it is in ("<module>" outside)."""
    found = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if function == "<module>" and isinstance(child, (ast.FunctionDef,
                                                             ast.AsyncFunctionDef)):
                inner = child.name
            if isinstance(child, ast.Constant) and isinstance(child.value, str):
                found.append((child, inner))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def ids_written_elsewhere(ids: set[str], owned: dict[str, list[str]]) -> list[str]:
    """Every id written outside its owner's module, beyond the exceptions' counts."""
    written = []
    for path in SOURCES:
        relative = _relative(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        seen: dict[tuple[str, str, str], int] = {}
        for node, function in _strings(tree):
            if (node.value not in ids or id(node) in docstrings
                    or relative in owned.get(node.value, [])):
                continue
            key = (relative, function, node.value)
            seen[key] = seen.get(key, 0) + 1
            if seen[key] <= NOT_AN_ID.get(key, (0, ""))[0]:
                continue
            home = (f"import it from {owned[node.value][0]}" if node.value in owned
                    else "give it a constant in its worksheet's module")
            written.append(f"{relative}:{node.lineno}: {node.value!r} ({home})")
    return written


def test_every_worksheet_has_at_most_one_owner() -> None:
    ids = worksheet_ids()
    assert {"goal", "agreements", "partner-checklist"} <= ids
    twice = {sheet: modules for sheet, modules in owners(ids).items() if len(modules) > 1}
    assert not twice, "Worksheet ids defined in more than one module: " + "; ".join(
        f"{sheet}: {', '.join(modules)}" for sheet, modules in sorted(twice.items()))


def test_no_worksheet_id_is_written_outside_its_module() -> None:
    ids = worksheet_ids()
    written = ids_written_elsewhere(ids, owners(ids))
    assert not written, "Worksheet ids written outside their module: " + "; ".join(written)


def test_every_exception_is_still_needed() -> None:
    """An exception is taken off the list, or its count lowered, when its strings go."""
    counts: dict[tuple[str, str, str], int] = {}
    for path in SOURCES:
        for node, function in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            key = (_relative(path), function, node.value)
            counts[key] = counts.get(key, 0) + 1
    stale = [key for key, (many, _what) in NOT_AN_ID.items() if counts.get(key, 0) < many]
    assert not stale, f"Exceptions no longer needed as written: {stale}"
