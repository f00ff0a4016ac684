# Two commands do all the set-up on a fresh machine (Python 3.11+, pip, make):
#   make demo   install, ingest the bundled corpus/ into ./kg-store, compare, write kg-report.html
#   make test   install with the test extras, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install taguette clean

$(BIN)/plpbk-kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/plpbk-kg

# Taguette (a QDA tool the import tests drive) in a virtualenv of its own: it pins
# SQLAlchemy < 1.5, which Prefect's cannot share.
TAGUETTE_VENV := .venv-taguette
$(TAGUETTE_VENV)/bin/taguette:
	$(PYTHON) -m venv $(TAGUETTE_VENV)
	$(TAGUETTE_VENV)/bin/python -m pip install --quiet 'taguette==1.5.2'

taguette: $(TAGUETTE_VENV)/bin/taguette

demo: install
	$(BIN)/plpbk-kg ingest corpus --store kg-store
	$(BIN)/plpbk-kg compare --store kg-store
	$(BIN)/plpbk-kg compare --store kg-store --format html --output kg-report.html
	@echo
	@echo "Report: kg-report.html. To run plpbk-kg yourself: source $(BIN)/activate"

test: install taguette
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(TAGUETTE_VENV) kg-store kg-report.html
