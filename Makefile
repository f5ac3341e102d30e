# Two commands set everything up: `make report` and `make test`.
# Each creates .venv and installs fr-stats (pinned by requirements.lock) on first run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# `make report` needs only what fr-stats itself runs on; `make test` adds the
# developer tools (pytest, ruff, mypy, hypothesis, stubs).
RUNTIME := $(VENV)/.runtime-stamp
STAMP   := $(VENV)/.installed-stamp
PIP     := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: help install test pytest lint format report report-check bench clean

help:
	@echo "make report  build reports/ from the bundled data"
	@echo "make test    lint, type-check and run the test suite"
	@echo "make lint    ruff check, ruff format --check, mypy"
	@echo "make bench   time the command line (writes benchmarks/RESULTS.md)"
	@echo "make clean   remove the virtual environment and caches"

$(RUNTIME): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -c requirements.lock -e .
	@touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PIP) install -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check fr_stats tests benchmarks
	$(BIN)/ruff format --check fr_stats tests benchmarks
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format fr_stats tests benchmarks
	$(BIN)/ruff check --fix fr_stats tests benchmarks

pytest: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto --dist loadfile --cov=fr_stats --cov-report=term --cov-fail-under=90

# The report check runs inside pytest (tests/test_report.py::test_build_is_byte_for_byte_the_committed_reports
# compares a fresh build with reports/), sharing the build the other report tests read.
test: lint pytest
	@echo "make test: lint, types, tests with coverage and the report check all passed"

report: $(RUNTIME)
	$(BIN)/fr-stats report --out reports
	@echo "Run fr-stats as .venv/bin/fr-stats, or type 'source .venv/bin/activate' first."

# The committed reports/ must be what the bundled data builds, byte for byte.
report-check: $(RUNTIME)
	@test -f reports/index.html || { echo "reports/index.html is missing: run 'make report' and commit the result"; exit 1; }
	@rm -rf $(VENV)/report-check
	@$(BIN)/fr-stats report --out $(VENV)/report-check --quiet
	@if diff -r reports $(VENV)/report-check > /dev/null; then \
		echo "reports/ is up to date"; \
	else \
		echo "reports/ is out of date: run 'make report' and commit the result"; \
		diff -r reports $(VENV)/report-check | head -20; exit 1; \
	fi

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage .hypothesis dist build
