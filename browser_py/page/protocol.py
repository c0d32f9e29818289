"""The page-worker protocol: every request the page sends and what it gets back.

The page (``toolkit.mjs``) posts ``{id, method, args}`` to its worker; the worker hands
``method`` and ``args`` as JSON text to :func:`call`, which always answers JSON text:
``{"ok": true, "result": ...}``, or ``{"ok": false, "error": text}`` where the text
says what went wrong and what to do, for the person using the page. No request raises.
A request that needs a part of the site loaded only on demand (openpyxl, for an Excel
download) answers ``{"ok": false, "load": "xlsx.zip", "error": text}`` while it is
missing: the worker loads that zip and sends the request again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.errors import ToolkitError
from ..district_files import district_files, file_requests
from ..documents import xlsx_file
from . import runtime


@dataclass(frozen=True)
class Request:
    """One request: the function that answers it, and what its reply holds."""

    handler: Callable[..., Any]
    reply: str

    @property
    def arguments(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The argument names the request takes: (required, optional)."""
        code = self.handler.__code__
        names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
        optional = len(self.handler.__defaults__ or ()) + len(self.handler.__kwdefaults__ or {})
        return names[:len(names) - optional], names[len(names) - optional:]


#: Every request the page may send, by name.
REQUESTS: dict[str, Request] = {
    "restore": Request(runtime.restore,
                       "the entries restored, and what was set aside with its messages"),
    "refresh": Request(runtime.refresh,
                       "everything the page shows after a change, from one reading of the "
                       "entries: results, ratings-grid rows, the report, the board brief "
                       "or the start page's overview, the export line and the print "
                       "header"),
    "action": Request(runtime.action, "a file to download: filename, media_type, text (and "
                      "for a Word file the document the page writes)"),
    "table_csv": Request(runtime.table_csv, "one table as CSV: filename, media_type, text"),
    "export": Request(runtime.export, "the backup file (or a part handed out): filename, "
                      "document, and the device's record after sharing it"),
    "combine_files": Request(runtime.combine_files,
                             "what combining members' files does, the conflicts to choose, "
                             "and the entries and record once none is left"),
    "undo_import": Request(runtime.undo_import,
                           "the entries once the last import or combine is undone, or the "
                           "question to ask first when later changes touched it"),
    "check_file_size": Request(runtime.check_file_size,
                               "whether a file of that size may be read, and why not"),
    "preview_import": Request(runtime.preview_import,
                              "what importing a file would change, or why it cannot"),
    "report_file": Request(runtime.report_file,
                           "the report as Markdown or HTML to download, or as the "
                           "document the page writes to a Word file"),
    "brief_file": Request(runtime.brief_file,
                          "the board brief as Markdown or HTML to download, or as "
                          "the document the page writes to a Word file"),
    "forget_district_file": Request(file_requests.forget_district_file,
                                    "nothing: the file is dropped from memory"),
    "count_from_files": Request(runtime.count_from_files,
                                "each file row's counts, and students with a need by group"),
}

#: The one request that carries a file's bytes besides its JSON details.
FILE_REQUEST = Request(file_requests.read_district_file,
                       "the file's name, size, rows and columns (never its contents)")

RELOAD = "Your entries are saved; reload the page to try again."


def setup(definitions_json: str) -> None:
    """Load the site's worksheet definitions (``worksheets.json``) before any request."""
    runtime.setup(definitions_json)


def files_held() -> int:
    """How many district files Python holds in memory: the worker adds it to each reply,
    so that the page can start a fresh worker (and free the memory) once none is left."""
    return len(district_files.FILES)


def _error(text: str) -> str:
    return json.dumps({"ok": False, "error": text}, ensure_ascii=False)


def call_with_file(args_json: str, data: object) -> str:
    """Answer a request to read a district file: ``data`` holds its bytes (a JavaScript
    typed array in the worker) and ``args_json`` the rest of its arguments."""
    to_bytes = getattr(data, "to_bytes", None)
    return call("", args_json, FILE_REQUEST, {"data": to_bytes() if to_bytes else data})


def call(method: str, args_json: str, request: Request | None = None,
         extra: dict[str, Any] | None = None) -> str:
    """Answer one request: ``args_json`` holds its arguments as a JSON object."""
    request = request or REQUESTS.get(method)
    if request is None:
        return _error(f'The page asked the calculator for "{method}", which this version of '
                      f"the toolkit does not have. {RELOAD}")
    try:
        args = json.loads(args_json)
    except (ValueError, RecursionError):  # not JSON, or nested past what Python reads
        args = None
    required, optional = request.arguments
    if not isinstance(args, dict):
        return _error(f'The page sent the calculator unreadable details for "{method}". '
                      f"{RELOAD}")
    args = {**args, **(extra or {})}
    unknown = sorted(set(args) - set(required) - set(optional))
    missing = [name for name in required if name not in args]
    if unknown or missing:
        return _error(f'The page sent the calculator the wrong details for "{method}" '
                      f"(unexpected: {', '.join(unknown) or 'none'}; missing: "
                      f"{', '.join(missing) or 'none'}). {RELOAD}")
    try:
        return json.dumps({"ok": True, "result": request.handler(**args)},
                          ensure_ascii=False)
    except ToolkitError as error:
        return _error(str(error))
    except xlsx_file.NotLoaded as error:  # the worker loads the Excel writer, asks again
        return json.dumps({"ok": False, "error": str(error), "load": error.archive},
                          ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 - the person sees every failure, none is thrown
        return _error(f"The calculator stopped on an unexpected problem "
                      f"({type(error).__name__}: {str(error)[:200]}). {RELOAD}")
