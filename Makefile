# The front door. Every target creates .venv (python3 -m venv) and installs the
# package with pinned dependencies when needed, so a fresh clone needs only Python.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
CORPUS ?= seeds
REPORT ?= reports
FIGURES ?= figures
JOBS   ?= 2
export PYTHONHASHSEED := 0
# Agg for every target but lab (figures must show there; analysis.open_study also switches a
# kernel that inherited Agg back to the inline backend)
export MPLBACKEND := Agg

.DEFAULT_GOAL := help
.PHONY: help report test lab bench lint format strip clean train

help: ## list the targets
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev,scale,train]'
	@touch $@

report: $(STAMP) ## run every notebook on the seeds: figures/ and reports/ (CORPUS=, REPORT=, FIGURES= to change)
	$(PY) -m analysis report $(CORPUS) --out $(REPORT) --figures $(FIGURES) --jobs $(JOBS)

test: $(STAMP) ## run the test suite (executes the notebooks too)
	$(PY) -m pytest -q

lab: $(STAMP) ## open JupyterLab on the notebooks, with the package importable
	env -u MPLBACKEND $(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

bench: $(STAMP) ## benchmarks on the AllSides sample: print measured ratios
	$(PY) bench/run.py

train: $(STAMP) ## rebuild the trained model weights in analysis/models/data and the frame and relation agreement tables (needs ../shared)
	$(PY) train/train_sentiment.py
	$(PY) train/train_frames.py
	$(PY) train/evaluate_frames.py
	$(PY) train/train_relations.py
	$(PY) train/evaluate_relations.py

lint: $(STAMP) ## ruff (lint and format check)
	$(BIN)/ruff check analysis tests bench train coding
	$(BIN)/ruff format --check analysis tests bench train coding

format: $(STAMP) ## ruff format and import sorting
	$(BIN)/ruff check --fix --select I analysis tests bench
	$(BIN)/ruff format analysis tests bench train coding

strip: $(STAMP) ## strip outputs from the source notebooks
	$(PY) -m analysis.report.notebooks strip notebooks/*.ipynb

clean: ## remove .venv and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache
