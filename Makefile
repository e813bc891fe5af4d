# arrears: the two commands a newcomer needs are `make demo` and `make test`.
# Everything installs itself into .venv from uv.lock (the one lock file).

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
DEMO_ACCOUNTS ?= 2000
DEMO_MONTHS ?= 18
DEMO_SEED ?= 42
PORT ?= 8501
SCALE ?= 100k
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false

.PHONY: help install demo demo-data build dashboard test test-fast test-dbt lint format dagster-dev clean browser-deps bench postgres-deps spark-deps

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==0.13.9"

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(BIN)/python
	@touch $@

# Byte-compiled once, at install: where PYTHONDONTWRITEBYTECODE is set (many containers
# set it) Python never writes .pyc files, and every command would compile Dagster, dbt
# and Great Expectations from source again (about half the start-up of a daily build).
$(VENV)/.bytecode: $(VENV)/.installed
	$(UV) sync --frozen --compile-bytecode --python $(BIN)/python
	@touch $@

install: $(VENV)/.installed $(VENV)/.bytecode ## Create .venv from uv.lock (idempotent)

data/landing/.generated: | $(VENV)/.installed
	$(BIN)/arrears generate --out data/landing --accounts $(DEMO_ACCOUNTS) --months $(DEMO_MONTHS) --seed $(DEMO_SEED)
	@touch $@

demo-data: install data/landing/.generated ## Generate the demo landing folder (data/landing)

build: install ## Build and publish the warehouse from data/landing (arrears build)
	$(BIN)/arrears build --landing data/landing --warehouse data/arrears.duckdb

demo: demo-data build ## First run: install, generate demo data, build through Dagster, serve the dashboard (no login, localhost only)
	@echo "Dashboard on http://localhost:$(PORT) (Ctrl-C to stop); demo mode: no login, localhost only"
	$(BIN)/arrears dashboard --no-auth --warehouse data/arrears.duckdb --port $(PORT)

dashboard: install ## Serve the dashboard behind its login (.streamlit/secrets.toml, config/users.toml)
	$(BIN)/arrears dashboard --warehouse data/arrears.duckdb --port $(PORT)

dagster-dev: install ## Open the Dagster UI (lineage, checks, runs) on http://localhost:3000
	cd dbt_project && ../$(BIN)/dbt parse --quiet --profiles-dir .
	$(BIN)/dagster dev

browser-deps: ## Install Debian's chromium for the browser tests (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
		else echo "chromium missing: browser tests will be skipped (apt-get install chromium)"; fi; }

postgres-deps: ## Install Debian's PostgreSQL server binaries for the cross-engine tests (needs root)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; \
		else echo "PostgreSQL missing: its tests will be skipped (apt-get install postgresql)"; fi; }

# pyspark (the Thrift server's jars and spark-submit) lives in its own venv, from the same
# uv.lock (dependency group `spark`): beside Great Expectations it breaks imports (pyproject.toml).
SPARK_VENV := .venv-spark

$(SPARK_VENV)/.installed: $(UV) uv.lock pyproject.toml
	UV_PROJECT_ENVIRONMENT=$(SPARK_VENV) $(UV) sync --frozen --only-group spark --python $(BIN)/python
	@touch $@

# Spark 4 ships without hive-llap-common, which Hive's FunctionRegistry needs when the Thrift
# server closes some sessions (arrears/devservers/hive_llap.py): fetched, checked, put beside.
LLAP_JAR := $(SPARK_VENV)/extra-jars/hive-llap-common-2.3.9.jar

$(LLAP_JAR): $(SPARK_VENV)/.installed arrears/devservers/hive_llap.py
	$(BIN)/python -m arrears.devservers.hive_llap $(SPARK_VENV)
	@touch $@

spark-deps: $(SPARK_VENV)/.installed $(LLAP_JAR) ## Install pyspark (own venv) and Java 17 for the Spark Thrift server (Java needs root)
	@command -v java >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = "0" ]; then apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
		else echo "Java missing: the Spark tests will be skipped (apt-get install openjdk-17-jre-headless)"; fi; }

test: install browser-deps postgres-deps spark-deps ## Install everything, then run dbt's and pytest's tests
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: install ## Tests without end-to-end builds or the browser
	$(BIN)/python -m pytest -m "not e2e and not browser"

test-dbt: install ## Only the dbt unit tests (the production build leaves them out)
	$(BIN)/python -m pytest tests/dbt -q

ENGINE ?= duckdb
bench: install $(if $(filter spark,$(ENGINE)),spark-deps) $(if $(filter postgres,$(ENGINE)),postgres-deps) ## Benchmark SCALE=tiny|10k|100k|1m (default 100k) on ENGINE=duckdb|postgres|spark: bench/results/
	$(BIN)/python -m bench --scale $(SCALE) --engine $(ENGINE)

lint: install ## ruff and sqlfluff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@mkdir -p data
	cd dbt_project && ARREARS_WORK_DB=$(CURDIR)/data/sqlfluff.duckdb ../$(BIN)/sqlfluff lint models tests

format: install ## Format Python and SQL
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	@mkdir -p data
	cd dbt_project && ARREARS_WORK_DB=$(CURDIR)/data/sqlfluff.duckdb ../$(BIN)/sqlfluff fix models tests

clean: ## Remove generated data and build artefacts (not .venv)
	rm -rf data dbt_project/target dbt_project/logs .pytest_cache
