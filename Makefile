# The two commands of the README: `make book` and `make test`.
SHELL := /bin/bash
# Both set up a virtual environment (.venv) from pinned requirements first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
HTML   := $(BUILD)/html/index.html

.PHONY: book test setup strict clean clean-all help

help:
	@echo "make book   set up .venv, execute every chapter, build the HTML book"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make clean  remove the built book (keeps the execution cache)"

# Create the venv if missing; reinstall when requirements or the package change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# Execute every chapter (cached) and build HTML with warnings as errors.
book: $(STAMP)
	$(BIN)/python -m kzbook.cache_guard $(BUILD)
	set -o pipefail; $(BIN)/jupyter-book build . --path-output . -W -n --keep-going --builder html 2>&1 | tee $(BUILD)/build.log
	@echo
	@echo "The book is at: $(abspath $(HTML))"

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)/html $(BUILD)/jupyter_execute $(BUILD)/.doctrees

clean-all:
	rm -rf $(BUILD) chapters/_generated
