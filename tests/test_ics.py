"""The calendar file (RFC 5545), checked line by line and parsed back by ``icalendar``."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from browser_py.core.computations import Context
from browser_py.documents import calendar_export as ics
from browser_py.worksheets.planning import CHECKIN_UID, plan_events, plan_ics

TODAY = date(2025, 10, 1)
STAMP = datetime(2025, 10, 1, 14, 30, 5, tzinfo=UTC)
TRICKY = "Call Kim, \"Lee\"; agree fees\\costs\nthen — naïve café 🙂 ✓ 日本語"


def physical_lines(text: str) -> list[bytes]:
    data = text.encode("utf-8")
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def assert_rfc5545_lines(text: str) -> None:
    """CRLF only, every physical line at most 75 octets and valid UTF-8 on its own."""
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    for line in physical_lines(text):
        assert len(line) <= 75, line
        line.decode("utf-8")  # a character is never split across lines


def unfold(text: str) -> list[str]:
    return text[:-2].replace("\r\n ", "").split("\r\n")


# ---- Text escaping and folding ------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [("plain", "plain"), ("a,b;c", "a\\,b\\;c"), ("back\\slash", "back\\\\slash"),
     ("two\nlines", "two\\nlines"), ("crlf\r\nline", "crlf\\nline"), ("bell\x07", "bell"),
     ("tab\there", "tab\there"), ("naïve 🙂", "naïve 🙂")],
)
def test_escape_text(raw: str, escaped: str) -> None:
    assert ics.escape_text(raw) == escaped


@pytest.mark.parametrize("char", ["a", "é", "—", "🙂"], ids=["1-octet", "2-octet", "3-octet",
                                                            "4-octet"])
def test_fold_counts_octets_not_characters(char: str) -> None:
    line = "SUMMARY:" + char * 200
    folded = ics.fold(line) + "\r\n"
    assert_rfc5545_lines(folded)
    assert unfold(folded) == [line]
    first = physical_lines(folded)[0]
    assert 75 - len(char.encode()) < len(first) <= 75  # filled as far as whole characters go


def test_a_short_line_is_not_folded() -> None:
    assert ics.fold("X" * 75) == "X" * 75
    assert ics.fold("X" * 76) == "X" * 75 + "\r\n X"


@given(st.text(max_size=400))
def test_fold_then_unfold_gives_the_line_back(text: str) -> None:
    line = "DESCRIPTION:" + ics.escape_text(text)
    folded = ics.fold(line) + "\r\n"
    assert_rfc5545_lines(folded)
    assert unfold(folded) == [line]


# ---- Recurrence ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "weekday", "first"),
    [(date(2025, 10, 1), 2, date(2025, 10, 1)), (date(2025, 10, 1), 1, date(2025, 10, 7)),
     (date(2025, 10, 1), 0, date(2025, 10, 6)), (date(2025, 12, 29), 4, date(2026, 1, 2))],
)
def test_first_on_or_after(start: date, weekday: int, first: date) -> None:
    assert ics.first_on_or_after(start, weekday) == first


@pytest.mark.parametrize(("day", "position"), [(1, 1), (7, 1), (8, 2), (21, 3), (28, 4),
                                               (29, -1), (31, -1)])
def test_week_of_month(day: int, position: int) -> None:
    assert ics.week_of_month(date(2025, 12, day)) == position


def test_unknown_frequency_is_refused() -> None:
    with pytest.raises(ValueError):
        ics.Recurrence("daily", date(2025, 10, 1))


# ---- A whole file, parsed back --------------------------------------------------------


def plan_values(frequency: str = "every-two-weeks", weekday: str = "tuesday",
                until: str = "") -> dict:
    return {
        "roadmap": [
            {"row_id": "gather-working-group", "done": True, "step": "Gather the group",
             "owner": "Ana", "deadline": "2025-09-15"},
            {"row_id": "r1", "done": False, "step": TRICKY, "owner": "Kim; Lee",
             "deadline": "2025-10-20"},
            {"row_id": "undated", "done": False, "step": "No date yet", "owner": "",
             "deadline": ""},
        ],
        "launch": [
            {"row_id": "odd id/with spaces", "done": False, "step": "Operational plan",
             "owner": "", "deadline": "2026-01-09"},
        ],
        "checkin-with": "Valley Health, Inc.",
        "checkin-start": "2025-10-01",
        "checkin-weekday": weekday,
        "checkin-frequency": frequency,
        "checkin-until": until,
    }


NEXT = {"next-steps": {"steps": [
    {"row_id": "communicate-strategy", "done": False, "task": "Tell school leaders",
     "owner": "Sam", "deadline": "2025-10-03"},
]}}


def parse(text: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(text)
    assert calendar.errors == []
    return calendar


def events_by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    events = calendar.walk("VEVENT")
    assert all(event.errors == [] for event in events)
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(events), "UIDs are unique"
    return by_uid


def test_calendar_file_parses_with_every_event_and_field() -> None:
    context = Context(state=NEXT, today=TODAY)
    text = ics.calendar_text(plan_events(plan_values(), context), STAMP, name="Partnership plan")
    assert_rfc5545_lines(text)
    calendar = parse(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ics.PRODUCT
    assert str(calendar["X-WR-CALNAME"]) == "Partnership plan"
    events = events_by_uid(calendar)
    assert set(events) == {
        "roadmap-gather-working-group@project-plan.cmhp-toolkit",
        "roadmap-r1@project-plan.cmhp-toolkit",
        "next-steps-communicate-strategy@project-plan.cmhp-toolkit",
        next(uid for uid in events if uid.startswith("launch-")),
        CHECKIN_UID,
    }
    for event in events.values():
        assert event.decoded("DTSTAMP") == STAMP
        start, end = event["DTSTART"].dt, event["DTEND"].dt
        assert type(start) is date and type(end) is date  # all-day: DATE values
        assert end - start == timedelta(days=1)
        assert str(event["SUMMARY"])
    assert events["roadmap-gather-working-group@project-plan.cmhp-toolkit"][
        "DTSTART"].dt == date(2025, 9, 15)
    tricky = events["roadmap-r1@project-plan.cmhp-toolkit"]
    assert str(tricky["DESCRIPTION"]).startswith(TRICKY + "\n\nPhase: Develop a roadmap")
    assert "Owner: Kim; Lee" in str(tricky["DESCRIPTION"])
    assert str(tricky["SUMMARY"]).startswith("Plan deadline: Call Kim, \"Lee\"; agree")
    assert str(events["roadmap-gather-working-group@project-plan.cmhp-toolkit"][
        "SUMMARY"]) == "Done: Gather the group"
    assert str(events["next-steps-communicate-strategy@project-plan.cmhp-toolkit"][
        "SUMMARY"]) == "Next step: Tell school leaders"
    assert "RRULE" not in tricky


def occurrences(event: icalendar.Event, count: int) -> list[date]:
    rule = event["RRULE"].to_ical().decode()
    start = datetime.combine(event["DTSTART"].dt, datetime.min.time())
    dates = rrulestr(rule, dtstart=start)
    return [moment.date() for _, moment in zip(range(count), dates, strict=False)]


@pytest.mark.parametrize(
    ("frequency", "weekday", "until", "expected"),
    [
        ("weekly", "wednesday", "", [date(2025, 10, 1), date(2025, 10, 8), date(2025, 10, 15),
                                      date(2025, 10, 22)]),
        ("every-two-weeks", "tuesday", "", [date(2025, 10, 7), date(2025, 10, 21),
                                             date(2025, 11, 4), date(2025, 11, 18)]),
        ("monthly", "thursday", "", [date(2025, 10, 2), date(2025, 11, 6), date(2025, 12, 4),
                                      date(2026, 1, 1)]),
        ("monthly", "friday", "2026-01-31", [date(2025, 10, 3), date(2025, 11, 7),
                                              date(2025, 12, 5), date(2026, 1, 2)]),
    ],
    ids=["weekly", "every-two-weeks", "monthly", "monthly-until"],
)
def test_check_in_series_recurs_on_the_chosen_weekday(
    frequency: str, weekday: str, until: str, expected: list[date]
) -> None:
    context = Context(state=NEXT, today=TODAY)
    download = plan_ics(plan_values(frequency, weekday, until), context)
    assert download.filename == "project-plan-2025-10-01.ics"
    assert download.media_type == "text/calendar"
    assert_rfc5545_lines(download.text)
    series = events_by_uid(parse(download.text))[CHECKIN_UID]
    assert str(series["SUMMARY"]) == "Partner check-in with Valley Health, Inc."
    rule = series["RRULE"]
    assert rule["FREQ"] == [frequency.upper() if frequency != "every-two-weeks" else "WEEKLY"]
    assert rule.get("INTERVAL", [1]) == [2 if frequency == "every-two-weeks" else 1]
    assert series["DTSTART"].dt == expected[0]
    got = occurrences(series, 10)
    assert got[: len(expected)] == expected
    assert {day.weekday() for day in got} == {ics.WEEKDAYS.index(weekday)}
    if until:
        assert got == expected, "no occurrence after the last date"
    else:
        assert len(got) == 10, "no end date"
    dtstamp = series.decoded("DTSTAMP")
    assert dtstamp.tzinfo is not None and abs(datetime.now(UTC) - dtstamp) < timedelta(
        minutes=5)


def test_no_check_ins_until_chosen() -> None:
    values = plan_values()
    values["checkin-frequency"] = ""
    events = events_by_uid(parse(plan_ics(values, Context(today=TODAY)).text))
    assert CHECKIN_UID not in events
    assert len(events) == 3


def test_monthly_fifth_weekday_becomes_the_last() -> None:
    values = plan_values("monthly", "wednesday")
    values["checkin-start"] = "2025-10-29"  # the fifth (and last) Wednesday of October
    series = events_by_uid(parse(plan_ics(values, Context(today=TODAY)).text))[CHECKIN_UID]
    assert occurrences(series, 3) == [date(2025, 10, 29), date(2025, 11, 26),
                                      date(2025, 12, 31)]
