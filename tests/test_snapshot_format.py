"""The site's snapshot format: what it leaves out comes back, and what it cannot read is
refused."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest

from generator import snapshot_format as fmt
from generator.snapshot_format import PAGE, SnapshotFormatError


def leb(value: int) -> bytes:
    """``value`` as an unsigned LEB128 number."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(value: int) -> bytes:
    """``value`` as a signed LEB128 number."""
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def wasm(segments: list[tuple[int, bytes]], flags: int = 0) -> bytes:
    """A module with a type section (skipped by the reader) and the given data segments."""
    body = bytearray(leb(len(segments)))
    for offset, data in segments:
        body += leb(flags) + (b"\0" if flags == 2 else b"")
        body += b"\x41" + sleb(offset) + b"\x0b" + leb(len(data)) + data
    types = b"\x01\x60\x00\x00"
    return (b"\0asm\x01\0\0\0" + b"\x01" + leb(len(types)) + types
            + b"\x0b" + leb(len(body)) + bytes(body))


def pyodide_snapshot(memory: bytes, head: int = 64) -> bytes:
    """A snapshot laid out as Pyodide writes one: its magic, header length, JSON, memory."""
    header = struct.pack("<II", 0x706E7300, head) + b"{}".ljust(head - 8, b"\0")
    return header + memory


def test_pages_left_out_come_back_from_the_fresh_instance() -> None:
    module = wasm([(100, b"static data"), (PAGE * 2, b"A" * PAGE), (PAGE * 3 + 5, b"kept")])
    memory = bytearray(fmt.initial_memory(module, PAGE * 6))
    memory[PAGE * 3 + 5] = ord("K")  # a page Python changed after it started
    memory[PAGE * 5:PAGE * 5 + 3] = b"new"  # a page only Python wrote
    snapshot = pyodide_snapshot(bytes(memory))
    packed = fmt.pack(snapshot, module)
    kinds = list(packed[20:26])
    assert kinds == [fmt.AS_LOADED, fmt.ZERO, fmt.AS_LOADED, fmt.STORED, fmt.ZERO, fmt.STORED]
    assert len(packed) == 20 + 6 + 64 + 2 * PAGE
    assert fmt.unpack(packed, module) == snapshot


def test_a_page_python_cleared_stays_clear() -> None:
    module = wasm([(0, b"x" * PAGE)])
    snapshot = pyodide_snapshot(bytes(PAGE * 2))  # the segment's page is zero by now
    packed = fmt.pack(snapshot, module)
    assert list(packed[20:22]) == [fmt.ZERO, fmt.ZERO]
    assert fmt.unpack(packed, module) == snapshot


def test_segments_for_memory_zero_by_index_are_read() -> None:
    module = wasm([(8, b"indexed")], flags=2)
    assert bytes(fmt.initial_memory(module, 16))[8:15] == b"indexed"


@pytest.mark.parametrize("module, message", [
    (b"not wasm at all", "not a WebAssembly file"),
    (wasm([(0, b"x")], flags=1), "passive"),
])
def test_a_module_it_cannot_read_is_refused(module: bytes, message: str) -> None:
    with pytest.raises(SnapshotFormatError, match=message):
        fmt.initial_memory(module, PAGE)


def test_a_snapshot_cut_short_or_not_in_pages_is_refused() -> None:
    module = wasm([])
    with pytest.raises(SnapshotFormatError, match="pages"):
        fmt.pack(pyodide_snapshot(bytes(PAGE + 1)), module)
    packed = fmt.pack(pyodide_snapshot(b"\1" * PAGE), module)
    with pytest.raises(SnapshotFormatError, match="do not match"):
        fmt.unpack(packed[:-1], module)
    with pytest.raises(SnapshotFormatError, match="site's format"):
        fmt.unpack(b"XXXXXXXX" + packed[8:], module)


def test_a_module_with_a_start_function_or_cut_short_is_refused() -> None:
    started = wasm([(0, b"x")])
    started = started[:8] + b"\x08\x01\x00" + started[8:]  # a start section: function 0
    with pytest.raises(SnapshotFormatError, match="start function"):
        fmt.initial_memory(started, PAGE)
    with pytest.raises(SnapshotFormatError, match="cut short"):
        fmt.initial_memory(wasm([(0, b"x" * 200)])[:-100], PAGE)


READER = Path(__file__).resolve().parents[1] / (
    "site_templates/overrides/assets/toolkit/snapshot_format.mjs")
# Feeds a file to the worker's reader in chunks of the given sizes (in turn); prints the
# whole snapshot's bytes as hex, or the reader's error.
FEED = """
import { readFileSync } from "node:fs";
const { unpack } = await import(process.argv[1]);
const bytes = readFileSync(process.argv[2]);
const sizes = process.argv[3].split(",").map(Number);
let at = 0, turn = 0;
const stream = new ReadableStream({ pull(controller) {
  if (at >= bytes.length) { controller.close(); return; }
  const size = sizes[turn++ % sizes.length];
  controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
  at += size;
} });
try {
  const { image } = await unpack(stream);
  process.stdout.write(Buffer.from(image).toString("hex"));
} catch (error) {
  process.stdout.write("error: " + error.message);
}
"""


def read_in_worker(tmp_path: Path, packed: bytes, sizes: str) -> str:
    (tmp_path / "packed.bin").write_bytes(packed)
    done = subprocess.run(
        ["node", "--input-type=module", "-e", FEED, READER.as_uri(),
         str(tmp_path / "packed.bin"), sizes],
        capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.mark.parametrize("sizes", ["1", "7,4095,4097", "20", "100000", "0,3,0,5000"])
def test_the_worker_reads_what_the_build_wrote_in_any_chunks(tmp_path: Path,
                                                             sizes: str) -> None:
    module = wasm([(100, b"static data")])
    memory = bytearray(fmt.initial_memory(module, PAGE * 4))
    memory[PAGE * 2:PAGE * 2 + 5] = b"heap!"
    memory[PAGE * 3 + 17] = 9
    snapshot = pyodide_snapshot(bytes(memory))
    expected = bytearray(snapshot)
    expected[64:64 + PAGE] = bytes(PAGE)  # the page a fresh instance holds: copied later
    assert read_in_worker(tmp_path, fmt.pack(snapshot, module), sizes) == expected.hex()


@pytest.mark.parametrize("damage, message", [
    (lambda packed: packed[:-1], "cut short"),
    (lambda packed: packed + b"\0", "longer than its table"),
    (lambda packed: b"XXXXXXXX" + packed[8:], "not in the site's format"),
    (lambda packed: packed[:20] + b"\x07" + packed[21:], "page table is damaged"),
])
def test_the_worker_refuses_a_damaged_snapshot(tmp_path: Path, damage, message: str) -> None:
    packed = fmt.pack(pyodide_snapshot(b"\1" * PAGE * 2), wasm([]))
    answer = read_in_worker(tmp_path, damage(packed), "999")
    assert answer.startswith("error: ") and message in answer, answer
