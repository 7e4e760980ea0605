# The two commands of the README: `make run` and `make test`. `make check` for lint and types.
# `make run` serves this computer only (127.0.0.1), so it runs in single-user local mode unless
# SALESCOCKPIT_SINGLE_USER is set otherwise (the demo keeps its "view as" picker).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test check demo bench serve-many load clean

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

bench: $(BIN)/.installed-dev
	$(BIN)/python bench/overview.py
	$(BIN)/python bench/import_files.py
	$(BIN)/python bench/accounts_reviews.py
	$(BIN)/python bench/competition.py
	$(BIN)/python bench/scope.py
	$(BIN)/python bench/pack.py
	$(BIN)/python bench/browser.py

# Four app processes on one data folder and one PostgreSQL state store (ports 8511-8514).
# SALESCOCKPIT_STATE_URL names the PostgreSQL database; unset, a throwaway server is started.
serve-many: $(BIN)/.installed
	$(BIN)/python -m salescockpit demo --if-missing
	SALESCOCKPIT_STATE_URL=$${SALESCOCKPIT_STATE_URL:-$$(bash .ci/postgres.sh)} \
	SALESCOCKPIT_SINGLE_USER=$${SALESCOCKPIT_SINGLE_USER:-true} \
	$(BIN)/python scripts/serve_many.py --processes 4 --first-port 8511

# The load test's full form: 50 sessions for 5 minutes on four processes (make test runs a
# short form: tests/test_load.py). A throwaway PostgreSQL unless SALESCOCKPIT_STATE_URL is set.
load: $(BIN)/.installed-dev
	SALESCOCKPIT_TEST_POSTGRES_URL=$${SALESCOCKPIT_TEST_POSTGRES_URL:-$$(bash .ci/postgres.sh)} \
	$(BIN)/python bench/load.py --sessions 50 --seconds 300

clean:
	rm -rf $(VENV) artifacts .pytest_cache .mypy_cache .ruff_cache
