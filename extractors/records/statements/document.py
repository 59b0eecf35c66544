"""A document's statements: this cooperation's own read from its chart's tables, every other as printed.

`chart_tables` reads the tables whose labels match the cooperation's chart
(resultatrapport and its specifications); `printed` reads every other income
statement and balance sheet as any Swedish annual report prints it, on the
pages the first left alone, and `labels` gives its lines their codes. A
heading found with nothing read under it is an error finding, never a silent
zero.
"""

from __future__ import annotations

from extractors.pdf.model import Document
from extractors.records.findings import finding
from extractors.records.statements.chart_tables import EXTRACTOR, StatementExtraction, table_to_facts
from extractors.records.statements.printed import extract_printed_statements, with_line_items


def extract_statements(document: Document, report_id: str, report_year: int | None) -> StatementExtraction:
    """Every statement amount of a document, with findings for what could not be read.

    This cooperation's resultatrapport and specifications are read from the tables that match its chart;
    every other income statement and balance sheet as any annual report prints it
    (`extractors.records.statements.printed`), on the pages the first left alone.
    """
    result = StatementExtraction()
    for page in document.pages:
        for index, block in enumerate(page.blocks):
            if block.table is not None:
                result.extend(table_to_facts(page, block.table, page.blocks[:index], report_id, report_year))
    printed = extract_printed_statements(document, report_id, skip_pages={fact.page for fact in result.facts})
    coded, unmatched = with_line_items(printed.facts, report_id)
    result.facts.extend(coded)
    result.findings.extend([*printed.findings, *unmatched])
    if printed.headings_found and not result.facts:
        result.findings.append(finding(report_id, EXTRACTOR, "error", "statement_headings_without_amounts",
                                       file=document.file_name, count=printed.headings_found))
    return result
