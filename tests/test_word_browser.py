"""Word files in Chromium: the board brief and an agreement outline downloaded as .docx
from the full plan and read back with python-docx hold the page's headings, tables and
figures; the writer loads only when asked, and a writer that cannot load loses nothing."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import READY, seeded_page, state_key

docx = pytest.importorskip("docx", reason="python-docx is in the test extras")

pytestmark = pytest.mark.browser

FULL = Path(__file__).parent / "fixtures" / "states" / "full.json"
WRITER = re.compile(r"/assets/toolkit/(word\.mjs|docx/docx\.mjs)$")
WORD = "Download as Word (.docx)"


@pytest.fixture
def page(module_context, site_url: str) -> Iterator:
    """A page with the full plan saved; the test fails on any uncaught error."""
    with seeded_page(module_context, site_url, FULL.read_text()) as page:
        yield page


def open_brief(page, site_url: str) -> list[str]:
    """Open the board brief, wait until it is drawn; the addresses it fetched meanwhile."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "board-brief/")
    page.wait_for_selector(READY, timeout=60_000)
    page.locator("[data-report-actions]:not([hidden])").wait_for()
    return fetched


def save(page, tmp_path: Path, click) -> Path:
    with page.expect_download() as event:
        click()
    saved = tmp_path / event.value.suggested_filename
    event.value.save_as(saved)
    return saved


def headings(word) -> list[tuple[str, str]]:
    """The document's title and headings: (style, text)."""
    return [(p.style.name, p.text) for p in word.paragraphs
            if p.style.name == "Title" or p.style.name.startswith("Heading")]


def header_rows(word) -> list[list[str]]:
    """The first row of each table, marked as the header row Word repeats."""
    return [[cell.text for cell in table.rows[0].cells] for table in word.tables
            if table.rows[0]._tr.trPr is not None and table.rows[0]._tr.trPr.xpath("./w:tblHeader")]


PAGE_DOCUMENT = """(body) => ({
  title: document.querySelector("article h1").firstChild.textContent,
  headings: [...body.querySelectorAll("h2, h3")].map((h) => [h.tagName, h.textContent]),
  tables: [...body.querySelectorAll("table thead tr")].map(
    (row) => [...row.cells].map((cell) => cell.textContent)),
  figures: [...body.querySelectorAll(".tk-summary__items dt")].map(
    (dt) => `${dt.textContent}: ${dt.nextElementSibling.firstChild.textContent}`),
})"""


def test_the_brief_downloads_as_word_with_the_page_s_headings_tables_and_figures(
        page, site_url: str, tmp_path: Path) -> None:
    fetched = open_brief(page, site_url)
    assert [url for url in fetched if WRITER.search(url)] == [], \
        "the Word writer is fetched only when a person asks for a Word file"
    shown = page.locator("[data-report-body]").evaluate(PAGE_DOCUMENT)
    saved = save(page, tmp_path, lambda: page.get_by_role("button", name=WORD).click())
    assert re.fullmatch(r"board-brief-\d{4}-\d{2}-\d{2}\.docx", saved.name)
    page.locator("[data-file-status]", has_text=f"Word file saved: {saved.name}.").wait_for()
    word = docx.Document(str(saved))
    assert shown["title"].endswith("(shareable version)")
    level = {"H2": "Heading 1", "H3": "Heading 2"}
    assert headings(word) == [("Title", shown["title"])] + [
        (level[tag], text) for tag, text in shown["headings"]]
    assert word.core_properties.title == shown["title"]
    assert shown["tables"], "the brief shows a table"
    rows = header_rows(word)
    for header in shown["tables"]:
        assert header in rows
    texts = [p.text for p in word.paragraphs]
    assert shown["figures"], "the brief shows its figures"
    for figure in shown["figures"]:
        assert figure in texts
    # The shareable note, as the page shows it, in bold.
    note = page.locator("[data-report-body] .tk-report__shareable").first.text_content()
    (paragraph,) = [p for p in word.paragraphs if p.text == note]
    assert all(run.bold for run in paragraph.runs)


def test_an_agreement_outline_downloads_as_word(page, site_url: str, tmp_path: Path) -> None:
    page.goto(site_url + "partnerships/")
    page.wait_for_selector(READY, timeout=60_000)
    actions = page.locator("#ws-agreements [data-ws-actions]:not([hidden])")
    actions.wait_for()
    web = save(page, tmp_path, lambda: actions.locator("[data-ws-action=html]").click())
    saved = save(page, tmp_path, lambda: actions.locator("[data-ws-action=docx]").click())
    assert saved.name == web.name.replace(".html", ".docx")
    html = web.read_text(encoding="utf-8")
    word = docx.Document(str(saved))
    found = [(f"h{level}", text) for level, text in re.findall(r"<h(\d)>(.*?)</h\1>", html)]
    style = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2"}
    assert headings(word) == [(style[tag], unescape(text)) for tag, text in found]
    assert ("Heading 1", "Agreement with Lakeside Family Counseling Center") in headings(word)
    # Each part's lines, as the web page lists them, one paragraph each.
    items = [unescape(text) for text in re.findall(r"<li>(?:<strong>)?(.*?)(?:</strong>)?</li>",
                                                   html)]
    texts = [p.text for p in word.paragraphs]
    assert items and [text for text in texts if text in items] == items


def test_a_writer_that_cannot_load_says_so_and_loses_nothing(
        page, site_url: str, tmp_path: Path) -> None:
    page.route(re.compile(r"/docx/docx\.mjs$"), lambda route: route.abort())
    open_brief(page, site_url)
    before = page.evaluate("(key) => localStorage.getItem(key)", state_key(site_url))
    downloads: list = []
    page.on("download", lambda download: downloads.append(download))
    page.get_by_role("button", name=WORD).click()
    status = page.locator("[data-file-status]", has_text="The Word file could not be made")
    status.wait_for()
    assert "the web page (HTML) download" in status.text_content()
    assert downloads == []
    assert page.evaluate("(key) => localStorage.getItem(key)", state_key(site_url)) == before
    # The other files still come.
    saved = save(page, tmp_path, lambda: page.get_by_role(
        "button", name="Download as a web page (HTML)").click())
    assert saved.suffix == ".html"


def unescape(text: str) -> str:
    return html.unescape(text)


def test_a_word_file_converts_to_pdf_in_libreoffice(page, site_url: str,
                                                     tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, so no .docx is converted to "
                    "PDF here; the other tests read the files back with python-docx")
    open_brief(page, site_url)
    saved = save(page, tmp_path, lambda: page.get_by_role("button", name=WORD).click())
    out = tmp_path / "pdf"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--headless", "--convert-to", "pdf", "--outdir", str(out),
                           str(saved)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = out / saved.with_suffix(".pdf").name
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
