"""Hosting helpers: nginx server blocks with real headers for a built site, and a zip.

``python -m generator.deploy nginx --site site --root /var/www --prefix /toolkit/``
prints a server block; ``python -m generator.deploy zip --site site --out toolkit.zip``
packs the built site for districts without Git.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .csp import META_POLICY
from .deploy_checks import check_listen, check_prefix, check_root, https_port
from .render import TEMPLATES


def site_policy(site: Path) -> str:
    """The Content-Security-Policy that the built site's pages carry (one for all pages)."""
    index = site / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{site}: expected a built site with index.html; run make site")
    match = META_POLICY.search(index.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{index}: expected a Content-Security-Policy meta tag; found none")
    return match[1]


#: What no argument pasted into the nginx configuration may hold.
UNSAFE = re.compile(r"""[\s;{}'"$\\#]""")
#: Where the certificate goes until the admin names the real files.
CERTIFICATE = "/etc/ssl/certs/REPLACE-WITH-YOUR-CERTIFICATE.pem"
CERTIFICATE_KEY = "/etc/ssl/private/REPLACE-WITH-YOUR-KEY.pem"


def _safe(name: str, value: str) -> str:
    if not value or UNSAFE.search(value):
        raise ValueError(f"--{name.replace('_', '-')} must be one word without spaces, ';', "
                         f"'{{', '}}', '#', quotes, '$' or backslashes; found {value!r}")
    return value


def nginx_server_block(
    site: Path, *, root: str, prefix: str = "/", server_name: str = "_",
    https_listen: str = "443", http_listen: str = "80", certificate: str = CERTIFICATE,
    certificate_key: str = CERTIFICATE_KEY,
) -> str:
    """Render the nginx server blocks for ``site`` served from ``root`` + ``prefix``: HTTPS
    (certificate paths as given, placeholders by default) and an HTTP redirect to it.

    Raises ValueError for an argument that could change the configuration's meaning, a
    root or prefix that would serve the computer's own folders, or a listen address that
    is not TCP (see :mod:`generator.deploy_checks`).
    """
    values = {"root": root, "prefix": prefix, "server_name": server_name,
              "https_listen": https_listen, "http_listen": http_listen,
              "certificate": certificate, "certificate_key": certificate_key}
    for name, value in values.items():
        _safe(name, value)
    values["root"] = check_root(root)
    check_prefix(root, prefix)
    for name in ("https_listen", "http_listen"):
        check_listen(name, values[name])
    env = Environment(
        loader=FileSystemLoader(TEMPLATES / "deploy"), undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("nginx.conf.j2").render(
        policy=site_policy(site), **values, https_port=https_port(https_listen),
    )


def zip_site(site: Path, out: Path, folder: str = "toolkit") -> Path:
    """Zip the built site under one folder, ready to unzip onto any static web server."""
    site_policy(site)  # refuse to pack something that is not a built site
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                archive.write(path, f"{folder}/{path.relative_to(site).as_posix()}")
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``nginx`` prints a server block, ``zip`` packs the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    nginx = commands.add_parser("nginx", help="print an nginx server block")
    nginx.add_argument("--site", type=Path, default=Path("site"))
    nginx.add_argument("--root", required=True,
                       help="folder holding the site's sub-path (not / nor a system folder)")
    nginx.add_argument("--prefix", default="/", help="the site's sub-path, such as /toolkit/")
    nginx.add_argument("--server-name", default="_")
    nginx.add_argument("--https-listen", default="443", help="TCP port, or address:port")
    nginx.add_argument("--http-listen", default="80", help="redirected to HTTPS")
    nginx.add_argument("--certificate", default=CERTIFICATE)
    nginx.add_argument("--certificate-key", default=CERTIFICATE_KEY)
    packer = commands.add_parser("zip", help="zip the built site")
    packer.add_argument("--site", type=Path, default=Path("site"))
    packer.add_argument("--out", type=Path, default=Path("dist/toolkit.zip"))
    args = parser.parse_args(argv)
    try:
        if args.command == "nginx":
            sys.stdout.write(nginx_server_block(
                args.site, root=args.root, prefix=args.prefix, server_name=args.server_name,
                https_listen=args.https_listen, http_listen=args.http_listen,
                certificate=args.certificate, certificate_key=args.certificate_key,
            ))
        else:
            print(f"Wrote {zip_site(args.site, args.out)}")
    except (FileNotFoundError, ValueError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
