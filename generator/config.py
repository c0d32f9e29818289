"""The toolkit plugin's typed settings (the ``toolkit`` entry under ``plugins:``).

Each option is checked when MkDocs reads ``mkdocs.yml``: a wrong value stops the build
before any page is read, with a message saying what was expected and what was found.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class RelativeFolder(c.Type[str]):
    """A folder written as a path relative to another folder (``inside``) and staying in
    it: not empty, not absolute, no ``..``. The value is given back with ``/`` and no
    trailing slash (``assets/toolkit/`` becomes ``assets/toolkit``)."""

    def __init__(self, inside: str, default: str) -> None:
        super().__init__(str, default=default)
        self.inside = inside

    def run_validation(self, value: object) -> str:
        path = PurePosixPath(value) if isinstance(value, str) and value.strip() else None
        if path is None or path.is_absolute() or ".." in path.parts or path.parts == ():
            raise ValidationError(
                f"expected a folder inside {self.inside}, written as a relative path such "
                f"as {self.default!r}; found {value!r}")
        return path.as_posix()


class NpmPackageFolder(c.Dir):
    """The folder of an installed npm package, relative to ``mkdocs.yml`` (or absolute);
    given back as an absolute path. A missing folder says how to install it."""

    def __init__(self, package: str) -> None:
        super().__init__(exists=False, default=f"node_modules/{package}")
        self.package = package

    def run_validation(self, value: object) -> str:
        expected = f'expected the folder of the installed npm package "{self.package}"'
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{expected}, such as {self.default!r}; found {value!r}")
        path = super().run_validation(value)
        if not os.path.isdir(path):
            raise ValidationError(
                f"{expected}; found no folder at {path}. Run `npm ci` (make site does "
                "this) to install the pinned npm packages.")
        return path


class SettingsFile(c.File):
    """An edition's settings file, relative to ``mkdocs.yml`` (or absolute); given back as
    an absolute path. Its contents are checked when the plugin reads it."""

    def __init__(self) -> None:
        super().__init__(exists=False)

    def run_validation(self, value: object) -> str:
        expected = "expected an edition's settings file, such as 'content/settings.yml'"
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"{expected}; found {value!r}")
        path = super().run_validation(value)
        if not os.path.isfile(path):
            raise ValidationError(f"{expected}; found no file at {path}")
        return path


class ToolkitConfig(base.Config):
    """Settings of the toolkit plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    # Folder of worksheet definitions, relative to docs_dir; not published as pages.
    worksheets_dir = RelativeFolder("docs_dir", default="worksheets")
    # Installed npm package whose core files are vendored into the site.
    pyodide_dir = NpmPackageFolder("pyodide")
    # Installed npm package whose Word writer is vendored into the site (.docx files).
    docx_dir = NpmPackageFolder("docx")
    # Where, inside the built site, the toolkit writes its generated assets.
    assets_dir = RelativeFolder("the built site", default="assets/toolkit")
    # The edition's settings file (district name, colours, threshold...), relative to
    # mkdocs.yml; left out (or empty), the build makes the standard edition.
    settings = c.Optional(SettingsFile())
