# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run migrate seed test slow fuzz soak lint format screenshots bench clean

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

# axe-core for the accessibility tests, from npm (pinned by tests/browser/package-lock.json).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --silent
	touch $@

# The whole suite on SQLite and, when it answers (always in CI), on PostgreSQL.
test: install $(AXE)
	$(PY) -m pytest -m "not slow" -rs

# The long variants: 20 PostgreSQL restarts, 20 killed publishes, 20 killed restores.
slow: install
	$(PY) -m pytest -m slow

# Parsers with 100,000 examples each, and the API fuzzer with 1,000 per operation.
fuzz: install
	FUZZ_EXAMPLES=100000 API_FUZZ_EXAMPLES=1000 $(PY) -m pytest tests/fuzz -m "not slow"

# Ten minutes of load on the public pages, chart JSON and embeds (SECONDS=60 for a short one).
SECONDS ?= 600
soak: install
	$(PY) -m bench.soak --seconds $(SECONDS)

lint: install
	$(VENV)/bin/ruff check app tests bench
	$(VENV)/bin/ruff format --check app tests bench
	$(VENV)/bin/mypy app
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format app tests bench
	$(VENV)/bin/ruff check --fix app tests bench

# Refresh docs/screenshots/ from a live server on the sample data (needs Debian's chromium).
screenshots: install
	SCREENSHOT_DIR=docs/screenshots $(PY) -m pytest tests/browser -q -k screenshots

# Speed budgets (CONTRACT §8) as ratios against baselines measured in the same run; tables
# print as each part ends and land in bench/results/. About 15 minutes; the full-scale dataset
# (1.44 M observations) is loaded into SCALE_URL once (about 45 s) and kept for later runs.
SCALE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/sharetrack_scale
bench: install
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	command -v wrk >/dev/null || apt-get install -y wrk || (echo "bench needs wrk: apt-get install wrk" && false)
	$(PY) -m bench.make_scale --database-url $(SCALE_URL)
	$(PY) -m bench.http --scale-url $(SCALE_URL)
	$(PY) -m bench.plans --database-url $(SCALE_URL)
	$(PY) -m bench.firstview
	$(PY) -m bench.imports
	$(PY) -m bench.cli_import
	$(PY) -m bench.scaling
	$(PY) -m bench.propagation
	$(PY) -m bench.publish_load --scale-url $(SCALE_URL)

clean:
	rm -rf $(VENV) sharetrack.db sharetrack.db-wal sharetrack.db-shm
