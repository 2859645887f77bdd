# Two commands on a fresh machine:
#   make demo   set everything up and compile editions/2021 into build/2021/
#   make test   set everything up and run the test suite
# and a third to try the submission portal on the embedded database:
#   make portal   (a copy of editions/2021 in build/portal-demo/, served at http://127.0.0.1:8800/)

# A Python 3.12 or later (the portal's Django 6.1 needs it): tools/find-python.sh looks on PATH, in pyenv, in /usr/bin.
PYTHON ?= $(shell tools/find-python.sh 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin

# What WeasyPrint needs to lay out Chinese text and subset fonts quickly.
RUNTIME_PACKAGES := fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# What the tests read outputs with: pdftotext/pdffonts, LibreOffice to render the DOCX, Chromium and its
# WebDriver to load the web edition, Node.js and npm to install axe-core (tests/browser/package-lock.json).
# PostgreSQL: the portal's tests run once more against a throwaway cluster (tests/portal/postgres.py).
TEST_PACKAGES := poppler-utils libreoffice-writer-nogui chromium chromium-driver nodejs postgresql

.PHONY: demo test format portal setup setup-test system-packages test-packages python-version bench clean

demo: setup
	$(BIN)/compile edition 2021

test: setup-test
	$(BIN)/pytest

# The one formatter and linter (pyproject.toml's [tool.ruff]); the test suite checks both (tests/test_lint.py).
format: setup-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

portal: setup
	$(BIN)/python tools/portal_demo.py

setup: system-packages python-version $(VENV)/.installed

setup-test: system-packages test-packages python-version $(VENV)/.installed-test tests/browser/node_modules/.installed

system-packages:
	@tools/install-system-deps.sh $(RUNTIME_PACKAGES) poppler-utils

test-packages:
	@tools/install-system-deps.sh $(TEST_PACKAGES)
	@# Debian's npm is a package of its own; other Node.js builds (NodeSource) bring npm and refuse Debian's.
	@command -v npm >/dev/null 2>&1 || tools/install-system-deps.sh npm

# A .venv made with a Python older than 3.12 (before the portal) is made again.
python-version:
	@if [ -x $(BIN)/python ] && ! $(BIN)/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
		echo "recreating $(VENV): it was made with a Python older than 3.12"; rm -rf $(VENV); fi

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || tools/find-python.sh
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

# axe-core, run inside the page by the browser tests: the version and checksum the lock file pins.
tests/browser/node_modules/.installed: tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Whole commands as users run them (start-up, layout processes, the 10x synthetic edition),
# then the stages of one compile inside one process.
bench: setup
	$(BIN)/python bench/speed_bench.py --year 2021
	$(BIN)/python bench/compile_bench.py 2021

clean:
	rm -rf build
