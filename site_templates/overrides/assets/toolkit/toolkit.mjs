// Wires worksheet forms to saved entries and to Python. Runs once per visit; each page
// shown (including by instant navigation) is bound again. Results are drawn with
// textContent only; every number, rule and file format comes from browser_py.
import { addRow, fieldIdOf, firstTextBox, readField, renumber, writeWorksheet } from "./form.mjs";
import { bindStructures, drawItemNotes, refreshRatings, setRowSource, showRowControls, structureClick, tableField, underLimit } from "./form.mjs";
import { drawChart } from "./charts.mjs";
import { bindFileCounts } from "./district_files.mjs";
import { bindLines, bindMenu, fitTables } from "./layout.mjs";
import { checkOfflineCopy, startOffline } from "./offline.mjs";
import { Python, base64, fromBase64 } from "./python.mjs";
import { Store } from "./store.mjs";
import { bindWorkingGroup } from "./working_group.mjs";
import { drawDashboard, focusAfterNextStep } from "./views.mjs";
import { drawDocument, isolated } from "./documents.mjs";
import { say } from "./words.mjs";

const ASSETS = new URL("./", import.meta.url);
const SITE = new URL("../../", import.meta.url);
const root = document.documentElement;
const python = new Python(ASSETS);
// The offline copy is downloaded once the page is idle: on a worksheet page after Python
// started (or could not), on any other once it has loaded.
let pageSettled;
const settled = new Promise((resolve) => { pageSettled = resolve; });
startOffline(SITE, settled.then(whenIdle));
let pendingImport = null;
let group = { combine() {} }; // the working group's controls (working_group.mjs)
// Whether a refresh is running, and whether another edit came in meanwhile. No fixed
// delay: the first edit is worked out at once, the latest always wins.
const computing = new Map();
const defaults = new WeakMap(); // each form's starting values, from the worksheet model
let warnings = [];
let storageWarning = null; // the latest storage problem, cleared once a save succeeds

const $ = (selector, scope = document) => scope.querySelector(selector);
const formOf = (id) => $(`form[data-ws-form="${CSS.escape(id)}"]`);

const store = new Store(SITE.pathname, {
  onWarning: (text, kind) => {
    if (kind === "storage") storageWarning = text;
    else warnings = [...new Set([...warnings, text])];
    showWarnings();
  },
  onStorageOk: () => {
    if (!storageWarning) return;
    storageWarning = null;
    showWarnings();
  },
  onExternalChange: (worksheets) => {
    for (const id of worksheets) {
      const form = formOf(id);
      if (form) writeWorksheet(form, { ...defaults.get(form), ...store.values(id) });
    }
    refresh();
  },
  // The export line changes when a save starts or ends what is not exported yet.
  onSaved: () => { if (exportKey() !== sentExportKey) refresh(); },
  onConflict: (conflicts) => {
    const names = [...new Set(conflicts.map(conflictName))];
    store.onWarning(say("other_tab", { entries: names.join("; ") }));
  },
});

// An entry as the page labels it: “Position, Row 3” in “Working group”.
function conflictName({ worksheet, path }) {
  const form = formOf(worksheet);
  const title = form?.closest("[data-worksheet]")?.querySelector(".ws__title")?.lastChild?.textContent.trim();
  const name = path.join(".");
  const input = form && [...form.querySelectorAll("[data-name]")].find((el) => el.dataset.name === name);
  const ids = input?.getAttribute("aria-labelledby")?.split(" ") ?? [];
  const label = ids.map((id) => document.getElementById(id)?.textContent.trim()).filter(Boolean).join(", ") ||
    input?.labels?.[0]?.textContent.trim() ||
    form?.querySelector(`[data-table="${CSS.escape(path[0])}"] caption, [data-repeat="${CSS.escape(path[0])}"] legend`)?.textContent.trim();
  const where = title || worksheet;
  return label ? say("entry_in", { label, worksheet: where }) : say("an_entry_in", { worksheet: where });
}


