"""A workload that exercises browser_py the way the page does, run both natively and inside
Pyodide (with the site's trimmed standard library) by tests/test_pyodide_runtime.py.

Standard library and browser_py only: this file is copied into Pyodide as it is.
"""

from __future__ import annotations

import binascii
import datetime
import hashlib
import io
import json
import re
import zipfile

from browser_py.page import protocol

TODAY = "2026-03-02"
NOW = "2026-03-02T10:00:00+00:00"


def call(method: str, **args):
    """Call browser_py as the worker does: JSON in, JSON out (the reply with ok)."""
    return json.loads(protocol.call(method, json.dumps(args)))


def _tree(element) -> list:
    """An XML element as plain data: names with their namespaces spelt out, so that two
    writings of one document (a namespace declared once or on each element, as Python
    versions' ElementTree differ) read the same."""
    return [element.tag, sorted(element.attrib.items()), element.text, element.tail,
            [_tree(child) for child in element]]


def _unstamped(reply: dict) -> dict:
    """A reply whose calendar file's DTSTAMP (the moment it was made) is blanked, and
    whose Excel workbook is given as its parts: each XML part's checksum as read back
    (zlib may pack the same bytes differently, and ElementTree write them differently, in
    CPython and in Pyodide) and the date it carries."""
    result = reply.get("result")
    if isinstance(result, dict) and isinstance(result.get("text"), str):
        result["text"] = re.sub(r"DTSTAMP:\d{8}T\d{6}Z", "DTSTAMP:(made)", result["text"])
    if isinstance(result, dict) and isinstance(result.get("base64"), str):
        from xml.etree import ElementTree  # comes with the Excel zip in Pyodide

        data = binascii.a2b_base64(result.pop("base64"))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            result["parts"] = {info.filename: [hashlib.sha256(json.dumps(_tree(
                ElementTree.fromstring(archive.read(info)))).encode()).hexdigest(),
                list(info.date_time)] for info in archive.infolist()}
    return reply


def _unnumbered(reply: dict) -> dict:
    """An export's reply whose export id (random, new with each export) is blanked."""
    result = reply.get("result")
    if isinstance(result, dict) and result.get("record", {}).get("exports"):
        made = result["record"]["exports"][-1]
        result["record"]["exports"][-1] = "(made)"
        result["document"] = result["document"].replace(made, "(made)")
    return reply


def district_file() -> dict:
    """A district's CSV (Windows-1252, semicolons) read, counted by group, and forgotten."""
    text = "Student ID;Nom;School\n" + "".join(
        f"{i:05d};Zoé {i};{'Nord' if i % 3 else 'Sud'}\n" for i in range(60))
    read = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "f", "name": "liste.csv", "read_at": NOW}), text.encode("cp1252")))
    counted = call("count_from_files", links=[
        {"row_id": "screeners", "file_id": "f", "id_column": 0, "group_column": 2}],
        worksheet="needs-estimate", table=[
            {"row_id": "typed", "source": "Referrals", "indicated": "12", "new": "12"},
            {"row_id": "screeners", "source": "Screeners", "indicated": "", "new": ""}])
    return {"read": read, "counted": counted,
            "forget": call("forget_district_file", file_id="f")}


def workbook(data: bytes) -> dict:
    """A district's Excel workbook (its second sheet) read, counted by group, forgotten."""
    read = json.loads(protocol.call_with_file(json.dumps(
        {"file_id": "w", "name": "log.xlsx", "read_at": NOW, "sheet": "Referrals"}), data))
    counted = call("count_from_files", links=[
        {"row_id": "referrals", "file_id": "w", "id_column": 0, "group_column": 3}],
        worksheet="needs-estimate", table=[])
    return {"read": read, "counted": counted,
            "forget": call("forget_district_file", file_id="w")}


def run(definitions_json: str, states: list[dict], workbook_data: bytes = b"") -> dict:
    """Every call the page makes, on every state; plus standard-library paths that import
    modules lazily (dates parsed with strptime, text codecs), and an Excel workbook read
    when ``workbook_data`` holds one (the Excel reader must be on ``sys.path``)."""
    protocol.setup(definitions_json)
    definitions = json.loads(definitions_json)["worksheets"]
    results: dict = {"lazy": {
        "strptime": datetime.datetime.strptime("2026-03-02", "%Y-%m-%d").isoformat(),
        "latin-1": "café".encode("latin-1").hex(),
        "utf-16": len("café".encode("utf-16")),
        "utf-8-sig": "café".encode("utf-8-sig").hex(),
        "cp1252": "café".encode("cp1252").hex(),
    }}
    results["district file"] = district_file()
    if workbook_data:
        results["workbook"] = workbook(workbook_data)
    for number, state in enumerate(states):
        out: dict = {}
        every = [sheet["id"] for sheet in definitions if sheet["computed"]]
        for version in ("full", "shareable"):
            out[f"refresh {version}"] = call(
                "refresh", state=state, today=TODAY, meta={}, now=NOW,
                page={"worksheets": every, "grids": True, "report": version,
                      "dashboard": True, "status": True, "ahead": True})
        for sheet in definitions:
            for field in sheet["fields"]:
                if field["type"] == "table":
                    out[f"csv {sheet['id']}.{field['id']}"] = call(
                        "table_csv", worksheet=sheet["id"], field=field["id"], state=state)
            for action in sheet.get("actions", []):
                out[f"action {sheet['id']}.{action['id']}"] = _unstamped(call(
                    "action", worksheet=sheet["id"], action_id=action["id"], state=state,
                    today=TODAY))
        exported = call("export", state=state, exported_at=NOW)
        out["preview"] = call("preview_import", current={}, text=exported["result"]["document"])
        out["export"] = _unnumbered(exported)
        out["preview bad"] = call("preview_import", current=state, text="{not json")
        out["too large"] = call("check_file_size", size=50_000_000)
        for kind in ("markdown", "html"):
            out[f"report {kind}"] = call("report_file", state=state, today=TODAY, kind=kind)
        results[f"state {number}"] = out
    return results
