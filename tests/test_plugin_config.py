"""The toolkit plugin's options in ``mkdocs.yml`` are typed: a good value is read as its
type, and a wrong one is refused with what was expected and what was found."""

from __future__ import annotations

import pytest
from helpers import ROOT

from generator.config import ToolkitConfig


def _validated(options: dict) -> tuple[ToolkitConfig, list[tuple[str, str]], list]:
    config = ToolkitConfig(config_file_path=str(ROOT / "mkdocs.yml"))
    config.load_dict(options)
    errors, warnings = config.validate()
    return config, [(key, str(error)) for key, error in errors], warnings


def test_the_defaults_are_read_as_their_types() -> None:
    config, errors, warnings = _validated({})
    assert (errors, warnings) == ([], [])
    assert config.enabled is True
    assert config.worksheets_dir == "worksheets"
    assert config.assets_dir == "assets/toolkit"
    assert config.pyodide_dir == str(ROOT / "node_modules" / "pyodide")
    assert config.settings is None  # the standard edition


@pytest.mark.parametrize(("options", "expected"), [
    ({"worksheets_dir": "sheets/"}, {"worksheets_dir": "sheets"}),
    ({"assets_dir": "./assets/tk/"}, {"assets_dir": "assets/tk"}),
    ({"settings": "content/settings.yml"},
     {"settings": str(ROOT / "content" / "settings.yml")}),
    ({"settings": str(ROOT / "content" / "editions" / "example-county.yml")},
     {"settings": str(ROOT / "content" / "editions" / "example-county.yml")}),
    ({"settings": None}, {"settings": None}),
    ({"pyodide_dir": str(ROOT / "node_modules" / "pyodide")},
     {"pyodide_dir": str(ROOT / "node_modules" / "pyodide")}),
])
def test_a_good_value_is_read(options: dict, expected: dict) -> None:
    config, errors, _ = _validated(options)
    assert errors == []
    assert {key: config[key] for key in expected} == expected


@pytest.mark.parametrize(("options", "key", "message"), [
    ({"worksheets_dir": "../elsewhere"}, "worksheets_dir",
     "expected a folder inside docs_dir, written as a relative path such as 'worksheets'; "
     "found '../elsewhere'"),
    ({"worksheets_dir": ["worksheets"]}, "worksheets_dir",
     "expected a folder inside docs_dir, written as a relative path such as 'worksheets'; "
     "found ['worksheets']"),
    ({"assets_dir": "/assets"}, "assets_dir",
     "expected a folder inside the built site, written as a relative path such as "
     "'assets/toolkit'; found '/assets'"),
    ({"assets_dir": ""}, "assets_dir", "found ''"),
    ({"pyodide_dir": "node_modules/no-such-package"}, "pyodide_dir",
     'expected the folder of the installed npm package "pyodide"; found no folder at '
     f"{ROOT / 'node_modules' / 'no-such-package'}. Run `npm ci`"),
    ({"pyodide_dir": 3}, "pyodide_dir",
     "expected the folder of the installed npm package \"pyodide\", such as "
     "'node_modules/pyodide'; found 3"),
    ({"settings": "content/no-such-edition.yml"}, "settings",
     "expected an edition's settings file, such as 'content/settings.yml'; found no file "
     f"at {ROOT / 'content' / 'no-such-edition.yml'}"),
    ({"settings": "content"}, "settings", f"found no file at {ROOT / 'content'}"),
    ({"enabled": "yes"}, "enabled", "Expected type: <class 'bool'>"),
], ids=["worksheets-outside", "worksheets-list", "assets-absolute", "assets-empty",
        "pyodide-missing", "pyodide-number", "settings-missing", "settings-folder",
        "enabled-text"])
def test_a_bad_value_is_refused_with_what_was_expected(options: dict, key: str,
                                                       message: str) -> None:
    _, errors, _ = _validated(options)
    assert [name for name, _ in errors] == [key]
    assert message in errors[0][1]


def test_an_unknown_option_is_named() -> None:
    _, errors, warnings = _validated({"worksheet_dir": "worksheets"})
    assert errors == []
    assert warnings == [("worksheet_dir", "Unrecognised configuration name: worksheet_dir")]