// Repeats and ratings grids (form.mjs): a grid's rows come from another worksheet's table,
// as Python lists them for the latest entries.
let gridRows = null;
setRowSource((worksheet, table) => gridRows?.[`${worksheet}/${table}`] ?? null);

function showWarnings() {
  const box = $("[data-warning]");
  if (!box) return;
  const shown = storageWarning ? [storageWarning, ...warnings] : warnings;
  box.replaceChildren(...shown.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
  box.hidden = shown.length === 0;
}

function setText(selector, text, scope = document) {
  const element = $(selector, scope);
  if (element) {
    element.textContent = text;
    element.hidden = false;
  }
}

// A call to Python (browser_py/page/protocol.py declares each) whose failure the person sees,
// never an unhandled rejection; null when it failed. Python's replies say what to do.
async function ask(method, args) {
  try {
    return await python.call(method, args);
  } catch (error) {
    warnings = [...new Set([...warnings, error.fromPython ? error.message :
      say("calculator_unfinished", { problem: error.message })])];
    showWarnings();
    return null;
  }
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A file Python made: as it is, or, for a Word file, written here from the document Python
// built (word.mjs loads its writer only now). ``status`` says how it went; a writer that
// cannot load changes nothing.
async function saveFile(file, status) {
  if (!file.document) {
    download(file.filename, file.base64 ? fromBase64(file.base64) : file.text, file.media_type);
    return;
  }
  const tell = (text) => { if (status) status.textContent = text; };
  tell(say("word_making"));
  try {
    const { wordFile } = await import("./word.mjs");
    download(file.filename, await wordFile(file.document, file.media_type), file.media_type);
    tell(say("word_made", { name: file.filename }));
  } catch (error) {
    tell(say("word_failed", { problem: error.message }));
  }
}

// ---- Python results ---------------------------------------------------------------

// One call per key at a time; a request meanwhile runs `work` once more afterwards, so
// the latest entries always win.
function coalesce(key, work) {
  const run = computing.get(key) || { running: false, again: false };
  computing.set(key, run);
  if (run.running) {
    run.again = true;
    return;
  }
  run.running = true;
  (async () => {
    try {
      do {
        run.again = false;
        await work();
      } while (run.again);
    } finally {
      run.running = false;
    }
  })();
}

// ---- One refresh: everything the page shows, from one request ------------------------

const AHEAD_AFTER_MS = 1000;
let ahead = null; // { key, outputs }: every worksheet's results, for the entries and day
let aheadTimer = null;
let wantAhead = false;
let sentExportKey = null; // what the export line was last worked out from
const aheadKey = () => JSON.stringify(store.state) + today();
const exportKey = () => JSON.stringify([store.meta.lastExport, store.meta.unexportedSince, today()]);

// What this page shows, for Python to work out (runtime.refresh).
function pageWants(withAhead) {
  const report = $("[data-report]");
  const version = report ? (reportShareable(report) ? "shareable" : "full") : null;
  const brief = report?.dataset.report === "brief";
  return {
    worksheets: [...document.querySelectorAll("form[data-ws-form]")]
      .filter((form) => $("[data-output]", form.closest("[data-worksheet]") ?? form))
      .map((form) => form.dataset.wsForm),
    grids: Boolean($("[data-ratings]")),
    suggestions: [...new Set([...document.querySelectorAll("datalist[data-suggestions]")]
      .map((list) => list.dataset.suggestions))],
    report: brief ? null : version,
    brief: brief ? version : null,
    dashboard: Boolean($("[data-dashboard]")),
    status: Boolean($("[data-export-status]")),
    ahead: withAhead,
  };
}

// After a change: one request (coalesced). Once the person has paused typing
// (AHEAD_AFTER_MS), at an idle moment, one more brings every worksheet's results with it,
// so that a page shown next by instant navigation draws its results at once.
function refresh({ aheadAfter = AHEAD_AFTER_MS, withAhead = false } = {}) {
  if (withAhead) wantAhead = true;
  else {
    clearTimeout(aheadTimer);
    aheadTimer = setTimeout(() => whenIdle().then(() => {
      if (ahead?.key !== aheadKey()) refresh({ withAhead: true });
    }), aheadAfter);
  }
  if (root.dataset.python !== "ready") return;
  coalesce("refresh", async () => {
    const page = pageWants(wantAhead);
    wantAhead = false;
    const key = aheadKey();
    const day = today();
    sentExportKey = exportKey();
    const reply = await ask("refresh", {
      state: store.state, today: day, page, meta: store.meta, now: new Date().toISOString(),
      record: page.report ? store.group : null });
    if (!reply) {
      document.querySelectorAll("[data-worksheet]").forEach(markStale);
      return;
    }
    draw(reply, page, key, day);
  });
}

function draw(reply, page, key, day) {
  for (const id of page.worksheets) {
    const section = formOf(id)?.closest("[data-worksheet]");
    if (section && reply.outputs[id]) drawOutputs(section, reply.outputs[id]);
  }
  if (reply.ahead) ahead = { key, outputs: reply.ahead };
  if (reply.rating_rows) {
    gridRows = reply.rating_rows;
    refreshRatings();
  }
  if (reply.suggestions) drawSuggestions(reply.suggestions);
  const line = $("[data-export-status]");
  if (line && reply.export_status) {
    line.textContent = reply.export_status.text;
    line.classList.toggle("tk-bar__line--remind", reply.export_status.remind);
  }
  printHeader = { ...reply.print_header, day };
  fillPrintHeader();
  const report = $("[data-report]");
  const built = reply.report ?? reply.brief;
  if (report && built) drawReportView(report, built, page.report ?? page.brief);
  const dashboard = $("[data-dashboard]");
  if (dashboard && reply.dashboard) drawDashboard(dashboard, reply.dashboard, SITE);
}

// Each list of suggestions a text box offers (a <datalist>), as Python lists it now; a list
// that did not change is left as it is, so an open list of choices stays put.
function drawSuggestions(lists) {
  for (const list of document.querySelectorAll("datalist[data-suggestions]")) {
    const texts = lists[list.dataset.suggestions];
    if (!texts || list.dataset.drawn === JSON.stringify(texts)) continue;
    list.dataset.drawn = JSON.stringify(texts);
    list.replaceChildren(...texts.map((text) => Object.assign(document.createElement("option"), { value: text })));
  }
}

// A result that could not be worked out again must not pass for a current one.
function markStale(section) {
  for (const element of section.querySelectorAll("[data-output]")) {
    element.dataset.status = "unavailable";
    $(".ws-output__text", element).textContent = say("result_stale");
  }
}

// What each result was last drawn from: a result that did not change is left as it is
// (a link the person is about to click stays where it is).
const drawnFrom = new WeakMap();

function drawOutputs(section, outputs) {
  for (const element of section.querySelectorAll("[data-output]")) {
    const result = outputs[element.dataset.output];
    if (!result) continue;
    const from = JSON.stringify(result);
    if (drawnFrom.get(element) === from && element.dataset.status === result.status) {
      drawItemNotes(section, element.dataset.output, result.notes); // the form may be new
      continue;
    }
    drawnFrom.set(element, from);
    element.dataset.status = result.status;
    $(".ws-output__text", element).textContent = result.text;
    const list = $(".ws-output__messages", element);
    list.replaceChildren(...result.messages.map((m) => Object.assign(document.createElement("li"), { textContent: m })));
    list.hidden = result.messages.length === 0;
    drawLinks(element, list, result.links || []);
    drawChart($(".ws-output__chart", element), result.chart);
    drawTable($(".ws-output__table", element), result.columns, result.rows, result.more_tables,
      result.tones, result.stack);
    drawItemNotes(section, element.dataset.output, result.notes);
  }
}

// Links to the worksheets that hold what a result is missing, under its messages.
function drawLinks(element, after, links) {
  element.querySelector(".ws-output__links")?.remove();
  if (!links.length) return;
  const box = document.createElement("p");
  box.className = "ws-output__links";
  box.append(say("fill_in"));
  links.forEach((link, index) => {
    const anchor = document.createElement("a");
    anchor.href = new URL(`${link.page}#ws-${link.worksheet}`, SITE).href;
    anchor.textContent = link.text;
    box.append(...(index ? ["; ", anchor] : [anchor]));
  });
  after.after(box);
}

// The browser's local date as YYYY-MM-DD (Python decides what is overdue).
function today() {
  return new Date().toLocaleDateString("en-CA");
}

function cell(tag, text, scope) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (scope) element.scope = scope;
  return element;
}

function tableOf(columns, rows, tones = []) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  columns.forEach((name) => head.append(cell("th", name, "col")));
  const body = table.createTBody();
  rows.forEach((values, at) => {
    const row = body.insertRow();
    values.forEach((value, index) => {
      const element = cell(index ? "td" : "th", value, index ? "" : "row");
      const tone = tones[at]?.[index];
      if (tone) element.dataset.tone = tone;
      row.append(element);
    });
  });
  return table;
}

