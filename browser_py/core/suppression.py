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
least the threshold). A count is recoverable when that range holds one value. A count may
be in several sums (the total need is the sum of the sources and also the need addressed
plus the unmet need) when the sums form a tree; the range then narrows through every sum
until it settles, which is exact on a tree. Counts that follow from one another through
a published figure (a target set as a percentage of the students served now) are
*linked*: hidden together.

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
    parent: dict[object, object] = {}

    def root(node: object) -> object:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for number, group in enumerate(groups):
        keys = (group.total, *group.parts)
        if len(set(keys)) != len(keys):
            raise ValueError(f"a count is twice in the sum of {group.total!r}")
        for key in keys:
            if key not in counts:
                raise ValueError(f"no count for {key!r}")
            a, b = root(("group", number)), root(("count", key))
            if a == b:
                raise ValueError(f"the sums through {key!r} form a loop")
            parent[a] = b
        if sum(counts[key] for key in group.parts) != counts[group.total]:
            raise ValueError(f"the parts of {group.total!r} do not add up to it")
    for key, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key!r} is not a count: {value!r}")


def _ceilings(groups: Sequence[Group], counts: Mapping[str, int], status: Mapping[str, str]
              ) -> dict[str, float]:
    """For a part in one sum only: the smallest part still shown there. It was hidden as
    that sum's smallest shown part, so a reader knows it is no more than that."""
    seen: dict[str, int] = {}
    for group in groups:
        for key in (group.total, *group.parts):
            seen[key] = seen.get(key, 0) + 1
    ceiling: dict[str, float] = {}
    for group in groups:
        smallest = min((counts[k] for k in group.parts if status[k] == SHOWN),
                       default=math.inf)
        for key in group.parts:
            if seen[key] == 1:
                ceiling[key] = smallest
    return ceiling


def ranges(groups: Sequence[Group], counts: Mapping[str, int], status: Mapping[str, str],
           threshold: int, loose: frozenset[str] = frozenset(),
           ordered: Sequence[tuple[str, str]] = ()) -> dict[str, tuple[float, float]]:
    """What a reader can deduce about each count in a sum: (lowest, highest).

    A reader starts from the markers (a shown count exactly; "<10": 0 to 9; a hidden
    part of one sum only: at least the threshold and at most the smallest part still
    shown there; any other hidden count: at least the threshold; a hidden count of
    ``loose``, hidden with the counts it is linked to whatever its size: anything),
    then narrows every cell with every sum, and with every pair of ``ordered`` (the
    first is never more than the second), again and again, until nothing narrows
    further. On sums that form a tree this is exact; the order of pairs narrows too,
    and the counts in a pair are also hidden together, so that what it could add is
    never the only thing protecting a count.
    """
    ceiling = _ceilings(groups, counts, status)
    paired = {key for pair in ordered for key in pair}  # maybe hidden with its pair

    def known(key: str) -> tuple[float, float]:
        if status[key] == SHOWN:
            return counts[key], counts[key]
        if status[key] == SMALL:
            return 0, threshold - 1
        if key in loose:
            return 0, math.inf
        return threshold, ceiling.get(key, math.inf) if key not in paired else math.inf

    # In the order the sums and pairs were given: what is exposed first, and so what is
    # hidden to protect it, never depends on the order of a set (which differs from one
    # start of Python to the next), so the same entries always publish the same way.
    keys = dict.fromkeys([*(key for group in groups for key in (group.total, *group.parts)),
                          *(key for pair in ordered for key in pair)])
    bounds = {key: known(key) for key in keys}

    def low_of(key: str, sign: int) -> float:  # the least sign * value can be
        return sign * bounds[key][0] if sign > 0 else sign * bounds[key][1]

    def high_of(key: str, sign: int) -> float:  # the most sign * value can be
        return sign * bounds[key][1] if sign > 0 else sign * bounds[key][0]

    changed, rounds = True, 0
    while changed and rounds <= len(groups) + len(ordered) + 1:  # a tree settles by then
        changed, rounds = False, rounds + 1
        for low, high in ordered:  # low <= high
            (a, b), (c, d) = bounds[low], bounds[high]
            narrowed_low, narrowed_high = (a, min(b, d)), (max(c, a), d)
            if (narrowed_low, narrowed_high) != (bounds[low], bounds[high]):
                bounds[low], bounds[high], changed = narrowed_low, narrowed_high, True
        for group in groups:
            # Parts count +1 and the total -1: the sum of all, times their sign, is zero.
            cells = [(key, 1) for key in group.parts] + [(group.total, -1)]
            for key, sign in cells:
                others_low = sum(low_of(k, s) for k, s in cells if k != key)
                others_high = sum(high_of(k, s) for k, s in cells if k != key)
                lo, hi = bounds[key]
                # sign * value = -(the others' signed sum)
                narrowed = ((max(lo, -others_high), min(hi, -others_low)) if sign > 0
                            else (max(lo, others_low), min(hi, others_high)))
                if narrowed != (lo, hi):
                    bounds[key] = narrowed
                    changed = True
                if narrowed[0] > narrowed[1]:  # cannot happen with true markers
                    return bounds
    return bounds


