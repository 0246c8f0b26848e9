# The two commands of the README: `make book` and `make test`.
SHELL := /bin/bash
# Both set up a virtual environment (.venv) from pinned requirements first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BUILD  := _build
HTML   := $(BUILD)/html/index.html

PDF    := $(BUILD)/latex/us-strategic-projects-kazakhstan.pdf
# Debian packages the PDF needs (installed by .ci/run; `make pdf` names them if absent).
TEX_DEBS := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended latexmk fonts-freefont-otf lmodern

.PHONY: book pdf bench test setup strict clean clean-all help serve release

help:
	@echo "make book   set up .venv, execute every chapter, build the HTML book and the Russian summary"
	@echo "make test   set up .venv and run the whole test suite"
	@echo "make pdf    build the book and the Russian summary as PDFs (XeLaTeX; needs TeX Live)"
	@echo "make bench  measure build times and page weights (writes benchmarks/results.json)"
	@echo "make serve  preview the built book at http://localhost:8000/"
	@echo "make release VERSION=x.y.z  release an edition (changelog, configuration, CITATION.cff, README)"
	@echo "make clean  remove the built book (keeps the execution cache)"

# Create the venv if missing; reinstall when requirements or the package change.
$(STAMP): requirements.txt requirements-nodeps.txt pyproject.toml kzbook/vendor.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-nodeps.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m kzbook.vendor
	touch $(STAMP)

setup: $(STAMP)

# Execute every chapter (cached) and build HTML with warnings as errors.
book: $(STAMP)
	$(BIN)/python -m kzbook.cache_guard $(BUILD)
	set -o pipefail; $(BIN)/jupyter-book build . --path-output . -W -n --keep-going --builder html 2>&1 | tee $(BUILD)/build.log
	set -o pipefail; $(BIN)/python -m kzbook.build_ru --builder html 2>&1 | tee $(BUILD)/build-ru.log
	@echo
	@echo "The book is at: $(abspath $(HTML))"
	@echo "The Russian summary is at: $(abspath $(BUILD)/html/ru/index.html)"

# The same book as one PDF, via Sphinx's LaTeX builder and XeLaTeX.
pdf: $(STAMP)
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || \
	  { echo "make pdf needs XeLaTeX and latexmk. On Debian/Ubuntu: sudo apt-get install $(TEX_DEBS)"; exit 1; }
	$(BIN)/python -m kzbook.cache_guard $(BUILD)
	set -o pipefail; $(BIN)/jupyter-book build . --path-output . -W -n --keep-going --builder pdflatex 2>&1 | tee $(BUILD)/pdf.log
	set -o pipefail; $(BIN)/python -m kzbook.build_ru --builder pdflatex 2>&1 | tee $(BUILD)/pdf-ru.log
	@# the HTML pages link the PDFs: put them beside the site when it is built
	if test -d $(BUILD)/html; then cp $(PDF) $(BUILD)/html/; fi
	if test -d $(BUILD)/html/ru; then cp $(BUILD)/latex/kratkoe-izlozhenie-ru.pdf $(BUILD)/html/ru/; fi
	@echo
	@echo "The PDF is at: $(abspath $(PDF))"
	@echo "The Russian summary's PDF is at: $(abspath $(BUILD)/latex/kratkoe-izlozhenie-ru.pdf)"

# Preview the built book locally: http://localhost:8000/
serve:
	@test -f $(HTML) || { echo "build the book first: make book"; exit 1; }
	$(PYTHON) -m http.server --directory $(BUILD)/html 8000

# Release an edition: make release VERSION=0.8.0 (see kzbook/release.py and CHANGELOG.md).
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z [DATE=YYYY-MM-DD]"; exit 1; }
	$(BIN)/python -m kzbook.release $(VERSION) $(if $(DATE),--date $(DATE))

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(BUILD)/html $(BUILD)/jupyter_execute $(BUILD)/.doctrees ru/_build

clean-all:
	rm -rf $(BUILD) chapters/_generated ru/_build ru/_generated
