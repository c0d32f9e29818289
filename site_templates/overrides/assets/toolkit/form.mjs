// Moves values between a worksheet form and plain data, in the shapes documented in
// content/worksheets/README.md. Field kinds come from the rendered inputs themselves.
import { growLines } from "./layout.mjs";
import { say } from "./words.mjs";

const esc = (text) => CSS.escape(text);

// Where a person who just added a row or an entry starts typing: its first text box
// (a checkbox there would tick at every space typed), else its first control.
const TEXT_BOX = "textarea, input:not([type=checkbox], [type=radio], [type=hidden], [type=button], [type=file])";
export function firstTextBox(container) {
  return container.querySelector(TEXT_BOX) || container.querySelector("input, select, textarea");
}

export function fieldIdOf(input) {
  const name = input.dataset.name;
  return name ? name.split(".")[0] : null;
}

function readInputs(inputs) {
  const first = inputs[0];
  if (!first) return "";
  if (first.type === "radio") return inputs.find((i) => i.checked)?.value ?? "";
  if (first.type === "checkbox" && first.hasAttribute("value")) {
    return inputs.filter((i) => i.checked).map((i) => i.value);
  }
  if (first.type === "checkbox") return first.checked;
  return first.value;
}

function writeInputs(inputs, value) {
  const first = inputs[0];
  if (!first) return;
  if (first.type === "radio") {
    for (const input of inputs) input.checked = input.value === value;
  } else if (first.type === "checkbox" && first.hasAttribute("value")) {
    const chosen = new Set(Array.isArray(value) ? value : []);
    for (const input of inputs) input.checked = chosen.has(input.value);
  } else if (first.type === "checkbox") {
    first.checked = value === true;
  } else if (document.activeElement !== first || first.value !== String(value ?? "")) {
    first.value = value ?? "";
  }
}

function cellsOf(row) {
  const cells = new Map();
  for (const input of row.querySelectorAll("[data-name]")) {
    // `table.row id.column`: a row id may hold dots, column ids never do.
    const column = lastPart(input.dataset.name);
    if (!cells.has(column)) cells.set(column, []);
    cells.get(column).push(input);
  }
  return cells;
}

function rowsOf(table) {
  return [...table.querySelectorAll("tbody > tr[data-row-id]")];
}

// A table's rows: a list with row ids (rows the person adds), or fixed rows by id.
function readTable(table) {
  const read = (row) => {
    const values = {};
    for (const [column, inputs] of cellsOf(row)) values[column] = readInputs(inputs);
    return values;
  };
  if (table.hasAttribute("data-add-rows")) {
    return rowsOf(table).map((row) => ({ row_id: row.dataset.rowId, ...read(row) }));
  }
  return Object.fromEntries(rowsOf(table).map((row) => [row.dataset.rowId, read(row)]));
}

