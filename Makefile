# The two commands (see README.md):  make serve  /  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Material 9.8 prints an end-of-life banner on every run; it is known (see README) and not an error.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build dist bench shots test test-fast lint chromium lock schemas clean

$(STAMP): requirements.lock requirements-bootstrap.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-bootstrap.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

## serve: build the course and serve it on http://127.0.0.1:8000/ (rebuilds on save)
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

## build: build the site into site/ with every check on
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## dist: a zip of the built site for closed networks (dist/nimo-course.zip; open index.html inside)
dist: build
	$(BIN)/python scripts/make_dist.py site dist/nimo-course.zip

## bench: build time with and without the hooks at 1x and 10x, edit-to-reload under serve, page weights, search in chromium
bench: $(STAMP) chromium
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_search.py

## shots: screenshots of every page (desktop, phone, print) into shots/, to look at before calling a page done
shots: build chromium
	$(BIN)/python scripts/shots.py $(PAGES)

## test: lint, then every test (installs the venv and Debian's chromium if missing)
test: $(STAMP) chromium lint
	$(BIN)/pytest

## test-fast: the tests that need no browser and are not slow (for editors and while changing the hooks)
test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser and not slow"

## schemas: rewrite docs/editors/schemas/*.schema.json after changing hooks/coursekit/models.py
schemas: $(STAMP)
	$(BIN)/python scripts/make_schemas.py

lint: $(STAMP)
	$(BIN)/ruff check hooks tests scripts

chromium:
	@sh scripts/ensure-chromium.sh

## lock: re-pin requirements.lock after editing requirements.in
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet pip-tools==7.6.2
	CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock requirements.in
	rm -rf .venv-lock

clean:
	rm -rf site dist shots $(VENV) .pytest_cache .ruff_cache .cache
