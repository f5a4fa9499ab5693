# Two commands matter:  `make run` (the main job on demo data)  and  `make test`.
# Everything else is a step they call, usable on its own.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export MELTANO_ENVIRONMENT ?= dev
export MELTANO_PROJECT_ROOT := $(CURDIR)

PACKAGES    := taps/common $(sort $(wildcard taps/tap-*)) target-warehouse sandbox orchestrate
PYPROJECTS  := $(addsuffix /pyproject.toml,$(PACKAGES))
MELTANO_YML := meltano.yml $(wildcard */*.meltano.yml taps/*/*.meltano.yml)
DEMO_DB     := .demo/genius.sqlite
DEMO_SCALE  ?= 10
# `warehouse env` prints the connection of the configured warehouse, or starts the
# project-local one; every step that touches the warehouse evaluates it first.  Assigned
# first, so that a failed start stops the recipe (`eval "$(…)"` alone would carry on).
WAREHOUSE_ENV = warehouse_env="$$($(BIN)/python -m target_warehouse.local env)"; eval "$$warehouse_env"

SANDBOX_PORT ?= 8765
DOCS_PORT    ?= 8080

.PHONY: help bootstrap run run-all test reliability warehouse-start warehouse-stop warehouse-status psql \
        demo-data sandbox-start sandbox-stop meltano-install docs dq clean

help:
	@echo "make run      - load the demo Genius database into the warehouse (incremental on re-run)"
	@echo "make test     - run the whole test suite"
	@echo "make warehouse-start|warehouse-stop|warehouse-status|psql - the project-local PostgreSQL"
	@echo "make run-all  - every source (Genius demo DB + vendor API sandbox) and every dbt model"
	@echo "make docs     - generate the dbt docs and serve them on http://127.0.0.1:$(DOCS_PORT)"
	@echo "make dq       - print the data-quality reports (after make run-all)"
	@echo "make reliability - the full reliability suite (reduced form runs in make test)"
	@echo "make sandbox-start|sandbox-stop - the local vendor API emulations on :$(SANDBOX_PORT)"
	@echo "make bootstrap / meltano-install / demo-data - the individual steps"

bootstrap: $(VENV)/.bootstrapped
$(VENV)/.bootstrapped: $(PYPROJECTS) requirements-dev.txt
	@echo "==> bootstrap: virtualenv $(VENV) with the project's packages (editable)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv
	@$(BIN)/uv pip install --python $(BIN)/python -q -r requirements-dev.txt $(addprefix -e ,$(PACKAGES))
	@touch $@

meltano-install: $(VENV)/.meltano-installed
$(VENV)/.meltano-installed: $(VENV)/.bootstrapped $(MELTANO_YML)
	@echo "==> meltano install (plugin virtualenvs under .meltano/)"
	@meltano install
	@touch $@

warehouse-start: bootstrap
	@$(WAREHOUSE_ENV); echo "==> warehouse: $$WAREHOUSE_USER@$$WAREHOUSE_HOST:$$WAREHOUSE_PORT/$$WAREHOUSE_DATABASE"
warehouse-stop: bootstrap
	@$(BIN)/python -m target_warehouse.local stop
warehouse-status: bootstrap
	@$(BIN)/python -m target_warehouse.local status || true
psql: bootstrap
	@$(BIN)/python -m target_warehouse.local psql

# First run: seed the demo Genius database.  Later runs: change ~1% of its rows, the way a
# day of CRM activity would, so the incremental run has something to move.
demo-data: bootstrap
	@mkdir -p .demo
	@if [ ! -f $(DEMO_DB) ]; then \
	   echo "==> demo data: seeding $(DEMO_DB) (scale $(DEMO_SCALE))"; \
	   crm-sandbox genius-seed --url sqlite:///$(CURDIR)/$(DEMO_DB) --scale $(DEMO_SCALE); \
	 elif [ "$${DEMO_MUTATE:-1}" = 1 ]; then \
	   echo "==> demo data: simulating activity in $(DEMO_DB) (DEMO_MUTATE=0 to skip)"; \
	   crm-sandbox genius-mutate --url sqlite:///$(CURDIR)/$(DEMO_DB) --fraction 0.01; \
	 fi

# The vendor API emulations, serving the same demo world (same scale) as the Genius demo DB.
sandbox-start: bootstrap
	@mkdir -p .demo
	@if curl -fs -o /dev/null http://127.0.0.1:$(SANDBOX_PORT)/_admin/health; then \
	   echo "==> sandbox: already serving on :$(SANDBOX_PORT)"; \
	 else \
	   echo "==> sandbox: starting on :$(SANDBOX_PORT) (log .demo/sandbox.log)"; \
	   nohup crm-sandbox serve --port $(SANDBOX_PORT) --scale $(DEMO_SCALE) > .demo/sandbox.log 2>&1 & echo $$! > .demo/sandbox.pid; \
	   for i in $$(seq 50); do curl -fs -o /dev/null http://127.0.0.1:$(SANDBOX_PORT)/_admin/health && break; sleep 0.2; done; \
	 fi
sandbox-stop:
	@if [ -f .demo/sandbox.pid ]; then kill $$(cat .demo/sandbox.pid) 2>/dev/null || true; rm -f .demo/sandbox.pid; echo "==> sandbox: stopped"; fi

# Every job: each source's EL + staging models and tests, then the cross-source marts.
run-all: meltano-install demo-data sandbox-start
	@echo "==> meltano run all  (orchestrate/run.sh)"
	@orchestrate/run.sh all

# orchestrate/run.sh: meltano run with the warehouse, per-stream progress and the final table.
run: meltano-install demo-data
	@$(WAREHOUSE_ENV); \
	 echo "==> meltano run tap-genius target-warehouse  (into $$WAREHOUSE_HOST:$$WAREHOUSE_PORT/$$WAREHOUSE_DATABASE)"; \
	 orchestrate/run.sh tap-genius target-warehouse

# The dbt docs (models, sources, tests, lineage) from the warehouse's current catalog.
docs: meltano-install
	@$(WAREHOUSE_ENV); \
	 meltano invoke dbt-postgres:docs_generate; \
	 echo "==> dbt docs on http://127.0.0.1:$(DOCS_PORT)  (Ctrl-C to stop)"; \
	 meltano invoke dbt-postgres:docs_serve --port $(DOCS_PORT)

# The data-quality reports (marts.dq_*): row counts and the first rows of each.
dq: bootstrap
	@$(WAREHOUSE_ENV); $(BIN)/python -m crm_orchestrate.dq

test: bootstrap meltano-install
	@echo "==> pytest (CI=$${CI:-false})"
	@$(BIN)/python -m pytest

# The full crash / fault / bad-input / scale suite (≥ 20 kill points per scenario, a
# 5,000,000-row table); `make test` runs a reduced form of the same suite.
reliability: bootstrap meltano-install
	@echo "==> reliability suite, full mode"
	@RELIABILITY_FULL=1 $(BIN)/python -m pytest tests/reliability

clean:
	rm -rf $(VENV) .meltano .demo
