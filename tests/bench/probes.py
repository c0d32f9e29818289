"""One measurement each, in Chromium: times come from the page's own clock
(``performance.now()``, from navigation start), bytes from Playwright's request sizes
(encoded body bytes, the worker's requests included), memory from CDP."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

READY = "html[data-python=ready]"
BOOT_TIMEOUT_MS = 180_000
# Installed before any page script: note when <html data-python> turns "ready".
READY_CLOCK = """
new MutationObserver(() => {
  if (!window.__benchReadyAt && document.documentElement?.dataset.python === "ready") {
    window.__benchReadyAt = performance.now();
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-python"] });
"""
# Instant navigation to the page whose path ends with `target`; resolves with the ms from
# the click until every computed output of its worksheets has left "pending".
NAVIGATE = """async (target) => {
  const link = [...document.querySelectorAll("a[href]")]
    .find((a) => new URL(a.href, location.href).pathname.endsWith("/" + target));
  if (!link) throw new Error("no link to " + target);
  const shown = () => {
    if (!location.pathname.endsWith("/" + target)) return false;
    const outputs = [...document.querySelectorAll("[data-worksheet] .ws-output")];
    return outputs.length > 0 && outputs.every((o) => o.dataset.status !== "pending");
  };
  const started = performance.now();
  const done = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (shown()) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true,
                                 characterData: true });
  });
  link.click();
  return await done;
}"""
# `count` edits of one number field; each resolves when the worksheet's outputs change.
EDITS = """async ({ field, section, count }) => {
  const input = document.querySelector(field);
  const outputs = document.querySelector(section);
  if (!input || !outputs) throw new Error("edit field or outputs not found");
  const times = [];
  for (let i = 0; i < count; i++) {
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(outputs, { subtree: true, childList: true, characterData: true,
                                  attributes: true, attributeFilter: ["data-status"] });
    });
    input.value = String(120 + (i % 2 ? i : 2 * i));
    const started = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    times.push((await changed) - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return times;
}"""
# Whether the offline copy is complete: the service worker installed and controls the page.
OFFLINE_KEPT = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  return navigator.serviceWorker.controller && registration?.active && !registration.installing
    && !registration.waiting ? 1 : null;
}"""
#: A file downloaded more than once counts when it is larger than this (bytes sent).
TWICE_OVER = 100_000
FCP = """() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null"""
# Files that belong to the Python runtime (none may load on a reading page).
PYTHON_FILES = ("/pyodide/", "worker.mjs", "browser_py.zip", "worksheets.json")


@dataclass
class Visit:
    """What one page load gave."""

    ready_ms: float | None = None
    bytes_total: int = 0
    bytes_python: int = 0
    requests: int = 0
    memory: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


