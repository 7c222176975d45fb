# The two commands a new machine needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= .demo
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/habits demo $(DEMO) --force
	$(BIN)/habits --home $(DEMO) status
	@echo
	@echo "Try it: $(BIN)/habits --home $(DEMO) log icebreaker --with \"Sam Lee\" --where call"

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check habits tests benchmarks
	$(BIN)/ruff format --check habits tests benchmarks
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) $(DEMO) site dist build .pytest_cache .mypy_cache .ruff_cache
