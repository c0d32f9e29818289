"""The provider packet names the district's contact, on the page and in its file."""

from __future__ import annotations

import json
from pathlib import Path

from browser_py.documents.report import report_markdown
from browser_py.worksheets.packet import Q_CONTACT, build_packet, packet_html

SETTINGS = {"small_cell_threshold": 10}


def test_the_packet_names_the_districts_contact_in_its_facts_and_its_file() -> None:
    values = {"district_schools": "21", "district_contact": "  Priya Raman <coordinator> "}
    packet = build_packet(values, SETTINGS)
    line = next(line for line in packet.lines if line.question == Q_CONTACT)
    assert (line.section, line.answer) == ("Facts about the district",
                                           "Priya Raman <coordinator>")
    html = packet_html(packet, "Lakeside", "December 1, 2026")
    assert ("<th scope=\"row\">Who should providers contact at the district?</th>"
            "<td>Priya Raman &lt;coordinator&gt;</td>") in html


def test_a_packet_without_a_contact_asks_no_question_about_it() -> None:
    packet = build_packet({"district_schools": "21"}, SETTINGS)
    assert all(line.question != Q_CONTACT for line in packet.lines)


def test_the_contact_reaches_the_packets_result_its_files_and_the_outlines(
        native_runtime) -> None:
    """Typed once in the packet: its result, its web page and Word file, the report's
    Markdown (both versions) and every agreement outline's files carry it."""
    state = json.loads((Path(__file__).parent / "fixtures/states/full.json").read_text())
    contact = "Priya Raman, coordinator of student support, 555-0142"
    today = "2027-03-20"
    packet = native_runtime.compute("provider-questions", state, today)["packet"]
    assert [Q_CONTACT, contact] in packet["rows"]
    for action in ("packet_file", "packet_docx"):
        made = native_runtime.action("provider-questions", action, state, today)
        assert contact in (made["text"] or json.dumps(made["document"], ensure_ascii=False))
    for shareable in (False, True):
        report = report_markdown(native_runtime.build_report(state, today, shareable))
        assert contact in report.replace("\\", "")
    for action in ("markdown", "html", "docx"):
        made = native_runtime.action("agreements", action, state, today)
        assert contact in (made["text"].replace("\\", "")
                           or json.dumps(made["document"], ensure_ascii=False))
