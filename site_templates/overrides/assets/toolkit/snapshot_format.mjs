// The site's memory snapshot (generator/snapshot_format.py writes it): Pyodide's snapshot
// without the pages of Python's memory that are zero or that a fresh WebAssembly instance
// holds already. `unpack` writes the stored pages into the whole snapshot as they arrive;
// `restoreAsLoaded` copies the others from the fresh instance before Pyodide reads it.

/** The first bytes of the snapshot, unpacked (generator/snapshot_format.py). */
export const MAGIC = "CMHPSNP1";
const PAGE = 4096;
const AS_LOADED = 1;
const STORED = 2;

/** Read the site's snapshot from a stream of its (unpacked) bytes: the whole snapshot, as
 * Pyodide takes it, with the pages to copy from a fresh instance still zero. */
export async function unpack(stream) {
  const reader = stream.getReader();
  try {
    return await unpackFrom(reader);
  } catch (error) {
    reader.cancel(error).catch(() => {}); // the download stops too
    throw error;
  }
}

async function unpackFrom(reader) {
  let chunk = new Uint8Array(0);
  const more = async () => {
    const { done, value } = await reader.read();
    if (done) throw new Error("the snapshot file is cut short");
    chunk = value;
  };
  // Copy the next `length` bytes of the stream into `target` at `at`.
  const copy = async (target, at, length) => {
    while (length > 0) {
      if (!chunk.length) await more();
      const part = chunk.subarray(0, length);
      target.set(part, at);
      at += part.length;
      length -= part.length;
      chunk = chunk.subarray(part.length);
    }
  };
  const fields = new Uint8Array(20);
  await copy(fields, 0, fields.length);
  const view = new DataView(fields.buffer);
  const [total, head, count] = [8, 12, 16].map((at) => view.getUint32(at, true));
  if (new TextDecoder().decode(fields.subarray(0, 8)) !== MAGIC || head + count * PAGE !== total) {
    throw new Error("the snapshot file is not in the site's format");
  }
  const kinds = new Uint8Array(count);
  await copy(kinds, 0, count);
  if (kinds.some((kind) => kind > STORED)) throw new Error("the snapshot's page table is damaged");
  const image = new Uint8Array(total);
  await copy(image, 0, head);
  for (let page = 0; page < count; page += 1) {
    if (kinds[page] === STORED) await copy(image, head + page * PAGE, PAGE);
  }
  for (;;) { // nothing may follow the last page (empty chunks aside)
    if (chunk.length) throw new Error("the snapshot file is longer than its table says");
    const { done, value } = await reader.read();
    if (done) break;
    chunk = value;
  }
  return { image, head, kinds };
}

/** Until Pyodide's next instantiation of its WebAssembly: then copy the pages the fresh
 * instance holds into the snapshot, before Pyodide restores Python's memory from it. If
 * they cannot be copied, the snapshot is marked unusable: Pyodide refuses it, and the
 * worker starts Python the ordinary way (an error thrown here would stall Pyodide). */
export function restoreAsLoaded({ image, head, kinds }) {
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (...args) => {
    WebAssembly.instantiateStreaming = instantiate;
    const made = await instantiate.apply(WebAssembly, args);
    try {
      const fresh = new Uint8Array(made.instance.exports.memory.buffer);
      for (let page = 0; page < kinds.length; page += 1) {
        if (kinds[page] !== AS_LOADED) continue;
        const start = page * PAGE;
        if (start + PAGE > fresh.length) throw new Error("the snapshot does not fit this Pyodide");
        image.set(fresh.subarray(start, start + PAGE), head + start);
      }
    } catch (error) {
      console.warn("Python snapshot not usable:", error);
      new Uint32Array(image.buffer, 0, 1)[0] = 0; // Pyodide's magic number, gone
    }
    return made;
  };
}
