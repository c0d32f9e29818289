"""A district's edition: one settings file read and checked at build time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from browser_py.core.errors import DefinitionError
from browser_py.core.suppression import DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD
from browser_py.worksheets.goals import DEFAULT_CASELOAD_PER_CLINICIAN
from browser_py.worksheets.group_risk import DEFAULT_RISK_RATIO

from .definitions import SAFE_LOADER

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
KEYS = {
    "district_name", "logo", "colors", "contact", "small_cell_threshold",
    "caseload_per_clinician", "partner_criteria", "extra_action_steps",
    "risk_ratio_threshold", "cost_defaults",
}
#: The default figures an edition may give the costs worksheet, each with its source.
COST_DEFAULTS = (
    "salary_school_counselor", "salary_school_psychologist", "salary_school_social_worker",
    "benefits_rate", "supervision_per_clinician", "space_per_clinician",
    "sessions_per_student", "session_rate", "price_per_clinician", "partner_space",
    "coordinator_cost", "transport",
)
DEFAULT_CASELOAD = DEFAULT_CASELOAD_PER_CLINICIAN


@dataclass
class Settings:
    """The checked settings of one edition."""

    source: str = ""
    district_name: str = ""
    logo: str = ""
    primary: str = ""
    accent: str = ""
    contact: dict[str, str] = field(default_factory=dict)
    small_cell_threshold: int = DEFAULT_THRESHOLD
    caseload_per_clinician: int = DEFAULT_CASELOAD
    risk_ratio_threshold: str = str(DEFAULT_RISK_RATIO)
    partner_criteria: dict[str, list[str]] = field(default_factory=dict)
    extra_action_steps: dict[str, list[str]] = field(default_factory=dict)
    cost_defaults: dict[str, dict[str, str]] = field(default_factory=dict)

    def for_browser(self) -> dict[str, Any]:
        """The settings that browser_py computations read (``context.settings``)."""
        return {
            "district_name": self.district_name,
            "small_cell_threshold": self.small_cell_threshold,
            "caseload_per_clinician": self.caseload_per_clinician,
            "risk_ratio_threshold": self.risk_ratio_threshold,
            **({"cost_defaults": self.cost_defaults} if self.cost_defaults else {}),
        }


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on ``colour`` (#rrggbb)."""
    return 1.05 / (_luminance(colour) + 0.05)


