"""All worksheets of a site, as validation, restoring and every view need them, and
the check of one worksheet's saved values against them.

A :class:`Schema` holds the model of :mod:`browser_py.core.model`, built by the one
checker of :mod:`browser_py.core.definitions` (from the YAML files when the site is
built, from ``worksheets.json`` in the browser); each field's value is checked by
:mod:`browser_py.core.state`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from browser_py.core.definitions import check_worksheets
from browser_py.core.errors import ToolkitError
from browser_py.core.model import Field, Worksheet
from browser_py.core.state import describe_value, normalise_field

#: Where definitions handed to :meth:`Schema.from_definitions` are said to come from.
DEFINITIONS_SOURCE = "worksheets.json"


@dataclass(frozen=True)
class Schema:
    """All worksheets of a site, keyed by id in definition order."""

    worksheets: Mapping[str, Worksheet]

    @classmethod
    def from_definitions(
        cls, definitions: object, known_functions: Iterable[str] | None = None,
        known_actions: Iterable[str] | None = None, source: str = DEFINITIONS_SOURCE,
    ) -> Schema:
        """Build a schema from worksheet definitions as plain data (the definitions'
        language, as :meth:`Worksheet.as_data` writes it).

        ``known_functions`` and ``known_actions`` default to what ``browser_py``
        registers. Raises :class:`~browser_py.core.errors.DefinitionError` naming the
        worksheet and field when a definition does not fit.
        """
        if known_functions is None or known_actions is None:
            from browser_py.core.computations import ACTIONS, REGISTRY

            known_functions = REGISTRY if known_functions is None else known_functions
            known_actions = ACTIONS if known_actions is None else known_actions
        return cls(worksheets=check_worksheets(definitions, source, known_functions,
                                               known_actions))

    def ratings_fields(self, worksheet_id: str) -> tuple[Field, ...]:
        """A worksheet's ratings fields, at the top level or inside a repeat's items."""
        return tuple(self.worksheet(worksheet_id).ratings_fields())

    @property
    def rating_sources(self) -> tuple[str, ...]:
        """The worksheets whose tables give some ratings field its rows."""
        sources: list[str] = []
        for worksheet_id in self.worksheets:
            for spec in self.ratings_fields(worksheet_id):
                assert spec.source is not None
                if spec.source.worksheet not in sources:
                    sources.append(spec.source.worksheet)
        return tuple(sources)

    @property
    def worksheet_ids(self) -> tuple[str, ...]:
        """The worksheet ids in definition order."""
        return tuple(self.worksheets)

    def has_worksheet(self, worksheet_id: object) -> bool:
        """Whether a worksheet with this id exists."""
        return isinstance(worksheet_id, str) and worksheet_id in self.worksheets

    def worksheet(self, worksheet_id: str) -> Worksheet:
        """The worksheet with this id; raises ToolkitError if there is none."""
        if not self.has_worksheet(worksheet_id):
            raise ToolkitError(
                f'This toolkit has no worksheet called "{worksheet_id}".', [str(worksheet_id)]
            )
        return self.worksheets[worksheet_id]

    def empty_values(self, worksheet_id: str) -> dict[str, Any]:
        """The values of a fresh worksheet: defaults for every field, starter rows included.

        Text, number, date, choice and rating fields are ``""``, multiple-choice
        fields ``[]``, checkboxes ``False``; fixed-rows tables hold every row with
        empty cells and added-rows tables hold their starter rows.
        """
        return self.worksheet(worksheet_id).starting_values()


def normalise_values(schema: Schema, worksheet_id: str, values: object) -> dict[str, Any]:
    """Check one worksheet's values and return a tidy copy.

    Fields missing from ``values`` get their default (see
    :meth:`Schema.empty_values`); a ``null`` in a text, number, date, choice or
    rating field counts as empty; a number given as a JSON number becomes the
    text it would have been typed as; repeated choices in a multiple-choice
    field are kept once; broken characters (lone surrogates) become U+FFFD.

    Raises :class:`ToolkitError` with a path such as
    ``needs-estimate › sources › row 3 › indicated`` for anything else that
    does not fit: wrong types, unknown fields, rows or option ids, dates not
    written YYYY-MM-DD, missing or repeated row ids, text or tables over the
    size limits.
    """
    if not schema.has_worksheet(worksheet_id):
        raise ToolkitError(
            f'This toolkit has no worksheet called "{worksheet_id}". The entries may come '
            "from a different or newer version of the toolkit.",
            [str(worksheet_id)],
        )
    sheet = schema.worksheets[worksheet_id]
    path = (worksheet_id,)
    if not isinstance(values, dict):
        raise ToolkitError(
            f'The entries for "{sheet.title}" should be a group of named fields, '
            f"but they are {describe_value(values)}.",
            path,
        )
    for key in values:
        if sheet.field(key) is None:
            raise ToolkitError(
                f'The worksheet "{sheet.title}" has no field called "{key}". The entries may '
                "come from a different or newer version of the toolkit.",
                (*path, str(key)),
            )
    result: dict[str, Any] = {}
    for spec in sheet.value_fields:
        if spec.id in values:
            result[spec.id] = normalise_field(spec, values[spec.id], (*path, spec.id))
        else:
            result[spec.id] = spec.empty_value()
    return result
