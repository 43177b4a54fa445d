# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run migrate seed test lint format screenshots bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

migrate: install
	$(PY) -m app migrate

seed: migrate
	$(PY) -m app seed

run: seed
	$(PY) -m app serve --host $(HOST) --port $(PORT)

# The whole suite on SQLite and, when it answers (always in CI), on PostgreSQL.
test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check app tests
	$(VENV)/bin/ruff format --check app tests
	$(VENV)/bin/mypy app

format: install
	$(VENV)/bin/ruff format app tests
	$(VENV)/bin/ruff check --fix app tests

# Refresh docs/screenshots/ from a live server on the sample data (needs Debian's chromium).
screenshots: install
	SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest tests/browser -q -k screenshots

# Speed budgets (CONTRACT §8) as ratios against baselines measured in the same run.
bench: install
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) -m bench.firstview

clean:
	rm -rf $(VENV) sharetrack.db sharetrack.db-wal sharetrack.db-shm
