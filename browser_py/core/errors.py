"""The one error type the toolkit raises for input a person has to fix."""

from __future__ import annotations

from collections.abc import Sequence

PATH_SEPARATOR = " › "


def format_path(parts: Sequence[str]) -> str:
    """Join the parts of a location (worksheet, field, row, column) for display."""
    return PATH_SEPARATOR.join(parts)


class ToolkitError(Exception):
    """A problem described for a non-technical reader.

    ``message`` says what was wrong and what to do about it. ``path`` (optional)
    says where: for example ``needs-estimate › sources › row 3 › indicated``.
    """

    def __init__(self, message: str, path: str | Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        if path is not None and not isinstance(path, str):
            path = format_path(path)
        self.path: str | None = path or None

    def __str__(self) -> str:
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message

    def to_dict(self) -> dict[str, str | None]:
        """Return the error as plain data, for handing to the page's JavaScript."""
        return {"message": self.message, "path": self.path}


class DefinitionError(ToolkitError):
    """A worksheet definition, a placement or a site setting is invalid.

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
        super().__init__(f"expected {expected}; found {found}.", where)
