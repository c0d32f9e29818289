"""The site's memory snapshot: Pyodide's own snapshot, stored without the memory pages the
browser has already.

Pyodide's snapshot is a header followed by the whole of Python's WebAssembly memory
(31 MB), most of it zero or still as the WebAssembly file's data segments put it. The site
keeps, for each 4 KiB page of that memory, one kind:

- ``ZERO``: all zero bytes;
- ``AS_LOADED``: as the WebAssembly module holds it the moment it is instantiated (its
  data segments), so the worker copies it from that fresh memory;
- ``STORED``: written out in full.

Layout (little-endian): ``MAGIC``, the snapshot's whole length, its header's length and the
number of pages (three u32); one byte per page, its kind; the header as Pyodide wrote it;
then every ``STORED`` page, in order. The worker reads it (``snapshot_format.mjs``).
"""

from __future__ import annotations

import struct

MAGIC = b"CMHPSNP1"
PAGE = 4096
ZERO, AS_LOADED, STORED = 0, 1, 2
_FIELDS = struct.Struct("<8sIII")
_PYODIDE_MAGIC_AND_HEADER = struct.Struct("<II")
_DATA_SECTION = 11


class SnapshotFormatError(ValueError):
    """The snapshot or the WebAssembly file is not what this format expects."""


_START_SECTION = 8


def initial_memory(wasm: bytes, size: int) -> bytearray:
    """The first ``size`` bytes of the memory a fresh instance of ``wasm`` starts with: its
    active data segments written at their offsets, zero elsewhere."""
    memory = bytearray(size)
    for offset, data in _data_segments(wasm):
        end = min(offset + len(data), size)
        if offset < end:
            memory[offset:end] = data[: end - offset]
    return memory


def pack(snapshot: bytes, wasm: bytes) -> bytes:
    """The site's form of Pyodide's ``snapshot``, whose memory a fresh instance of ``wasm``
    partly holds already."""
    _, head = _PYODIDE_MAGIC_AND_HEADER.unpack_from(snapshot)
    memory = memoryview(snapshot)[head:]
    if len(memory) % PAGE:
        raise SnapshotFormatError(f"the snapshot's memory is not whole {PAGE}-byte pages")
    fresh = initial_memory(wasm, len(memory))
    zero = bytes(PAGE)
    kinds = bytearray()
    stored = []
    for start in range(0, len(memory), PAGE):
        page = memory[start:start + PAGE]
        if page == fresh[start:start + PAGE] and page != zero:
            kinds.append(AS_LOADED)
        elif page == zero:
            kinds.append(ZERO)
        else:
            kinds.append(STORED)
            stored.append(page)
    fields = _FIELDS.pack(MAGIC, len(snapshot), head, len(kinds))
    return b"".join([fields, kinds, snapshot[:head], *stored])


def unpack(packed: bytes, wasm: bytes) -> bytes:
    """Pyodide's snapshot again, from :func:`pack`'s bytes and the same ``wasm`` (what the
    worker does, for the tests)."""
    magic, total, head, count = _FIELDS.unpack_from(packed)
    if magic != MAGIC or head + count * PAGE != total:
        raise SnapshotFormatError("not a snapshot in the site's format")
    kinds = packed[_FIELDS.size:_FIELDS.size + count]
    at = _FIELDS.size + count
    whole = bytearray(packed[at:at + head])
    at += head
    fresh = initial_memory(wasm, count * PAGE)
    for index, kind in enumerate(kinds):
        if kind == STORED:
            whole += packed[at:at + PAGE]
            at += PAGE
        elif kind == AS_LOADED:
            whole += fresh[index * PAGE:(index + 1) * PAGE]
        else:
            whole += bytes(PAGE)
    if at != len(packed) or len(whole) != total:
        raise SnapshotFormatError("the snapshot's pages do not match its table")
    return bytes(whole)


def _leb(data: bytes, at: int, signed: bool = False) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, at


def _data_segments(wasm: bytes) -> list[tuple[int, bytes]]:
    """The active data segments of memory 0, as (offset, bytes); a module whose segments
    are placed any other way (a global offset, passive) is refused."""
    if wasm[:4] != b"\0asm":
        raise SnapshotFormatError("not a WebAssembly file")
    at = 8
    try:
        while at < len(wasm):
            section = wasm[at]
            size, at = _leb(wasm, at + 1)
            if section == _START_SECTION:  # it could change memory before the copy is taken
                raise SnapshotFormatError("a module with a start function")
            if section == _DATA_SECTION:
                return _read_segments(wasm, at)
            at += size
    except IndexError:
        raise SnapshotFormatError("the WebAssembly file is cut short") from None
    return []


def _read_segments(wasm: bytes, at: int) -> list[tuple[int, bytes]]:
    count, at = _leb(wasm, at)
    segments = []
    for _ in range(count):
        flags, at = _leb(wasm, at)
        if flags == 2:
            memory, at = _leb(wasm, at)
            if memory:
                raise SnapshotFormatError("a data segment for another memory")
        elif flags != 0:
            raise SnapshotFormatError("a passive data segment")
        if wasm[at] != 0x41:  # i32.const: a fixed offset
            raise SnapshotFormatError("a data segment placed by a global")
        offset, at = _leb(wasm, at + 1, signed=True)
        offset &= 0xFFFFFFFF  # an i32 address
        if wasm[at] != 0x0B:
            raise SnapshotFormatError("a data segment's offset is not one constant")
        length, at = _leb(wasm, at + 1)
        if at + length > len(wasm):
            raise SnapshotFormatError("the WebAssembly file is cut short")
        segments.append((offset, wasm[at:at + length]))
        at += length
    return segments
