"""The MkDocs plugin: validates worksheets, places them in pages, and finishes the site."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from browser_py.core.computations import ACTIONS, REGISTRY
from browser_py.core.definitions import check_starter_rows
from browser_py.core.errors import DefinitionError
from browser_py.worksheets.checklist import CRITERIA_SHEET, CRITERIA_TABLE, MUST, NICE
from browser_py.worksheets.planning import PLAN_SHEET

from . import assets, csp, offline, word_writer
from .config import ToolkitConfig
from .definitions import Worksheet, load_worksheets
from .markdown_ext import (
    OWN_LINE,
    Directive,
    DirectiveExtension,
    DirectiveKind,
    find_directives,
    where,
)
from .render import (
    HANDOUT_SLOT,
    make_environment,
    render_handout_choices,
    render_toolbar,
    render_view,
    render_worksheet,
)
from .settings import Settings, edition_css, load_settings


class ToolkitPlugin(BasePlugin[ToolkitConfig]):
    """Turns worksheet definitions into forms and adds the toolkit's assets to the site."""

    def __init__(self) -> None:
        self.worksheets: dict[str, Worksheet] = {}
        self.settings = Settings()
        self.placed: dict[str, str] = {}
        self.placements: dict[str, list[dict[str, str]]] = {}  # by page, in page order
        # The practice's steps: every page holding a worksheet or the report, by page.
        self.steps: dict[str, dict[str, str]] = {}
        self.nav_order: list[str] = []
        self.environment = make_environment()
        # Every ``:::`` directive a page may hold, by name: the one registry that both
        # reading a page's directives and rendering them go through.
        self.directives: dict[str, DirectiveKind] = {
            "worksheet": DirectiveKind(self._render_worksheet, argument="worksheet id"),
            "report": DirectiveKind(partial(self._render_view, "report")),
            "brief": DirectiveKind(partial(self._render_view, "brief")),
            "dashboard": DirectiveKind(partial(self._render_view, "dashboard")),
            "edition": DirectiveKind(lambda _: edition_note(self.settings), markdown=True),
        }
        self.extension = DirectiveExtension(self.directives)
        self.page_directives: list[Directive] = []

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
            self.settings = self._load_settings(config, root)
            apply_settings(self.settings, self.worksheets)
            check_starter_rows(self.worksheets)
        except DefinitionError as error:
            raise PluginError(str(error)) from None
        if self.settings.logo:
            config.theme["logo"] = self.settings.logo
        if edition_css(self.settings):
            config.extra_css.append(f"{self.config.assets_dir}/edition.css")
        if self.settings.district_name:
            config.copyright = f"{self.settings.district_name} edition. {config.copyright or ''}"
        self.placed = {}
        self.placements = {}
        self.steps = {}
        config.markdown_extensions.append(self.extension)
        return config

    def _load_settings(self, config: MkDocsConfig, root: Path) -> Settings:
        if not self.config.settings:
            return Settings()
        path = (root / self.config.settings).resolve()
        plan = self.worksheets.get(PLAN_SHEET)
        phases = tuple(f.id for f in plan.fields if f.add_rows) if plan else ()
        return load_settings(path, Path(config.docs_dir), phases=phases,
                             display=_relative(path, root))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        # Definitions and edition settings are build inputs, not pages.
        private = (self.config.worksheets_dir.strip("/") + "/", "editions/", "settings.yml")
        for file in list(files):
            if file.src_uri.startswith(private):
                files.remove(file)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return markdown
        source = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        self.extension.start_page(source)
        try:
            self.page_directives = find_directives(
                markdown, self.directives, source, _first_line(page, markdown))
        except DefinitionError as error:
            raise PluginError(str(error)) from None
        names = {directive.name for directive in self.page_directives}
        if names & STEP_DIRECTIVES:
            self.steps[page.file.src_uri] = {"page": page.url, "title": page.title or ""}
        placed = [d for d in self.page_directives if d.name == "worksheet"]
        if placed:  # worksheets get the full width: no right-hand contents column
            page.meta["hide"] = sorted({*page.meta.get("hide", []), "toc"})
        for directive in placed:
            worksheet_id, place = directive.argument, where(source, directive.number)
            if worksheet_id not in self.worksheets:
                known = ", ".join(sorted(self.worksheets)) or "none"
                raise PluginError(str(DefinitionError(
                    place, f"a defined worksheet id (one of {known})", f'"{worksheet_id}"'
                )))
            if worksheet_id in self.placed:
                raise PluginError(str(DefinitionError(
                    place, "each worksheet placed on one page only",
                    f'"{worksheet_id}", already placed in {self.placed[worksheet_id]}',
                )))
            self.placed[worksheet_id] = source
            self.placements.setdefault(page.file.src_uri, []).append({
                "worksheet": worksheet_id, "page": page.url, "page_title": page.title or "",
            })
        return markdown

    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):
        self.nav_order = [page.file.src_uri for page in nav.pages]
        return nav

    def _ordered_placements(self) -> list[dict[str, str]]:
        pages = sorted(self.placements, key=lambda src: (
            self.nav_order.index(src) if src in self.nav_order else len(self.nav_order), src))
        return [place for src in pages for place in self.placements[src]]

    def _ordered_steps(self) -> list[dict[str, str]]:
        pages = sorted(self.steps, key=lambda src: (
            self.nav_order.index(src) if src in self.nav_order else len(self.nav_order), src))
        return [self.steps[src] for src in pages]

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return html
        self._check_rendered(page)
        if 'data-worksheet="' not in html:
            return html
        # The worksheets a part may hold are listed in the site's order once every page's
        # worksheets are known (on_post_page).
        toolbar = render_toolbar(self.environment, self.settings.district_name)
        if TOOLBAR_SLOT in html:  # the start page: under the next step
            return html.replace(TOOLBAR_SLOT, toolbar, 1)
        end_of_title = html.find("</h1>")
        if end_of_title == -1:
            return toolbar + html
        cut = end_of_title + len("</h1>")
        return html[:cut] + "\n" + toolbar + html[cut:]

    def _check_rendered(self, page: Page) -> None:
        """Stop the build when a directive read from the page was not rendered (a line
        inside an HTML block, which Markdown leaves as it is)."""
        rendered = [(d.name, d.argument) for d in self.extension.rendered]
        for directive in self.page_directives:
            if (directive.name, directive.argument) in rendered:
                rendered.remove((directive.name, directive.argument))
                continue
            raise PluginError(str(DefinitionError(
                where(self.extension.source, directive.number), OWN_LINE,
                f'"{directive.line}" inside one')))

    def _render_worksheet(self, worksheet_id: str) -> str:
        return render_worksheet(self.worksheets[worksheet_id], self.environment)

    def _render_view(self, view: str, _argument: str) -> str:
        return render_view(self.environment, view, self.settings.small_cell_threshold)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if HANDOUT_SLOT not in output:
            return output
        choices = render_handout_choices(self.environment, tuple(
            (place["worksheet"], self.worksheets[place["worksheet"]].title)
            for place in self._ordered_placements()))
        return output.replace(HANDOUT_SLOT, choices, 1)

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
            assets.copy_workbook_reader(root / self.config.pyodide_dir, target / "pyodide",
                                        target)
            word_writer.copy(root / self.config.docx_dir, target)
        except (FileNotFoundError, assets.RuntimeBuildError) as error:
            raise PluginError(str(error)) from None
        assets.write_definitions(
            target / "worksheets.json", self.worksheets.values(), self.settings.for_browser(),
            self._ordered_placements(), self._ordered_steps(),
        )
        assets.write_merge_rules(target / "merge_rules.mjs")
        assets.write_page_words(target / "page_words.mjs")
        css = edition_css(self.settings)
        if css:
            (target / "edition.css").write_text(css, encoding="utf-8")
        csp.apply_to_site(site)
        # After the policy: the service worker's version covers every page as served.
        offline.write_service_worker(site)


