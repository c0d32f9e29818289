"""When entries were last exported, and when to remind the person to export."""

from __future__ import annotations

from datetime import datetime

from ..core.figures import long_date

REMIND_AFTER_DAYS = 7


def _parse(moment: object) -> datetime | None:
    if not isinstance(moment, str) or not moment:
        return None
    try:
        return datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return None


def _day(moment: datetime) -> str:
    return long_date(moment.date())


def export_status(meta: dict, now: str) -> dict:
    """Describe the last export and say whether to remind the person to export.

    ``meta`` holds ``lastExport`` and ``unexportedSince`` (ISO times, either may be
    missing): the reminder shows once entries changed and stayed unexported for
    ``REMIND_AFTER_DAYS`` days, since Safari erases script-written storage after seven
    days without a visit and shared computers discard profiles.
    """
    current = _parse(now)
    last_export = _parse(meta.get("lastExport"))
    since = _parse(meta.get("unexportedSince"))
    text = f"Last exported on {_day(last_export)}." if last_export else (
        "Not exported from this browser yet."
    )
    remind = False
    if current and since:
        days = (current - since).days
        if days >= REMIND_AFTER_DAYS:
            remind = True
            text += (
                f" Changes made {days} days ago are not in any export yet: export now. "
                "Some browsers erase saved entries after 7 days without a visit."
            )
        else:
            text += " You have changes that are not exported yet."
    return {"text": text, "remind": remind}
