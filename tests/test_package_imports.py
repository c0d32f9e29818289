"""How browser_py's modules import each other, read from their sources: no module
imports itself through others (no import cycle), and no module reaches for another's
private name (``_name``): what is shared is public, named for what it is."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import browser_py

PACKAGE = Path(browser_py.__path__[0])


def _module_name(path: Path) -> str:
    parts = ["browser_py", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


SOURCES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))
           if "__pycache__" not in path.parts}


def _imports(module: str) -> Iterator[tuple[str, ast.alias | None, int]]:
    """Every import of a browser_py module in ``module`` (at any depth: inside functions
    and ``if TYPE_CHECKING:`` too), as (the module imported from, the name taken from it
    or None for ``import x``, the line)."""
    path = SOURCES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            if source.split(".")[0] == "browser_py":
                for alias in node.names:
                    yield source, alias, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "browser_py":
                    yield alias.name, None, node.lineno


def import_graph() -> dict[str, set[str]]:
    """Which browser_py modules each browser_py module imports (a package stands for its
    ``__init__.py``; ``from package import module`` imports the module)."""
    graph: dict[str, set[str]] = {}
    for module in SOURCES:
        targets = set()
        for source, alias, _line in _imports(module):
            inner = f"{source}.{alias.name}" if alias else ""
            targets.add(inner if inner in SOURCES else source)
        graph[module] = targets & set(SOURCES) - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a loop (strongly connected
    components of more than one module), each sorted; Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_names_taken() -> list[str]:
    """Every private name one browser_py module takes from another: imported
    (``from .x import _name``) or read off an imported module (``x._name``)."""
    taken = []
    for module, path in SOURCES.items():
        modules_bound = {}  # local name -> browser_py module it is bound to
        for source, alias, line in _imports(module):
            where = f"{path.relative_to(PACKAGE.parent).as_posix()}:{line}"
            if alias is None:
                continue
            if _private(alias.name):
                taken.append(f"{where}: {alias.name} from {source}")
            if f"{source}.{alias.name}" in SOURCES:
                modules_bound[alias.asname or alias.name] = f"{source}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in modules_bound and _private(node.attr)):
                where = f"{path.relative_to(PACKAGE.parent).as_posix()}:{node.lineno}"
                taken.append(f"{where}: {node.attr} of {modules_bound[node.value.id]}")
    return taken


def test_the_graph_is_read() -> None:
    graph = import_graph()
    assert "browser_py.worksheets.agreements" in graph
    assert graph["browser_py"] == {"browser_py.worksheets"}
    assert any(len(targets) > 10 for targets in graph.values())


def test_no_import_cycle_inside_browser_py() -> None:
    found = cycles(import_graph())
    assert not found, "Modules that import each other in a loop: " + "; ".join(
        " <-> ".join(group) for group in found)


#: The folders of browser_py, each with the folders it may import from (besides itself):
#: the page uses every part, worksheets use documents, and everything builds on the core.
FOLDERS = {
    "core": set(),
    "sharing": {"core"},
    "documents": {"core"},
    "district_files": {"core"},
    "worksheets": {"core", "documents"},
    "page": {"", "core", "sharing", "documents", "district_files", "worksheets"},
    "": {"worksheets"},  # the package's __init__.py loads the worksheet modules
}


def _folder(module: str) -> str:
    """The folder a module is in ("" for the package's own ``__init__.py``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_is_in_a_known_folder() -> None:
    assert {_folder(module) for module in SOURCES} == set(FOLDERS)


def test_folders_import_downwards_only() -> None:
    wrong = sorted(f"{module} imports {target}" for module, targets in import_graph().items()
                   for target in targets
                   if _folder(target) not in FOLDERS[_folder(module)] | {_folder(module)})
    assert not wrong, "Imports against the folders' order (see FOLDERS): " + "; ".join(wrong)


def test_no_private_name_is_taken_from_another_module() -> None:
    taken = private_names_taken()
    assert not taken, "Private names used outside their module (make them public, " \
        "named for what they are): " + "; ".join(taken)


def test_the_generator_takes_no_private_name() -> None:
    """The generator uses browser_py and its own modules by their public names too."""
    generator = PACKAGE.parent / "generator"
    taken = [f"generator/{path.name}:{node.lineno}: {alias.name} from {node.module or '.'}"
             for path in sorted(generator.glob("*.py"))
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.ImportFrom)
             and (node.level or (node.module or "").split(".")[0] in ("browser_py", "generator"))
             for alias in node.names if _private(alias.name)]
    assert not taken, "Private names the generator takes from other modules: " + "; ".join(taken)


@pytest.mark.parametrize(("graph", "expected"), [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
    ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}, "e": {"a"}}, [["a", "b"], ["c", "d"]]),
])
def test_cycles_are_found(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert sorted(cycles(graph)) == expected
