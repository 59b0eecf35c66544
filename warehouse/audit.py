"""The auditor's checks: one SQL file per rule in `warehouse/checks/`, results in `audit_findings`.

A check is a query that returns one row per failure (report_id, severity,
fiscal_year, line_item_or_metric, expected, actual, difference, message,
page); no row means it passed. Running a check replaces its rows in
`audit_findings` and brings every report's `audit_status` up to date, in one
transaction: checks across reports (continuity, restatements) can change what
an older report's status says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.loader import transaction

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
COLUMNS = ("report_id", "severity", "fiscal_year", "line_item_or_metric", "expected", "actual", "difference", "message", "page")


@dataclass(frozen=True)
class AuditFinding:
    check: str
    report_id: str
    severity: str
    fiscal_year: int | None
    line_item_or_metric: str | None
    expected: int | None
    actual: int | None
    difference: int | None
    message: str
    page: int | None


def check_names() -> list[str]:
    """Every check, by the name of its SQL file."""
    return sorted(path.stem for path in CHECKS_DIR.glob("*.sql"))


def check_description(name: str) -> str:
    """The comment lines that open a check's SQL file."""
    lines = []
    for line in (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


def check_sql(name: str) -> str:
    """The check's query, its columns in the order of COLUMNS."""
    sql = (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return f"select {', '.join(COLUMNS)} from ({sql})"


def run_check(connection: duckdb.DuckDBPyConnection, name: str) -> list[AuditFinding]:
    """What one check finds in the warehouse as it is."""
    return [AuditFinding(name, *row) for row in connection.execute(check_sql(name)).fetchall()]


def record_check(connection: duckdb.DuckDBPyConnection, name: str) -> list[AuditFinding]:
    """Run one check and store its findings in place of the last run's (set-based: the rows never leave the database)."""
    with transaction(connection):
        connection.execute('delete from audit_findings where "check" = ?', [name])
        connection.execute(
            f'insert into audit_findings (report_id, "check", {", ".join(COLUMNS[1:])}) '
            f"select report_id, ?, {', '.join(COLUMNS[1:])} from ({check_sql(name)})",
            [name],
        )
        update_audit_status(connection)
        rows = connection.execute(
            f'select {", ".join(COLUMNS)} from audit_findings where "check" = ? order by report_id, page, message', [name]
        ).fetchall()
    return [AuditFinding(name, *row) for row in rows]


def record_all_checks(connection: duckdb.DuckDBPyConnection) -> dict[str, list[AuditFinding]]:
    return {name: record_check(connection, name) for name in check_names()}


def update_audit_status(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(
        """
        update reports as r set audit_status = case
            when r.status not in ('loaded', 'incomplete') then null
            when exists (select 1 from audit_findings a where a.report_id = r.report_id and a.severity = 'error') then 'errors'
            when exists (select 1 from audit_findings a where a.report_id = r.report_id) then 'warnings'
            else 'passed'
        end
        """
    )
