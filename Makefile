# SEND Casework. `make run` and `make test` are the two commands; everything else serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install assets lint bench clean packages-run packages-test

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# The Debian packages each command needs (chromium, clamd, fonts, node): installed when missing
# and possible, otherwise the one command to run is printed (devstack/system-packages.sh).
packages-run packages-test: packages-%:
	bash devstack/system-packages.sh $*

assets: install
	$(PY) frontend/build.py

run: packages-run assets
	$(PY) -m devstack.run

lint: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

test: packages-test assets lint
	$(PY) -m pytest

bench: assets
	$(PY) -m bench

clean:
	rm -rf $(VENV) static/build frontend/node_modules
