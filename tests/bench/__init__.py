"""The benchmark: ``python -m tests.bench`` (``make bench``); see __main__.py."""
