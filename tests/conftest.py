"""Shared fixtures: the sample reports, the gold files, documents read once per session."""

from __future__ import annotations

import csv
import shutil
from functools import cache
from pathlib import Path

import pytest

from extractors import Document, build_document

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_REPORTS = PROJECT_ROOT / "raw_reports"
SHARED = PROJECT_ROOT.parent / "shared"
GOLD = SHARED / "gold"
REALWORLD = SHARED / "realworld"

REPORT_2022 = "familjen-helsingborg-arsredovisning-2022.pdf"
REPORT_2024 = "familjen-helsingborg-arsredovisning-2024.pdf"
PLAN_2019 = "familjen-helsingborg-verksamhetsplan-2019.pdf"
SAMPLE_REPORTS = sorted(p.name for p in RAW_REPORTS.glob("*.pdf"))


@cache
def sample_document(file_name: str) -> Document:
    """A sample report read into the document model (once per test session)."""
    return build_document(RAW_REPORTS / file_name)


def gold_rows(name: str) -> list[dict[str, str]]:
    path = GOLD / name
    if not path.exists():
        pytest.fail(f"gold file missing: {path} (shared/ must stand beside the project)")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def dagster_home(tmp_path, monkeypatch) -> Path:
    """A temporary DAGSTER_HOME holding the project's dagster.yaml."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    return home


def report_rows(document: Document):
    """Everything extracted from a report as the warehouse takes it: the pipeline's own wiring, without Dagster."""
    from pipelines.extraction import extract_report

    return extract_report(document)


def load_sample(connection, file_name: str, document: Document | None = None) -> None:
    """Load a sample report (or another reading of it) into a warehouse connection, as the pipeline loads it."""
    from pipelines.loading import replace_report

    replace_report(connection, report_rows(document or sample_document(file_name)))


def sensor_tick(instance, folder: Path, cursor: str | None, database: Path | None = None):
    """One evaluation of the reports sensor over a folder (and a warehouse, by default none), its context closed after."""
    from dagster import build_sensor_context

    from pipelines.resources import ReportsFolder, Warehouse
    from pipelines.sensors import new_reports_sensor

    database = database or folder.parent / "no-warehouse-here.duckdb"
    with build_sensor_context(
        instance=instance, cursor=cursor,
        resources={"reports_folder": ReportsFolder(path=str(folder)), "warehouse": Warehouse(database=str(database))},
    ) as context:
        return new_reports_sensor(context)


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """A warehouse file holding the five samples, built once a session; copy it before changing it."""
    import warehouse

    path = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    connection = warehouse.connect(path)
    for name in SAMPLE_REPORTS:
        load_sample(connection, name)
    connection.close()
    return path
