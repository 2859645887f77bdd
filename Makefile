# Two commands on a fresh machine:
#   make demo   set everything up and compile editions/2021 into build/2021/
#   make test   set everything up and run the test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# What WeasyPrint needs to lay out Chinese text and subset fonts quickly.
RUNTIME_PACKAGES := fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# What the tests read outputs with: pdftotext/pdffonts, and LibreOffice to render the DOCX.
TEST_PACKAGES := poppler-utils libreoffice-writer-nogui

.PHONY: demo test setup setup-test system-packages test-packages bench clean

demo: setup
	$(BIN)/compile edition 2021

test: setup-test
	$(BIN)/pytest

setup: system-packages $(VENV)/.installed

setup-test: system-packages test-packages $(VENV)/.installed-test

system-packages:
	@tools/install-system-deps.sh $(RUNTIME_PACKAGES) poppler-utils

test-packages:
	@tools/install-system-deps.sh $(TEST_PACKAGES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

# Whole commands as users run them (start-up, layout processes, the 10x synthetic edition),
# then the stages of one compile inside one process.
bench: setup
	$(BIN)/python bench/speed_bench.py --year 2021
	$(BIN)/python bench/compile_bench.py 2021

clean:
	rm -rf build
