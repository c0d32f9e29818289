"""Documents made from the entries: the full report and its shareable version, and
the files downloaded from worksheets (Markdown text, CSV tables, calendar files)."""
