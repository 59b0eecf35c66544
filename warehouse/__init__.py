"""The DuckDB warehouse: ordered SQL migrations and the loader that writes reports.

`connect(path)` opens (and creates) the database and applies the migrations in
`warehouse/migrations/` that it has not yet applied; `replace_reports` writes a batch
of reports' rows in one transaction (`load_reports` falls back to one per report). Nothing here knows about Dagster.
"""

from warehouse.loader import (
    ReportRows,
    WarehouseLocked,
    connect,
    load_reports,
    mark_withdrawn,
    migrate,
    record_failure,
    replace_report,
    replace_reports,
)

__all__ = ["ReportRows", "WarehouseLocked", "connect", "load_reports", "mark_withdrawn", "migrate", "record_failure", "replace_report", "replace_reports"]
