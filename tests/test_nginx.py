"""The nginx example, with its real headers, serves a site that works and stays private."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawling import crawl_site

from generator.deploy import nginx_server_block, site_policy

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx missing (make test installs it)")

MAIN = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
{user}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/toolkit.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_config(site_dir: Path, tmp: Path, port: int) -> Path:
    www = tmp / "www"
    shutil.copytree(site_dir, www / "toolkit")
    (tmp / "toolkit.conf").write_text(nginx_server_block(
        site_dir, root=str(www), prefix="/toolkit/", listen=f"127.0.0.1:{port}",
        server_name="localhost",
    ))
    user = "user root;" if os.geteuid() == 0 else ""
    main = tmp / "nginx.conf"
    main.write_text(MAIN.format(tmp=tmp, user=user))
    return main


def test_config_passes_nginx_t(site_dir: Path, tmp_path: Path) -> None:
    main = write_config(site_dir, tmp_path, free_port())
    done = subprocess.run([NGINX, "-t", "-c", str(main), "-p", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


@pytest.fixture(scope="module")
def nginx_url(site_dir: Path, tmp_path_factory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("nginx")
    port = free_port()
    main = write_config(site_dir, tmp, port)
    process = subprocess.Popen([NGINX, "-c", str(main), "-p", str(tmp), "-g", "daemon off;"],
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                pytest.fail(f"nginx did not start: {process.stderr.read()} {log}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/toolkit/"
    process.terminate()
    process.wait(timeout=10)


def headers_of(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url) as response:
        return {k.lower(): v for k, v in response.headers.items()}


def test_headers_and_types(nginx_url: str, site_dir: Path) -> None:
    page = headers_of(nginx_url)
    assert page["content-security-policy"] == site_policy(site_dir) + "; frame-ancestors 'self'"
    assert page["x-content-type-options"] == "nosniff"
    assert page["referrer-policy"] == "no-referrer"
    worker = headers_of(nginx_url + "assets/toolkit/worker.mjs")
    assert worker["content-type"].startswith("text/javascript")
    assert "content-security-policy" in worker
    wasm = headers_of(nginx_url + "assets/toolkit/pyodide/pyodide.asm.wasm")
    assert wasm["content-type"] == "application/wasm"


def test_crawl_with_real_headers(browser, nginx_url: str) -> None:
    result = crawl_site(browser, nginx_url)
    assert len(result["pages"]) >= 7
    assert result["off_origin"] == []
    assert {url: p["csp"] for url, p in result["pages"].items() if p["csp"]} == {}
    assert result["errors"] == []
    assert {url: p["axe"] for url, p in result["pages"].items() if p["axe"]} == {}


def test_python_starts_under_the_header_policy(browser, nginx_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(nginx_url + "needs-and-goals/")
        page.wait_for_selector("html[data-python=ready]", timeout=60_000)
    finally:
        context.close()
