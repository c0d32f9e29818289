// Brotli, in which the site stores its two largest files (Pyodide's WebAssembly and the
// memory snapshot): a quarter fewer bytes than gzip, on any host. Browsers decode brotli
// only as a host's Content-Encoding, so a small WebAssembly decoder (the npm package
// brotli-dec-wasm) unpacks them as they arrive. Loading this module fails if the decoder
// cannot load; the worker then takes the files it has in plain form.
import init, { BrotliStreamResultCode, DecompressStream } from "./pyodide/brotli_dec_wasm.mjs";

// Compiled here, not by init: the worker hands WebAssembly.instantiateStreaming's first
// call to Pyodide.
const url = new URL("./pyodide/brotli_dec_wasm_bg.wasm", import.meta.url);
const module = await WebAssembly.compileStreaming(fetch(url)).catch(async () => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`missing file ${url.pathname} (HTTP ${response.status})`);
  return WebAssembly.compile(await response.arrayBuffer());
});
await init({ module_or_path: module });

const OUTPUT_BYTES = 1 << 20; // unpacked bytes handed on at a time

const startsWith = (bytes, text) =>
  bytes.length >= text.length && [...text].every((char, i) => bytes[i] === char.charCodeAt(0));

/** ``body`` (a stream of bytes) unpacked from brotli as it arrives. A body that starts
 * with ``plain`` (the file's own first bytes) is passed on as it is: a host that sends
 * the file with a Content-Encoding has had the browser unpack it already. */
export function unbrotli(body, plain) {
  let decoder = null;
  let passThrough = false;
  let finished = false;
  return body.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      if (!decoder && !passThrough) {
        passThrough = startsWith(chunk, plain);
        if (!passThrough) decoder = new DecompressStream();
      }
      if (passThrough) {
        controller.enqueue(chunk);
        return;
      }
      if (finished) return; // bytes after the end of the brotli stream are not part of it
      let input = chunk;
      for (;;) {
        const result = decoder.decompress(input, OUTPUT_BYTES); // throws on corrupt data
        const { buf, code } = result;
        const used = result.input_offset;
        result.free();
        if (buf.length) controller.enqueue(buf);
        if (code === BrotliStreamResultCode.ResultSuccess) finished = true;
        if (code !== BrotliStreamResultCode.NeedsMoreOutput) return;
        input = input.subarray(used);
      }
    },
    flush() {
      decoder?.free();
      if (decoder && !finished) throw new Error("the compressed file is cut short");
    },
  }));
}
