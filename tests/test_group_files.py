"""The working group's files through the page's requests, in CPython: hand out a part,
members fill it and send it back, the lead combines them, conflicts wait for a choice,
and the same files combined again change nothing."""

from __future__ import annotations

import base64
import json

import pytest
from helpers import ROOT

from browser_py.page import protocol, runtime


def call(method: str, **args):
    reply = json.loads(protocol.call(method, json.dumps(args)))
    assert reply["ok"], reply
    return reply["result"]


def report_of(state: dict, today: str, record: dict | None = None,
              shareable: bool = False) -> dict:
    """The report as built for the page and every file of it."""
    return runtime.build_report(state, today, shareable, record)


@pytest.fixture(autouse=True)
def _definitions() -> None:
    from browser_py.core.computations import ACTIONS, REGISTRY
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
        "Ben Cho, December 1, 2026, 11:30 AM")
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

    # The report names who entered what each section holds now.
    def entered_by(member: Member) -> dict[str, str]:
        report = report_of(member.state, "2026-12-01", member.record)
        return {s["id"]: s["entered_by"] for s in report["sections"]}

    assert entered_by(lead)["needs-estimate"] == "Entered by Ana Ruiz and Dana Lee."
    assert entered_by(lead)["goal"] == "Entered by Ben Cho."
    assert entered_by(lead)["agreements"] == ""  # nothing entered there
    lead.edit("goal", "goal", "Serve 260 more students", "2026-12-01T14:00:00Z")
    assert entered_by(lead)["goal"] == "Entered by Dana Lee."  # changed here since
    markdown = call("report_file", state=lead.state, today="2026-12-01", kind="markdown",
                    record=lead.record)["text"]
    html = call("report_file", state=lead.state, today="2026-12-01", kind="html",
                record=lead.record)["text"]
    assert "*Entered by Ana Ruiz and Dana Lee.*" in markdown
    assert '<p class="by">Entered by Dana Lee.</p>' in html
    shareable = report_of(lead.state, "2026-12-01", lead.record,
                          shareable=True)  # for the public: no staff names
    assert {s["entered_by"] for s in shareable["sections"]} == {""}


def test_a_report_without_a_name_or_a_record_names_nobody() -> None:
    alone = Member()
    alone.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    for record in (alone.record, None, {"name": 7, "stamps": "broken"}):
        report = report_of(alone.state, "2026-12-01", record)
        assert {s["entered_by"] for s in report["sections"]} == {""}
        assert "Entered by" not in call("report_file", state=alone.state, today="2026-12-01",
                                        kind="markdown")["text"]


def test_a_version_1_file_combines_as_changed_at_its_export_by_an_unnamed_person() -> None:
    v1 = {"format": "cmhp-toolkit-export", "format_version": 1, "toolkit_version": "0.1.0",
          "exported_at": "2026-10-01T10:00:00Z", "district": "",
          "worksheets": {"goal": {"values": {"goal": "Serve 300"}}}}
    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    files = [{"name": "old.json", "data": base64.b64encode(json.dumps(v1).encode()).decode()}]
    [conflict] = lead.combine(files)["conflicts"]
    assert conflict["theirs_by"] == "an unnamed person, October 1, 2026, 10:00 AM"
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


# ---- An export of everything a browser can save imports again --------------------------

def _filled_to(budget: int, text, record: dict | None = None) -> tuple[dict, dict]:
    """Entries (and a record remembering MAX_SEEN values of each row) adding up, as the page
    saves them, to at most ``budget`` characters: rows of every table, every text cell
    ``text(column)``."""
    from browser_py.core.model import MAX_ADDED_ROWS
    from browser_py.sharing.combine import MAX_SEEN

    state: dict = {"worksheets": {}}
    record = record if record is not None else {"name": ""}
    used = len(json.dumps(record, ensure_ascii=False, separators=(",", ":")))  # as JS saves
    for worksheet_id, sheet in runtime.schema().worksheets.items():
        for spec in sheet.value_fields:
            columns = [c for c in spec.columns if c.max_chars]
            if not (spec.type == "table" and spec.add_rows and columns):
                continue
            rows = state["worksheets"].setdefault(worksheet_id, {}).setdefault(spec.id, [])
            for number in range(MAX_ADDED_ROWS):
                row = {"row_id": f"r{number}", **{c.id: text(c) for c in columns}}
                unit = f"{spec.id}/{row['row_id']}"
                kept = {}
                if "seen" in record:
                    kept = {"seen": [f"{n:016x}" for n in range(MAX_SEEN)],
                            "stamp": {"at": "2026-12-01T10:00:00.000Z", "by": record["name"]}}
                size = len(json.dumps(row, ensure_ascii=False, separators=(",", ":"))) + len(
                    json.dumps(kept, separators=(",", ":"))) + len(unit) * 2 + 6
                if used + size > budget:
                    return state, record
                rows.append(row)
                if kept:
                    record["seen"].setdefault(worksheet_id, {})[unit] = kept["seen"]
                    record["stamps"].setdefault(worksheet_id, {})[unit] = kept["stamp"]
                used += size
    return state, record


