"""The partner checklist and the provider packet in Chromium: rate two providers, compare
them, merge a second rater's export, and print the packet with no small count in it."""

from __future__ import annotations

import copy
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import READY, output, pdf_text, poll, saved_state, wait_text

pytestmark = pytest.mark.browser

CHECKLIST = "partner-checklist/"
THRESHOLD = 10
MUSTS = ("must-services", "must-times-places", "must-cost", "must-privacy")
NICES = ("nice-languages", "nice-payment", "nice-linkages", "nice-messaging")




def add_checklist(page, provider: str, rater: str, date: str, ratings: dict[str, str],
                  verdict: str) -> str:
    items = page.locator("#ws-partner-checklist [data-repeat-item]")
    before = items.count()
    page.click("#ws-partner-checklist [data-add-item]")
    item = items.nth(before)
    row = item.get_attribute("data-row-id")
    prefix = f"#w-partner-checklist--checklists--{row}"
    page.fill(f"{prefix}--provider", provider)
    page.fill(f"{prefix}--completed_by", rater)
    page.fill(f"{prefix}--date", date)
    for criterion, rating in ratings.items():
        page.check(f"{prefix}--ratings--{criterion}--{rating}")
    page.check(f"{prefix}--verdict--{verdict}")
    return row


def download(page, selector: str, target: Path) -> Path:
    with page.expect_download() as event:
        page.click(selector)
    target.mkdir(parents=True, exist_ok=True)
    path = target / event.value.suggested_filename
    event.value.save_as(path)
    return path


def small_counts(text: str) -> list[str]:
    """Whole numbers under the threshold in ``text``, leaving out percentages and the
    "<10" marker itself."""
    text = re.sub(r"\d+(?:\.\d+)?%", " ", text)
    text = text.replace(f"<{THRESHOLD}", " ")
    numbers = re.findall(r"(?<![\d.,])\d[\d,]*(?![\d.,]*\d)", text)
    return [n for n in numbers if int(n.replace(",", "")) < THRESHOLD]


def html_text(document: str) -> str:
    """The text a reader sees in an HTML page (styles left out)."""
    parts: list[str] = []

    class Text(HTMLParser):
        skip = False

        def handle_starttag(self, tag, attrs) -> None:
            self.skip = tag in ("style", "script")

        def handle_endtag(self, tag) -> None:
            self.skip = False

        def handle_data(self, data) -> None:
            if not self.skip:
                parts.append(data)

    Text().feed(document)
    return " ".join(parts)


