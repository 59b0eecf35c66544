# The two commands of the README: `make run` and `make test`. Both set up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# One Dagster instance per warehouse, beside it (warehouse/familjen_helsingborg.dagster for the default): the UI
# shows the runs, partitions and checks of the warehouse it serves and nothing of another.
export DAGSTER_HOME ?= $(abspath $(basename $(or $(WAREHOUSE_PATH),warehouse/familjen_helsingborg.duckdb))).dagster

SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)

.PHONY: setup setup-test lint browser ocr clones compiler run test test-fast dagster dictionary clean

# The pipeline's own packages; the test extras (pytest, ruff, ...) only for `make test`.
setup: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml
	@echo "Setting up $(VENV): installing the pipeline (Dagster, pdfplumber, DuckDB, ...) from PyPI; a few minutes the first time."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

setup-test: $(BIN)/.installed-test

$(BIN)/.installed-test: $(BIN)/.installed
	@echo "Installing the test tools (pytest, ruff, reportlab, ...) into $(VENV)."
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

# Ingest every PDF of RAW_REPORTS_DIR (default raw_reports/) into WAREHOUSE_PATH.
# FORCE=1 reads and extracts every file anew, changed or not.
# It calls `fh`, whose exit code says what went wrong (1: a run could not finish; 2: the warehouse or a
# vocabulary is at fault); make itself exits 2 whenever a command fails, so call `.venv/bin/fh` to tell them apart.
run: setup ocr compiler $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/fh $(if $(filter-out 0,$(FORCE)),--force)

# The audit pages are tested in a real headless Chromium, from Debian's packages.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null)

# Scanned pages are read by Tesseract with its Swedish model, from Debian's packages.
ocr:
	@command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx swe || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-swe >/dev/null)

# The fast path asks PDFium through C loops (extractors/pdf/pdfium_calls.c), built on first use by the system's C
# compiler, from Debian's packages where the machine has none (without one, ctypes asks: slower, the same).
compiler:
	@command -v cc >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq gcc libc6-dev >/dev/null)

# Publishing clones the warehouse file where the file system can (XFS, btrfs); the tests prove it on a small
# XFS file system of their own, made with Debian's xfsprogs.
clones:
	@command -v mkfs.xfs >/dev/null 2>&1 || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq xfsprogs >/dev/null)

# ruff (configured in pyproject.toml) over the whole project.
lint: setup-test
	$(BIN)/ruff check .

# The whole suite, its files spread over every core (pytest-xdist; a file's tests stay together, so a
# fixture built for a file is built once). TEST_WORKERS=1 runs it in one process.
TEST_WORKERS ?= auto
test: setup-test browser ocr clones compiler lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

# The fast tier, for every change: everything but the tests marked browser, ocr, corpus or pipeline
# (markers in pyproject.toml). Needs neither Chromium nor Tesseract.
FAST_TESTS := not (browser or ocr or corpus or pipeline)
test-fast: setup-test clones compiler lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "$(FAST_TESTS)"

# Regenerate docs/data_dictionary.md from the DDL's comments (a test keeps it current).
dictionary: setup
	$(BIN)/python -m warehouse.dictionary > docs/data_dictionary.md

# The Dagster UI on the same definitions, at http://127.0.0.1:3000
# Run from DAGSTER_HOME: from the project folder Dagster would warn that the dagster.yaml there is not the
# instance's (it is the template copied into DAGSTER_HOME). Folders given relative to the project stay so.
dagster: setup $(DAGSTER_HOME)/dagster.yaml
	cd $(DAGSTER_HOME) && \
	  $(if $(RAW_REPORTS_DIR),RAW_REPORTS_DIR=$(abspath $(RAW_REPORTS_DIR))) \
	  $(if $(WAREHOUSE_PATH),WAREHOUSE_PATH=$(abspath $(WAREHOUSE_PATH))) \
	  $(CURDIR)/$(BIN)/dagster dev -m pipelines.definitions

clean:
	rm -rf $(VENV) .dagster_home warehouse/*.dagster .pytest_cache warehouse/*.duckdb warehouse/*.wal
