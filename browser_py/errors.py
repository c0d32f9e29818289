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
