"""Loading a batch of reports: identities resolved across every report, then one transaction.

The warehouse holds the other reports' committee names and project names;
with the batch's own they are resolved into persons and project families
(`extractors.identity_resolution`, pure) and handed to the loader with the
rows. A batch that cannot be loaded in one transaction is loaded report by
report, so one report the database refuses never keeps the others out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import duckdb

import warehouse
from extractors.identity_resolution import resolve_identities
from extractors.records.reports_and_pages import failed_report_record, utc_now
from pipelines.reading.reports import ExtractedReport
from schemas.identities import PersonMention, ProjectMention
from schemas.reports import ReportRecord
from warehouse import ReportRows


def replace_reports(connection: duckdb.DuckDBPyConnection, batch: Sequence[ReportRows]) -> None:
    """Replace these reports' rows, with identities resolved over them and every other report held."""
    persons, projects = warehouse.held_mentions(connection, excluding=[rows.report.report_id for rows in batch])
    for rows in batch:
        persons += person_mentions(rows)
        projects += project_mentions(rows)
    warehouse.replace_reports(connection, batch, resolve_identities(persons, projects))


def replace_report(connection: duckdb.DuckDBPyConnection, rows: ReportRows) -> None:
    replace_reports(connection, [rows])


def load_reports(connection: duckdb.DuckDBPyConnection, batch: Sequence[ReportRows]) -> dict[str, str]:
    """Load a batch in one transaction; if that fails, each report in one of its own.

    Returns the reports that could not be loaded, with the reason. A report that
    fails leaves its earlier rows as they were and the others load all the same.
    """
    try:
        replace_reports(connection, batch)
        return {}
    except REPORT_ERRORS as error:
        if len(batch) == 1:
            return {batch[0].report.report_id: warehouse.load_failure_reason(error)}
    except duckdb.Error as error:
        raise _warehouse_fault(error, connection) from error
    failures = {}
    for rows in batch:
        try:
            replace_reports(connection, [rows])
        except REPORT_ERRORS as error:
            failures[rows.report.report_id] = warehouse.load_failure_reason(error)
        except duckdb.Error as error:
            raise _warehouse_fault(error, connection) from error
    return failures


# Errors a report's own rows can cause (a key they break, a value that does not fit); any other error of
# the database is the warehouse's own fault (a damaged file, a full disk), never blamed on a report.
REPORT_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.InvalidInputException, ValueError)


def _warehouse_fault(error: duckdb.Error, connection: duckdb.DuckDBPyConnection) -> warehouse.WarehouseFault:
    path = connection.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
    where = path[0] if path else "the warehouse"
    return warehouse.WarehouseFault(warehouse.fault_message(error, where)
                                    or f"the warehouse {where} could not take the batch: {type(error).__name__}: {error}")


def _one_line(text: str, limit: int = 500) -> str:
    first = " ".join(text.split())
    return first if len(first) <= limit else first[: limit - 1] + "…"


def person_mentions(rows: ReportRows) -> list[PersonMention]:
    return [
        PersonMention(name=m.name, role=m.role, municipality_code=m.municipality_code, as_of=m.as_of,
                      report_year=rows.report.report_year, report_id=m.report_id, page=m.page, top=m.top, x0=m.x0)
        for m in rows.committee
    ]


def project_mentions(rows: ReportRows) -> list[ProjectMention]:
    return [
        ProjectMention(name=p.name, year=p.year, report_year=rows.report.report_year, report_id=p.report_id,
                       page=p.page, top=p.top)
        for p in rows.projects
    ]


@dataclass(frozen=True)
class LoadOutcome:
    """What became of one report file in a load: its `reports` row, and its rows when they loaded."""

    file_name: str
    report: ReportRecord | None = None  # None: the file is gone (withdrawn)
    rows: ReportRows | None = None  # the rows loaded; None when nothing was
    had_rows: bool = False  # for a withdrawn file: whether the warehouse held its report


def load_batch(
    connection: duckdb.DuckDBPyConnection,
    readings: Mapping[str, ExtractedReport],
    rows_of: Callable[[str, ExtractedReport], ReportRows],
) -> dict[str, LoadOutcome]:
    """A run's reports into the warehouse: gone files marked withdrawn, unreadable ones failed, the rest loaded.

    `rows_of(key, reading)` gives the rows of a report that could be read; when it raises, that report
    fails with the reason. A file whose report id another file's report holds is refused, under an id
    of its own, so it never takes over that report. A file whose bytes another file's report holds is a
    duplicate: its row says which file, and nothing of it is loaded twice.
    """
    outcomes: dict[str, LoadOutcome] = {}
    loads: list[ReportRows] = []
    for key, reading in readings.items():
        if reading.withdrawn:
            outcomes[key] = LoadOutcome(key, had_rows=warehouse.mark_withdrawn(connection, reading.file_name, utc_now()))
    owners = warehouse.report_files(connection)
    contents = warehouse.held_contents(connection)
    for key, reading in sorted(readings.items()):  # by name: of two copies in one batch, the first by name loads
        if reading.withdrawn:
            continue
        rows, report = None, failed_report_record(reading.file_name, reading.sha256, reading.error or "unknown error")
        if reading.document is not None:
            try:
                rows = rows_of(key, reading)
                report = rows.report
            except Exception as error:  # noqa: BLE001 - rows that cannot be made fail this report only
                reason = str(error) if str(error).startswith(reading.file_name) else f"{type(error).__name__}: {error}"
                report = failed_report_record(reading.file_name, reading.sha256, _one_line(reason))
        owner = owners.get(report.report_id)
        if owner is not None and owner != report.file_name:
            report = refused_report_record(report, owner)
        if report.status == "failed":  # nothing to load: keep what an earlier load of this file wrote
            warehouse.record_failure(connection, report)
            outcomes[key] = LoadOutcome(key, report)
            continue
        first = contents.get(report.sha256)
        if first is not None and first != report.file_name:  # the same bytes under another name: loaded once
            duplicate = report.model_copy(update={
                "status": "duplicate", "error": f"{report.file_name}: the same bytes as {first}; not loaded twice"})
            warehouse.record_duplicate(connection, duplicate)
            outcomes[key] = LoadOutcome(key, duplicate)
            continue
        owners[report.report_id] = contents[report.sha256] = report.file_name
        loads.append(rows)
    failures = load_reports(connection, loads)
    for rows in loads:
        reason = failures.get(rows.report.report_id)
        if reason is None:
            outcomes[rows.report.file_name] = LoadOutcome(rows.report.file_name, rows.report, rows)
            continue
        failed = failed_report_record(rows.report.file_name, rows.report.sha256, reason)
        warehouse.record_failure(connection, failed)
        outcomes[rows.report.file_name] = LoadOutcome(rows.report.file_name, failed)
    return outcomes


def refused_report_record(report: ReportRecord, owner: str) -> ReportRecord:
    """The failed row of a file whose report id `owner`'s report holds, under an id of its own."""
    own_id = f"{report.report_id}-{hashlib.sha256(report.file_name.encode('utf-8', 'surrogatepass')).hexdigest()}"
    return failed_report_record(
        report.file_name, report.sha256,
        f"its report id {report.report_id!r} is held by {owner}; not loaded, so that report keeps its rows",
        report_id=own_id,
    )
