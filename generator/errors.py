"""The one error the generator raises for a bad worksheet definition or placement."""

from __future__ import annotations


class DefinitionError(Exception):
    """A worksheet definition or placement is invalid.

    The message names the file, the worksheet, the field, what was expected and what
    was found, so a district editing the YAML can fix it without reading code.
    """

    def __init__(
        self,
        source: str,
        expected: str,
        found: str,
        *,
        worksheet: str | None = None,
        field: str | None = None,
        field_kind: str = "field",
    ) -> None:
        self.source = source
        self.worksheet = worksheet
        self.field = field
        self.expected = expected
        self.found = found
        where = [source]
        if worksheet:
            where.append(f'worksheet "{worksheet}"')
        if field:
            where.append(f'{field_kind} "{field}"')
        super().__init__(f"{' › '.join(where)}: expected {expected}; found {found}.")
