# Outcomes: `make run` sets everything up and serves the app; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUTCOMES := $(BIN)/outcomes
HOST ?= 127.0.0.1
PORT ?= 5000
# The address in emailed links: commands run through make (`make run PORT=5077`, and the
# `outcomes notifications send` it runs) agree with the server. Set it in production.
export OUTCOMES_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install run setup test lint typecheck benchmark loadtest clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(BIN)/.installed node_modules/.installed ## Install Python and front-end dependencies

setup: install ## Migrate the database, import places, load frameworks, seed demo data
	$(OUTCOMES) db upgrade
	$(OUTCOMES) places import
	$(OUTCOMES) frameworks load frameworks/
	$(OUTCOMES) demo

run: setup ## Set up and serve the app on http://127.0.0.1:5000 (HOST=..., PORT=... to change)
	@echo "Outcomes is at http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	$(OUTCOMES) run --host $(HOST) --port $(PORT)

lint: install ## Check style and formatting
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## Check the types of outcomes/ with mypy in strict mode
	$(BIN)/mypy

test: lint typecheck ## Run ruff, mypy and the test suite (SQLite unless OUTCOMES_TEST_DATABASE_URL is set)
	$(BIN)/pytest

benchmark: install ## Run the benchmarks in tests/benchmarks (not part of `make test`)
	$(BIN)/pytest tests/benchmarks --benchmark-only

loadtest: install ## Load test: gunicorn (4 workers) on PostgreSQL, national data, locust (not in `make test`)
	$(BIN)/python -m pip install --quiet -e '.[load]'
	tests/load/run.sh

clean: ## Remove the virtualenv, front-end packages and local database (var/)
	rm -rf $(VENV) node_modules var
