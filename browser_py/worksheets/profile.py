"""The district profile for providers (worksheet ``provider-questions``): its id, and the
one place the district's contact for providers is typed.

The provider packet (:mod:`browser_py.worksheets.packet`) prints the profile; every
agreement outline (:mod:`browser_py.worksheets.agreements`) takes the district's contact
from it, so the contact is typed once, for every provider.
"""

from __future__ import annotations

from ..core.computations import Values

PROFILE = "provider-questions"
CONTACT = "district_contact"


def district_contact(values: Values) -> str:
    """The district's contact for providers as typed in the profile's ``values`` (""
    when not typed)."""
    raw = values.get(CONTACT)
    return raw.strip() if isinstance(raw, str) else ""
