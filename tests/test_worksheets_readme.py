"""The worksheets' README says, before anything else, what a new worksheet touches and
how each part is registered; this keeps that list true."""

from __future__ import annotations

import ast
import re

from helpers import ROOT

README = ROOT / "content" / "worksheets" / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.M)
    assert sections[1].startswith("What a new worksheet touches\n"), "the first section"
    return sections[1]


def test_every_registry_a_worksheet_module_can_join_is_named() -> None:
    registrars = sorted(
        node.name for path in sorted((ROOT / "browser_py").rglob("*.py"))
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("register"))
    assert registrars, "the registries' decorators went missing"
    section = _section()
    assert [name for name in registrars if not re.search(rf"@{name}\b", section)] == []


def test_every_file_and_folder_it_names_exists() -> None:
    named = {path for path in re.findall(r"`([\w./-]+/[\w./-]*)`", _section())}
    assert "browser_py/worksheets/" in named and "generator/definitions.py" in named
    assert [path for path in sorted(named) if not (ROOT / path).exists()] == []
