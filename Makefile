# Claimdesk: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HTMX := static/vendor/htmx.min.js

.PHONY: setup run test lint bench bench-1m bench-workers bench-extract bench-suggest soak clean

setup: $(VENV)/.installed $(HTMX)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Claimdesk needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(HTMX): scripts/fetch-htmx.sh
	bash scripts/fetch-htmx.sh

run: setup
	$(BIN)/claimdesk serve --demo

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check app tests bench
	$(BIN)/mypy app

# Pages over HTTP on the demo data, extraction with 1 and 2 workers, suggestion time.
# Figures and the load average go to the terminal and bench/out/*.json (docs/performance.md).
bench: setup
	$(BIN)/python bench/run.py
	$(BIN)/python bench/workers.py
	$(BIN)/python bench/suggest.py --claims 100000

# The 1M-claim run: 2 uvicorn workers, 8 clients (loading takes ~2 minutes; BENCH_FLAGS=--keep
# keeps the database and reuses it next time).
CLAIMS ?= 1000000
WORKERS ?= 2
bench-1m: setup
	$(BIN)/python bench/run.py --claims $(CLAIMS) --workers $(WORKERS) $(BENCH_FLAGS)

bench-workers: setup
	$(BIN)/python bench/workers.py

# Load, Postgres restart, worker kill and schemathesis on a private Postgres (docs/running.md).
# SOAK_SECONDS (default 600) sets the load's length; figures go to soak-results.json.
soak: setup
	$(BIN)/python bench/soak/run.py

EVAL ?= ../shared/eval

bench-extract: setup
	$(BIN)/python bench/extract.py $(EVAL)
	@if [ -d $(EVAL)/gold ]; then \
	  echo "== gold (content F1, attribution, e2e F1)"; \
	  $(BIN)/python $(EVAL)/score.py --cmd "$(BIN)/claimdesk extract {file} --json" $(EVAL)/gold/*.json | tail -2; \
	  echo "== polnear-dev"; \
	  $(BIN)/python $(EVAL)/score.py --cmd "$(BIN)/claimdesk extract {file} --json" $(EVAL)/polnear-dev/*.json | tail -1; \
	  echo "== disputes (pair F1)"; \
	  $(BIN)/python $(EVAL)/score_disputes.py --cmd "$(BIN)/claimdesk extract {files} --json --disputes" $(EVAL)/gold/*.json | tail -1; \
	else echo "no $(EVAL): scores skipped"; fi

bench-suggest: setup
	$(BIN)/python bench/suggest.py --claims 100000

clean:
	rm -rf $(VENV) $(HTMX) .pytest_cache .mypy_cache .ruff_cache
