# Наставничество — the two commands are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
# Debian packages: what the application needs to render documents, and what the tests add.
RUNTIME_DEBS := libharfbuzz-subset0 fonts-liberation2 fonts-paratype poppler-utils
TEST_DEBS := $(RUNTIME_DEBS) chromium
POSTGRES_DEBS := postgresql

.PHONY: help demo test test-postgres bench lint format migrate run system-packages clean

help:
	@echo "make demo           — установить всё, загрузить демо-школу и запустить сервер на http://127.0.0.1:8000"
	@echo "make test           — установить всё и прогнать ruff и все тесты (включая браузерные)"
	@echo "make test-postgres  — те же тесты на временном кластере PostgreSQL"
	@echo "make bench          — замерить загрузку участников из Excel, выгрузку банков, подбор пар и печать приказов и дорожной карты, сводку и отчёты школы и органа управления (не входит в make test)"
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
	$(BIN)/pytest $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed | var
	@scripts/ensure-debian-packages $(TEST_DEBS) $(POSTGRES_DEBS)
	scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)

# Timings of the XLSX import and the bank exports on a throwaway SQLite file (never asserted),
# then of matching 1,000 mentees with 500 mentors (fails when one assignment takes 2 s or more).
bench: $(VENV)/.installed | var
	$(PY) tests/benchmarks/bench_registry.py
	$(PY) tests/benchmarks/bench_matching.py
	$(PY) tests/benchmarks/bench_documents.py
	$(PY) tests/benchmarks/bench_reports.py

clean:
	rm -rf $(VENV) var/test-artifacts .pytest_cache .ruff_cache
