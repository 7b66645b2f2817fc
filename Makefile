# docgen — the two commands of the README's quick start, and a few more.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run : installe docgen, vérifie les contrats livrés et rend les conventions dans build/
run: $(STAMP)
	$(BIN)/docgen check contracts/
	$(BIN)/docgen build contracts/

## make test : installe docgen et ses outils, puis lint, types et tests
test: $(STAMP)
	$(BIN)/ruff check docgen tests scripts
	$(BIN)/ruff format --check docgen tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

## make bench : mesure la vérification de 1 000 contrats
bench: $(STAMP)
	$(BIN)/python scripts/bench_check.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
