# Наставничество — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# The suite runs on every CPU (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
# Debian packages: what the application needs to render documents, and what the tests add.
RUNTIME_DEBS := libharfbuzz-subset0 fonts-liberation2 fonts-paratype poppler-utils
TEST_DEBS := $(RUNTIME_DEBS) chromium
POSTGRES_DEBS := postgresql

.PHONY: help demo test test-postgres bench serve load lint format migrate run system-packages clean

help:
	@echo "make demo           — установить всё, загрузить демо-школу и запустить сервер на http://127.0.0.1:8000"
	@echo "make test           — установить всё и прогнать ruff и все тесты (включая браузерные)"
	@echo "make test-postgres  — те же тесты на временном кластере PostgreSQL"
	@echo "make serve          — запустить сервер как в эксплуатации (gunicorn, DEBUG выключен) на http://127.0.0.1:8000"
	@echo "make load           — нагрузочный тест во всю длину (32 соединения по 60 с) на SQLite и PostgreSQL"
	@echo "make bench          — замерить все страницы на 1 школе и на 200 школах рядом с админкой, документы, Excel, подбор пар и нагрузку (не входит в make test)"
	@echo "make format         — отформатировать код (ruff)"

# The interpreter: PYTHON=... when given, otherwise the first Python >= 3.12 that runs.
$(PY):
	@python="$(PYTHON)"; \
	if [ -z "$$python" ]; then python=$$(scripts/find-python) || exit 1; fi; \
	echo "Создаю $(VENV) на $$python"; \
	"$$python" -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(PY)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

system-packages:
	@scripts/ensure-debian-packages $(RUNTIME_DEBS)

var:
	@mkdir -p var

migrate: $(VENV)/.installed | var
	$(MANAGE) migrate --noinput

demo: system-packages migrate
	$(MANAGE) load_demo --yes-demo
	$(MANAGE) runserver 127.0.0.1:8000

run: migrate
	$(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.installed | var
	@scripts/ensure-debian-packages $(TEST_DEBS)
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed | var
	@scripts/ensure-debian-packages $(TEST_DEBS) $(POSTGRES_DEBS)
	scripts/with-postgres $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Every page at 1 school and at 200 schools × 100 people beside the admin, the documents, the
# XLSX import and exports, matching, and the public pages under load: printed as one table at
# the end. Timings are figures to read, never asserted (matching fails at 2 s or more).
bench: $(VENV)/.installed | var
	@rm -f var/bench/results.jsonl
	$(PY) tests/benchmarks/bench_pages.py
	$(PY) tests/benchmarks/bench_registry.py
	$(PY) tests/benchmarks/bench_matching.py
	$(PY) tests/benchmarks/bench_documents.py
	$(PY) tests/benchmarks/bench_reports.py
	$(PY) tests/benchmarks/bench_load.py
	$(PY) tests/benchmarks/report.py

# The load test at full length: 32 connections for 60 s, on SQLite and on PostgreSQL
# (make test runs it for 8 s when CI is set).
load: $(VENV)/.installed | var
	@scripts/ensure-debian-packages $(TEST_DEBS) $(POSTGRES_DEBS)
	LOAD_SECONDS=60 $(BIN)/pytest -q -s -p no:cacheprovider tests/site/test_load.py
	scripts/with-postgres env LOAD_SECONDS=60 $(BIN)/pytest -q -s -p no:cacheprovider tests/site/test_load.py

# A production-like server on http://127.0.0.1:8000: DEBUG off, gunicorn, collected static files.
serve: system-packages migrate
	scripts/serve

clean:
	rm -rf $(VENV) var/test-artifacts .pytest_cache .ruff_cache
