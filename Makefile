# `make run` and `make test` work on a fresh clone: they create .venv and
# install the locked dependencies first (requirements-dev.lock: the runtime
# ones, which requirements.lock alone holds for the image, and the tools).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
LOCK := pip compile pyproject.toml --generate-hashes --python-version 3.11

.PHONY: install locks run test lint format typecheck check schema bench clean

install: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

## Compile both locks from pyproject.toml after changing its dependencies:
## requirements.lock (runtime only: what the image installs) and
## requirements-dev.lock (with the dev extra: what `make install` installs).
locks:
	test -x $(BIN)/uv || $(MAKE) install
	$(BIN)/uv $(LOCK) -o requirements.lock
	$(BIN)/uv $(LOCK) --extra dev -o requirements-dev.lock

## Serve GraphiQL with demo data on the embedded SQLite default (PORT=8000).
run: install
	$(BIN)/saas serve --migrate --seed-demo

## ruff, import-linter (the layers in pyproject.toml) and mypy first (fast,
## and CI gates on them), then the whole test
## suite against PostgreSQL and Redis. PYTEST_WORKERS=2 (or auto) spreads it
## over that many pytest processes (pytest-xdist; each has its own database
## and Redis keys; a module's tests stay on one process, as its module-scoped
## fixtures expect); 0, the default, runs it in one process.
PYTEST_WORKERS ?= 0
test: lint typecheck
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope

lint: install
	$(BIN)/ruff check saas tests bench mypy_plugins
	$(BIN)/ruff format --check saas tests bench mypy_plugins
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix saas tests bench mypy_plugins
	$(BIN)/ruff format saas tests bench mypy_plugins

typecheck: install
	$(BIN)/mypy saas

check: lint test

## Write schema.graphql and the README's role table from the code (tests fail when they drift).
schema: install
	$(BIN)/python -m saas.schema.export > schema.graphql
	$(BIN)/python -m saas.tenancy.policy_table --write-readme

## Every benchmark at SCALE (default small, a few minutes; see bench/README.md).
SCALE ?= small
bench: install
	$(BIN)/python bench/generate.py --scale $(SCALE)
	$(BIN)/python bench/bench_http.py --scale $(SCALE)
	$(BIN)/python bench/bench_statements.py --scale $(SCALE)
	$(BIN)/python bench/bench_sla.py --scale $(SCALE)
	$(BIN)/python bench/bench_reports.py --scale $(SCALE)
	$(BIN)/python bench/bench_distribution.py --scale $(SCALE)
	$(BIN)/python bench/bench_import.py --scale $(SCALE)
	$(BIN)/python bench/bench_authz.py
	$(BIN)/python bench/bench_executor.py

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
