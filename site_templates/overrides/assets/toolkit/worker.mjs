// The toolkit's Python worker: boots Pyodide once from the site's own files, loads
// browser_py, and answers calls from the page. It fetches nothing but this site's files.
//
// Start-up is fast because the build ships a memory snapshot of Python already booted
// with browser_py imported, and a standard library trimmed to what that needs; downloads
// start as soon as this module runs (and the page starts this worker from its <head>).
// The snapshot and Pyodide's WebAssembly come compressed with brotli (brotli.mjs). If the
// snapshot cannot be used, or the link is too slow for it to pay, Python starts the
// ordinary way.
const HERE = new URL("./", import.meta.url);
const PYODIDE = new URL("./pyodide/", import.meta.url);
const BROWSER_PY = "/home/pyodide/browser_py.zip";
const WASM_MAGIC = "\0asm";
let protocol = null;
let pyodideOf = null;
// This worker's own requests; Pyodide's request for its WebAssembly is answered below.
const fetchFile = self.fetch.bind(self);
// The brotli decoder, loading while the downloads start (a missing one rejects this).
const brotli = import("./brotli.mjs");
brotli.catch(() => {});
// The page's words, fetched only when one is needed (an import here would hold up the
// downloads above).
const say = async (key, values) => (await import("./words.mjs")).say(key, values);

async function fetchOk(url) {
  const response = await fetchFile(url);
  if (!response.ok) throw new Error(await say("missing_file", { path: url.pathname, status: response.status }));
  return response;
}

// On a slow link the snapshot, two fifths of the page's bytes, takes longer to arrive
// than it saves in starting Python. Its first bytes show the link's rate: if the rest
// would take longer than SNAPSHOT_WORTH_MS, it is dropped and Python starts the ordinary
// way. The start-up without it is 0.7 s slower on a 2-core machine (0.9 s with its CPU
// slowed 4x); the margin is for slower computers, and for a rate judged while the other
// downloads share the link (a busy machine's loopback looked slow at 1 s).
const SNAPSHOT_WORTH_MS = 2000;
const SAMPLE_BYTES = 512 * 1024; // the rate is judged once this much has come,
const SAMPLE_MS = 400; //          or this long after the first bytes (link_rate.mjs)

// The snapshot: `use` settles as soon as its first bytes show whether it pays ("snapshot",
// "slow link", or "missing"), so that Pyodide starts loading while the rest arrives;
// `stored` settles with all of it, unpacked as it arrives (brotli.mjs, then
// snapshot_format.mjs). A server that adds Content-Encoding has it unpacked by the
// browser already (then its size is not known, and it is always taken).
function fetchSnapshot() {
  let decide;
  const use = new Promise((resolve) => { decide = resolve; });
  const format = import("./snapshot_format.mjs");
  const rate = import("./link_rate.mjs");
  const stored = (async () => {
    const response = await fetchOk(new URL("python_snapshot.bin.brotli", PYODIDE));
    const total = response.headers.has("content-encoding") ? 0
      : Number(response.headers.get("content-length")) || 0;
    const watch = (await rate).watchRate(total, {
      sampleBytes: SAMPLE_BYTES, sampleMs: SAMPLE_MS, worthMs: SNAPSHOT_WORTH_MS,
    }, (fast) => decide(fast ? "snapshot" : "slow link"));
    const watched = response.body.pipeThrough(watch.stream); // judged while the decoder loads
    try {
      const { unbrotli } = await brotli;
      const { MAGIC, unpack } = await format;
      const snapshot = await unpack(unbrotli(watched, MAGIC));
      decide("snapshot");
      return snapshot;
    } catch (error) {
      if (!watched.locked) watched.cancel(error).catch(() => {}); // no decoder: stop it
      if (watch.isSlow()) return null;
      throw error;
    }
  })();
  stored.catch(() => decide("missing"));
  return { use, stored, format };
}

const options = {
  indexURL: PYODIDE.href,
  stdLibURL: new URL("toolkit_stdlib.zip", PYODIDE).href,
  packages: [],
};
// A restored snapshot has the standard library's start-up modules and browser_py imported
// already: it is given only the modules it has not imported, and no browser_py.zip.
const restoredOptions = { ...options, stdLibURL: new URL("toolkit_stdlib_rest.zip", PYODIDE).href };

// Downloads Pyodide's own requests wait for, then answer from the HTTP cache.
function prefetch(url) {
  fetchFile(url)
    .then((response) => response.body?.pipeTo(new WritableStream()))
    .catch(() => {}); // Pyodide's own request reports any problem
}

