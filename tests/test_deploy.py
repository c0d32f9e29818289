"""Hosting helpers: the zip for districts without Git, and the nginx block's checks."""

from __future__ import annotations

import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator.deploy import main, nginx_server_block, zip_site
from generator.serve import serve_in_thread


def test_zip_unpacks_into_a_working_site(site_dir: Path, tmp_path: Path) -> None:
    archive = zip_site(site_dir, tmp_path / "toolkit.zip")
    with zipfile.ZipFile(archive) as packed:
        names = packed.namelist()
        assert "toolkit/index.html" in names
        assert "toolkit/assets/toolkit/pyodide/pyodide.asm.wasm" in names
        packed.extractall(tmp_path / "www")
    server, url = serve_in_thread(tmp_path / "www" / "toolkit", "/anywhere/")
    try:
        with urllib.request.urlopen(url + "needs-and-goals/") as response:
            assert response.status == 200
            assert b'data-worksheet="needs-estimate"' in response.read()
    finally:
        server.shutdown()


def test_nginx_block_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="expected a built site with index.html"):
        nginx_server_block(tmp_path, root="/var/www", prefix="/toolkit/")


def test_nginx_block_needs_a_slash_delimited_prefix(site_dir: Path) -> None:
    with pytest.raises(ValueError, match="prefix must start and end with '/'"):
        nginx_server_block(site_dir, root="/var/www", prefix="toolkit")


def test_command_line_reports_errors_plainly(tmp_path: Path, capsys) -> None:
    assert main(["nginx", "--site", str(tmp_path), "--root", "/var/www"]) == 1
    assert capsys.readouterr().err.startswith("Error: ")
