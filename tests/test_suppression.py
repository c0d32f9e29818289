"""Small-cell suppression: no count under the threshold leaves the device, and no hidden
count can be worked out from what is published (totals, percentages, other counts)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser_py.core.computations import ACTIONS, REGISTRY, Context
from browser_py.core.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    Group,
    percent_text,
    shown_text,
    suppress,
    threshold_from,
)
from browser_py.documents.document import STANDALONE_POLICY
from browser_py.worksheets.packet import build_packet, packet_html

# Percentages are checked on the packet (below): it shows a share only next to a shown
# count of a shown total, so shares say nothing the shown counts do not.

# ---- The attacker: every published number, the sums, and what each marker means ------


def parse(text: str, threshold: int) -> tuple[str, int | None]:
    """A published count read back: ("shown", n), ("small", None) or ("hidden", None)."""
    if text == f"<{threshold}":
        return SMALL, None
    if text == "hidden":
        return HIDDEN, None
    return SHOWN, int(text.replace(",", ""))


def possible_values(published: Mapping[str, str], group: Group, threshold: int, cap: int
                    ) -> dict[str, set[int]]:
    """For each hidden cell of ``group``, every value (up to ``cap``) it could have, given
    only the published texts: found by listing sums, not by the module's own arithmetic.

    A reader knows: a shown count exactly; "<t" is 0 to t-1; a hidden part is at least t
    and at most the smallest part still shown (the smallest is hidden first); a hidden
    total is at least t; the parts add up to the total.
    """
    read = {key: parse(published[key], threshold) for key in (group.total, *group.parts)}
    shown_parts = [n for k in group.parts if (n := read[k][1]) is not None]
    ceiling = min(shown_parts, default=cap)

    def domain(key: str) -> range:
        status, value = read[key]
        if status == SHOWN:
            return range(value, value + 1)
        if status == SMALL:
            return range(0, threshold)
        return range(threshold, (cap if key == group.total else min(ceiling, cap)) + 1)

    def sums(keys: list[str]) -> set[int]:
        reachable = {0}
        for key in keys:
            reachable = {s + v for s in reachable for v in domain(key) if s + v <= cap}
        return reachable

    result: dict[str, set[int]] = {}
    parts = list(group.parts)
    totals = set(domain(group.total))
    for key in [*parts, group.total]:
        if read[key][0] == SHOWN:
            continue
        if key == group.total:
            result[key] = totals & sums(parts)
        else:
            others = sums([k for k in parts if k != key])
            result[key] = {v for v in domain(key) if any(v + s in totals for s in others)}
    return result


def assert_nothing_recoverable(published: Mapping[str, str], groups: list[Group],
                               counts: Mapping[str, int], threshold: int) -> None:
    cap = max([*counts.values(), 0]) + 3 * threshold
    for key, value in counts.items():
        text = published[key]
        if value < threshold:
            assert text == f"<{threshold}", (key, value, text)
        else:
            assert text in (f"{value:,}", "hidden"), (key, value, text)
    for group in groups:
        for key, values in possible_values(published, group, threshold, cap).items():
            assert counts[key] in values, (key, "the true value must stay possible")
            assert len(values) >= 2, (key, counts[key], values, group, published)


# ---- Table-driven cases ----------------------------------------------------------------

G = Group("total", ("a", "b", "c"))

# (case, counts a, b, c, statuses of a, b, c, total)
CASES = [
    ("nothing-small", (300, 50, 50), (SHOWN, SHOWN, SHOWN, SHOWN)),
    ("one-small-hides-the-smallest-other", (3, 12, 25), (SMALL, HIDDEN, SHOWN, SHOWN)),
    ("two-small-protect-each-other", (3, 4, 25), (SMALL, SMALL, SHOWN, SHOWN)),
    ("zero-is-a-small-count", (0, 40, 25), (SMALL, SHOWN, HIDDEN, SHOWN)),
    ("a-tie-at-the-threshold-needs-more", (9, 10, 10), (SMALL, HIDDEN, HIDDEN, SHOWN)),
    ("all-small-total-small", (1, 2, 3), (SMALL, SMALL, SMALL, SMALL)),
]


@pytest.mark.parametrize(("values", "statuses"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_suppression_cases(values: tuple[int, int, int], statuses: tuple[str, ...]) -> None:
    counts = dict(zip(("a", "b", "c"), values, strict=True)) | {"total": sum(values)}
    decisions = suppress(counts, [G], 10)
    assert tuple(decisions[k].status for k in ("a", "b", "c", "total")) == statuses
    published = {k: shown_text(v, decisions[k], 10) for k, v in counts.items()}
    assert_nothing_recoverable(published, [G], counts, 10)


def test_the_total_is_hidden_when_no_part_is_left() -> None:
    # 0 + 10 = 10: with both parts hidden and 10 shown, both would still follow.
    counts = {"a": 0, "b": 10, "total": 10}
    decisions = suppress(counts, [Group("total", ("a", "b"))], 10)
    assert [decisions[k].status for k in ("a", "b", "total")] == [SMALL, HIDDEN, HIDDEN]


def test_sums_must_add_up_and_form_a_tree() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        suppress({"a": 1, "total": 2}, [Group("total", ("a",))], 10)
    with pytest.raises(ValueError, match="twice"):
        suppress({"a": 1, "t": 2}, [Group("t", ("a", "a"))], 10)
    # t = a + b and u = a + b: two sums through the same two counts form a loop.
    with pytest.raises(ValueError, match="loop"):
        suppress({"a": 1, "b": 1, "t": 2, "u": 2},
                 [Group("t", ("a", "b")), Group("u", ("a", "b"))], 10)
    with pytest.raises(ValueError, match="no count"):
        suppress({"a": 20}, [], 10, linked=[("a", "b")])


def test_a_count_in_two_sums_is_protected_in_both() -> None:
    # need = sources (3 + 40 + 50) and need = addressed + unmet: hiding the smallest
    # other source is not enough when the need itself must be hidden.
    counts = {"s1": 3, "s2": 40, "s3": 50, "need": 93, "addressed": 80, "unmet": 13}
    groups = [Group("need", ("s1", "s2", "s3")), Group("need", ("addressed", "unmet"))]
    decisions = suppress(counts, groups, 10)
    published = {k: shown_text(v, decisions[k], 10) for k, v in counts.items()}
    assert published["s1"] == "<10" and published["s2"] == "hidden"
    assert_nothing_recoverable_jointly(published, groups, counts, 10)


def test_a_count_never_more_than_another_cannot_pin_it() -> None:
    # Sources (indicated, not counted before): 50/50, 30/30, 40/15, 0/0. With the sums
    # shown, "not counted before <= indicated" would give a hidden 30 away.
    counts = {"i1": 50, "i2": 30, "i3": 40, "i4": 0, "n1": 50, "n2": 30, "n3": 15, "n4": 0,
              "indicated": 120, "need": 95}
    groups = [Group("indicated", ("i1", "i2", "i3", "i4")), Group("need", ("n1", "n2", "n3", "n4"))]
    pairs = [(f"n{i}", f"i{i}") for i in range(1, 5)]
    decisions = suppress(counts, groups, 10, ordered=pairs)
    published = {k: shown_text(v, decisions[k], 10) for k, v in counts.items()}
    for low, high in pairs:  # each pair is shown whole or not at all
        assert (published[low] in ("hidden", "<10")) == (published[high] in ("hidden", "<10"))
    assert_nothing_recoverable_jointly(published, groups, counts, 10, tuple(pairs))


def test_linked_counts_are_hidden_together() -> None:
    # The target is 125% of the students served now: hiding one and showing the other
    # would give the hidden one away.
    counts = {"now": 8, "target": 10, "added": 2}
    decisions = suppress(counts, [Group("target", ("now", "added"))], 10,
                         linked=[("now", "target", "added")])
    # All three read "hidden", the small ones too: "<10" on the added capacity would say
    # the students served now are at most 9 / 25%.
    assert [decisions[k].status for k in ("now", "target", "added")] == [HIDDEN] * 3
    counts = {"now": 80, "target": 100, "added": 20}
    decisions = suppress(counts, [Group("target", ("now", "added"))], 10,
                         linked=[("now", "target", "added")])
    assert {d.status for d in decisions.values()} == {SHOWN}


@pytest.mark.parametrize(("setting", "threshold", "message"), [
    ({}, 10, ""), ({"small_cell_threshold": 11}, 11, ""), ({"small_cell_threshold": 5}, 5, ""),
    ({"small_cell_threshold": 3}, 5, "outside 5 to 30"),
    ({"small_cell_threshold": 40}, 30, "outside 5 to 30"),
    ({"small_cell_threshold": "ten"}, 10, "not a whole number"),
    ({"small_cell_threshold": True}, 10, "not a whole number"),
])
def test_threshold_setting(setting: dict, threshold: int, message: str) -> None:
    used, said = threshold_from(setting)
    assert used == threshold
    assert message in said and bool(said) == bool(message)


@pytest.mark.parametrize(("part", "whole", "text"), [
    (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (1, 16, "6.3%"), (0, 5, "0.0%"),
    (5, 5, "100.0%"),
])
def test_percentages_round_half_up(part: int, whole: int, text: str) -> None:
    assert percent_text(part, whole) == text


# ---- Hypothesis: random tables ---------------------------------------------------------

def count_for(threshold: int):
    return st.one_of(st.integers(0, threshold - 1), st.integers(threshold, 3 * threshold),
                     st.integers(0, 400))


@st.composite
def tables(draw):
    threshold = draw(st.integers(5, 30))
    counts: dict[str, int] = {}
    groups = []
    for g in range(draw(st.integers(1, 3))):
        parts = tuple(f"g{g}p{i}" for i in range(draw(st.integers(1, 5))))
        for key in parts:
            counts[key] = draw(count_for(threshold))
        counts[f"g{g}"] = sum(counts[key] for key in parts)
        groups.append(Group(f"g{g}", parts))
    for i in range(draw(st.integers(0, 3))):  # counts outside any sum
        counts[f"alone{i}"] = draw(count_for(threshold))
    return threshold, counts, groups


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_suppressed_cell_can_be_recovered(table) -> None:
    threshold, counts, groups = table
    decisions = suppress(counts, groups, threshold)
    published = {k: shown_text(v, decisions[k], threshold) for k, v in counts.items()}
    assert_nothing_recoverable(published, groups, counts, threshold)


def reader_domains(published: Mapping[str, str], groups: list[Group], threshold: int,
                   cap: int, ordered: tuple[tuple[str, str], ...] = (),
                   loose: frozenset[str] = frozenset()) -> dict[str, range]:
    """What a reader knows of each count in a sum or a pair from its marker alone: a
    shown count exactly; "<t": 0 to t-1; a count of ``loose`` reading "hidden": 0 up to
    ``cap``; any other hidden count: at least t and, for a part of one sum only, at most
    the smallest part still shown there (the smallest is hidden first)."""
    keys = {key for group in groups for key in (group.total, *group.parts)}
    keys |= {key for pair in ordered for key in pair}
    read = {key: parse(published[key], threshold) for key in keys}
    paired = {key for pair in ordered for key in pair}
    sums_of = {key: sum(key in (g.total, *g.parts) for g in groups) + (key in paired) * 9
               for key in keys}  # a paired count may be hidden with its pair: no ceiling
    ceiling: dict[str, int] = {}
    for group in groups:  # a hidden part of one sum only is at most its smallest shown part
        smallest = min((n for k in group.parts if (n := read[k][1]) is not None), default=cap)
        for key in group.parts:
            if sums_of[key] == 1:
                ceiling[key] = smallest

    def domain(key: str) -> range:
        status, value = read[key]
        if status == SHOWN:
            return range(value, value + 1)
        if status == SMALL:
            return range(0, threshold)
        if key in loose:
            return range(0, cap + 1)
        return range(threshold, min(ceiling.get(key, cap), cap) + 1)

    return {key: domain(key) for key in keys}


def joint_possible(published: Mapping[str, str], groups: list[Group], threshold: int,
                   cap: int, first: Mapping[str, int],
                   ordered: tuple[tuple[str, str], ...] = (),
                   loose: frozenset[str] = frozenset()) -> dict[str, set[int]]:
    """Values each hidden count could have given every sum at once (listed by search,
    not by the module's narrowing): what a reader who combines sums learns. The search
    tries the values in ``first`` before the others and stops once every hidden count
    has two possible values. A count of ``loose`` (hidden with the counts it is linked
    to, whatever its size) reads "hidden" for any value."""
    domains = reader_domains(published, groups, threshold, cap, ordered, loose)
    keys, read = set(domains), {key: parse(published[key], threshold) for key in domains}

    def domain(key: str) -> range:
        return domains[key]

    hidden = sorted(key for key in keys if read[key][0] != SHOWN)
    possible: dict[str, set[int]] = {key: set() for key in hidden}

    class Enough(Exception):
        """Every hidden count has two possible values already: nothing is recoverable."""

    def solve(assign: dict[str, int]) -> None:
        changed = True
        while changed:
            changed = False
            for group in groups:
                cells = (group.total, *group.parts)
                unknown = [k for k in cells if k not in assign]
                parts = sum(assign[k] for k in group.parts if k in assign)
                if not unknown:
                    if parts != assign[group.total]:
                        return
                elif len(unknown) == 1:
                    key = unknown[0]
                    value = parts if key == group.total else assign[group.total] - parts
                    if value not in domain(key):
                        return
                    assign = {**assign, key: value}
                    changed = True
        if any(a in assign and b in assign and assign[a] > assign[b] for a, b in ordered):
            return
        free = [key for key in hidden if key not in assign]
        if not free:
            for key in hidden:
                possible[key].add(assign[key])
            if all(len(values) >= 2 for values in possible.values()):
                raise Enough
            return
        key = free[0]
        for value in sorted(domain(key), key=lambda v: v != first.get(key)):
            solve({**assign, key: value})

    try:
        solve({key: read[key][1] for key in keys if read[key][0] == SHOWN})
    except Enough:
        pass
    return possible


def assert_nothing_recoverable_jointly(published: Mapping[str, str], groups: list[Group],
                                       counts: Mapping[str, int], threshold: int,
                                       ordered: tuple[tuple[str, str], ...] = (),
                                       loose: frozenset[str] = frozenset()) -> None:
    # Searching up to a cap finds some of the possible values: when it finds two, there
    # are at least two. The cap is above every true value, so the truth is among them.
    cap = max(counts.values()) + threshold
    for key, values in joint_possible(published, groups, threshold, cap, counts,
                                      ordered, loose).items():
        assert counts[key] in values, (key, "the true value must stay possible")
        assert len(values) >= 2, (key, counts[key], values, groups, published)


def completes(assign: Mapping[str, int], domains: Mapping[str, range], groups: list[Group],
              ordered: tuple[tuple[str, str], ...], first: Mapping[str, int]) -> bool:
    """True when the counts in ``assign`` can be completed, every other count taking a
    value its marker allows, so that every sum adds up and every pair is in order:
    a brute-force search (values nearest ``first`` tried first), cut short by the least
    and most each sum's unknown parts could add up to."""
    assign = dict(assign)
    changed = True
    while changed:  # a sum with one unknown count left gives that count
        changed = False
        for group in groups:
            cells = (group.total, *group.parts)
            unknown = [k for k in cells if k not in assign]
            parts = sum(assign[k] for k in group.parts if k in assign)
            if not unknown:
                if parts != assign[group.total]:
                    return False
            elif len(unknown) == 1:
                key = unknown[0]
                value = parts if key == group.total else assign[group.total] - parts
                if value not in domains[key]:
                    return False
                assign[key] = value
                changed = True
            else:  # the least and the most the unknown parts can add up to
                low = parts + sum(domains[k][0] for k in unknown if k != group.total)
                high = parts + sum(domains[k][-1] for k in unknown if k != group.total)
                total = domains[group.total] if group.total in unknown else range(
                    assign[group.total], assign[group.total] + 1)
                if high < total[0] or low > total[-1]:
                    return False
    if any(a in assign and b in assign and assign[a] > assign[b] for a, b in ordered):
        return False
    free = [key for key in domains if key not in assign]
    if not free:
        return True

    def unknowns(key: str) -> int:  # the fewest unknown counts in a sum through it
        return min((sum(k not in assign for k in (g.total, *g.parts)) for g in groups
                    if key in (g.total, *g.parts)), default=len(domains))

    key = min(free, key=lambda k: (unknowns(k), len(domains[k]), k))
    values = sorted(domains[key], key=lambda v: (abs(v - first.get(key, v)), v))
    return any(completes({**assign, key: value}, domains, groups, ordered, first)
               for value in values)


def assert_no_hidden_count_pinned(published: Mapping[str, str], groups: list[Group],
                                  counts: Mapping[str, int], threshold: int,
                                  ordered: tuple[tuple[str, str], ...] = (),
                                  loose: frozenset[str] = frozenset()) -> None:
    """For every hidden count in a sum or a pair, a brute-force search finds a value
    other than the true one that fits everything published at once (the markers, every
    sum, every pair's order): the reader is left with at least two possible values.
    Unlike :func:`joint_possible`, each count is searched on its own, so that a large
    publication stays quick."""
    cap = max(counts.values()) + threshold
    domains = reader_domains(published, groups, threshold, cap, ordered, loose)
    for key, domain in domains.items():
        assert counts[key] in domain, (key, "the true value must stay possible")
    shown = {key: domain[0] for key, domain in domains.items() if len(domain) == 1}
    assert completes(shown, domains, groups, ordered, counts), "the truth must fit"
    for key, domain in domains.items():
        if len(domain) == 1:  # shown, or hidden yet pinned by its marker and ceiling
            assert parse(published[key], threshold)[0] == SHOWN, (
                key, counts[key], published[key], "pinned by what its marker allows")
            continue
        others = sorted((v for v in domain if v != counts[key]),
                        key=lambda v: abs(v - counts[key]))
        assert any(completes({**shown, key: v}, domains, groups, ordered, counts)
                   for v in others), (key, counts[key], published[key])


@st.composite
def trees(draw):
    """Sums that share counts, as a tree: each new sum takes one count already drawn,
    as its total (split into new parts) or as one of its parts (with a new total)."""
    threshold = draw(st.integers(5, 12))
    small = st.one_of(st.integers(0, threshold - 1), st.integers(threshold, 3 * threshold))
    counts: dict[str, int] = {}
    parts = tuple(f"g0p{i}" for i in range(draw(st.integers(1, 3))))
    for key in parts:
        counts[key] = draw(small)
    counts["g0"] = sum(counts[key] for key in parts)
    groups = [Group("g0", parts)]
    for g in range(1, draw(st.integers(1, 3)) + 1):
        shared = draw(st.sampled_from(sorted(counts)))
        if draw(st.booleans()):  # the shared count is split into parts
            first = draw(st.integers(0, counts[shared]))
            counts[f"g{g}a"], counts[f"g{g}b"] = first, counts[shared] - first
            groups.append(Group(shared, (f"g{g}a", f"g{g}b")))
        else:  # the shared count is a part of a new total
            counts[f"g{g}a"] = draw(small)
            counts[f"g{g}"] = counts[shared] + counts[f"g{g}a"]
            groups.append(Group(f"g{g}", (shared, f"g{g}a")))
    return threshold, counts, groups


@settings(max_examples=400, deadline=None)
@given(trees())
def test_no_count_can_be_recovered_by_combining_sums(table) -> None:
    threshold, counts, groups = table
    decisions = suppress(counts, groups, threshold)
    published = {k: shown_text(v, decisions[k], threshold) for k, v in counts.items()}
    for key, value in counts.items():
        if value < threshold:
            assert published[key] == f"<{threshold}"
    assert_nothing_recoverable_jointly(published, groups, counts, threshold)


@settings(max_examples=150, deadline=None)
@given(trees(), st.data())
def test_both_searches_find_the_same_pinned_counts(table, data) -> None:
    """The quick search (each count on its own) finds what the full listing finds, on
    publications that hide some counts at random: a leak for one is a leak for both."""
    threshold, counts, groups = table
    published = {key: f"<{threshold}" if value < threshold else
                 "hidden" if data.draw(st.booleans()) else str(value)
                 for key, value in counts.items()}
    verdicts = []
    for check in (assert_nothing_recoverable_jointly, assert_no_hidden_count_pinned):
        try:
            check(published, groups, counts, threshold)
        except AssertionError:
            verdicts.append(False)
        else:
            verdicts.append(True)
    assert verdicts[0] == verdicts[1], (published, groups)


# ---- Hypothesis: the packet itself ------------------------------------------------------

COMPOSITION = ("american-indian", "asian", "black", "hispanic", "pacific-islander", "white",
               "two-or-more")
SUBGROUPS = ("foster-care", "homelessness", "english-learners", "free-reduced-lunch")


def optional_count(threshold: int):
    return st.one_of(st.just(""), count_for(threshold).map(str))


@st.composite
def profiles(draw):
    threshold = draw(st.integers(5, 30))
    composition = {key: draw(optional_count(threshold)) for key in COMPOSITION}
    entered = sum(int(v) for v in composition.values() if v)
    enrolled = entered + draw(st.one_of(st.just(0), count_for(threshold)))
    typed = draw(st.sampled_from([str(enrolled), ""]))  # in the needs estimate
    values = {
        "district_schools": draw(st.sampled_from(["", "3", "12"])),
        "composition": {key: {"students": value} for key, value in composition.items()},
        "subgroups": {key: {"students": draw(optional_count(threshold))} for key in SUBGROUPS},
        "sbhc_centers": [{"row_id": f"c{i}", "location": f"Center {'ABCD'[i]}", "mental_health": "",
                          "students": draw(optional_count(threshold)), "funding": ""}
                         for i in range(draw(st.integers(0, 4)))],
        "iep_students": draw(optional_count(threshold)),
        "plan504_students": draw(optional_count(threshold)),
        "ermhs_students": draw(optional_count(threshold)),
        "sought_students": draw(optional_count(threshold)),
    }
    return threshold, values, typed


def enrolled(students: str) -> dict:
    """The other worksheets' values with the students enrolled typed in the needs estimate,
    where the packet reads the students the district serves."""
    return {"needs-estimate": {"enrollment": students}}


def numbers_in(text: str, threshold: int) -> list[int]:
    """Whole numbers in published text other than percentages and the "<t" marker."""
    text = re.sub(r"\d+(?:\.\d+)?%", " ", text).replace(f"<{threshold}", " ")
    return [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)]


