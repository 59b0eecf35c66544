"""Files that are not readable reports fail with a reason that names the file; nothing passes as complete."""

from __future__ import annotations

import pytest

from extractors import ExtractionError, build_document
from extractors.records.reports_and_pages import report_record
from tests.conftest import REALWORLD

PDFS = REALWORLD / "pdfs"


def test_a_text_file_named_pdf_is_not_a_readable_pdf(tmp_path):
    path = tmp_path / "rapport.pdf"
    path.write_text("Årsredovisning 2024, men ingen PDF.\n", encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"^rapport\.pdf: not a readable PDF"):
        build_document(path)


def test_an_empty_file_says_so(tmp_path):
    path = tmp_path / "tom.pdf"
    path.write_bytes(b"")
    with pytest.raises(ExtractionError, match=r"^tom\.pdf: empty file \(0 bytes\)$"):
        build_document(path)


@pytest.mark.corpus
def test_an_encrypted_pdf_says_encrypted():
    name = "pdfplumber__tests__pdfs__password-example.pdf"
    with pytest.raises(ExtractionError, match=rf"^{name}: not a readable PDF: encrypted or password-protected"):
        build_document(PDFS / name)


@pytest.mark.corpus
def test_a_file_whose_pages_the_parser_cannot_find_does_not_pass_as_complete():
    # pdfplumber returns no pages for this file, without raising; PDFium counts one.
    document = build_document(PDFS / "pdf.js__test__pdfs__issue9418.pdf")
    assert (len(document.pages), document.page_count) == (0, 1)
    report = report_record(document)
    assert report.status == "failed"
    assert report.error == "pdf.js__test__pdfs__issue9418.pdf: the parser found 0 of the 1 pages the file has"


def test_a_truncated_download_fails_with_the_parser_reason(tmp_path):
    source = (REALWORLD.parent / "reports" / "familjen-helsingborg-arsredovisning-2024.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(source[: len(source) * 2 // 3])
    with pytest.raises(ExtractionError, match=r"^truncated\.pdf: not a readable PDF: PSEOF: Unexpected EOF$"):
        build_document(path)


def test_a_file_whose_cross_references_are_shifted_is_repaired_and_read_whole(tmp_path):
    """Every offset of its xref table 3 bytes off: the parser trusts the table and finds no page; PDFium
    rebuilds the table and reads all 11. The shortfall alone is reason enough to try the repair."""
    import re

    from extractors.records.statements import extract_statements
    from pipelines.reading.isolation import Limits, read_within_limits
    from tests.conftest import RAW_REPORTS, REPORT_2024, sample_document

    raw = (RAW_REPORTS / REPORT_2024).read_bytes()
    table = raw.rindex(b"\nxref")
    shifted = raw[:table] + re.sub(rb"(\d{10}) (\d{5}) n", lambda m: b"%010d %s n" % (int(m[1]) + 3, m[2]), raw[table:])
    path = tmp_path / REPORT_2024
    path.write_bytes(shifted)
    assert len(build_document(path).pages) == 0  # what the parser alone makes of it

    reading = read_within_limits(path, Limits())

    assert reading.error is None
    assert reading.repaired == f"{REPORT_2024}: the parser found 0 of the 11 pages; repaired by PDFium, which read 11 pages"
    assert len(reading.document.pages) == 11
    key = lambda fact: (fact.statement, fact.fiscal_year, fact.line_item, fact.amount_sek)  # noqa: E731
    original = extract_statements(sample_document(REPORT_2024), "x", 2024).facts
    assert len(original) == 46
    assert sorted(map(key, extract_statements(reading.document, "x", 2024).facts)) == sorted(map(key, original))
