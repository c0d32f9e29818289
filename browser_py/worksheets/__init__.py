"""The worksheets' computations and downloads: one module per worksheet or family of
worksheets. Each registers its functions with :mod:`browser_py.core.computations` when
imported; :func:`load` imports every module in this package, so a new module needs no
list to be added to."""

from __future__ import annotations

import importlib
import pkgutil


def load() -> list[str]:
    """Import every module of this package (each registers its computations); return
    their names. Safe to call again."""
    names = sorted(info.name for info in pkgutil.iter_modules(__path__))
    for name in names:
        importlib.import_module(f"{__name__}.{name}")
    return names