function writeTable(table, value) {
  if (table.hasAttribute("data-add-rows")) {
    if (!Array.isArray(value)) return;
    const body = table.querySelector("tbody");
    const existing = new Map(rowsOf(table).map((row) => [row.dataset.rowId, row]));
    const keep = [];
    for (const rowValues of value) {
      if (!rowValues || typeof rowValues.row_id !== "string") continue;
      const row = existing.get(rowValues.row_id) || makeRow(table, rowValues.row_id);
      keep.push(row);
      for (const [column, inputs] of cellsOf(row)) writeInputs(inputs, rowValues[column]);
    }
    for (const row of existing.values()) if (!keep.includes(row)) row.remove();
    placeInOrder(body, keep);
    renumber(table);
    return;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return;
  for (const row of rowsOf(table)) {
    const rowValues = value[row.dataset.rowId] || {};
    for (const [column, inputs] of cellsOf(row)) writeInputs(inputs, rowValues[column]);
  }
}

/** The field a table's rows are saved in: the table's own, or for a table inside a
 * repeat's entry, the repeat's. */
export function tableField(table) {
  return table.closest("[data-repeat]")?.dataset.repeat ?? table.dataset.table;
}

export function readField(form, fieldId) {
  const repeat = form.querySelector(`[data-repeat="${esc(fieldId)}"]`);
  if (repeat) return itemsOf(repeat).map(readItem);
  const grid = topLevel(form, `[data-ratings="${esc(fieldId)}"]`);
  if (grid) return readRatings(grid);
  const table = topLevel(form, `[data-table="${esc(fieldId)}"]`);
  if (!table) return readInputs([...form.querySelectorAll(`[data-name="${esc(fieldId)}"]`)]);
  return readTable(table);
}

export function writeField(form, fieldId, value) {
  const repeat = form.querySelector(`[data-repeat="${esc(fieldId)}"]`);
  if (repeat) {
    writeRepeat(repeat, value);
    return;
  }
  const grid = topLevel(form, `[data-ratings="${esc(fieldId)}"]`);
  if (grid) {
    writeRatings(grid, value);
    return;
  }
  const table = topLevel(form, `[data-table="${esc(fieldId)}"]`);
  if (!table) {
    writeInputs([...form.querySelectorAll(`[data-name="${esc(fieldId)}"]`)], value);
    return;
  }
  writeTable(table, value);
}

export function writeWorksheet(form, values) {
  if (!values || typeof values !== "object" || Array.isArray(values)) return;
  for (const [fieldId, value] of Object.entries(values)) writeField(form, fieldId, value);
  refreshLimits(form);
  growLines(form);
}

// After rows or entries came from elsewhere (another tab, an import): each add button's
// limit message says whether there is room, as if it had just been pressed.
function refreshLimits(form) {
  for (const button of form.querySelectorAll("[data-add-row][data-limit]")) {
    const table = button.closest("[data-table]");
    if (table) underLimit(button, table.querySelectorAll("tbody > tr[data-row-id]").length);
  }
  for (const button of form.querySelectorAll("[data-add-item][data-limit]")) {
    const repeat = button.closest("[data-repeat]");
    if (repeat) underLimit(button, itemsOf(repeat).length);
  }
}

// Put `elements` into `parent` in this order, moving as few as possible: the longest run
// already in order stays where it is (a moved element loses focus). Other children (a
// <template>, a group's heading row) keep their place before the first row.
export function placeInOrder(parent, elements) {
  const placed = [...parent.children].filter((child) => elements.includes(child));
  if (placed.length === elements.length && placed.every((child, i) => child === elements[i])) return;
  const stay = longestInOrder(placed, new Map(elements.map((element, i) => [element, i])));
  elements.forEach((element, i) => {
    if (stay.has(element)) return;
    if (i > 0) elements[i - 1].after(element);
    else {
      const next = elements.find((other) => stay.has(other));
      if (next) next.before(element);
      else parent.append(element);
    }
  });
}

// The largest set of `placed` elements whose current order already matches `rank`.
function longestInOrder(placed, rank) {
  const ranks = placed.map((element) => rank.get(element));
  const length = ranks.map(() => 1);
  const from = ranks.map(() => -1);
  let best = -1;
  ranks.forEach((r, i) => {
    for (let j = 0; j < i; j += 1) {
      if (ranks[j] < r && length[j] + 1 > length[i]) {
        length[i] = length[j] + 1;
        from[i] = j;
      }
    }
    if (best < 0 || length[i] > length[best]) best = i;
  });
  const stay = new Set();
  for (let i = best; i >= 0; i = from[i]) stay.add(placed[i]);
  return stay;
}

// A new row from the table's <template>, whose ids carry the placeholder __row__. Made
// by this script, so its buttons (hidden in the HTML until the script runs) are shown,
// whether a person added it or it came from another tab or a file.
function makeRow(table, rowId) {
  const template = table.querySelector("template[data-row-template]");
  const row = template.content.firstElementChild.cloneNode(true);
  for (const element of [row, ...row.querySelectorAll("*")]) {
    for (const attribute of ["id", "name", "for", "data-name", "aria-labelledby", "data-row-id"]) {
      const current = element.getAttribute(attribute);
      if (current && current.includes("__row__")) {
        element.setAttribute(attribute, current.replaceAll("__row__", rowId));
      }
    }
  }
  showRowControls(row);
  return row;
}

// The controls of rows and tables, hidden in the HTML until this script runs.
export function showRowControls(scope) {
  scope.querySelectorAll("[data-remove-row], [data-move-row], [data-table-actions]")
    .forEach((element) => { element.hidden = false; });
}

export function addRow(table) {
  const rowId = `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const row = makeRow(table, rowId);
  table.querySelector("tbody").append(row);
  renumber(table);
  return row;
}

export function renumber(table) {
  rowsOf(table).forEach((row, index) => {
    const number = row.querySelector(".ws-rownum");
    if (number) number.textContent = String(index + 1);
    const label = (action) => `${action} row ${index + 1}`;
    row.querySelector("[data-remove-row]")?.setAttribute("aria-label", label(say("remove")));
    row.querySelector("[data-move-row=up]")?.setAttribute("aria-label", label(say("move_up")));
    row.querySelector("[data-move-row=down]")?.setAttribute("aria-label", label(say("move_down")));
  });
}

// Whether `button` (an add button with data-limit) may add one more of `count`; at the
// limit, the message rendered beside it is shown, and cleared once there is room again.
export function underLimit(button, count) {
  const limit = Number(button.dataset.limit || Infinity);
  const message = button.parentElement.querySelector("[data-limit-message]");
  const room = count < limit;
  if (message) message.textContent = room ? "" : message.dataset.text;
  return room;
}

// ---- Repeats and ratings grids ---------------------------------------------------------
// A repeat ([data-repeat]) holds items ([data-repeat-item]) made from its <template>,
// whose ids and names carry the placeholder __item__; an item's inputs are named
// `repeat.item.field`. A ratings grid ([data-ratings]) has one row per row of another
// worksheet's added-rows table (its source), made from a <template> with __crit__.

let rowSource = () => null;
const hiddenRatings = new WeakMap(); // grid -> ratings of rows its source no longer has

// How grids find their rows: fn(worksheet, table) -> [{row_id, label, group}] as Python
// decided them (browser_py/page/rating_rows.py), or null before Python has answered (the rows
// drawn at build time are then the source's starter rows).
export function setRowSource(fn) {
  rowSource = fn;
}

function topLevel(form, selector) {
  return [...form.querySelectorAll(selector)].find((el) => !el.closest("[data-repeat-item]")) || null;
}

function lastPart(name) {
  return name.slice(name.lastIndexOf(".") + 1);
}

// Replace a placeholder in every attribute below `node`, templates' contents included.
function fillPlaceholder(node, placeholder, value) {
  const elements = node.nodeType === Node.ELEMENT_NODE ? [node, ...node.querySelectorAll("*")]
    : [...node.querySelectorAll("*")];
  for (const element of elements) {
    for (const attribute of [...element.attributes]) {
      if (attribute.value.includes(placeholder)) {
        element.setAttribute(attribute.name, attribute.value.replaceAll(placeholder, value));
      }
    }
    if (element.tagName === "TEMPLATE") fillPlaceholder(element.content, placeholder, value);
  }
}

function cloneTemplate(holder, selector, placeholder, value) {
  const template = holder.querySelector(`:scope > ${selector}`);
  const element = template.content.firstElementChild.cloneNode(true);
  fillPlaceholder(element, placeholder, value);
  return element;
}

function newRowId() {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const radiosOf = (row) => [...row.querySelectorAll("input[type=radio]")];
const ratingRows = (grid) => [...grid.querySelectorAll("tbody > tr[data-row-id]")];

function readRatings(grid) {
  const value = {};
  for (const row of ratingRows(grid)) {
    const chosen = radiosOf(row).find((input) => input.checked);
    if (chosen) value[row.dataset.rowId] = chosen.value;
  }
  for (const [rowId, rating] of Object.entries(hiddenRatings.get(grid) || {})) {
    if (!(rowId in value) && rating) value[rowId] = rating;
  }
  return value;
}

function writeRatings(grid, value) {
  syncRatings(grid);
  const ratings = value && typeof value === "object" && !Array.isArray(value) ? value : {};
  const shown = new Set();
  for (const row of ratingRows(grid)) {
    shown.add(row.dataset.rowId);
    writeInputs(radiosOf(row), ratings[row.dataset.rowId] ?? "");
  }
  hiddenRatings.set(grid, Object.fromEntries(
    Object.entries(ratings).filter(([rowId]) => !shown.has(rowId))));
}

// Make the grid's rows match the rows Python gave: order, labels and groups. Rows in
// place stay in place (focus and selection with them).
export function syncRatings(grid) {
  const source = rowSource(grid.dataset.sourceWorksheet, grid.dataset.sourceTable);
  const empty = grid.querySelector(":scope > [data-ratings-empty]");
  if (!Array.isArray(source)) {
    if (empty) empty.hidden = ratingRows(grid).length > 0;
    return;
  }
  const hidden = { ...(hiddenRatings.get(grid) || {}) };
  const existing = new Map(ratingRows(grid).map((row) => [row.dataset.rowId, row]));
  const bodies = new Map([...grid.querySelectorAll("tbody[data-group]")].map((b) => [b.dataset.group, b]));
  const wanted = new Set();
  const order = new Map([...bodies.values()].map((body) => [body, []]));
  for (const entry of source) {
    const rowId = entry.row_id;
    wanted.add(rowId);
    let row = existing.get(rowId);
    if (!row) {
      row = cloneTemplate(grid, "template[data-rating-row]", "__crit__", rowId);
      if (hidden[rowId]) writeInputs(radiosOf(row), hidden[rowId]);
      delete hidden[rowId];
    }
    const header = row.querySelector("[data-row-label]");
    if (header.textContent !== entry.label) header.textContent = entry.label;
    const body = bodies.get(entry.group) || bodies.values().next().value;
    order.get(body).push(row);
  }
  for (const [body, rows] of order) placeInOrder(body, rows);
  for (const [rowId, row] of existing) {
    if (wanted.has(rowId)) continue;
    const chosen = radiosOf(row).find((input) => input.checked);
    if (chosen) hidden[rowId] = chosen.value;
    row.remove();
  }
  hiddenRatings.set(grid, hidden);
  for (const body of bodies.values()) body.hidden = !body.querySelector("tr[data-row-id]");
  if (empty) empty.hidden = wanted.size > 0;
}

export function refreshRatings(scope = document) {
  scope.querySelectorAll("[data-ratings]").forEach(syncRatings);
}

const itemsOf = (repeat) => [...repeat.querySelector("[data-repeat-items]").children]
  .filter((element) => element.matches("[data-repeat-item]"));

// An entry's own inputs by field id: a ratings grid's and a table's are read whole.
function itemInputs(item) {
  const groups = new Map();
  for (const input of item.querySelectorAll("[data-name]")) {
    if (input.closest("[data-ratings], [data-table]")) continue;
    const fieldId = lastPart(input.dataset.name);
    if (!groups.has(fieldId)) groups.set(fieldId, []);
    groups.get(fieldId).push(input);
  }
  return groups;
}

function readItem(item) {
  const values = { row_id: item.dataset.rowId };
  for (const [fieldId, inputs] of itemInputs(item)) values[fieldId] = readInputs(inputs);
  for (const grid of item.querySelectorAll("[data-ratings]")) values[grid.dataset.ratings] = readRatings(grid);
  for (const table of item.querySelectorAll("[data-table]")) values[table.dataset.table] = readTable(table);
  return values;
}

function writeItem(item, values) {
  if (!values || typeof values !== "object") return;
  for (const [fieldId, inputs] of itemInputs(item)) writeInputs(inputs, values[fieldId]);
  for (const grid of item.querySelectorAll("[data-ratings]")) writeRatings(grid, values[grid.dataset.ratings]);
  for (const table of item.querySelectorAll("[data-table]")) writeTable(table, values[table.dataset.table]);
}

function makeItem(repeat, rowId) {
  const item = cloneTemplate(repeat, "template[data-item-template]", "__item__", rowId);
  item.querySelectorAll("[data-ratings]").forEach(syncRatings);
  showRowControls(item);
  return item;
}

function writeRepeat(repeat, value) {
  if (!Array.isArray(value)) return;
  const list = repeat.querySelector("[data-repeat-items]");
  const existing = new Map(itemsOf(repeat).map((item) => [item.dataset.rowId, item]));
  const keep = [];
  for (const itemValues of value) {
    if (!itemValues || typeof itemValues.row_id !== "string") continue;
    const item = existing.get(itemValues.row_id) || makeItem(repeat, itemValues.row_id);
    keep.push(item);
    writeItem(item, itemValues);
  }
  for (const item of existing.values()) if (!keep.includes(item)) item.remove();
  placeInOrder(list, keep);
  renumberItems(repeat);
}

function itemTitle(repeat, item, index) {
  let title = `${repeat.dataset.itemLabel} ${index + 1}`;
  const from = repeat.dataset.titleFrom;
  if (from) {
    const name = `${repeat.dataset.repeat}.${item.dataset.rowId}.${from}`;
    const text = item.querySelector(`[data-name="${esc(name)}"]`)?.value.trim();
    if (text) title += `: ${text}`;
  }
  return title;
}

export function renumberItems(repeat) {
  const items = itemsOf(repeat);
  items.forEach((item, index) => {
    const title = itemTitle(repeat, item, index);
    const legend = item.querySelector(":scope > [data-item-title]");
    if (legend.textContent !== title) legend.textContent = title;
    const up = item.querySelector(":scope > .ws-item__actions [data-move-item=up]");
    const down = item.querySelector(":scope > .ws-item__actions [data-move-item=down]");
    up.setAttribute("aria-label", say("move_up_item", { title }));
    down.setAttribute("aria-label", say("move_down_item", { title }));
    up.hidden = index === 0;
    down.hidden = index === items.length - 1;
    item.querySelector(":scope > .ws-item__actions [data-remove-item]").setAttribute("aria-label", say("remove_item", { title }));
  });
  repeat.querySelector("[data-repeat-empty]").hidden = items.length > 0;
}

function hasEntries(item) {
  return [...item.querySelectorAll("[data-name]")].some((input) =>
    (input.type === "radio" || input.type === "checkbox") ? input.checked : input.value.trim() !== "");
}

// Add, move or remove a repeat's item; returns the repeat's field id when it changed.
export function structureClick(event) {
  const add = event.target.closest("[data-add-item]");
  const move = event.target.closest("[data-move-item]");
  const remove = event.target.closest("[data-remove-item]");
  const repeat = (add || move || remove)?.closest("[data-repeat]");
  if (!repeat) return null;
  if (add) {
    if (!underLimit(add, itemsOf(repeat).length)) return null;
    const item = makeItem(repeat, newRowId());
    repeat.querySelector("[data-repeat-items]").append(item);
    renumberItems(repeat);
    firstTextBox(item)?.focus();
  } else if (move) {
    const item = move.closest("[data-repeat-item]");
    const other = move.dataset.moveItem === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!other) return null;
    if (move.dataset.moveItem === "up") other.before(item);
    else other.after(item);
    renumberItems(repeat);
    (move.hidden ? item.querySelector("[data-move-item]:not([hidden])") : move)?.focus();
  } else {
    const item = remove.closest("[data-repeat-item]");
    const title = item.querySelector("[data-item-title]").textContent;
    if (hasEntries(item) && !window.confirm(say("remove_item_question", { title }))) return null;
    item.remove();
    renumberItems(repeat);
    const button = repeat.querySelector("[data-add-item]");
    if (button) underLimit(button, itemsOf(repeat).length);
    button?.focus();
  }
  return repeat.dataset.repeat;
}

// Once per form: show the controls that need this script, and keep item titles current.
export function bindStructures(form) {
  form.querySelectorAll("[data-repeat-actions]").forEach((element) => { element.hidden = false; });
  form.querySelectorAll("[data-repeat]").forEach(renumberItems);
  refreshRatings(form);
  form.addEventListener("input", (event) => {
    const repeat = event.target.closest?.("[data-repeat]");
    if (repeat && repeat.dataset.titleFrom && lastPart(event.target.dataset.name || "") === repeat.dataset.titleFrom) {
      renumberItems(repeat);
    }
  });
}

// Notes a computed output gives each item of a repeat ({item row_id: text}).
export function drawItemNotes(section, outputId, notes) {
  for (const note of section.querySelectorAll(`[data-item-note="${esc(outputId)}"]`)) {
    const rowId = note.closest("[data-repeat-item]")?.dataset.rowId;
    const text = (notes && rowId && typeof notes[rowId] === "string") ? notes[rowId] : "";
    if (note.textContent !== text) note.textContent = text;
    note.hidden = !text;
  }
}
