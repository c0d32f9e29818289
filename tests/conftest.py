"""Shared fixtures: a built site, a local server under a sub-path, and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_site, chromium_launch_options


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The real content, built once for the address it is served from: 127.0.0.1 under
    the sub-path /toolkit/ (instant navigation needs the site's own address)."""
    from generator.serve import serve_in_thread

    target = tmp_path_factory.mktemp("site")
    server, url = serve_in_thread(target, "/toolkit/")
    done = build_site(target, site_url=url)
    assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
    yield target, url
    server.shutdown()


@pytest.fixture(scope="session")
def site_dir(served_site: tuple[Path, str]) -> Path:
    return served_site[0]


@pytest.fixture(scope="session")
def site_url(served_site: tuple[Path, str]) -> str:
    return served_site[1]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One Chromium for the session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(**chromium_launch_options(p))
        yield launched
        launched.close()
