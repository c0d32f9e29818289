"""Hosting helpers: the zip for districts without Git, and the nginx block's checks.

The checks of the block's arguments read only the policy of a built site's start page,
so they use a one-page site made by the build's own policy step (no Node.js). The zip is
checked with the built site; the block for the built site, served by nginx, in
test_nginx.py."""

from __future__ import annotations

import os
import urllib.request
import zipfile
from pathlib import Path

import pytest

from generator.csp import apply_to_site
from generator.deploy import main, nginx_server_block, zip_site
from generator.serve import serve_in_thread


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-page site whose page carries the policy the build writes."""
    folder = tmp_path_factory.mktemp("one-page-site")
    (folder / "index.html").write_text(
        "<!doctype html><html><head><script>var a = 1;</script></head><body></body></html>",
        encoding="utf-8")
    apply_to_site(folder)
    return folder


@pytest.mark.browser
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


def test_nginx_block_needs_a_slash_delimited_prefix(site: Path) -> None:
    with pytest.raises(ValueError, match="prefix must start and end with '/'"):
        nginx_server_block(site, root="/var/www", prefix="toolkit")


def test_command_line_reports_errors_plainly(tmp_path: Path, capsys) -> None:
    assert main(["nginx", "--site", str(tmp_path), "--root", "/var/www"]) == 1
    assert capsys.readouterr().err.startswith("Error: ")


@pytest.mark.parametrize(("argument", "value"), [
    ("root", "/var/www; include /etc/passwd"),
    ("root", "/var/www\n}"),
    ("prefix", "/toolkit/ {"),
    ("prefix", '/tool"kit/'),
    ("server_name", "example.org; return 200"),
    ("server_name", "a b"),
    ("https_listen", "443 }"),
    ("certificate", "/etc/ssl/$host.pem"),
    ("certificate_key", "/etc/ssl/'key'.pem"),
    ("server_name", "#x"),
])
def test_nginx_block_refuses_arguments_that_change_its_meaning(site: Path, argument: str,
                                                               value: str) -> None:
    args = {"root": "/var/www", "prefix": "/toolkit/", argument: value}
    with pytest.raises(ValueError, match=f"--{argument.replace('_', '-')} must be one word"):
        nginx_server_block(site, **args)


def test_nginx_block_redirects_http_and_names_placeholder_certificates(site: Path) -> None:
    block = nginx_server_block(site, root="/var/www", prefix="/toolkit/",
                               server_name="intranet.example.org")
    assert "listen 80;" in block and "return 301 https://$host$request_uri;" in block
    assert "listen 443 ssl;" in block and "REPLACE-WITH-YOUR-CERTIFICATE" in block
    assert block.count("add_header") == 5 and "location /toolkit/ {" in block


def test_nginx_block_for_a_site_at_the_root_passes_nginx_t(site: Path, tmp_path: Path) -> None:
    from test_nginx import MAIN, NGINX, certificate

    if NGINX is None:
        pytest.skip("nginx missing (make test installs it)")
    import subprocess

    cert, key = certificate(tmp_path)
    (tmp_path / "toolkit.conf").write_text(nginx_server_block(
        site, root=str(tmp_path / "www"), prefix="/", https_listen="127.0.0.1:18443",
        http_listen="127.0.0.1:18080", certificate=str(cert), certificate_key=str(key)))
    main = tmp_path / "nginx.conf"
    user = "user root;" if os.geteuid() == 0 else ""
    main.write_text(MAIN.format(tmp=tmp_path, user=user))
    done = subprocess.run([NGINX, "-t", "-c", str(main), "-p", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("args", "named", "said"), [
    ({"root": "/", "prefix": "/etc/"}, "--root '/'", "top of the whole file system"),
    ({"root": "/", "prefix": "/toolkit/"}, "--root '/'", "top of the whole file system"),
    ({"root": "//", "prefix": "/toolkit/"}, "--root '//'", "top of the whole file system"),
    ({"root": "/etc"}, "--root '/etc'", "system folder /etc"),
    ({"root": "/etc/nginx/html"}, "--root '/etc/nginx/html'", "system folder /etc"),
    ({"root": "/usr/share/nginx"}, "--root '/usr/share/nginx'", "system folder /usr"),
    ({"root": "/var/lib/toolkit"}, "--root '/var/lib/toolkit'", "system folder /var/lib"),
    ({"root": "/root"}, "--root '/root'", "system folder /root"),
    ({"root": "/proc/self"}, "--root '/proc/self'", "system folder /proc"),
    ({"root": "/var/www/../../etc"}, "--root '/var/www/../../etc'", "'.' or '..'"),
    ({"root": "var/www"}, "--root must be a folder's full path", "/var/www"),
    ({"root": "/var", "prefix": "/"}, "--prefix '/' with --root '/var'", "holds /var/backups"),
    ({"root": "/var", "prefix": "/lib/"}, "--prefix '/lib/' with --root '/var'", "/var/lib"),
    ({"root": "/home", "prefix": "/"}, "--prefix '/' with --root '/home'", "/home"),
    ({"root": "/var/www", "prefix": "/../../etc/"}, "--prefix", "'.' or '..'"),
    ({"root": "/var/www", "prefix": "/tool%2e%2e/"}, "--prefix must start and end", "letters"),
    ({"https_listen": "unix:/run/toolkit.sock"}, "--https-listen 'unix:/run/toolkit.sock'",
     "Unix socket"),
    ({"http_listen": "unix:/tmp/x"}, "--http-listen 'unix:/tmp/x'", "Unix socket"),
    ({"https_listen": "127.0.0.1"}, "--https-listen must be a port", "[::1]:443"),
    ({"https_listen": "443 ssl"}, "--https-listen must be one word", "spaces"),
    ({"https_listen": "70000"}, "--https-listen must be a port (1 to 65535)", "70000"),
    ({"http_listen": "localhost:http"}, "--http-listen must be a port", "localhost:http"),
])
def test_nginx_block_refuses_system_folders_and_non_tcp_listens(
        site: Path, args: dict[str, str], named: str, said: str) -> None:
    arguments = {"root": "/var/www", "prefix": "/toolkit/", **args}
    with pytest.raises(ValueError) as refused:
        nginx_server_block(site, **arguments)
    assert str(refused.value).startswith(named)
    assert said in str(refused.value)


def test_nginx_block_refuses_a_root_that_links_into_a_system_folder(site: Path,
                                                                    tmp_path: Path) -> None:
    (tmp_path / "www").symlink_to("/etc")
    with pytest.raises(ValueError, match=r"system folder /etc \(it leads to /etc\)"):
        nginx_server_block(site, root=str(tmp_path / "www"), prefix="/toolkit/")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "toolkit").symlink_to("/usr/share")
    with pytest.raises(ValueError, match="would serve /usr/share, which is or holds /usr"):
        nginx_server_block(site, root=str(tmp_path / "site"), prefix="/toolkit/")


@pytest.mark.parametrize(("https_listen", "redirect"), [
    ("443", "https://$host$request_uri"),
    ("8443", "https://$host:8443$request_uri"),
    ("192.0.2.10:443", "https://$host$request_uri"),
    ("[::1]:8443", "https://$host:8443$request_uri"),
    ("*:0443", "https://$host$request_uri"),
])
def test_nginx_block_accepts_tcp_listens_and_redirects_to_their_port(
        site: Path, https_listen: str, redirect: str) -> None:
    block = nginx_server_block(site, root="/srv/www/", prefix="/mental-health/toolkit/",
                               https_listen=https_listen)
    assert f"return 301 {redirect};" in block
    assert f"listen {https_listen} ssl;" in block and "root /srv/www;" in block


def test_command_line_refuses_the_whole_file_system_and_writes_nothing(site: Path,
                                                                       capsys) -> None:
    assert main(["nginx", "--site", str(site), "--root", "/", "--prefix", "/etc/"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("Error: --root '/' is the top of the whole file system")
