# Newsletter pipeline. `make help` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
RAW ?= raw
OUTPUT ?= output
WORKERS ?=
SHARED ?= ../shared
EVAL_DIR ?= $(SHARED)/eval
BENCH_CORPUS ?= $(SHARED)/bench/aozora_3m.txt.gz
BENCH_JSON ?= bench.json
EVAL_JSON ?= eval.json
BIG_MB ?= 50
BENCH_REPEAT ?= 5
STAMP := $(VENV)/.installed
NATIVE := pipeline/_native.so
EVAL_STAMP := $(VENV)/.installed-eval

.PHONY: help setup run status test test-fast lint eval train-ner bench figures report query dictionary fuzz clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip==26.3
	$(PY) -m pip install -q -r requirements.lock
	# the project itself, editable: `import pipeline`, `.venv/bin/python -m pipeline` and the
	# console command .venv/bin/newsletter-pipeline work from any folder
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP) $(NATIVE) ## create .venv with the pinned dependencies (reinstalls only when the lock changes); compile pipeline/csrc

# The compiled loops (pipeline/base/native.py loads them with ctypes). Portable flags only: the
# library may sit on storage shared by several machines. Without a C compiler the same
# computations run in numpy and Python, slower.
$(NATIVE): $(wildcard pipeline/csrc/*.c)
	$(CC) -O2 -fPIC -shared -o $@ $^ -lm || echo "warning: could not compile pipeline/csrc (numpy and Python run instead)"

run: setup ## process new and changed files of raw/ into output/ (RAW=, OUTPUT=, WORKERS=)
	$(PY) -m pipeline run --raw $(RAW) --output $(OUTPUT) $(if $(WORKERS),--workers $(WORKERS))

status: setup ## show what a run would do (new, changed, failed, removed files)
	$(PY) -m pipeline status --raw $(RAW) --output $(OUTPUT)

test: setup ## run the whole test suite (what CI runs)
	$(PY) -m pytest

test-fast: setup ## the test suite without the slow tests (fuzzing, hostile inputs, crashes, Dask), under a minute
	$(PY) -m pytest -m "not slow"

lint: setup ## check style and formatting with ruff (ruff format fixes the formatting)
	$(PY) -m ruff check pipeline tests evaluation tools
	$(PY) -m ruff format --check pipeline tests evaluation tools

$(EVAL_STAMP): requirements-eval.lock $(STAMP)
	$(PY) -m pip install -q -r requirements-eval.lock
	touch $(EVAL_STAMP)

eval: $(EVAL_STAMP) ## print accuracy figures on the evaluation sets (EVAL_DIR=); writes EVAL_JSON and the README's table
	$(PY) -m evaluation --eval-dir $(EVAL_DIR) --json $(EVAL_JSON)
	$(PY) -m pipeline figures --eval $(EVAL_JSON)

train-ner: setup ## retrain the named-entity CRF on KWDLC train + the Wikipedia dev part of EVAL_DIR (deterministic)
	$(PY) -m pipeline.entities.ner.train --eval-dir $(EVAL_DIR)

bench: setup ## speed and memory against bare fugashi on BENCH_CORPUS (medians of BENCH_REPEAT rounds; + one BIG_MB file, an archive of 1,000 small issues, process_texts on EVAL_DIR's short texts, a no-op rerun); writes BENCH_JSON
	$(PY) -m pipeline bench --corpus $(BENCH_CORPUS) --json $(BENCH_JSON) --big-mb $(BIG_MB) --repeat $(BENCH_REPEAT) --kwdlc $(EVAL_DIR)/kwdlc.jsonl
	$(PY) -m pipeline figures --bench $(BENCH_JSON)

figures: setup ## rewrite the README's tables of current figures from BENCH_JSON and EVAL_JSON
	$(PY) -m pipeline figures --bench $(BENCH_JSON) --eval $(EVAL_JSON)

report: setup ## write a static HTML report of output/ to output/report/index.html
	$(PY) -m pipeline report --output $(OUTPUT) --raw $(RAW)

dictionary: setup ## regenerate docs/tables.md from the schemas
	$(PY) -m pipeline dictionary --out docs/tables.md

query: setup ## open a DuckDB shell over the tables (or SQL="..." for one statement)
	$(PY) -m pipeline query --output $(OUTPUT) $(if $(SQL),"$(SQL)",--shell)

fuzz: setup ## long property-based fuzzing of process_text and repair_spacing (hypothesis "long" profile)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest tests/test_fuzz.py -p no:cacheprovider --timeout 3600

clean: ## remove generated tables and caches (keeps .venv)
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -exec rm -rf {} + 2>/dev/null || true
	rm -rf .pytest_cache .ruff_cache $(BENCH_JSON) $(NATIVE)
	find . -name __pycache__ -not -path './.venv/*' -exec rm -rf {} + 2>/dev/null || true
