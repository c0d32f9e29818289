"""The toolkit plugin's typed settings (the ``toolkit`` entry under ``plugins:``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ToolkitConfig(base.Config):
    """Settings of the toolkit plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    # Folder of worksheet definitions, relative to docs_dir; not published as pages.
    worksheets_dir = c.Type(str, default="worksheets")
    # Installed npm package whose core files are vendored into the site.
    pyodide_dir = c.Type(str, default="node_modules/pyodide")
    # Where, inside the built site, the toolkit writes its generated assets.
    assets_dir = c.Type(str, default="assets/toolkit")
    # The edition's settings file (district name, colours, threshold...), relative to
    # mkdocs.yml; "" builds the standard edition.
    settings = c.Type(str, default="")
