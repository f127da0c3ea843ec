# Two commands for a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_CSV := data/demo_communities.csv
PORT ?= 8000

.PHONY: install run test test-dates lint fmt bench check-migrations clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch node_modules/.installed

install: $(STAMP)

# prepare_demo = migrate, createcachetable, import_communities $(DEMO_CSV) and seed_demo, in one
# process (Django starts once, not four times). Every step is idempotent: run it again freely.
# A task worker (e-mail, scheduled jobs) runs next to the web server; Ctrl-C stops both (the
# terminal signals the whole process group, and the trap stops the worker when runserver ends).
run: $(STAMP)
	$(PY) manage.py prepare_demo $(DEMO_CSV)
	$(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# In parallel on every core (pytest-xdist), in random order (pytest-randomly prints its seed:
# rerun that order with `.venv/bin/pytest --randomly-seed=N`, or none with
# `-p no:randomly`).
test: lint node_modules/.installed
	$(VENV)/bin/pytest -n auto --dist worksteal --durations=15

# The suite with the clock moved to other instants (weekdays, DST, year ends): see the script.
test-dates: $(STAMP) node_modules/.installed
	scripts/test-at-instants

lint: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
