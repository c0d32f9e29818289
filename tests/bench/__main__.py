"""``python -m tests.bench``: build, serve and measure the toolkit against its baselines.

Everything is measured in one run against baselines measured in the same run: a bare page
that boots stock Pyodide in a module worker, and a plain mkdocs-material build of the same
pages. Toolkit and baseline runs alternate so that both see the same machine load.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import math
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.bench import district_file, sites  # noqa: E402
from tests.bench.probes import Probe, Visit  # noqa: E402
from tests.bench.report import Figure, table, write_json  # noqa: E402
from tests.helpers import chromium_launch_options  # noqa: E402

WORKSHEET_PAGE = "needs-and-goals/"
SECOND_PAGE = "working-group/"
READING_FIRST = "your-data/"  # read first: its service worker keeps the offline copy
EDIT_FIELD = "#w-needs-estimate--sources--screeners--indicated"
EDIT_SECTION = "#ws-needs-estimate"
STARTED = time.monotonic()
PYTHON_PAGE = re.compile(r"\sdata-(?:ws-form|report|dashboard)[\s=>]")
# Chromium network emulation for the throttled runs: 10 Mbit/s each way, 40 ms latency;
# and a congested school network, 3 Mbit/s and 100 ms. CPU: an older Chromebook, 4x slower.
THROTTLE = {"latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
CONGESTED = {"latency": 100, "downloadThroughput": 3e6 / 8, "uploadThroughput": 3e6 / 8}
SLOW_CPU = 4


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--edits", type=int, default=1000,
                        help="edits per edit run (default 1000)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke mode: 1 run each, 10 edits, no throttled or cold-cache build")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-results.json",
                        help="where to write the results (default bench-results.json)")
    parser.add_argument("--cold", action="store_true",
                        help="only the cold start-up figures: each network and CPU profile, "
                        "and the bytes")
    parser.add_argument("--files", action="store_true",
                        help="only the figures of counting from district files")
    args = parser.parse_args(argv)
    runs, edits = (1, 10) if args.quick else (max(args.runs, 1), args.edits)

    with tempfile.TemporaryDirectory(prefix="cmhp-bench-") as scratch:
        only = "files" if args.files else "cold" if args.cold else ""
        figures, meta = measure(Path(scratch), runs, edits, args.quick, only)
    meta.update(runs=runs, edits=edits, quick=args.quick)
    print(table(figures))
    write_json(args.json, figures, meta)
    print(f"\nwrote {args.json}")
    return 0


def measure(scratch: Path, runs: int, edits: int, quick: bool, only: str = ""
            ) -> tuple[list[Figure], dict]:
    """Build, serve and measure; ``only`` ("files" or "cold") limits it to those figures."""
    www = scratch / "www"
    server = sites.Server(www)
    try:
        site_url = server.url + "toolkit/"
        log("building the toolkit site, the plain site and the bare page")
        first = sites.build_toolkit(www / "toolkit", site_url)
        plain = sites.plain_config(scratch)
        first_plain = sites.build_plain(www / "plain", plain)
        sites.write_bare(www / "bare")
        (www / "blank.html").write_text("<!doctype html><title>blank</title>", "utf-8")
        if only:
            figures = []
        elif quick:  # the two builds above stand for the build figure
            figures = [Figure("build", "site build", "s", [first], "plain mkdocs build",
                              [first_plain], "<= 1.5x", "ratio", 1.5)]
        else:
            log("timing builds")
            figures = build_figures(scratch, site_url, plain, runs)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_launch_options(playwright))
            try:
                meta = {"chromium": browser.version}
                probe = Probe(browser, server.url + "blank.html")
                if only == "files":
                    log("counting from district files")
                    figures = file_figures(probe, site_url + WORKSHEET_PAGE, runs, quick,
                                           scratch)
                elif only == "cold":
                    figures = cold_figures(probe, site_url + WORKSHEET_PAGE,
                                           server.url + "bare/", runs, quick, meta)
                else:
                    figures = browser_figures(probe, server.url, www, runs, edits, quick,
                                              meta) + figures
            finally:
                browser.close()
    finally:
        server.close()
    meta.update(
        generated=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        machine={"cpus": os.cpu_count(), "platform": platform.platform(),
                 "python": platform.python_version()},
        throttle=THROTTLE, congested=CONGESTED, slow_cpu=SLOW_CPU,
    )
    return figures, meta


def build_figures(scratch: Path, site_url: str, plain: Path, runs: int) -> list[Figure]:
    """Site build time (runtime cache filled, as after the first build) against a plain
    ``mkdocs build`` of the same pages; and one build with an empty runtime cache."""
    full, bare = [], []
    for _ in range(runs):
        full.append(sites.build_toolkit(scratch / "build-toolkit", site_url))
        bare.append(sites.build_plain(scratch / "build-plain", plain))
    empty = [sites.build_toolkit(scratch / "build-cold", site_url, scratch / "cache")]
    return [
        Figure("build", "site build", "s", full, "plain mkdocs build", bare, "<= 1.5x",
               "ratio", 1.5),
        Figure("build_empty_cache", "site build, empty runtime cache (once)", "s", empty,
               "plain mkdocs build", bare),
    ]


def alternate(visit: Callable[[str], Visit], toolkit: str, baseline: str, runs: int
              ) -> tuple[list[Visit], list[Visit]]:
    """``runs`` visits of each page, toolkit and baseline taking turns to go first, so
    that both see the same machine load."""
    ours: list[Visit] = []
    theirs: list[Visit] = []
    for run in range(runs):
        pair = [(toolkit, ours), (baseline, theirs)]
        for url, into in pair if run % 2 == 0 else pair[::-1]:
            into.append(visit(url))
    return ours, theirs


def browser_figures(probe: Probe, base: str, www: Path, runs: int, edits: int,
                    quick: bool, meta: dict) -> list[Figure]:
    toolkit, bare, plain = base + "toolkit/", base + "bare/", base + "plain/"
    worksheet = toolkit + WORKSHEET_PAGE
    figures = cold_figures(probe, worksheet, bare, runs, quick, meta)
    log("warm boots")
    warm, warm_bare = alternate(probe.warm, worksheet, bare, runs)
    log("a worksheet page after a reading page")
    after = [probe.after_reading(toolkit + READING_FIRST, worksheet) for _ in range(runs)]
    log("whole first visits, offline copy included")
    first = [probe.first_visit(worksheet, sites.WIRE) for _ in range(runs)]
    first_reading = [probe.first_visit(toolkit + READING_FIRST, sites.WIRE, python=False)
                     for _ in range(runs)]
    meta["downloaded_twice"] = sorted({path for visit in first + first_reading
                                       for path in visit.extra["twice"]})
    log("second page, edits, paints, bytes")
    second = [probe.second_page(worksheet, SECOND_PAGE) for _ in range(runs)]
    for visit in second:
        if visit.extra["boots"] != "1" or not visit.extra["path"].endswith(SECOND_PAGE):
            raise RuntimeError(f"instant navigation did not keep the worker: {visit.extra}")
    edit_runs = [probe.edits(worksheet, EDIT_FIELD, EDIT_SECTION, edits) for _ in range(runs)]
    fcp, fcp_plain = [], []
    for _ in range(1 if quick else runs * 3):  # paints vary most: take more of them
        fcp.append(probe.paint(worksheet)[0])
        fcp_plain.append(probe.paint(plain + WORKSHEET_PAGE)[0])
    reading = reading_pages(www / "toolkit")[: 1 if quick else None]
    reading_visits = [probe.paint(toolkit + page)[1] for page in reading for _ in range(runs)]
    plain_visits = [probe.paint(plain + WORKSHEET_PAGE)[1] for _ in range(runs)]

    meta["reading_pages"] = reading
    ms = lambda visits: [v.ready_ms for v in visits]  # noqa: E731
    cold_bare = figures[0].baseline or []
    figures[1:1] = [
        Figure("warm_ready", "warm (HTTP cache): Python ready", "ms", ms(warm),
               "bare Pyodide page", ms(warm_bare), "<= 1.10x", "ratio", 1.10),
        Figure("after_reading", f"worksheet page after a reading page ({READING_FIRST}): "
               "Python ready", "ms", ms(after), "bare cold boot", cold_bare, target="-"),
        Figure("second_page", f"second worksheet page computed ({SECOND_PAGE})", "ms",
               [v.extra["navigate_ms"] for v in second], "bare cold boot (a reboot)",
               cold_bare, "< 100 ms", "value", 100),
        Figure("edit_p50", f"edit to result, p50 of {edits}", "ms",
               [percentile(r["times"], 50) for r in edit_runs], target="-"),
        Figure("edit_p95", f"edit to result, p95 of {edits}", "ms",
               [percentile(r["times"], 95) for r in edit_runs], target="< 50 ms",
               check="value", limit=50),
        Figure("edit_memory", f"worker memory after {edits} edits", "bytes",
               [r["after"].get("total", 0) for r in edit_runs], "once ready, before them",
               [r["before"].get("total", 0) for r in edit_runs], "<= 1.10x", "ratio", 1.10),
        Figure("fcp", "first contentful paint", "ms", fcp, "plain mkdocs-material page",
               fcp_plain, "<= 1.2x", "ratio", 1.2),
        Figure("bytes_reading_python", f"reading pages: Python bytes ({', '.join(reading)})",
               "bytes", [v.bytes_python for v in reading_visits], target="0", check="zero"),
        Figure("first_visit_worksheet", "whole first visit to a worksheet page, offline "
               "copy included: bytes at the server", "bytes",
               [v.bytes_total for v in first], "the page until Python is ready",
               [v.extra["bytes_ready"] for v in first], "<= 1.25x", "ratio", 1.25),
        Figure("first_visit_reading", f"whole first visit to a reading page "
               f"({READING_FIRST}), offline copy included: bytes at the server", "bytes",
               [v.bytes_total for v in first_reading], "the page until loaded",
               [v.extra["bytes_ready"] for v in first_reading], target="-"),
        Figure("downloaded_twice", "files over 100 KB downloaded twice in a first visit",
               "files", [len(v.extra["twice"]) for v in first + first_reading],
               target="0", check="zero"),
        Figure("bytes_reading", "reading page: bytes", "bytes",
               [v.bytes_total for v in reading_visits], "plain page",
               [v.bytes_total for v in plain_visits]),
    ]
    log("counting from district files")
    figures += file_figures(probe, worksheet, runs, quick, www)
    return figures


def cold_figures(probe: Probe, worksheet: str, bare: str, runs: int, quick: bool,
                 meta: dict) -> list[Figure]:
    """Python ready from an empty cache, toolkit against bare Pyodide, on loopback and on
    each network and CPU profile (not in quick mode); the bytes each page took on the
    slowest link (where the toolkit may leave its snapshot out), and the worker's memory."""
    if not quick:
        probe.cold(bare, memory=False)  # warm-up: the first navigation pays Chromium's start
    log("cold boots")
    cold, cold_bare = alternate(probe.cold, worksheet, bare, runs)
    ms = lambda visits: [v.ready_ms for v in visits]  # noqa: E731
    figures = [
        Figure("cold_ready", f"cold: Python ready ({WORKSHEET_PAGE})", "ms", ms(cold),
               "bare Pyodide page", ms(cold_bare), "<= 0.5x", "ratio", 0.5),
        Figure("bytes_worksheet", "worksheet page: bytes over the wire", "bytes",
               [v.bytes_total for v in cold], "bare Pyodide page",
               [v.bytes_total for v in cold_bare], "<= 1.0x", "ratio", 1.0),
        Figure("bytes_worksheet_python", "worksheet page: Python bytes", "bytes",
               [v.bytes_python for v in cold], "bare Pyodide page",
               [v.bytes_python for v in cold_bare]),
        Figure("memory", "worker memory once ready (JS heap + buffers)", "bytes",
               [v.memory.get("total", 0) for v in cold], "bare Pyodide worker",
               [v.memory.get("total", 0) for v in cold_bare]),
    ]
    starts = {"loopback": sorted({str(v.extra.get("start")) for v in cold})}
    if not quick:
        profiles = [
            ("throttled_ready", "throttled 10 Mbit/s 40 ms: Python ready", THROTTLE, 1, 0.8),
            ("congested_ready", "congested 3 Mbit/s 100 ms: Python ready", CONGESTED, 1,
             0.9),
            ("slow_cpu_ready", f"CPU slowed {SLOW_CPU}x: Python ready", None, SLOW_CPU, 0.6),
        ]
        for at, (key, label, network, cpu, limit) in enumerate(profiles):
            log(label)
            slow, slow_bare = alternate(functools.partial(
                probe.cold, throttle=network, memory=False, cpu=cpu), worksheet, bare, runs)
            figures.insert(1 + at, Figure(key, label, "ms", ms(slow), "bare Pyodide page",
                                          ms(slow_bare), f"<= {limit}x", "ratio", limit))
            starts[key] = sorted({str(v.extra.get("start")) for v in slow})
            if network is not None:
                figures.append(Figure(
                    f"bytes_{key}", f"{label.split(':')[0]}: bytes over the wire", "bytes",
                    [v.bytes_total for v in slow], "bare Pyodide page",
                    [v.bytes_total for v in slow_bare], "<= 1.0x", "ratio", 1.0))
    # "snapshot": restored from the build's snapshot; "fresh": started the ordinary way.
    meta["toolkit_python_start"] = starts
    print(f"how the toolkit started Python: {starts}")
    return figures