// browser_py.zip, fetched once, only when Python starts the ordinary way.
let browserPy = null;
const fetchBrowserPy = () =>
  (browserPy ??= fetchOk(new URL("browser_py.zip", HERE)).then((r) => r.arrayBuffer()));

// Pyodide's script downloads at once; the standard library once the snapshot's first
// bytes show which start it is (the snapshot's own zip is small). An ordinary start needs
// browser_py.zip only once Python has started: it downloads once the WebAssembly is here,
// leaving the link to what Python's start waits for.
function prefetchPyodide(snapshot, wasm) {
  prefetch(new URL("pyodide.asm.mjs", PYODIDE));
  snapshot.use.then((use) => {
    prefetch(use === "snapshot" ? restoredOptions.stdLibURL : options.stdLibURL);
    if (use !== "snapshot") {
      const fetchIt = () => { fetchBrowserPy().catch(() => {}); }; // boot() reports it
      wasm.then(fetchIt, fetchIt);
    }
  });
}

// The WebAssembly compiles as it downloads, while the snapshot arrives: Pyodide compiles it
// only once it has the snapshot. It comes in brotli, unpacked as it arrives; without the
// decoder or that file, the plain file is taken. Compiling as it downloads needs the type
// application/wasm; from a host that sends the plain file with another type (where stock
// Pyodide never starts), it is compiled once it is all here. Returns the compiling.
function compileWasm() {
  const plain = new URL("pyodide.asm.wasm", PYODIDE);
  const packed = fetchOk(new URL("pyodide.asm.wasm.brotli", PYODIDE));
  packed.catch(() => {});
  const compiled = (async () => {
    const { unbrotli } = await brotli;
    const body = unbrotli((await packed).body, WASM_MAGIC);
    return WebAssembly.compileStreaming(
      new Response(body, { headers: { "content-type": "application/wasm" } }));
  })().catch(() => {
    packed.then((response) => response.body?.cancel().catch(() => {}), () => {}); // unused
    return WebAssembly.compileStreaming(fetchFile(plain));
  }).catch(async () =>
    WebAssembly.compile(await (await fetchOk(plain)).arrayBuffer()));
  compiled.catch(() => {});
  // Pyodide requests the plain file itself, then instantiates it: its request is answered
  // with nothing (no download) and its one instantiation takes the module compiled here.
  // If that could not be compiled, Pyodide fetches and compiles it, and reports the problem.
  self.fetch = (input, init) => {
    if (String(input?.url ?? input) !== plain.href) return fetchFile(input, init);
    self.fetch = fetchFile;
    return Promise.resolve(new Response(null, { headers: { "content-type": "application/wasm" } }));
  };
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    WebAssembly.instantiateStreaming = instantiate;
    let module;
    try {
      module = await compiled;
    } catch {
      return instantiate.call(WebAssembly, fetchFile(plain), imports);
    }
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
  return compiled;
}

async function startPython(snapshot) {
  // Imported once every download has started (a static import would hold them back).
  const { loadPyodide } = await import("./pyodide/pyodide.mjs");
  const use = await snapshot.use;
  if (use === "snapshot") {
    try {
      // Pyodide loads its script while the rest arrives, then takes the whole snapshot.
      const whole = Promise.all([snapshot.stored, snapshot.format]).then(([stored, format]) => {
        format.restoreAsLoaded(stored);
        return stored.image;
      });
      whole.catch(() => {}); // a lost snapshot is Pyodide's to report, once it waits for it
      return { pyodide: await loadPyodide({ ...restoredOptions, _loadSnapshot: whole }),
        snapshot: true };
    } catch (error) {
      console.warn("Python snapshot not usable; starting Python the ordinary way.", error);
      fetchBrowserPy().catch(() => {}); // boot() reports any problem
    }
  } else if (use === "missing") {
    console.warn("Python snapshot missing; starting Python the ordinary way.");
  }
  return { pyodide: await loadPyodide(options), snapshot: false, slowLink: use === "slow link" };
}

