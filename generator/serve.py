"""A small static server for the built site, with the MIME types Pyodide needs and the
same security headers as the nginx example.

``python -m generator.serve [--port 8000] [--prefix /toolkit/] [site]`` serves the site
on 127.0.0.1, optionally under a sub-path as GitHub Pages project sites are.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from .csp import META_POLICY

MIME_TYPES = {
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".webmanifest": "application/manifest+json",
}


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files from ``directory`` at ``prefix`` with the site's security headers;
    anything else is 404, a malformed path 400, and folders are never listed."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def __init__(self, *args, prefix: str = "/", quiet: bool = True, **kwargs) -> None:
        self.prefix = prefix
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        for name, value in security_headers(Path(self.directory)).items():
            self.send_header(name, value)
        super().end_headers()

    def send_head(self):
        clean = unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if "\x00" in clean or "\\" in clean:
            self.send_error(HTTPStatus.BAD_REQUEST, "Malformed path")
            return None
        if self.prefix != "/" and clean == self.prefix.rstrip("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        try:
            return super().send_head()
        except (ValueError, OSError):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None

    def list_directory(self, path):  # noqa: ARG002 - folders are never listed
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (base class name)
        if not self.quiet:
            super().log_message(format, *args)


def security_headers(directory: Path) -> dict[str, str]:
    """The headers every response carries: the site's own policy (from its pages, read
    again after each build) with ``frame-ancestors 'self'``, which only a header can
    carry, and the usual hardening."""
    index = directory / "index.html"
    try:
        stamp = index.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _headers(index, stamp)


@functools.lru_cache(maxsize=8)
def _headers(index: Path, stamp: int) -> dict[str, str]:
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    match = META_POLICY.search(index.read_text(encoding="utf-8")) if stamp else None
    if match:
        headers["Content-Security-Policy"] = f"{match[1]}; frame-ancestors 'self'"
    return headers


class SiteServer(ThreadingHTTPServer):
    """A threading server that does not report browsers closing connections early."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], ConnectionResetError | BrokenPipeError):
            return  # the browser stopped reading (a page left mid-download): nothing wrong
        super().handle_error(request, client_address)


def make_server(directory: Path, port: int = 0, prefix: str = "/", quiet: bool = True):
    """Return a threading server for ``directory`` on 127.0.0.1 (port 0 picks a free one)."""
    if not prefix.startswith("/") or not prefix.endswith("/"):
        raise ValueError(f"prefix must start and end with '/', got {prefix!r}")
    handler = functools.partial(
        SiteHandler, directory=str(directory), prefix=prefix, quiet=quiet
    )
    return SiteServer(("127.0.0.1", port), handler)


def serve_in_thread(directory: Path, prefix: str = "/") -> tuple[SiteServer, str]:
    """Start a server in a daemon thread and return it with its base URL."""
    server = make_server(directory, 0, prefix)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main() -> None:
    """Serve the built site until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default="/")
    args = parser.parse_args()
    server = make_server(args.directory, args.port, args.prefix, quiet=False)
    print(f"Serving {args.directory} on http://127.0.0.1:{args.port}{args.prefix} (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