// An output's table, and any further tables (each with its own headings) after it;
// ``stack``: parts and their text, each part's title above its text on a narrow screen.
function drawTable(holder, columns, rows, more = [], tones = [], stack = false) {
  if (!holder) return;
  holder.classList.toggle("ws-stack", Boolean(stack));
  holder.parentElement.querySelectorAll("[data-more-table]").forEach((box) => box.remove());
  if (!columns || !columns.length) {
    holder.replaceChildren();
    holder.hidden = true;
    return;
  }
  holder.replaceChildren(tableOf(columns, rows, tones));
  holder.hidden = false; // fitted, with every table drawn in the same turn (layout.mjs)
  let after = holder;
  for (const extra of more) {
    const box = holder.cloneNode(false);
    box.removeAttribute("aria-labelledby");
    box.setAttribute("aria-label", say("table_continued", {
      table: holder.parentElement.querySelector(".ws-output__label")?.textContent || say("table") }));
    box.dataset.moreTable = "";
    box.replaceChildren(tableOf(extra.columns, extra.rows));
    after.after(box); // fitted as it arrives (layout.mjs)
    after = box;
  }
}

function drawAhead(forms) {
  if (!ahead || ahead.key !== aheadKey()) return;
  forms.forEach((form) => {
    const outputs = ahead.outputs[form.dataset.wsForm];
    const section = form.closest("[data-worksheet]");
    if (outputs && section) drawOutputs(section, outputs);
  });
}

