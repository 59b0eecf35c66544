"""Assets per report partition: the extracted document, then its load into the warehouse.

A file that cannot be read does not fail the run: the failure is data (a
`reports` row with status `failed` and the reason), so one bad file never stops
the others and the reason is where analysts and auditors look.
"""


import time
from dataclasses import dataclass

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, Output, asset

from extractors import Document
from extractors.cache import cached_reading
from extractors.reader import file_sha256
from extractors.report_info import report_year
from extractors.report_records import failed_report_record, page_records, reading_findings, report_record, utc_now
from extractors.committee import extract_committee
from extractors.key_figures import extract_key_figures
from extractors.plan import extract_plan
from extractors.projects import extract_projects
from extractors.statements import StatementExtraction, extract_statements
from pipelines.partitions import reports_partitions
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from schemas.key_figures import KeyFigure
from schemas.records import report_id_for
from warehouse import ReportRows, mark_withdrawn, record_failure, replace_report
from warehouse.audit import record_all_checks
from warehouse.audit_report import write_index, write_report_page


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


@asset(partitions_def=reports_partitions, group_name="extraction")
def report_document(
    context: AssetExecutionContext, reports_folder: ReportsFolder, extraction: ExtractionSettings
) -> Output[ExtractedReport]:
    """The report PDF read into the document model (in a process of its own, within the extraction limits)."""
    file_name = context.partition_key
    path = reports_folder.file(file_name)
    if not path.is_file():
        context.log.warning(f"{file_name} is gone from the reports folder: its report is marked withdrawn")
        return Output(ExtractedReport(file_name, "0" * 64, None, None, 0.0, withdrawn=True), metadata={"withdrawn": True})
    started = time.perf_counter()
    sha256 = file_sha256(path)
    reading, cached = cached_reading(path, sha256, extraction.cache(), extraction.limits())
    seconds = time.perf_counter() - started
    extracted = ExtractedReport(file_name, sha256, reading.document, reading.error, seconds, reading.repaired)

    metadata: dict = {"file_name": file_name, "sha256": sha256, "seconds": round(seconds, 3), "cached": cached}
    document = reading.document
    if document is None:
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
    return Output(extracted, metadata=metadata)


@asset(partitions_def=reports_partitions, group_name="statements")
def financial_statements(context: AssetExecutionContext, report_document: ExtractedReport) -> Output[StatementExtraction]:
    """Every amount of the income statement and its specification tables, per line and fiscal year."""
    document = report_document.document
    if document is None:
        return Output(StatementExtraction(), metadata={"facts": 0, "skipped": "the report could not be read"})
    extraction = extract_statements(document, report_id_for(report_document.file_name), report_year(document))
    by_statement: dict[str, int] = {}
    for fact in extraction.facts:
        by_statement[fact.statement] = by_statement.get(fact.statement, 0) + 1
    return Output(
        extraction,
        metadata={
            "facts": len(extraction.facts),
            "facts_by_statement": MetadataValue.json(by_statement),
            "unmatched_labels": sum(1 for f in extraction.facts if f.line_item is None),
            "findings": len(extraction.findings),
            "preview": MetadataValue.md(statement_markdown(extraction)),
        },
    )


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


@asset(partitions_def=reports_partitions, group_name="statements")
def key_figures(context: AssetExecutionContext, report_document: ExtractedReport) -> Output[list[KeyFigure]]:
    """Figures stated in prose: every amount of money with its metric and precision, and counts analysts follow."""
    document = report_document.document
    if document is None:
        return Output([], metadata={"figures": 0, "skipped": "the report could not be read"})
    figures = extract_key_figures(document, report_id_for(report_document.file_name), report_year(document))
    table = ["| metric | year | amount | unit | precision | quote |", "|---|---:|---:|---|---:|---|"]
    for f in figures:
        quote = f.quote if len(f.quote) < 90 else f.quote[:87] + "..."
        table.append(f"| {f.metric} | {f.fiscal_year} | {f.amount:,} | {f.unit} | {f.precision:,} | {quote.replace('|', '/')} |")
    return Output(
        figures,
        metadata={
            "figures": len(figures),
            "money": sum(1 for f in figures if f.unit.startswith("SEK")),
            "other_money": sum(1 for f in figures if f.metric == "other"),
            "preview": MetadataValue.md("\n".join(table) if figures else "_no figures in the prose_"),
        },
    )


@dataclass(frozen=True)
class PeopleAndProjects:
    """Who sat on the committee, which projects ran, and a plan's goals and networks."""

    committee: list
    projects: list
    networks: list
    plan_goals: list
    findings: list


