// The page's side of the Python worker: one worker per visit (it survives instant
// navigation because this module stays loaded), calls as promises, and a plain-language
// diagnosis when Pyodide cannot start.
import { say } from "./words.mjs";

const BOOT_TIMEOUT_MS = 60000;

/** A file's bytes as base64 text, for a call that takes a file in its JSON details. */
export function base64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
/** The bytes of base64 text (a file Python made, such as an Excel workbook). */
export function fromBase64(text) {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
const CHECK_FILES_AFTER_MS = 5000; // a slow start is checked early for missing files

export class Python {
  constructor(assetsUrl) {
    this.assetsUrl = assetsUrl;
    this.calls = new Map();
    this.nextId = 1;
    this.worker = null;
    this.ready = null;
    this.boots = 0;
    this.heldFiles = false; // the worker has held a district file since it started
  }

  start() {
    if (this.ready) return this.ready;
    this.boots += 1;
    document.documentElement.dataset.python = "loading";
    document.documentElement.dataset.pythonBoots = String(this.boots);
    // A worksheet page starts the worker from its <head> (see main.html); adopt it, and the
    // notice it may have sent already that Python is up.
    this.worker = window.cmhpPythonWorker ||
      new Worker(new URL("worker.mjs", this.assetsUrl), { type: "module" });
    const started = window.cmhpPythonWorker ? window.cmhpPythonStarted : null;
    window.cmhpPythonWorker = null;
    this.worker.onmessage = (event) => this.settle(event.data);
    const timers = [];
    const failed = new Promise((_, reject) => {
      this.worker.onerror = (event) => {
        event.preventDefault?.();
        reject(new Error(event.message || say("worker_not_loaded")));
      };
      timers.push(setTimeout(() => reject(new Error("timeout")), BOOT_TIMEOUT_MS));
      timers.push(setTimeout(async () => {
        const problem = await this.checkFiles();
        if (problem) reject(new Error(problem));
      }, CHECK_FILES_AFTER_MS));
    });
    const answer = started?.ok ? Promise.resolve(started.result) : this.call("ready");
    answer.then(() => timers.forEach(clearTimeout), () => {});
    this.ready = Promise.race([answer, failed]).then((info) => {
      // "snapshot": Python was restored from the build's memory snapshot (the fast path).
      document.documentElement.dataset.pythonStart = info.snapshot ? "snapshot" : "fresh";
      // The link was too slow for the snapshot to pay: Python started the ordinary way.
      if (info.slowLink) document.documentElement.dataset.pythonLink = "slow";
      return info;
    }, async (error) => {
      this.worker.terminate();
      throw new Error(await this.diagnose(error));
    });
    return this.ready;
  }

  call(method, args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const message = { id, method, args };
      this.calls.set(id, { resolve, reject, message });
      this.worker.postMessage(message);
    });
  }

  // Hand a file's bytes to the worker (moved, not copied: the page keeps no copy).
  // `onProgress(rows)` is told the rows read so far; aborting `signal` stops the reading:
  // the worker is ended (Python cannot be interrupted mid-call), which gives its memory
  // back, and a fresh one answers every other call. The call then rejects with
  // `cancelled` set.
  callWithFile(args, buffer, { onProgress, signal } = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject, onProgress });
      signal?.addEventListener("abort", () => this.stop(id), { once: true });
      this.worker.postMessage({ id, method: "read_district_file", args, bytes: new Uint8Array(buffer) },
        [buffer]);
      if (signal?.aborted) this.stop(id);
    });
  }

  // End the worker while it reads a file; calls still waiting go to a fresh worker
  // (other file reads cannot: their bytes went with the old one).
  stop(id) {
    const pending = this.calls.get(id);
    if (!pending) return; // answered already
    this.calls.delete(id);
    const waiting = [...this.calls.entries()];
    this.calls.clear();
    this.renew();
    for (const [otherId, other] of waiting) {
      if (other.message) {
        this.calls.set(otherId, other);
        this.worker.postMessage(other.message);
      } else {
        other.reject(Object.assign(new Error(say("read_stopped_again")),
          { fromPython: true, cancelled: true }));
      }
    }
    pending.reject(Object.assign(new Error(say("read_stopped")),
      { fromPython: true, cancelled: true }));
  }

  settle({ id, ok, result, error, crashed, held, progress }) {
    const pending = this.calls.get(id);
    if (!pending) return;
    if (progress !== undefined) {
      pending.onProgress?.(progress);
      return;
    }
    this.calls.delete(id);
    if (held > 0) this.heldFiles = true;
    else if (held === 0 && this.heldFiles && !this.calls.size) this.renew();
    if (ok) pending.resolve(result);
    else pending.reject(Object.assign(new Error(error), { fromPython: !crashed }));
  }

  // WebAssembly memory only grows, and a district file takes tens of MB of it. Once the
  // last file is dropped and no call is waiting, a fresh worker gives that memory back:
  // Python keeps nothing else between calls. Calls made meanwhile wait for it.
  renew() {
    this.heldFiles = false;
    this.worker.terminate();
    this.boots += 1;
    this.worker = new Worker(new URL("worker.mjs", this.assetsUrl), { type: "module" });
    this.worker.onmessage = (event) => this.settle(event.data);
    this.worker.onerror = (event) => { // the script did not load: no call can be answered
      event.preventDefault?.();
      for (const pending of this.calls.values()) {
        pending.reject(new Error(say("calculator_stopped")));
      }
      this.calls.clear();
    };
    this.ready = this.call("ready").then((info) => {
      document.documentElement.dataset.pythonBoots = String(this.boots);
      return info;
    });
  }

  // Name the likely cause, checking the files the worker needs.
  async diagnose(error) {
    const message = String(error.message || error);
    if (/Content Security Policy|wasm-eval|unsafe-eval/i.test(message)) {
      return say("python_blocked");
    }
    return (await this.checkFiles()) || (message === "timeout"
      ? say("python_slow") : say("python_failed", { problem: message }));
  }

  // The first problem with a file Python needs (missing, wrong type), or null.
  async checkFiles() {
    const pyodide = new URL("pyodide/", this.assetsUrl);
    const files = [["worker.mjs", this.assetsUrl], ["browser_py.zip", this.assetsUrl],
      ["worksheets.json", this.assetsUrl], ["pyodide.mjs", pyodide], ["pyodide.asm.mjs", pyodide],
      ["pyodide.asm.wasm", pyodide], ["toolkit_stdlib.zip", pyodide], ["pyodide-lock.json", pyodide]];
    // (The brotli files are not checked: without them Python starts from the plain files.)
    for (const [name, base] of files) {
      try {
        const response = await fetch(new URL(name, base), { method: "HEAD", cache: "no-store" });
        if (!response.ok) {
          return say("file_missing", { name, status: response.status });
        }
        const type = response.headers.get("content-type") || "";
        if (name.endsWith(".mjs") && !/javascript/i.test(type)) {
          return say("wrong_type_mjs", { name, type: type || say("no_type") });
        }
        if (name.endsWith(".wasm") && !/application\/wasm/i.test(type)) {
          return say("wrong_type_wasm", { name, type: type || say("no_type") });
        }
      } catch {
        return say("site_unreachable");
      }
    }
    return null;
  }
}
