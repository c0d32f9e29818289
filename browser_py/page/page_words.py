"""Every sentence the page's own scripts show a person, in one place.

Most words on a page come from Python's replies (results, statuses, previews, the
report). What remains are the words the page must show by itself: while Python starts,
when it cannot, while a file is read, when the browser's storage fails, and the labels
of its own buttons. The build writes :data:`WORDS` into the site as
``assets/toolkit/page_words.mjs``; the page's ``say(key, values)`` (``words.mjs``) fills
each ``{name}`` in. ``tests/test_page_words.py`` checks that the page's scripts hold no
other sentence and use every key.
"""

from __future__ import annotations

import json

#: The page's own words, by key; ``{name}`` marks a value the page fills in.
WORDS: dict[str, str] = {
    # Python starting, failing, and each request that could not finish.
    "calculator_ready": "Results update as you type.",
    "calculator_starting": "Calculator: starting… you can type now; results appear when it "
                           "is ready.",
    "calculator_failed": "Calculator unavailable. {problem} Your entries are still saved.",
    "calculator_unfinished": "The calculator could not finish ({problem}). Your entries are "
                             "saved; reload the page to try again.",
    "calculator_stopped": "The calculator stopped. Your entries are saved; reload the page.",
    "result_stale": "Not up to date: the calculator could not finish (see “Your entries” "
                    "above).",
    "result_unavailable": "Not available: the calculator could not start (see “Your "
                          "entries” above).",
    "summary_unavailable": "This summary needs the calculator, which could not start. "
                           "{problem}",
    "python_blocked": "The site's security policy blocks WebAssembly. Whoever hosts the site "
                      "must allow 'wasm-unsafe-eval' in script-src.",
    "python_slow": "Python took more than a minute to start. The site's security policy may "
                   "block WebAssembly (it needs 'wasm-unsafe-eval'), or the connection is "
                   "very slow.",
    "python_failed": "Python could not start: {problem}",
    "missing_file": "missing file {path} (HTTP {status})",
    "worker_not_loaded": "the worker script did not load",
    "file_missing": "A file Python needs is missing from the site ({name}, HTTP {status}). "
                    "Rebuild the site with \"make site\" and upload all of it.",
    "wrong_type_mjs": "The web server sends {name} with the wrong type (\"{type}\"). "
                      "Configure it to serve .mjs files as text/javascript.",
    "wrong_type_wasm": "The web server sends {name} with the wrong type (\"{type}\"). "
                       "Configure it to serve .wasm files as application/wasm.",
    "no_type": "none",
    "site_unreachable": "The site's files could not be reached (offline, or the server "
                        "stopped).",
    "excel_reader_failed": "The Excel reader could not be loaded ({problem}). Check the "
                           "connection and pick the file again, or save the workbook as CSV "
                           "and pick that.",
    "excel_writer_failed": "The Excel file could not be made: the part of the toolkit that "
                           "writes Excel files did not load ({problem}). Your entries are "
                           "saved. Check the connection and try again, or download the CSV.",
    # Saving in this browser.
    "set_aside": "Some saved {what} in this browser could not be read, so they were set "
                 "aside (kept in this browser, and included when you export); the rest is "
                 "as you left it. Nothing was deleted. Check what is named below and enter "
                 "it again, or import a backup.",
    "not_set_aside": "Saved {what} in this browser could not be read, and could not be set "
                     "aside. To protect them, this page will not save changes. Export what "
                     "you type.",
    "saving_stopped": "To protect the saved entries, this page will not save changes. "
                      "Export what you type.",
    "storage_full": "This browser's storage for the site is full, so your latest changes "
                    "are not saved. They are kept while this page stays open: export your "
                    "entries now.",
    "storage_refused": "This browser did not let the toolkit {action} entries (private "
                       "browsing or a storage setting). Changes are kept while this page "
                       "stays open: export them now.",
    "saved_what_entries": "entries",
    "saved_what_history": "export history",
    "saved_what_record": "working-group record",
    "saved_what_undo": "copy kept to undo an import",
    "storage_kept": "This browser agreed to keep the entries until you clear them.",
    "storage_may_clear": "This browser may clear the entries if it runs low on space: "
                         "export them regularly.",
    "other_tab": "Another tab changed {entries} at the same time; your latest change was "
                 "kept. Check it if that is not what you meant.",
    "entry_in": "“{label}” in “{worksheet}”",
    "an_entry_in": "an entry in “{worksheet}”",
    "set_aside_item": "Set aside: {text}",
    "clear_question": "Clear every entry this toolkit saved in this browser? Export first "
                      "if you want a copy. This cannot be undone.",
    # Bringing in files, undo.
    "preview_again": "Your entries changed since this preview was made, so it was made "
                     "again: check it, then import.",
    "nothing_imported": "Nothing was imported.",
    "nothing_combined": "Nothing was combined.",
    "undo_unavailable": " (Undo is not available: the browser's storage is full.)",
    "choose_one": "Choose which to keep for the entry changed in both places (use the "
                  "arrow keys to move between the two).",
    "choose_many": "Choose which to keep for all {count} entries changed in both places "
                   "(use the arrow keys to move between the two).",
    "to_choose_in": "{count} to choose in “",
    "to_choose_end": "”: ",
    "note": "Note: ",
    "choose_a_worksheet": "Choose at least one worksheet to hand out.",
    "named_changes": "Your changes will be marked “{name}” in the files you export.",
    "unnamed_changes": "Your changes will not carry a name.",
    # The report and board brief pages.
    "report_full_ready": "Full report ready: print it, save it as a PDF, or download it as "
                         "a file.",
    "report_shareable_ready": "Shareable version ready: small counts are hidden. Print it, "
                              "save it as a PDF, or download it.",
    "brief_full_ready": "Full version ready: every count as entered, for your team only. "
                        "Print it, save it as a PDF, or download it.",
    "brief_shareable_ready": "Shareable version ready: small counts are hidden. Print it "
                             "on two pages, save it as a PDF, or download it.",
    "report_building": "Putting the chosen version together…",
    # A Word file, written by the page from the document Python built.
    "word_making": "Making the Word file…",
    "word_made": "Word file saved: {name}.",
    "word_failed": "The Word file could not be made ({problem}). Your entries are saved; "
                   "the web page (HTML) download holds the same document, or reload the "
                   "page and try again.",
    "district_not_named": "District not named",
    "next_step": "Your next step",
    "next_step_after": " · Your next step",
    "fill_in": "Fill in: ",
    "start_step": "Start: {title}",
    "continue_step": "Continue: {title}",
    "table_continued": "{table} (continued)",
    "table": "Table",
    # Tables and lists on a worksheet.
    "row_number": "Row {number}",
    "remove": "Remove",
    "move_up": "Move up",
    "move_down": "Move down",
    "move_up_item": "Move up: {title}",
    "move_down_item": "Move down: {title}",
    "remove_item": "Remove: {title}",
    "remove_item_question": "Remove “{title}” and everything entered in it? This cannot be "
                            "undone.",
    # Counting from the district's own files.
    "reading_file": "Reading “{name}”…",
    "reading_rows": "Reading “{name}”… {rows} rows read.",
    "reading_stopped": "Reading “{name}” was stopped; nothing from it was kept.",
    "others_closed": " Files picked earlier were closed too: pick them again to count from "
                     "them.",
    "file_unreadable": "“{name}” could not be opened (it may have been moved or changed). "
                       "Pick it again.",
    "read_stopped": "Reading the file was stopped.",
    "read_stopped_again": "Reading the file was stopped. Pick it again.",
    "no_grouping": "No grouping",
    "never_read": "Never read (they look like names, birth dates or contact details): "
                  "{columns}.",
    "from_file": ": from ",
    "remove_file": "Remove file",
    "remove_file_from": "Remove file {name} from {row}",
    "numbers_kept": "Numbers entered since were kept; {names} no longer counted. Pick a "
                    "file again to count from it.",
    "not_counted": "The files could not be counted: {problem}",
    "file_closed": "“{name}” is no longer open (files are kept only while the page is "
                   "open). Pick it again to count from it.",
    "count_failed": "The files could not be counted ({problem}). Your entries are saved; "
                    "reload the page and pick the files again.",
    "no_file_used": "No file was used.",
    "choose_row": "Choose the row to count (add a row to the table first if it has none).",
    "no_id_column": "This file has no column the toolkit may read as a student number. "
                    "Export the list again with the student number column, then pick it.",
    "counted_from": "Counted from “{name}”: {text}",
    "file_removed": "“{name}” removed; its row's numbers were cleared. Pick the file again, "
                    "or type the numbers.",
    "typed_by_hand": "That row is now typed by hand; “{name}” is no longer used.",
    # The offline copy.
    "site_updated": "This site was updated while it was open. Reload to use the new "
                    "version; your entries are kept.",
    "update_ready": "A new version of the toolkit is ready. Your entries are kept.",
    "reload_to_update": "Reload to update",
}


def words_module() -> str:
    """``page_words.mjs``: :data:`WORDS` as an ES module for the page's scripts."""
    return ("// The page's own words, written by the build from Python\n"
            "// (browser_py/page/page_words.py): change them there, never here.\n"
            f"export const WORDS = {json.dumps(WORDS, ensure_ascii=False, indent=1)};\n")