@settings(max_examples=300, deadline=None)
@given(profiles())
def test_the_packet_publishes_no_small_or_recoverable_count(profile) -> None:
    threshold, values, typed = profile
    packet = build_packet(values, {"small_cell_threshold": threshold}, enrolled(typed))
    counts = {}
    for key, text in packet.published.items():
        status, value = parse(text, threshold)
        assert status != SHOWN or value >= threshold, (key, text)
    for group in packet.groups:  # the true counts behind each sum
        for key in (group.total, *group.parts):
            counts[key] = _true_count(values, key, typed)
    assert_nothing_recoverable({k: packet.published[k] for k in counts}, packet.groups,
                               counts, threshold)
    # No number under the threshold in any answer; no share of a hidden count.
    schools = {int(values["district_schools"])} if values["district_schools"] else set()
    for line in packet.lines:
        if "schools" in line.question.lower() and "how many schools" in line.question.lower():
            continue
        for number in numbers_in(line.answer, threshold):
            assert number >= threshold or number in schools, (line, number)
        assert not re.search(rf"(<{threshold}|hidden) \(", line.answer), line
    html = packet_html(packet, "Lakeside", "2026-05-01")
    assert f"&lt;{threshold}" in html or not packet.small
    # The file carries the report's policy: no script could run from it, nothing loads.
    assert html.index(STANDALONE_POLICY) < html.index("<title>")
    assert "default-src 'none'" in STANDALONE_POLICY


