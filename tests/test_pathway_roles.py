"""The roles at the school the referral pathway relies on, matched against the working
group: each role's steps, who holds it, and the roles nobody holds."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from browser_py.core.computations import Context
from browser_py.worksheets.pathway_roles import pathway_roles, role_words, roles_in

STATES = Path(__file__).parent / "fixtures" / "states"


def full() -> dict[str, Any]:
    return json.loads((STATES / "full.json").read_text(encoding="utf-8"))["worksheets"]


def roles(sheets: dict[str, Any]):
    context = Context(state=sheets, today=date(2027, 3, 1),
                      titles={"working-group": "Working group members"})
    return pathway_roles(sheets.get("referral-pathway") or {}, context)


@pytest.mark.parametrize(("one", "other"), [
    ("counselors", "School counselor"),
    ("the school's counselor", "School counselor(s)"),
    ("Social worker(s)", "social workers"),
    ("Principal", "the principal"),
])
def test_one_role_however_it_is_written(one: str, other: str) -> None:
    assert role_words(one) == role_words(other)


@pytest.mark.parametrize(("one", "other"), [
    ("Student support team lead", "District head of student support"),
    ("School psychologist", "School counselor"),
])
def test_different_roles_stay_apart(one: str, other: str) -> None:
    assert role_words(one) != role_words(other)


@pytest.mark.parametrize(("owner", "found"), [
    ("School counselor", ["School counselor"]),
    ("Counselor or social worker", ["Counselor", "social worker"]),
    ("Teachers, counselors and the screening coordinator",
     ["Teachers", "counselors", "the screening coordinator"]),
    ("Nurse / psychologist; principal", ["Nurse", "psychologist", "principal"]),
    ("the school", []),
    ("", []),
])
def test_who_at_the_school_names_one_role_or_several(owner: str, found: list[str]) -> None:
    assert roles_in(owner) == found


def test_the_full_plans_roles_and_the_ones_nobody_holds() -> None:
    result = roles(full())
    assert result.status == "incomplete"
    assert result.text == ("The pathway's steps at school rely on 4 roles; 3 have no one in "
                           "the working group: Teachers, Screening coordinator and Student "
                           "support team lead.")
    assert result.rows == [
        ["Teachers", "step 1", "No one in the working group"],
        ["School counselor", "steps 1, 3, 4, 6, 7 and 8", "Jordan Okafor (School counselor(s))"],
        ["Screening coordinator", "step 1", "No one in the working group"],
        ["Student support team lead", "steps 2 and 9", "No one in the working group"]]
    assert result.names == ["Teachers", "Screening coordinator", "Student support team lead"]
    assert result.links[0]["worksheet"] == "working-group"


def test_a_role_is_held_by_a_members_roles_as_well_as_their_position() -> None:
    sheets = full()
    members = sheets["working-group"]["members"]
    members[0]["roles"] = "Leads the student support team at each middle school."
    members.append({"row_id": "screening", "position": "Screening coordinator",
                    "name": "Lee Park", "roles": ""})
    members.append({"row_id": "teachers", "position": "Teacher representative", "name": ""})
    result = roles(sheets)
    held = {row[0]: row[2] for row in result.rows}
    assert held["Screening coordinator"] == "Lee Park (Screening coordinator)"
    assert held["Student support team lead"] == (
        "Dr. Maria Gonzalez-Whitfield (District head of student support)")
    assert held["Teachers"] == "Listed (Teacher representative), but no one named yet"
    assert result.status == "incomplete"
    assert result.text.endswith("rely on 4 roles, and the working group has someone in each.")
    assert result.messages == ["The working group lists a position for Teachers, but no one "
                               "is named in it yet."]
    members[-1]["name"] = "Sam Ortiz"
    assert roles(sheets).status == "ok"


def test_an_agreements_own_pathway_adds_its_roles() -> None:
    sheets = copy.deepcopy(full())
    sheets["agreements"]["agreements"][1].update(own_pathway=True, pathway_steps=[
        {"row_id": "b1", "step": "Referral by phone", "school_owner": "Principal"},
        {"row_id": "b2", "step": "First appointment", "school_owner": "School counselor"}])
    rows = {row[0]: row[1:] for row in roles(sheets).rows}
    assert rows["Principal"] == ["step 1 of the pathway Bayview Community Mental Health "
                                 "Services follows", "No one in the working group"]
    assert rows["School counselor"][0] == ("steps 1, 3, 4, 6, 7 and 8; step 2 of the pathway "
                                           "Bayview Community Mental Health Services follows")


def test_no_owner_at_the_school_yet() -> None:
    result = roles({})
    assert (result.status, result.text) == ("incomplete",
                                            "No step names who at the school does it yet.")