async function boot() {
  const started = performance.now();
  const wasm = compileWasm();
  const snapshot = fetchSnapshot(); // a missing snapshot is handled by startPython
  prefetchPyodide(snapshot, wasm);
  const definitions = fetchOk(new URL("worksheets.json", HERE)).then((r) => r.text());
  definitions.catch(() => {}); // reported below, once Python is up
  const { pyodide, snapshot: restored, slowLink } = await startPython(snapshot);
  // Pyodide keeps its options: drop the snapshot's 30 MB once Python is restored.
  if (pyodide._api?.config) pyodide._api.config._loadSnapshot = undefined;
  pyodide.FS.mkdirTree("/home/pyodide");
  if (!restored) {
    // Imported straight from the zip (no unpacking, so no zipfile or shutil to load); the
    // snapshot had it at this same path.
    pyodide.FS.writeFile(BROWSER_PY, new Uint8Array(await fetchBrowserPy()));
  }
  // A snapshot holds the random generator's state from build time: seed it afresh.
  pyodide.runPython(`import random, sys\nrandom.seed()\n` +
    `if "${BROWSER_PY}" not in sys.path: sys.path.insert(0, "${BROWSER_PY}")`);
  protocol = pyodide.pyimport("browser_py.page.protocol");
  pyodideOf = pyodide;
  protocol.setup(await definitions);
  // For diagnostics (DevTools, the benchmark): the size of Python's WebAssembly memory.
  self.pythonMemoryBytes = () => pyodide._module.HEAP8.length;
  return { ms: Math.round(performance.now() - started), snapshot: restored, slowLink: !!slowLink };
}

const booting = boot();
// Said unasked once Python is up (message id 0): the page, still loading, keeps it
// (main.html) and need not ask when its script runs.
booting.then((result) => self.postMessage({ id: 0, ok: true, result }), () => {});

// The Excel zip (openpyxl and what it needs), fetched the first time a person picks a
// workbook or asks for an Excel download, and never at start: it goes on sys.path like
// browser_py.zip. A failed fetch is tried again the next time.
let excelZip = null;
function loadExcel(pyodide) {
  excelZip ??= fetchOk(new URL("xlsx.zip", HERE)).then(async (response) => {
    pyodide.FS.writeFile("/home/pyodide/xlsx.zip", new Uint8Array(await response.arrayBuffer()));
    pyodide.runPython(`import sys\nsys.path.append("/home/pyodide/xlsx.zip")`);
  });
  excelZip.catch(() => { excelZip = null; });
  return excelZip;
}
async function loadWorkbookReader(pyodide) {
  try {
    await loadExcel(pyodide);
  } catch (error) {
    throw new Error(await say("excel_reader_failed", { problem: error.message }));
  }
}
// A request that needs openpyxl (an Excel download) is answered with `load` while the zip
// is not loaded: it is loaded, and the request sent once more. If it cannot be loaded,
// the person is told so; nothing else changes.
async function callLoading(method, args) {
  const reply = JSON.parse(protocol.call(method, JSON.stringify(args ?? {})));
  if (reply.load !== "xlsx.zip") return reply;
  try {
    await loadExcel(pyodideOf);
  } catch (error) {
    return { ok: false, error: await say("excel_writer_failed", { problem: error.message }) };
  }
  return JSON.parse(protocol.call(method, JSON.stringify(args ?? {})));
}
let districtFiles = null; // browser_py.district_files.district_files, once a file is read
const isZip = (bytes) => bytes?.[0] === 0x50 && bytes?.[1] === 0x4b;

self.onmessage = async (event) => {
  const { id, method, args, bytes } = event.data;
  try {
    if (method === "ready") {
      self.postMessage({ id, ok: true, result: await booting });
      return;
    }
    await booting;
    // Every request and reply is declared in browser_py/page/protocol.py: JSON text in, and
    // {ok, result} or {ok: false, error} out, the error written for the person.
    // A district file's bytes come apart from the JSON details and stay in Python's
    // memory only (browser_py/district_files/district_files.py).
    if (method === "read_district_file" && isZip(bytes)) await loadWorkbookReader(pyodideOf);
    let reply;
    if (method === "read_district_file") {
      // Rows read so far, told the page while a workbook is read (it offers to stop).
      districtFiles ??= pyodideOf.pyimport("browser_py.district_files.district_files");
      districtFiles.set_progress((rows) => self.postMessage({ id, progress: rows }));
      try {
        reply = JSON.parse(protocol.call_with_file(JSON.stringify(args ?? {}), bytes));
      } finally {
        districtFiles.set_progress(null);
      }
    } else {
      reply = await callLoading(method, args);
    }
    self.postMessage({ id, ...reply, held: protocol.files_held() });
  } catch (error) {
    // Not a reply from Python (the worker could not start, or crashed): the page words it.
    self.postMessage({ id, ok: false, crashed: true, error: String(error && error.message || error) });
  }
};