@pytest.mark.parametrize("case", ["long texts in a 3-byte script", "many rows, each remembered"])
def test_an_export_of_all_a_browser_can_save_imports_again(case: str) -> None:
    from browser_py.core.model import MAX_ADDED_ROWS
    from browser_py.sharing import exchange

    budget = exchange.STORAGE_QUOTA_CHARS
    if case.startswith("long"):
        state, record = _filled_to(budget, lambda column: "界" * column.max_chars)
    else:
        state, record = _filled_to(budget, lambda column: "a", {
            "name": "N" * 80, "seen": {}, "stamps": {}, "edited": {}})
    saved = len(json.dumps(state, ensure_ascii=False, separators=(",", ":"))) + len(
        json.dumps(record, separators=(",", ":")))
    result = call("export", state=state, exported_at="2026-12-01T12:00:00Z", record=record)
    size = len(result["document"].encode())
    print(f"{case}: saved {saved:,} characters, export {size:,} bytes")
    full = all(len(rows) == MAX_ADDED_ROWS for tables in state["worksheets"].values()
               for rows in tables.values())
    assert saved > budget * 0.9 or full  # all a browser can hold, or all the tables can
    assert size <= exchange.MAX_IMPORT_BYTES
    data = base64.b64encode(result["document"].encode()).decode()
    preview = call("preview_import", current={"worksheets": {}}, data=data)
    assert preview["ok"], preview


def test_an_imported_file_keeps_who_changed_its_entries() -> None:
    ana = Member("Ana Ruiz")
    ana.edit("goal", "goal", "Serve 300", "2026-12-01T09:00:00Z")
    backup = ana.export("2026-12-01T10:00:00Z")
    lead = Member("Dana Lee")
    lead.edit("needs-estimate", "enrollment", "900", "2026-12-01T09:30:00Z")
    preview = call("preview_import", current=lead.state, data=backup["data"],
                   record=lead.record, now="2026-12-01T11:00:00Z")
    assert preview["ok"]
    lead.state, lead.record = preview["state"], {**preview["record"], "edited": {}}
    assert values(lead, "goal")["goal"] == "Serve 300"
    report = report_of(lead.state, "2026-12-01", lead.record)
    assert {s["id"]: s["entered_by"] for s in report["sections"]}["goal"] == (
        "Entered by Ana Ruiz.")
    exported = json.loads(base64.b64decode(lead.export("2026-12-01T12:00:00Z")["data"]))
    assert exported["worksheets"]["goal"]["changes"]["goal"]["by"] == "Ana Ruiz"
    # A worksheet the file does not hold stays the lead's own.
    assert exported["worksheets"]["needs-estimate"]["changes"]["enrollment"]["by"] == "Dana Lee"


def test_a_value_taken_from_an_earlier_file_is_named_as_such_in_a_later_conflict() -> None:
    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    handout = lead.export("2026-12-01T10:00:00Z", ["goal"])
    files = []
    for name, goal in (("Maria Lopez", "Serve 250"), ("James Ng", "Serve 240")):
        member = Member(name)
        member.combine([handout])
        member.edit("goal", "goal", goal, "2026-12-01T11:00:00Z")
        files.append({**member.export("2026-12-01T12:00:00Z"), "name": f"{name}.json"})
    lead.edit("goal", "goal", "Serve 220", "2026-12-01T11:30:00Z")
    first, second = lead.combine(files)["conflicts"]  # each file against the value here
    assert first["mine_note"].startswith("here, changed by Dana Lee")
    assert first["theirs_note"].startswith("in “Maria Lopez.json”, changed by Maria Lopez")
    assert second["mine_note"].startswith("here, changed by Dana Lee")
    # Taking Maria's value: James's file now meets hers, and says where it came from.
    [later] = lead.combine(files, {first["id"]: "theirs"})["conflicts"]
    assert later["mine"] == "Serve 250"
    assert later["mine_note"].startswith(
        "from “Maria Lopez.json”, combined above, changed by Maria Lopez")
    assert later["theirs_note"].startswith("in “James Ng.json”, changed by James Ng")


