# SEND Casework. `make run` and `make test` are the two commands; everything else serves them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install assets lint bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

assets: install
	$(PY) frontend/build.py

run: assets
	$(PY) -m devstack.run

lint: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .

test: assets lint
	$(PY) -m pytest

bench: assets
	$(PY) -m bench

clean:
	rm -rf $(VENV) static/build frontend/node_modules
