"""The page's one refresh: after a change, one request; Python restores the entries once
and answers everything the page shows, the same as each view built on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_py.documents.report import report_document
from browser_py.page import runtime

FULL = json.loads((Path(__file__).parent / "fixtures/states/full.json").read_text())
TODAY = "2026-12-01"
EVERYTHING = {"worksheets": ["needs-estimate", "goal"], "grids": True, "report": "full",
              "brief": "shareable", "dashboard": True, "status": True, "ahead": True,
              "suggestions": ["checklist_providers"]}


@pytest.fixture(autouse=True)
def _runtime(native_runtime) -> None:
    """Every test runs on the site's worksheet definitions."""


def test_one_refresh_restores_the_entries_once(monkeypatch: pytest.MonkeyPatch) -> None:
    restores = []
    real = runtime.restore_state
    monkeypatch.setattr(runtime, "restore_state",
                        lambda *args: restores.append(1) or real(*args))
    reply = runtime.refresh(FULL, TODAY, EVERYTHING, meta={}, now="2026-12-01T10:00:00Z")
    assert len(restores) == 1
    assert set(reply) == {"outputs", "ahead", "rating_rows", "report", "brief", "dashboard",
                          "export_status", "suggestions", "print_header"}


def test_a_refresh_answers_what_each_view_gives_on_its_own() -> None:
    reply = runtime.refresh(FULL, TODAY, EVERYTHING, meta={}, now="2026-12-01T10:00:00Z")
    assert reply["outputs"] == {ws: runtime.compute(ws, FULL, TODAY)
                                for ws in EVERYTHING["worksheets"]}
    assert reply["ahead"] == runtime.compute_all(FULL, TODAY)
    assert reply["rating_rows"] == runtime.rating_rows(FULL)
    assert reply["report"] == report_document(runtime.build_report(FULL, TODAY)).as_data()
    assert reply["brief"] == runtime.build_brief(FULL, TODAY).as_data()
    assert reply["dashboard"] == runtime.build_dashboard(FULL, TODAY)
    assert reply["export_status"] == runtime.export_status({}, "2026-12-01T10:00:00Z")
    assert reply["print_header"] == runtime.print_header(FULL, TODAY)
    # The agreements' provider box offers each provider the checklists name, once.
    assert reply["suggestions"] == {"checklist_providers": [
        "Lakeside Family Counseling Center", "Bayview Community Mental Health Services",
        "Horizon Telehealth for Youth",
        "Eastside Youth and Family Clinic (Federally Qualified Health Center)"]}
    shareable = runtime.refresh(FULL, TODAY, {"report": "shareable"})["report"]
    assert shareable == report_document(
        runtime.build_report(FULL, TODAY, shareable=True)).as_data()
    full = runtime.refresh(FULL, TODAY, {"brief": "full"})["brief"]
    assert full == runtime.build_brief(FULL, TODAY, shareable=False).as_data()


def test_a_keystroke_refresh_carries_only_what_the_page_shows() -> None:
    """A worksheet page that asks for its own results gets them, and nothing it did not
    ask for is worked out (no report, no overview, no results ahead)."""
    reply = runtime.refresh(FULL, TODAY, {"worksheets": ["needs-estimate"]})
    assert list(reply["outputs"]) == ["needs-estimate"]
    assert all(reply[view] is None for view in
               ("ahead", "rating_rows", "report", "brief", "dashboard", "export_status",
                "suggestions"))
    assert reply["print_header"]["rest"] == " · printed December 1, 2026"
