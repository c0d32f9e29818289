// Counting a table's rows from the district's own files. The file's bytes are moved to
// the Python worker (browser_py/district_files/district_files.py) and kept there for the visit; this
// page keeps only which row each file counts, the file's name, size and columns, and the
// counts Python returns. The counts enter the table like typed numbers, each counted row
// marked in a hidden box, and the students with a need by group (counts, by group name)
// are kept in the worksheet's own fields for them: all through the same save as every
// entry. The worksheet's results compare the groups from those saved counts.
import { readField } from "./form.mjs";
import { isolated } from "./documents.mjs";
import { say } from "./words.mjs";

// Per worksheet and table: row id -> {file_id, name, label, id_column, group_column,
// counted}. Kept for the visit (instant navigation keeps this module and the worker).
const linksByTable = new Map();
let nextFile = 1;

const esc = (text) => CSS.escape(text);

// Now, in the browser's local time, as YYYY-MM-DDTHH:MM (Python words it).
function localNow() {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function option(value, text, disabled = false) {
  return Object.assign(document.createElement("option"), { value, textContent: text, disabled });
}

/** Bind the "Count from your own files" panel of one worksheet section: ``saved(field)``
 * saves a field as the form holds it, ``keep(field, value)`` a field the form has no
 * input for. */
export function bindFileCounts(section, { python, saved, keep }) {
  // Calls to Python whose failure this panel words itself (in its status line).
  const ask = (method, args) => python.call(method, args);
  const form = section?.querySelector("form[data-ws-form]");
  const panel = section?.querySelector("[data-file-counts]");
  if (!panel || !form) return;
  const tableId = panel.dataset.table;
  const table = form.querySelector(`[data-table="${esc(tableId)}"]`);
  const key = `${form.dataset.wsForm}/${tableId}`;
  if (!linksByTable.has(key)) linksByTable.set(key, new Map());
  const links = linksByTable.get(key);
  const q = (name) => panel.querySelector(`[data-file-${name}]`);
  const status = q("status");
  const progress = q("progress");
  let chosen = null; // {file, description} waiting for its columns
  let counting = Promise.resolve();
  let queued = false;
  let countedHere = false; // rows were counted this visit: their counts are this panel's

  const rows = () => [...table.querySelectorAll("tbody > tr[data-row-id]")];
  const cellOf = (row, column) => row.querySelector(`[data-name$=".${esc(column)}"]`);
  const rowName = (row, index) =>
    cellOf(row, panel.dataset.nameColumn)?.value.trim() || say("row_number", { number: index + 1 });
  // The hidden box that marks a row counted from a file.
  const mark = (row, on) => {
    const box = cellOf(row, panel.dataset.counted);
    if (!box || box.checked === on) return false;
    box.checked = on;
    return true;
  };
  // The students with a need by group, as counted (none: no grouping column).
  const keepGroups = (groups) => {
    keep(panel.dataset.groups, groups ? groups.rows : []);
    keep(panel.dataset.groupBy, groups ? groups.column : "");
  };

  function fillRows() {
    const select = q("row");
    const keep = select.value;
    select.replaceChildren(...rows().map((row, i) => option(row.dataset.rowId, rowName(row, i))));
    if (rows().some((row) => row.dataset.rowId === keep)) select.value = keep;
  }

  function busy(on, text = "") {
    progress.hidden = !on;
    q("use").disabled = on;
    if (text) status.textContent = text;
  }

  async function read(file, header, sheet = "") {
    busy(true, say("reading_file", { name: file.name }));
    const stopping = new AbortController();
    const stop = q("stop");
    stop.hidden = false;
    stop.onclick = () => stopping.abort();
    try {
      const buffer = await file.arrayBuffer();
      const description = await python.callWithFile({
        file_id: `file-${nextFile++}`, name: file.name, read_at: localNow(),
        header, sheet,
      }, buffer, {
        signal: stopping.signal,
        onProgress: (rows) => {
          status.textContent = say("reading_rows", { name: file.name, rows });
        },
      });
      status.textContent = "";
      return description;
    } catch (error) {
      if (error.cancelled) {
        // The calculator started afresh to give the memory back: files held for other
        // rows went with it, and the recount says which to pick again.
        const held = links.size;
        status.textContent = say("reading_stopped", { name: file.name }) +
          (held ? say("others_closed") : "");
        if (held) recount();
        return null;
      }
      status.textContent = error.name === "NotReadableError" || error.name === "NotFoundError"
        ? say("file_unreadable", { name: file.name })
        : error.message;
      return null;
    } finally {
      stop.hidden = true;
      stop.onclick = null;
      busy(false);
    }
  }

  // Students are never grouped by the column that identifies them.
  function offerGroups() {
    for (const choice of q("group").options) {
      choice.hidden = choice.disabled = choice.value !== "" && choice.value === q("id").value;
    }
    if (q("group").selectedOptions[0]?.disabled) q("group").value = "";
  }

  function showColumns(description, first = true) {
    const box = q("columns");
    q("about").textContent = description.about;
    q("header").checked = description.header;
    q("sheet-field").hidden = description.sheets.length < 2;
    q("sheet").replaceChildren(...description.sheets.map((name) => option(name, name)));
    q("sheet").value = description.sheet;
    const readable = description.columns.filter((c) => !c.private);
    q("id").replaceChildren(...readable.map((c) => option(String(c.index), c.name)));
    if (description.suggested_id !== null) q("id").value = String(description.suggested_id);
    // Only columns of categories (a school, a grade) group students: never one with a
    // value per student, which may be names.
    q("group").replaceChildren(option("", say("no_grouping")),
      ...readable.filter((c) => c.categories).map((c) => option(String(c.index), c.name)));
    offerGroups();
    const skipped = description.columns.filter((c) => c.private).map((c) => `“${c.name}”`);
    q("skipped").hidden = !skipped.length;
    q("skipped").textContent = skipped.length
      ? say("never_read", { columns: skipped.join(", ") })
      : "";
    box.hidden = false;
    if (first) q("id").focus();
  }

  function forget(fileId) {
    ask("forget_district_file", { file_id: fileId }).catch(() => {}); // gone already
  }

  function dropChosen() {
    if (chosen) forget(chosen.description.file_id);
    chosen = null;
    q("columns").hidden = true;
    q("input").value = "";
  }

  function drawList() {
    const list = q("list");
    const order = rows();
    const items = order.filter((row) => links.has(row.dataset.rowId)).map((row) => {
      const link = links.get(row.dataset.rowId);
      const item = document.createElement("li");
      const text = document.createElement("span");
      text.append(isolated(rowName(row, order.indexOf(row))), say("from_file"), isolated(link.label),
        link.counted ? ": " : ".", ...(link.counted ? [isolated(link.counted.text)] : []));
      const remove = Object.assign(document.createElement("button"), {
        type: "button", className: "ws-button ws-button--quiet", textContent: say("remove_file"),
      });
      remove.dataset.fileRemove = row.dataset.rowId;
      remove.setAttribute("aria-label",
        say("remove_file_from", { name: link.name, row: rowName(row, order.indexOf(row)) }));
      item.append(text, " ", remove);
      return item;
    });
    list.replaceChildren(...items);
    list.hidden = !items.length;
  }

  // What went wrong with a grouping column (the comparison itself is a result below).
  function drawProblems(groups) {
    const problems = q("groups-problems");
    const found = groups ? groups.problems : [];
    problems.replaceChildren(...found.map((text) =>
      Object.assign(document.createElement("li"), { textContent: text })));
    problems.hidden = !found.length;
  }

  function unlink(rowId) {
    const link = links.get(rowId);
    links.delete(rowId);
    if (link) forget(link.file_id);
    return link;
  }

  // Count every linked row again, in the table's current order, and write the numbers.
  function recount() {
    if (queued) return counting; // one more recount is waiting already: it reads the latest
    queued = true;
    counting = counting.then(async () => {
      queued = false;
      const present = new Map(rows().map((row) => [row.dataset.rowId, row]));
      const replaced = [];
      for (const [rowId, link] of [...links]) {
        const row = present.get(rowId);
        // A row removed, or its numbers replaced (an import, another tab): not ours now.
        const changed = row && link.counted &&
          (cellOf(row, panel.dataset.indicated).value !== link.counted.cells.indicated ||
           cellOf(row, panel.dataset.new).value !== link.counted.cells.new);
        if (!row || changed) {
          unlink(rowId);
          if (changed) replaced.push(link.name);
        }
      }
      if (replaced.length) {
        status.textContent = say("numbers_kept", {
          names: replaced.map((n) => `“${n}”`).join(", ") });
      }
      const ordered = rows().filter((row) => links.has(row.dataset.rowId));
      if (!ordered.length) {
        drawList();
        drawProblems(null);
        if (countedHere) { // the files counted this visit were all removed or typed over
          countedHere = false;
          rows().forEach((row) => mark(row, false));
          keepGroups(null);
          saved(tableId);
        }
        return;
      }
      busy(true);
      let result = null;
      try {
        result = await ask("count_from_files", {
          links: ordered.map((row) => ({ row_id: row.dataset.rowId, ...links.get(row.dataset.rowId) })),
          worksheet: form.dataset.wsForm, table: readField(form, tableId),
        });
      } catch (error) {
        status.textContent = say("not_counted", { problem: error.message });
        return;
      } finally {
        busy(false);
      }
      for (const rowId of result.gone) {
        const link = unlink(rowId);
        if (link) status.textContent = say("file_closed", { name: link.name });
      }
      const counted = new Set();
      for (const found of result.rows) {
        const row = table.querySelector(`tr[data-row-id="${esc(found.row_id)}"]`);
        const link = links.get(found.row_id);
        if (!row || !link) continue;
        link.counted = found;
        counted.add(found.row_id);
        cellOf(row, panel.dataset.indicated).value = found.cells.indicated;
        cellOf(row, panel.dataset.new).value = found.cells.new;
      }
      if (counted.size) { // else every file was closed: the counts kept stay as they are
        countedHere = true;
        // Only the rows counted together are marked: the others' students, typed or
        // counted before, cannot be matched against these files.
        rows().forEach((row) => mark(row, counted.has(row.dataset.rowId)));
        keepGroups(result.groups);
      }
      saved(tableId);
      drawList();
      drawProblems(result.groups);
    }).catch((error) => {
      busy(false);
      status.textContent = say("count_failed", { problem: error.message });
    });
    return counting;
  }

  q("input").addEventListener("change", async () => {
    const file = q("input").files[0];
    if (chosen) dropChosen();
    if (!file) return;
    const description = await read(file, null);
    if (!description) return;
    chosen = { file, description };
    showColumns(description);
  });
  const reread = async (header) => {
    if (!chosen) return;
    const old = chosen.description.file_id; // dropped once read again, so one is always held
    const description = await read(chosen.file, header, q("sheet").value);
    forget(old);
    if (!description) {
      chosen = null; // the file it held is gone: the person picks it again
      q("columns").hidden = true;
      q("input").value = "";
      return;
    }
    chosen.description = description;
    showColumns(description, false);
  };
  q("header").addEventListener("change", () => reread(q("header").checked));
  q("sheet").addEventListener("change", () => reread(null));
  q("id").addEventListener("change", offerGroups);
  q("cancel").addEventListener("click", () => {
    dropChosen();
    status.textContent = say("no_file_used");
    q("input").focus();
  });
  q("use").addEventListener("click", async () => {
    if (!chosen) return;
    const { description } = chosen;
    const row = q("row").value;
    if (!rows().some((r) => r.dataset.rowId === row)) {
      status.textContent = say("choose_row");
      q("row").focus();
      return;
    }
    if (!q("id").value) {
      status.textContent = say("no_id_column");
      return;
    }
    const old = links.get(row);
    if (old) forget(old.file_id);
    links.set(row, {
      file_id: description.file_id, name: description.name, label: description.label,
      id_column: Number(q("id").value),
      group_column: q("group").value === "" ? null : Number(q("group").value),
    });
    chosen = null;
    q("columns").hidden = true;
    q("input").value = "";
    status.focus();
    await recount();
    const counted = links.get(row)?.counted;
    if (counted) {
      status.textContent = say("counted_from", { name: description.name, text: counted.text });
    }
  });
  q("list").addEventListener("click", (event) => {
    const rowId = event.target.closest("[data-file-remove]")?.dataset.fileRemove;
    const link = links.get(rowId);
    if (!link) return;
    links.delete(rowId);
    forget(link.file_id);
    const row = table.querySelector(`tr[data-row-id="${esc(rowId)}"]`);
    if (row) {
      cellOf(row, panel.dataset.indicated).value = "";
      cellOf(row, panel.dataset.new).value = "";
      mark(row, false);
      saved(tableId);
    }
    status.textContent = say("file_removed", { name: link.name });
    recount();
    q("input").focus();
  });
  form.addEventListener("input", (event) => {
    const name = event.target.dataset?.name || "";
    const [field, rowId, column] = name.split(".");
    const typedOver = field === tableId &&
      [panel.dataset.indicated, panel.dataset.new].includes(column);
    // Typed over a number counted from a file (this visit or before): the row is typed now.
    const row = typedOver ? event.target.closest("tr[data-row-id]") : null;
    if (row && mark(row, false)) saved(tableId);
    if (typedOver && links.has(rowId)) {
      const link = links.get(rowId);
      links.delete(rowId);
      forget(link.file_id);
      status.textContent = say("typed_by_hand", { name: link.name });
      recount();
    }
    if (field === tableId) fillRows();
  });
  // Capture: the row is still in its table here; the recount runs once the toolkit's own
  // handler has added, moved or removed it.
  form.addEventListener("click", (event) => {
    if (!event.target.closest(`[data-table="${esc(tableId)}"]`) ||
        !event.target.closest("[data-add-row], [data-remove-row], [data-move-row]")) return;
    setTimeout(() => {
      fillRows();
      if (links.size) recount();
    });
  }, true);
  fillRows();
  panel.hidden = false;
  if (links.size) recount();
}
