# Kundcenter developer tasks. A new developer needs two: `make run` and `make test`.
#
# The virtual environment lives in .venv and is made on first use. Requirements are
# installed again only when a requirements or constraints file has changed (the stamp
# files in .venv record the last install).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PIP_INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check
# The first of these that runs and is Python 3.11 or newer makes the venv;
# `make run PYTHON=/path/to/python3.12` chooses one.
PYTHON ?= python3.11 python3 python3.12 python3.13 /usr/bin/python3

POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/kundcenter
# Extra pytest options, e.g. `make test PYTEST_ARGS="-x tests/sla"` or `PYTEST_ARGS="-n 2"`.
PYTEST_ARGS ?=
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/var/bench.sqlite3
BENCH_TICKETS ?= 100000
DEV_ADDRESS ?= 127.0.0.1:8000

RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help run venv test test-postgres lint format check-migrations bench bench-throughput constraints clean

help:
	@echo "make run            set up .venv and the database, load demo data, serve on $(DEV_ADDRESS)"
	@echo "make test           the test suite on SQLite"
	@echo "make test-postgres  the test suite on PostgreSQL ($(POSTGRES_URL))"
	@echo "make lint           ruff check and ruff format --check"
	@echo "make format         ruff format and ruff check --fix (changes files)"
	@echo "make bench          the benchmarks, on their own database ($(BENCH_DATABASE_URL)), $(BENCH_TICKETS) tickets"
	@echo "make constraints    rewrite constraints.txt from the venv (after adding a package)"
	@echo "make clean          remove .venv and caches (keeps var/: the database and secret key)"

$(VENV)/pyvenv.cfg:
	@chosen=""; \
	for candidate in $(PYTHON); do \
	  if "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
	    chosen="$$candidate"; break; \
	  fi; \
	done; \
	if [ -z "$$chosen" ]; then \
	  echo "Kundcenter needs Python 3.11 or newer, and none of these is: $(PYTHON)." >&2; \
	  echo "Install Python 3.11 (e.g. apt-get install python3.11-venv) or pass PYTHON=/path/to/python3." >&2; \
	  exit 1; \
	fi; \
	echo "Creating $(VENV) with $$("$$chosen" --version) ($$(command -v "$$chosen"))"; \
	"$$chosen" -m venv $(VENV)

venv: $(VENV)/pyvenv.cfg

$(RUNTIME_STAMP): requirements.txt constraints.txt | $(VENV)/pyvenv.cfg
	@echo "Installing requirements.txt into $(VENV)"
	$(PIP_INSTALL) -r requirements.txt -c constraints.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt constraints.txt | $(VENV)/pyvenv.cfg
	@echo "Installing requirements-dev.txt into $(VENV)"
	$(PIP_INSTALL) -r requirements-dev.txt -c constraints.txt
	@touch $@ $(RUNTIME_STAMP)

# The compiled translations (.mo) are committed, so no gettext is needed to run.
run: export DEBUG := 1
run: $(RUNTIME_STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py run_scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT; $(PY) manage.py runserver $(DEV_ADDRESS)

# Always SQLite, whatever DATABASE_URL the shell has.
test: $(DEV_STAMP)
	env -u DATABASE_URL $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(DEV_STAMP)
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest -q $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations: $(RUNTIME_STAMP)
	$(PY) manage.py makemigrations --check --dry-run

# Benchmarks use their own database, never the one `make run` uses. Each step runs only
# if its command exists; add new benchmark commands as further $(call bench_step,...) lines.
# They measure with DEBUG off, as production runs, so seed_bench needs --force (it refuses
# with DEBUG off, to keep bench data out of a production database).
bench_step = @if $(PY) manage.py help $(firstword $(1)) >/dev/null 2>&1; then \
	  echo "== manage.py $(1)"; DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py $(1); \
	else echo "== $(firstword $(1)): not available yet, skipped"; fi

bench: $(DEV_STAMP)
	@mkdir -p var
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --no-input -v 0
	$(call bench_step,seed_bench --reset --seed 2026 --force --tickets $(BENCH_TICKETS))
	$(call bench_step,bench_pages --seed 2026)
	@if command -v wrk >/dev/null; then $(MAKE) bench-throughput; \
	else echo "== bench_throughput: wrk is not installed (apt-get install wrk), skipped"; fi
	$(call bench_step,bench_reports --seed 2026)
	$(call bench_step,bench_calendar)
	$(call bench_step,bench_search)
	$(call bench_step,bench_mail)

# A logged-in portal page against a bare Django view under wrk (issue 15's 25 % goal).
bench-throughput: $(DEV_STAMP)
	$(call bench_step,bench_throughput)

constraints: $(DEV_STAMP)
	@{ sed -n '/^#/p' constraints.txt; $(BIN)/pip freeze --exclude-editable; } > constraints.txt.new
	@mv constraints.txt.new constraints.txt
	@echo "constraints.txt rewritten from $(VENV); review it with git diff"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-results
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
