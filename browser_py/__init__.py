"""Worksheet logic of the Community Mental Health Partnerships Toolkit.

Pure Python (standard library only): the same code runs under pytest and, in the
browser, inside Pyodide.
"""

__version__ = "0.1.0"
