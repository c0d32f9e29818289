// The toolkit's Python worker: boots Pyodide once from the site's own files, unpacks
// browser_py, and answers calls from the page. It fetches nothing but this site's files.
import { loadPyodide } from "./pyodide/pyodide.mjs";

const HERE = new URL("./", import.meta.url);
const PYODIDE = new URL("./pyodide/", import.meta.url);
let runtime = null;

async function boot() {
  const started = performance.now();
  const [pyodide, archive, definitions] = await Promise.all([
    loadPyodide({ indexURL: PYODIDE.href, fullStdLib: false, packages: [] }),
    fetchOk(new URL("browser_py.zip", HERE)).then((r) => r.arrayBuffer()),
    fetchOk(new URL("worksheets.json", HERE)).then((r) => r.text()),
  ]);
  pyodide.unpackArchive(archive, "zip", { extractDir: "/home/pyodide" });
  runtime = pyodide.pyimport("browser_py.runtime");
  runtime.setup(definitions);
  return { ms: Math.round(performance.now() - started) };
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`missing file ${url.pathname} (HTTP ${response.status})`);
  return response;
}

const booting = boot();

self.onmessage = async (event) => {
  const { id, method, args } = event.data;
  try {
    if (method === "ready") {
      self.postMessage({ id, ok: true, result: await booting });
      return;
    }
    await booting;
    // Every call takes and returns JSON text: Python owns the shapes and the rules.
    const result = runtime.call(method, JSON.stringify(args ?? {}));
    self.postMessage({ id, ok: true, result: JSON.parse(result) });
  } catch (error) {
    self.postMessage({ id, ok: false, error: String(error && error.message || error) });
  }
};
