# The platform's commands: `make run` serves it with demo data, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR := academy/static/vendor/nhsuk
STAMP := $(VENV)/.installed

export FLASK_APP := academy:create_app

.PHONY: install run test system-packages bench lint clean

install: $(STAMP) $(VENDOR)/nhsuk-frontend.min.css

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENDOR)/nhsuk-frontend.min.css: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)
	cp $(NHSUK)/nhsuk-frontend-[0-9]*.min.css $(VENDOR)/nhsuk-frontend.min.css
	cp $(NHSUK)/nhsuk-frontend-[0-9]*.min.js $(VENDOR)/nhsuk-frontend.min.js
	cp -r $(NHSUK)/assets $(VENDOR)/assets

run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask academy demo-data --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# What the suite needs from the system (Chromium, PostgreSQL, fonts), a throwaway PostgreSQL
# server, then the whole suite on SQLite and again on PostgreSQL: exactly what CI runs.
test: system-packages install
	@set -e; \
	url="$$(bash scripts/postgres.sh start)"; \
	trap 'bash scripts/postgres.sh stop' EXIT; \
	echo "== the suite on SQLite =="; \
	$(BIN)/pytest; \
	echo "== the suite again on PostgreSQL =="; \
	ACADEMY_TEST_DATABASE_URL="$$url" $(BIN)/pytest

system-packages:
	bash scripts/install-system-packages.sh

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check academy tests benchmarks

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
