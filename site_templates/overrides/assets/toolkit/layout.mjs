// Room for the worksheets: a table whose columns do not fit its box is shown as one card
// per row (marked .ws-cards; toolkit.css draws it), checked again whenever the box
// changes width. Short texts in table cells are one-line text boxes that wrap.

const BOXES = ".ws-table-scroll, .ws-output__table, .tk-report__table, .md-typeset__table";
const widths = new WeakMap(); // each box's width when it was last fitted

const boxOf = new WeakMap(); // the element watched for width -> the box it sizes

const observer = typeof ResizeObserver === "function"
  ? new ResizeObserver((entries) => fit(entries.map((entry) => boxOf.get(entry.target))))
  : null;

// A Markdown table's box sizes to its table: its width is that of the scroll box around.
const frameOf = (box) => box.closest(".md-typeset__scrollwrap") || box;

// Cells drawn without their column's name (results, the report) get it from the header,
// so a card still says what each value is.
function labelCells(table) {
  const names = [...table.querySelectorAll("thead th")].map((th) => th.textContent.trim());
  for (const row of table.querySelectorAll("tbody > tr")) {
    [...row.children].forEach((cell, index) => {
      if (!cell.hasAttribute("data-label") && names[index]) cell.dataset.label = names[index];
    });
  }
}

/** Show each box's table as cards when its columns are wider than the box: all widths
 * are read, then all classes written, so the page is laid out twice, not twice per box. */
export function fit(boxes, force = false) {
  const due = [];
  for (const box of boxes) {
    const table = box?.querySelector(":scope > table");
    const width = table ? frameOf(box).clientWidth : 0;
    if (width > 0 && (force || widths.get(box) !== width)) due.push({ box, table, width });
  }
  for (const { box, table, width } of due) {
    widths.set(box, width);
    labelCells(table);
    box.classList.remove("ws-cards");
  }
  const tooWide = due.map(({ table, width }) => table.scrollWidth > width + 1);
  due.forEach(({ box }, index) => box.classList.toggle("ws-cards", tooWide[index]));
}

// A box not fitted yet is fitted now; one fitted already only if its width changed.
function watch(boxes) {
  fit(boxes.filter((box) => !widths.has(box)), true);
  for (const box of boxes) {
    const frame = frameOf(box);
    boxOf.set(frame, box);
    observer?.observe(frame);
  }
}

/** Fit every table box in ``scope`` now, and again whenever one changes width; boxes
 * added later (a new checklist, rows from an import) are fitted as they arrive. */
export function fitTables(scope = document) {
  watch([...scope.querySelectorAll(BOXES)]);
}

if (typeof MutationObserver === "function") {
  new MutationObserver((records) => {
    const changed = new Set(); // boxes whose table gained or lost rows: fitted again
    const added = new Set();
    const rowsOrTables = (nodes) => [...nodes].some((n) => n.nodeName === "TR" || n.nodeName === "TABLE");
    for (const record of records) {
      const within = record.target.nodeType === Node.ELEMENT_NODE && record.target.closest(BOXES);
      if (within && (rowsOrTables(record.addedNodes) || rowsOrTables(record.removedNodes))) {
        changed.add(within);
      }
      for (const node of record.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        if (node.matches(BOXES)) added.add(node);
        node.querySelectorAll(BOXES).forEach((box) => added.add(box));
      }
    }
    // One pass: boxes new to the page and boxes whose rows changed, read then written.
    const boxes = [...added].filter((box) => box.isConnected);
    fit([...new Set([...boxes.filter((box) => !widths.has(box)), ...changed])], true);
    watch(boxes);
  }).observe(document.documentElement, { childList: true, subtree: true });
}

const GROWS = typeof CSS !== "undefined" && CSS.supports?.("field-sizing", "content");

function grow(box) {
  if (GROWS) return;
  box.style.height = "auto";
  box.style.height = `${box.scrollHeight + 2}px`;
}

/** One-line text boxes: Enter does not start a new line, pasted line breaks become
 * spaces, and the box grows with its text where the browser does not do it itself. */
export function bindLines(form) {
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.isComposing
        && event.target.matches?.("textarea[data-single-line]")) {
      event.preventDefault();
    }
  });
  form.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.matches?.("textarea[data-single-line]")) return;
    if (/[\r\n]/.test(box.value)) {
      const at = box.selectionStart;
      box.value = box.value.replace(/\r\n|[\r\n]/g, " ");
      box.setSelectionRange(at, at);
    }
    grow(box);
  }, true);
  growLines(form);
}

/** Where the browser cannot size text boxes to their text, size the one-line boxes of
 * ``scope`` after their values were written (restore, import, another tab). */
export function growLines(scope) {
  if (!GROWS) scope.querySelectorAll("textarea[data-single-line]").forEach(grow);
}

// The menu of the page shown now (instant navigation binds each page's own), folded by
// a click anywhere else: one listener for the visit.
let closeOnClickAway = () => {};
document.addEventListener("click", (event) => closeOnClickAway(event.target));

/** Fold the "Bring in a file, hand out, clear" menu on Escape (focus back on its button), when
 * focus or a click leaves it, and once a file is chosen. */
export function bindMenu(menu) {
  const close = (focus) => {
    if (!menu.open) return;
    menu.open = false;
    if (focus) menu.querySelector("summary")?.focus();
  };
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close(true);
  });
  menu.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !menu.contains(event.relatedTarget)) close(false);
  });
  closeOnClickAway = (target) => { if (!menu.contains(target)) close(false); };
  // A file chosen (import, combine) closes it; a name or a choice of worksheets does not.
  menu.addEventListener("change", (event) => { if (event.target.type === "file") close(true); });
}
