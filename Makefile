# The whole set-up on a fresh machine is `make run` (serve the demo intranet) and
# `make test` (run the tests). Everything else here serves those two or CI.

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python

.PHONY: run test install install-dev migrate demo lint format ci e2e bench clean help

help:
	@echo "make run   - install, migrate, load demo content and serve http://$(HOST)/ (SQLite) with the task worker and scheduler"
	@echo "make test  - install development dependencies and run the tests"
	@echo "make lint  - ruff check and format check"

# Find a Python >= 3.12 (pyenv users get the one named in .python-version).
$(PY):
	@found=""; for candidate in $(PYTHON_CANDIDATES); do \
		if command -v $$candidate >/dev/null 2>&1 && \
		   $$candidate -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then \
			found=$$candidate; break; \
		fi; \
	done; \
	if [ -z "$$found" ]; then \
		echo "No Python 3.12 or newer was found (tried: $(PYTHON_CANDIDATES)); install Python 3.12+ and run make again." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$($$found --version)"; \
	$$found -m venv $(VENV) || { echo "Could not create $(VENV): install the venv module for $$found (Debian: apt-get install python3-venv)." >&2; exit 1; }
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml requirements/constraints.txt
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo_content

# The task worker sends the queued emails, runs Wagtail's background tasks and the periodic
# jobs (scheduled pages going live, reminders: intranet/tasks.py), which the scheduler enqueues
# on time. Both run beside the web server and stop with it.
run: demo
	@$(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

e2e: install-dev
	$(PY) -m pytest -m e2e tests/e2e $(PYTEST_ARGS)

# Page speed at trust scale under gunicorn on a throwaway PostgreSQL database, loaded by wrk (prints figures;
# not a test, never run by `make test` or CI). BENCH_DATABASE_URL picks the database.
bench: install-dev
	$(PY) scripts/bench_pages.py $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rewrite the pinned versions after changing pyproject.toml's dependencies.
constraints: install-dev
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e ' > requirements/constraints.txt

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) collected-static
