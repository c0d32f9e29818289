"""Your district: the worksheet that names the district, and the one rule for its name
wherever it is shown (files, printed pages, the report, agreements, the packet)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The worksheet's id (``content/worksheets/district.yml``) and its field for the name.
SHEET = "district"
NAME_FIELD = "name"
#: The edition's setting that names the district when nobody has typed a name.
NAME_SETTING = "district_name"


def district_name(worksheets: Mapping[str, Any], settings: Mapping[str, Any]) -> str:
    """The district's name as entered on the start page, else the edition's setting;
    "" when neither names it. ``worksheets`` holds every worksheet's values, ``settings``
    the site's."""
    values = worksheets.get(SHEET)
    name = values.get(NAME_FIELD) if isinstance(values, Mapping) else None
    name = name.strip() if isinstance(name, str) else ""
    return name or str(settings.get(NAME_SETTING) or "")
