"""Assets per report partition: the extracted document, then its load into the warehouse.

A run covers one report or a range of them (a backfill is one run per batch:
see `pipelines.partitions`). Each asset takes and gives one value per report of
the run (`pipelines.io_manager`): the PDFs are read in parallel, the records
extracted report by report, the warehouse loaded in one transaction, and the
checks and the audit index run once for the whole batch.

A file that cannot be read does not fail the run: the failure is data (a
`reports` row with status `failed` and the reason), so one bad file never stops
the others and the reason is where analysts and auditors look.
"""


import time
from dataclasses import dataclass
from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from extractors import Document
from extractors.cache import cached_reading
from extractors.isolation import Limits
from extractors.reader import file_sha256
from extractors.report_info import report_year
from extractors.report_records import failed_report_record, page_records, reading_findings, report_record, utc_now
from extractors.committee import extract_committee
from extractors.key_figures import extract_key_figures
from extractors.plan import extract_plan
from extractors.projects import extract_projects
from extractors.statements import StatementExtraction, extract_statements
from pipelines.fan_out import fan_out
from pipelines.partitions import one_run_per_batch, reports_partitions
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from schemas.key_figures import KeyFigure
from schemas.records import report_id_for
from warehouse import ReportRows, load_reports, mark_withdrawn, record_failure
from warehouse.audit import record_all_checks
from warehouse.audit_report import write_index, write_report_pages

REPORT_ASSET = dict(partitions_def=reports_partitions, backfill_policy=one_run_per_batch, io_manager_key="report_values")


@dataclass(frozen=True)
class ExtractedReport:
    """What extraction made of one report file: a document, or the reason there is none."""

    file_name: str
    sha256: str
    document: Document | None
    error: str | None
    seconds: float
    repaired: str | None = None  # how a damaged file was repaired, when it was
    withdrawn: bool = False  # the file is gone from the folder
    cached: bool = False  # read before: taken from the readings cache


@dataclass(frozen=True)
class ReadRequest:
    """One file to read, with everything a worker process or a Dask worker needs to read it."""

    file_name: str
    path: str
    cache_dir: str | None
    limits: Limits


def read_report(request: ReadRequest) -> ExtractedReport:
    """Read one report file (from the cache when its bytes were read before)."""
    path = Path(request.path)
    if not path.is_file():
        return ExtractedReport(request.file_name, "0" * 64, None, None, 0.0, withdrawn=True)
    started = time.perf_counter()
    sha256 = file_sha256(path)
    cache = Path(request.cache_dir) if request.cache_dir else None
    reading, cached = cached_reading(path, sha256, cache, request.limits)
    return ExtractedReport(request.file_name, sha256, reading.document, reading.error,
                           time.perf_counter() - started, reading.repaired, cached=cached)


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
        ReadRequest(key, str(reports_folder.file(key)), extraction.cache_dir, extraction.limits())
        for key in context.partition_keys
    ]
    started = time.perf_counter()
    readings, where = fan_out(read_report, requests)
    context.log.info(f"read {len(readings)} report(s) in {time.perf_counter() - started:.1f} s ({where})")

    extracted, per_report = {}, {}
    for reading in readings:
        extracted[reading.file_name] = reading
        per_report[reading.file_name] = metadata = {
            "file_name": reading.file_name, "sha256": reading.sha256, "seconds": round(reading.seconds, 3),
            "cached": reading.cached,
        }
        document = reading.document
        if reading.withdrawn:
            context.log.warning(f"{reading.file_name} is gone from the reports folder: its report is marked withdrawn")
            metadata["withdrawn"] = True
        elif document is None:
            metadata["error"] = reading.error
            context.log.warning(reading.error)
        else:
            metadata |= {
                "pages": len(document.pages),
                "page_count": document.page_count,
                "words": sum(len(p.words) for p in document.pages),
                "tables": sum(len(p.tables) for p in document.pages),
                "failed_pages": MetadataValue.json([f.number for f in document.failed_pages]),
                "repaired": reading.repaired or "",
            }
    describe_reports(context, per_report, read_by=where)
    return extracted


