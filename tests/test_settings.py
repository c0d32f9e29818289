"""A district's edition: settings checked at build time and shown in the site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import ROOT, build_site

from browser_py.core.errors import DefinitionError
from generator.settings import contrast_with_white, load_settings

EXAMPLE = ROOT / "content" / "editions" / "example-county.yml"
PHASES = ("roadmap", "outreach", "agreements", "launch")


@pytest.fixture(scope="module")
def edition(deployments) -> Path:
    """The site built with the example county's settings."""
    return deployments.build("edition")


@pytest.mark.browser
def test_edition_shows_district_and_threshold(edition: Path) -> None:
    start = (edition / "index.html").read_text()
    assert "set up for <strong>Example County Office of Education</strong>" in start
    assert "Counts of students under 11 are hidden" in start
    assert "wellness@example.org" in start
    assert "Example County Office of Education edition." in start  # footer
    assert "--md-primary-fg-color: #1f4e79" in (edition / "assets/toolkit/edition.css").read_text()


@pytest.mark.browser
def test_edition_settings_reach_python(edition: Path) -> None:
    data = json.loads((edition / "assets/toolkit/worksheets.json").read_text())
    assert data["settings"] == {"district_name": "Example County Office of Education",
                                "small_cell_threshold": 11, "caseload_per_clinician": 60,
                                "risk_ratio_threshold": "2.5"}
    plan = next(w for w in data["worksheets"] if w["id"] == "project-plan")
    agreements = next(f for f in plan["fields"] if f["id"] == "agreements")
    assert agreements["starter_rows"][-1] == {
        "row_id": "district-1", "step": "Share the draft agreement with each district's counsel"}


@pytest.mark.browser
def test_edition_starter_criteria_replace_the_standard_set(edition: Path) -> None:
    data = json.loads((edition / "assets/toolkit/worksheets.json").read_text())
    sheet = next(w for w in data["worksheets"] if w["id"] == "partner-criteria")
    rows = next(f for f in sheet["fields"] if f["id"] == "criteria")["starter_rows"]
    assert [(r["criterion"], r["kind"]) for r in rows] == [
        ("Can see students at school sites during the school day", "must-have"),
        ("Bills Medicaid and the main private insurers", "must-have"),
        ("Offers services in Spanish and Vietnamese", "nice-to-have"),
    ]
    page = (edition / "partner-checklist" / "index.html").read_text()
    assert "Bills Medicaid and the main private insurers" in page


@pytest.mark.browser
def test_standard_edition_has_defaults(site_dir: Path) -> None:
    data = json.loads((site_dir / "assets/toolkit/worksheets.json").read_text())
    assert data["settings"]["small_cell_threshold"] == 10
    assert data["settings"]["risk_ratio_threshold"] == "3"
    assert not (site_dir / "assets/toolkit/edition.css").exists()
    assert not (site_dir / "editions").exists() and not (site_dir / "settings.yml").exists()


BAD = [
    ("small_cell_threshold: 3", "small_cell_threshold", "a whole number from 5 to 30", "3"),
    ("small_cell_threshold: ten", "small_cell_threshold", "a whole number from 5 to 30",
     '"ten"'),
    ("caseload_per_clinician: 0", "caseload_per_clinician", "a whole number from 1 to 2000",
     "0"),
    ("risk_ratio_threshold: 1", "risk_ratio_threshold", "a number above 1 and at most 10",
     "1"),
    ("risk_ratio_threshold: high", "risk_ratio_threshold", "a number above 1", '"high"'),
    ("colors: {primary: '#ffcc00'}", "colors.primary", "dark enough for white text",
     "contrast 1.51"),
    ("colors: {primary: navy}", "colors.primary", "a colour written as #rrggbb", '"navy"'),
    ("contact: {email: nobody}", "contact.email", "an email address", '"nobody"'),
    ("logo: missing.svg", "logo", "an image file inside content/", '"missing.svg"'),
    ("district: Lakeside", "district", "one of the settings", '"district"'),
    ("extra_action_steps: {someday: [Call]}", "extra_action_steps",
     "only the keys roadmap, outreach", '"someday"'),
    ("partner_criteria: {must_have: [1, 2]}", "partner_criteria.must_have",
     "a list of non-empty texts", "[1, 2]"),
]


@pytest.mark.parametrize(("text", "setting", "expected", "found"), BAD,
                         ids=[case[1] + "-" + str(i) for i, case in enumerate(BAD)])
def test_each_bad_setting_is_named(tmp_path: Path, text: str, setting: str, expected: str,
                                   found: str) -> None:
    path = tmp_path / "edition.yml"
    path.write_text(text + "\n")
    with pytest.raises(DefinitionError) as caught:
        load_settings(path, ROOT / "content", phases=PHASES, display="edition.yml")
    message = str(caught.value)
    assert message.startswith(f'edition.yml › setting "{setting}": expected')
    assert expected in message and found in message


@pytest.mark.browser
def test_bad_setting_stops_the_build(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("small_cell_threshold: 40\n")
    done = build_site(tmp_path / "out", settings=bad)
    assert done.returncode != 0
    assert "small_cell_threshold" in done.stderr and "from 5 to 30" in done.stderr
    assert "Traceback" not in done.stderr


def test_default_colours_pass_contrast() -> None:
    assert contrast_with_white("#1f4e79") > 4.5
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