// ---- Export and import --------------------------------------------------------------

async function exportAll() {
  store.flush();
  const now = new Date();
  const sent = store.group;
  const file = await ask("export", {
    state: store.state, exported_at: now.toISOString(), today: today(),
    set_aside: store.setAsideParts().map((part) => part.text), record: sent,
  });
  if (!file) return;
  download(file.filename, file.document, "application/json");
  store.setGroup(file.record, {}, sent);
  store.setMeta({ lastExport: now.toISOString(), unexportedSince: null });
  showUndo(null); // what is exported is the person's own now: nothing left to undo
  refresh();
}

function importMessage(text) {
  const box = $("[data-import-message]");
  box.textContent = text;
  box.hidden = !text;
}

// The undo kept for the last import or combine (null drops it); the button says which.
function showUndo(undo) {
  const button = $("[data-action=undo-import]");
  if (undo === null) store.dropUndo();
  const kept = undo === undefined ? store.takeUndo() : undo;
  button.hidden = !kept;
  if (kept) button.textContent = kept.label;
}

// One way in for every toolkit file: a backup is previewed for import (or combined, if
// the person prefers); parts, returned parts and several files at once are combined.
async function chooseImport(input) {
  const chosen = [...(input.files || [])];
  input.value = "";
  $("[data-import-preview]").hidden = true;
  pendingImport = null;
  if (!chosen.length) return;
  importMessage("");
  for (const file of chosen) {
    const size = await ask("check_file_size", { size: file.size });
    if (!size) return;
    if (!size.ok) {
      importMessage(chosen.length > 1 ? `“${file.name}”: ${size.message}` : size.message);
      return;
    }
  }
  const files = await Promise.all(chosen.map(async (file) =>
    ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
  if (files.length > 1) {
    group.combine(files.map((f) => ({ name: f.name, data: base64(f.bytes) })));
    return;
  }
  await previewImport(files[0].bytes, "", files[0].name);
}

// Preview a file against the entries as they are now; `note` says why it is shown again.
async function previewImport(bytes, note, name) {
  store.flush();
  const current = JSON.stringify(store.state);
  const sent = store.group;
  const result = await ask("preview_import", {
    current: store.state, data: base64(bytes), record: sent, now: new Date().toISOString(),
    name, offset: new Date().getTimezoneOffset(),
  });
  if (!result) return;
  if (!result.ok) {
    importMessage(result.message);
    return;
  }
  if (result.route === "combine") {
    group.combine([{ name, data: base64(bytes) }]);
    return;
  }
  pendingImport = { ...result, bytes, current, sent, name };
  importMessage(note);
  const list = $("[data-preview-list]");
  list.replaceChildren(...result.preview.map((item) =>
    Object.assign(document.createElement("li"), { textContent: item.text })));
  setText("[data-preview-title]", result.title);
  $("[data-import-preview]").hidden = false;
  $("[data-action=confirm-import]").focus();
}

// Write entries Python worked out from `before` (see Store.applyChanges) and redraw.
function applyState(before, after) {
  if (!store.applyChanges(before, after)) return false;
  document.querySelectorAll("form[data-ws-form]").forEach((form) => {
    writeWorksheet(form, { ...defaults.get(form), ...store.values(form.dataset.wsForm) });
  });
  refresh();
  return true;
}

async function confirmImport() {
  if (!pendingImport) return;
  store.flush();
  if (JSON.stringify(store.state) !== pendingImport.current) {
    // Entries changed while the preview was open: the preview is out of date.
    await previewImport(pendingImport.bytes,
      say("preview_again"),
      pendingImport.name);
    return;
  }
  const before = JSON.parse(pendingImport.current);
  if (applyState(before, pendingImport.state)) {
    store.setGroup(pendingImport.record, {}, pendingImport.sent); // who changed them there
    const undoSaved = store.saveUndo(pendingImport.undo);
    importMessage(pendingImport.done + (undoSaved ? "" : say("undo_unavailable")));
    showUndo(undoSaved ? pendingImport.undo : null);
  }
  pendingImport = null;
  $("[data-import-preview]").hidden = true;
}

// Undo the last import or combine: what it changed goes back, later typing stays; when
// later typing touched what it changed, the person is asked first.
async function undoImport(keepLater = false) {
  const undo = store.takeUndo();
  if (!undo) {
    showUndo(null);
    return;
  }
  store.flush();
  const before = structuredClone(store.state);
  const sent = store.group;
  const result = await ask("undo_import", {
    current: before, record: sent, undo_data: undo, keep_later: keepLater });
  if (!result) return;
  if (!result.ok) {
    importMessage(result.message);
    showUndo(null);
    return;
  }
  if (result.state === null) {
    if (window.confirm(result.question)) await undoImport(true);
    else importMessage(result.declined);
    return;
  }
  if (applyState(before, result.state)) {
    store.setGroup(result.record, {}, sent);
    showUndo(null);
    importMessage(result.done);
  }
}

function clearAll() {
  const ok = window.confirm(say("clear_question"));
  if (!ok) return;
  if (store.clearSite()) window.location.reload();
}

// ---- Binding each page --------------------------------------------------------------

function bindForm(form) {
  const id = form.dataset.wsForm;
  defaults.set(form, JSON.parse(form.dataset.starting));
  store.setStarting(id, defaults.get(form));
  const saved = store.values(id);
  if (saved) writeWorksheet(form, saved);
  form.addEventListener("submit", (event) => event.preventDefault());
  const onEdit = (event) => {
    const fieldId = fieldIdOf(event.target);
    if (!fieldId) return;
    store.set(id, fieldId, readField(form, fieldId));
    refresh();
  };
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  form.addEventListener("click", (event) => {
    const changed = structureClick(event); // a repeat's item added, moved or removed
    if (changed) {
      store.set(id, changed, readField(form, changed));
      refresh();
      return;
    }
    const add = event.target.closest("[data-add-row]");
    const remove = event.target.closest("[data-remove-row]");
    const csv = event.target.closest("[data-csv]");
    const move = event.target.closest("[data-move-row]");
    if (add) {
      const table = add.closest("[data-table]");
      if (!underLimit(add, table.querySelectorAll("tbody > tr[data-row-id]").length)) return;
      const row = addRow(table);
      store.set(id, tableField(table), readField(form, tableField(table)));
      firstTextBox(row)?.focus();
      refresh();
    } else if (remove) {
      const table = remove.closest("[data-table]");
      remove.closest("tr").remove();
      renumber(table);
      const addButton = table.querySelector("[data-add-row]");
      if (addButton) underLimit(addButton, table.querySelectorAll("tbody > tr[data-row-id]").length);
      store.set(id, tableField(table), readField(form, tableField(table)));
      (table.querySelector("[data-add-row]") || table).focus?.();
      refresh();
    } else if (move) {
      const table = move.closest("[data-table]");
      const row = move.closest("tr");
      const other = move.dataset.moveRow === "up" ? row.previousElementSibling : row.nextElementSibling;
      if (!other) return;
      if (move.dataset.moveRow === "up") other.before(row);
      else other.after(row);
      renumber(table);
      move.focus();
      store.set(id, tableField(table), readField(form, tableField(table)));
      refresh();
    } else if (csv) {
      exportCsv(form, csv.dataset.csv);
    }
  });
  const section = form.closest("[data-worksheet]");
  section?.querySelector("[data-ws-actions]")?.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-ws-action]");
    if (!button || root.dataset.python !== "ready" || button.hasAttribute("aria-busy")) return;
    store.flush();
    // The first Excel download loads the Excel writer: the button says it is busy.
    button.setAttribute("aria-busy", "true");
    const file = await ask("action", {
      worksheet: id, action_id: button.dataset.wsAction, state: store.state, today: today(),
    });
    button.removeAttribute("aria-busy");
    if (file) await saveFile(file, $("[data-file-status]", button.closest("[data-ws-actions]")));
  });
  showRowControls(form);
  bindStructures(form);
  form.querySelectorAll("[data-csv]").forEach((b) => { b.disabled = root.dataset.python !== "ready"; });
}

