"""The benchmark runs: `python -m tests.bench --quick` (one run of each figure but the
throttled ones) finishes and writes every figure. Its numbers are not checked here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench.__main__ import percentile

ROOT = Path(__file__).resolve().parent.parent
QUICK_FIGURES = {
    "cold_ready", "warm_ready", "after_reading", "second_page", "edit_p50", "edit_p95",
    "edit_memory", "fcp",
    "bytes_reading_python", "bytes_reading", "bytes_worksheet", "bytes_worksheet_python",
    "memory", "build", "file_csv", "file_xlsx", "file_xlsx_unsized", "file_memory",
    "file_memory_held", "file_renew", "first_visit_worksheet", "first_visit_reading",
    "downloaded_twice",
}


@pytest.mark.browser  # it builds the site and drives Chromium
@pytest.mark.alone  # its start must be judged on an idle machine
def test_quick_benchmark_runs(tmp_path: Path) -> None:
    results = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--quick", "--json", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cold: Python ready" in done.stdout
    document = json.loads(results.read_text())
    figures = {f["key"]: f for f in document["figures"]}
    assert set(figures) == QUICK_FIGURES
    for key in ("cold_ready", "warm_ready", "fcp", "bytes_worksheet", "memory", "build",
                "file_memory", "edit_memory"):
        assert figures[key]["median"] > 0 and figures[key]["baseline"]["median"] > 0, key
    assert figures["bytes_reading_python"]["runs"] == [0]
    # A whole first visit, counted at the server, holds at least the page until ready.
    first = figures["first_visit_worksheet"]
    assert first["median"] >= first["baseline"]["median"] > 0
    assert len(figures["downloaded_twice"]["runs"]) == 2
    assert figures["file_csv"]["median"] > 0 and figures["file_xlsx"]["median"] > 0
    assert figures["file_renew"]["median"] > 0
    assert document["toolkit_python_start"] == {"loopback": ["snapshot"]}


def test_percentile_is_nearest_rank() -> None:
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 100)) == (
        50, 95, 100)
    assert percentile([7.0], 95) == 7.0
