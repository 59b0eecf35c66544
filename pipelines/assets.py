"""Assets per report partition: the extracted document, the records read from it, their load, the audit.

A run covers one report or a range of them (a backfill is one run per batch:
see `pipelines.partitions`). Each asset takes and gives one value per report of
the run (`pipelines.io_manager`): the PDFs are read in parallel, the records
extracted report by report (`pipelines.extraction`), the warehouse loaded in
one transaction (`pipelines.loading`), the checks run over it and the whole
published once, then the audit pages and index drawn for the batch. The assets
only wire and describe; the work is in `extractors/` and `warehouse/`.

A file that cannot be read does not fail the run: the failure is data (a
`reports` row with status `failed` and the reason), so one bad file never stops
the others and the reason is where analysts and auditors look.
"""

import time
from typing import Any

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from extractors.records.key_figures import ProseFigures
from extractors.records.statements import StatementExtraction
from pipelines import progress
from pipelines.audit_site import write_audit_site
from pipelines.extraction import (
    NOTHING_READ,
    ReaderFailed,
    guarded,
    key_figures_of,
    people_and_projects_of,
    report_rows,
    statements_of,
)
from pipelines.loading import LoadOutcome, load_batch
from pipelines.partitions import one_run_per_batch, reports_partitions
from pipelines.reading.fan_out import fan_out
from pipelines.reading.reports import ExtractedReport, ReadRequest, read_report
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from warehouse.audit import check_names, record_all_checks
from warehouse.loader import ReportRows

REPORT_ASSET = dict(partitions_def=reports_partitions, backfill_policy=one_run_per_batch, io_manager_key="report_values")
SKIPPED = "the report could not be read"


def describe_reports(context: AssetExecutionContext, per_report: dict[str, dict], **shared) -> None:
    """Each report's own metadata on its own materialisation (with `shared`, what holds for the whole run).

    Metadata given with the output would go on every report's event of a batch
    alike; per partition, each event says what its report held, as a run of
    one report does.
    """
    for key, values in per_report.items():
        context.add_asset_metadata({**values, **shared}, partition_key=key)


@asset(**REPORT_ASSET, group_name="extraction")
def report_document(
    context: AssetExecutionContext, reports_folder: ReportsFolder, extraction: ExtractionSettings
) -> dict[str, ExtractedReport]:
    """The report PDFs read into the document model, in parallel, each in a process of its own within the extraction limits."""
    requests = [
        ReadRequest(key, reports_folder.path, extraction.cache_dir, extraction.limits())
        for key in context.partition_keys
    ]
    started = time.perf_counter()
    readings, where = fan_out(read_report, requests, on_done=progress.report_read)
    context.log.info(f"read {len(readings)} report(s) in {time.perf_counter() - started:.1f} s ({where})")
    for reading in readings:
        if reading.withdrawn:
            context.log.warning(f"{reading.file_name} is gone from the reports folder: its report is marked withdrawn")
        elif reading.document is None:
            context.log.warning(reading.error)
    describe_reports(context, {r.file_name: reading_metadata(r) for r in readings}, read_by=where)
    return {reading.file_name: reading for reading in readings}


def reading_metadata(reading: ExtractedReport) -> dict:
    metadata = {"file_name": reading.file_name, "sha256": reading.sha256, "seconds": round(reading.seconds, 3),
                "cached": reading.cached}
    document = reading.document
    if reading.withdrawn:
        return metadata | {"withdrawn": True}
    if document is None:
        return metadata | {"error": reading.error}
    return metadata | {
        "pages": len(document.pages),
        "page_count": document.page_count,
        "words": sum(len(p.words) for p in document.pages),
        "tables": sum(len(p.tables) for p in document.pages),
        "failed_pages": MetadataValue.json([f.number for f in document.failed_pages]),
        "repaired": reading.repaired or "",
    }


@asset(**REPORT_ASSET, group_name="statements")
def financial_statements(
    context: AssetExecutionContext, report_document: dict[str, ExtractedReport]
) -> dict[str, Any]:
    """Every amount of the income statement and its specification tables, per line and fiscal year."""
    return read_each(context, report_document, "statements", statements_of, StatementExtraction(), statements_metadata,
                     counted="facts")


def read_each(context: AssetExecutionContext, report_document: dict[str, ExtractedReport], subject: str, reader,
              nothing, metadata, counted: str | None = None) -> dict[str, Any]:
    """One reader over each report of the run: its records (or `nothing` for a report not read, and the
    reader's failure for one it failed on), each report described by `metadata` of its records."""
    results, per_report = {}, {}
    zero = {counted: 0} if counted else {}
    for key, extracted in report_document.items():
        if extracted.document is None:
            results[key], per_report[key] = nothing, {**zero, "skipped": SKIPPED}
            continue
        result = results[key] = guarded(subject, reader, extracted.document)
        if isinstance(result, ReaderFailed):
            per_report[key] = {**zero, "error": result.reason}
            continue
        per_report[key] = metadata(result)
    describe_reports(context, per_report)
    return results


