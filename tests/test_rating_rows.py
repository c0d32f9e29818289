"""Which rows a ratings grid shows comes from Python, named as the computations name them."""

from __future__ import annotations

import pytest

from browser_py.worksheets.checklist import Criterion


def criteria(*rows: dict) -> dict:
    return {"partner-criteria": {"criteria": list(rows)}}


@pytest.mark.usefixtures("native_runtime")
@pytest.mark.parametrize(("rows", "shown"), [
    ([], []),
    ([{"row_id": "a", "criterion": "  Licensed   clinicians ", "kind": "must-have"}],
     [{"row_id": "a", "label": "Licensed clinicians", "group": "must-have"}]),
    ([{"row_id": "a", "criterion": "", "kind": ""},
      {"row_id": "b", "criterion": "Bilingual", "kind": "nice-to-have"}],
     [{"row_id": "a", "label": "Criterion 1 (not written yet)", "group": ""},
      {"row_id": "b", "label": "Bilingual", "group": "nice-to-have"}]),
])
def test_grid_rows_follow_the_saved_source_rows(native_runtime, rows: list,
                                                shown: list) -> None:
    state = {"worksheets": criteria(*rows)}
    got = native_runtime.rating_rows(state)
    assert got["partner-criteria/criteria"] == shown


def test_grid_rows_use_the_starter_rows_before_anything_is_saved(native_runtime) -> None:
    got = native_runtime.rating_rows({})["partner-criteria/criteria"]
    sheet = native_runtime.schema().worksheet("partner-criteria")
    assert [row["row_id"] for row in got] == [
        row["row_id"] for row in sheet.field("criteria").starter_rows]
    assert all(row["label"] and row["group"] for row in got)


def test_a_criterion_reads_the_same_in_the_grid_and_in_the_results(native_runtime) -> None:
    sheet = native_runtime.schema().worksheet("partner-checklist")
    grid = next(spec for spec in sheet.ratings_fields())
    shown = grid.rows_from([{"row_id": "x", "criterion": " ", "kind": ""}])
    assert shown[0]["label"] == Criterion("x", "", "", 1).name

