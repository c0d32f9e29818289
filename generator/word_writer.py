"""The Word writer the site ships for ``.docx`` downloads: the pinned npm package ``docx``
(MIT), its one self-contained ES module copied into the site as ``docx/docx.mjs`` with a
``.gz`` copy for servers that send precompressed files and the package's licence beside
it. The page imports it (through ``word.mjs``) only when a person asks for a Word file;
the offline copy keeps it once it has been used (see :mod:`generator.offline`).
"""

from __future__ import annotations

import gzip
from pathlib import Path

#: The folder, inside the toolkit's assets, that holds the writer.
FOLDER = "docx"
#: The module the page imports: the package's browser build, one file with no imports.
MODULE = "docx.mjs"
SOURCE = Path("dist") / "index.mjs"
LICENCE = "LICENSE"
SITE_FILES = (MODULE, f"{MODULE}.gz", LICENCE)


def copy(source: Path, target: Path) -> list[Path]:
    """Put the writer from the npm package folder ``source`` into ``target/docx``; name
    any missing file and how to install it."""
    missing = [name for name in (SOURCE, Path(LICENCE)) if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Files missing from {source}: {', '.join(str(m) for m in missing)}. Run "
            "`npm ci` (make site does this) to install the pinned npm packages.")
    folder = target / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    module = (source / SOURCE).read_bytes()
    written = {MODULE: module, f"{MODULE}.gz": gzip.compress(module, 9, mtime=0),
               LICENCE: (source / LICENCE).read_bytes()}
    for name, data in written.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    return [folder / name for name in SITE_FILES]
