"""Done, defined once: whether a worksheet is complete, and what it still misses.

Every status word the toolkit shows ("Not started", "40% done", "Complete"), the next
step on the start page, the report's "Still missing" lines and each worksheet's own
results read :func:`of`. The rule:

- A worksheet is *started* when any of its fields holds an entry beyond its starting
  value (optional fields included).
- Its *required* fields are every field that saves a value, except those its definition
  marks ``optional: true`` (and the enrollment by group used only when counting from
  files). A required field left empty is missing, named by its label.
- A worksheet module may register a check (:func:`register_check`) that adds what the
  fields alone cannot tell: a source row without its numbers, a checklist without a
  rating, tasks not done. A check names the fields it already speaks for (``covers``),
  so one gap is never named twice, and may count the parts done (``progress``).
- A computed output that counts parts done (the project plan's steps) counts them when
  no check does.

A worksheet is complete only when it is started, misses nothing and every part it
counts is done: "Complete" never sits beside a "Still missing" or a "0 of 2".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .computations import Context, Values
from .figures import percent_done
from .model import Field, Worksheet


@dataclass
class Check:
    """What a worksheet module says about its own completeness."""

    missing: list[str] = field(default_factory=list)  # what is still missing, in words
    covers: tuple[str, ...] = ()  # field ids whose absence ``missing`` already names
    progress: tuple[int, int] | None = None  # parts done of all parts, when counted


CheckFunction = Callable[[Values, Context], Check]
#: Each worksheet's own check, by worksheet id (see :func:`register_check`).
CHECKS: dict[str, CheckFunction] = {}


def register_check(worksheet: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the function that tells what ``worksheet`` still misses beyond its
    required fields; one per worksheet."""
    def add(func: CheckFunction) -> CheckFunction:
        if worksheet in CHECKS and CHECKS[worksheet] is not func:
            raise ValueError(f"Two functions check whether {worksheet!r} is complete.")
        CHECKS[worksheet] = func
        return func
    return add


@dataclass(frozen=True)
class Completion:
    """Where one worksheet stands."""

    started: bool
    done: int
    total: int
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Started, nothing missing, and every counted part done."""
        return self.started and not self.missing and self.total > 0 and self.done >= self.total

    @property
    def words(self) -> str:
        """The status as the start page, the next step and the report word it."""
        if not self.started:
            return "Not started"
        if self.complete:
            return "Complete"
        if not self.total:  # started, nothing to count yet (a plan with every step removed)
            return "Started"
        if self.done >= self.total:  # every part counted, something still missing
            return "Almost done"
        return f"{percent_done(self.done, self.total)} done"

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the page."""
        return {"started": self.started, "complete": self.complete, "done": self.done,
                "total": self.total, "words": self.words, "missing": list(self.missing)}


def has_entry(value: Any) -> bool:
    """Whether a value holds anything a person typed or chose (text, a tick, a row)."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | dict):
        return any(has_entry(item) for item in (value.values() if isinstance(value, dict)
                                                 else value))
    return value is True


def _entered(spec: Field, values: Values) -> bool:
    value = values.get(spec.id)
    return value is not None and value != spec.empty_value() and has_entry(value)


def required_fields(sheet: Worksheet) -> tuple[Field, ...]:
    """The fields a complete worksheet holds: every value field not marked optional (nor
    retired: no longer asked for)."""
    by_files = sheet.count_from_files.get("enrollment")
    return tuple(spec for spec in sheet.value_fields
                 if not spec.optional and not spec.retired and spec.id != by_files)


def started(sheet: Worksheet, values: Values) -> bool:
    """Whether any field, optional ones included, holds an entry (a retired field's
    value, typed before the page stopped asking for it, does not count)."""
    return any(_entered(spec, values) for spec in sheet.value_fields if not spec.retired)


def of(sheet: Worksheet, values: Values, context: Context | None = None,
       outputs: dict[str, dict[str, Any]] | None = None) -> Completion:
    """Where ``sheet`` stands with these values: the one rule every view uses."""
    context = context or Context()
    check = CHECKS[sheet.id](values, context) if sheet.id in CHECKS else Check()
    # Each required field is one part, and each gap the check names another: a field the
    # check covers counts once filled, and through the check's gaps while empty.
    required = [spec for spec in required_fields(sheet)
                if spec.id not in check.covers or _entered(spec, values)]
    gaps = [spec.label for spec in required if not _entered(spec, values)]
    done = sum(_entered(spec, values) for spec in required)
    total = len(required) + len(check.missing)
    counted = check.progress or next(
        (tuple(output["progress"]) for output in (outputs or {}).values()
         if output.get("progress")), None)
    if counted is not None:
        done, total = int(counted[0]), int(counted[1])
        if done < total and not check.progress:
            gaps.append(f"{total - done} of {total} parts not done yet")
    return Completion(started(sheet, values), done, total, (*gaps, *check.missing))


def listing(missing: tuple[str, ...] | list[str], shown: int = 3) -> str:
    """What is missing, as one line: the first few, then how many more."""
    items = list(missing)
    if len(items) <= shown:
        return "; ".join(items)
    return "; ".join(items[:shown]) + f"; and {len(items) - shown} more"
