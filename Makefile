# The only commands a newcomer needs: `make demo` and `make test`.
# Both create .venv from uv.lock on first use (Python 3.11+ and make are all you need).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
UV     := $(BIN)/uv
UV_VERSION := 0.13.9
export PIKIR_HOME ?= $(CURDIR)/data
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 180

.PHONY: setup demo test test-fast lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

## setup: create .venv with the locked dependencies and pikir itself (editable)
setup: $(VENV)/.synced

## demo: serve the bundled offline sample, run the nightly flow on it, print where results are
demo: setup
	$(BIN)/pikir nightly --sample

## test: lint, then the whole test suite (what CI runs)
test: setup lint
	$(BIN)/pytest -n 3 --dist loadfile

## test-fast: skip the slow end-to-end tests
test-fast: setup
	$(BIN)/pytest -m "not slow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: landing and query benchmarks (ratios against raw pyarrow/DuckDB in the same run)
bench: setup
	$(BIN)/python bench/landing.py
	$(BIN)/python bench/query.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