class Probe:
    """Measurements in one Chromium; each opens a fresh context (an empty cache)."""

    def __init__(self, browser, blank: str) -> None:
        self.browser = browser
        self.blank = blank

    def _page(self, context):
        """A page that has shown a blank page of the same origin: the renderer process is
        up, so timings start at navigation, not at process start; the cache stays empty."""
        page = context.new_page()
        page.goto(self.blank)
        return page

    def _context(self):
        context = self.browser.new_context()
        context.add_init_script(READY_CLOCK)
        return context

    def cold(self, url: str, throttle: dict | None = None, memory: bool = True,
             cpu: float = 1) -> Visit:
        """Navigate with an empty cache; time to ready, bytes, the worker's memory.
        ``throttle`` emulates a network; ``cpu`` slows the CPU that many times."""
        context = self._context()
        try:
            page = self._page(context)
            return self._visit(page, url, throttle=throttle, memory=memory, cpu=cpu)
        finally:
            context.close()

    def first_visit(self, url: str, wire, python: bool = True) -> Visit:
        """A first visit, counted at the server (``wire``, a :class:`sites.Wire`): the
        bytes until the page is ready (Python ready, or loaded on a reading page), then
        the whole visit once the offline copy is complete, and the files over
        :data:`TWICE_OVER` bytes downloaded more than once."""
        context = self._context()
        try:
            page = self._page(context)
            wire.reset()
            if python:
                page.goto(url, wait_until="commit")
                page.wait_for_selector(READY, timeout=BOOT_TIMEOUT_MS, state="attached")
            else:
                page.goto(url, wait_until="load")
            ready, _, _ = wire.snapshot()
            _poll(lambda: page.evaluate(OFFLINE_KEPT), 180, "offline copy kept")
            whole, sent, downloads = wire.snapshot()
            twice = sorted(path for path, n in downloads.items()
                           if n > 1 and sent[path] / n > TWICE_OVER)
            return Visit(bytes_total=whole, requests=sum(downloads.values()),
                         extra={"bytes_ready": ready, "twice": twice})
        finally:
            context.close()

    def warm(self, url: str) -> Visit:
        """Load once to fill the HTTP cache, then time a second load in a new tab."""
        context = self._context()
        try:
            first = self._page(context)
            self._visit(first, url, memory=False)
            first.close()
            return self._visit(self._page(context), url, memory=False)
        finally:
            context.close()

    def after_reading(self, reading: str, url: str) -> Visit:
        """Read ``reading`` until its service worker keeps the offline copy and controls
        the page, then open ``url``: Python ready from the kept files."""
        context = self._context()
        try:
            page = self._page(context)
            page.goto(reading, wait_until="load")
            _poll(lambda: page.evaluate("() => navigator.serviceWorker.controller ? 1 : null"),
                  120, "offline copy kept")
            return self._visit(page, url, memory=False)
        finally:
            context.close()

    def second_page(self, url: str, target: str) -> Visit:
        """Boot on ``url``, then time instant navigation to ``target`` until computed."""
        context = self._context()
        try:
            page = self._page(context)
            visit = self._visit(page, url, memory=False)
            visit.extra["navigate_ms"] = page.evaluate(NAVIGATE, target)
            visit.extra["boots"] = page.get_attribute("html", "data-python-boots")
            visit.extra["path"] = page.evaluate("() => location.pathname")
            return visit
        finally:
            context.close()

    def edits(self, url: str, field: str, section: str, count: int) -> dict:
        """Boot on ``url``, make ``count`` edits; the ms of each edit to its result
        (``times``), and the worker's memory once ready and after the edits."""
        context = self._context()
        try:
            page = self._page(context)
            self._visit(page, url, memory=False)
            page.locator(f"{section} .ws-output:not([data-status=pending])").first.wait_for()
            before = worker_memory(self.browser)
            times = page.evaluate(EDITS, {"field": field, "section": section, "count": count})
            return {"times": times, "before": before, "after": worker_memory(self.browser)}
        finally:
            context.close()

    def count_file(self, url: str, upload: str) -> dict:
        """Boot on ``url``, count the needs estimate's first row from the file at
        ``upload``: ms to read it (until its columns show) and to count it
        (until the row's number is written), ms from removing it to a fresh worker ready,
        and the worker's memory before the file, with it, and once it was removed."""
        panel = "[data-file-counts]"
        context = self._context()
        try:
            page = self._page(context)
            self._visit(page, url, memory=False)
            page.wait_for_selector(f"{panel}:not([hidden])")
            before = worker_memory(self.browser)
            page.select_option(f"{panel} [data-file-row]", "screeners")
            started = time.monotonic()
            page.set_input_files(f"{panel} [data-file-input]", files=[upload])
            page.wait_for_selector(f"{panel} [data-file-columns]:not([hidden])",
                                   timeout=BOOT_TIMEOUT_MS)
            read_ms = (time.monotonic() - started) * 1000
            started = time.monotonic()
            page.click(f"{panel} [data-file-use]")
            page.wait_for_selector(f"{panel} [data-file-remove]", timeout=BOOT_TIMEOUT_MS)
            count_ms = (time.monotonic() - started) * 1000
            held = worker_memory(self.browser)
            started = time.monotonic()
            page.click(f"{panel} [data-file-remove]")
            # No file left: the page starts a fresh worker, which gives the memory back.
            page.wait_for_selector("html[data-python-boots='2']", state="attached",
                                   timeout=BOOT_TIMEOUT_MS)
            renew_ms = (time.monotonic() - started) * 1000
            after = worker_memory(self.browser)
            return {"read_ms": read_ms, "count_ms": count_ms, "renew_ms": renew_ms,
                    "before": before, "held": held, "after": after}
        finally:
            context.close()

    def paint(self, url: str) -> tuple[float, Visit]:
        """First contentful paint (ms) of ``url`` with an empty cache, and the page's bytes."""
        context = self._context()
        try:
            page = self._page(context)
            requests = _recorder(page)
            page.goto(url, wait_until="load")
            fcp = _poll(lambda: page.evaluate(FCP), what="first contentful paint")
            page.wait_for_load_state("networkidle")
            visit = Visit()
            _count(visit, requests)
            return fcp, visit
        finally:
            context.close()

    def _visit(self, page, url: str, throttle: dict | None = None, memory: bool = True,
               cpu: float = 1) -> Visit:
        requests = _recorder(page)
        if throttle or cpu != 1:
            session = page.context.new_cdp_session(page)
        if throttle:
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", {"offline": False, **throttle})
        if cpu != 1:
            session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        page.goto(url, wait_until="commit")
        page.wait_for_selector(READY, timeout=BOOT_TIMEOUT_MS, state="attached")
        visit = Visit(ready_ms=page.evaluate("() => window.__benchReadyAt"))
        visit.extra["start"] = page.get_attribute("html", "data-python-start")
        if memory:
            visit.memory = worker_memory(self.browser)
        page.wait_for_load_state("networkidle")
        _count(visit, requests)
        return visit


