# docgen — the two commands of the README's quick start, and a few more.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: run test test-lent test-tout lint docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## make run : installe docgen, vérifie les contrats livrés et rend les conventions dans build/
run: $(STAMP)
	$(BIN)/docgen check contracts/
	$(BIN)/docgen build contracts/

## make test : installe docgen et ses outils, puis lint, types et les tests rapides
##   (moins de 3 minutes sur 2 cœurs) : tous ceux qui ne sont pas marqués slow
test: $(STAMP)
	$(BIN)/ruff check docgen tests scripts bench
	$(BIN)/ruff format --check docgen tests scripts bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not slow"

## make test-lent : les tests marqués slow (LibreOffice, navigateur, docgen dans un
##   processus enfant, fuzz, paquet installé) ; .ci/run lance make test puis make test-lent
test-lent: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m slow

## make test-tout : make test, puis make test-lent (ce que lance la CI)
test-tout: test test-lent

## make docs : construit le site de documentation dans site/ (make test le construit aussi)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## make bench : banc d'essai sur N contrats synthétiques (N="100 1000" par défaut ;
##   make bench N="100 1000 10000" ; PROFIL=1 : où va le temps ; BENCH="--runs 5" : autres
##   options de python -m bench --help). Chaque objectif à côté de sa mesure (tenu, manqué),
##   puis toutes les mesures : affichés, écrits dans bench/results.md et docs/performances.md
N     ?= 100 1000
BENCH ?=
bench: $(STAMP)
	$(BIN)/python -m bench --n $(N) $(if $(PROFIL),--profile) $(BENCH)

clean:
	rm -rf $(VENV) build site .pytest_cache .mypy_cache .ruff_cache