def _true_count(values: dict, key: str, students: str) -> int:
    """The count behind a packet key, worked out from the profile's values and the
    ``students`` enrolled."""
    def n(raw: str) -> int:
        return int(raw) if raw else 0

    composition = values["composition"]
    if key.startswith("composition."):
        name = key.split(".", 1)[1]
        entered = sum(n(c["students"]) for c in composition.values())
        if name == "-other":
            return int(students) - entered
        if name == "-total":
            return entered
        return int(composition[name]["students"])
    if key == "students":
        return int(students)
    centers = {f"sbhc.{c['row_id']}": c["students"] for c in values["sbhc_centers"]}
    if key == "sbhc-total":
        return sum(n(v) for v in centers.values())
    return int(centers[key])


def test_packet_lines_and_preview() -> None:
    values = {
        "district_schools": "12",
        "composition": {"asian": {"students": "120"}, "black": {"students": "7"},
                        "white": {"students": "2000"}, "hispanic": {"students": "1500"}},
        "subgroups": {"foster-care": {"students": "3"}, "english-learners": {"students": "640"}},
        "iep_students": "450", "plan504_students": "6", "ermhs_students": "40",
        "existing_partnerships": "We refer 4 students a month to Acme.",
        "sbhc": "yes", "mtss": "partly", "mtss_tier2": "Small-group counseling",
    }
    context = Context(state={"district": {"name": "Lakeside Unified"}, **enrolled("4200")})
    packet = REGISTRY["provider_packet"](values, context).as_dict()
    answers = dict(packet["rows"])
    assert packet["text"].startswith("Lakeside Unified: answers to the questions")
    assert answers["How many students does the district serve?"] == "4,200"
    composition = answers["What is the racial and ethnic composition of the student "
                          "population?"]
    assert composition.split("\n") == [
        "Asian: hidden", "Black or African American: <10", "Hispanic or Latino: 1,500 (35.7%)",
        "White: 2,000 (47.6%)", "Not reported or other: 573 (13.6%)"]
    assert answers["Does the district use a Multi-Tiered Systems of Support framework?"] == \
        "In some schools"
    preview = REGISTRY["packet_preview"](values, context).as_dict()
    assert preview["text"].startswith("3 counts under 10 are shown as “<10”, and 2 more are "
                                      "hidden")
    assert any(m.startswith("Racial and ethnic composition: Asian: hidden too, so that the "
                            "count under 10 in the racial and ethnic composition") for m in
               preview["messages"])
    assert any("“4 students” may be a count of students under 10" in m
               for m in preview["messages"])
    file = ACTIONS["provider_packet_file"](values, context).as_dict()
    assert file["media_type"] == "text/html"
    assert "<h1>Lakeside Unified: information for community providers</h1>" in file["text"]
    assert "Black or African American: &lt;10" in file["text"]
    assert "<script" not in file["text"]


