"""The export file format, and checking a file before it is imported.

An export is a JSON document::

    {
      "format": "cmhp-toolkit-export",
      "format_version": 3,
      "toolkit_version": "1.2.0",
      "exported_at": "2024-09-30T14:05:00Z",
      "export_id": "5f0c1d2e3a4b5c6d",
      "kind": "part",
      "district": "Example Unified",
      "by": "Dana Lee",
      "for": "Marco Bellini",
      "note": "Please fill in the referral numbers.",
      "worksheets": {
        "<worksheet id>": {"values": {...}, "computed": {...},
                           "changes": {"<unit>": {"at": ..., "by": ..., "seen": [...]},
                                       "<removed unit>": {"at": ..., "by": ...,
                                                          "removed": true, "seen": [...]}}}
      }
    }

``computed`` is written so the file reads well on its own; on import it is
ignored and worked out again. ``changes`` (version 2) says, per unit of a worksheet (a
field, or one row: see :mod:`browser_py.sharing.combine`), who last changed it and when, and
the fingerprints of the values its sender had seen, so that files from the working
group combine field by field; version 3 adds the units removed (``"removed": true``),
what kind of file it is (``kind``: ``"backup"`` of a device's entries, a ``"part"``
handed out, or a part ``"returned"``), whom a part is ``for``, and an ``export_id`` the
exporting device remembers. A version 1 file has no ``changes``: its units count as
changed at its export time by an unnamed person. :func:`parse_import` checks the whole file before
anything is changed: a bad file raises :class:`ToolkitError` and nothing else.
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from browser_py.core.errors import ToolkitError
from browser_py.core.migrations import (
    NEEDS_SHEET,
    PACKET_SHEET,
    Carried,
    carry_enrollment,
    enrollment_conflict,
    figure_text,
    migrate,
)
from browser_py.core.schema import Schema, normalise_values
from browser_py.core.state import describe_value
from browser_py.sharing.merge import merge_worksheet

FORMAT_NAME = "cmhp-toolkit-export"
FORMAT_VERSION = 3
#: The kinds of file an export can be (see the module's docstring).
KINDS = ("backup", "part", "returned")
#: What a browser's local storage holds for one site, in characters: 5 MiB in Chromium,
#: Firefox and Safari. The entries, the working-group record and the undo copies share it.
STORAGE_QUOTA_CHARS = 5 * 1024 * 1024
#: Largest file accepted for import, in bytes: more than the export of everything a
#: browser can save (up to 3 bytes of UTF-8 per character saved, and the indentation).
MAX_IMPORT_BYTES = 16 * 1024 * 1024
#: Deepest nesting of lists and objects accepted for import.
MAX_DEPTH = 32
#: Names that could change how a JavaScript object behaves; never written by the toolkit.
FORBIDDEN_KEYS = frozenset({"__proto__", "constructor", "prototype"})
#: Longest district name, toolkit version or export time accepted, in characters.
MAX_HEADER_CHARS = 1_000
#: Longest run of digits accepted in a JSON number.
MAX_NUMBER_CHARS = 100

_TOP_LEVEL_KEYS = ("format", "format_version", "toolkit_version", "exported_at", "district",
                   "by", "note", "worksheets", "set_aside", "export_id", "kind", "for")
_WORKSHEET_KEYS = ("values", "computed", "changes")
#: Longest note for the recipient of a hand-out, in characters.
MAX_NOTE_CHARS = 2_000
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
# A JSON string or one bracket. The closing quote is optional so that an
# unterminated string swallows the rest of the text instead of being retried from
# every later quote (which would take quadratic time); json.loads reports it.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)

_CHOOSE_EXPORT = "Choose a .json file saved with the toolkit's Export button."


@dataclass(frozen=True)
class ImportResult:
    """A checked export file, ready to preview and apply.

    ``state`` holds the normalised values of each worksheet in the file;
    ``format_version`` is the version the file was written in (before any migration).
    """

    state: dict[str, dict[str, Any]]
    district: str
    exported_at: str
    format_version: int
    toolkit_version: str = ""
    #: How many texts set aside in the browser the file came from it carries (not imported).
    set_aside: int = 0
    #: Worksheets this toolkit does not have (a newer or other edition's), kept unchanged.
    unknown: dict[str, Any] = field(default_factory=dict)
    #: Per worksheet and unit: who changed it, when, and what its sender had seen.
    changes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    #: Who exported the file (the name set on their device), and their note with it.
    by: str = ""
    note: str = ""
    #: What the file is ("" for a file older than format 3), whom a part is for, and
    #: the id its device gave it.
    kind: str = ""
    recipient: str = ""
    export_id: str = ""


def export_document(
    schema: Schema,
    state: dict[str, dict[str, Any]],
    *,
    toolkit_version: str,
    district: str,
    exported_at: str,
    computed: dict[str, dict[str, Any]] | None = None,
    set_aside: list[str] | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
    by: str = "",
    note: str = "",
    kind: str = "backup",
    recipient: str = "",
    export_id: str = "",
) -> dict[str, Any]:
    """Build the export document for the worksheets present in ``state``.

    Values are normalised on the way out. An export is the person's backup, so
    it never drops an entry: a worksheet whose saved values do not fit the
    current schema (or that the schema no longer has) is written unchanged,
    and importing that file later will name exactly what needs fixing.
    ``computed`` (by worksheet id) is copied in for readability. ``set_aside`` (the
    texts a browser could not read and kept apart) is written when there is any; an
    import reports it and leaves it out. ``changes`` (by worksheet id), ``by`` and
    ``note`` are written when given, as are ``kind``, ``recipient`` (as ``for``) and
    ``export_id`` (see the module's docstring).
    """
    computed = computed or {}
    changes = changes or {}
    ordered = [ws for ws in schema.worksheet_ids if ws in state]
    ordered += [ws for ws in state if ws not in ordered]
    worksheets: dict[str, Any] = {}
    for worksheet_id in ordered:
        worksheets[worksheet_id] = {
            "values": _exportable_values(schema, worksheet_id, state[worksheet_id]),
            "computed": copy.deepcopy(computed.get(worksheet_id, {})),
        }
        if changes.get(worksheet_id):
            worksheets[worksheet_id]["changes"] = copy.deepcopy(changes[worksheet_id])
    document: dict[str, Any] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "toolkit_version": toolkit_version,
        "exported_at": exported_at,
        "district": district,
        "kind": kind,
        "worksheets": worksheets,
    }
    if export_id:
        document["export_id"] = export_id
    if recipient:
        document["for"] = recipient
    if by:
        document["by"] = by
    if note:
        document["note"] = note
    if set_aside:
        document["set_aside"] = list(set_aside)
    return document


def _exportable_values(schema: Schema, worksheet_id: str, values: Any) -> Any:
    try:
        return normalise_values(schema, worksheet_id, values)
    except ToolkitError:
        # Keep what is stored rather than lose it; import will report the problem.
        return copy.deepcopy(values)


def export_json(
    schema: Schema,
    state: dict[str, dict[str, Any]],
    *,
    toolkit_version: str,
    district: str,
    exported_at: str,
    computed: dict[str, dict[str, Any]] | None = None,
    set_aside: list[str] | None = None,
    changes: dict[str, dict[str, Any]] | None = None,
    by: str = "",
    note: str = "",
    kind: str = "backup",
    recipient: str = "",
    export_id: str = "",
) -> str:
    """The export document (see :func:`export_document`) as JSON text, indented by 2."""
    document = export_document(
        schema, state, toolkit_version=toolkit_version, district=district,
        exported_at=exported_at, computed=computed, set_aside=set_aside, changes=changes,
        by=by, note=note, kind=kind, recipient=recipient, export_id=export_id,
    )
    try:
        return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except (TypeError, ValueError) as error:
        raise ToolkitError(
            "Some saved entries could not be written to a file. Reload the page and try "
            "exporting again."
        ) from error


def parse_import(schema: Schema, text: str | bytes) -> ImportResult:
    """Check a whole export file and return its normalised contents.

    Accepts the file as text or as bytes (UTF-8, with or without a byte order
    mark). Raises :class:`ToolkitError`, and nothing else, for any problem:
    too large, not UTF-8, not JSON, nested too deeply, repeated or forbidden
    names, NaN or Infinity, not a toolkit export, a newer format version,
    unknown worksheets or fields, or values that do not fit the worksheets.
    Files of an older format version are migrated first. ``computed`` in the
    file is ignored.
    """
    source = _decode(text)
    _check_depth(source)
    try:
        document = json.loads(
            source,
            object_pairs_hook=_object_from_pairs,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
        )
    except json.JSONDecodeError as error:
        raise ToolkitError(
            f"This file is not valid JSON (the problem is near line {error.lineno}, column "
            f"{error.colno}). It may be damaged or edited by hand. {_CHOOSE_EXPORT}"
        ) from error
    except RecursionError as error:
        raise _too_deep() from error
    return _read_document(schema, document)


def _size_error(size: int) -> ToolkitError:
    return ToolkitError(
        f"This file is too large to import ({size / (1024 * 1024):.1f} MB; the limit is "
        f"{MAX_IMPORT_BYTES / (1024 * 1024):.0f} MB). {_CHOOSE_EXPORT}"
    )


def _decode(text: object) -> str:
    if isinstance(text, bytes | bytearray | memoryview):
        data = memoryview(text)
        if data.nbytes > MAX_IMPORT_BYTES:
            raise _size_error(data.nbytes)
        try:
            source = bytes(data).decode("utf-8")
        except UnicodeDecodeError as error:
            raise ToolkitError(
                "This file is not saved as UTF-8 text, so it cannot be read. If you edited it, "
                f"save it again as UTF-8 text. Otherwise: {_CHOOSE_EXPORT}"
            ) from error
    elif isinstance(text, str):
        if len(text) > MAX_IMPORT_BYTES:
            raise _size_error(len(text))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_IMPORT_BYTES:
            raise _size_error(size)
        source = text
    else:
        raise ToolkitError(f"There was no file to import. {_CHOOSE_EXPORT}")
    source = source.removeprefix("\ufeff")
    if not source.strip():
        raise ToolkitError(f"This file is empty. {_CHOOSE_EXPORT}")
    return source


def _too_deep() -> ToolkitError:
    return ToolkitError(
        f"This file has lists or groups nested more than {MAX_DEPTH} levels deep, which a "
        f"toolkit export never has. It may be damaged. {_CHOOSE_EXPORT}"
    )


def _check_depth(source: str) -> None:
    """Reject nesting deeper than MAX_DEPTH before the JSON parser recurses into it."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(source):
        token = match.group()
        if token == "[" or token == "{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep()
        elif token == "]" or token == "}":
            depth -= 1


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in FORBIDDEN_KEYS:
            raise ToolkitError(
                f'This file contains the name "{key}", which the toolkit never writes and '
                f"which could be used to tamper with the page. It was not imported. "
                f"{_CHOOSE_EXPORT}"
            )
        if key in result:
            shown = key if len(key) <= 40 else key[:37] + "..."
            raise ToolkitError(
                f'The name "{shown}" appears twice in the same part of this file, so it is '
                f"unclear which entry to keep. It may have been edited by hand. {_CHOOSE_EXPORT}"
            )
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ToolkitError(
        f"This file contains {name}, which is not a number the toolkit can use. "
        f"It may be damaged. {_CHOOSE_EXPORT}"
    )


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number()
    value = float(text)
    if not math.isfinite(value):
        _reject_constant("a number too large to use")
    return value


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _long_number()
    return int(text)


def _long_number() -> ToolkitError:
    return ToolkitError(
        f"This file contains a number more than {MAX_NUMBER_CHARS} digits long. "
        f"It may be damaged. {_CHOOSE_EXPORT}"
    )


def _header_text(document: dict[str, Any], key: str) -> str:
    value = document.get(key, "")
    if not isinstance(value, str):
        raise ToolkitError(
            f'"{key}" should be text, but it is {describe_value(value)}. {_CHOOSE_EXPORT}', [key]
        )
    if len(value) > MAX_HEADER_CHARS:
        raise ToolkitError(
            f'"{key}" is longer than {MAX_HEADER_CHARS:,} characters. {_CHOOSE_EXPORT}', [key]
        )
    return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _read_document(schema: Schema, document: Any) -> ImportResult:
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ToolkitError(f"This file is not an export from this toolkit. {_CHOOSE_EXPORT}")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ToolkitError(
            "This file does not say which version of the export format it uses (format_version "
            f"should be a whole number, but it is {describe_value(version)}). {_CHOOSE_EXPORT}",
            ["format_version"],
        )
    if version > FORMAT_VERSION:
        raise ToolkitError(
            "This file comes from a newer version of the toolkit. Ask whoever hosts this site "
            "to update it, then import again."
        )
    if version < FORMAT_VERSION:
        document = migrate(document, FORMAT_VERSION)
    for key in document:
        if key not in _TOP_LEVEL_KEYS:
            raise ToolkitError(
                f'This file has an entry "{key}" that a toolkit export does not have. '
                f"It may have been edited by hand. {_CHOOSE_EXPORT}",
                [key],
            )
    district = _header_text(document, "district")
    exported_at = _header_text(document, "exported_at")
    toolkit_version = _header_text(document, "toolkit_version")
    if "worksheets" not in document:
        raise ToolkitError(f"This file has no worksheets section. {_CHOOSE_EXPORT}")
    worksheets = document["worksheets"]
    if not isinstance(worksheets, dict):
        raise ToolkitError(
            "The worksheets section of this file should be a group of worksheets named by id, "
            f"but it is {describe_value(worksheets)}. {_CHOOSE_EXPORT}",
            ["worksheets"],
        )
    set_aside = document.get("set_aside", [])
    if not isinstance(set_aside, list) or not all(isinstance(t, str) for t in set_aside):
        raise ToolkitError(
            f'"set_aside" should be a list of texts. {_CHOOSE_EXPORT}', ["set_aside"])
    kind = _header_text(document, "kind")
    if kind and kind not in KINDS:
        raise ToolkitError(f'This file says it is a "{kind[:40]}", which is not a kind of file '
                           f"the toolkit writes. {_CHOOSE_EXPORT}", ["kind"])
    export_id = _header_text(document, "export_id")
    if export_id and not _FINGERPRINT.fullmatch(export_id):
        raise ToolkitError(f"This file's export id is not written as the toolkit writes it. "
                           f"{_CHOOSE_EXPORT}", ["export_id"])
    note = _header_text(document, "note")
    if len(note) > MAX_NOTE_CHARS:
        raise ToolkitError(f"The note in this file is longer than {MAX_NOTE_CHARS:,} "
                           f"characters. {_CHOOSE_EXPORT}", ["note"])
    state: dict[str, dict[str, Any]] = {}
    unknown: dict[str, Any] = {}
    changes: dict[str, dict[str, dict[str, Any]]] = {}
    for worksheet_id, entry in worksheets.items():
        if schema.has_worksheet(worksheet_id):
            state[worksheet_id] = _worksheet_values(schema, worksheet_id, entry)
            changes[worksheet_id] = _changes(schema, worksheet_id, entry.get("changes"))
        else:
            unknown[worksheet_id] = _unknown_values(worksheet_id, entry)
    return ImportResult(
        changes=changes,
        by=_header_text(document, "by"),
        note=note,
        kind=kind,
        recipient=_header_text(document, "for"),
        export_id=export_id,
        state=state,
        unknown=unknown,
        set_aside=len(set_aside),
        district=district,
        exported_at=exported_at,
        format_version=version,
        toolkit_version=toolkit_version,
    )


def _changes(schema: Schema, worksheet_id: str, raw: Any) -> dict[str, dict[str, Any]]:
    """A worksheet's ``changes``, checked: per unit, ``at`` and ``by`` texts and ``seen``
    fingerprints."""
    title = schema.worksheets[worksheet_id].title
    if raw is None:
        return {}
    wrong = ToolkitError(f'The record of changes to "{title}" in this file is not written as '
                         f"an export writes it. {_CHOOSE_EXPORT}", [worksheet_id, "changes"])
    if not isinstance(raw, dict) or len(raw) > 10_000:
        raise wrong
    found: dict[str, dict[str, Any]] = {}
    for unit, change in raw.items():
        if (not isinstance(change, dict) or set(change) - {"at", "by", "seen", "removed"}
                or change.get("removed", True) is not True
                or not all(isinstance(change.get(k, ""), str) and len(change.get(k, ""))
                           <= MAX_HEADER_CHARS for k in ("at", "by"))
                or not isinstance(change.get("seen", []), list)
                or not all(isinstance(f, str) and _FINGERPRINT.fullmatch(f)
                           for f in change.get("seen", []))
                or len(unit) > 2 * MAX_HEADER_CHARS + 1):  # field id / row id
            raise wrong
        found[unit] = {"at": change.get("at", ""), "by": change.get("by", ""),
                       "seen": list(change.get("seen", []))}
        if change.get("removed"):
            found[unit]["removed"] = True
    return found


def _unknown_values(worksheet_id: str, entry: Any) -> Any:
    """A worksheet this toolkit does not have: kept as it is, if it has an export's shape."""
    shown = worksheet_id if len(worksheet_id) <= 60 else worksheet_id[:57] + "..."
    if (
        not isinstance(entry, dict) or not isinstance(entry.get("values"), dict)
        or any(key not in _WORKSHEET_KEYS for key in entry)
        or len(worksheet_id) > MAX_HEADER_CHARS
    ):
        raise ToolkitError(
            f'This file has a worksheet "{shown}" that this toolkit does not have, and it is '
            f"not written as an export writes worksheets. {_CHOOSE_EXPORT}",
            [shown],
        )
    return copy.deepcopy(entry["values"])


def _worksheet_values(schema: Schema, worksheet_id: str, entry: Any) -> dict[str, Any]:
    title = schema.worksheets[worksheet_id].title
    if not isinstance(entry, dict):
        raise ToolkitError(
            f'The worksheet "{title}" in this file should be a group with its values, but it is '
            f"{describe_value(entry)}. {_CHOOSE_EXPORT}",
            [worksheet_id],
        )
    for key in entry:
        if key not in _WORKSHEET_KEYS:
            raise ToolkitError(
                f'The worksheet "{title}" in this file has an entry "{key}" that an export does '
                f"not have. {_CHOOSE_EXPORT}",
                [worksheet_id, key],
            )
    if "values" not in entry:
        raise ToolkitError(
            f'The worksheet "{title}" in this file has no values. {_CHOOSE_EXPORT}', [worksheet_id]
        )
    return normalise_values(schema, worksheet_id, entry["values"])


def preview_import(
    schema: Schema, current_state: dict[str, Any], result: ImportResult
) -> list[dict[str, Any]]:
    """Describe, per worksheet, what applying ``result`` would do.

    Returns one dict per worksheet in the file or the current state (schema
    order first): ``id``, ``title``, ``status`` and ``changed_fields``. Status is
    ``"added"`` (only in the file), ``"replaced"`` (in both, different),
    ``"merged"`` (in both, with entries merged rather than replaced: see
    :mod:`browser_py.sharing.merge`), ``"unchanged"`` (in both, same) or ``"kept"`` (only in
    the current state; import leaves it as it is). ``changed_fields`` counts the
    fields whose value will change: for an added worksheet, the fields that are not
    empty. A worksheet with merging fields in both also has ``merge``: one report
    per merged field (see :class:`browser_py.sharing.merge.MergeReport`).
    """
    ids = [ws for ws in schema.worksheet_ids if ws in result.state or ws in current_state]
    ids += [ws for ws in current_state if ws not in ids]
    ids += [ws for ws in result.state if ws not in ids]
    rows: list[dict[str, Any]] = []
    for worksheet_id in ids:
        sheet = schema.worksheets.get(worksheet_id)
        title = sheet.title if sheet is not None else worksheet_id
        if worksheet_id not in result.state:
            status, changed, reports = "kept", 0, []
        else:
            incoming = result.state[worksheet_id]
            reports = []
            if worksheet_id in current_state:
                before = _comparable(schema, worksheet_id, current_state[worksheet_id])
                if sheet is not None:
                    incoming, reports = merge_worksheet(sheet.fields, before, incoming)
            else:
                before = schema.empty_values(worksheet_id)
            changed = sum(
                1
                for key, value in incoming.items()
                if not isinstance(before, dict) or before.get(key) != value
            )
            if worksheet_id not in current_state:
                status = "added"
            elif reports:
                status = "merged" if changed else "unchanged"
            else:
                status = "replaced" if changed else "unchanged"
        row = {"id": worksheet_id, "title": title, "status": status, "changed_fields": changed}
        if worksheet_id in result.state and reports:
            row["merge"] = [report.as_dict() for report in reports]
        rows.append(row)
    return rows


def _comparable(schema: Schema, worksheet_id: str, values: Any) -> Any:
    try:
        return normalise_values(schema, worksheet_id, values)
    except ToolkitError:
        # Stored values that no longer fit are compared as they are.
        return values


def apply_import(
    current_state: dict[str, Any], result: ImportResult, schema: Schema | None = None
) -> dict[str, Any]:
    """Return the state after the import; the inputs are not changed.

    Worksheets in the file replace the current ones; the others are kept. Given the
    ``schema``, repeats that declare ``merge_by`` are merged item by item instead (see
    :mod:`browser_py.sharing.merge`), and a value the file holds in a box the page no longer
    shows is carried to where it is typed now (see :func:`import_notes`).
    """
    return _carried(_imported(current_state, result, schema), schema).worksheets


def import_notes(
    schema: Schema, current_state: dict[str, Any], result: ImportResult
) -> list[str]:
    """What importing ``result`` does beyond replacing or merging worksheets, one sentence
    each: values carried to where they are typed now
    (:func:`browser_py.migrations.carry_enrollment`), and a number of students the
    file's provider packet holds that differs from the students enrolled, kept apart."""
    before = _imported(current_state, result, schema)
    carried = _carried(before, schema)
    notes = list(carried.notes)
    conflict = enrollment_conflict(carried.worksheets)
    if conflict and ({NEEDS_SHEET, PACKET_SHEET} & set(result.state)):
        titles = {ws: sheet.title for ws, sheet in schema.worksheets.items()}
        kept, other = (figure_text(n) for n in conflict)
        notes.append(
            f"{titles[PACKET_SHEET]} holds its own number of students the district serves, "
            f"{other}, which differs from the {kept} students enrolled in "
            f"{titles[NEEDS_SHEET]}. The packet uses {kept}; {other} is kept, and the "
            "packet's results show it so that you can check which number is right.")
    return notes


def _carried(state: dict[str, Any], schema: Schema | None) -> Carried:
    if schema is None or not all(schema.has_worksheet(ws) for ws in (NEEDS_SHEET, PACKET_SHEET)):
        return Carried(state)
    titles = {ws: sheet.title for ws, sheet in schema.worksheets.items()}
    return carry_enrollment(state, titles)


def _imported(
    current_state: dict[str, Any], result: ImportResult, schema: Schema | None
) -> dict[str, Any]:
    """The state after the import, before any value is carried over."""
    new_state = copy.deepcopy(current_state)
    new_state.update(copy.deepcopy(result.unknown))
    for worksheet_id, values in result.state.items():
        sheet = schema.worksheets.get(worksheet_id) if schema is not None else None
        if sheet is not None and worksheet_id in current_state:
            before = _comparable(schema, worksheet_id, current_state[worksheet_id])
            new_state[worksheet_id], _ = merge_worksheet(sheet.fields, before, values)
        else:
            new_state[worksheet_id] = copy.deepcopy(values)
    return new_state
