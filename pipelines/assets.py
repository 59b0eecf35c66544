"""Assets per report partition: the extracted document, then its load into the warehouse.

A file that cannot be read does not fail the run: the failure is data (a
`reports` row with status `failed` and the reason), so one bad file never stops
the others and the reason is where analysts and auditors look.
"""


import time
import traceback
from dataclasses import dataclass

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, Output, asset

from extractors import Document, ExtractionError, build_document
from extractors.reader import file_sha256
from extractors.report_records import failed_report_record, page_records, report_record
from pipelines.partitions import reports_partitions
from pipelines.resources import ReportsFolder, Warehouse
from warehouse import record_failure, replace_report


@dataclass(frozen=True)
class ExtractedReport:
    """What extraction made of one report file: a document, or the reason there is none."""

    file_name: str
    sha256: str
    document: Document | None
    error: str | None
    seconds: float


@asset(partitions_def=reports_partitions, group_name="extraction")
def report_document(context: AssetExecutionContext, reports_folder: ReportsFolder) -> Output[ExtractedReport]:
    """The report PDF read into the document model: pages, words with positions, blocks in reading order, tables."""
    file_name = context.partition_key
    path = reports_folder.file(file_name)
    started = time.perf_counter()
    document, error = None, None
    sha256 = file_sha256(path) if path.is_file() else "0" * 64
    try:
        document = build_document(path)
    except ExtractionError as failure:
        error = str(failure)
    except Exception as failure:  # noqa: BLE001 - a parser bug must fail this report only
        context.log.error(traceback.format_exc())
        error = f"{file_name}: unexpected {type(failure).__name__}: {failure}"
    seconds = time.perf_counter() - started
    extracted = ExtractedReport(file_name, sha256, document, error, seconds)

    metadata: dict = {"file_name": file_name, "sha256": sha256, "seconds": round(seconds, 3)}
    if document is None:
        metadata["error"] = error
        context.log.warning(error)
    else:
        metadata |= {
            "pages": len(document.pages),
            "page_count": document.page_count,
            "words": sum(len(p.words) for p in document.pages),
            "tables": sum(len(p.tables) for p in document.pages),
            "failed_pages": MetadataValue.json([f.number for f in document.failed_pages]),
        }
    return Output(extracted, metadata=metadata)


@asset(partitions_def=reports_partitions, group_name="warehouse", pool="warehouse")
def warehouse_report(
    context: AssetExecutionContext, report_document: ExtractedReport, warehouse: Warehouse
) -> MaterializeResult:
    """The report's rows in the warehouse (`reports`, `pages`), replaced in one transaction."""
    extracted = report_document
    with warehouse.connect() as connection:
        if extracted.document is None:
            report = failed_report_record(extracted.file_name, extracted.sha256, extracted.error or "unknown error")
            record_failure(connection, report)
            pages = []
        else:
            report = report_record(extracted.document)
            pages = page_records(extracted.document)
            if report.status == "failed":  # no page could be read: keep what an earlier load wrote
                record_failure(connection, report)
                pages = []
            else:
                replace_report(connection, report, pages)
    context.log.info(f"{report.report_id}: {report.status}, {len(pages)} pages")
    return MaterializeResult(
        metadata={
            "report_id": report.report_id,
            "status": report.status,
            "document_type": report.document_type or "",
            "report_year": report.report_year or 0,
            "pages_loaded": len(pages),
            "error": report.error or "",
            "preview": MetadataValue.md(_preview(pages)),
        }
    )


def _preview(pages) -> str:
    if not pages:
        return "_no pages loaded_"
    first = next((p for p in pages if p.text.strip()), pages[0])
    excerpt = first.text[:600].replace("\n", " ")
    return f"**page {first.page_number}**\n\n> {excerpt}"
