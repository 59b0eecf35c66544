"""The DuckDB warehouse: ordered SQL migrations and the loader that writes reports.

`connect(path)` opens (and creates) the database and applies the migrations in
`warehouse/migrations/` that it has not yet applied; `replace_report` writes one
report's rows in one transaction. Nothing here knows about Dagster.
"""

from warehouse.loader import (
    ReportRows,
    WarehouseLocked,
    connect,
    mark_withdrawn,
    migrate,
    record_failure,
    replace_report,
)

__all__ = ["ReportRows", "WarehouseLocked", "connect", "mark_withdrawn", "migrate", "record_failure", "replace_report"]
