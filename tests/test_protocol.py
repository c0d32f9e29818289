"""The page-worker protocol: every request the page sends is declared, and every failure
comes back as a reply the person can read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browser_py.page import protocol

TOOLKIT = Path(__file__).resolve().parent.parent / "site_templates/overrides/assets/toolkit"


def reply(method: str, args: object) -> dict:
    text = args if isinstance(args, str) else json.dumps(args)
    return json.loads(protocol.call(method, text))


def page_requests() -> list[tuple[str, set[str]]]:
    """Every ``ask("method", {key: ...})`` in the page's modules, with its argument names."""
    found = []
    for path in TOOLKIT.glob("*.mjs"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\bask\("([a-z_]+)",\s*\{', source):
            depth, end = 1, match.end()
            while depth:
                depth += {"{": 1, "}": -1}.get(source[end], 0)
                end += 1
            body = source[match.end():end - 1]
            # Top-level keys only: drop nested objects and calls' arguments.
            flat = re.sub(r"\{[^{}]*\}|\([^()]*\)", "", re.sub(r"\{[^{}]*\}", "", body))
            keys = set(re.findall(r"(?:^|,)\s*([a-z_]+)\s*(?=[:,]|$)", flat.strip()))
            found.append((match.group(1), keys))
    return found


def test_the_page_sends_only_declared_requests_with_their_arguments() -> None:
    sent = page_requests()
    assert len(sent) >= 10
    for method, keys in sent:
        assert method in protocol.REQUESTS, method
        required, optional = protocol.REQUESTS[method].arguments
        assert set(required) <= keys <= set(required) | set(optional), (method, keys)


def test_every_declared_request_is_sent_by_the_page() -> None:
    assert {method for method, _ in page_requests()} == set(protocol.REQUESTS)


@pytest.mark.usefixtures("native_runtime")
@pytest.mark.parametrize(("method", "args", "says"), [
    ("no_such_request", {}, 'asked the calculator for "no_such_request"'),
    ("refresh", "{not json", 'unreadable details for "refresh"'),
    ("refresh", [1, 2], 'unreadable details for "refresh"'),
    ("refresh", {"state": {}, "today": "2026-12-01", "page": {}, "extra": 1},
     "unexpected: extra; missing: none"),
    ("refresh", {"state": {}}, "missing: today, page"),
    ("refresh", {"state": {}, "today": "2026-12-01", "page": [1]},
     "unreadable details of what it shows"),
    ("refresh", {"state": {}, "today": "2026-12-01",
                 "page": {"worksheets": ["no-such-worksheet"]}},
     'no worksheet called "no-such-worksheet"'),
    ("check_file_size", {"size": "big"}, "unexpected problem (TypeError"),
    ("refresh", "[" * 100_000, 'unreadable details for "refresh"'),
])
def test_a_bad_request_gets_a_reply_not_an_exception(method: str, args: object,
                                                     says: str) -> None:
    answer = reply(method, args)
    assert answer["ok"] is False
    assert says in answer["error"]
    assert "Traceback" not in answer["error"]


@pytest.mark.usefixtures("native_runtime")
def test_a_good_request_gets_its_result() -> None:
    answer = reply("check_file_size", {"size": 10})
    assert answer == {"ok": True, "result": answer["result"]} and answer["result"]["ok"]


def test_argument_names_come_from_the_handlers() -> None:
    assert protocol.REQUESTS["refresh"].arguments == (("state", "today", "page"),
                                                      ("meta", "now", "record"))
    assert protocol.REQUESTS["check_file_size"].arguments == (("size",), ())


@pytest.mark.usefixtures("native_runtime")
@pytest.mark.parametrize("depth", [50, 900, 5000])
def test_deeply_nested_saved_entries_get_a_reply(depth: int) -> None:
    nested = "[" * depth + "]" * depth
    answer = reply("restore", f'{{"state": {{"worksheets": {{"goal": {{"goal": {nested}}}}}}}}}')
    assert isinstance(answer["ok"], bool)
    assert answer["ok"] or "Traceback" not in answer["error"]
