"""The real content builds into a complete, private site."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT

from generator.assets import PYODIDE_CORE

pytestmark = pytest.mark.browser

SECTIONS = {
    "index.html": "Community Mental Health Partnerships Toolkit",
    "approaches/index.html": "Three ways",
    "working-group/index.html": "Working group",
    "needs-and-goals/index.html": "Needs and goals",
    "partner-checklist/index.html": "Partner checklist",
    "provider-questions/index.html": "Questions providers may ask",
}
DEFINED = sorted(p.stem for p in (ROOT / "content" / "worksheets").glob("*.yml"))


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


@pytest.mark.parametrize(("page", "title"), SECTIONS.items())
def test_section_page_exists_with_credit(site_dir: Path, page: str, title: str) -> None:
    html = (site_dir / page).read_text()
    assert title in html
    assert "Chiefs for Change" in html


def test_every_defined_worksheet_is_on_a_page(site_dir: Path) -> None:
    placed = set()
    for page in pages(site_dir):
        placed |= set(re.findall(r'<section class="ws" id="ws-[^"]+" data-worksheet="([^"]+)"',
                                 page.read_text()))
    assert placed == set(DEFINED)


def test_every_page_has_a_policy_before_any_script(site_dir: Path) -> None:
    for page in pages(site_dir):
        html = page.read_text()
        policy = html.index('http-equiv="Content-Security-Policy"')
        assert policy < html.find("<script"), page
        content = re.search(r'Content-Security-Policy" content="([^"]+)"', html)[1]
        assert "connect-src 'self'" in content and "'wasm-unsafe-eval'" in content
        assert "'unsafe-inline'" not in content.split("script-src", 1)[1].split(";")[0]


def test_nothing_points_off_site(site_dir: Path) -> None:
    pattern = re.compile(r'(?:src|href)="(https?:)?//(?!127\.0\.0\.1[:/])', re.I)
    for page in pages(site_dir):
        assert not pattern.search(page.read_text()), page
    assert "Made with" not in (site_dir / "index.html").read_text()


def test_every_input_is_kept_out_of_autofill(site_dir: Path) -> None:
    for page in pages(site_dir):
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", page.read_text()):
            if 'class="md-' in tag or "md-search" in tag or 'data-md-' in tag:
                continue  # the theme's own search box and toggles, not worksheet entries
            assert 'autocomplete="off"' in tag, (page, tag)


def test_pyodide_core_and_browser_py_are_packed(site_dir: Path) -> None:
    toolkit = site_dir / "assets" / "toolkit"
    assert sorted(p.name for p in (toolkit / "pyodide").iterdir()) == sorted(PYODIDE_CORE)
    with zipfile.ZipFile(toolkit / "browser_py.zip") as archive:  # as bytecode
        names = archive.namelist()
        assert "browser_py/core/computations.pyc" in names
        assert not [name for name in names if name.endswith(".py")]
    definitions = json.loads((toolkit / "worksheets.json").read_text())
    assert sorted(w["id"] for w in definitions["worksheets"]) == DEFINED


def test_the_excel_reader_is_made_once_for_every_site_folder(
        site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new site folder (a fresh clone, a CI run) takes the Excel reader from the cache
    when the standard library beside it holds the same bytes."""
    from generator import assets, pyodide_runtime

    stdlib = tmp_path / "pyodide" / pyodide_runtime.STDLIB
    stdlib.parent.mkdir()
    stdlib.write_bytes((site_dir / "assets/toolkit/pyodide" / pyodide_runtime.STDLIB).read_bytes())

    def no_node(*args: str) -> str:
        raise AssertionError(f"the Excel reader was made again: node {args[:1]}")
    monkeypatch.setattr(pyodide_runtime, "_node", no_node)
    made = assets.copy_workbook_reader(ROOT / "node_modules" / "pyodide", stdlib.parent,
                                       tmp_path / "out")
    assert made.read_bytes() == (site_dir / "assets/toolkit/xlsx.zip").read_bytes()


def test_a_part_handed_out_offers_every_worksheet_in_the_sites_order(site_dir: Path) -> None:
    definitions = json.loads((site_dir / "assets" / "toolkit" / "worksheets.json").read_text())
    order = [place["worksheet"] for place in definitions["placements"]]
    assert sorted(order) == DEFINED and order != DEFINED  # the practice's order
    for page in ("index.html", "needs-and-goals/index.html"):
        html = (site_dir / page).read_text()
        offered = re.findall(r'name="worksheet" value="([^"]+)"', html)
        assert offered == order, page
        assert "data-handout-slot" not in html


def test_definitions_are_not_published_as_pages(site_dir: Path) -> None:
    assert not (site_dir / "worksheets").exists()
