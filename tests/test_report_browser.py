"""The dashboard and the full report in Chromium, printed to PDF."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from pypdf import PdfReader

STATE = Path(__file__).parent / "fixtures" / "states" / "partial.json"
READY = "html[data-python=ready]"


def seed(page, site_url: str) -> None:
    key = f"cmhp-toolkit:{urlparse(site_url).path}:state"
    page.goto(site_url + "your-data/")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, STATE.read_text()])


def test_report_prints_every_section(browser, site_url: str, site_dir: Path) -> None:
    titles = [w["title"] for w in json.loads(
        (site_dir / "assets/toolkit/worksheets.json").read_text())["worksheets"]]
    context = browser.new_context()
    page = context.new_page()
    try:
        seed(page, site_url)
        page.goto(site_url + "report/")
        page.wait_for_selector(READY, timeout=60_000)
        page.locator("[data-report-actions]:not([hidden])").wait_for()
        pdf = PdfReader(io.BytesIO(page.pdf(format="Letter")))
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
        for title in titles:
            assert re.sub(r"\s+", " ", title) in text, title
        assert "Lakeside Unified" in text
        assert "Nothing entered yet." in text
        assert "Print or save as PDF" not in text, "buttons are not printed"
    finally:
        context.close()


def test_dashboard_links_each_started_worksheet(browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_url)
        page.wait_for_selector(READY, timeout=60_000)
        path = page.locator("[data-dashboard-items]:not([hidden]) a")
        path.first.wait_for()
        assert "Three ways to provide more care" in path.all_inner_texts()
        seed(page, site_url)
        page.goto(site_url)
        item = page.locator(".tk-dashboard__item", has_text="Estimate student need")
        item.wait_for()
        assert "300" in item.inner_text()
        item.get_by_role("link").click()
        page.wait_for_url(re.compile(r"needs-and-goals/#ws-needs-estimate$"))
    finally:
        context.close()
