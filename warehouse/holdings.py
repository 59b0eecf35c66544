"""What the warehouse holds of the reports folder: the one place `make run` and the sensor ask it.

The queries are SQL files of `warehouse/queries/`; these functions run them on
a connection the caller opened (read-only, as a rule) and return plain records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
LOADED = ("loaded", "incomplete")  # statuses of a report whose rows are there to read


@dataclass(frozen=True)
class HeldFile:
    """A file the warehouse holds a report of, as its `reports` row says."""

    file_name: str
    report_id: str
    sha256: str
    status: str
    withdrawn: bool
    audit_status: str | None
    extraction_fingerprint: str | None
    unread_pages: int = 0  # pages OCR was due to read and did not: the next make run reads them again


@dataclass(frozen=True)
class ReportSummary:
    """What make run's summary prints of one file."""

    file_name: str
    status: str
    document_type: str | None
    report_year: int | None
    audit_status: str | None
    pages: int
    error: str | None
    facts: int
    findings: int  # the checks' and the readers' together


def query(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def held_files(connection: duckdb.DuckDBPyConnection) -> dict[str, HeldFile]:
    """Every file the warehouse holds a report of, by name."""
    return {row[0]: HeldFile(*row) for row in connection.execute(query("held_files")).fetchall()}


def report_summaries(connection: duckdb.DuckDBPyConnection, file_names: list[str]) -> list[ReportSummary]:
    """The summary rows of these files, by name; a file the warehouse has no row for is left out."""
    return [ReportSummary(*row) for row in connection.execute(query("run_summary"), [file_names]).fetchall()]
