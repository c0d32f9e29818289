"""Shared fixtures: a built site, a local server under a sub-path, and Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import helpers
import pytest
from helpers import ROOT, build_site, chromium_launch_options, copy_site

#: Fixtures that need the built site (Node.js and the pinned Pyodide) or Chromium: a test
#: that uses one, directly or through another fixture, must be marked ``browser``.
NEEDS_BUILD_OR_BROWSER = frozenset({
    "served_site", "site_dir", "site_url", "deployments", "browser", "context", "page",
    "module_context",
})
#: The example county's edition file.
EDITION = ROOT / "content" / "editions" / "example-county.yml"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Stop the run when a test needs the build or Chromium through a fixture but is not
    marked ``browser`` (``pytestmark = pytest.mark.browser`` in the module, or
    ``@pytest.mark.browser`` on the test), so that ``pytest -m "not browser"`` keeps to
    Python alone."""
    unmarked = [
        f"{item.nodeid} (uses {', '.join(sorted(needs))})"
        for item in items
        if (needs := _fixtures_used(item) & NEEDS_BUILD_OR_BROWSER)
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "these tests need the site build or Chromium but are not marked browser "
            "(add pytestmark = pytest.mark.browser to the module or "
            "@pytest.mark.browser to the test):\n  " + "\n  ".join(unmarked))


def _fixtures_used(item: pytest.Item) -> set[str]:
    """The fixtures ``item`` uses, directly or through other fixtures (a parameter that
    ``parametrize`` gives a value, such as a test's own ``page``, is not a fixture)."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    return set(getattr(item, "fixturenames", ())) - set(params)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Let :func:`helpers.build_site` run only in tests marked ``browser``."""
    helpers.UNMARKED_TEST = None if item.get_closest_marker("browser") else item.nodeid


def pytest_runtest_teardown(item: pytest.Item) -> None:
    helpers.UNMARKED_TEST = None


@pytest.fixture(scope="session", autouse=True)
def subprocess_bytecode(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The folder where the Python processes the tests start (site builds, a fresh
    interpreter) keep their bytecode for the session, even where PYTHONDONTWRITEBYTECODE is
    set: each would otherwise compile MkDocs, its theme and browser_py again."""
    folder = tmp_path_factory.mktemp("bytecode")
    saved = {key: os.environ.get(key) for key in ("PYTHONPYCACHEPREFIX",
                                                  "PYTHONDONTWRITEBYTECODE")}
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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


class Deployments:
    """Two builds of the site for one address, each built once: the standard one and the
    example county's edition. ``deploy`` puts one in the served folder the way a new
    deployment replaces the last one's files."""

    def __init__(self, folder: Path, url: str) -> None:
        self.folder, self.url = folder, url
        self.served = folder / "served"
        self.served.mkdir()
        self._built: dict[str, Path] = {}

    def build(self, name: str) -> Path:
        """The folder of build ``name`` ("standard" or "edition"), built on first use."""
        if name not in self._built:
            target = self.folder / name
            done = build_site(target, site_url=self.url,
                              settings=EDITION if name == "edition" else None)
            assert done.returncode == 0, f"build failed:\n{done.stdout}\n{done.stderr}"
            self._built[name] = target
        return self._built[name]

    def deploy(self, name: str) -> Path:
        """Serve build ``name`` in place of what was served; return the served folder.
        Its files are dated now, as a build writes them (so no cache takes them for the
        last deployment's files)."""
        source = self.build(name)
        shutil.rmtree(self.served)
        copy_site(source, self.served)
        for path in self.served.rglob("*"):
            if path.is_file():
                os.utime(path)
        return self.served


@pytest.fixture(scope="session")
def deployments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployments]:
    """A server at 127.0.0.1 under /toolkit/ whose site is swapped between two builds."""
    from generator.serve import serve_in_thread

    folder = tmp_path_factory.mktemp("deployments")
    served = folder / "served"
    server, url = serve_in_thread(served, "/toolkit/")
    yield Deployments(folder, url)
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
    """A fresh browser context (empty storage) that accepts downloads. Service workers are
    blocked: the offline copy (which downloads the whole build once the person pauses) is
    tested in contexts of its own (test_offline*.py), and here it would only compete with
    the test for the machine."""
    ctx = browser.new_context(accept_downloads=True, service_workers="block")
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def module_context(browser) -> Iterator:
    """One context for a module's pages (the runtime the first page fetched is at hand
    for the next), downloads accepted, service workers blocked as in :func:`context`."""
    ctx = browser.new_context(accept_downloads=True, service_workers="block")
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    """A page in :func:`context`; the test fails if the page threw an uncaught error."""
    page = context.new_page()
    errors = helpers.watch_errors(page)
    yield page
    assert errors == []


@pytest.fixture(scope="module")
def native_runtime():
    """``browser_py.page.runtime`` set up from the worksheet definitions directly, without
    building the site (the edition's default settings, worksheets in definition order)."""
    import json

    from browser_py.core.computations import ACTIONS, REGISTRY
    from browser_py.page import runtime
    from generator.definitions import load_worksheets

    root = Path(__file__).resolve().parent.parent
    sheets = load_worksheets(root / "content" / "worksheets", REGISTRY, ACTIONS)
    runtime.setup(json.dumps({"worksheets": [s.as_data() for s in sheets.values()]}))
    return runtime


@pytest.fixture
def serve() -> Iterator:
    """``serve(directory, handler)``: a server for ``directory`` at /toolkit/ on 127.0.0.1
    with its own request handler (a host that behaves in some way); returns its address.
    Every server started is stopped after the test."""
    from http.server import ThreadingHTTPServer

    from generator.serve import SiteHandler

    servers = []

    def start(directory: Path, handler=SiteHandler) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            handler, directory=str(directory), prefix="/toolkit/"))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/toolkit/"
    yield start
    for server in servers:
        server.shutdown()
