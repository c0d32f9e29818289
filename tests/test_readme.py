"""The README speaks to the people who use the toolkit, and its links and the developer
pages it points to hold: every relative link resolves, and the moved figures are there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_readme_says_how_to_open_test_and_host_the_toolkit() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Chiefs for Change" in text
    assert "make serve" in text and "http://127.0.0.1:8000" in text
    assert "make test" in text
    assert "](DEPLOY.md)" in text
    for page in ("docs/architecture.md", "docs/runtime.md", "docs/speed.md"):
        assert f"]({page})" in text, page
    assert len(text.splitlines()) < 120


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    links = [target for target in re.findall(r"\]\(([^)\s]+)\)", text)
             if "://" not in target and not target.startswith("#")]
    missing = [t for t in links if not (page.parent / t.split("#")[0]).exists()]
    assert missing == []


def test_the_developer_pages_keep_the_figures_and_the_design() -> None:
    speed = (ROOT / "docs" / "speed.md").read_text(encoding="utf-8")
    assert "| figure | toolkit | baseline | ratio | target |" in speed
    assert "make bench" in speed
    runtime = (ROOT / "docs" / "runtime.md").read_text(encoding="utf-8")
    assert "memory snapshot" in runtime and "toolkit_stdlib.zip" in runtime
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for heading in ("## How the worksheets work", "## What is where",
                    "## Privacy and hosting", "## Development"):
        assert heading in architecture
    assert "make test" in architecture
