// Saved entries: one JSON document in localStorage, under keys namespaced by the site's
// own path, so several sites on one origin never touch each other's data. Never calls
// localStorage.clear(). Changes are merged with what other tabs saved field by field,
// and row by row (then cell by cell) in tables and lists of entries, so edits to
// different rows never lose one. Python (browser_py.core.restore) checks what the values
// mean; this module only keeps the document's shape safe to write into.
//
// Tabs see each other's saves a moment late, so two tabs saving at once can each write
// over the other's change. Every save therefore carries an id, and the saved document
// lists the latest ids (`save_ids`). A tab keeps what it saved until a document from
// another tab shows it: listed there (that tab saw it) or holding the same values.
// A document written without it is repaired: the change is merged in and saved again.
//
// The merge follows the rules of docs/merging.md, as browser_py/sharing/tab_merge.py states them
// in Python (tests/test_merge_rule.py runs both on one table of cases); its constants
// come from Python through merge_rules.mjs, which the build writes.

import { FORBIDDEN_NAMES, MAX_SEEN, ROW_ID } from "./merge_rules.mjs";
import { say } from "./words.mjs";

const SEP = "\u0000";
// Names that change how a JavaScript object behaves; the toolkit never writes them.
const FORBIDDEN = new Set(FORBIDDEN_NAMES);
const SAVE_IDS = "save_ids"; // in the saved document: ids of its latest saves, oldest first
const MAX_SAVE_IDS = 64;

// One site, one namespace: "/toolkit//" and "/toolkit/" are the same site.
export function canonicalPath(path) {
  const collapsed = String(path || "/").replace(/\/{2,}/g, "/");
  return collapsed.endsWith("/") ? collapsed : `${collapsed}/`;
}

export class Store {
  constructor(sitePath, { onWarning, onExternalChange, onSaved, onConflict, onStorageOk }) {
    this.prefix = `cmhp-toolkit:${canonicalPath(sitePath)}:`;
    this.keys = {
      state: `${this.prefix}state`,
      meta: `${this.prefix}meta`,
      undo: `${this.prefix}undo-import`,
      group: `${this.prefix}group`,
      undoGroup: `${this.prefix}undo-group`,
    };
    this.onWarning = onWarning;
    this.onExternalChange = onExternalChange;
    this.onSaved = onSaved;
    this.onConflict = onConflict; // [{worksheet, path}] where another tab's edit gave way
    this.onStorageOk = onStorageOk; // the entries were saved: storage problems are over
    this.dirty = new Set();
    // Saved here, not yet seen in another tab's save: key -> {id, base, value}.
    this.unconfirmed = new Map();
    this.timer = null;
    this.writable = true;
    this.state = this.read(this.keys.state, { worksheets: {} }, "saved_what_entries", parseState);
    this.base = structuredClone(this.state); // the saved document this tab last saw
    this.starting = {}; // each form's values before any entry, by worksheet
    this.meta = this.read(this.keys.meta, {}, "saved_what_history");
    // For the working group's files: this person's name, when each field was last
    // changed here, and (kept by browser_py.sharing.group_files) what this device has seen.
    this.group = this.read(this.keys.group, {}, "saved_what_record");
    this.edits = {};
    window.addEventListener("storage", (event) => this.onStorage(event));
    window.addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  // Parse a saved document; anything unreadable is set aside (never deleted) and reported.
  read(key, fallback, what, parse = parsePlain) {
    let raw;
    try {
      raw = localStorage.getItem(key);
    } catch (error) {
      this.fail(error, "read");
      return structuredClone(fallback);
    }
    if (raw === null) return structuredClone(fallback);
    const parsed = parse(raw);
    if (parsed && !parsed.salvaged) return parsed.value;
    const kept = parsed?.salvaged ? parsed.value : structuredClone(fallback);
    if (!this.setAside(raw, what)) return kept;
    try {
      if (parsed?.salvaged) localStorage.setItem(key, JSON.stringify(kept));
      else localStorage.removeItem(key);
    } catch (error) {
      this.fail(error, "save");
    }
    return kept;
  }

  // Keep text that could not be used under a key of its own; returns whether it was kept.
  // When it cannot be kept, this page stops saving so that nothing is overwritten.
  setAside(raw, what) {
    let aside = `${this.prefix}set-aside:${new Date().toISOString()}`;
    try {
      for (let n = 2; localStorage.getItem(aside) !== null; n += 1) {
        aside = `${this.prefix}set-aside:${new Date().toISOString()}-${n}`;
      }
    } catch {
      // Reading failed: the write below reports it.
    }
    try {
      localStorage.setItem(aside, raw);
      this.onWarning(
        say("set_aside", { what: say(what) }),
      );
      return true;
    } catch {
      this.writable = false;
      this.onWarning(
        say("not_set_aside", { what: say(what) }),
      );
      return false;
    }
  }

  // Parts Python found unreadable (browser_py.core.restore): keep them, then save the rest.
  // `whole`: nothing of the saved document could be used (e.g. a newer version wrote it);
  // then this page stops saving rather than write over it.
  // With no parts, `stored` only carries values moved to where they are typed now.
  keepSetAside(parts, stored, whole) {
    if (!this.writable) return;
    if (parts.length && !this.setAside(JSON.stringify(parts), "saved_what_entries")) return;
    if (whole) {
      this.writable = false;
      this.onWarning(say("saving_stopped"));
      return;
    }
    this.dirty.clear();
    this.state = stored;
    this.base = structuredClone(stored);
    this.writeState(stored);
  }

  // Everything set aside on this site, oldest first, as {key, text}.
  setAsideParts() {
    const parts = [];
    try {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith(`${this.prefix}set-aside:`)) {
          parts.push({ key: key.slice(this.prefix.length), text: localStorage.getItem(key) });
        }
      }
    } catch (error) {
      this.fail(error, "read");
    }
    return parts.sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  // What a form shows before anything is saved: the base of a field never saved yet.
  setStarting(worksheet, values) {
    if (!FORBIDDEN.has(worksheet)) this.starting[worksheet] = structuredClone(values);
  }