def exposed(groups: Sequence[Group], counts: Mapping[str, int], status: Mapping[str, str],
            threshold: int, loose: frozenset[str] = frozenset(),
            ordered: Sequence[tuple[str, str]] = ()) -> list[str]:
    """The hidden counts whose value a reader could work out exactly."""
    found = ranges(groups, counts, status, threshold, loose, ordered)
    return [key for key, (lo, hi) in found.items() if status[key] != SHOWN and lo >= hi]


def _to_hide(key: str, groups: Sequence[Group], counts: Mapping[str, int],
             status: Mapping[str, str]) -> tuple[str, Group]:
    """The count to hide next to protect ``key``: the smallest part still shown in one of
    its sums, else a shown total of one of them; else the same in the sums linked to
    those through shared counts, nearest first."""
    seen_keys, frontier, visited = {key}, [key], []
    while frontier:
        near = [g for g in groups if g not in visited
                and any(k in (g.total, *g.parts) for k in frontier)]
        for group in near:
            shown = [k for k in group.parts if status[k] == SHOWN]
            if shown:
                return min(shown, key=lambda k: (counts[k], group.parts.index(k))), group
        for group in near:
            if status[group.total] == SHOWN:
                return group.total, group
        visited += near
        frontier = [k for g in near for k in (g.total, *g.parts) if k not in seen_keys]
        seen_keys |= set(frontier)
    raise AssertionError("no count left to hide")  # with every count hidden, none is exposed


def suppress(counts: Mapping[str, int], groups: Sequence[Group], threshold: int,
             linked: Sequence[Sequence[str]] = (),
             ordered: Sequence[tuple[str, str]] = (),
             follows: Sequence[tuple[str, Sequence[str]]] = ()) -> dict[str, Decision]:
    """Decide, for every count, whether it is shown or hidden (see the module's notes).

    ``counts`` maps a key to a count of zero or more; each group's parts must add up
    to its total. A count may be in several sums as long as the sums linked through
    shared counts form a tree: no loop (``ValueError`` otherwise). Each of ``linked``
    names counts that are shown together or hidden together (one can be worked out
    from another with figures that are published, such as a percentage): once one is
    hidden, all are shown as "hidden", a small one too, so that no marker narrows the
    others. Each pair of ``ordered`` is a count that is never more than the other (a
    source's students not counted before, and all its students): a reader may use
    that, and the two are hidden together. Each ``(key, others)`` of ``follows`` is a
    count in no sum that a reader could set beside ``others`` (students with ERMHS are
    some of the students with IEPs or 504 plans): it is hidden once any of them is.
    """
    _check(counts, groups)
    for keys in [*linked, *ordered, *((key, *others) for key, others in follows)]:
        for key in keys:
            if key not in counts:
                raise ValueError(f"no count for {key!r}")
    summed = {key for group in groups for key in (group.total, *group.parts)}
    for key, _others in follows:
        if key in summed:
            raise ValueError(f"{key!r} is in a sum: it cannot follow other counts")
    for low, high in ordered:
        if counts[low] > counts[high]:
            raise ValueError(f"{low!r} is more than {high!r}")
    loose = frozenset(key for keys in linked for key in keys)
    status = {key: SMALL if value < threshold else SHOWN for key, value in counts.items()}
    reasons: dict[str, Group | None] = {}

    def hide(key: str) -> None:
        status[key] = HIDDEN
        reasons[key] = None

    while True:
        for keys in linked:  # once one is hidden, all read "hidden", small ones too
            if any(status[key] != SHOWN for key in keys):
                for key in keys:
                    if status[key] != HIDDEN:
                        hide(key)
        for pair in ordered:  # a pair is shown whole or not at all
            if any(status[key] != SHOWN for key in pair):
                for key in pair:
                    if status[key] == SHOWN:
                        hide(key)
        for key, others in follows:  # hidden once any count it could narrow is
            if status[key] == SHOWN and any(status[other] != SHOWN for other in others):
                hide(key)
        found = exposed(groups, counts, status, threshold, loose, ordered)
        if not found:
            break
        pick, group = _to_hide(found[0], groups, counts, status)
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
