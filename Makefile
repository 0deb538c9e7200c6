# The README's commands. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export OGOP_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint bench loadtest fuzz messages openapi screenshots js-assets clean help

help:
	@echo "make run    set up and serve the demo at http://$(HOST):$(PORT) (SQLite under var/), with a background worker"
	@echo "make test   install what the tests need and run the suite on SQLite and PostgreSQL"
	@echo "make lint   ruff, mypy, djLint and migration checks"
	@echo "make screenshots  refresh the README's screenshots from the demo"
	@echo "make js-assets  copy the JavaScript libraries package.json pins into the static files"

$(BIN)/python:
	scripts/system-packages run
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/ogop migrate --noinput
	$(BIN)/ogop collectstatic --noinput --verbosity 0
	$(BIN)/ogop demo --if-empty
	@echo "Serving the demo at http://$(HOST):$(PORT)/ — log in as admin, officer, partner, producer, expert, assessor or cashier, password ogop-demo; admin first sets up two-step sign-in with an authenticator app (the page shows the QR code and key). Password reset mails are printed here."
	scripts/serve-demo $(BIN) $(HOST):$(PORT)

test: $(VENV)/.installed-test
	scripts/system-packages test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/djlint src/ogop --lint
	scripts/run-tests

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src
	$(BIN)/djlint src/ogop --lint
	$(BIN)/ogop makemigrations --check --dry-run

# Benchmarks on a separate database (var/bench, or DATABASE_URL): `make bench SCALE=district`
# for a quicker run. wrk (for the HTTP case) comes with the test system packages.
SCALE ?= national
bench: $(VENV)/.installed-test
	scripts/system-packages test
	OGOP_DATA_DIR=$(CURDIR)/var/bench $(BIN)/ogop migrate --noinput --verbosity 0
	OGOP_DATA_DIR=$(CURDIR)/var/bench $(BIN)/ogop bench-data --scale $(SCALE) --replace
	OGOP_DATA_DIR=$(CURDIR)/var/bench $(BIN)/python -m bench.run

# The load and fault test against the production server on PostgreSQL (60 s; a short run is
# in the suite): `make loadtest LOAD_DATABASE_URL=postgres://…` to use another database.
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ogop_load
loadtest: $(VENV)/.installed-test
	$(BIN)/python scripts/createdb.py $(LOAD_DATABASE_URL)
	OGOP_DATA_DIR=$(CURDIR)/var/load DATABASE_URL=$(LOAD_DATABASE_URL) $(BIN)/python -m bench.loadtest

# The hostile-input cases at length: 50 times the generated files the suite tries.
fuzz: $(VENV)/.installed-test
	OGOP_FUZZ_FACTOR=$${OGOP_FUZZ_FACTOR:-50} $(BIN)/pytest -q -p no:cacheprovider tests/core/test_hostile_input.py --hypothesis-show-statistics

# Refresh the committed API description after changing the API.
openapi: $(VENV)/.installed-run
	$(BIN)/ogop export_openapi_schema --api ogop.api.api.api --indent 2 --sorted --output docs/api/openapi.json

# Refresh the README's screenshots (docs/screenshots/) from the demo, loaded anew into
# var/screenshots and served there; Chromium comes with the test system packages.
screenshots: $(VENV)/.installed-test
	scripts/system-packages test
	$(BIN)/python scripts/screenshots.py

# Refresh the committed copies of the JavaScript libraries (src/ogop/core/static/vendor/)
# after changing a version in package.json; needs npm.
js-assets:
	scripts/js-assets

# Refresh the translation catalogs after changing texts shown to users.
messages: $(VENV)/.installed-run
	cd src/ogop && ../../$(BIN)/ogop makemessages -l th -l dz --no-location --no-obsolete --ignore 'migrations/*'
	cd src/ogop && ../../$(BIN)/ogop compilemessages

clean:
	rm -rf $(VENV) test-artifacts