  baseOf(worksheet, field) {
    const saved = this.base.worksheets?.[worksheet];
    if (saved && field in saved) return saved[field];
    return this.starting[worksheet]?.[field];
  }

  values(worksheet) {
    return this.state.worksheets[worksheet] || null;
  }

  set(worksheet, field, value) {
    if (FORBIDDEN.has(worksheet) || FORBIDDEN.has(field)) return;
    const sheet = (this.state.worksheets[worksheet] ||= {});
    sheet[field] = value;
    this.dirty.add(worksheet + SEP + field);
    (this.edits[worksheet] ||= {})[field] = new Date().toISOString();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 250);
  }

  // Write only the fields this tab changed onto the latest saved document.
  flush() {
    clearTimeout(this.timer);
    if (!this.dirty.size || !this.writable) return;
    let latest;
    let saveIds = [];
    try {
      latest = parseState(localStorage.getItem(this.keys.state) ?? '{"worksheets": {}}');
    } catch (error) {
      this.fail(error, "read");
      return;
    }
    if (!latest || latest.salvaged) {
      latest = this.read(this.keys.state, { worksheets: {} }, "saved_what_entries", parseState);
      if (!this.writable) return;
    } else ({ value: latest, saveIds } = latest);
    const conflicts = [];
    const saved = [];
    for (const key of this.dirty) {
      const [worksheet, field] = key.split(SEP);
      const sheet = (latest.worksheets[worksheet] ||= {});
      const base = this.baseOf(worksheet, field);
      // Nothing saved for the field yet anywhere: the other side is its starting value.
      const theirs = field in sheet ? sheet[field] : base;
      const merged = mergeValue(base, this.state.worksheets[worksheet][field], theirs, [field]);
      sheet[field] = merged.value;
      saved.push([key, { base: theirs, value: merged.value }]);
      conflicts.push(...merged.conflicts.map((path) => ({ worksheet, path })));
    }
    const id = this.writeState(latest, saveIds);
    if (id) {
      for (const [key, change] of saved) this.unconfirmed.set(key, { id, ...change });
      this.dirty.clear();
      this.mergeFrom(latest);
      this.setGroup({});
      this.touch();
      this.onSaved();
      if (conflicts.length) this.onConflict(conflicts);
    }
  }

  // Save the whole document with a new save id after `saveIds` (by default, those of the
  // saved document: a tab that had not seen them then keeps its changes). Returns the id,
  // or null when it could not be saved.
  writeState(state, saveIds = this.savedIds()) {
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const ids = [...saveIds, id].slice(-MAX_SAVE_IDS);
    return this.write(this.keys.state, { ...state, [SAVE_IDS]: ids }) ? id : null;
  }

  savedIds() {
    try {
      return parseState(localStorage.getItem(this.keys.state) ?? "{}")?.saveIds ?? [];
    } catch {
      return [];
    }
  }

  // Save the working-group record: Python's `record` (what was seen, who changed what),
  // worked out from the record `sent` to it, with this tab's edit times and any `changes`
  // (the person's name). What another tab saved meanwhile is kept: every value either
  // has seen, and who changed an entry where this record did not change it.
  setGroup(record, changes = {}, sent = this.group) {
    const latest = this.read(this.keys.group, {}, "saved_what_record");
    if ("seen" in record) {
      record = { ...record, seen: mergedSeen(latest.seen, sent.seen, record.seen) };
    }
    if ("stamps" in record) {
      record = { ...record, stamps: mergedStamps(latest.stamps, sent.stamps, record.stamps) };
    }
    const edited = structuredClone(latest.edited || {});
    for (const source of [record.edited || {}, this.edits]) {
      for (const [worksheet, fields] of Object.entries(source)) {
        if (FORBIDDEN.has(worksheet) || !isPlain(fields)) continue;
        for (const [field, at] of Object.entries(fields)) {
          if (FORBIDDEN.has(field)) continue;
          const mine = (edited[worksheet] ||= {});
          if (!mine[field] || at > mine[field]) mine[field] = at;
        }
      }
    }
    this.edits = {};
    // The name is the one saved last (another tab may have changed it), unless set here.
    const name = "name" in latest ? latest.name : record.name;
    this.group = { ...latest, ...record, name, ...changes, edited };
    return this.write(this.keys.group, this.group);
  }

  touch() {
    const now = new Date().toISOString();
    this.setMeta({ lastChange: now, unexportedSince: this.meta.unexportedSince || now });
  }

  setMeta(changes) {
    Object.assign(this.meta, changes);
    this.write(this.keys.meta, this.meta);
  }

  write(key, value) {
    if (!this.writable) return false;
    try {
      localStorage.setItem(key, JSON.stringify(value));
      if (key === this.keys.state) this.onStorageOk?.();
      return true;
    } catch (error) {
      this.fail(error, "save");
      return false;
    }
  }

  fail(error, action) {
    const full = error && (error.name === "QuotaExceededError" ||
      error.name === "NS_ERROR_DOM_QUOTA_REACHED");
    this.onWarning(
      full
        ? say("storage_full")
        : say("storage_refused", { action }),
      // A later save that works ends a save problem, not a failed clear or import.
      action === "save" ? "storage" : "action",
    );
  }

  // Another tab saved: take its fields, except those this tab is about to save.
  onStorage(event) {
    if (event.storageArea !== localStorage) return;
    if (event.key === this.keys.meta) {
      this.meta = parseObject(event.newValue ?? "{}") || this.meta;
      this.onSaved();
    }
    if (event.key !== this.keys.state) return;
    const incoming = parseState(event.newValue ?? '{"worksheets": {}}');
    if (!incoming || incoming.salvaged) return;
    const lost = this.lostChanges(incoming, event.newValue === null);
    this.mergeFrom(incoming.value);
    if (lost.length) this.flush();
  }

  // Changes saved here that the incoming document was written without (its tab had not
  // seen them yet): marked to be saved again, merged from the base they were saved on.
  // A document without save ids (entries cleared, or an older version of the toolkit)
  // settles them all.
  lostChanges(incoming, cleared) {
    const lost = [];
    for (const [key, change] of this.unconfirmed) {
      const [worksheet, field] = key.split(SEP);
      const theirs = incoming.value.worksheets[worksheet]?.[field];
      if (cleared || !incoming.listed || incoming.saveIds.includes(change.id) ||
          same(theirs, change.value)) {
        this.unconfirmed.delete(key);
        continue;
      }
      this.unconfirmed.delete(key);
      const sheet = (this.state.worksheets[worksheet] ||= {});
      if (!this.dirty.has(key)) sheet[field] = structuredClone(change.value);
      const base = ((this.base.worksheets ||= {})[worksheet] ||= {});
      if (change.base === undefined) delete base[field];
      else base[field] = structuredClone(change.base);
      this.dirty.add(key);
      lost.push(key);
    }
    return lost;
  }

  // Take another tab's saved document; fields this tab is about to save are merged into
  // it when they are saved (see flush), and rows already drawn stay in place.
  mergeFrom(incoming) {
    // What this tab has not saved yet keeps the base it was edited from.
    const base = structuredClone(incoming);
    for (const key of this.dirty) {
      const [worksheet, field] = key.split(SEP);
      const before = this.base.worksheets?.[worksheet]?.[field];
      const sheet = (base.worksheets[worksheet] ||= {});
      if (before === undefined) delete sheet[field];
      else sheet[field] = before;
    }
    this.base = base;
    const changed = new Set();
    const names = new Set([
      ...Object.keys(incoming.worksheets || {}),
      ...Object.keys(this.state.worksheets),
    ]);
    for (const worksheet of names) {
      const theirs = (incoming.worksheets || {})[worksheet] || {};
      const ours = (this.state.worksheets[worksheet] ||= {});
      if (!isPlain(theirs) || !isPlain(ours)) continue;
      for (const field of new Set([...Object.keys(theirs), ...Object.keys(ours)])) {
        if (this.dirty.has(worksheet + SEP + field)) continue;
        if (JSON.stringify(theirs[field]) !== JSON.stringify(ours[field])) {
          if (field in theirs) ours[field] = theirs[field];
          else delete ours[field];
          changed.add(worksheet);
        }
      }
    }
    if (changed.size) this.onExternalChange(changed);
  }

  // Apply an import, a combine or an undo worked out from `before`: each field it changed
  // is saved like an edit of this tab, merged with what other tabs saved meanwhile (see
  // flush), so nobody's later typing is written over. Returns whether it was saved.
  applyChanges(before, after) {
    clearTimeout(this.timer);
    for (const [worksheet, fields] of Object.entries(after.worksheets || {})) {
      if (FORBIDDEN.has(worksheet) || !isPlain(fields)) continue;
      const was = isPlain(before.worksheets?.[worksheet]) ? before.worksheets[worksheet] : {};
      for (const [field, value] of Object.entries(fields)) {
        if (FORBIDDEN.has(field)) continue;
        // A field never saved holds its starting value: written only if that changes.
        const old = field in was ? was[field] : this.starting[worksheet]?.[field];
        if (old !== undefined && same(old, value)) continue;
        (this.state.worksheets[worksheet] ||= {})[field] = structuredClone(value);
        const base = ((this.base.worksheets ||= {})[worksheet] ||= {});
        if (field in was) base[field] = structuredClone(was[field]);
        else delete base[field];
        this.dirty.add(worksheet + SEP + field);
      }
    }
    this.flush();
    return this.writable && this.dirty.size === 0;
  }

  // What undoes the last import or combine (browser_py.sharing.undo): {label, worksheets, ...}.
  saveUndo(undo) {
    return this.write(this.keys.undo, undo);
  }

  takeUndo() {
    const undo = this.read(this.keys.undo, null, "saved_what_undo");
    return isPlain(undo) && typeof undo.label === "string" && isPlain(undo.worksheets)
      ? undo : null;
  }

  dropUndo() {
    try {
      localStorage.removeItem(this.keys.undo);
      localStorage.removeItem(this.keys.undoGroup); // kept by earlier versions
    } catch (error) {
      this.fail(error, "save");
    }
  }

  // Remove this site's keys only; other sites on the origin and the theme keep theirs.
  // Remove everything this site saved in this browser; returns whether that worked (when
  // the browser refuses storage access, nothing is removed and the reason is reported).
  clearSite() {
    try {
      const mine = [];
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key && key.startsWith(this.prefix)) mine.push(key);
      }
      for (const key of mine) localStorage.removeItem(key);
    } catch (error) {
      this.fail(error, "clear");
      return false;
    }
    this.dirty.clear();
    this.unconfirmed.clear();
    this.state = { worksheets: {} };
    this.base = { worksheets: {} };
    this.meta = {};
    this.group = {};
    return true;
  }
}

