### sozialplattform.site -- `make help` lists the targets.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
PACKAGE_DIR := src/sozialplattform.site
PACKAGE_SRC := $(PACKAGE_DIR)/src/sozialplattform/site
LOCALES := $(PACKAGE_SRC)/locales
PROFILE ?=
BACKUP_DIR ?= var/backup
PROFILE_ARG := $(if $(PROFILE),--profile $(PROFILE),)
INSTANCE := $(BIN)/python scripts/instance.py
INSTANCE_DIR = $$($(INSTANCE) target $(PROFILE_ARG))
# Maintenance commands against the site (sozialplattform.site.maintenance).
MAINTENANCE = $(BIN)/python -m sozialplattform.site.maintenance $(INSTANCE_DIR)/etc/zope.conf
TESTRUNNER := $(BIN)/zope-testrunner --path $(CURDIR)/tests --tests-pattern '^test_' --auto-color --auto-progress
export CHROMIUM_PATH ?= /usr/bin/chromium

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required, found " + sys.version.split()[0] + " (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "$$(grep -E '^uv==' constraints.txt)"

.PHONY: install
install: $(BIN)/python ## Create .venv, install the locked dependencies, compile translations, render instance/
	$(UV) pip install --quiet -p $(BIN)/python -c constraints.txt -b constraints.txt mxdev
	$(BIN)/mxdev -c mx.ini
	$(UV) pip install -p $(BIN)/python -b constraints.txt -r requirements-mxdev.txt
	$(INSTANCE) check-lock
	$(MAKE) compile-mo
	$(INSTANCE) render $(PROFILE_ARG)
	@echo "Installed. Next: make start"

.PHONY: install-browser
install-browser: ## Install Debian's chromium (needs root) when it is missing
	@if [ -x "$(CHROMIUM_PATH)" ]; then echo "chromium present: $(CHROMIUM_PATH)"; \
	else apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi

.PHONY: lock
lock: $(BIN)/python ## Re-resolve requirements.in into the complete lock constraints.txt
	$(UV) pip compile requirements.in --python-version 3.11 --no-header --no-annotate -o constraints.txt

.PHONY: compile-mo
compile-mo: ## Compile the gettext catalogues (.po -> .mo)
	$(BIN)/pybabel compile --statistics -d $(LOCALES) -D sozialplattform.site
	$(BIN)/pybabel compile --statistics -d $(LOCALES) -D plone -l de

.PHONY: instance
instance: ## Render instance/etc from instance.yaml (PROFILE=name for profiles/name.yaml)
	$(INSTANCE) render $(PROFILE_ARG)

.PHONY: check
check: ## Fail fast on a broken lock, instance.yaml or a busy port
	$(INSTANCE) check-lock
	$(INSTANCE) render $(PROFILE_ARG)
	$(INSTANCE) check-port $(PROFILE_ARG)

.PHONY: create-site
create-site: instance ## Create the site "Plone" from the distribution (idempotent; DELETE_EXISTING=1 recreates)
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(MAINTENANCE) create-site

.PHONY: start
start: check ## Serve http://localhost:8080/Plone (creates the site on first run)
	SOZIALPLATTFORM_CREATE_SITE=1 $(BIN)/runwsgi $(INSTANCE_DIR)/etc/zope.ini

INSTANCES ?= 2
PORT ?= 8080
VARNISH_PORT ?=

.PHONY: postgres
postgres: ## Throw-away PostgreSQL on a free loopback port (prints SOZIALPLATTFORM_PG_DSN; Ctrl+C removes it)
	$(BIN)/python -m sozialplattform.site.cluster.postgres

.PHONY: start-cluster
start-cluster: ## INSTANCES=2 instances on RelStorage behind HAProxy on PORT=8080 [VARNISH_PORT=6081 Varnish in front] (throw-away PostgreSQL unless SOZIALPLATTFORM_PG_DSN is set)
	$(BIN)/python -m sozialplattform.site.cluster.run --instances $(INSTANCES) --port $(PORT) $(if $(VARNISH_PORT),--varnish-port $(VARNISH_PORT))

.PHONY: chaos
chaos: ## SIGKILL an instance during a booking load, restart, check every 201 booking (throw-away FileStorage and PostgreSQL sites; STORAGE=filestorage|relstorage|both)
	$(BIN)/python -m sozialplattform.site.cluster.chaos --storage $(or $(STORAGE),both)

.PHONY: backup
backup: ## Back up the database: repozo + blobs (FileStorage) or pg_dump (PROFILE=relstorage) into BACKUP_DIR=var/backup
	$(BIN)/python scripts/backup.py backup $(PROFILE_ARG) --to "$(BACKUP_DIR)"

.PHONY: restore
restore: ## Restore the newest backup from BACKUP_DIR=var/backup (instances stopped; DATE=... an older one)
	$(BIN)/python scripts/backup.py restore $(PROFILE_ARG) --from "$(BACKUP_DIR)" $(if $(DATE),--date "$(DATE)")

.PHONY: console
console: instance ## Interactive Zope console (app is the Zope root)
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(BIN)/zconsole debug $(INSTANCE_DIR)/etc/zope.conf

.PHONY: test
test: lint ## Lint, build the docs, then all tests (unit, integration, functional, browser)
	$(MAKE) docs HANDBOOK_PDF_ARGS=--no-copy
	$(MAKE) test-all

.PHONY: test-all
test-all: ## All tests without lint
	$(TESTRUNNER) --all $(TEST_ARGS)

.PHONY: test-api-fuzz
test-api-fuzz: ## Only the schemathesis run against docs/api/openapi.yaml (API_FUZZ_EXAMPLES=n per operation)
	$(TESTRUNNER) --all -t test_schemathesis $(TEST_ARGS)

.PHONY: test-cluster
test-cluster: ## Only the tests against a real PostgreSQL: two instances behind HAProxy, backup and restore
	$(TESTRUNNER) --all -t test_cluster $(TEST_ARGS)

# The edit loop leaves out the browser layer, the docs build test, the API fuzzing, the end-to-end
# `make create-site` / `make start` subprocess test and the two-instance cluster; `make test` runs them.
FAST_SKIP_MODULES := test_setup\.test_two_commands|test_downloads\.test_docs_build|test_rest\.test_schemathesis|test_cluster\.test_two_instances|test_cluster\.test_caching_proxy|test_cluster\.test_chaos

.PHONY: test-fast
test-fast: ## Tests for the edit loop: no lint, docs, browser or end-to-end make runs
	$(TESTRUNNER) --layer '!Browser' --module '!$(FAST_SKIP_MODULES)' $(TEST_ARGS)

.PHONY: test-browser
test-browser: ## Only the browser tests (real Chromium through Playwright)
	$(TESTRUNNER) --all --layer Browser $(TEST_ARGS)

.PHONY: lint
lint: ## ruff, zpretty and pyroma
	$(BIN)/ruff check src tests scripts docs
	$(BIN)/ruff format --check src tests scripts docs
	find src -name '*.zcml' -o -name '*.pt' -o -name '*.xml' -path '*profiles*' | xargs $(BIN)/zpretty --check
	$(BIN)/pyroma --min 10 $(PACKAGE_DIR)

.PHONY: format
format: ## Format Python (ruff) and ZCML/XML (zpretty)
	$(BIN)/ruff check --fix src tests scripts docs
	$(BIN)/ruff format src tests scripts docs
	find src -name '*.zcml' -o -name '*.pt' -o -name '*.xml' -path '*profiles*' | xargs $(BIN)/zpretty -i

.PHONY: i18n
i18n: ## Extract messages into the .pot, sync the .po files and compile them
	$(BIN)/i18ndude rebuild-pot --pot $(LOCALES)/sozialplattform.site.pot --create sozialplattform.site $(PACKAGE_SRC)
	$(BIN)/i18ndude sync --pot $(LOCALES)/sozialplattform.site.pot $(LOCALES)/*/LC_MESSAGES/sozialplattform.site.po
	$(MAKE) compile-mo

.PHONY: docs
docs: ## Build the documentation (Sphinx + MyST) into docs/_build/html and the handbook PDFs (shipped copies updated)
	$(BIN)/sphinx-build -W --keep-going -q -b html docs docs/_build/html
	$(BIN)/python scripts/build_handbook_pdfs.py --html docs/_build/html --out docs/_build/pdf $(HANDBOOK_PDF_ARGS)
	@echo "Docs: docs/_build/html/index.html, handbooks: docs/_build/pdf/"

.PHONY: bench
bench: ## Benchmarks on a throw-away site; prints the figures
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

.PHONY: bench-cluster
bench-cluster: ## Finder and booking load on a throw-away cluster (1 and 2 instances on RelStorage, with and without Varnish); prints the figures
	$(BIN)/python scripts/bench_cluster.py $(BENCH_ARGS)

.PHONY: bench-pages
bench-pages: ## Page weight and load time on a throttled slow phone (Chromium); prints the figures
	$(BIN)/python scripts/bench_pages.py $(BENCH_ARGS)

.PHONY: changelog
changelog: ## Draft the changelog from news/ fragments
	$(BIN)/towncrier build --draft --version $$(grep '^version' $(PACKAGE_DIR)/pyproject.toml | cut -d'"' -f2)

.PHONY: clean
clean: ## Remove the virtualenv, the rendered instance and build output (keeps var/ data)
	rm -rf $(VENV) instance requirements-mxdev.txt constraints-mxdev.txt docs/_build
	find . -name '__pycache__' -type d -prune -exec rm -rf {} +
	find $(LOCALES) -name '*.mo' -delete

.PHONY: clean-data
clean-data: ## Remove the database (var/): the next start creates a new site
	rm -rf var

.PHONY: import
import: instance ## Import centres: FILE=centres.csv|.json [DRY_RUN=1] [PUBLISH=1] [VERSIONS=1]
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(MAINTENANCE) import "$(FILE)" $(if $(filter 1 true yes,$(DRY_RUN)),--dry-run) $(if $(filter 1 true yes,$(PUBLISH)),--publish) $(if $(filter 1 true yes,$(VERSIONS)),--versions)

.PHONY: export
export: instance ## Export centres: FILE=centres.csv|.json [STATE=berlin]
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(MAINTENANCE) export "$(FILE)" $(if $(STATE),--state "$(STATE)")

.PHONY: purge
purge: instance ## Delete what the retention policies find expired, e.g. closed onboarding requests (daily, cron)
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(MAINTENANCE) purge

.PHONY: reminders
reminders: instance ## Mail the booking reminders due and anonymise expired bookings (hourly, cron)
	$(INSTANCE) check-db $(PROFILE_ARG)
	$(MAINTENANCE) reminders

MAILSERVER ?= localhost:8025

.PHONY: mailserver
mailserver: ## Development SMTP server (MAILSERVER=localhost:8025) printing every mail the site sends
	$(BIN)/python -m aiosmtpd -n -l $(MAILSERVER) -c aiosmtpd.handlers.Debugging
