"""The auditor's checks: one SQL file per rule in `warehouse/checks/`, results in `audit_findings`.

A check is a query that returns one row per comparison it makes (report_id,
severity, fiscal_year, line_item_or_metric, expected, actual, difference,
message, message_sv, page, ok): its message in English and in Swedish (the
audit pages). The rows that are not ok are its findings. Running a check
replaces its rows in `audit_findings`, and its counts per report in
`audit_coverage`, and brings every report's `audit_status` up to date, in one
transaction: checks across reports (continuity, restatements) can change what
an older report's status says. A report where a check made no comparison has
no coverage row: for it the check is not applicable, never passed.

Each check's SQL file opens with comment lines that describe it in English,
then lines marked `-- sv:` that describe it in Swedish (the audit pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.loader import transaction

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
COLUMNS = ("report_id", "severity", "fiscal_year", "line_item_or_metric", "expected", "actual", "difference", "message",
           "message_sv", "page")


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
    message_sv: str
    page: int | None


def check_names() -> list[str]:
    """Every check, by the name of its SQL file."""
    return sorted(path.stem for path in CHECKS_DIR.glob("*.sql"))


def check_description(name: str, language: str = "en") -> str:
    """The comment lines that open a check's SQL file, in English ("en") or Swedish ("sv")."""
    lines = []
    for line in (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        text = line[2:].strip()
        swedish = text.startswith("sv:")
        if swedish == (language == "sv"):
            lines.append(text.removeprefix("sv:").strip())
    return " ".join(lines)


def comparisons_sql(name: str) -> str:
    """The check's query: every comparison it makes, its columns in the order of COLUMNS, then ok."""
    sql = (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return f"select {', '.join(COLUMNS)}, ok from ({sql})"


def check_sql(name: str) -> str:
    """The check's findings: the comparisons that failed, in the columns of COLUMNS."""
    return f"select {', '.join(COLUMNS)} from ({comparisons_sql(name)}) where not ok"


def run_check(connection: duckdb.DuckDBPyConnection, name: str) -> list[AuditFinding]:
    """What one check finds in the warehouse as it is."""
    return [AuditFinding(name, *row) for row in connection.execute(check_sql(name)).fetchall()]


def coverage(connection: duckdb.DuckDBPyConnection, name: str) -> dict[str, int]:
    """How many comparisons a check made, per report, when it last ran (a report it does not apply to is absent)."""
    return dict(connection.execute('select report_id, checked from audit_coverage where "check" = ?', [name]).fetchall())


def record_check(connection: duckdb.DuckDBPyConnection, name: str) -> list[AuditFinding]:
    """Run one check and store its findings and coverage in place of the last run's (set-based: the rows never
    leave the database)."""
    with transaction(connection):
        connection.execute('delete from audit_findings where "check" = ?', [name])
        connection.execute('delete from audit_coverage where "check" = ?', [name])
        connection.execute(f"create or replace temporary table comparisons as {comparisons_sql(name)}")
        connection.execute(
            f'insert into audit_findings (report_id, "check", {", ".join(COLUMNS[1:])}) '
            f"select report_id, ?, {', '.join(COLUMNS[1:])} from comparisons where not ok",
            [name],
        )
        connection.execute(
            'insert into audit_coverage (report_id, "check", checked, failed) '
            "select report_id, ?, count(*), count(*) filter (where not ok) from comparisons group by report_id",
            [name],
        )
        connection.execute("drop table comparisons")
        update_audit_status(connection)
        return recorded_findings(connection, name)


def recorded_findings(connection: duckdb.DuckDBPyConnection, name: str) -> list[AuditFinding]:
    """What a check found when it last ran, as `audit_findings` holds it."""
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
            when exists (select 1 from audit_findings a where a.report_id = r.report_id and a.severity = 'error')
              or exists (select 1 from extraction_findings e where e.report_id = r.report_id and e.severity = 'error')
              then 'errors'
            when exists (select 1 from audit_findings a where a.report_id = r.report_id) then 'warnings'
            when exists (select 1 from audit_coverage c where c.report_id = r.report_id) then 'passed'
            else 'not_applicable'
        end
        """
    )
