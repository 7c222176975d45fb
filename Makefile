# The two commands a new machine needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO   ?= .demo
STAMP  := $(VENV)/.installed
AXE    := node_modules/axe-core/axe.min.js

.PHONY: demo test lint typecheck unit bench docs screenshot clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# axe-core (npm registry) for the accessibility tests; without npm those tests say so.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility tests need axe-core (apt-get install npm)"; fi

demo: $(STAMP)
	$(BIN)/habits demo $(DEMO) --force
	$(BIN)/habits --home $(DEMO) status
	@echo
	$(BIN)/habits --home $(DEMO) site build
	@echo
	@echo "Try it: $(BIN)/habits --home $(DEMO) log icebreaker --with \"Sam Lee\" --where call"
	@echo "   and: $(BIN)/habits --home $(DEMO) site serve   (http://127.0.0.1:8000/)"

test: lint unit

lint: $(STAMP)
	$(BIN)/ruff check habits tests benchmarks tools
	$(BIN)/ruff format --check habits tests benchmarks tools
	$(BIN)/mypy

unit: $(STAMP) $(AXE)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# docs/screenshot.png and docs/screenshots/: the demo site and a team board in headless chromium
screenshot: $(STAMP)
	$(BIN)/python tools/screenshot.py

docs: $(STAMP)
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) $(DEMO) site dist build node_modules .pytest_cache .mypy_cache .ruff_cache
