"""The DuckDB warehouse: ordered SQL migrations, the loader that writes reports, the checks and the audit pages.

`connect(path)` opens (and creates) the database and applies the migrations in
`warehouse/migrations/` that it has not yet applied; `replace_reports` writes a
batch of reports' rows, with the identities resolved across reports, in one
transaction. Nothing here knows about Dagster or reads a PDF.
"""

from warehouse.identity_tables import held_mentions
from warehouse.loader import (
    ReportRows,
    WarehouseFault,
    WarehouseLocked,
    connect,
    current_level,
    fault_message,
    held_contents,
    load_failure_reason,
    mark_withdrawn,
    migrate,
    publish,
    record_duplicate,
    record_failure,
    refuse_newer,
    replace_reports,
    report_files,
    restore_working,
    schema_level,
    working_path,
)

__all__ = [
    "ReportRows",
    "WarehouseFault",
    "WarehouseLocked",
    "connect",
    "current_level",
    "fault_message",
    "held_mentions",
    "load_failure_reason",
    "held_contents",
    "mark_withdrawn",
    "publish",
    "working_path",
    "migrate",
    "record_duplicate",
    "record_failure",
    "refuse_newer",
    "replace_reports",
    "report_files",
    "restore_working",
    "schema_level",
]
