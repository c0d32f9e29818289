"""Worksheet logic of the Community Mental Health Partnerships Toolkit.

Pure Python (standard library only): the same code runs under pytest and, in the
browser, inside Pyodide.
"""

__version__ = "0.1.0"

# Every worksheet module registers its computations when imported; load them all, so
# that whatever a program imports first, the registry is complete.
from browser_py.worksheets import load as _load_worksheets  # noqa: E402

_load_worksheets()
