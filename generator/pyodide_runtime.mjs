// Build-time helper run by generator/pyodide_runtime.py with Node.js and the pinned pyodide
// package. It never touches the network: every file comes from the paths it is given.
//
//   node pyodide_runtime.mjs modules  <pyodide dir> <module,...>
//       boot stock Pyodide, import the modules, print sys.modules as JSON
//   node pyodide_runtime.mjs snapshot <pyodide dir> <stdlib zip> <lock json> <module,...>
//                                     <browser_py zip> <its path in Python> <out>
//       boot with the given standard library, put the zip on sys.path, import the
//       modules, write a memory snapshot; print the modules it holds as JSON
//   node pyodide_runtime.mjs workbook <pyodide dir> <packages zip> <sample xlsx> <writer>
//       boot stock Pyodide, read the sample with openpyxl from the zip, then write a
//       workbook with the toolkit's writer (the Python file <writer>, standard library and
//       openpyxl only); print the modules that reading and writing imported as JSON
//   node pyodide_runtime.mjs compile  <pyodide dir> <zip> <out zip> [optimize]
//       compile every .py in the zip to bytecode with Pyodide's own Python (so that its
//       version matches) at that optimization level (0, or 2 without docstrings and
//       asserts), writing .pyc files in their place
//   node pyodide_runtime.mjs brotli   <file> <out>
//       compress the file with brotli at its best (quality 11, a 4 MB window: the
//       decoder's memory), for the browser's brotli decoder
import { readFileSync, writeFileSync } from "node:fs";
import zlib from "node:zlib";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [command, pyodideDir, ...rest] = process.argv.slice(2);
if (command === "brotli") {
  const [source, out] = [pyodideDir, ...rest];
  const data = readFileSync(source);
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_LGWIN, BROTLI_PARAM_SIZE_HINT } = zlib.constants;
  writeFileSync(out, zlib.brotliCompressSync(data, {
    params: { [BROTLI_PARAM_QUALITY]: 11, [BROTLI_PARAM_LGWIN]: 22, [BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
  process.exit(0);
}
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const indexURL = pyodideDir.endsWith(path.sep) ? pyodideDir : pyodideDir + path.sep;
const quiet = { stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };
const importAll = (pyodide, modules) =>
  pyodide.runPython(`import importlib\nfor name in ${JSON.stringify(modules)}: importlib.import_module(name)`);

// Memory nobody holds keeps what it last held: zero it, so that the snapshot stores fewer
// pages and compresses better. Free heap is taken in ever smaller blocks (with the heap
// kept from growing), zeroed and given back; the stack below the current frame is zeroed.
function scrubFreeMemory(module) {
  const heap = () => module.HEAPU8;
  module._malloc_set_footprint_limit(module._malloc_footprint());
  const taken = [];
  for (let size = 1 << 24; size >= 16; size >>= 1) {
    for (let block = module._malloc(size); block; block = module._malloc(size)) {
      heap().fill(0, block, block + size);
      taken.push(block);
    }
  }
  for (const block of taken) module._free(block);
  module._malloc_set_footprint_limit(0xffffffff); // no limit again
  const end = module._emscripten_stack_get_end();
  heap().fill(0, end, module._emscripten_stack_get_current() - 256);
}

if (command === "modules") {
  const pyodide = await loadPyodide({ indexURL, ...quiet });
  importAll(pyodide, rest[0].split(",").filter(Boolean));
  process.stdout.write(pyodide.runPython("import sys, json; json.dumps(sorted(sys.modules))"));
} else if (command === "snapshot") {
  const [stdlib, lock, modules, zip, zipPath, out] = rest;
  const pyodide = await loadPyodide({
    indexURL, stdLibURL: stdlib, lockFileURL: lock, _makeSnapshot: true, ...quiet,
  });
  pyodide.FS.mkdirTree(path.posix.dirname(zipPath));
  pyodide.FS.writeFile(zipPath, readFileSync(zip));
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(zipPath)})`);
  importAll(pyodide, modules.split(",").filter(Boolean));
  // A restored snapshot reads its zips afresh: it is given a standard library that holds
  // only the modules it has not imported, and no browser_py.zip at all.
  const imported = pyodide.runPython(`
import gc, json, sys, zipimport
zipimport._zip_directory_cache.clear()
gc.collect()
json.dumps(sorted(sys.modules))`);
  scrubFreeMemory(pyodide._module);
  writeFileSync(out, pyodide.makeMemorySnapshot());
  if (pyodide.runPython("import zipimport\nlen(zipimport._zip_directory_cache)")) {
    process.stderr.write("a zip was read while the snapshot was made\n");
    process.exit(1);
  }
  process.stdout.write(imported);
} else if (command === "workbook") {
  const [zip, sample, writer] = rest;
  const pyodide = await loadPyodide({ indexURL, ...quiet });
  pyodide.FS.writeFile("/tmp/packages.zip", readFileSync(zip));
  pyodide.FS.writeFile("/tmp/sample.xlsx", readFileSync(sample));
  pyodide.FS.writeFile("/tmp/writer.py", readFileSync(writer));
  // The writer reads its tables by their attributes: plain objects stand in for the
  // toolkit's (a date, a count, a figure, a text that reads like a formula, a note).
  process.stdout.write(pyodide.runPython(`
import sys, json
before = set(sys.modules)
sys.path.insert(0, "/tmp/packages.zip")
import openpyxl
book = openpyxl.load_workbook("/tmp/sample.xlsx", read_only=True, data_only=True)
rows = [list(row) for row in book[book.sheetnames[0]].iter_rows(values_only=True)]
book.close()
class Part:
    def __init__(self, **given):
        self.__dict__.update(given)
import datetime
cells = [Part(text=t, value=v, number_format=f) for t, v, f in (
    ("2026-09-01", datetime.date(2026, 9, 1), "yyyy-mm-dd"), ("1,240", 1240, "#,##0"),
    ("46.2%", 0.462, "0.0%"), ("=SUM(A1)", "=SUM(A1)", "General"), ("", None, "General"))]
table = Part(columns=["Date", "Count", "Share", "Note", "Empty"], rows=[cells])
writer = {"__name__": "xlsx_file"}
exec(compile(open("/tmp/writer.py").read(), "xlsx_file.py", "exec"), writer)
made = writer["workbook_bytes"](Part(title="Sample", made=datetime.date(2026, 9, 1),
                                     sheets=[Part(title="Sample", table=table, notes=["So far."])]))
assert made[:2] == b"PK"
json.dumps(sorted(set(sys.modules) - before))`));
} else if (command === "compile") {
  const [zip, out, optimize = "0"] = rest;
  const pyodide = await loadPyodide({ indexURL, ...quiet });
  pyodide.FS.writeFile("/tmp/source.zip", readFileSync(zip));
  pyodide.runPython(`
import zipfile
from importlib._bootstrap_external import _code_to_timestamp_pyc
with zipfile.ZipFile("/tmp/source.zip") as source, zipfile.ZipFile(
        "/tmp/compiled.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as compiled:
    for info in source.infolist():
        data, name = source.read(info), info.filename
        if name.endswith(".py"):
            code = compile(data, name, "exec", dont_inherit=True, optimize=${Number(optimize)})
            data, name = bytes(_code_to_timestamp_pyc(code, 0, 0)), name[:-3] + ".pyc"
        compiled.writestr(zipfile.ZipInfo(name, date_time=info.date_time), data,
                          compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)`);
  writeFileSync(out, pyodide.FS.readFile("/tmp/compiled.zip"));
} else {
  process.stderr.write(`unknown command ${command}\n`);
  process.exit(2);
}