def test_rate_compare_merge_and_print_the_packet(page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + CHECKLIST)
    page.wait_for_selector(READY, timeout=60_000)

    # Rate two providers.
    acme = add_checklist(page, "Acme Counseling", "Lee", "2026-03-01",
                         {**dict.fromkeys(MUSTS, "agree"), "nice-languages": "strongly-agree",
                          "nice-payment": "agree", "nice-linkages": "agree"}, "meets")
    add_checklist(page, "Beacon Health", "Lee", "2026-03-02",
                  {"must-services": "disagree", "must-times-places": "agree",
                   "must-cost": "no-evidence", "must-privacy": "agree"}, "does-not-meet")
    note = page.locator(f"#w-partner-checklist--checklists--{acme} [data-item-note]")
    assert "Exceeds district needs" in wait_text(note, "differs")
    assert page.inner_text(f"#w-partner-checklist--checklists--{acme} legend") == \
        "Checklist 1: Acme Counseling"

    # Compare, sorted by suggested verdict then by name.
    matrix = output(page, "partner-compare", "matrix")
    wait_text(matrix, "2 providers compared")
    page.check("#w-partner-compare--sort_by--name")
    providers = matrix.locator("thead th")  # criteria as rows, providers as columns
    names = ["Criterion", "Acme Counseling", "Beacon Health"]
    assert poll(page, lambda: providers.all_inner_texts() == names)
    page.check("#w-partner-compare--sort_by--follow-ups")
    assert poll(page, lambda: providers.all_inner_texts()[1] == "Acme Counseling")
    follow_ups = output(page, "partner-compare", "follow_ups")
    wait_text(follow_ups, "1 open follow-up question")
    assert "Services are not cost prohibitive" in follow_ups.locator("tbody").inner_text()
    with page.expect_download() as csv_file:
        page.click("#ws-partner-compare [data-ws-action=csv]")
    csv_text = Path(csv_file.value.path()).read_bytes().decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Provider,Suggested verdict,Chosen verdict")

    # A second rater's export: the same providers, rated by Sam on another computer.
    mine = json.loads(download(page, "[data-action=export]", tmp_path / "lee").read_text())
    theirs = copy.deepcopy(mine)
    for number, item in enumerate(theirs["worksheets"]["partner-checklist"]["values"]
                                  ["checklists"]):
        item.update(row_id=f"sam-{number}", completed_by="Sam", verdict="")
        if item["provider"] == "Acme Counseling":
            item["ratings"].update({"must-services": "disagree", "must-privacy": "no-evidence"})
    sams = tmp_path / "sam.json"
    sams.write_text(json.dumps(theirs))
    page.set_input_files("[data-import-file]", str(sams))
    preview = page.locator("[data-preview-list]")
    preview.wait_for()
    assert "2 added (Acme Counseling · Sam; Beacon Health · Sam)" in preview.inner_text()
    page.click("[data-action=confirm-import]")
    assert page.locator("#ws-partner-checklist [data-repeat-item]").count() == 4
    wait_text(matrix, "from 4 checklists by 2 people")
    acme_row = matrix.evaluate("""(output) => {
        const table = output.querySelector("table");
        const at = [...table.tHead.rows[0].cells].findIndex(
          (cell) => cell.textContent === "Acme Counseling");
        return [...table.tBodies[0].rows].map((row) => row.cells[at].textContent).join("\\n");
    }""")
    assert "raters disagree: Disagree to Agree" in acme_row
    assert "Agree; No evidence from 1" in acme_row  # privacy: Lee's Agree; Sam's is unknown
    assert "Talk it through" in matrix.locator(".ws-output__messages").inner_text()
    saved = saved_state(page)["worksheets"]["partner-checklist"]["checklists"]
    assert sorted((c["provider"], c["completed_by"]) for c in saved) == [
        ("Acme Counseling", "Lee"), ("Acme Counseling", "Sam"),
        ("Beacon Health", "Lee"), ("Beacon Health", "Sam")]

    # Enrollment is typed once, in the needs estimate; then the district profile (instant
    # navigation keeps Python running).
    page.click("nav.md-nav--primary a[href$='needs-and-goals/']")
    page.wait_for_selector("#w-needs-estimate--enrollment")
    page.fill("#w-needs-estimate--enrollment", "4200")
    page.click("nav.md-nav--primary a[href$='provider-questions/']")
    page.wait_for_selector("#ws-provider-questions")
    assert page.locator("#w-provider-questions--district_students").count() == 0
    wait_text(output(page, "provider-questions", "facts"),
              "Students enrolled: 4,200 — typed in Estimate student need")
    profile = {"district_schools": "12", "iep_students": "450",
               "plan504_students": "6", "ermhs_students": "40"}
    for field, value in profile.items():
        page.fill(f"#w-provider-questions--{field}", value)
    table = {"composition--asian": "120", "composition--black": "7",
             "composition--white": "2000", "composition--hispanic": "1500",
             "subgroups--foster-care": "3", "subgroups--english-learners": "640"}
    for cell, value in table.items():
        page.fill(f"#w-provider-questions--{cell}--students", value)
    packet = output(page, "provider-questions", "packet")
    wait_text(packet, "Students in foster care: <10")
    assert "Students with ERMHS in their IEP or 504 plan: hidden" in packet.inner_text()
    preview_text = output(page, "provider-questions", "preview").inner_text()
    assert "3 counts under 10 are shown as “<10”, and 2 more are hidden" in preview_text
    assert "Asian: hidden too" in preview_text

    # Printed: the packet only; no count under the threshold anywhere on the page.
    page.emulate_media(media="print")
    assert output(page, "provider-questions", "preview").is_hidden()
    assert output(page, "provider-questions", "facts").is_hidden()
    printed = page.evaluate(
        "() => document.querySelector('article').innerText.replace("
        "document.querySelector('[data-print-header]').innerText, '')")
    assert "Black or African American: <10" in printed
    assert "Students in foster care: <10" in printed
    assert small_counts(printed) == [], printed
    page.emulate_media(media="null")  # page.pdf() prints with print media itself
    pdf = pdf_text(page.pdf())
    assert "Students in foster care: <10" in " ".join(pdf.split())  # lines wrap on paper
    assert "4,200" in pdf and "Talk it through" not in pdf
    header = re.search(r"Printed \w+ \d+, \d{4}", pdf)
    assert small_counts(pdf.replace(header[0], "") if header else pdf) == [], pdf

    # The file to share holds the same packet, and no count under the threshold either.
    shared = download(page, "#ws-provider-questions [data-ws-action=packet_file]",
                      tmp_path / "packet").read_text()
    assert "Asian: hidden" in shared and "White: 2,000 (47.6%)" in shared
    body = html_text(shared)
    assert "Prepared on " in body
    assert small_counts(re.sub(r"Prepared on \w+ \d+, \d{4}", "", body)) == [], body