const isPlain = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const plain = (value) => (isPlain(value) ? value : {});
const safeEntries = (value) => Object.entries(plain(value)).filter(([key]) => !FORBIDDEN.has(key));

const list = (value) => (Array.isArray(value) ? value : []);

// Fingerprints of the values each entry has had: this record's, and those another tab
// saved since `sent` (what this record was worked out from).
function mergedSeen(latest, sent, mine) {
  const seen = { ...plain(mine) };
  for (const [worksheet, units] of safeEntries(latest)) {
    const before = plain(plain(sent)[worksheet]);
    for (const [unit, prints] of safeEntries(units)) {
      const ours = list(plain(seen[worksheet])[unit]);
      const added = list(prints).filter((p) => !list(before[unit]).includes(p) && !ours.includes(p));
      if (!added.length) continue;
      (seen[worksheet] = { ...plain(seen[worksheet]) })[unit] = [...added, ...ours].slice(-MAX_SEEN);
    }
  }
  return seen;
}

// Who changed each entry: this record's stamp where it changed one since `sent`,
// otherwise the latest saved (another tab may have changed it meanwhile).
function mergedStamps(latest, sent, mine) {
  const stamps = structuredClone(plain(latest));
  for (const [worksheet, units] of safeEntries(mine)) {
    const before = plain(plain(sent)[worksheet]);
    for (const [unit, stamp] of safeEntries(units)) {
      if (JSON.stringify(stamp) === JSON.stringify(before[unit])) continue;
      (stamps[worksheet] = { ...plain(stamps[worksheet]) })[unit] = stamp;
    }
  }
  return stamps;
}