def statements_metadata(extraction: StatementExtraction) -> dict:
    by_statement: dict[str, int] = {}
    for fact in extraction.facts:
        by_statement[fact.statement] = by_statement.get(fact.statement, 0) + 1
    return {
        "facts": len(extraction.facts),
        "facts_by_statement": MetadataValue.json(by_statement),
        "unmatched_labels": sum(1 for f in extraction.facts if f.line_item is None),
        "findings": len(extraction.findings),
        "preview": MetadataValue.md(statement_markdown(extraction)),
    }


def statement_markdown(extraction: StatementExtraction) -> str:
    """The extracted statements as markdown tables: one row per printed line, one column per year."""
    if not extraction.facts:
        return "_no statement found_"
    parts = []
    for statement in dict.fromkeys(f.statement for f in extraction.facts):
        facts = [f for f in extraction.facts if f.statement == statement]
        years = sorted({f.fiscal_year for f in facts}, reverse=True)
        rows: dict[tuple, dict[int, int]] = {}
        for fact in facts:
            rows.setdefault((fact.page, fact.row_index, fact.label, fact.line_item), {})[fact.fiscal_year] = fact.amount_sek
        lines = [f"**{statement}**", "", "| label | line item | " + " | ".join(map(str, years)) + " |",
                 "|---|---|" + "---:|" * len(years)]
        for (_page, _row, label, code), amounts in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            cells = [f"{amounts[y]:,}".replace(",", "\u202f") if y in amounts else "" for y in years]
            lines.append(f"| {label} | {code or '**unmatched**'} | " + " | ".join(cells) + " |")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


@asset(**REPORT_ASSET, group_name="statements")
def key_figures(
    context: AssetExecutionContext, report_document: dict[str, ExtractedReport]
) -> dict[str, Any]:
    """Figures stated in prose: every amount of money with its metric and precision, and counts analysts follow."""
    return read_each(context, report_document, "key figures", key_figures_of, ProseFigures(), key_figures_metadata,
                     counted="figures")


def key_figures_metadata(figures: ProseFigures) -> dict:
    table = ["| metric | year | amount | unit | precision | quote |", "|---|---:|---:|---|---:|---|"]
    for f in figures:
        quote = f.quote if len(f.quote) < 90 else f.quote[:87] + "..."
        table.append(f"| {f.metric} | {f.fiscal_year} | {f.amount:,} | {f.unit} | {f.precision:,} | {quote.replace('|', '/')} |")
    return {
        "figures": len(figures),
        "money": sum(1 for f in figures if f.unit.startswith("SEK")),
        "other_money": sum(1 for f in figures if f.metric == "other"),
        "preview": MetadataValue.md("\n".join(table) if figures else "_no figures in the prose_"),
    }


@asset(**REPORT_ASSET, group_name="statements")
def people_and_projects(
    context: AssetExecutionContext, report_document: dict[str, ExtractedReport]
) -> dict[str, Any]:
    """The committee by municipality, the projects granted money or active, and a plan's goals and networks."""
    return read_each(context, report_document, "committee, projects and plan", people_and_projects_of, NOTHING_READ,
                     people_and_projects_metadata)


def people_and_projects_metadata(result) -> dict:
    rows = ["| municipality | role | name | title |", "|---|---|---|---|"]
    rows += [f"| {m.municipality or ''} | {m.role} | {m.name} | {m.title or ''} |" for m in result.committee]
    return {
        "committee_members": len(result.committee),
        "municipalities": len({m.municipality_code for m in result.committee if m.municipality_code}),
        "projects": len(result.projects),
        "networks": len(result.networks),
        "plan_goals": len(result.plan_goals),
        "findings": MetadataValue.json([f.message for f in result.findings]),
        "committee": MetadataValue.md("\n".join(rows) if result.committee else "_no committee list_"),
    }


@asset(**REPORT_ASSET, group_name="warehouse")
def warehouse_report(
    context: AssetExecutionContext,
    report_document: dict[str, ExtractedReport],
    financial_statements: dict[str, Any],
    key_figures: dict[str, Any],
    people_and_projects: dict[str, Any],
    warehouse: Warehouse,
) -> MaterializeResult:
    """Every row extracted from the reports, replacing their earlier rows in one transaction; then the checks'
    findings over the whole warehouse, and the warehouse published for readers."""

    def rows_of(key: str, reading: ExtractedReport) -> ReportRows:
        return report_rows(reading.document, financial_statements[key], key_figures[key], people_and_projects[key],
                           reading.repaired)

    started = time.perf_counter()
    progress.note(f"loading {len(report_document)} report(s) into the warehouse")
    failed_check = None
    with warehouse.connect() as connection:
        outcomes = load_batch(connection, report_document, rows_of)
        progress.note(f"checking: {len(check_names())} checks over the warehouse")
        try:
            record_all_checks(connection)  # so that one publish gives readers the batch with its findings
        except Exception as error:  # a check's own fault: the batch is published all the same, then the run fails
            failed_check = error
    how = warehouse.publish()  # once a batch: on a file system without clones it copies the whole file
    progress.note(f"loaded, checked and published in {time.perf_counter() - started:.1f} s ({PUBLISHED[how]})")
    if failed_check is not None:
        raise failed_check
    for outcome in outcomes.values():
        if outcome.report is not None and outcome.report.status == "failed":
            context.log.error(outcome.report.error)
    # One line for the batch (each log line is an event in the instance's storage); each report's
    # rows are in its materialisation's metadata.
    statuses = [outcome.report.status if outcome.report else "withdrawn" for outcome in outcomes.values()]
    context.log.info(", ".join(f"{statuses.count(status)} {status}" for status in sorted(set(statuses))))
    describe_reports(context, {key: load_metadata(outcome) for key, outcome in outcomes.items()})
    return MaterializeResult()


