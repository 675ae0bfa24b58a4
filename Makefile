# factcheck: `make run` sets up and serves the product on SQLite with the seeds; `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint setup dev-setup ingest-seeds clean lock

# Every dependency installs from a lock file, pinned and hash-checked (`make lock` writes them
# from pyproject.toml); the project itself installs on top, without resolving anything.
LOCK := requirements/base.lock
DEV_LOCK := requirements/dev.lock

$(VENV)/.installed: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip setuptools wheel
	$(PIP) install --quiet --require-hashes -r $(LOCK)
	$(PIP) install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed $(DEV_LOCK)
	$(PIP) install --quiet --require-hashes -r $(DEV_LOCK)
	touch $@

# Pins every dependency of pyproject.toml (and the dev extras) with hashes; run after changing them.
lock: setup
	$(PIP) install --quiet pip-tools==7.6.2
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links -o $(LOCK) pyproject.toml
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links --extra dev \
		-o $(DEV_LOCK) pyproject.toml

setup: $(VENV)/.installed

dev-setup: $(VENV)/.dev-installed

# Everything `make run` prints and builds (the admin link, ClaimReview URLs) uses HOST and PORT.
SITE_URL ?= http://$(HOST):$(PORT)
SERVE := SITE_URL=$(SITE_URL) $(PY)

run: setup
	$(SERVE) manage.py migrate --noinput
	$(SERVE) manage.py ingest seeds/
	$(SERVE) manage.py create_demo_editor
	@echo "Serving $(SITE_URL)/ (admin at $(SITE_URL)/admin/, API at $(SITE_URL)/api/v1/)"
	$(SERVE) manage.py runserver $(HOST):$(PORT)

test: dev-setup
	$(PY) -m pytest

lint: dev-setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
