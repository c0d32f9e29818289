"""Small-cell suppression: which counts of students may leave the device.

Before a count is printed or shared:

- **Primary suppression.** Every count under the threshold (default 10; a setting from
  5 to 30), zero included, is hidden and shown as "<10". A reader learns only that it
  lies between 0 and 9.
- **Complementary suppression.** Counts that add up to a total form a :class:`Group`.
  If someone could work out a hidden count exactly from the total, the other counts and
  what each marker means, a second count is hidden too (shown as "hidden"): the smallest
  count still shown; when no part is left, the total. This repeats until no hidden count
  can be worked out.

The check is exact for one sum per group: a hidden count's possible values form the range
allowed by the group's sum, given what a reader knows of every other cell of the group
(a shown count exactly; "<10": 0 to 9; a hidden part: at least the threshold and at most
the smallest part still shown, since the smallest is hidden first; a hidden total: at
least the threshold). A count is recoverable when that range holds one value. Each cell
may belong to one group only, so groups never constrain each other.

Percentages are published only when their count and its denominator are both shown, so
they tell a reader nothing that the shown counts do not.

Limit: the guarantee is against a reader who uses every published number, the sums and
the markers' meaning. Someone who re-ran this procedure on guessed inputs could, in rare
patterns, learn more from *how many* counts were hidden; statistical agencies' cell
suppression shares that limit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"
DEFAULT_THRESHOLD = 10
MIN_THRESHOLD, MAX_THRESHOLD = 5, 30


@dataclass(frozen=True)
class Group:
    """Counts whose parts add up exactly to their total."""

    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """What happens to one count: shown, or hidden and why."""

    status: str  # SHOWN, SMALL (under the threshold) or HIDDEN (complementary)
    group: Group | None = None  # for HIDDEN: the group whose sum made it necessary


def threshold_from(settings: Mapping[str, object]) -> tuple[int, str]:
    """The threshold from the site's settings, and a message when the setting is unusable.

    A missing setting gives the default. One that is not a whole number from 5 to 30
    gives the nearest allowed value (or the default), with a message saying so.
    """
    raw = settings.get("small_cell_threshold", DEFAULT_THRESHOLD)
    if isinstance(raw, bool) or not isinstance(raw, int):
        return DEFAULT_THRESHOLD, (
            f"The small-cell threshold setting ({raw!r}) is not a whole number, so the "
            f"default, {DEFAULT_THRESHOLD}, is used.")
    if raw < MIN_THRESHOLD or raw > MAX_THRESHOLD:
        used = min(max(raw, MIN_THRESHOLD), MAX_THRESHOLD)
        return used, (f"The small-cell threshold setting ({raw}) is outside 5 to 30, so "
                      f"{used} is used.")
    return raw, ""


def _check(counts: Mapping[str, int], groups: Sequence[Group]) -> None:
    seen: set[str] = set()
    for group in groups:
        for key in (group.total, *group.parts):
            if key not in counts:
                raise ValueError(f"no count for {key!r}")
            if key in seen:
                raise ValueError(f"{key!r} is in more than one group or twice in one")
            seen.add(key)
        if sum(counts[key] for key in group.parts) != counts[group.total]:
            raise ValueError(f"the parts of {group.total!r} do not add up to it")
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key!r} is not a count: {value!r}")


def ranges(group: Group, counts: Mapping[str, int], status: Mapping[str, str],
           threshold: int) -> dict[str, tuple[float, float]]:
    """What a reader can deduce about each hidden cell of ``group``: (lowest, highest)."""
    shown_parts = [counts[k] for k in group.parts if status[k] == SHOWN]
    ceiling = min(shown_parts, default=math.inf)

    def known(key: str) -> tuple[float, float]:
        if status[key] == SHOWN:
            return counts[key], counts[key]
        if status[key] == SMALL:
            return 0, threshold - 1
        return threshold, (ceiling if key != group.total else math.inf)

    # Parts count +1 and the total -1: the sum of all, times their sign, is zero.
    cells = [(key, 1) for key in group.parts] + [(group.total, -1)]
    bounds = {key: known(key) for key, _ in cells}

    def low_of(key: str, sign: int) -> float:  # the least sign * value can be
        return sign * bounds[key][0] if sign > 0 else sign * bounds[key][1]

    def high_of(key: str, sign: int) -> float:  # the most sign * value can be
        return sign * bounds[key][1] if sign > 0 else sign * bounds[key][0]

    result = {}
    for key, sign in cells:
        if status[key] == SHOWN:
            continue
        others_low = sum(low_of(k, s) for k, s in cells if k != key)
        others_high = sum(high_of(k, s) for k, s in cells if k != key)
        lo, hi = bounds[key]
        # sign * value = -(the others' signed sum)
        if sign > 0:
            result[key] = (max(lo, -others_high), min(hi, -others_low))
        else:
            result[key] = (max(lo, others_low), min(hi, others_high))
    return result


def exposed(group: Group, counts: Mapping[str, int], status: Mapping[str, str],
            threshold: int) -> list[str]:
    """The hidden cells of ``group`` whose value a reader could work out exactly."""
    return [key for key, (lo, hi) in ranges(group, counts, status, threshold).items()
            if lo == hi]


def suppress(counts: Mapping[str, int], groups: Sequence[Group], threshold: int
             ) -> dict[str, Decision]:
    """Decide, for every count, whether it is shown or hidden (see the module's notes).

    ``counts`` maps a key to a count of zero or more; each group's parts must add up
    to its total, and a key may belong to one group only (``ValueError`` otherwise).
    """
    _check(counts, groups)
    status = {key: SMALL if value < threshold else SHOWN for key, value in counts.items()}
    reasons: dict[str, Group] = {}
    for group in groups:
        while exposed(group, counts, status, threshold):
            shown = [k for k in group.parts if status[k] == SHOWN]
            if shown:
                pick = min(shown, key=lambda k: (counts[k], group.parts.index(k)))
            elif status[group.total] == SHOWN:
                pick = group.total
            else:  # cannot happen: with every cell hidden, none is exposed
                raise AssertionError("no cell left to hide")
            status[pick] = HIDDEN
            reasons[pick] = group
    return {key: Decision(status[key], reasons.get(key)) for key in counts}


def count_text(value: int) -> str:
    """A count with thousands separators."""
    return f"{value:,}"


def shown_text(value: int, decision: Decision, threshold: int) -> str:
    """A count as published: the number, "<10", or "hidden"."""
    if decision.status == SMALL:
        return f"<{threshold}"
    if decision.status == HIDDEN:
        return "hidden"
    return count_text(value)


def percent_text(part: int, whole: int) -> str:
    """A share as a percentage with one decimal (halves rounded up), e.g. "12.5%"."""
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}.{tenths % 10}%"
