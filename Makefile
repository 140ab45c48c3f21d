# planmetrics: `make run` starts the dashboard on the shipped data; `make test` checks everything.
# Every target sets itself up first (idempotent), so both work on a fresh clone.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
DB ?= $(or $(PLANMETRICS_DB),data/planmetrics.duckdb)
PORT ?= 8501

.PHONY: setup system run test lint e2e bench clean

setup: $(STAMP) system

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# Debian packages: Chromium (chart export, browser tests) and poppler-utils (pdftoppm), when root.
system:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; \
	else echo "note: install the Debian packages chromium and poppler-utils for exports and browser tests"; fi

# Two malloc arenas: each session runs in a thread, and glibc's default arenas (eight per core) keep the memory
# sessions freed (docs/performance.md).
run: setup
	test -f "$(DB)" || PLANMETRICS_DB="$(DB)" $(BIN)/planmetrics init
	MALLOC_ARENA_MAX=2 PLANMETRICS_DB="$(DB)" $(BIN)/streamlit run dashboard.py --server.headless true \
		--server.address 127.0.0.1 --server.port $(PORT) --browser.gatherUsageStats false

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest -q -n 2 --dist loadfile --durations=15

e2e: setup
	$(BIN)/pytest -q tests/e2e

# The benchmarks of docs/performance.md at 10 thousand, 100 thousand and 1 million figures, then the sessions of
# one server at 1 million; writes bench/results.json (with how long each part took) and leaves the
# million-figure database at bench/out/synthetic-1000000.duckdb.
bench: setup
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