def test_packet_reports_counts_that_do_not_add_up() -> None:
    values = {"composition": {"white": {"students": "90"}, "asian": {"students": "30"}}}
    packet = build_packet(values, {}, enrolled("100"))
    assert any("more than the 100 the district serves" in p for p in packet.problems)
    assert not any("racial" in line.question for line in packet.lines)
    preview = REGISTRY["packet_preview"](values, Context(state=enrolled("100"))).as_dict()
    assert preview["status"] == "error"


def test_empty_profile_shares_nothing() -> None:
    out = REGISTRY["provider_packet"]({}, Context()).as_dict()
    assert out["status"] == "incomplete" and "columns" not in out


def test_every_profile_question_reaches_the_packet() -> None:
    from helpers import ROOT

    from generator.definitions import load_worksheets

    sheet = load_worksheets(ROOT / "content" / "worksheets", REGISTRY, ACTIONS)[
        "provider-questions"]
    for spec in sheet.fields:
        if spec.type == "heading" or spec.retired:  # retired: no longer asked for
            continue
        if spec.type == "table" and spec.add_rows:
            value: object = [{"row_id": "r", "location": "North High", "students": "40"}]
        elif spec.type == "table":
            value = {row.id: {"students": "40"} for row in spec.rows}
        elif spec.type == "choice":
            value = spec.options[0].id
        else:
            value = "40" if spec.type == "number" else "An answer"
        before = build_packet({}, {}, enrolled("5000")).lines
        after = build_packet({spec.id: value}, {}, enrolled("5000")).lines
        assert after != before, f"{spec.id} does not reach the packet"


