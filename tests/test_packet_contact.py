"""The provider packet names the district's contact, on the page and in its file."""

from __future__ import annotations

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