def worker_memory(browser) -> dict:
    """The Python worker's memory by CDP ``Runtime.getHeapUsage`` on its target: the JS heap
    in use, and the ArrayBuffer backing stores (which hold the WebAssembly memory)."""
    session = browser.new_browser_cdp_session()
    try:
        targets = session.send("Target.getTargets")["targetInfos"]
        workers = [t for t in targets if t["type"] == "worker" and t["url"].endswith("worker.mjs")]
        if not workers:
            return {}
        replies: list[dict] = []
        session.on("Target.receivedMessageFromTarget",
                   lambda event: replies.append(json.loads(event["message"])))
        # Non-flat attachment: the worker's protocol is spoken through this session.
        attached = session.send("Target.attachToTarget",
                                {"targetId": workers[-1]["targetId"], "flatten": False})
        calls = iter(range(1, 100))

        def call(method: str, **params) -> dict:
            number = next(calls)
            session.send("Target.sendMessageToTarget", {
                "sessionId": attached["sessionId"],
                "message": json.dumps({"id": number, "method": method, "params": params}),
            })

            def reply():
                session.send("Browser.getVersion")  # lets Playwright deliver pending events
                return next((r for r in replies if r.get("id") == number), None)

            answer = _poll(reply, what=f"reply to {method}")
            if "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            return answer.get("result", {})

        call("HeapProfiler.collectGarbage")
        usage = call("Runtime.getHeapUsage")
        # WebAssembly memory is not in V8's heap figures (nor in measureUserAgentSpecific-
        # Memory): both workers report the size of Pyodide's memory for diagnostics.
        wasm = call("Runtime.evaluate", expression="self.pythonMemoryBytes?.() ?? 0",
                    returnByValue=True)["result"]["value"]
        session.send("Target.detachFromTarget", {"sessionId": attached["sessionId"]})
        heap, buffers = usage["usedSize"], usage.get("backingStorageSize", 0)
        return {"js_heap_used": heap, "array_buffers": buffers, "wasm_memory": wasm,
                "total": heap + buffers + wasm}
    finally:
        session.detach()


def _recorder(page) -> list:
    requests: list = []
    page.on("requestfinished", lambda request: requests.append(request))
    return requests


def _count(visit: Visit, requests: list) -> None:
    for request in requests:
        response = request.response() if request.failure is None else None
        if response is not None and response.from_service_worker:
            continue  # kept by the service worker: nothing came over the wire
        size = request.sizes()["responseBodySize"]
        visit.bytes_total += size
        visit.requests += 1
        if any(part in request.url for part in PYTHON_FILES):
            visit.bytes_python += size


def _poll(check, timeout_s: float = 10.0, what: str = "an answer"):
    """Call ``check`` until it returns something other than None; raise TimeoutError when
    ``timeout_s`` passes first."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value is not None:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {what} within {timeout_s:.0f} s")
        time.sleep(0.02)
