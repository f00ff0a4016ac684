# Two commands do all the set-up on a fresh machine (Python 3.11+, pip, make):
#   make demo   install, ingest the bundled corpus/ into ./kg-store, compare, write kg-report.html
#   make test   install with the test extras, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install clean

$(BIN)/plpbk-kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/plpbk-kg

demo: install
	$(BIN)/plpbk-kg ingest corpus --store kg-store
	$(BIN)/plpbk-kg compare --store kg-store
	$(BIN)/plpbk-kg compare --store kg-store --format html --output kg-report.html
	@echo
	@echo "Report: kg-report.html. To run plpbk-kg yourself: source $(BIN)/activate"

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) kg-store kg-report.html
