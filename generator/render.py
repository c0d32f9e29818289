"""Render worksheet definitions to accessible HTML through the Jinja2 templates."""

from __future__ import annotations

from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from browser_py.core.model import FIELD_KINDS, DateField

from .definitions import Worksheet

TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


def make_environment(templates: Path = TEMPLATES) -> Environment:
    """Return the Jinja2 environment that renders worksheets (autoescaped), with the
    most characters each field kind holds (from the worksheet model) as ``max_chars``."""
    environment = Environment(
        loader=FileSystemLoader(templates / "worksheet"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=False,
    )
    environment.globals["max_chars"] = {kind: cls.max_chars for kind, cls in FIELD_KINDS.items()}
    environment.globals["date_range"] = (DateField.earliest, DateField.latest)
    return environment


#: Where the worksheets a part may hold go, once every page's worksheets are known.
HANDOUT_SLOT = "<span data-handout-slot></span>"


def render_toolbar(environment: Environment | None = None, district: str = "",
                   worksheets: tuple[tuple[str, str], ...] = ()) -> str:
    """Return the "Your entries" panel shown above a page's worksheets; ``worksheets``
    (id, title) are those a part handed out may hold (without them, :data:`HANDOUT_SLOT`
    holds their place for :func:`render_handout_choices`)."""
    env = environment or make_environment()
    return env.get_template("toolbar.html.j2").render(district=district,
                                                      worksheets=worksheets) + "\n"


def render_handout_choices(environment: Environment | None,
                           worksheets: tuple[tuple[str, str], ...]) -> str:
    """Return the checkboxes of the worksheets (id, title) a part handed out may hold."""
    env = environment or make_environment()
    return env.get_template("handout_choices.html.j2").render(worksheets=worksheets)


def render_view(environment: Environment | None, view: str, threshold: int = 10) -> str:
    """Return the HTML holder of a computed view of all entries ("report", "brief" or
    "dashboard"); ``threshold`` is the edition's small-count threshold, named by the
    choice of the report's and the brief's version."""
    env = environment or make_environment()
    return env.get_template(f"{view}.html.j2").render(threshold=threshold) + "\n"


def render_worksheet(worksheet: Worksheet, environment: Environment | None = None) -> str:
    """Return the HTML of one worksheet form."""
    env = environment or make_environment()
    intro = Markup(markdown.markdown(worksheet.intro)) if worksheet.intro else ""
    html = env.get_template("worksheet.html.j2").render(ws=worksheet, intro_html=intro)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