async function exportCsv(form, fieldId) {
  store.flush();
  const result = await ask("table_csv", { worksheet: form.dataset.wsForm, field: fieldId, state: store.state });
  if (result) download(result.filename, result.csv, "text/csv");
}

function bindBar(bar) {
  showWarnings();
  bar.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "export") exportAll();
    if (action === "confirm-import") confirmImport();
    if (action === "cancel-import") {
      pendingImport = null;
      $("[data-import-preview]").hidden = true;
      importMessage(say("nothing_imported"));
    }
    if (action === "combine-instead" && pendingImport) {
      const { bytes, name } = pendingImport;
      pendingImport = null;
      $("[data-import-preview]").hidden = true;
      group.combine([{ name, data: base64(bytes) }]);
    }
    if (action === "undo-import") undoImport();
    if (action === "clear") clearAll();
  });
  $("[data-import-file]", bar).addEventListener("change", (event) => chooseImport(event.target));
  group = bindWorkingGroup(bar, {
    store, ask, applyState, message: importMessage, download,
    onApplied: (undo) => showUndo(undo),
  });
  showUndo();
  showPythonState();
  showPersistence();
}

function showPythonState() {
  const state = root.dataset.python;
  const line = $("[data-python-status]");
  if (!line) return;
  const ready = state === "ready";
  if (ready) line.textContent = say("calculator_ready");
  else if (state === "failed") line.textContent = say("calculator_failed", { problem: root.dataset.pythonError });
  else line.textContent = say("calculator_starting");
  line.classList.toggle("tk-bar__line--problem", state === "failed");
  $("[data-action=export]").disabled = !ready;
  $("[data-import-file]").disabled = !ready;
  document.querySelectorAll("[data-csv]").forEach((b) => { b.disabled = !ready; });
  document.querySelectorAll("[data-ws-actions]").forEach((box) => { box.hidden = !ready; });
  if (state === "failed") {
    document.querySelectorAll(".ws-output").forEach((output) => {
      output.dataset.status = "unavailable";
      $(".ws-output__text", output).textContent = say("result_unavailable");
    });
  }
}

