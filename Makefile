# The two commands of the README: `make run` and `make test`. `make check` for lint and types.
# `make run` serves this computer only (127.0.0.1), so it runs in single-user local mode unless
# SALESCOCKPIT_SINGLE_USER is set otherwise (the demo keeps its "view as" picker).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check demo bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(BIN)/.installed-dev: requirements-dev.txt requirements.txt $(BIN)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m salescockpit demo --if-missing
	SALESCOCKPIT_SINGLE_USER=$${SALESCOCKPIT_SINGLE_USER:-true} $(BIN)/streamlit run dashboard.py --server.address 127.0.0.1 --server.port 8501

demo: $(BIN)/.installed
	$(BIN)/python -m salescockpit demo

test: $(BIN)/.installed-dev
	$(BIN)/python -m pytest

check: $(BIN)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(BIN)/.installed
	$(BIN)/python bench/overview.py
	$(BIN)/python bench/import_files.py
	$(BIN)/python bench/accounts_reviews.py
	$(BIN)/python bench/competition.py
	$(BIN)/python bench/scope.py
	$(BIN)/python bench/pack.py

clean:
	rm -rf $(VENV) artifacts .pytest_cache .mypy_cache .ruff_cache