def _csv_rows(native_runtime, field: str, values: dict) -> dict[str, list[str]]:
    import csv
    import io

    text = native_runtime.table_csv("provider-questions", field, {"worksheets": {
        "provider-questions": values, **enrolled("500")}})["csv"]
    return {row[0]: row[1:] for row in csv.reader(io.StringIO(text.lstrip("\ufeff")))}


def test_the_profiles_csv_downloads_share_no_more_than_the_packet(native_runtime) -> None:
    values = {  # with 500 students enrolled (see _csv_rows)
        "composition": {"asian": {"students": "7"}, "white": {"students": "300"},
                        "hispanic": {"students": "150"}},
        "subgroups": {"foster-care": {"students": "7"},
                      "english-learners": {"students": "80"}},
        "sbhc_centers": [{"row_id": "c1", "location": "North High", "students": "6"},
                         {"row_id": "c2", "location": "South High", "students": "40"}],
    }
    composition = _csv_rows(native_runtime, "composition", values)
    assert composition["Asian"] == ["<10"]
    assert composition["White"] == ["300"] and composition["Hispanic or Latino"] == ["150"]
    assert composition["Black or African American"] == [""]
    subgroups = _csv_rows(native_runtime, "subgroups", values)
    assert subgroups["Students in foster care"] == ["<10"]
    assert subgroups["English learners"] == ["80"]
    # The centers' total is published, so the 40 is hidden too: no subtraction gives the 6.
    centers = _csv_rows(native_runtime, "sbhc_centers", values)
    assert centers["North High"] == ["", "<10", ""]
    assert centers["South High"] == ["", "hidden", ""]
    # Other worksheets' tables keep what was typed: they are the district's own.
    plan = native_runtime.table_csv("needs-estimate", "sources", {"worksheets": {
        "needs-estimate": {"sources": [{"row_id": "s", "source": "Screening",
                                        "indicated": "7"}]}}})["csv"]
    assert ",7," in plan or plan.rstrip().endswith(",7")