# ---- Starting values, removals, claims, names, undo -------------------------------------

def starting_sources() -> list[dict]:
    return runtime.schema().empty_values("needs-estimate")["sources"]


def test_a_hand_out_arrives_clean_and_its_removal_and_edits_travel_both_ways() -> None:
    """The lead edits starting rows and removes one; a fresh device takes the part with
    no question, edits another row and sends it back; the lead takes it with none."""
    lead = Member("Dana Lee")
    sources = [row for row in starting_sources() if row["row_id"] != "state-data"]
    sources[0] = {**sources[0], "indicated": "1240"}
    sources[1] = {**sources[1], "indicated": "860", "new": "410"}
    lead.edit("needs-estimate", "sources", sources, "2026-12-01T09:00:00Z")
    handout = lead.export("2026-12-01T10:00:00Z", ["needs-estimate"], "Your numbers, please.")

    for name in ("Marco Bellini", ""):  # with or without a name set
        marco = Member(name)
        got = marco.combine([handout])
        assert got["conflicts"] == [], got["conflicts"]
        rows = {row["row_id"]: row for row in values(marco, "needs-estimate")["sources"]}
        assert "state-data" not in rows and rows["screeners"]["indicated"] == "1240"
    mine = [dict(row) for row in values(marco, "needs-estimate")["sources"]]
    mine[2]["indicated"] = "95"
    marco.edit("needs-estimate", "sources", mine, "2026-12-01T11:00:00Z")
    back = marco.export("2026-12-01T12:00:00Z", ["needs-estimate"])

    done = lead.combine([back])
    assert done["conflicts"] == [] and done["changed"]
    rows = {row["row_id"]: row for row in values(lead, "needs-estimate")["sources"]}
    assert "state-data" not in rows
    assert rows["crisis-events"]["indicated"] == "95" and rows["referrals"]["new"] == "410"


def test_an_edit_against_a_removal_is_the_persons_choice() -> None:
    lead = Member("Dana Lee")
    lead.edit("needs-estimate", "enrollment", "900", "2026-12-01T09:00:00Z")
    handout = lead.export("2026-12-01T10:00:00Z", ["needs-estimate"])
    marco = Member("Marco Bellini")
    marco.combine([handout])
    edited = [dict(row) for row in values(marco, "needs-estimate")["sources"]]
    edited[-2]["indicated"] = "300"  # the state's data sources
    assert edited[-2]["row_id"] == "state-data"
    marco.edit("needs-estimate", "sources", edited, "2026-12-01T11:00:00Z")
    lead.edit("needs-estimate", "sources",
              [row for row in starting_sources() if row["row_id"] != "state-data"],
              "2026-12-01T11:30:00Z")
    [choice] = lead.combine([marco.export("2026-12-01T12:00:00Z")])["conflicts"]
    assert choice["mine"] == "(removed)" and "indicated: 300" in choice["theirs"]
    assert choice["theirs_by"].startswith("Marco Bellini")
    lead.combine([marco.export("2026-12-01T12:00:00Z")], {choice["id"]: "mine"})
    assert "state-data" not in {r["row_id"] for r in values(lead, "needs-estimate")["sources"]}
    # The lead chose knowing Marco's edit: her removal reaches him without a question.
    back = marco.combine([lead.export("2026-12-01T13:00:00Z", ["needs-estimate"])])
    assert back["conflicts"] == [] and "1 removed" in back["files"][0]["lines"][0]
    assert "state-data" not in {r["row_id"] for r in values(marco, "needs-estimate")["sources"]}