TOOLBAR_SLOT = "<span data-toolbar-slot></span>"
#: The directives that make the page holding them one of the practice's steps.
STEP_DIRECTIVES = frozenset({"worksheet", "report"})


def _first_line(page: Page, markdown: str) -> int | None:
    """The file's line number of the page Markdown's first line, after any front matter
    (``None`` when the Markdown is not the end of the file as read)."""
    text = page.file.content_string
    if not text.endswith(markdown):
        return None
    return text.count("\n", 0, len(text) - len(markdown)) + 1


def edition_note(settings: Settings) -> str:
    """Markdown telling readers whose edition this is and whom to ask."""
    lines = []
    if settings.district_name:
        lines.append(f"This edition of the toolkit is set up for **{settings.district_name}**.")
    contact = settings.contact
    if contact:
        reach = ", ".join(contact[k] for k in ("email", "phone") if contact.get(k))
        who = contact.get("name", "")
        lines.append("Questions about it? Contact " + (f"{who} ({reach})" if who and reach
                                                         else who or reach) + ".")
    lines.append(
        f"Counts of students under {settings.small_cell_threshold} are hidden in anything "
        "the toolkit prepares for sharing, so that no student can be singled out."
    )
    return " ".join(lines)


#: The edition's kinds of starter criteria, as the criteria table's kinds.
CRITERION_KINDS = {"must_have": MUST, "nice_to_have": NICE}


def apply_settings(settings: Settings, worksheets: dict[str, Worksheet]) -> None:
    """Put the edition's starter criteria and extra action steps into the worksheets."""
    if settings.partner_criteria and CRITERIA_SHEET in worksheets:
        table = next(f for f in worksheets[CRITERIA_SHEET].fields if f.id == CRITERIA_TABLE)
        table.starter_rows = [
            {"row_id": f"district-{kind.replace('_', '-')}-{number}", "criterion": text,
             "kind": CRITERION_KINDS[kind]}
            for kind, texts in settings.partner_criteria.items()
            for number, text in enumerate(texts, start=1)
        ]
    plan = worksheets.get(PLAN_SHEET)
    for phase, steps in settings.extra_action_steps.items():
        table = next(f for f in plan.fields if f.id == phase)  # phases were checked
        for number, step in enumerate(steps, start=1):
            table.starter_rows.append({"row_id": f"district-{number}", "step": step})


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return str(path)