// JSON text as an object, or null; forbidden names make the whole text unreadable.
function parseObject(text) {
  try {
    const value = JSON.parse(text, (key, item) => {
      if (FORBIDDEN.has(key)) throw new Error("forbidden name");
      return item;
    });
    return isPlain(value) ? value : null;
  } catch {
    return null;
  }
}

// A saved object as {value, salvaged: false}, or null.
function parsePlain(text) {
  const value = parseObject(text);
  return value && { value, salvaged: false };
}

// The saved entries as {value, salvaged, saveIds, listed}: `value` always has the shape
// this module writes into ({worksheets: {id: {field: value}}}), without the save ids;
// `salvaged` says parts were left out (the text is then set aside whole); `saveIds` are
// the document's save ids, `listed` whether it had any. Null when nothing can be read.
function parseState(text) {
  const parsed = parseObject(text);
  if (!parsed) return null;
  const { [SAVE_IDS]: ids, ...rest } = parsed;
  const listed = Array.isArray(ids) && ids.every((id) => typeof id === "string");
  const worksheets = isPlain(parsed.worksheets) ? parsed.worksheets : {};
  let salvaged = "worksheets" in parsed && !isPlain(parsed.worksheets);
  const kept = {};
  for (const [id, values] of Object.entries(worksheets)) {
    if (isPlain(values)) kept[id] = values;
    else salvaged = true;
  }
  return { value: { ...rest, worksheets: kept }, salvaged, saveIds: listed ? ids : [], listed };
}