async function showPersistence() {
  if (!window.isSecureContext || !navigator.storage?.persist) return;
  const already = await navigator.storage.persisted();
  const granted = already || (await navigator.storage.persist());
  setText("[data-persist-status]", granted
    ? say("storage_kept") : say("storage_may_clear"));
}

// The header printed pages carry, as Python words it: the district's name (entered on the
// start page, else the edition's) and today's date. Until Python answers, the edition's
// name rendered into the page, without a date.
let printHeader = null;

function fillPrintHeader() {
  const header = $("[data-print-header]");
  if (!header) return;
  if (printHeader && printHeader.day !== today()) refresh(); // the day has turned
  const district = printHeader ? printHeader.district : header.dataset.district ?? "";
  const rest = printHeader ? [printHeader.rest] : [];
  header.replaceChildren(...(district ? [isolated(district), ...rest] : rest));
}

window.addEventListener("beforeprint", fillPrintHeader);

// ---- Views of every worksheet: the dashboard and the full report ----------------------

// Which version of the report the person chose: the full one, or the shareable one.
const reportShareable = (report) =>
  $("[data-report-version] input:checked", report)?.value === "shareable";

// The words saying that a document's chosen version is drawn: the report's or the brief's.
const READY = {
  report: { full: "report_full_ready", shareable: "report_shareable_ready" },
  brief: { full: "brief_full_ready", shareable: "brief_shareable_ready" },
};

