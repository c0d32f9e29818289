// The toolkit's Python worker: boots Pyodide once from the site's own files, loads
// browser_py, and answers calls from the page. It fetches nothing but this site's files.
//
// Start-up is fast because the build ships a memory snapshot of Python already booted
// with browser_py imported, and a standard library trimmed to what that needs; every
// download starts as soon as this module runs (and the page starts this worker from its
// <head>). If the snapshot cannot be used, Python starts the ordinary way.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const HERE = new URL("./", import.meta.url);
const PYODIDE = new URL("./pyodide/", import.meta.url);
const BROWSER_PY = "/home/pyodide/browser_py.zip";
let protocol = null;
let pyodideOf = null;

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`missing file ${url.pathname} (HTTP ${response.status})`);
  return response;
}

// The snapshot is stored gzipped; a server that adds Content-Encoding for .gz files has
// already unpacked it, so look at the bytes, not the name.
async function fetchSnapshot() {
  const response = await fetchOk(new URL("python_snapshot.bin.gzip", PYODIDE));
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const options = {
  indexURL: PYODIDE.href,
  stdLibURL: new URL("toolkit_stdlib.zip", PYODIDE).href,
  packages: [],
};

async function startPython(snapshot) {
  try {
    return { pyodide: await loadPyodide({ ...options, _loadSnapshot: snapshot }), snapshot: true };
  } catch (error) {
    console.warn("Python snapshot not usable; starting Python the ordinary way.", error);
    return { pyodide: await loadPyodide(options), snapshot: false };
  }
}

async function boot() {
  const started = performance.now();
  const snapshot = fetchSnapshot();
  snapshot.catch(() => {}); // a missing snapshot is handled by startPython
  const [{ pyodide, snapshot: restored }, archive, definitions] = await Promise.all([
    startPython(snapshot),
    fetchOk(new URL("browser_py.zip", HERE)).then((r) => r.arrayBuffer()),
    fetchOk(new URL("worksheets.json", HERE)).then((r) => r.text()),
  ]);
  // Pyodide keeps its options: drop the snapshot's 30 MB once Python is restored.
  if (pyodide._api?.config) pyodide._api.config._loadSnapshot = undefined;
  // Imported straight from the zip (no unpacking, so no zipfile or shutil to load). The
  // snapshot has browser_py imported already, from this same zip at this same path.
  pyodide.FS.mkdirTree("/home/pyodide");
  pyodide.FS.writeFile(BROWSER_PY, new Uint8Array(archive));
  // A snapshot holds the random generator's state from build time: seed it afresh.
  pyodide.runPython(`import random, sys\nrandom.seed()\n` +
    `if "${BROWSER_PY}" not in sys.path: sys.path.insert(0, "${BROWSER_PY}")`);
  protocol = pyodide.pyimport("browser_py.protocol");
  pyodideOf = pyodide;
  protocol.setup(definitions);
  // For diagnostics (DevTools, the benchmark): the size of Python's WebAssembly memory.
  self.pythonMemoryBytes = () => pyodide._module.HEAP8.length;
  return { ms: Math.round(performance.now() - started), snapshot: restored };
}

const booting = boot();

// The Excel reader (openpyxl and what it needs), fetched the first time a person picks a
// workbook and never at start: it goes on sys.path like browser_py.zip.
let workbookReader = null;
function loadWorkbookReader(pyodide) {
  workbookReader ??= fetchOk(new URL("xlsx.zip", HERE)).then(async (response) => {
    pyodide.FS.writeFile("/home/pyodide/xlsx.zip", new Uint8Array(await response.arrayBuffer()));
    pyodide.runPython(`import sys\nsys.path.append("/home/pyodide/xlsx.zip")`);
  }).catch((error) => {
    workbookReader = null; // try again with the next workbook
    throw new Error(`The Excel reader could not be loaded (${error.message}). Check the ` +
      "connection and pick the file again, or save the workbook as CSV and pick that.");
  });
  return workbookReader;
}
const isZip = (bytes) => bytes?.[0] === 0x50 && bytes?.[1] === 0x4b;

self.onmessage = async (event) => {
  const { id, method, args, bytes } = event.data;
  try {
    if (method === "ready") {
      self.postMessage({ id, ok: true, result: await booting });
      return;
    }
    await booting;
    // Every request and reply is declared in browser_py/protocol.py: JSON text in, and
    // {ok, result} or {ok: false, error} out, the error written for the person.
    // A district file's bytes come apart from the JSON details and stay in Python's
    // memory only (browser_py/district_files.py).
    if (method === "read_district_file" && isZip(bytes)) await loadWorkbookReader(pyodideOf);
    const reply = JSON.parse(method === "read_district_file"
      ? protocol.call_with_file(JSON.stringify(args ?? {}), bytes)
      : protocol.call(method, JSON.stringify(args ?? {})));
    self.postMessage({ id, ...reply, held: protocol.files_held() });
  } catch (error) {
    // Not a reply from Python (the worker could not start, or crashed): the page words it.
    self.postMessage({ id, ok: false, crashed: true, error: String(error && error.message || error) });
  }
};
