"""What the page asks of Python: the calls it makes (runtime), declared by the protocol
the worker answers, the start page's overview, the rows of ratings grids, and the words the
page shows by itself."""