// Equal as data, whatever the order of names in objects.
const stable = (value) => JSON.stringify(value, (key, item) => (isPlain(item)
  ? Object.fromEntries(Object.keys(item).sort().map((name) => [name, item[name]])) : item));
const same = (a, b) => stable(a) === stable(b);
const isRow = (row) => isPlain(row) && typeof row[ROW_ID] === "string";
const rowsById = (rows) => new Map(rows.filter(isRow).map((row) => [row[ROW_ID], row]));

// Nothing entered: absent, null, an empty text or list, a box not ticked, or a group whose
// parts are all empty (browser_py.sharing.combine.empty). Empty values are all alike.
const blank = (value) => value === undefined || value === null || value === false || value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlain(value) && Object.entries(value).every(([key, item]) => key === ROW_ID || blank(item)));
// The same entry, as browser_py.sharing.combine.fingerprint compares units.
const alike = (a, b) => (blank(a) && blank(b)) || same(a, b);

// Three-way merge of one field: `base` as this tab last saw it saved, `ours` now, `theirs`
// as saved meanwhile by another tab. A value only one side changed takes that change.
// Lists of rows (tables, repeats) merge by ROW_ID, and rows both changed merge cell by
// cell; named groups (ratings, fixed-rows tables) merge by name. Where both changed the
// same value, ours (the newer edit) stands; a row removed on one side and changed on the
// other stays, changed. `conflicts` lists both kinds: each a path of names below the
// field (row id, column).
export function mergeValue(base, ours, theirs, path = []) {
  if (alike(ours, theirs) || alike(base, theirs)) return { value: ours, conflicts: [] };
  if (alike(base, ours)) return { value: theirs, conflicts: [] };
  if (isChoices(ours) && isChoices(theirs)) return mergeChoices(isChoices(base) ? base : [], ours, theirs);
  if (Array.isArray(ours) && Array.isArray(theirs)) return mergeRows(base, ours, theirs, path);
  if (isPlain(ours) && isPlain(theirs)) return mergeNamed(isPlain(base) ? base : {}, ours, theirs, path);
  return { value: ours, conflicts: [path] };
}