class _Reader:
    def __init__(self, source: str, docs_dir: Path) -> None:
        self.source = source
        self.docs_dir = docs_dir

    def fail(self, setting: str, expected: str, found: object) -> None:
        shown = f'"{found}"' if isinstance(found, str) else repr(found)
        raise DefinitionError(self.source, expected, shown, field=setting, field_kind="setting")

    def text(self, data: dict, key: str, limit: int = 200) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or len(value) > limit:
            self.fail(key, f"a text of at most {limit} characters", value)
        return value.strip()

    def whole(self, data: dict, key: str, low: int, high: int, default: int) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"a whole number from {low} to {high}", value)
        return value

    def text_lists(self, data: dict, key: str, allowed: tuple[str, ...]) -> dict[str, list[str]]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"a mapping with the keys {', '.join(allowed)}", value)
        result = {}
        for name, items in value.items():
            if name not in allowed:
                self.fail(key, f"only the keys {', '.join(allowed)}", name)
            if not isinstance(items, list) or not all(
                isinstance(item, str) and item.strip() for item in items
            ):
                self.fail(f"{key}.{name}", "a list of non-empty texts", items)
            result[name] = [item.strip() for item in items]
        return result

    def read(self, data: object, phases: tuple[str, ...]) -> Settings:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.fail("settings", "a mapping of settings", data)
        unknown = sorted(set(map(str, data)) - KEYS)
        if unknown:
            self.fail(unknown[0], f"one of the settings {', '.join(sorted(KEYS))}", unknown[0])
        settings = Settings(source=self.source)
        settings.district_name = self.text(data, "district_name")
        settings.logo = self.logo(data)
        colours = data.get("colors", {})
        if not isinstance(colours, dict) or set(colours) - {"primary", "accent"}:
            self.fail("colors", "a mapping with primary and/or accent", colours)
        for name in ("primary", "accent"):
            colour = colours.get(name, "")
            if colour == "":
                continue
            if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
                self.fail(f"colors.{name}", "a colour written as #rrggbb", colour)
            ratio = contrast_with_white(colour)
            if ratio < 4.5:
                self.fail(f"colors.{name}",
                          "a colour dark enough for white text (contrast 4.5:1 or more)",
                          f"{colour} (contrast {ratio:.2f}:1)")
            setattr(settings, name, colour.lower())
        contact = data.get("contact", {})
        if not isinstance(contact, dict) or set(contact) - {"name", "email", "phone"}:
            self.fail("contact", "a mapping with name, email and/or phone", contact)
        settings.contact = {k: self.text(contact, k) for k in ("name", "email", "phone")
                            if contact.get(k)}
        if settings.contact.get("email") and not EMAIL.match(settings.contact["email"]):
            self.fail("contact.email", "an email address such as help@district.org",
                      settings.contact["email"])
        settings.small_cell_threshold = self.whole(
            data, "small_cell_threshold", MIN_THRESHOLD, MAX_THRESHOLD, DEFAULT_THRESHOLD)
        settings.caseload_per_clinician = self.whole(
            data, "caseload_per_clinician", 1, 2000, DEFAULT_CASELOAD)
        ratio = data.get("risk_ratio_threshold", int(DEFAULT_RISK_RATIO))
        if isinstance(ratio, bool) or not isinstance(ratio, int | float) or not (
                1 < ratio <= 10):
            self.fail("risk_ratio_threshold", "a number above 1 and at most 10, such as 3",
                      ratio)
        settings.risk_ratio_threshold = str(ratio)
        settings.partner_criteria = self.text_lists(
            data, "partner_criteria", ("must_have", "nice_to_have"))
        settings.extra_action_steps = self.text_lists(data, "extra_action_steps", phases)
        settings.cost_defaults = self.cost_defaults(data)
        return settings

    def cost_defaults(self, data: dict) -> dict[str, dict[str, str]]:
        """Default figures for the costs worksheet: each a number of zero or more and
        the source it comes from."""
        value = data.get("cost_defaults") or {}
        if not isinstance(value, dict):
            self.fail("cost_defaults", f"a mapping with the keys {', '.join(COST_DEFAULTS)}",
                      value)
        result = {}
        for name, entry in value.items():
            key = f"cost_defaults.{name}"
            if name not in COST_DEFAULTS:
                self.fail("cost_defaults", f"only the keys {', '.join(COST_DEFAULTS)}", name)
            if not isinstance(entry, dict) or set(entry) != {"value", "source"}:
                self.fail(key, "a mapping with a value and its source", entry)
            figure = entry["value"]
            if isinstance(figure, bool) or not isinstance(figure, int | float) or figure < 0:
                self.fail(f"{key}.value", "a number of zero or more", figure)
            result[name] = {"value": str(figure), "source": self.text(entry, "source", 300)}
            if not result[name]["source"]:
                self.fail(f"{key}.source", "the figure's source and year", "nothing")
        return result

    def logo(self, data: dict) -> str:
        logo = self.text(data, "logo")
        if not logo:
            return ""
        path = self.docs_dir / logo
        if Path(logo).is_absolute() or ".." in Path(logo).parts or not path.is_file():
            self.fail("logo", f"an image file inside {self.docs_dir.name}/", logo)
        if path.suffix.lower() not in LOGO_TYPES:
            self.fail("logo", f"an image of type {', '.join(LOGO_TYPES)}", logo)
        return logo


def load_settings(
    path: Path | None, docs_dir: Path, *, phases: tuple[str, ...] = (), display: str = ""
) -> Settings:
    """Read and check an edition's settings file; no file gives the defaults."""
    if path is None:
        return Settings()
    source = display or str(path)
    if not path.is_file():
        raise DefinitionError(source, "a settings file", "no such file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "the file"
        raise DefinitionError(source, "valid YAML", f"a syntax error at {where}") from None
    return _Reader(source, docs_dir).read(data, phases)


def edition_css(settings: Settings) -> str:
    """CSS giving the edition's colours to the theme (empty when none are set)."""
    rules = []
    if settings.primary:
        rules.append(f"  --md-primary-fg-color: {settings.primary};\n"
                     f"  --md-primary-fg-color--dark: {settings.primary};")
    if settings.accent:
        rules.append(f"  --md-accent-fg-color: {settings.accent};")
    if not rules:
        return ""
    body = "\n".join(rules)
    return f":root, [data-md-color-scheme] {{\n{body}\n}}\n"
