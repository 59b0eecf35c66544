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
