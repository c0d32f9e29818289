// Saved entries: one JSON document in localStorage, under keys namespaced by the site's
// own path, so several sites on one origin never touch each other's data. Never calls
// localStorage.clear(). Changes are merged field by field with what other tabs saved.

const SEP = "\u0000";

export class Store {
  constructor(sitePath, { onWarning, onExternalChange, onSaved }) {
    this.prefix = `cmhp-toolkit:${sitePath}:`;
    this.keys = {
      state: `${this.prefix}state`,
      meta: `${this.prefix}meta`,
      undo: `${this.prefix}undo-import`,
    };
    this.onWarning = onWarning;
    this.onExternalChange = onExternalChange;
    this.onSaved = onSaved;
    this.dirty = new Set();
    this.timer = null;
    this.writable = true;
    this.state = this.read(this.keys.state, { worksheets: {} }, "entries");
    this.meta = this.read(this.keys.meta, {}, "export history");
    window.addEventListener("storage", (event) => this.onStorage(event));
    window.addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  // Parse a saved document; anything unreadable is set aside (never deleted) and reported.
  read(key, fallback, what) {
    let raw;
    try {
      raw = localStorage.getItem(key);
    } catch (error) {
      this.fail(error, "read");
      return structuredClone(fallback);
    }
    if (raw === null) return structuredClone(fallback);
    const parsed = parseObject(raw);
    if (parsed) return parsed;
    const aside = `${this.prefix}set-aside:${new Date().toISOString()}`;
    try {
      localStorage.setItem(aside, raw);
      localStorage.removeItem(key);
      this.onWarning(
        `Saved ${what} in this browser could not be read, so they were set aside ` +
          `(kept under "${aside}") and the worksheets start empty. Nothing was deleted.`,
      );
    } catch (error) {
      this.writable = false;
      this.onWarning(
        `Saved ${what} in this browser could not be read, and could not be set aside. ` +
          "To protect them, this page will not save changes. Export what you type.",
      );
    }
    return structuredClone(fallback);
  }

  values(worksheet) {
    return this.state.worksheets[worksheet] || null;
  }

  set(worksheet, field, value) {
    const sheet = (this.state.worksheets[worksheet] ||= {});
    sheet[field] = value;
    this.dirty.add(worksheet + SEP + field);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), 250);
  }

  // Write only the fields this tab changed onto the latest saved document.
  flush() {
    clearTimeout(this.timer);
    if (!this.dirty.size || !this.writable) return;
    let latest;
    try {
      latest = parseObject(localStorage.getItem(this.keys.state) ?? '{"worksheets": {}}');
    } catch (error) {
      this.fail(error, "read");
      return;
    }
    if (!latest) {
      latest = this.read(this.keys.state, { worksheets: {} }, "entries");
      if (!this.writable) return;
    }
    latest.worksheets ||= {};
    for (const key of this.dirty) {
      const [worksheet, field] = key.split(SEP);
      (latest.worksheets[worksheet] ||= {})[field] = this.state.worksheets[worksheet][field];
    }
    if (this.write(this.keys.state, latest)) {
      this.dirty.clear();
      this.mergeFrom(latest);
      this.touch();
      this.onSaved();
    }
  }

  // Replace every worksheet at once (import, undo); returns whether it was saved.
  replace(state) {
    this.dirty.clear();
    this.state = structuredClone(state);
    const saved = this.write(this.keys.state, this.state);
    if (saved) this.touch();
    return saved;
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
        ? "This browser's storage for the site is full, so your latest changes are not saved. " +
          "They are kept while this page stays open: export your entries now."
        : `This browser did not let the toolkit ${action} entries (private browsing or a ` +
          "storage setting). Changes are kept while this page stays open: export them now.",
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
    const incoming = parseObject(event.newValue ?? '{"worksheets": {}}');
    if (incoming) this.mergeFrom(incoming);
  }

  mergeFrom(incoming) {
    const changed = new Set();
    const names = new Set([
      ...Object.keys(incoming.worksheets || {}),
      ...Object.keys(this.state.worksheets),
    ]);
    for (const worksheet of names) {
      const theirs = (incoming.worksheets || {})[worksheet] || {};
      const ours = (this.state.worksheets[worksheet] ||= {});
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

  saveUndo(state) {
    return this.write(this.keys.undo, state);
  }

  takeUndo() {
    const undo = this.read(this.keys.undo, null, "copy from before the import");
    return undo;
  }

  dropUndo() {
    try {
      localStorage.removeItem(this.keys.undo);
    } catch (error) {
      this.fail(error, "save");
    }
  }

  hasUndo() {
    try {
      return localStorage.getItem(this.keys.undo) !== null;
    } catch {
      return false;
    }
  }

  // Remove this site's keys only; other sites on the origin and the theme keep theirs.
  clearSite() {
    const mine = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(this.prefix)) mine.push(key);
    }
    for (const key of mine) localStorage.removeItem(key);
    this.dirty.clear();
    this.state = { worksheets: {} };
    this.meta = {};
  }
}

function parseObject(text) {
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}