# ---- The same entries, the same publication ------------------------------------------

#: A count under the threshold (6 students' need already addressed) in two sums that
#: share it, so that more than one hidden count is exposed at a time: the need already
#: addressed plus the unmet need make the total need, which the sources add up to; the
#: need addressed plus the goal's added capacity make its target.
SHARED_SMALL = """
import json
from browser_py.core.suppression import Group, suppress
counts = {"need": 2895, "addressed": 6, "unmet": 2889, "target": 40, "added": 34,
          "a": 2000, "b": 895}
groups = [Group("need", ("a", "b")), Group("need", ("addressed", "unmet")),
          Group("target", ("addressed", "added"))]
print(json.dumps({k: d.status for k, d in suppress(counts, groups, 10).items()}))
"""


def test_the_same_counts_are_hidden_whatever_start_of_python_decides_them() -> None:
    """Python orders a set of strings differently on each start (hash randomisation):
    the counts hidden must not follow that order, or two devices, or two visits, would
    publish the same entries two ways that together give a hidden count away."""
    root = Path(__file__).resolve().parent.parent
    found = set()
    for seed in range(6):
        done = subprocess.run([sys.executable, "-c", SHARED_SMALL], capture_output=True,
                              text=True, check=True, cwd=root, env={
                                  **os.environ, "PYTHONHASHSEED": str(seed),
                                  "PYTHONPATH": str(root)})
        found.add(done.stdout)
    assert len(found) == 1, found
    assert json.loads(found.pop()) == {"need": SHOWN, "addressed": SMALL, "unmet": HIDDEN,
                                       "target": SHOWN, "added": HIDDEN, "a": SHOWN,
                                       "b": SHOWN}
