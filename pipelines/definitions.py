"""The single entry point Dagster loads: `dagster dev -m pipelines.definitions`."""

from dagster import Definitions

from pipelines.assets import (
    audit_report,
    financial_statements,
    key_figures,
    people_and_projects,
    report_document,
    warehouse_report,
)
from pipelines.checks import audit_checks
from pipelines.io_manager import ReportValues
from pipelines.jobs import ingest_report_job
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from pipelines.sensors import new_reports_sensor, nightly_reconciliation
from pipelines.settings import cache_dir, reports_dir, warehouse_path

defs = Definitions(
    assets=[report_document, financial_statements, key_figures, people_and_projects, warehouse_report, audit_report],
    asset_checks=audit_checks,
    jobs=[ingest_report_job],
    sensors=[new_reports_sensor],
    schedules=[nightly_reconciliation],
    resources={
        "reports_folder": ReportsFolder(path=str(reports_dir())),
        "warehouse": Warehouse(database=str(warehouse_path())),
        "extraction": ExtractionSettings(cache_dir=str(cache_dir())),
        "report_values": ReportValues(),
    },
)