const isChoices = (value) => Array.isArray(value) && value.every((item) => typeof item === "string");

// Several answers ticked (a multiple choice): what either side ticked is kept, what
// either side unticked goes.
function mergeChoices(base, ours, theirs) {
  const value = [...ours.filter((item) => !base.includes(item) || theirs.includes(item)),
    ...theirs.filter((item) => !base.includes(item) && !ours.includes(item))];
  return { value, conflicts: [] };
}

function mergeNamed(base, ours, theirs, path) {
  const value = {};
  const conflicts = [];
  for (const key of new Set([...Object.keys(theirs), ...Object.keys(ours), ...Object.keys(base)])) {
    if (FORBIDDEN.has(key)) continue;
    const merged = mergeValue(base[key], ours[key], theirs[key], [...path, key]);
    conflicts.push(...merged.conflicts);
    if (merged.value !== undefined) value[key] = merged.value;
  }
  return { value, conflicts };
}

function mergeRows(base, ours, theirs, path) {
  if (!ours.every(isRow)) {
    return { value: ours, conflicts: [path] };
  }
  const was = rowsById(Array.isArray(base) ? base : []);
  const mine = rowsById(ours);
  const other = rowsById(theirs);
  const conflicts = [];
  const value = [];
  for (const row of ours) {
    const id = row[ROW_ID];
    if (!other.has(id)) {
      // Removed by the other tab: gone, unless this tab changed it meanwhile.
      if (was.has(id)) {
        if (alike(was.get(id), row)) continue;
        conflicts.push([...path, id]);
      }
      value.push(row);
      continue;
    }
    const merged = mergeNamed(was.get(id) || {}, row, other.get(id), [...path, id]);
    conflicts.push(...merged.conflicts);
    value.push(merged.value);
  }
  // Rows the other tab added (or changed while this tab removed them), after the
  // nearest row they follow there that is kept.
  theirs.forEach((row, index) => {
    if (!isPlain(row) || mine.has(row[ROW_ID])) return;
    if (was.has(row[ROW_ID])) {
      if (alike(was.get(row[ROW_ID]), row)) return;
      conflicts.push([...path, row[ROW_ID]]);
    }
    let at = -1;
    for (let k = index - 1; k >= 0 && at < 0; k -= 1) {
      at = value.findIndex((kept) => kept[ROW_ID] === theirs[k]?.[ROW_ID]);
    }
    value.splice(at + 1, 0, row);
  });
  return { value, conflicts };
}
