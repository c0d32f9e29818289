"""Bringing export files from older format versions up to date.

Each entry of :data:`MIGRATIONS` maps a format version ``n`` to a pure function
that takes a whole export document of version ``n`` and returns the same
entries as a document of version ``n + 1``. :func:`migrate` applies them in
order. A migration receives its own deep copy of the document, so it may change
it in place, and it need not set ``format_version``: :func:`migrate` does.

When the export format changes (a renamed worksheet or field id, a new value
shape), raise ``FORMAT_VERSION`` in ``exchange.py``, add the function for the
previous version here, and commit an export of the previous version as
``tests/fixtures/exports/v<n>.json``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from browser_py.core.errors import ToolkitError

Document = dict[str, Any]

def _v1_to_v2(document: Document) -> Document:
    """Version 2 adds who changed each unit and when (``changes``), who exported the file
    (``by``) and a note; a version 1 file has none, so nothing else changes: its units
    count as changed at its export time by an unnamed person."""
    return document


def _v2_to_v3(document: Document) -> Document:
    """Version 3 adds the units removed, the kind of file, whom a part is for and an
    export id; a version 2 file has none of them, so nothing changes: it records no
    removal and its kind is not known."""
    return document


#: Version n -> function turning a version-n document into a version n+1 document.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {1: _v1_to_v2, 2: _v2_to_v3}


def latest_version() -> int:
    """The format version the registered migrations lead up to."""
    return max(MIGRATIONS, default=0) + 1


def migrate(document: Document, to_version: int | None = None) -> Document:
    """Return ``document`` migrated, one version at a time, to ``to_version``.

    ``to_version`` defaults to :func:`latest_version`. The input is not changed.
    Raises :class:`ToolkitError` if a step is missing or a migration cannot make
    sense of the document.
    """
    target = latest_version() if to_version is None else to_version
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ToolkitError(
            "This file does not say which version of the export format it uses, so it "
            "cannot be imported. Choose a file the toolkit exported."
        )
    if version > target:
        raise ToolkitError(
            "This file comes from a newer version of the toolkit. Ask whoever hosts this "
            "site to update it, then import again."
        )
    current = copy.deepcopy(document)
    while version < target:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ToolkitError(
                f"This file uses version {version} of the export format, which this toolkit "
                "can no longer read. Ask whoever hosts this site for help."
            )
        try:
            current = step(current)
        except ToolkitError:
            raise
        except Exception as error:  # any failure of a step: a file must never crash the import
            raise ToolkitError(
                f"This file uses an older version ({version}) of the export format and "
                "could not be brought up to date; it may be damaged. Export it again "
                "from the toolkit it came from, if you can."
            ) from error
        if not isinstance(current, dict):
            raise ToolkitError(
                f"Updating this file from format version {version} went wrong. Ask whoever "
                "hosts this site for help."
            )
        version += 1
        current["format_version"] = version
    return current
