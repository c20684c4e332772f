# The two commands a new engineer needs: `make run` and `make test`.
# Everything else is here for CI and day-to-day work.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CONSTRAINTS := requirements/constraints.txt
PYTEST_ARGS ?=

# Realistic production values for `check --deploy` (nothing here is a real secret).
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=conduct.settings.production \
	DJANGO_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=conduct.psd.example.police.uk \
	DJANGO_CSRF_TRUSTED_ORIGINS=https://conduct.psd.example.police.uk \
	DATABASE_URL=postgresql://conduct:not-a-real-password@db.internal:5432/conduct \
	REDIS_URL=redis://redis.internal:6379/0

.PHONY: help install assets run test test-fast lint fmt typecheck lock clean-var bench faults

help:
	@echo "make run    start the app, worker and beat on http://127.0.0.1:8000 (Ctrl-C stops)"
	@echo "make test   the whole test suite on PostgreSQL"
	@echo "make lint   commit messages, ruff, formatting, mypy, import contracts, migrations, deploy check"
	@echo "make bench  every benchmark over 100k generated cases against its floor (SCALE=1000000 for 1M)"
	@echo "make faults kill the worker, flush Redis, restart PostgreSQL, race clients: nothing lost or done twice"
	@echo "make assets build the front end into static/build (needs Node.js 20.19+)"
	@echo "make fmt    format and autofix"
	@echo "make lock   refresh $(CONSTRAINTS) from the current environment"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# GOV.UK Frontend + MoJ Frontend from npm, compiled into static/build/. The
# script reinstalls node_modules when package-lock.json changes and does
# nothing when static/build is newer than its inputs.
assets:
	bash scripts/build_assets.sh

run: $(STAMP) assets
	$(BIN)/python -m conduct.launcher

# Everything in one run. The browser tests (tests/e2e, marker e2e) need
# static/build and Debian's /usr/bin/chromium; they run last, serially.
test: $(STAMP) assets
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/python scripts/check_commits.py
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=conduct.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The machine's PostgreSQL and Redis unless DATABASE_URL / REDIS_URL say
# otherwise; SCALE sets the number of cases (a national year by default).
SCALE ?= 100000
bench: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	BENCH_CASES=$(SCALE) $(BIN)/python -m bench

# Its own PostgreSQL and redis-server on free ports of 127.0.0.1 (removed
# afterwards), the real gunicorn, worker and beat; a few minutes. FAULTS_DEADLINES
# and FAULTS_LIST_REPORTS set the size (docs/operations.md, "Fault harness").
faults: $(STAMP)
	$(BIN)/python -m bench.faults

typecheck: $(STAMP)
	$(BIN)/mypy .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > $(CONSTRAINTS)

clean-var:
	rm -rf var/pgdata var/broker var/celerybeat-schedule*