def load_metadata(outcome: LoadOutcome) -> dict:
    """What a report's load put in the warehouse, for its materialisation."""
    report = outcome.report
    if report is None:
        return {"withdrawn": True, "had_rows": outcome.had_rows}
    if outcome.rows is None:
        return {"report_id": report.report_id, "status": report.status, "error": report.error or ""}
    return {
        "report_id": report.report_id,
        "status": report.status,
        "document_type": report.document_type or "",
        "report_year": MetadataValue.text(str(report.report_year or "")),  # a year, not a number to plot
        "rows": MetadataValue.json({table: len(records) for table, records in outcome.rows.tables().items()}),
        "error": report.error or "",
        "preview": MetadataValue.md(loaded_markdown(outcome.rows)),
    }


# How a publish went (`warehouse.publish`), as the progress line says it.
PUBLISHED = {"cloned": "the file cloned", "copied": "the file copied",
             "segments": "the reports loaded since the last publish written as segments"}


def loaded_in_this_run(context: AssetExecutionContext) -> bool:
    """Whether this run loaded the warehouse (every step of the job runs when the run names none)."""
    steps = context.run.step_keys_to_execute
    return steps is None or "warehouse_report" in steps


def report_id_of(connection, key: str) -> str:
    """The id of the report a file's row holds (a refused file has an id of its own)."""
    return connection.execute("select report_id from reports where file_name = ?", [key]).fetchone()[0]


def pdf_of(reports_folder: ReportsFolder, key: str):
    """The file a key names, or None when the key names no file of the folder."""
    try:
        return reports_folder.file(key)
    except ValueError:
        return None


def loaded_markdown(rows: ReportRows, statement_lines: int = 8) -> str:
    """What the load put in the warehouse: rows per table, then the first lines of its statement."""
    parts = ["| table | rows |", "|---|---:|"]
    parts += [f"| {table} | {len(records)} |" for table, records in rows.tables().items() if table != "reports"]
    facts = sorted(rows.facts, key=lambda f: (f.page, f.row_index, -f.fiscal_year))
    if facts:
        years = sorted({f.fiscal_year for f in facts}, reverse=True)
        by_row: dict[tuple, dict[int, str]] = {}
        for fact in facts:
            by_row.setdefault((fact.page, fact.row_index, fact.label), {})[fact.fiscal_year] = fact.amount_text
        parts += ["", f"**{facts[0].statement}**, page {facts[0].page}", "",
                  "| label | " + " | ".join(map(str, years)) + " |", "|---|" + "---:|" * len(years)]
        for (_page, _row, label), amounts in list(by_row.items())[:statement_lines]:
            parts.append(f"| {label} | " + " | ".join(amounts.get(y, "") for y in years) + " |")
    return "\n".join(parts)


@asset(**REPORT_ASSET, group_name="audit", deps=[warehouse_report])
def audit_report(context: AssetExecutionContext, reports_folder: ReportsFolder, warehouse: Warehouse) -> MaterializeResult:
    """Each report's audit page (every figure beside its place on the page, with the checks' findings) and the index."""
    started = time.perf_counter()
    checking = not loaded_in_this_run(context)  # else the load recorded the checks and published them
    with warehouse.connect() as connection:
        if checking:
            progress.note(f"auditing: {len(check_names())} checks over the warehouse")
            record_all_checks(connection)  # the pages show the checks as they stand now, whatever ran first
        progress.note("drawing the audit pages")
        held = dict(connection.execute(
            "select file_name, coalesce(audit_status, '') from reports where file_name in (select unnest(?))",
            [list(context.partition_keys)],
        ).fetchall())
        keys = [key for key in context.partition_keys if key in held]
        pages, index = write_audit_site(
            connection, [(report_id_of(connection, key), pdf_of(reports_folder, key)) for key in keys], warehouse.audit_dir()
        )
    if checking:
        warehouse.publish()  # the checks' findings and the audit status, for readers
    progress.note(f"audit: {len(pages)} page(s) and the index written in {time.perf_counter() - started:.1f} s")
    written = dict(zip(keys, pages, strict=True))
    per_report = {
        key: {"page": MetadataValue.path(str(written[key])) if key in written else "", "audit_status": held.get(key, "")}
        for key in context.partition_keys
    }
    describe_reports(context, per_report, index=MetadataValue.path(str(index)))
    return MaterializeResult()
