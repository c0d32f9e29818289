"""Shared fixtures: a built site, a local server under a sub-path, and Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import build_site, chromium_launch_options

#: Fixtures that need the built site (Node.js and the pinned Pyodide) or Chromium.
NEEDS_BUILD_OR_BROWSER = frozenset({"served_site", "site_dir", "site_url", "browser"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that builds the site or drives Chromium as ``browser``, so that
    ``pytest -m "not browser"`` runs with Python alone."""
    builds: dict[Path, bool] = {}
    for item in items:
        path = Path(str(item.fspath))
        if path not in builds:
            builds[path] = "build_site(" in path.read_text(encoding="utf-8")
        if builds[path] or NEEDS_BUILD_OR_BROWSER & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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


@pytest.fixture
def context(browser) -> Iterator:
    """A fresh browser context (empty storage) that accepts downloads."""
    ctx = browser.new_context(accept_downloads=True)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    """A page in :func:`context`; the test fails if the page threw an uncaught error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == []


@pytest.fixture(scope="module")
def native_runtime():
    """``browser_py.runtime`` set up from the worksheet definitions directly, without
    building the site (the edition's default settings, worksheets in definition order)."""
    import json

    from browser_py import runtime
    from browser_py.computations import ACTIONS, REGISTRY
    from generator.definitions import load_worksheets

    root = Path(__file__).resolve().parent.parent
    sheets = load_worksheets(root / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))
    return runtime