def test_a_file_claiming_to_have_seen_a_value_never_shared_gets_a_choice() -> None:
    """"Seen" in a file counts only for values this device shared or received."""
    from browser_py.sharing.combine import fingerprint

    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    lead.export("2026-12-01T10:00:00Z")
    lead.edit("goal", "goal", "Serve 220, never shared", "2026-12-01T10:30:00Z")
    forged = {"format": "cmhp-toolkit-export", "format_version": 3, "toolkit_version": "1",
              "exported_at": "2026-12-01T11:00:00Z", "district": "", "kind": "backup",
              "worksheets": {"goal": {"values": {"goal": "Serve 10"}, "changes": {"goal": {
                  "seen": [fingerprint("Serve 220, never shared"), fingerprint("Serve 200")]
              }}}}}
    files = [{"name": "forged.json",
              "data": base64.b64encode(json.dumps(forged).encode()).decode()}]
    [conflict] = lead.combine(files)["conflicts"]
    assert conflict["mine"] == "Serve 220, never shared"
    assert values(lead, "goal")["goal"] == "Serve 220, never shared"


def test_two_checklists_for_one_provider_and_rater_are_both_kept_and_named() -> None:
    def checklist(row_id: str, evidence: str) -> dict:
        return {"row_id": row_id, "provider": "Acme Clinic", "completed_by": "Lee",
                "evidence_must": evidence}

    lead = Member("Dana Lee")
    lead.edit("partner-checklist", "checklists", [checklist("c1", "License seen")],
              "2026-12-01T09:00:00Z")
    lead.export("2026-12-01T10:00:00Z")
    member = Member("Ana Ruiz")
    member.edit("partner-checklist", "checklists",
                [checklist("a1", "Called references"), checklist("a2", "Visited a school")],
                "2026-12-01T09:30:00Z")
    result = lead.combine([member.export("2026-12-01T11:00:00Z")])
    lines = [line for file in result["files"] for line in file["lines"]]
    assert any("“Acme Clinic · Lee” more than once" in line for line in lines), lines
    chosen = {c["id"]: "theirs" for c in result["conflicts"]}
    lead.combine([member.export("2026-12-01T11:00:00Z")], chosen)
    evidence = {item["evidence_must"] for item in values(lead, "partner-checklist")["checklists"]}
    assert {"Called references", "Visited a school"} <= evidence


def test_a_later_review_date_decides_nothing() -> None:
    lead = Member("Dana Lee")
    lead.edit("partner-checklist", "checklists", [{
        "row_id": "c1", "provider": "Acme", "completed_by": "Lee", "date": "2026-11-01",
        "evidence_must": "Lead's notes"}], "2026-12-01T09:00:00Z")
    other = Member("Ana Ruiz")
    other.edit("partner-checklist", "checklists", [{
        "row_id": "c9", "provider": "Acme", "completed_by": "Lee", "date": "2099-12-31",
        "evidence_must": "Ana's notes"}], "2026-12-01T09:30:00Z")
    result = lead.combine([other.export("2026-12-01T11:00:00Z")])
    assert len(result["conflicts"]) == 1 and result["state"] is None


@pytest.mark.parametrize(("kind", "expected"), [
    ("backup", "Lakeside Unified - backup - 2026-12-07.json"),
    ("part", "Lakeside Unified - Estimate student need - for Marco Bellini - 2026-12-07.json"),
    ("returned", "Lakeside Unified - Estimate student need - from Marco Bellini - "
                 "2026-12-07.json"),
])
def test_files_are_named_for_what_they_are(kind: str, expected: str) -> None:
    lead = Member("Dana Lee")
    lead.edit("district", "name", "Lakeside Unified", "2026-12-07T09:00:00Z")
    args = {"state": lead.state, "exported_at": "2026-12-07T10:00:00Z", "record": lead.record}
    if kind == "backup":
        assert call("export", **args)["filename"] == expected
        return
    part = call("export", **args, worksheets=["needs-estimate"], recipient="Marco Bellini")
    if kind == "part":
        assert part["filename"] == expected and part["kind"] == "part"
        document = json.loads(part["document"])
        assert (document["kind"], document["for"]) == ("part", "Marco Bellini")
        return
    marco = Member("Marco Bellini")
    got = marco.combine([{"name": part["filename"], "data": base64.b64encode(
        part["document"].encode()).decode()}])
    assert got["files"][0]["title"].startswith(
        f"“{part['filename']}”: a part handed out by Dana Lee for Marco Bellini, exported "
        "December 7, 2026")
    back = call("export", state=marco.state, exported_at="2026-12-07T11:00:00Z",
                record=marco.record, worksheets=["needs-estimate"])
    assert back["filename"] == expected and json.loads(back["document"])["for"] == "Dana Lee"


