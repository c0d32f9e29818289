"""The layout of browser_py: every module imports on its own, worksheet modules are
found without a list, and two computations with one name are refused."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import browser_py
from browser_py import worksheets
from browser_py.core import computations

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(browser_py.__path__, "browser_py."))


#: Imports each module named in argv with no module of browser_py loaded before it, and
#: prints what each import raised ("" for none), as JSON.
IMPORT_EACH_FIRST = """
import importlib, json, sys, traceback
failures = {}
for module in sys.argv[1:]:
    for name in [n for n in sys.modules if n == "browser_py" or n.startswith("browser_py.")]:
        del sys.modules[name]
    try:
        importlib.import_module(module)
        failures[module] = ""
    except BaseException:
        failures[module] = traceback.format_exc()
print(json.dumps(failures))
"""


@pytest.fixture(scope="module")
def first_imports() -> dict[str, str]:
    """What importing each module first raised, all in one fresh interpreter (its bytecode
    is kept, see ``subprocess_bytecode`` in conftest.py, so that each import after the
    first reads it rather than compiling the modules again)."""
    done = subprocess.run([sys.executable, "-c", IMPORT_EACH_FIRST, *MODULES],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_first_on_its_own(module: str, first_imports) -> None:
    assert first_imports[module] == ""


def test_worksheet_modules_are_found_and_register_their_computations() -> None:
    names = worksheets.load()
    assert {"needs", "goals", "checklist", "planning"} <= set(names)
    owners = {func.__module__ for func in computations.REGISTRY.values()}
    assert owners == {f"browser_py.worksheets.{name}" for name in names} & owners
    assert "needs_summary" in computations.REGISTRY


def test_two_computations_with_one_name_are_refused() -> None:
    def needs_summary(values, context):  # same name as a registered computation
        return computations.Output(text="")

    with pytest.raises(ValueError, match="Two computations are called 'needs_summary'"):
        computations.register(needs_summary)
    assert computations.REGISTRY["needs_summary"].__module__ == "browser_py.worksheets.needs"
