# Verbs the README uses. Everything installs into .venv from the hash-pinned lock.
VENV ?= .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg
STORE ?= data/store

.PHONY: install run build test test-browser lint bench bench-scale lock clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# The web explorer's scripts (cytoscape), served from node_modules, and the test tools (the W3C
# protocol suite runner, the official GraphML schemas), pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

build: install
	$(KG) ingest corpus/dev corpus/test --store $(STORE)

run: build
	$(KG) serve --store $(STORE) --host 127.0.0.1 --port 8000

test: install
	$(PY) -m pytest

# Only the browser tests (Chromium from Debian, /usr/bin/chromium); `make test` runs them too.
test-browser: install
	$(PY) -m pytest -m browser tests/browser

lint: install
	$(VENV)/bin/ruff check kg api tests bench
	$(VENV)/bin/ruff format --check kg api tests bench
	$(VENV)/bin/mypy

bench: install
	$(PY) bench/ingest_throughput.py
	$(PY) bench/store_memory.py

# Ingest and query cost at 100, 1,000 and 10,000 generated articles (50 minutes on two cores).
bench-scale: install
	$(PY) bench/archive_scale.py --articles 10000 --workers 2

# Our /sparql against `oxigraph serve` and rdflib-endpoint; those two live in their own venv.
BENCH_VENV ?= .venv-bench

$(BENCH_VENV)/.installed: bench/requirements-bench.lock
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --require-hashes -r bench/requirements-bench.lock
	touch $@

bench-sparql: install $(BENCH_VENV)/.installed
	$(PY) bench/sparql_endpoints.py

lock-bench:
	$(VENV)/bin/uv pip compile bench/requirements-bench.in --generate-hashes \
		--python-version 3.11 -o bench/requirements-bench.lock

lock:
	$(VENV)/bin/uv pip compile pyproject.toml --extra model --extra cluster --extra dev --generate-hashes \
		--python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) $(BENCH_VENV) data node_modules
