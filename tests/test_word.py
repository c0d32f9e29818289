"""The Word writer (``word.mjs``, run here in Node with the pinned npm package ``docx``)
writes every kind of block of the document model, read back with python-docx."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import typing
from pathlib import Path

import pytest

from browser_py.core.flow import FlowStep, flow
from browser_py.core.visible_text import escape_html
from browser_py.documents import document as doc

docx = pytest.importorskip("docx", reason="python-docx is in the test extras")

ROOT = Path(__file__).resolve().parent.parent
WRITER = ROOT / "site_templates/overrides/assets/toolkit/word.mjs"
PACKAGE = ROOT / "node_modules/docx/dist/index.mjs"
# Writes the document read from stdin to the file named by the first argument.
SCRIPT = """
import { writeFileSync } from "node:fs";
const [writer, docx, out] = process.argv.slice(-3);
const { wordDocument } = await import(writer);
const library = await import(docx);
let input = "";
for await (const chunk of process.stdin) input += chunk;
const buffer = await library.Packer.toBuffer(wordDocument(library, JSON.parse(input)));
writeFileSync(out, buffer);
"""

def _chart() -> dict:
    return {"id": "staff", "title": "Staff against the ratios",
            "description": "Counselors: 4 now, 10 recommended.", "height": 40, "shapes": [],
            "columns": ["Role", "Now", "Recommended"], "rows": [["Counselors", "4", "10"]]}


def every_kind() -> doc.Document:
    """A document holding each kind of block once (a box holds some of them)."""
    return doc.Document("Partnership plan (shareable version)", "Lakeview Unified",
                        "December 7, 2026", (
        doc.Paragraph("Counts under 10 are hidden.", "note"),
        doc.Box((doc.Heading("Summary"),
                 doc.Figure("Total student need so far", "3,095", ("Screeners", "IEPs")),
                 doc.Charts((_chart(),))), "summary"),
        doc.Heading("Needs", 2),
        doc.Heading("Sources", 3),
        doc.Paragraph("Nothing entered yet.", "empty"),
        doc.Answer("Who refers", "Counselors\nNurses"),
        doc.Items(("Screeners", "IEPs"), frozenset({1})),
        doc.table(("Group", "Students"), (("Grade 9", "<10"), ("Grade 10\nnew", "120")),
                  label="Enrollment by group"),
        doc.Result("Unmet need", "1,200", ("An estimate.",),
                   (doc.table(("Tier", "Need"), (("Tier 2", "800"),)),)),
        doc.Flow(flow("wait", "From referral to a first appointment: 5 school days",
                      "Steps 2 and 3 of the 4.", [
                          FlowStep(2, "Referral", "Counselor", "Intake", "2 school days",
                                   words="The school sends the referral."),
                          FlowStep(3, "First appointment", "", "Clinician", "3 school days",
                                   words="The first appointment.")])),
    ))


def _write(document: doc.Document, out: Path) -> None:
    node = shutil.which("node")
    if node is None or not PACKAGE.is_file():
        pytest.skip("needs Node.js and the npm package docx (`npm ci`)")
    subprocess.run([node, "--input-type=module", "-e", SCRIPT, "--", WRITER.as_uri(),
                    PACKAGE.as_uri(), str(out)],
                   input=json.dumps(doc.word_data(document)), text=True, check=True,
                   timeout=60)


def test_the_model_has_no_kind_the_test_leaves_out() -> None:
    kinds = {kind.__name__.lower() for kind in typing.get_args(doc.Block)}
    found: set[str] = set()

    def walk(blocks: list[dict]) -> None:
        for block in blocks:
            found.add(block["kind"])
            walk(block.get("blocks", []))
    walk(every_kind().as_data()["blocks"])
    assert found == kinds


def test_every_kind_of_block_is_written(tmp_path: Path) -> None:
    out = tmp_path / "every-kind.docx"
    _write(every_kind(), out)
    word = docx.Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in word.paragraphs]
    texts = [text for _style, text in paragraphs]
    headings = [(style, text) for style, text in paragraphs
                if style == "Title" or style.startswith("Heading")]
    assert headings == [("Title", "Partnership plan (shareable version)"),
                        ("Heading 1", "Summary"), ("Heading 1", "Needs"),
                        ("Heading 2", "Sources")]
    assert word.core_properties.title == "Partnership plan (shareable version)"
    assert "Lakeview Unified · December 7, 2026" in texts
    note = next(p for p in word.paragraphs if p.text == "Counts under 10 are hidden.")
    assert all(run.bold for run in note.runs)
    empty = next(p for p in word.paragraphs if p.text == "Nothing entered yet.")
    assert all(run.italic for run in empty.runs)
    # Figures and results: "label: text", then their names or messages as a list.
    assert "Total student need so far: 3,095" in texts
    assert "Unmet need: 1,200" in texts
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Paragraph"
               or p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert bullets == ["Screeners", "IEPs", "Screeners", "IEPs", "An estimate."]
    strong = [p for p in word.paragraphs if p.text == "IEPs"][1]
    assert all(run.bold for run in strong.runs)
    # An answer: its label, then each line on its own.
    at = texts.index("Who refers")
    assert texts[at + 1:at + 3] == ["Counselors", "Nurses"]
    assert "Enrollment by group" in texts
    # Tables, the chart's first: header rows repeat, each line of a cell its own paragraph.
    cells = [[[p.text for p in cell.paragraphs] for cell in row.cells]
             for table in word.tables for row in table.rows]
    assert [[c[0] for c in row] for row in cells[:2]] == [
        ["Role", "Now", "Recommended"], ["Counselors", "4", "10"]]
    assert "Staff against the ratios" in texts
    assert "Counselors: 4 now, 10 recommended." in texts
    assert ["Grade 10", "new"] in cells[4]
    headers = [table.rows[0]._tr.trPr.xpath("./w:tblHeader") for table in word.tables]
    assert all(headers) and len(word.tables) == 3
    assert cells[5:] == [[["Tier"], ["Need"]], [["Tier 2"], ["800"]]]
    # A flow diagram: its title in bold, its sentence, then its steps in order.
    at = texts.index("From referral to a first appointment: 5 school days")
    assert texts[at + 1:at + 4] == ["Steps 2 and 3 of the 4.",
                                    "2. The school sends the referral.",
                                    "3. The first appointment."]
    assert all(run.bold for run in word.paragraphs[at].runs)
    assert texts[-1] == doc.CREDIT


def test_a_document_without_its_line_or_credit(tmp_path: Path) -> None:
    out = tmp_path / "packet.docx"
    packet = doc.Document("Information for community providers", "", "", (
        doc.Heading("Contact"), doc.table((), (("Who to call", "Ana Ruiz"),), row_headers=True)),
        credit=False, meta=False)
    _write(packet, out)
    word = docx.Document(str(out))
    assert [p.text for p in word.paragraphs if p.text] == [
        "Information for community providers", "Contact"]
    (row,) = word.tables[0].rows
    assert [c.text for c in row.cells] == ["Who to call", "Ana Ruiz"]
    assert row.cells[0].paragraphs[0].runs[0].bold


def test_the_build_vendors_the_writer_and_keeps_it_for_later(tmp_path: Path) -> None:
    import gzip

    from generator import offline, word_writer

    source = ROOT / "node_modules" / "docx"
    if not (source / "dist" / "index.mjs").is_file():
        pytest.skip("needs the npm package docx (`npm ci`)")
    site = tmp_path / "site"
    written = word_writer.copy(source, site / "assets" / "toolkit")
    module = (source / "dist" / "index.mjs").read_bytes()
    folder = site / "assets" / "toolkit" / "docx"
    assert written == [folder / "docx.mjs", folder / "docx.mjs.gz", folder / "LICENSE"]
    assert (folder / "docx.mjs").read_bytes() == module
    assert gzip.decompress((folder / "docx.mjs.gz").read_bytes()) == module
    assert "MIT" in (folder / "LICENSE").read_text(encoding="utf-8")
    # The module has no imports of its own: the one file is the whole writer.
    assert not re.search(rb"^\s*import\s|^\s*export\s.*\sfrom\s", module, re.M)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    files, later, _pages, _version = offline.site_files(site)
    assert later == ["assets/toolkit/docx/docx.mjs"]
    assert "assets/toolkit/docx/docx.mjs.gz" not in files


def test_a_missing_package_says_how_to_install_it(tmp_path: Path) -> None:
    from generator import word_writer

    with pytest.raises(FileNotFoundError, match="npm ci"):
        word_writer.copy(tmp_path / "node_modules" / "docx", tmp_path / "site")


@pytest.mark.parametrize("shareable", [False, True])
def test_the_report_and_brief_name_their_version_in_the_word_file(native_runtime,
                                                                  shareable: bool) -> None:
    state = json.loads((ROOT / "tests/fixtures/states/full.json").read_text())
    day = "2026-12-07"
    report = native_runtime.report_file(state, day, "docx", shareable, {})
    brief = native_runtime.brief_file(state, day, "docx", shareable)
    assert report["filename"] == f"partnership-plan-{'shareable-' if shareable else ''}{day}.docx"
    assert brief["filename"] == f"board-brief-{'' if shareable else 'full-'}{day}.docx"
    for made, html in ((report, native_runtime.report_file(state, day, "html", shareable, {})),
                       (brief, native_runtime.brief_file(state, day, "html", shareable))):
        assert made["media_type"] == doc.DOCX_TYPE
        title = made["document"]["title"]
        assert f"<h1>{title}</h1>" in html["text"]
        assert ("shareable" in title.lower()) == shareable
        notes = [b["text"] for b in made["document"]["blocks"]
                 if b["kind"] == "paragraph" and b["style"] == "note"]
        assert notes or not shareable, "the shareable version says what it hides"
        for note in notes:
            assert f'<p class="note"><strong>{escape_html(note)}</strong></p>' in html["text"]


def test_the_outlines_and_the_packet_come_as_word_files_beside_their_web_pages(
        native_runtime) -> None:
    state = json.loads((ROOT / "tests/fixtures/states/full.json").read_text())
    for worksheet, html_id, docx_id in (("agreements", "html", "docx"),
                                        ("provider-questions", "packet_file", "packet_docx")):
        web = native_runtime.action(worksheet, html_id, state, "2026-12-07")
        word = native_runtime.action(worksheet, docx_id, state, "2026-12-07")
        assert word["filename"] == web["filename"].replace(".html", ".docx")
        assert word["media_type"] == doc.DOCX_TYPE
        assert f"<title>{word['document']['title']}</title>" in web["text"].replace(
            "&#x27;", "'")