// The full report or the board brief as Python built it, unless the person chose the
// other version meanwhile.
function drawReportView(report, built, version) {
  if ((reportShareable(report) ? "shareable" : "full") !== version) return;
  // Its tables are fitted as they arrive.
  drawDocument($("[data-report-body]", report), built, say("district_not_named"),
    report.closest("article")?.querySelector("h1"));
  report.dataset.version = version;
  $("[data-report-status]", report).textContent =
    say(READY[report.dataset.report === "brief" ? "brief" : "report"][version]);
  $("[data-report-actions]", report).hidden = false;
}

function bindReport(report) {
  const brief = report.dataset.report === "brief";
  report.addEventListener("click", async (event) => {
    const kind = event.target.closest("[data-report-action]")?.dataset.reportAction;
    const chosen = reportShareable(report) ? "shareable" : "full";
    if (kind && report.dataset.version !== chosen) return; // the chosen one is not drawn yet
    if (kind === "print") window.print();
    else if (kind) {
      store.flush();
      const shareable = reportShareable(report);
      const file = await (brief
        ? ask("brief_file", { state: store.state, today: today(), kind, shareable })
        : ask("report_file", { state: store.state, today: today(), kind, shareable,
          record: store.group }));
      if (file) await saveFile(file, $("[data-file-status]", report));
    }
  });
  report.addEventListener("change", (event) => {
    if (!event.target.closest("[data-report-version]")) return;
    // Nothing of the other version stays on screen, or on paper, while this one builds.
    $("[data-report-body]", report).replaceChildren();
    $("[data-report-actions]", report).hidden = true;
    $("[data-file-status]", report).textContent = "";
    delete report.dataset.version;
    $("[data-report-status]", report).textContent = say("report_building");
    refresh();
  });
}

