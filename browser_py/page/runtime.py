"""What the page asks of Python: every view computed from the same restored entries.

:mod:`browser_py.page.protocol` declares which of these functions the page may call and
answers each request; :func:`setup` loads the site's worksheet definitions first.
"""

from __future__ import annotations

import binascii
import hashlib
import json
from datetime import date
from typing import Any

from .. import __version__
from ..core import completion, computations, file_names
from ..core.errors import ToolkitError
from ..core.figures import long_date
from ..core.restore import STATE_VERSION, WHOLE, Restored, restore_state
from ..core.schema import Schema, normalise_values
from ..core.visible_text import visible_data
from ..district_files import file_requests
from ..documents import document, report, tables_csv
from ..documents import shareable as shareable_report
from ..sharing import exchange, group_files, reminders, undo
from ..worksheets import district as district_sheet
from . import brief, dashboard
from .rating_rows import rating_rows as _rating_rows

_settings: dict[str, Any] = {}
_order: list[dict[str, str]] = []  # where each worksheet is placed, in the site's order
_steps: list[dict[str, str]] | None = None  # the practice's pages, in the site's order
_schema: Schema | None = None

STATUS_WORDS = {
    "added": "will be added",
    "merged": "entries will be merged with yours, not replaced",
    "replaced": "will be replaced by the file's entries",
    "unchanged": "is the same in the file: no change",
    "kept": "is not in the file and stays as it is",
}


def setup(definitions_json: str) -> None:
    """Load the worksheet definitions that the site was built with."""
    global _schema, _steps
    loaded = json.loads(definitions_json)
    worksheets = loaded["worksheets"]
    _settings.clear()
    _settings.update(loaded.get("settings") or {})
    _order[:] = loaded.get("placements") or [{"worksheet": w["id"]} for w in worksheets]
    _steps = loaded.get("steps") or None
    _schema = Schema.from_definitions(worksheets)


def schema() -> Schema:
    """The loaded schema (``setup`` must have run)."""
    if _schema is None:
        raise RuntimeError("browser_py.page.runtime.setup() has not been called")
    return _schema


def restored(state: object) -> Restored:
    """The saved entries, restored (see :mod:`browser_py.core.restore`): every view reads this."""
    return restore_state(schema(), state)


def shown(state: object) -> Restored:
    """The entries restored for what the page draws and every file made for download
    but the backup: people's text without hidden direction changes or invisible
    characters (see :mod:`browser_py.core.visible_text`). The backup keeps what was typed."""
    return restored(visible_data(state))


def _with_values(state: object, worksheet: str, values: object) -> dict[str, Any]:
    """``state`` with one worksheet's values replaced (for callers that hold them apart)."""
    saved = state.get("worksheets") if isinstance(state, dict) else None
    return {"worksheets": {**(saved if isinstance(saved, dict) else {}), worksheet: values}}


def _context(entries: Restored, today: str | None) -> computations.Context:
    # Every worksheet complete: a field never edited shows its starting value (starter
    # rows, fixed rows) in the page, and every view computes from that same value.
    context = computations.Context(
        state=entries.worksheets, settings=dict(_settings),
        pages={place["worksheet"]: place.get("page", "") for place in _order},
        titles={ws: sheet.title for ws, sheet in schema().worksheets.items()},
        schema=schema())
    if today:
        context.today = date.fromisoformat(today[:10])
    return context


def _outputs(worksheet: str, entries: Restored, today: str | None) -> dict[str, Any]:
    sheet = schema().worksheet(worksheet)  # a clear error for a worksheet not in this build
    context = _context(entries, today)
    values = entries.worksheets[worksheet]
    return {
        output.id: computations.run(output.function, values, context)
        for output in sheet.computed
    }


