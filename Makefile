# The two commands of the README: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CREDITREG_TEST_PG ?=
DEMO_ARGS ?=

.PHONY: demo test lint bench venv clean

venv: $(VENV)/.installed

# Installs exactly what requirements.lock pins (hashes checked), then the package itself.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Builds the demo registry (reused while its settings stay the same), prints a login per
# role and serves the API and console until Ctrl-C; DEMO_ARGS=--no-serve prints a tour instead.
demo: venv
	$(BIN)/creditreg demo $(DEMO_ARGS)

test: venv lint
	CREDITREG_TEST_PG=$(CREDITREG_TEST_PG) $(BIN)/python -m pytest -n 2 -q

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: venv
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache creditreg-demo.db* creditreg-demo-keys