def test_a_file_name_never_carries_a_path_or_invisible_characters() -> None:
    from browser_py.core.file_names import export_filename

    name = export_filename("../etc/pass\u202ewd: *Unified*", "part", "2026-12-07",
                           ["Goal"], "A\u200b/B")
    assert name == "etc pass wd Unified - Goal - for A B - 2026-12-07.json"


@pytest.mark.parametrize("day", ["9999-12-31", "1066-10-14"])
def test_a_date_no_plan_can_hold_is_refused_with_a_message(day: str) -> None:
    document = {"format": "cmhp-toolkit-export", "format_version": 3, "toolkit_version": "1",
                "exported_at": "2026-12-01T10:00:00Z", "district": "", "kind": "backup",
                "worksheets": {"partner-checklist": {"values": {"checklists": [{
                    "row_id": "c1", "provider": "Acme", "completed_by": "Lee",
                    "date": day}]}}}}
    data = base64.b64encode(json.dumps(document).encode()).decode()
    reply = call("preview_import", current={"worksheets": {}}, data=data)
    assert not reply["ok"] and f"is {day}, which is not a date a plan can hold" in reply[
        "message"]
    combined = call("combine_files", current={"worksheets": {}}, files=[
        {"name": "ana.json", "data": data}], record={}, choices={}, now="x")
    assert not combined["ok"] and "from 1900 to 2100" in combined["message"]


def test_the_pages_words_for_a_part_and_its_choices_come_from_python() -> None:
    lead = Member("Dana Lee")
    lead.edit("goal", "goal", "Serve 200", "2026-12-01T09:00:00Z")
    part = call("export", state=lead.state, exported_at="2026-12-01T10:00:00Z",
                record=lead.record, worksheets=["goal"], recipient="Ana Ruiz")
    assert part["done"] == (f"The part was saved as “{part['filename']}”. Send it to whoever "
                            "fills it; when they send it back, bring it in with “Bring in a "
                            "file…”.")
    words = lead.combine([{"name": "x.json", "data": base64.b64encode(
        part["document"].encode()).decode()}])["words"]
    assert words["keep_all"] == "Keep all of mine" and words["mine"] == "Yours: "


def test_an_agreements_own_steps_travel_and_a_clash_shows_both_whole() -> None:
    """An agreement is one entry: its own steps come back with it from whoever filled
    them in; an entry changed on both sides waits for a choice that shows each side's
    steps in words."""
    lead = Member("Dana Lee")
    entry = {"row_id": "a1", "provider": "Bayview", "own_pathway": False}
    lead.edit("agreements", "agreements", [entry], "2026-12-01T09:00:00Z")
    handout = lead.export("2026-12-01T10:00:00Z", ["agreements"])
    marco = Member("Marco Bellini")
    assert marco.combine([handout])["conflicts"] == []
    steps = [{"row_id": "s1", "step": "Referral by phone", "days": "2", "wait": True}]
    marco.edit("agreements", "agreements", [{**entry, "own_pathway": True,
                                             "pathway_steps": steps}], "2026-12-01T11:00:00Z")
    back = marco.export("2026-12-01T12:00:00Z", ["agreements"])
    done = lead.combine([back])
    assert done["conflicts"] == [] and done["changed"]
    [got] = values(lead, "agreements")["agreements"]
    assert got["own_pathway"] is True and got["pathway_steps"][0]["step"] == "Referral by phone"

    marco.edit("agreements", "agreements", [{**got, "pathway_steps": [
        {**steps[0], "days": "3"}]}], "2026-12-01T13:00:00Z")
    lead.edit("agreements", "agreements", [{**got, "pathway_steps": [
        {**steps[0], "days": "1"}]}], "2026-12-01T13:30:00Z")
    [choice] = lead.combine([marco.export("2026-12-01T14:00:00Z")])["conflicts"]
    assert "step: Referral by phone; days: 1" in choice["mine"]
    assert "step: Referral by phone; days: 3" in choice["theirs"]
