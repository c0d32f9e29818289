"""Shared fixtures: a built site, a local server under a sub-path, and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_site, chromium_launch_options


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once per test session."""
    target = tmp_path_factory.mktemp("site")
    done = build_site(target)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
    return target


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """Base URL of the built site, served on 127.0.0.1 under a sub-path."""
    from generator.serve import serve_in_thread

    server, url = serve_in_thread(site_dir, "/toolkit/")
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(**chromium_launch_options(p))
        yield launched
        launched.close()
