# Everything the README promises, from a fresh clone: `make report` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXAMPLE ?= examples/healthcare_eu_seed.yaml

.PHONY: report test lint typecheck unit wheel-check bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[all]'
	touch $@

## The main job: the advisor on a bundled example profile, writing report.md and report.html.
report: $(BIN)/.installed
	$(BIN)/advisor report --answers $(EXAMPLE) -o report.md
	$(BIN)/advisor report --answers $(EXAMPLE) -o report.html

## The whole test suite: lint, types, tests (advisor, scenarios, technical).
test: lint typecheck unit

lint: $(BIN)/.installed
	$(BIN)/ruff check advisor technical tests benchmarks conftest.py
	$(BIN)/ruff format --check advisor technical tests benchmarks conftest.py

typecheck: $(BIN)/.installed
	$(BIN)/mypy

unit: $(BIN)/.installed
	$(BIN)/pytest -n 2 -q

## A non-editable install into a fresh venv must find knowledge/ and templates/.
wheel-check:
	bash .ci/wheel-check

bench: $(BIN)/.installed
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info report.md report.html
