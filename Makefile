# Neurona: `make run` serves the app, `make test` runs every test. Both install whatever is missing first.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STATIC := backend/neurona/static/index.html
PY_SOURCES := $(shell find backend/neurona -name '*.py')
FE_SOURCES := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: run test test-cluster test-fast test-reliability lint typecheck frontend install chromium postgresql bench clean docs

run: install frontend
	$(VENV)/bin/neurona serve

# Every test: frontend unit tests, then Python (unit, API, websocket, the slow learning tests and the browser
# tests) spread over the cores by pytest-xdist. The store's tests and the API tests marked `both_stores` also run
# on a PostgreSQL server the tests start themselves (tests/postgres.py); here they fail rather than skip without one.
test: install chromium postgresql frontend lint
	cd frontend && npm test
	NEURONA_TEST_POSTGRESQL=required $(PY) -m pytest -q --ignore=tests/reliability/test_fuzz.py $(PYTEST_ARGS)
	# The API fuzzing counts its requests across every operation's test, so it runs in one process.
	$(PY) -m pytest -q -n0 tests/reliability/test_fuzz.py

# The Ray runner on a real Ray cluster of this machine (a head and two worker nodes the tests start and stop):
# the `ray` extra, installed here when missing, and one process, since the tests share that one cluster.
test-cluster: install $(VENV)/.installed-ray postgresql
	NEURONA_TEST_POSTGRESQL=required $(PY) -m pytest -q -n0 -m cluster tests/cluster $(PYTEST_ARGS)

$(VENV)/.installed-ray: $(VENV)/.installed
	$(PY) -m pip install -q -e '.[test,ray]'
	touch $@

# Quick feedback while working: no learning tests (`slow`) and no browser tests (`e2e`).
test-fast: install
	$(PY) -m pytest -q -m "not slow and not e2e and not cluster" --ignore=tests/reliability/test_fuzz.py $(PYTEST_ARGS)

# The generated layer catalog; tests/unit/test_docs.py fails when it is stale.
docs: install
	$(PY) -m neurona.cli catalog > docs/layers.md

# The reliability suite at full size (300 fuzzed examples per operation, 2-minute soak; 20 crash cycles as always);
# `make test` runs the same tests at their quick size.
test-reliability: install
	NEURONA_RELIABILITY=full $(PY) -m pytest -q -s -n0 tests/reliability

lint: install frontend/node_modules/.installed
	$(VENV)/bin/ruff check backend tests bench
	$(VENV)/bin/mypy
	if [ -x $(VENV)/bin/hadolint ]; then $(VENV)/bin/hadolint Dockerfile; else echo "hadolint: not on this platform"; fi
	cd frontend && npm run typecheck

bench: install
	$(PY) -m bench.run

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

frontend: $(STATIC)

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

# The API types are generated from the server's schema: a contract change breaks the frontend's build.
frontend/openapi.json: $(VENV)/.installed $(PY_SOURCES)
	$(PY) -m neurona.cli openapi > $@.tmp && mv $@.tmp $@

frontend/src/api/schema.d.ts: frontend/openapi.json frontend/node_modules/.installed
	cd frontend && npm run gen:api
	touch $@

$(STATIC): frontend/src/api/schema.d.ts frontend/node_modules/.installed $(FE_SOURCES)
	cd frontend && npm run build

chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

# Debian's PostgreSQL server, for the tests (they find pg_ctl under /usr/lib/postgresql/*/bin, off PATH).
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || command -v pg_ctl >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq postgresql; }

clean:
	rm -rf backend/neurona/static/assets backend/neurona/static/index.html frontend/node_modules $(VENV)
