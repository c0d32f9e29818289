"""One restore path: saved entries of any shape load, set aside what they cannot read,
and give every view the same figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from worksheet_fixtures import field_values

from browser_py.core.restore import restore_state
from browser_py.page import runtime
from browser_py.sharing import exchange

STATES = Path(__file__).parent / "fixtures" / "states"
NOW = "2026-12-01T10:00:00Z"
TODAY = "2026-12-01"


@pytest.fixture(scope="module", autouse=True)
def loaded(native_runtime) -> None:
    """Definitions straight from content/worksheets: these tests need no build."""


BAD_SHAPES = [
    ("document null", None, 0),
    ("document a list", [1, 2], 1),
    ("worksheets null", {"worksheets": None}, 0),
    ("worksheets text", {"worksheets": "x"}, 1),
    ("worksheets a list", {"worksheets": []}, 1),
    ("worksheet text", {"worksheets": {"working-group": "x"}}, 1),
    ("rows of the wrong kind", {"worksheets": {"working-group": {"members": [None, 1]}}}, 1),
    ("unknown field", {"worksheets": {"goal": {"nope": 1}}}, 1),
    ("newer saved format", {"format_version": 99, "worksheets": {}}, 1),
]


@pytest.mark.parametrize(("raw", "aside"), [c[1:] for c in BAD_SHAPES],
                         ids=[c[0] for c in BAD_SHAPES])
def test_any_shape_restores_and_sets_aside(raw: object, aside: int) -> None:
    restored = restore_state(runtime.schema(), raw)
    assert len(restored.set_aside) == aside
    assert set(restored.worksheets) == set(runtime.schema().worksheet_ids)
    for part in restored.set_aside:
        assert part.message
    # Every view works on it.
    assert runtime.build_dashboard(raw, TODAY)["items"] is not None
    assert runtime.build_report(raw, TODAY)["sections"]
    assert json.loads(runtime.export(raw, NOW)["document"])["format_version"] == (
        exchange.FORMAT_VERSION)


def test_a_bad_field_is_set_aside_and_the_rest_kept() -> None:
    raw = {"worksheets": {"working-group": {"members": [None, 1]},
                          "goal": {"goal": "120"}}}
    result = runtime.restore(raw)
    assert [part["value"] for part in result["set_aside"]] == [[None, 1]]
    assert "Working group" in result["messages"][0]
    kept = result["state"]["worksheets"]
    assert kept["working-group"] == {}
    assert kept["goal"] == {"goal": "120"}


def test_unknown_worksheets_are_kept_and_exported() -> None:
    raw = {"worksheets": {"from-a-newer-edition": {"anything": [1, 2]}}}
    assert runtime.restore(raw)["state"]["worksheets"]["from-a-newer-edition"] == {
        "anything": [1, 2]}
    exported = json.loads(runtime.export(raw, NOW)["document"])
    assert exported["worksheets"]["from-a-newer-edition"]["values"] == {"anything": [1, 2]}
    # Importing it elsewhere keeps it, names it, and keeps what is there.
    here = {"worksheets": {"other-unknown": {"x": 1}}}
    preview = runtime.preview_import(here, json.dumps(exported))
    assert preview["ok"]
    assert any("from-a-newer-edition" in item["text"] for item in preview["preview"])
    applied = preview["state"]["worksheets"]
    assert applied["from-a-newer-edition"] == {"anything": [1, 2]}
    assert applied["other-unknown"] == {"x": 1}


def project_plan_progress(texts: list[str]) -> set[str]:
    return {text for text in texts if "steps" in text}


def plan_figures(state: dict) -> dict[str, str]:
    """The project plan's progress as the worksheet, the start page, the report and the
    export each show it."""
    worksheet = runtime.compute("project-plan", state=state, today=TODAY)
    board = runtime.build_dashboard(state, TODAY)
    report = runtime.build_report(state, TODAY)
    exported = json.loads(runtime.export(state, NOW, today=TODAY)["document"])
    output = next(iter(worksheet))
    on_board = [r["text"] for item in board["items"] if item["worksheet"] == "project-plan"
                for r in item["results"]]
    in_report = [block["text"] for section in report["sections"]
                 if section["id"] == "project-plan"
                 for block in section.get("blocks", []) if block.get("type") == "result"]
    return {
        "worksheet": worksheet[output]["text"],
        "start page": on_board[0] if on_board else "",
        "report": in_report[0] if in_report else "",
        "export": exported["worksheets"].get("project-plan", {}).get("computed", {})
        .get(output, ""),
    }


def test_one_step_ticked_shows_the_same_progress_everywhere() -> None:
    plan = runtime.schema().worksheet("project-plan")
    table = next(spec for spec in plan.value_fields if spec.type == "table")
    first = runtime.schema().empty_values("project-plan")[table.id]
    done = next(column.id for column in table.columns if column.type == "checkbox")
    if isinstance(first, list):
        first[0][done] = True
    else:
        first[next(iter(first))][done] = True
    state = {"worksheets": {"project-plan": {table.id: first}}}
    figures = plan_figures(state)
    assert len(set(figures.values())) == 1, figures
    assert figures["worksheet"]


@pytest.mark.parametrize("fixture", sorted(STATES.glob("*.json")), ids=lambda p: p.stem)
def test_every_view_shows_the_worksheets_figures(fixture: Path) -> None:
    state = json.loads(fixture.read_text())
    board = runtime.build_dashboard(state, TODAY)
    exported = json.loads(runtime.export(state, NOW, today=TODAY)["document"])
    for item in board["items"]:
        worksheet = runtime.compute(item["worksheet"], state=state, today=TODAY)
        for result in item["results"]:
            assert result["text"] in {output["text"] for output in worksheet.values()}
        computed = exported["worksheets"].get(item["worksheet"], {}).get("computed", {})
        for output_id, text in computed.items():
            assert worksheet[output_id]["text"] == text


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["worksheets", "members", "row_id", "goal", "x",
                                       "working-group", "goal", "format_version"]),
                      inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_any_json_restores_without_error_and_exports(raw: object) -> None:
    restored = restore_state(runtime.schema(), raw)
    stored = restored.stored()
    # What is kept restores again to the same, with nothing more set aside.
    again = restore_state(runtime.schema(), stored)
    assert again.set_aside == []
    assert again.worksheets == restored.worksheets
    document = runtime.export(raw, NOW)["document"]
    assert runtime.preview_import({}, document)["ok"]


def value_of(spec) -> st.SearchStrategy:
    """Any value the page can produce for a field, limits included."""
    return field_values(spec, at_limits=True)


@st.composite
def page_states(draw) -> dict:
    schema = runtime.schema()
    chosen = draw(st.lists(st.sampled_from(schema.worksheet_ids), unique=True, max_size=4))
    worksheets = {}
    for worksheet_id in chosen:
        fields = schema.worksheet(worksheet_id).value_fields
        keep = draw(st.lists(st.sampled_from(fields), unique_by=lambda f: f.id, max_size=3))
        worksheets[worksheet_id] = {spec.id: draw(value_of(spec)) for spec in keep}
    return {"worksheets": worksheets}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(page_states())
def test_export_then_import_into_an_empty_browser_gives_the_same_state(state: dict) -> None:
    document = runtime.export(state, NOW)["document"]
    preview = runtime.preview_import({}, document)
    assert preview["ok"], preview.get("message")
    assert restore_state(runtime.schema(), preview["state"]).worksheets == \
        restore_state(runtime.schema(), state).worksheets


def test_a_backup_keeps_parts_that_cannot_be_read() -> None:
    raw = {"worksheets": {"working-group": {"members": [None, 1]}}}
    exported = json.loads(runtime.export(raw, NOW, set_aside=["earlier text"])["document"])
    assert exported["set_aside"][0] == "earlier text"
    assert json.loads(exported["set_aside"][1])["value"] == [None, 1]


def test_saved_entries_of_a_newer_version_are_set_aside_whole() -> None:
    result = runtime.restore({"format_version": 99, "worksheets": {"goal": {"goal": "5"}}})
    assert result["whole"] is True
    assert result["set_aside"][0]["value"]["worksheets"] == {"goal": {"goal": "5"}}


def test_nothing_saved_has_nothing_to_set_aside() -> None:
    """The page skips the restore call for a first visit's empty document (toolkit.mjs,
    NOTHING_SAVED): restoring it must change nothing."""
    result = runtime.restore({"worksheets": {}})
    assert result["set_aside"] == [] and result["messages"] == [] and not result["whole"]
    assert result["state"]["worksheets"] == {}


@pytest.mark.parametrize("path", sorted(STATES.glob("*.json")), ids=lambda p: p.stem)
def test_every_worksheet_at_once_gives_what_each_gives(path: Path) -> None:
    """The results a page draws ahead of instant navigation (compute_all) are the ones it
    would ask for, worksheet by worksheet (compute)."""
    state = json.loads(path.read_text())
    every = runtime.compute_all(state, TODAY)
    assert every and all(every[worksheet] == runtime.compute(worksheet, state, TODAY)
                         for worksheet in every)
