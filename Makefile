# The platform's commands: `make run` serves it with demo data, `make test` proves it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
NHSUK := node_modules/nhsuk-frontend/dist/nhsuk
VENDOR := academy/static/vendor/nhsuk
STAMP := $(VENV)/.installed

export FLASK_APP := academy:create_app

.PHONY: install run test bench lint clean

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

# The whole suite on SQLite, then on PostgreSQL when ACADEMY_TEST_POSTGRES_URL is set (CI sets it).
test: install
	$(BIN)/pytest
	@if [ -n "$$ACADEMY_TEST_POSTGRES_URL" ]; then \
		echo "== the suite again on PostgreSQL =="; \
		ACADEMY_TEST_DATABASE_URL="$$ACADEMY_TEST_POSTGRES_URL" $(BIN)/pytest; \
	fi

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check academy tests benchmarks

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .pytest_cache
