"""The C loop that reads a text page's characters (`extractors/pdf/pdfium_chars.c`) against the same reading by
ctypes, a call a character: every field of every character of every page equal, on the samples and the real
reports; and a machine without a C compiler reads the same document, slower."""

from __future__ import annotations

import ctypes
import logging
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from extractors import build_document
from extractors.pdf import pdfium_chars
from extractors.pdf.document import page_readers
from extractors.pdf.ocr import OcrSettings
from tests.conftest import RAW_REPORTS, SHARED


def pages_read_both_ways(path: Path) -> tuple[int, int, list[str]]:
    """Pages and characters of a file, and where the C loop's reading differs from ctypes'."""
    pdf = pypdfium2.PdfDocument(str(path))
    pages = chars = 0
    differ = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
                count = pdfium.FPDFText_CountChars(textpage.raw)
                by_c, by_ctypes = pdfium_chars.read_chars(address, count), pdfium_chars._read_by_ctypes(address, count)
                for field in ("codes", "flags", "objects", "lefts", "rights", "xs", "ys", "sizes", "fonts"):
                    if getattr(by_c, field) != getattr(by_ctypes, field):
                        differ.append(f"{path.name} page {index + 1}: {field}")
                if by_c.matrices.tolist() != by_ctypes.matrices.tolist():
                    differ.append(f"{path.name} page {index + 1}: matrices")
                pages, chars = pages + 1, chars + count
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return pages, chars, differ


def read_both_ways(paths: list[Path]) -> None:
    assert pdfium_chars.built(), "the C loop is not built on this machine (see the warning logged)"
    pages = chars = 0
    differ = []
    for path in paths:
        file_pages, file_chars, file_differ = pages_read_both_ways(path)
        pages, chars, differ = pages + file_pages, chars + file_chars, differ + file_differ
    assert pages >= len(paths) and chars > 1000 * len(paths)  # real pages of text were compared
    assert differ == []


def test_the_c_loop_reads_every_character_of_the_samples_as_ctypes_does():
    read_both_ways(sorted(RAW_REPORTS.glob("*.pdf")))


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_the_c_loop_reads_every_character_of_the_real_reports_as_ctypes_does(folder):
    read_both_ways([path for path in sorted((SHARED / folder / "pdfs").glob("*.pdf")) if "skannad" not in path.name])


def test_without_a_c_compiler_the_same_document_is_read_and_a_warning_says_why(monkeypatch, caplog):
    sample = sorted(RAW_REPORTS.glob("*.pdf"))[0]
    no_ocr = OcrSettings(enabled=False)
    with_c = build_document(sample, ocr=no_ocr, reader="pdfium")
    monkeypatch.setenv("CC", "/nonexistent/cc")  # another compiler: another build, which fails
    pdfium_chars._library.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=pdfium_chars.__name__):
            assert not pdfium_chars.built()
            without = build_document(sample, ocr=no_ocr, reader="pdfium")
            readers = page_readers(sample)
    finally:
        monkeypatch.undo()
        pdfium_chars._library.cache_clear()
    assert "pdfium_chars.c is not built" in caplog.text and "/nonexistent/cc" in caplog.text
    assert without.pages == with_c.pages
    assert "pdfium" in readers.values()  # read by PDFium still, its characters by ctypes
    assert pdfium_chars.built()
