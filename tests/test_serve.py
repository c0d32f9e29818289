"""The local server: the site's security headers on every response, no folder listings,
and a clear status for every bad path (never an exception)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.deploy import site_policy
from generator.serve import serve_in_thread

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(site_dir: Path) -> Iterator[tuple[str, int]]:
    running, url = serve_in_thread(site_dir, "/toolkit/")
    yield "127.0.0.1", running.server_address[1]
    running.shutdown()


def get(server: tuple[str, int], path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(*server, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", ["/toolkit/", "/toolkit/assets/toolkit/worker.mjs",
                                  "/toolkit/assets/toolkit/pyodide/pyodide.asm.wasm",
                                  "/toolkit/no-such-page/"])
def test_every_response_carries_the_security_headers(server, site_dir: Path, path: str) -> None:
    status, headers, _ = get(server, path)
    assert status in (200, 404)
    assert headers["content-security-policy"] == (site_policy(site_dir)
                                                  + "; frame-ancestors 'self'")
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


@pytest.mark.parametrize(("path", "status"), [
    ("/toolkit/%00", 400),
    ("/toolkit/a%00b/index.html", 400),
    ("/toolkit/..%5c..%5cetc/passwd", 400),
    ("/toolkit/assets/", 404),  # a folder without an index page: never listed
    ("/toolkit/assets/toolkit/", 404),
    ("/toolkit/../../etc/passwd", 404),
    ("/elsewhere/", 404),
    ("/", 404),
    ("/toolkit/" + "a" * 5000, 404),
])
def test_bad_paths_get_a_status_not_an_exception(server, path: str, status: int) -> None:
    got, _, body = get(server, path)
    assert got == status
    assert b"Directory listing" not in body


def test_the_prefix_without_its_slash_redirects(server) -> None:
    status, headers, _ = get(server, "/toolkit")
    assert status == 301 and headers["location"] == "/toolkit/"
    status, _, body = get(server, "/toolkit/")
    assert status == 200 and b"<html" in body
