"""The page's modules fit together: every name one imports from another is exported
there (a missing one stops the whole page before Python starts)."""

from __future__ import annotations

import re
from pathlib import Path

TOOLKIT = Path(__file__).resolve().parent.parent / "site_templates/overrides/assets/toolkit"
BUILT = {"page_words.mjs": {"WORDS"}}  # written by the build (browser_py.page_words)
IMPORT = re.compile(r'import\s*\{([^}]*)\}\s*from\s*"\./([\w.]+)"')
EXPORT = re.compile(r"export\s+(?:async\s+)?(?:function|const|let|class)\s+(\w+)")


def exports(name: str) -> set[str]:
    """The names module ``name`` exports."""
    if name in BUILT:
        return BUILT[name]
    path = TOOLKIT / name
    if name == "merge_rules.mjs":
        from browser_py.sharing.tab_merge import shared_constants
        return set(shared_constants())
    return set(EXPORT.findall(path.read_text(encoding="utf-8")))


def test_every_imported_name_is_exported() -> None:
    missing = []
    for path in sorted(TOOLKIT.glob("*.mjs")):
        for names, module in IMPORT.findall(path.read_text(encoding="utf-8")):
            wanted = {n.split(" as ")[0].strip() for n in names.split(",") if n.strip()}
            missing += [f"{path.name}: {name} from {module}"
                        for name in sorted(wanted - exports(module))]
    assert missing == []