def file_figures(probe: Probe, worksheet: str, runs: int, quick: bool, folder: Path
                 ) -> list[Figure]:
    """A 100,000-row CSV and a 20,000-row workbook counted on the worksheet page (read and
    count), and the worker's WebAssembly memory: it never shrinks, so once the last file is
    removed the page starts a fresh worker; its memory is checked against the first's."""
    csv_rows, xlsx_rows = (10_000, 2_000) if quick else (100_000, 20_000)
    csv_upload = district_file.csv_upload(csv_rows)
    xlsx_upload = district_file.xlsx_upload(xlsx_rows)
    unsized_upload = district_file.xlsx_upload(xlsx_rows, dimension=False)
    # Picked from disk as a person picks them (a payload would time Playwright's copying).
    csv_path, xlsx_path, unsized_path = (district_file.on_disk(folder, upload) for upload
                                         in (csv_upload, xlsx_upload, unsized_upload))
    csv_runs = [probe.count_file(worksheet, csv_path) for _ in range(runs)]
    xlsx_runs = [probe.count_file(worksheet, xlsx_path) for _ in range(runs)]
    unsized_runs = [probe.count_file(worksheet, unsized_path) for _ in range(runs)]
    total = lambda r: r["read_ms"] + r["count_ms"]  # noqa: E731
    memory = lambda r, when, key: r[when].get(key, 0)  # noqa: E731
    return [
        Figure("file_csv", f"count a {csv_rows:,}-row CSV ({len(csv_upload['buffer']):,} "
               "bytes): read + count", "ms", [total(r) for r in csv_runs], target="< 3 s",
               check="value", limit=3000),
        Figure("file_xlsx", f"count a {xlsx_rows:,}-row .xlsx "
               f"({len(xlsx_upload['buffer']):,} bytes): read + count", "ms",
               [total(r) for r in xlsx_runs], target="< 10 s", check="value", limit=10_000),
        Figure("file_xlsx_unsized", "the same .xlsx without the sheet's size recorded "
               f"({len(unsized_upload['buffer']):,} bytes)", "ms",
               [total(r) for r in unsized_runs]),
        Figure("file_memory", "WebAssembly memory once the CSV was removed (a fresh "
               "worker)", "bytes", [memory(r, "after", "wasm_memory") for r in csv_runs],
               "before the file was picked",
               [memory(r, "before", "wasm_memory") for r in csv_runs], "<= 1.10x", "ratio",
               1.10),
        Figure("file_memory_held", "WebAssembly memory with the CSV", "bytes",
               [memory(r, "held", "wasm_memory") for r in csv_runs],
               "before the file was picked",
               [memory(r, "before", "wasm_memory") for r in csv_runs]),
        Figure("file_renew", "removing the last file: a fresh worker ready", "ms",
               [r["renew_ms"] for r in csv_runs]),
    ]


def log(step: str) -> None:
    """Say on stderr what is being measured, and when."""
    print(f"[{time.monotonic() - STARTED:6.1f} s] {step}", file=sys.stderr, flush=True)


def reading_pages(site: Path) -> list[str]:
    """Pages of the built site without a worksheet, report or dashboard (the pages where
    the toolkit starts Python), as paths relative to the site."""
    pages = []
    for index in sorted(site.rglob("index.html")):
        if not PYTHON_PAGE.search(index.read_text(encoding="utf-8")):
            relative = index.parent.relative_to(site).as_posix()
            pages.append("" if relative == "." else relative + "/")
    return [p for p in pages if not p.startswith(("search/", "assets/"))]


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


if __name__ == "__main__":
    sys.exit(main())

