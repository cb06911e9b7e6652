# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make run   installs the app's packages in .venv and starts the app on http://localhost:8501
#   make test  installs the test packages in .venv and runs every test
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PORT ?= 8501

.PHONY: run test install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python -m streamlit run app.py --server.port $(PORT) --server.headless true

test: install-dev
	$(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/bench_core.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-output
