"""From a `Document` to the validated records of the `reports` and `pages` tables."""

from __future__ import annotations

from datetime import UTC, datetime

from extractors.pdf.document import NOT_READ
from extractors.pdf.model import Document, mean_confidence
from extractors.pdf.text_quality import unreadable_words
from extractors.records.findings import finding
from extractors.records.report_metadata import (
    document_type,
    organisation_name,
    organisation_number,
    report_title,
    report_year,
)
from extractors.records.search_terms import known_words, repaired_text
from schemas.findings import ExtractionFinding, Note, Severity
from schemas.reports import PageRecord, ReportRecord, report_id_for
from schemas.vocabularies import document_types


def utc_now() -> datetime:
    """Now, in UTC, without a zone (DuckDB's TIMESTAMP holds wall-clock UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def completeness_error(document: Document) -> str | None:
    """Why a document is not complete, naming the file and the pages; None if it is."""
    problems = [f"page {f.number} could not be read ({f.reason})" for f in document.failed_pages]
    problems += [f"page {page.number} {page.reading_note}" for page in document.pages
                 if page.reading_note and (page.text_source == NOT_READ or page.reading_note.not_read)]
    read = len(document.pages) + len(document.failed_pages)
    if read < document.page_count:
        problems.append(f"the parser found {read} of the {document.page_count} pages the file has")
    if not problems:
        return None
    return f"{document.file_name}: " + "; ".join(problems)


def report_record(document: Document, ingested_at: datetime | None = None, has_statements: bool = False) -> ReportRecord:
    """The `reports` row of a document that could be read (wholly or in part)."""
    error = completeness_error(document)
    return ReportRecord(
        report_id=report_id_for(document.file_name),
        file_name=document.file_name,
        sha256=document.sha256,
        title=report_title(document),
        organisation=organisation_name(document),
        org_number=organisation_number(document),
        document_type=document_type(document, has_statements),
        report_year=report_year(document),
        page_count=document.page_count,
        status=("incomplete" if document.pages else "failed") if error else "loaded",
        error=error,
        ingested_at=ingested_at or utc_now(),
    )


def page_records(document: Document, glyphs: dict[str, tuple[str, ...]] | None = None) -> list[PageRecord]:
    """The `pages` rows: each page's size and body text in reading order; where the text layer is garbled and
    `glyphs` says which letters its glyphs stand for (`search_terms.glyph_letters`), the text repaired for search."""
    report_id = report_id_for(document.file_name)
    known = known_words(page.text for page in document.pages) if glyphs else frozenset()
    return [
        PageRecord(
            report_id=report_id,
            page_number=page.number,
            width=page.width,
            height=page.height,
            has_text_layer=page.has_text_layer,
            text=page.text,
            text_source=page.text_source,
            ocr_confidence=mean_confidence(page.words),
            search_text=repaired_text(page.text, glyphs, known) if glyphs and _garbled(page) else None,
        )
        for page in document.pages
    ]


def _garbled(page) -> bool:
    """Whether a page's text layer prints glyphs for letters (a few words at least): the pages search repairs."""
    unreadable, _ = unreadable_words(w.text for w in page.words)
    return unreadable >= GARBLED_WORDS


def failed_report_record(
    file_name: str, sha256: str, reason: str, ingested_at: datetime | None = None, report_id: str | None = None
) -> ReportRecord:
    """The `reports` row of a file that could not be read at all (under `report_id` when given)."""
    error = reason if reason.startswith(file_name) else f"{file_name}: {reason}"
    return ReportRecord(
        report_id=report_id or report_id_for(file_name),
        file_name=file_name,
        sha256=sha256,
        status="failed",
        error=error,
        ingested_at=ingested_at or utc_now(),
    )


GARBLED_WORDS, GARBLED_SHARE = 3, 0.02  # unreadable words on a page before its text layer is called garbled


def reading_findings(
    document: Document, report_id: str, repaired: str | None, statement_facts: int
) -> list[ExtractionFinding]:
    """What a reader should know about how the file was read: repaired, pages needing OCR, no statement."""
    findings = []

    def add(severity: Severity, key: str, page: int | None = None, **values: object) -> None:
        findings.append(finding(report_id, "reader", severity, key, page, file=document.file_name, **values))

    if repaired:
        add("warning", "file_repaired", how=repaired)
    for failure in document.failed_pages:
        add("error", "page_failed", failure.number, reason=failure.reason)
    for page in document.pages:
        if page.table_note:
            add("warning", "page_note", page.number, note=page.table_note)
        if page.text_source == "blank":
            continue  # nothing printed: the pages table says blank, and there is nothing to look for
        if page.text_source == "ocr":  # the pages table says so, with its mean confidence
            if page.reading_note:
                add("warning", "page_note", page.number, note=page.reading_note)
            continue
        if not page.words:
            add("warning", "scanned_page_not_read", page.number, note=page.reading_note or Note.of("not_read_by_ocr"))
            continue
        if page.reading_note and page.text_source == NOT_READ:
            add("warning", "garbled_page_not_read", page.number, note=page.reading_note)
        elif page.reading_note:  # pictures of text on a page with a text layer, read by OCR or not
            add("warning", "page_note", page.number, note=page.reading_note)
        unreadable, words = unreadable_words(w.text for w in page.words)
        if unreadable >= GARBLED_WORDS and unreadable / words >= GARBLED_SHARE:
            add("warning", "text_layer_garbled", page.number, unreadable=unreadable, words=words, share=unreadable / words)
    if statement_facts == 0 and document.pages:
        kind = document_type(document)
        names = {rule.code: rule.name for rule in document_types()}
        add("warning", "accounts_without_statement" if kind in ("arsredovisning", "arsbokslut", "bokslut")
            else "not_an_annual_report", kind=kind, kind_name=names.get(kind, kind))
    return findings