def compute(
    worksheet: str, state: dict[str, Any] | None = None, today: str | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run every computed output of one worksheet on the saved entries.

    ``state`` holds every worksheet's saved values; ``values``, when given, stands in for
    the worksheet's own; ``today`` is the browser's date as YYYY-MM-DD.
    """
    if values is not None:
        state = _with_values(state, worksheet, values)
    return _outputs(worksheet, shown(state), today)


def compute_all(state: dict[str, Any] | None = None,
                today: str | None = None) -> dict[str, dict[str, Any]]:
    """Every computed output of every worksheet, by worksheet and output id: what
    :func:`compute` gives each, from one reading of the entries."""
    return _computed(shown(state), today)


def action(
    worksheet: str, action_id: str, state: dict[str, Any] | None = None,
    today: str | None = None, values: dict[str, Any] | None = None,
) -> dict[str, str]:
    """Make the file that one of a worksheet's download buttons offers."""
    function = next(a.function for a in schema().worksheet(worksheet).actions
                    if a.id == action_id)
    if values is not None:
        state = _with_values(state, worksheet, values)
    entries = shown(state)
    return computations.run_action(function, entries.worksheets[worksheet],
                                   _context(entries, today))


def _computed(entries: Restored, today: str | None) -> dict[str, dict[str, Any]]:
    """Every computed output of every worksheet with outputs, from the same entries."""
    return {
        worksheet: _outputs(worksheet, entries, today)
        for worksheet, sheet in schema().worksheets.items() if sheet.computed
    }


def _statuses(entries: Restored, computed: dict[str, dict[str, Any]],
              today: str | None) -> dict[str, completion.Completion]:
    """Where every worksheet stands (see :mod:`browser_py.core.completion`), from the same
    entries and outputs as every other view."""
    context = _context(entries, today)
    return {ws: completion.of(sheet, entries.worksheets[ws], context, computed.get(ws))
            for ws, sheet in schema().worksheets.items()}


def status(worksheet: str, state: dict[str, Any] | None = None, today: str | None = None,
           values: dict[str, Any] | None = None) -> dict[str, Any]:
    """Where one worksheet stands: started, complete, its status words and what it still
    misses, by the rule the start page and the report use."""
    if values is not None:
        state = _with_values(state, worksheet, values)
    entries = shown(state)
    outputs = _outputs(worksheet, entries, today)
    return completion.of(schema().worksheet(worksheet), entries.worksheets[worksheet],
                         _context(entries, today), outputs).as_dict()


def _district(entries: Restored) -> str:
    return district_sheet.district_name(entries.worksheets, _settings)


def rating_rows(state: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """The rows every ratings grid shows, by source (see :mod:`browser_py.page.rating_rows`)."""
    return _rating_rows(schema(), shown(state).worksheets)


def district_name(state: dict[str, Any]) -> str:
    """The district's name as entered on the start page, else the edition's ("" if none)."""
    return _district(shown(state))


def print_header(state: dict[str, Any], today: str) -> dict[str, str]:
    """The line printed pages start with: ``district`` (the name, which the page sets
    apart so that its direction never moves the rest) and ``rest``, the words after it
    with ``today`` (the browser's date, YYYY-MM-DD) as people read dates."""
    return _print_header(district_name(state), today)


def _print_header(district: str, today: str) -> dict[str, str]:
    try:
        day = long_date(date.fromisoformat(today[:10]))
    except (ValueError, TypeError):
        raise ToolkitError("The page sent the calculator an unreadable date for the print "
                           "header. Reload the page to try again.") from None
    return {"district": district, "rest": f" · printed {day}" if district else f"Printed {day}"}


def export(
    state: dict[str, Any], exported_at: str, district: str | None = None,
    today: str | None = None, set_aside: list[str] | None = None,
    record: dict[str, Any] | None = None, worksheets: list[str] | None = None,
    note: str = "", recipient: str = "",
) -> dict[str, Any]:
    """Build the export file's text from the saved state.

    Worksheets this build does not know are written unchanged; the computed texts come
    from the same entries as every other view. The district's name comes from the state
    unless ``district`` is given; ``today`` is the browser's date; ``set_aside`` holds the
    texts this browser set aside, written to the file so that a backup keeps them too.
    ``record`` is the device's record of its entries (see :mod:`browser_py.sharing.group_files`):
    who changed what is written with the file, and the record after sharing returned.
    ``worksheets`` exports only those (a part), with ``note`` for ``recipient``: a part
    goes back to whoever handed those worksheets out to this device (``returned``),
    else it is handed out. The file name says which (see :mod:`browser_py.core.file_names`).
    """
    entries = restored(state)
    district = _district(entries) if district is None else district
    computed = _computed(entries, today)
    chosen = _chosen_worksheets(worksheets)
    saved = {ws: v for ws, v in {**entries.saved, **entries.unknown}.items()
             if chosen is None or ws in chosen}
    device = group_files.record_of(record)
    changes, after = group_files.export_changes(schema(), saved, device, exported_at)
    note = str(note or "").strip()
    if len(note) > exchange.MAX_NOTE_CHARS:
        raise ToolkitError(f"The note is longer than {exchange.MAX_NOTE_CHARS:,} characters. "
                           "Shorten it, then export again.")
    recipient = " ".join(str(recipient or "").split())[:group_files.MAX_NAME_CHARS]
    received = device.received.get("by", "")
    kind = "backup" if chosen is None else (
        "returned" if received and (not recipient or recipient.casefold()
                                    == received.casefold()) else "part")
    if kind == "returned":
        recipient = recipient or received
        district = district or device.received.get("district", "")
    # The same entries exported at the same moment by the same person get the same id.
    export_id = hashlib.sha256(json.dumps(
        [exported_at, device.name, kind, recipient, sorted(saved)], ensure_ascii=False,
    ).encode() + json.dumps(saved, sort_keys=True, default=str).encode()).hexdigest()[:16]
    after.exports = [*after.exports, export_id][-group_files.MAX_EXPORTS:]
    document = exchange.export_json(
        schema(), saved, toolkit_version=__version__,
        district=district, exported_at=exported_at,
        computed={ws: {out: result["text"] for out, result in outputs.items()}
                  for ws, outputs in computed.items() if ws in saved},
        # What this browser set aside, and what these entries hold that cannot be read
        # (another tab's write since): a backup never leaves a part out.
        set_aside=None if chosen is not None else [str(text) for text in set_aside or []]
        + [json.dumps(part.as_dict(), ensure_ascii=False) for part in entries.set_aside],
        changes=changes, by=device.name, note=note, kind=kind, recipient=recipient,
        export_id=export_id,
    )
    titles = [schema().worksheets[ws].title for ws in schema().worksheet_ids
              if chosen is not None and ws in chosen]
    person = device.name if kind == "returned" else recipient
    filename = file_names.export_filename(district, kind, exported_at, titles, person)
    done = (f"The part was saved as “{filename}”. Send it back; they bring it in with "
            "“Bring in a file…”." if kind == "returned" else
            f"The part was saved as “{filename}”. Send it to whoever fills it; when they "
            "send it back, bring it in with “Bring in a file…”.")
    return {"document": document, "record": after.as_dict(), "kind": kind,
            "filename": filename, "done": done}


def _chosen_worksheets(worksheets: object) -> set[str] | None:
    if worksheets is None:
        return None
    if not isinstance(worksheets, list) or not worksheets:
        raise ToolkitError("Choose at least one worksheet to hand out.")
    unknown = [ws for ws in worksheets if not schema().has_worksheet(ws)]
    if unknown:
        raise ToolkitError(f"This toolkit has no worksheet “{unknown[0]}”. Reload the page "
                           "and choose again.")
    return set(worksheets)


def _said(reply: dict[str, Any]) -> dict[str, Any]:
    """A reply's words as the page shows them (see :mod:`browser_py.core.visible_text`): the
    entries and record to save, and the ids the page sends back, stay as they are."""
    said = {key: value if key in ("state", "record", "undo") else visible_data(value, _REPLY_IDS)
            for key, value in reply.items()}
    if isinstance(said.get("undo"), dict):  # its entries stay; its label is words
        said["undo"] = {**said["undo"], "label": visible_data(said["undo"].get("label", ""))}
    return said


_REPLY_IDS = frozenset({"id", "row_id"})


def combine_files(current: dict[str, Any], files: list[Any], record: dict[str, Any],
                  choices: dict[str, Any], now: str, offset: int = 0) -> dict[str, Any]:
    """What :func:`_combine_files` answers, its words without hidden characters."""
    return _said(_combine_files(current, files, record, choices, now, offset))


def _combine_files(current: dict[str, Any], files: list[Any], record: dict[str, Any],
                   choices: dict[str, Any], now: str, offset: int = 0) -> dict[str, Any]:
    """Check one or several members' files and combine them, in order, into the entries
    here (see :func:`browser_py.sharing.group_files.combine_files`). ``files`` holds each file's
    ``name`` and its bytes in base64 (``data``). Nothing is changed here: the page saves
    the ``state`` and ``record`` returned once no conflict is left to choose, and keeps
    ``undo`` (see :mod:`browser_py.sharing.undo`); ``offset`` is the browser's time zone, as
    ``Date.getTimezoneOffset()`` gives it, for the undo button's time."""
    if not isinstance(files, list) or not files:
        return {"ok": False, "message": "Choose one or more files exported from the toolkit."}
    checked = []
    for file in files:
        name = str(file.get("name", "")) if isinstance(file, dict) else ""
        try:
            data = binascii.a2b_base64(str(file.get("data", "")))
            checked.append((name, exchange.parse_import(schema(), data)))
        except (binascii.Error, AttributeError):
            return {"ok": False, "message": f"Nothing was combined. “{name}” could not be "
                    "read; choose it again."}
        except ToolkitError as error:
            return {"ok": False, "message": f"Nothing was combined. “{name}”: {error.message}"}
    entries = restored(current)
    wanted = {str(k): v for k, v in (choices or {}).items() if v in ("mine", "theirs")} \
        if isinstance(choices, dict) else {}
    try:
        result = group_files.combine_files(
            schema(), {**entries.saved, **entries.unknown}, group_files.record_of(record),
            checked, wanted, str(now), _minutes(offset))
    except ToolkitError as error:
        return {"ok": False, "message": error.message}
    undo_label = ""
    if result["state"] is not None:
        named = [by for _, file in checked if (by := file.by)]
        whose = (f"{named[0]}’s file" if len(checked) == 1 and named else
                 f"“{checked[0][0]}”" if len(checked) == 1 else f"{len(checked)} files")
        undo_label = _at(f"Undo combining {whose}", undo.when_text(str(now), _minutes(offset)))
        result["undo"] = undo.record_undo(
            schema(), {**entries.saved, **entries.unknown}, result["state"],
            group_files.record_of(record), undo_label)
        result["state"] = {"format_version": STATE_VERSION, "worksheets": result["state"]}
    result["words"] = COMBINE_WORDS
    left = len(result["conflicts"])
    if not left and not result["changed"]:
        return {"ok": True, **result, "done": (
            "Combined: you kept your own entries where you chose, and the files hold nothing "
            "else new." if wanted else
            "Nothing new: these files hold nothing your entries do not have already.")}
    return {"ok": True, **result, "done": (
        f"Combined. “{undo_label}” puts back what it changed, and keeps what you type "
        "after it." if not left
        else f"{left} {'entry was' if left == 1 else 'entries were'} changed both here and "
        "in a file since you last shared. Choose which to keep for each, then combine.")}


#: The words of the combine preview's choices, drawn by the page.
COMBINE_WORDS = {"keep_all": "Keep all of mine", "take_all": "Take all from this file",
                 "theirs": "The file’s: ", "mine": "Yours: "}


def _at(label: str, when: str) -> str:
    return f"{label}, {when}" if when else label


def _minutes(offset: object) -> int:
    return int(offset) if isinstance(offset, int | float) and abs(offset) <= 24 * 60 else 0


def undo_import(current: dict[str, Any], record: dict[str, Any], undo_data: dict[str, Any],
                keep_later: bool = False) -> dict[str, Any]:
    """Undo the last import or combine (see :func:`browser_py.undo.undo`): the entries
    it changed go back, later changes stay. With later changes to those entries and not
    ``keep_later``, nothing is undone and ``question`` asks the person first."""
    if not isinstance(undo_data, dict) or not isinstance(undo_data.get("worksheets"), dict):
        return {"ok": False, "message": "There is nothing to undo: the copy kept for it "
                "could not be read. Your entries are as they are now."}
    entries = restored(current)
    result = undo.undo(schema(), {**entries.saved, **entries.unknown},
                       group_files.record_of(record), undo_data, bool(keep_later))
    later = result["later"]
    named = "; ".join(later[:10]) + (f"; and {len(later) - 10} more" if len(later) > 10 else "")
    if result["state"] is None:
        return {"ok": True, "state": None, "record": None, "later": later,
                "declined": "Nothing was undone.", "question": (
            f"Since then you changed {len(later)} of the entries it brought in: {named}. "
            "Undo the rest and keep these as they are now?")}
    return {"ok": True, "later": later,
            "state": {"format_version": STATE_VERSION, "worksheets": result["state"]},
            "record": result["record"],
            "done": "Undone: the entries it changed are as they were before it"
                    + (", except the ones you changed since, which stay as they are." if later
                       else "; everything you typed after it is kept.")}


def restore(state: dict[str, Any]) -> dict[str, Any]:
    """Check saved entries: what could not be read is returned to be set aside, with the
    state to keep in its place and one message per part."""
    entries = restored(state)
    return {
        "whole": any(part.where == WHOLE for part in entries.set_aside),
        "set_aside": [part.as_dict() for part in entries.set_aside],
        "messages": [f"{part.where}: {part.message}" for part in entries.set_aside],
        "moved": list(entries.moved),  # values carried to where they are typed now
        "state": entries.stored(),
    }


def check_file_size(size: int) -> dict[str, Any]:
    """Whether a file of ``size`` bytes may be read for import, checked before reading it."""
    if size <= exchange.MAX_IMPORT_BYTES:
        return {"ok": True, "message": ""}
    megabytes = size / (1024 * 1024)
    return {
        "ok": False,
        "message": f"This file is {megabytes:.1f} MB; toolkit exports are smaller (the limit "
        f"is {exchange.MAX_IMPORT_BYTES // (1024 * 1024)} MB). Choose a .json file saved with "
        "the toolkit's Export button.",
    }


def preview_import(
    current: dict[str, Any], text: str | None = None, data: str | None = None,
    record: dict[str, Any] | None = None, now: str = "", name: str = "", offset: int = 0,
) -> dict[str, Any]:
    """What :func:`_preview_import` answers, its words without hidden characters."""
    return _said(_preview_import(current, text, data, record, now, name, offset))


def _preview_import(
    current: dict[str, Any], text: str | None = None, data: str | None = None,
    record: dict[str, Any] | None = None, now: str = "", name: str = "", offset: int = 0,
) -> dict[str, Any]:
    """Validate a whole file and describe what importing it would change.

    The file comes as ``text``, or as ``data``: its bytes in base64, decoded here so that
    a file that is not UTF-8 is refused rather than read with replaced characters. The
    state to apply is checked against every limit, so that what an import writes can
    always be exported and imported again. With the device's working-group ``record``
    (and the time ``now``), the reply holds the record once the file is imported: its
    entries keep who changed them in the file. A part handed out or sent back is
    combined, never imported over the entries here: the reply's ``route`` is then
    ``"combine"``. ``name`` (the file's) and ``offset`` (the browser's time zone) word
    the undo button kept with ``undo``.
    """
    try:
        source: str | bytes = text if data is None else binascii.a2b_base64(data)
        result = exchange.parse_import(schema(), source if source is not None else "")
    except (binascii.Error, TypeError):
        return {"ok": False, "message": "Nothing was imported. The file could not be read; "
                "choose it again."}
    except ToolkitError as error:
        return {"ok": False, "message": f"Nothing was imported. {error.message}"}
    device = group_files.record_of(record)
    mine = bool(result.export_id) and result.export_id in device.exports
    if result.kind in ("part", "returned"):
        return {"ok": True, "route": "combine"}
    entries = restored(current)
    current_state = {**entries.saved, **entries.unknown}
    preview = exchange.preview_import(schema(), entries.saved, result)
    new_state = exchange.apply_import(current_state, result, schema())
    for worksheet_id in result.state:
        try:
            normalise_values(schema(), worksheet_id, new_state[worksheet_id])
        except ToolkitError as error:
            return {"ok": False, "message": "Nothing was imported. Together with the entries "
                    f"here, {error.message[0].lower()}{error.message[1:]}"}
    items = [
        {"id": item["id"], "status": item["status"],
         "text": f"{item['title']}: {STATUS_WORDS.get(item['status'], item['status'])}."
         + "".join(f" {merge_text(report)}" for report in item.get("merge", []))}
        for item in preview
    ]
    items += [
        {"id": worksheet_id, "status": "unknown",
         "text": f"“{worksheet_id}”: a worksheet this toolkit does not have (from another "
         "edition or a newer version); it is kept with your entries, unchanged."}
        for worksheet_id in result.unknown
    ]
    items += [{"id": "", "status": "moved", "text": note}
              for note in exchange.import_notes(schema(), current_state, result)]
    if result.set_aside:
        items.append({"id": "", "status": "set-aside", "text": (
            f"The file also holds {result.set_aside} part(s) that the browser it came from "
            "could not read and set aside; they are not imported.")})
    source = f" for {result.district}" if result.district else ""
    whose = f"{result.by}’s backup" if result.by and not mine else "the backup"
    label = _at(f"Undo importing {whose}", undo.when_text(str(now), _minutes(offset)))
    return {
        "ok": True,
        "route": "import",
        "title": (f"{f'“{name}”' if name else 'This file'}{source} is "
                  f"{group_files.file_kind(result, mine)}. Importing it puts its worksheets "
                  "in place of yours (or combine it with yours instead):"),
        "preview": items,
        "state": {"format_version": STATE_VERSION, "worksheets": new_state},
        "record": group_files.after_import(schema(), entries.saved, new_state,
                                           device, result, now).as_dict(),
        "undo": undo.record_undo(schema(), current_state, new_state, device, label),
        "done": f"Imported. “{label}” puts back what it changed, and keeps what you type "
                "after it.",
    }


def merge_text(report: dict[str, Any]) -> str:
    """Say what merging one field will do, naming the entries."""
    parts = []
    if report["added"]:
        parts.append(f"{len(report['added'])} added ({'; '.join(report['added'])})")
    if report["updated"]:
        parts.append(f"{len(report['updated'])} replaced by the file's copy "
                     f"({'; '.join(report['updated'])})")
    if report["kept"]:
        parts.append(f"{len(report['kept'])} kept as they are here, because yours have a "
                     f"later date ({'; '.join(report['kept'])})")
    if report["unchanged"]:
        parts.append(f"{report['unchanged']} the same in both")
    return f"{report['label']}: {', '.join(parts) or 'nothing to merge'}."


def table_csv(
    worksheet: str, field: str, state: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, str]:
    """CSV text of one table of a worksheet, with a byte order mark so that
    spreadsheet programs read its accents and symbols correctly."""
    if values is not None:
        state = _with_values(state, worksheet, values)
    schema().worksheet(worksheet)  # a clear error for a worksheet not in this build
    entries = shown(state)
    values = entries.worksheets[worksheet]
    # A worksheet whose counts leave the device only suppressed shares them so here too.
    shared = computations.SHARED_CELLS.get(worksheet)
    cells = shared(values, _context(entries, None)) if shared else None
    text = tables_csv.table_csv(schema(), worksheet, field, values, shared=cells)
    return {"csv": "\ufeff" + text, "filename": f"{worksheet}-{field}.csv"}


def export_status(meta: dict[str, Any], now: str) -> dict[str, Any]:
    """When entries were last exported, and whether to remind the person."""
    return reminders.export_status(meta, now)


def _labels() -> dict[str, dict[str, str]]:
    return {
        worksheet: {output.id: output.label for output in sheet.computed}
        for worksheet, sheet in schema().worksheets.items()
    }


def build_report(state: dict[str, Any], today: str, shareable: bool = False,
                 record: dict[str, Any] | None = None) -> dict[str, Any]:
    """The full plan report: every worksheet's entries, in the site's order. The
    shareable version hides every count of students under the threshold, and any count
    that would reveal one (see :mod:`browser_py.documents.shareable`). With the device's working-
    group ``record``, each section of the full version names who entered what it holds."""
    entries = shown(state)
    return _report(entries, _computed(entries, today), today, shareable, record)


def _report(entries: Restored, computed: dict[str, dict[str, Any]], today: str,
            shareable: bool, record: dict[str, Any] | None) -> dict[str, Any]:
    # Done is judged on the full entries: the shareable version hides, it completes nothing.
    statuses = _statuses(entries, computed, today)
    sheets = schema().worksheets
    results_only = frozenset(ws for ws, sheet in sheets.items()
                             if "results" in (sheet.print, sheet.report))
    hidden = frozenset((ws, output.id) for ws, sheet in sheets.items()
                       for output in sheet.computed if not (output.print and output.report))
    summarised = tuple((ws, output_id) for _place, ws, output_id in sorted(
        (output.summary, ws, output.id) for ws, sheet in sheets.items()
        for output in sheet.computed if output.summary))
    cells, note = None, ""
    if shareable:
        sharing = shareable_report.share(entries.worksheets, _context(entries, today))
        computed = shareable_report.in_place(computed, sharing.worksheets)
        cells, note = (shareable_report.cells_of(sharing.worksheets),
                       shareable_report.note(sharing))
    built = report.build_report(
        schema(), _order, entries.worksheets, computed, district=_district(entries),
        statuses=statuses,
        today=today[:10], computed_labels=_labels(), results_only=results_only,
        hidden_outputs=hidden, summary_outputs=summarised, shared_cells=cells,
        # Staff names stay in the full report; the shareable one is for the public.
        contributors=None if shareable else group_files.contributors(
            schema(), entries.saved, group_files.record_of(visible_data(record))),
    )
    return {**built, "shareable": note}


def report_file(state: dict[str, Any], today: str, kind: str, shareable: bool = False,
                record: dict[str, Any] | None = None) -> dict[str, Any]:
    """The report as a Markdown, standalone HTML or Word file (``kind`` "markdown",
    "html" or "docx") to download."""
    built = build_report(state, today, shareable, record)
    name = f"partnership-plan-{'shareable-' if shareable else ''}{today[:10]}"
    if kind == "docx":
        return document.word_download(f"{name}.docx", report.report_document(built))
    if kind == "markdown":
        return {"filename": f"{name}.md",
                "media_type": "text/markdown", "text": report.report_markdown(built)}
    return {"filename": f"{name}.html",
            "media_type": "text/html", "text": report.report_html(built)}


def build_brief(state: dict[str, Any], today: str, shareable: bool = True
                ) -> document.Document:
    """The board brief (see :mod:`browser_py.page.brief`): shareable unless
    ``shareable`` is false, with small counts hidden by the same rule and publication
    as the report's shareable version."""
    entries = shown(state)
    return _brief(entries, _computed(entries, today), today, shareable)


def _brief(entries: Restored, computed: dict[str, dict[str, Any]], today: str,
           shareable: bool) -> document.Document:
    # Done is judged on the full entries: the shareable version hides, it completes nothing.
    statuses = _statuses(entries, computed, today)
    context = _context(entries, today)
    note, full = "", computed
    if shareable:
        sharing = shareable_report.share(entries.worksheets, context)
        computed = shareable_report.in_place(computed, sharing.worksheets)
        note = shareable_report.note(sharing, "brief")
    inputs = brief.Inputs(schema(), _order, entries.worksheets, computed, statuses, context,
                          shareable, full)
    return brief.brief_document(inputs, district=_district(entries),
                                today=report.long_date_of(today), note=note)


def brief_file(state: dict[str, Any], today: str, kind: str,
               shareable: bool = True) -> dict[str, Any]:
    """The board brief as a Markdown, standalone HTML or Word file (``kind`` "markdown",
    "html" or "docx") to download."""
    built = build_brief(state, today, shareable)
    name = f"board-brief-{'' if shareable else 'full-'}{today[:10]}"
    if kind == "docx":
        return document.word_download(f"{name}.docx", built)
    if kind == "markdown":
        return {"filename": f"{name}.md", "media_type": "text/markdown",
                "text": document.to_markdown(built)}
    return {"filename": f"{name}.html", "media_type": "text/html",
            "text": document.to_html(built, brief.STYLE)}


def build_dashboard(state: dict[str, Any], today: str) -> dict[str, Any]:
    """Where this device's entries stand, and the next step, for the start page."""
    entries = shown(state)
    return _dashboard(entries, _computed(entries, today), today)


def _dashboard(entries: Restored, computed: dict[str, dict[str, Any]],
               today: str) -> dict[str, Any]:
    return {**dashboard.build_dashboard(
        schema(), _order, _statuses(entries, computed, today), computed, _labels(),
        _steps), "district": _district(entries)}


def refresh(state: dict[str, Any], today: str, page: dict[str, Any],
            meta: dict[str, Any] | None = None, now: str = "",
            record: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page shows, from one reading of the entries: the one request the
    page sends after each change.

    ``page`` says what the page holds: ``worksheets`` (the ids of its worksheets with
    results), ``grids`` (a ratings grid), ``report`` and ``brief`` (the full report or
    the board brief: "full" or "shareable"), ``dashboard`` (the start page's overview),
    ``status`` (the export line), ``suggestions`` (the names of the lists of suggestions
    its text fields offer) and ``ahead`` (every worksheet's results, drawn at once on the
    next page shown). The reply holds ``outputs`` by worksheet, ``ahead``,
    ``rating_rows``, ``report``, ``brief``, ``dashboard``, ``export_status`` and
    ``suggestions`` (the texts of each list, by name; each null when the page did not ask
    for it), and always ``print_header``.
    """
    if not isinstance(page, dict):
        raise ToolkitError("The page sent the calculator unreadable details of what it "
                           "shows. Reload the page to try again.")
    entries = shown(state)
    wanted = [ws for ws in page.get("worksheets") or [] if isinstance(ws, str)]
    whole = bool(page.get("ahead") or page.get("report") or page.get("brief")
                 or page.get("dashboard"))
    computed = _computed(entries, today) if whole else {
        ws: _outputs(ws, entries, today) for ws in wanted}
    version = page.get("report")
    lists = [name for name in page.get("suggestions") or [] if isinstance(name, str)]
    return {
        "outputs": {ws: computed.get(ws) or _outputs(ws, entries, today) for ws in wanted},
        "ahead": computed if page.get("ahead") else None,
        "rating_rows": _rating_rows(schema(), entries.worksheets) if page.get("grids")
        else None,
        "report": report.report_document(_report(
            entries, computed, today, version == "shareable", record)).as_data()
        if version in ("full", "shareable") else None,
        "brief": _brief(entries, computed, today, page.get("brief") != "full").as_data()
        if page.get("brief") in ("full", "shareable") else None,
        "dashboard": _dashboard(entries, computed, today) if page.get("dashboard") else None,
        "export_status": reminders.export_status(meta or {}, now) if page.get("status")
        else None,
        "suggestions": computations.suggestions(lists, _context(entries, today)) if lists
        else None,
        "print_header": _print_header(_district(entries), today),
    }


def count_from_files(links: list[Any], worksheet: str = "", table: Any = None
                     ) -> dict[str, Any]:
    """Counts of students from the files read this visit (see
    :mod:`browser_py.district_files.file_requests`) for the table of ``worksheet`` that
    its definition counts from files; ``table`` holds its rows as the page has them."""
    columns = schema().worksheet(worksheet).count_from_files if worksheet else {}
    return file_requests.count_from_files(links, table, columns)