@asset(partitions_def=reports_partitions, group_name="statements")
def people_and_projects(context: AssetExecutionContext, report_document: ExtractedReport) -> Output[PeopleAndProjects]:
    """The committee by municipality, the projects granted money or active, and a plan's goals and networks."""
    document = report_document.document
    if document is None:
        return Output(PeopleAndProjects([], [], [], [], []), metadata={"skipped": "the report could not be read"})
    report_id = report_id_for(report_document.file_name)
    committee = extract_committee(document, report_id)
    projects = extract_projects(document, report_id, report_year(document))
    plan = extract_plan(document, report_id)
    result = PeopleAndProjects(
        committee.members, projects.projects, plan.networks, plan.goals,
        committee.findings + projects.findings + plan.findings,
    )
    rows = ["| municipality | role | name | title |", "|---|---|---|---|"]
    rows += [f"| {m.municipality or ''} | {m.role} | {m.name} | {m.title or ''} |" for m in committee.members]
    return Output(
        result,
        metadata={
            "committee_members": len(committee.members),
            "municipalities": len({m.municipality_code for m in committee.members if m.municipality_code}),
            "projects": len(projects.projects),
            "networks": len(plan.networks),
            "plan_goals": len(plan.goals),
            "findings": MetadataValue.json([f.message for f in result.findings]),
            "committee": MetadataValue.md("\n".join(rows) if committee.members else "_no committee list_"),
        },
    )


@asset(partitions_def=reports_partitions, group_name="warehouse")
def warehouse_report(
    context: AssetExecutionContext,
    report_document: ExtractedReport,
    financial_statements: StatementExtraction,
    key_figures: list[KeyFigure],
    people_and_projects: PeopleAndProjects,
    warehouse: Warehouse,
) -> MaterializeResult:
    """Every row extracted from the report, replacing its earlier rows in one transaction."""
    extracted = report_document
    rows = None
    if extracted.withdrawn:
        with warehouse.connect() as connection:
            known = mark_withdrawn(connection, extracted.file_name, utc_now())
        return MaterializeResult(metadata={"withdrawn": True, "had_rows": known})
    with warehouse.connect() as connection:
        if extracted.document is None:
            report = failed_report_record(extracted.file_name, extracted.sha256, extracted.error or "unknown error")
        else:
            report = report_record(extracted.document)
        if report.status == "failed":  # nothing could be read: keep what an earlier load wrote
            record_failure(connection, report)
        else:
            people = people_and_projects
            rows = ReportRows(
                report=report,
                pages=page_records(extracted.document),
                facts=financial_statements.facts,
                findings=[
                    *reading_findings(extracted.document, report.report_id, extracted.repaired, len(financial_statements.facts)),
                    *financial_statements.findings,
                    *people.findings,
                ],
                key_figures=key_figures,
                committee=people.committee,
                projects=people.projects,
                networks=people.networks,
                plan_goals=people.plan_goals,
            )
            replace_report(connection, rows)
    counts = {table: len(records) for table, records in rows.tables().items()} if rows else {}
    context.log.info(f"{report.report_id}: {report.status}, {counts}")
    return MaterializeResult(
        metadata={
            "report_id": report.report_id,
            "status": report.status,
            "document_type": report.document_type or "",
            "report_year": report.report_year or 0,
            "rows": MetadataValue.json(counts),
            "error": report.error or "",
            "preview": MetadataValue.md(_preview(rows.pages if rows else [])),
        }
    )


@asset(partitions_def=reports_partitions, group_name="audit", deps=[warehouse_report])
def audit_report(context: AssetExecutionContext, reports_folder: ReportsFolder, warehouse: Warehouse) -> MaterializeResult:
    """The report's audit page (every figure beside its place on the page, with the checks' findings) and the index."""
    report_id = report_id_for(context.partition_key)
    out_dir = warehouse.audit_dir()
    with warehouse.connect() as connection:
        record_all_checks(connection)  # the page shows the checks as they stand now, whatever ran first
        exists = connection.execute("select count(*) from reports where report_id = ?", [report_id]).fetchone()[0]
        page = write_report_page(connection, report_id, reports_folder.file(context.partition_key), out_dir) if exists else None
        index = write_index(connection, out_dir)
        status = connection.execute("select audit_status from reports where report_id = ?", [report_id]).fetchone()
    return MaterializeResult(
        metadata={
            "page": MetadataValue.path(str(page)) if page else "",
            "index": MetadataValue.path(str(index)),
            "audit_status": (status[0] if status else None) or "",
        }
    )


def _preview(pages) -> str:
    if not pages:
        return "_no pages loaded_"
    first = next((p for p in pages if p.text.strip()), pages[0])
    excerpt = first.text[:600].replace("\n", " ")
    return f"**page {first.page_number}**\n\n> {excerpt}"
