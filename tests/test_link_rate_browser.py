"""The worker's judgment of the link from the snapshot's first bytes (``link_rate.mjs``):
neither a thread kept busy while a fast download arrives nor a reader that starts late
makes the link look slow, and a download that really drips is judged slow and cancelled."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.serve import SiteHandler

# Times and link speeds are judged here: run with nothing beside them (`make test`).
pytestmark = [pytest.mark.browser, pytest.mark.alone]

# Downloads `file` through watchRate, with the worker's limits; after the first chunk the
# thread is kept busy for `busyMs` (as unpacking and compiling keep the worker busy), then
# reads nothing for `pauseMs` (as while the decoder loads); reports the judgment, how many
# bytes came through, and whether the stream failed.
JUDGE = """async ({ file, busyMs = 0, pauseMs = 0 }) => {
  const { watchRate } = await import(new URL("assets/toolkit/link_rate.mjs", location.href));
  const response = await fetch(new URL(file, location.href), { cache: "no-store" });
  const total = Number(response.headers.get("content-length"));
  let judged = null;
  const watch = watchRate(total, { sampleBytes: 512 * 1024, sampleMs: 400, worthMs: 2000 },
    (fast) => { judged = fast; });
  const reader = response.body.pipeThrough(watch.stream).getReader();
  let bytes = 0;
  let failed = false;
  try {
    const first = await reader.read();
    bytes += first.value.length;
    const until = performance.now() + busyMs;
    while (performance.now() < until) { /* busy, as a worker unpacking */ }
    await new Promise((resolve) => setTimeout(resolve, pauseMs)); // as a decoder loading
    for (let part = await reader.read(); !part.done; part = await reader.read()) {
      bytes += part.value.length;
    }
  } catch {
    failed = true;
  }
  return { judged, bytes, total, failed, slow: watch.isSlow() };
}"""
FILE = "assets/toolkit/pyodide/pyodide.asm.wasm.brotli"  # 2.7 MB, sent as it is


class PacedHandler(SiteHandler):
    """A link of a given pace for the .brotli files: ``CHUNK`` bytes every ``PAUSE_S``."""

    CHUNK = 64 * 1024
    PAUSE_S = 0.005  # 13 MB/s: a fast link, whose bytes still come over time

    def copyfile(self, source, outputfile) -> None:
        if not self.path.endswith(".brotli"):
            super().copyfile(source, outputfile)
            return
        try:
            while chunk := source.read(self.CHUNK):
                outputfile.write(chunk)
                outputfile.flush()
                time.sleep(self.PAUSE_S)  # the server's pace, not a wait in the test
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page cancelled the download


class DrippingHandler(PacedHandler):
    """A slow link: 16 KB every 50 ms (320 KB/s)."""

    CHUNK = 16 * 1024
    PAUSE_S = 0.05


def test_a_busy_thread_on_a_fast_link_is_judged_fast(page, serve, site_dir: Path) -> None:
    page.goto(serve(site_dir, PacedHandler))
    result = page.evaluate(JUDGE, {"file": FILE, "busyMs": 900})
    assert result["judged"] is True, result
    assert not result["failed"] and result["bytes"] == result["total"]


def test_a_fast_link_read_late_is_judged_fast(page, serve, site_dir: Path) -> None:
    page.goto(serve(site_dir, PacedHandler))
    result = page.evaluate(JUDGE, {"file": FILE, "pauseMs": 900})
    assert result["judged"] is True, result
    assert not result["failed"] and result["bytes"] == result["total"]


def test_an_idle_thread_on_a_fast_link_is_judged_fast(page, serve, site_dir: Path) -> None:
    page.goto(serve(site_dir, PacedHandler))
    result = page.evaluate(JUDGE, {"file": FILE})
    assert result["judged"] is True and result["bytes"] == result["total"], result


def test_a_dripping_download_is_judged_slow_and_cancelled(page, serve, site_dir: Path) -> None:
    page.goto(serve(site_dir, DrippingHandler))
    result = page.evaluate(JUDGE, {"file": FILE})
    assert result["judged"] is False and result["slow"], result
    assert result["failed"] and result["bytes"] < result["total"] / 2, result


# The same judgment on bytes made in the page: the first chunk, then the thread held up
# for 900 ms, then the rest as fast as it is read (as a fast link's bytes that waited).
HELD_UP = """async () => {
  const { watchRate } = await import(new URL("assets/toolkit/link_rate.mjs", location.href));
  const total = 40 * 65536;
  let sent = 0;
  const source = new ReadableStream({
    async pull(controller) {
      if (sent === 65536) {
        await new Promise((resolve) => setTimeout(resolve, 50)); // the first chunk is seen
        const until = performance.now() + 900;
        while (performance.now() < until) { /* held up */ }
      }
      if (sent >= total) {
        controller.close();
        return;
      }
      sent += 65536;
      controller.enqueue(new Uint8Array(65536));
    },
  });
  let judged = null;
  const watch = watchRate(total, { sampleBytes: 512 * 1024, sampleMs: 400, worthMs: 2000 },
    (fast) => { judged = fast; });
  const reader = source.pipeThrough(watch.stream).getReader();
  let bytes = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    bytes += part.value.length;
  }
  return { judged, bytes, total };
}"""


def test_a_thread_held_up_after_the_first_bytes_judges_by_its_free_time(
        page, serve, site_dir: Path) -> None:
    page.goto(serve(site_dir, PacedHandler))
    result = page.evaluate(HELD_UP)
    assert result["judged"] is True and result["bytes"] == result["total"], result