// Once Python is ready: parts of the saved entries it cannot read are set aside (kept,
// and exported with the rest), values typed in a box no longer shown are saved where
// they are typed now, and the forms show the rest.
let restoredOnce = false;
const NOTHING_SAVED = JSON.stringify({ worksheets: {} });
async function restoreSaved() {
  if (restoredOnce) return;
  restoredOnce = true;
  let result = null;
  // Typing goes on while Python checks; check again until nothing changed meanwhile.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    store.flush();
    const sent = JSON.stringify(store.state);
    if (sent === NOTHING_SAVED) return; // nothing there to set aside (a first visit)
    result = await ask("restore", { state: store.state });
    if (!result || JSON.stringify(store.state) === sent) break;
    result = null;
  }
  if (!result || !(result.set_aside.length || result.moved?.length)) return;
  store.keepSetAside(result.set_aside, result.state, result.whole);
  for (const text of result.messages) store.onWarning(say("set_aside_item", { text }));
  for (const text of result.moved || []) store.onWarning(text);
  document.querySelectorAll("form[data-ws-form]").forEach((form) => {
    writeWorksheet(form, { ...defaults.get(form), ...store.values(form.dataset.wsForm) });
  });
}

// The loader check in main.html waits for this mark; a page framed by another site
// runs nothing.
root.dataset.toolkit = "running";

// Once the page has loaded, when the browser has nothing else to do (within 5 s).
function whenIdle() {
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  return loaded.then(() => new Promise((resolve) => {
    if (typeof requestIdleCallback === "function") requestIdleCallback(resolve, { timeout: 5000 });
    else setTimeout(resolve, 0);
  }));
}

function bindPage() {
  if (root.dataset.framed === "refused") return;
  const forms = document.querySelectorAll("form[data-ws-form]");
  const views = document.querySelectorAll("[data-report], [data-dashboard]");
  if (!forms.length && !views.length) {
    fitTables(); // tables added later (checklists, imports) are fitted as they arrive
    pageSettled();
    return;
  }
  forms.forEach(bindForm);
  const started = python.start();
  started.then(pageSettled, pageSettled);
  // A page shown by instant navigation finds Python ready: its results are asked for
  // first, and Python works them out while the page is laid out.
  const showResults = () => {
    showPythonState();
    refresh({ aheadAfter: 0 });
  };
  const shown = root.dataset.python === "ready";
  if (shown) {
    drawAhead(forms);
    showResults();
  }
  fitTables();
  forms.forEach(bindLines);
  focusAfterNextStep();
  fillPrintHeader(); // and again with Python's words once it answers, and before printing
  const bar = $("[data-toolkit-bar]");
  if (bar) bindBar(bar);
  const report = $("[data-report]");
  if (report) bindReport(report);
  const menu = $(".tk-bar__more");
  if (menu) bindMenu(menu);
  started.then(
    async () => {
      await restoreSaved();
      root.dataset.python = "ready";
      if (!shown) showResults();
      forms.forEach((form) => bindFileCounts(form.closest("[data-worksheet]"), {
        python, saved: (fieldId) => {
          store.set(form.dataset.wsForm, fieldId, readField(form, fieldId));
          refresh();
        },
        keep: (fieldId, value) => store.set(form.dataset.wsForm, fieldId, value),
      }));
    },
    (error) => {
      checkOfflineCopy();
      root.dataset.python = "failed";
      root.dataset.pythonError = error.message;
      showPythonState();
      views.forEach((view) => {
        const status = view.querySelector("[role=status]");
        if (status) status.textContent = say("summary_unavailable", { problem: error.message });
      });
    },
  );
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => bindPage());
} else {
  bindPage();
}
