// Moves values between a worksheet form and plain data, in the shapes documented in
// content/worksheets/README.md. Field kinds come from the rendered inputs themselves.

const esc = (text) => CSS.escape(text);

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
    const column = input.dataset.name.split(".")[2];
    if (!cells.has(column)) cells.set(column, []);
    cells.get(column).push(input);
  }
  return cells;
}

function rowsOf(table) {
  return [...table.querySelectorAll("tbody > tr[data-row-id]")];
}

export function readField(form, fieldId) {
  const table = form.querySelector(`[data-table="${esc(fieldId)}"]`);
  if (!table) return readInputs([...form.querySelectorAll(`[data-name="${esc(fieldId)}"]`)]);
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

export function readWorksheet(form) {
  const ids = new Set([...form.querySelectorAll("[data-name]")].map(fieldIdOf));
  return Object.fromEntries([...ids].map((id) => [id, readField(form, id)]));
}

export function writeField(form, fieldId, value) {
  const table = form.querySelector(`[data-table="${esc(fieldId)}"]`);
  if (!table) {
    writeInputs([...form.querySelectorAll(`[data-name="${esc(fieldId)}"]`)], value);
    return;
  }
  if (table.hasAttribute("data-add-rows")) {
    if (!Array.isArray(value)) return;
    const body = table.querySelector("tbody");
    const existing = new Map(rowsOf(table).map((row) => [row.dataset.rowId, row]));
    const keep = [];
    for (const rowValues of value) {
      const row = existing.get(rowValues.row_id) || makeRow(table, rowValues.row_id);
      keep.push(row);
      for (const [column, inputs] of cellsOf(row)) writeInputs(inputs, rowValues[column]);
    }
    for (const row of existing.values()) if (!keep.includes(row)) row.remove();
    keep.forEach((row) => body.append(row));
    renumber(table);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const row of rowsOf(table)) {
    const rowValues = value[row.dataset.rowId] || {};
    for (const [column, inputs] of cellsOf(row)) writeInputs(inputs, rowValues[column]);
  }
}

export function writeWorksheet(form, values) {
  for (const [fieldId, value] of Object.entries(values || {})) writeField(form, fieldId, value);
}

// A new row from the table's <template>, whose ids carry the placeholder __row__.
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
  return row;
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
    row.querySelector("[data-remove-row]")?.setAttribute("aria-label", label("Remove"));
    row.querySelector("[data-move-row=up]")?.setAttribute("aria-label", label("Move up"));
    row.querySelector("[data-move-row=down]")?.setAttribute("aria-label", label("Move down"));
  });
}
