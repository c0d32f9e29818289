# Quick start: `make serve` (set up, build, serve on http://127.0.0.1:8000) and
# `make test` (set up and run every test). Each target installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve test lint chromium nginx libreoffice dist bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

setup: $(STAMP) node_modules/.package-lock.json

site: setup
	$(BIN)/mkdocs build --clean --site-dir site

serve: setup
	TOOLKIT_SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs build --clean --site-dir site
	$(BIN)/python -m generator.serve --port 8000 site

chromium:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# Debian's nginx, for the test of the hosting example (skipped where it is missing).
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx-light; } } || \
	  echo "nginx not installed: its test will be skipped"

# Debian's LibreOffice (no window), to check that the Word and Excel files open: the tests
# convert them to PDF, and skip that check where it cannot be installed.
libreoffice:
	@command -v soffice >/dev/null 2>&1 || \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
	      --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui; } } || \
	  echo "LibreOffice not installed: the Word and Excel conversion tests will be skipped"

# A zip of the built site for districts without Git: unzip it onto any static server.
dist: site
	$(BIN)/python -m generator.deploy zip --site site --out dist/toolkit.zip

lint: $(STAMP)
	$(BIN)/ruff check generator browser_py tests

# Two test processes share the machine; the tests that judge time or the link's speed run
# after them, alone.
test: setup chromium nginx libreoffice lint
	$(BIN)/python -m pytest -n 2 -m "not alone"
	$(BIN)/python -m pytest -m alone

# Speed against bare Pyodide and plain mkdocs-material, measured in one run (a few
# minutes): prints a table and writes bench-results.json. Not part of `make test`.
bench: setup chromium
	$(BIN)/python -m tests.bench

clean:
	rm -rf site dist .pytest_cache
