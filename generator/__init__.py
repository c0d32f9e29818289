"""Site generator: an MkDocs plugin and a Markdown extension that render worksheets."""
