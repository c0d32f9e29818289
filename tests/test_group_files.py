"""The working group's files through the page's requests, in CPython: hand out a part,
members fill it and send it back, the lead combines them, conflicts wait for a choice,
and the same files combined again change nothing."""

from __future__ import annotations

import base64
import json

import pytest
from helpers import ROOT

from browser_py import protocol, runtime


def call(method: str, **args):
    reply = json.loads(protocol.call(method, json.dumps(args)))
    assert reply["ok"], reply
    return reply["result"]


@pytest.fixture(autouse=True)
def _definitions() -> None:
    from browser_py.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    sheets = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))


class Member:
    """One device: its saved entries and its record."""

    def __init__(self, name: str = "") -> None:
        self.state: dict = {"worksheets": {}}
        self.record: dict = {"name": name, "edited": {}}

    def edit(self, worksheet: str, field: str, value, at: str) -> None:
        self.state["worksheets"].setdefault(worksheet, {})[field] = value
        self.record.setdefault("edited", {}).setdefault(worksheet, {})[field] = at

    def export(self, at: str, worksheets: list[str] | None = None, note: str = "") -> dict:
        result = call("export", state=self.state, exported_at=at, record=self.record,
                      **({"worksheets": worksheets, "note": note} if worksheets else {}))
        self.record = {**result["record"], "edited": self.record.get("edited", {})}
        return {"name": result["filename"],
                "data": base64.b64encode(result["document"].encode()).decode()}

    def combine(self, files: list[dict], choices: dict | None = None, at: str = "") -> dict:
        result = call("combine_files", current=self.state, files=files, record=self.record,
                      choices=choices or {}, now=at or "2026-12-02T12:00:00Z")
        if result["state"] is not None:
            self.state = result["state"]
            self.record = {**result["record"], "edited": self.record.get("edited", {})}
        return result


def values(member: Member, worksheet: str) -> dict:
    return member.state["worksheets"].get(worksheet, {})


def test_a_part_handed_out_comes_back_and_combines() -> None:
    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200 more students", "2026-12-01T09:00:00Z")
    lead.edit("needs-estimate", "enrollment", "900", "2026-12-01T09:05:00Z")
    handout = lead.export("2026-12-01T10:00:00Z", ["needs-estimate", "goal"],
                          "Please fill in your numbers.")
    document = json.loads(base64.b64decode(handout["data"]))
    assert set(document["worksheets"]) == {"needs-estimate", "goal"}
    assert document["by"] == "Dana Lee" and document["note"] == "Please fill in your numbers."
    assert document["worksheets"]["goal"]["changes"]["goal"]["by"] == "Dana Lee"

    ana, ben = Member("Ana Ruiz"), Member("Ben Cho")
    for member in (ana, ben):
        got = member.combine([handout])
        assert got["conflicts"] == [] and got["files"][0]["note"] == "Please fill in your numbers."
        assert values(member, "goal")["goal"] == "Serve 200 more students"
    ana.edit("needs-estimate", "addressed", "120", "2026-12-01T11:00:00Z")
    ben.edit("goal", "goal", "Serve 250 more students", "2026-12-01T11:30:00Z")
    lead.edit("goal", "goal", "Serve 220 more students", "2026-12-01T11:45:00Z")
    files = [ana.export("2026-12-01T12:00:00Z"), ben.export("2026-12-01T12:05:00Z")]

    first = lead.combine(files)
    assert first["state"] is None  # nothing is applied while a conflict waits
    [conflict] = first["conflicts"]
    assert conflict["title"] == "Our goal › Our time-bound goal, in our own words"
    assert (conflict["mine"], conflict["theirs"]) == ("Serve 220 more students",
                                                      "Serve 250 more students")
    assert conflict["mine_by"].startswith("Dana Lee") and conflict["theirs_by"].startswith(
        "Ben Cho, 2026-12-01 11:30")
    done = lead.combine(files, {conflict["id"]: "theirs"})
    assert done["conflicts"] == []
    assert values(lead, "needs-estimate")["addressed"] == "120"
    assert values(lead, "needs-estimate")["enrollment"] == "900"
    assert values(lead, "goal")["goal"] == "Serve 250 more students"
    before = json.dumps(lead.state, sort_keys=True)
    again = lead.combine(files)
    assert again["conflicts"] == [] and json.dumps(lead.state, sort_keys=True) == before
    assert done["changed"] and not again["changed"]
    assert all("nothing new" in line for file in again["files"] for line in file["lines"])
    # Who changed what travels on: the lead's next export names Ana and Ben.
    changes = json.loads(base64.b64decode(lead.export("2026-12-01T13:00:00Z")["data"]))[
        "worksheets"]
    assert changes["needs-estimate"]["changes"]["addressed"]["by"] == "Ana Ruiz"
    assert changes["goal"]["changes"]["goal"]["by"] == "Ben Cho"


def test_a_version_1_file_combines_as_changed_at_its_export_by_an_unnamed_person() -> None:
    v1 = {"format": "cmhp-toolkit-export", "format_version": 1, "toolkit_version": "0.1.0",
          "exported_at": "2026-10-01T10:00:00Z", "district": "",
          "worksheets": {"goal": {"values": {"goal": "Serve 300"}}}}
    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    files = [{"name": "old.json", "data": base64.b64encode(json.dumps(v1).encode()).decode()}]
    [conflict] = lead.combine(files)["conflicts"]
    assert conflict["theirs_by"] == "an unnamed person, 2026-10-01 10:00"
    assert lead.combine(files, {conflict["id"]: "mine"})["conflicts"] == []
    assert values(lead, "goal")["goal"] == "Serve 200"


def test_a_file_that_is_not_an_export_is_named_and_nothing_changes() -> None:
    lead = Member()
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    reply = json.loads(protocol.call("combine_files", json.dumps({
        "current": lead.state, "record": lead.record, "choices": {}, "now": "x",
        "files": [{"name": "notes.txt", "data": base64.b64encode(b"hello").decode()}]})))
    assert reply["ok"] and not reply["result"]["ok"]
    assert "“notes.txt”" in reply["result"]["message"]