@asset(**REPORT_ASSET, group_name="statements")
def financial_statements(
    context: AssetExecutionContext, report_document: dict[str, ExtractedReport]
) -> dict[str, StatementExtraction]:
    """Every amount of the income statement and its specification tables, per line and fiscal year."""
    extractions, per_report = {}, {}
    for key, extracted in report_document.items():
        document = extracted.document
        if document is None:
            extractions[key] = StatementExtraction()
            per_report[key] = {"facts": 0, "skipped": "the report could not be read"}
            continue
        extraction = extract_statements(document, report_id_for(key), report_year(document))
        extractions[key] = extraction
        by_statement: dict[str, int] = {}
        for fact in extraction.facts:
            by_statement[fact.statement] = by_statement.get(fact.statement, 0) + 1
        per_report[key] = {
            "facts": len(extraction.facts),
            "facts_by_statement": MetadataValue.json(by_statement),
            "unmatched_labels": sum(1 for f in extraction.facts if f.line_item is None),
            "findings": len(extraction.findings),
            "preview": MetadataValue.md(statement_markdown(extraction)),
        }
    describe_reports(context, per_report)
    return extractions


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
) -> dict[str, list[KeyFigure]]:
    """Figures stated in prose: every amount of money with its metric and precision, and counts analysts follow."""
    figures_by_report, per_report = {}, {}
    for key, extracted in report_document.items():
        document = extracted.document
        if document is None:
            figures_by_report[key] = []
            per_report[key] = {"figures": 0, "skipped": "the report could not be read"}
            continue
        figures = extract_key_figures(document, report_id_for(key), report_year(document))
        figures_by_report[key] = figures
        table = ["| metric | year | amount | unit | precision | quote |", "|---|---:|---:|---|---:|---|"]
        for f in figures:
            quote = f.quote if len(f.quote) < 90 else f.quote[:87] + "..."
            table.append(f"| {f.metric} | {f.fiscal_year} | {f.amount:,} | {f.unit} | {f.precision:,} | {quote.replace('|', '/')} |")
        per_report[key] = {
            "figures": len(figures),
            "money": sum(1 for f in figures if f.unit.startswith("SEK")),
            "other_money": sum(1 for f in figures if f.metric == "other"),
            "preview": MetadataValue.md("\n".join(table) if figures else "_no figures in the prose_"),
        }
    describe_reports(context, per_report)
    return figures_by_report


@dataclass(frozen=True)
class PeopleAndProjects:
    """Who sat on the committee, which projects ran, and a plan's goals and networks."""

    committee: list
    projects: list
    networks: list
    plan_goals: list
    findings: list


@asset(**REPORT_ASSET, group_name="statements")
def people_and_projects(
    context: AssetExecutionContext, report_document: dict[str, ExtractedReport]
) -> dict[str, PeopleAndProjects]:
    """The committee by municipality, the projects granted money or active, and a plan's goals and networks."""
    results, per_report = {}, {}
    for key, extracted in report_document.items():
        document = extracted.document
        if document is None:
            results[key] = PeopleAndProjects([], [], [], [], [])
            per_report[key] = {"skipped": "the report could not be read"}
            continue
        report_id = report_id_for(key)
        committee = extract_committee(document, report_id)
        projects = extract_projects(document, report_id, report_year(document))
        plan = extract_plan(document, report_id)
        results[key] = result = PeopleAndProjects(
            committee.members, projects.projects, plan.networks, plan.goals,
            committee.findings + projects.findings + plan.findings,
        )
        rows = ["| municipality | role | name | title |", "|---|---|---|---|"]
        rows += [f"| {m.municipality or ''} | {m.role} | {m.name} | {m.title or ''} |" for m in committee.members]
        per_report[key] = {
            "committee_members": len(committee.members),
            "municipalities": len({m.municipality_code for m in committee.members if m.municipality_code}),
            "projects": len(projects.projects),
            "networks": len(plan.networks),
            "plan_goals": len(plan.goals),
            "findings": MetadataValue.json([f.message for f in result.findings]),
            "committee": MetadataValue.md("\n".join(rows) if committee.members else "_no committee list_"),
        }
    describe_reports(context, per_report)
    return results


def report_rows(
    extracted: ExtractedReport, statements: StatementExtraction, figures: list[KeyFigure], people: PeopleAndProjects
) -> ReportRows:
    """Everything to load for a report that could be read (wholly or in part)."""
    document = extracted.document
    report = report_record(document)
    return ReportRows(
        report=report,
        pages=page_records(document),
        facts=statements.facts,
        findings=[
            *reading_findings(document, report.report_id, extracted.repaired, len(statements.facts)),
            *statements.findings,
            *people.findings,
        ],
        key_figures=figures,
        committee=people.committee,
        projects=people.projects,
        networks=people.networks,
        plan_goals=people.plan_goals,
    )


