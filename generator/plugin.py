"""The MkDocs plugin: validates worksheets, places them in pages, and finishes the site."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from browser_py.computations import ACTIONS, REGISTRY

from . import assets, csp
from .config import ToolkitConfig
from .definitions import Worksheet, load_worksheets
from .errors import DefinitionError
from .markdown_ext import WorksheetExtension, placed_worksheets
from .render import make_environment, render_toolbar, render_worksheet


class ToolkitPlugin(BasePlugin[ToolkitConfig]):
    """Turns worksheet definitions into forms and adds the toolkit's assets to the site."""

    def __init__(self) -> None:
        self.worksheets: dict[str, Worksheet] = {}
        self.placed: dict[str, str] = {}
        self.environment = make_environment()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        folder = Path(config.docs_dir) / self.config.worksheets_dir
        if not folder.is_dir():
            raise PluginError(f"{folder}: expected a folder of worksheet definitions; found none.")
        root = Path(config.config_file_path or ".").resolve().parent
        try:
            self.worksheets = load_worksheets(
                folder, REGISTRY, ACTIONS, display=lambda p: _relative(p, root)
            )
        except DefinitionError as error:
            raise PluginError(str(error)) from None
        self.placed = {}
        config.markdown_extensions.append(WorksheetExtension(render=self._render))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        prefix = self.config.worksheets_dir.strip("/") + "/"
        for file in list(files):
            if file.src_uri.startswith(prefix):
                files.remove(file)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        for worksheet_id in placed_worksheets(markdown):
            if worksheet_id not in self.worksheets:
                known = ", ".join(sorted(self.worksheets)) or "none"
                raise PluginError(str(DefinitionError(
                    source, f"a defined worksheet id (one of {known})", f'"{worksheet_id}"'
                )))
            if worksheet_id in self.placed:
                raise PluginError(str(DefinitionError(
                    source, "each worksheet placed on one page only",
                    f'"{worksheet_id}", already placed in {self.placed[worksheet_id]}',
                )))
            self.placed[worksheet_id] = source
        return markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or 'data-worksheet="' not in html:
            return html
        toolbar = render_toolbar(self.environment)
        end_of_title = html.find("</h1>")
        if end_of_title == -1:
            return toolbar + html
        cut = end_of_title + len("</h1>")
        return html[:cut] + "\n" + toolbar + html[cut:]

    def _render(self, worksheet_id: str) -> str:
        return render_worksheet(self.worksheets[worksheet_id], self.environment)

    # Last, so the policy hashes inline scripts exactly as other plugins left them.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        root = Path(config.config_file_path or ".").resolve().parent
        target = site / self.config.assets_dir
        try:
            assets.copy_pyodide(root / self.config.pyodide_dir, target / "pyodide")
        except FileNotFoundError as error:
            raise PluginError(str(error)) from None
        assets.pack_browser_py(target / "browser_py.zip")
        assets.write_definitions(target / "worksheets.json", self.worksheets.values())
        csp.apply_to_site(site)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
