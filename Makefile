# The two commands of the README: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CREDITREG_TEST_PG ?=
DEMO_ARGS ?=

.PHONY: demo test lint bench venv dev-venv locks clean

venv: $(VENV)/.installed
dev-venv: $(VENV)/.installed-dev

# Installs exactly what requirements.lock pins (hashes checked): what the registry runs,
# nothing for tests or Spark, so `make demo` from a fresh clone starts in seconds. pip
# installs only uv (itself hash-pinned); uv installs the rest: 6 s here where pip took 61 s.
UV_PIP := $(BIN)/uv pip install --quiet --python $(BIN)/python
$(VENV)/.installed: requirements.lock requirements-uv.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-uv.lock
	$(UV_PIP) --require-hashes -r requirements.lock
	$(UV_PIP) --no-deps --no-build-isolation -e .
	touch $@

# Adds what requirements-dev.lock pins on top: test and lint tools, Playwright, PySpark.
$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(UV_PIP) --require-hashes -r requirements-dev.lock
	touch $@

# Builds the demo registry (reused while its settings stay the same), prints a login per
# role and serves the API and console until Ctrl-C; DEMO_ARGS=--no-serve prints a tour instead.
demo: venv
	$(BIN)/creditreg demo $(DEMO_ARGS)

test: dev-venv lint
	CREDITREG_TEST_PG=$(CREDITREG_TEST_PG) $(BIN)/python -m pytest -n 2 -q

lint: dev-venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: dev-venv
	$(BIN)/python -m bench

# Re-pins both locks from pyproject.toml (uv keeps every pin it can; the dev lock is the
# runtime lock plus the dev extra, the same versions). requirements-uv.lock pins uv itself
# (`echo uv==X | uv pip compile - --generate-hashes`, then the wheel URLs of the common
# platforms by hand, as its header says: pip then skips reading uv's whole index page).
UV ?= $(BIN)/uv
locks: venv
	$(UV) pip compile pyproject.toml --extra editable --python-version 3.11 --generate-hashes -o requirements.lock
	$(UV) pip compile pyproject.toml --extra editable --extra dev --python-version 3.11 --generate-hashes -o requirements-dev.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache creditreg-demo.db* creditreg-demo-keys