@asset(**REPORT_ASSET, group_name="warehouse")
def warehouse_report(
    context: AssetExecutionContext,
    report_document: dict[str, ExtractedReport],
    financial_statements: dict[str, StatementExtraction],
    key_figures: dict[str, list[KeyFigure]],
    people_and_projects: dict[str, PeopleAndProjects],
    warehouse: Warehouse,
) -> MaterializeResult:
    """Every row extracted from the reports, replacing their earlier rows in one transaction."""
    per_report: dict[str, dict] = {}
    loads: list[ReportRows] = []
    with warehouse.connect() as connection:
        for key, extracted in report_document.items():
            if extracted.withdrawn:
                known = mark_withdrawn(connection, extracted.file_name, utc_now())
                per_report[key] = {"withdrawn": True, "had_rows": known}
                continue
            if extracted.document is None:
                report = failed_report_record(extracted.file_name, extracted.sha256, extracted.error or "unknown error")
            else:
                report = report_record(extracted.document)
            if report.status == "failed":  # nothing could be read: keep what an earlier load wrote
                record_failure(connection, report)
                per_report[key] = {"report_id": report.report_id, "status": report.status, "error": report.error or ""}
                continue
            loads.append(report_rows(extracted, financial_statements[key], key_figures[key], people_and_projects[key]))
        failures = load_reports(connection, loads)
        for rows in loads:
            if rows.report.report_id in failures:
                record_failure(connection, failed_report_record(
                    rows.report.file_name, rows.report.sha256, failures[rows.report.report_id]))

    for rows in loads:
        key, report = rows.report.file_name, rows.report
        if report.report_id in failures:
            context.log.error(f"{key}: not loaded: {failures[report.report_id]}")
            per_report[key] = {"report_id": report.report_id, "status": "failed", "error": failures[report.report_id]}
            continue
        counts = {table: len(records) for table, records in rows.tables().items()}
        per_report[key] = {
            "report_id": report.report_id,
            "status": report.status,
            "document_type": report.document_type or "",
            "report_year": report.report_year or 0,
            "rows": MetadataValue.json(counts),
            "error": report.error or "",
            "preview": MetadataValue.md(_preview(rows.pages)),
        }
    # One line for the batch (each log line is an event in the instance's storage); each report's
    # rows are in its materialisation's metadata.
    statuses = [values.get("status", "withdrawn") for values in per_report.values()]
    context.log.info(", ".join(f"{statuses.count(status)} {status}" for status in sorted(set(statuses))))
    describe_reports(context, per_report)
    return MaterializeResult()


@asset(**REPORT_ASSET, group_name="audit", deps=[warehouse_report])
def audit_report(context: AssetExecutionContext, reports_folder: ReportsFolder, warehouse: Warehouse) -> MaterializeResult:
    """Each report's audit page (every figure beside its place on the page, with the checks' findings) and the index."""
    out_dir = warehouse.audit_dir()
    with warehouse.connect() as connection:
        record_all_checks(connection)  # the pages show the checks as they stand now, whatever ran first
        held = dict(connection.execute(
            "select file_name, coalesce(audit_status, '') from reports where file_name in (select unnest(?))",
            [list(context.partition_keys)],
        ).fetchall())
        keys = [key for key in context.partition_keys if key in held]
        pages = write_report_pages(connection, [(report_id_for(key), reports_folder.file(key)) for key in keys], out_dir)
        index = write_index(connection, out_dir)
    written = dict(zip(keys, pages))
    per_report = {
        key: {"page": MetadataValue.path(str(written[key])) if key in written else "", "audit_status": held.get(key, "")}
        for key in context.partition_keys
    }
    describe_reports(context, per_report, index=MetadataValue.path(str(index)))
    return MaterializeResult()


def _preview(pages) -> str:
    if not pages:
        return "_no pages loaded_"
    first = next((p for p in pages if p.text.strip()), pages[0])
    excerpt = first.text[:600].replace("\n", " ")
    return f"**page {first.page_number}**\n\n> {excerpt}"
