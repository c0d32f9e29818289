"""Checks on what an administrator types for the nginx server blocks.

Each check returns the value to write into the configuration or raises ValueError with a
message that names the argument, says what was wrong and what to do instead. Three kinds
of mistakes are refused:

- a ``--root`` of ``/`` or a system folder (``/etc``, ``/usr``, ``/var/lib``, ...), or a
  folder whose real path, symbolic links followed, lands in one;
- a ``--prefix`` that would serve such a folder (``--root /`` with ``--prefix /etc/``,
  ``--root /var`` with ``--prefix /``, or ``..`` climbing out of the root);
- a listen address that is not TCP: only ``port`` or ``host:port`` (``[::1]:443`` for
  IPv6), never ``unix:/path``, which would also break the redirect to HTTPS.
"""

from __future__ import annotations

import os
import posixpath
import re

#: Folders that hold the computer's own programs, settings, devices, logs or private
#: files: never served, nor anything inside them, nor any folder that holds one.
SYSTEM_FOLDERS = (
    "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/lost+found",
    "/proc", "/root", "/run", "/sbin", "/snap", "/sys", "/usr",
    "/var/backups", "/var/cache", "/var/lib", "/var/local", "/var/lock", "/var/log",
    "/var/mail", "/var/opt", "/var/run", "/var/spool",
)
#: Folders shared by many people or programs: never served as a whole (a folder inside
#: one, such as /home/web/toolkit or /srv/toolkit, is fine).
SHARED_FOLDERS = ("/", "/home", "/media", "/mnt", "/opt", "/srv", "/tmp", "/var", "/var/tmp")

#: What a prefix may hold: letters, digits, and - _ . ~ between slashes.
_PREFIX = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")
#: A TCP port, alone or after a host name, an IPv4 address, ``*`` or ``[IPv6]``.
_LISTEN = re.compile(
    r"(?:(?P<host>\*|\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):)?"
    r"(?P<port>[0-9]{1,5})"
)


def _inside(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies under it (both absolute and normalised)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _system_folder_met(path: str) -> str | None:
    """The system folder that serving ``path`` would expose, or None when there is none:
    ``path`` lies in it, or holds it, or is a shared folder served whole."""
    for folder in SYSTEM_FOLDERS:
        if _inside(path, folder) or _inside(folder, path):
            return folder
    return path if path in SHARED_FOLDERS else None


def _real_paths(path: str) -> tuple[str, ...]:
    """``path`` as written (normalised) and, where it exists here, with links followed."""
    written = posixpath.normpath(path)
    if written.startswith("//"):
        written = "/" + written.lstrip("/")
    return tuple(dict.fromkeys((written, os.path.realpath(written))))


def _no_climbing(name: str, value: str) -> None:
    if any(part in (".", "..") for part in value.split("/")):
        raise ValueError(f"--{name} {value!r} holds '.' or '..'; write the folder's full path "
                         "without them, such as /var/www")


def check_root(root: str) -> str:
    """The folder that holds the site's sub-path, checked: absolute, no ``.`` or ``..``,
    and neither ``/`` nor a system folder, written or reached through a link."""
    if not root.startswith("/"):
        raise ValueError(f"--root must be a folder's full path, starting with '/', such as "
                         f"/var/www; found {root!r}")
    _no_climbing("root", root)
    for path in _real_paths(root):
        if path == "/":
            raise ValueError(f"--root {root!r} is the top of the whole file system: nginx "
                             "could then serve any file on this computer. Put the site in "
                             "its own folder, such as /var/www/toolkit, and give --root "
                             "/var/www --prefix /toolkit/")
        folder = next((f for f in SYSTEM_FOLDERS if _inside(path, f)), None)
        if folder is not None:
            reached = "" if path == posixpath.normpath(root) else f" (it leads to {path})"
            raise ValueError(f"--root {root!r} is inside the system folder {folder}{reached}, "
                             "whose files must never be on the web. Copy the site to a folder "
                             "of its own, such as /var/www/toolkit, and give --root /var/www "
                             "--prefix /toolkit/")
    return root.rstrip("/") or "/"


def check_prefix(root: str, prefix: str) -> str:
    """The site's sub-path, checked: between slashes, plain characters only, and the
    folder it serves (``root`` + ``prefix``) neither a system folder nor one holding it."""
    if not _PREFIX.fullmatch(prefix) or "//" in prefix:
        raise ValueError(f"--prefix must start and end with '/' and hold only letters, digits, "
                         f"'-', '_', '.' and '~' between them, such as /toolkit/; found "
                         f"{prefix!r}")
    _no_climbing("prefix", prefix)
    served = root.rstrip("/") + prefix
    for path in _real_paths(served):
        folder = _system_folder_met(path)
        if folder is not None:
            raise ValueError(f"--prefix {prefix!r} with --root {root!r} would serve {path}, "
                             f"which is or holds {folder}: files of the computer itself "
                             "would be on the web. Serve only the site's own folder, such as "
                             "--root /var/www --prefix /toolkit/ for /var/www/toolkit")
    return prefix


def check_listen(name: str, value: str) -> str:
    """A ``listen`` address, checked: a TCP ``port`` or ``host:port``, port 1 to 65535."""
    flag = f"--{name.replace('_', '-')}"
    if value.lower().startswith("unix:"):
        raise ValueError(f"{flag} {value!r} is a Unix socket; the blocks need a TCP address "
                         "that browsers can reach: give a port such as 443, or an address "
                         "and port such as 192.0.2.10:443")
    match = _LISTEN.fullmatch(value)
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise ValueError(f"{flag} must be a port (1 to 65535), or an address and port such as "
                         f"192.0.2.10:443 or [::1]:443; found {value!r}")
    return value


def https_port(https_listen: str) -> str:
    """The port of a checked HTTPS listen address, for the redirect from plain HTTP."""
    port = _LISTEN.fullmatch(https_listen)
    if port is None:
        raise ValueError(f"--https-listen is not checked yet: {https_listen!r}")
    return str(int(port["port"]))
