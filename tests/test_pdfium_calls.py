"""The C loops that read a text page's characters and a page's objects and paths (`extractors/pdf/pdfium_calls.c`)
against the same reading by ctypes, a call at a time: every field of every character, object and path segment
of every page equal, on the samples and the real reports; and a machine without a C compiler reads the same
document, slower."""

from __future__ import annotations

import ctypes
import logging
import shutil
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from extractors import build_document
from extractors.pdf import pdfium_calls, pdfium_geometry
from extractors.pdf.document import page_readers
from extractors.pdf.ocr import OcrSettings
from extractors.pdf.pdfium_geometry import FastPathRefused, PdfiumPages
from tests.conftest import RAW_REPORTS, SHARED


def pages_read_both_ways(path: Path) -> tuple[int, int, int, list[str]]:
    """Pages, characters and paths of a file, and where the C loops' reading differs from ctypes'."""
    pdf = pypdfium2.PdfDocument(str(path))
    pages = chars = paths = 0
    differ = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            try:
                address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
                count = pdfium.FPDFText_CountChars(textpage.raw)
                by_c, by_ctypes = pdfium_calls.read_chars(address, count), pdfium_calls._read_by_ctypes(address, count)
                for field in ("codes", "flags", "objects", "lefts", "rights", "xs", "ys", "sizes", "fonts"):
                    if getattr(by_c, field) != getattr(by_ctypes, field):
                        differ.append(f"{path.name} page {index + 1}: {field}")
                if by_c.matrices.tolist() != by_ctypes.matrices.tolist():
                    differ.append(f"{path.name} page {index + 1}: matrices")
                page_address = ctypes.cast(page.raw, ctypes.c_void_p).value
                objects = pdfium_calls.read_objects(page_address)
                if objects != pdfium_calls._objects_by_ctypes(page_address):
                    differ.append(f"{path.name} page {index + 1}: objects")
                for obj, kind in zip(objects.objects, objects.types, strict=True):
                    if kind == pdfium.FPDF_PAGEOBJ_PATH:
                        paths += 1
                        if pdfium_calls.read_path(obj) != pdfium_calls._path_by_ctypes(obj):
                            differ.append(f"{path.name} page {index + 1}: a path")
                pages, chars = pages + 1, chars + count
            finally:
                textpage.close()
                page.close()
    finally:
        pdf.close()
    return pages, chars, paths, differ


def read_both_ways(files: list[Path]) -> None:
    assert pdfium_calls.built(), "the C loops are not built on this machine (see the warning logged)"
    pages = chars = paths = 0
    differ = []
    for file in files:
        file_pages, file_chars, file_paths, file_differ = pages_read_both_ways(file)
        pages, chars, paths, differ = pages + file_pages, chars + file_chars, paths + file_paths, differ + file_differ
    assert pages >= len(files) and chars > 1000 * len(files) and paths > 0  # real pages were compared
    assert differ == []


def test_the_c_loop_reads_every_character_of_the_samples_as_ctypes_does():
    read_both_ways(sorted(RAW_REPORTS.glob("*.pdf")))


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_the_c_loop_reads_every_character_of_the_real_reports_as_ctypes_does(folder):
    read_both_ways([path for path in sorted((SHARED / folder / "pdfs").glob("*.pdf")) if "skannad" not in path.name])


def chars_placed_both_ways(files: list[Path], monkeypatch) -> tuple[int, int, list[str]]:
    """Characters of every page of the files, how many of them `place_plain` placed in C, and the pages whose
    characters (every field of each) differ from those the Python reader places one by one (the C loops off:
    FH_PDFIUM_CALLS=ctypes), or that one reading refuses and the other not."""
    placed_in_c = 0

    def counted(*args):
        nonlocal placed_in_c
        common = pdfium_calls.place_plain(*args)
        placed_in_c += sum(end - start for start, end in zip(common.stretches[::3], common.stretches[1::3], strict=True))
        return common

    monkeypatch.setattr(pdfium_geometry, "place_plain", counted)
    chars = 0
    differ = []
    for path in files:
        reader = PdfiumPages(path)
        try:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    readings = []
                    for calls in ("", "ctypes"):
                        monkeypatch.setenv("FH_PDFIUM_CALLS", calls)
                        try:
                            readings.append(reader.read(page.page_number, float(page.width), float(page.height),
                                                        page.page_obj).chars)
                        except FastPathRefused as refused:
                            readings.append(str(refused))
                    if readings[0] != readings[1]:
                        differ.append(f"{path.name} page {page.page_number}")
                    chars += len(readings[1]) if isinstance(readings[1], list) else 0
        finally:
            reader.close()
            monkeypatch.delenv("FH_PDFIUM_CALLS")
    return chars, placed_in_c, differ


def test_the_c_loop_places_the_characters_of_the_samples_as_the_python_reader_does(monkeypatch):
    chars, placed_in_c, differ = chars_placed_both_ways(sorted(RAW_REPORTS.glob("*.pdf")), monkeypatch)
    assert differ == []
    assert placed_in_c > 0.5 * chars > 10_000  # most characters are the common case


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_the_c_loop_places_the_characters_of_the_real_reports_as_the_python_reader_does(folder, monkeypatch):
    files = [path for path in sorted((SHARED / folder / "pdfs").glob("*.pdf")) if "skannad" not in path.name]
    chars, placed_in_c, differ = chars_placed_both_ways(files, monkeypatch)
    assert differ == []
    assert placed_in_c > 0.5 * chars


def test_without_a_c_compiler_the_same_document_is_read_and_a_warning_says_why(monkeypatch, caplog):
    sample = sorted(RAW_REPORTS.glob("*.pdf"))[0]
    no_ocr = OcrSettings(enabled=False)
    with_c = build_document(sample, ocr=no_ocr, reader="pdfium")
    monkeypatch.setenv("CC", "/nonexistent/cc")  # another compiler: another build, which fails
    pdfium_calls._library.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger=pdfium_calls.__name__):
            assert not pdfium_calls.built()
            without = build_document(sample, ocr=no_ocr, reader="pdfium")
            readers = page_readers(sample)
    finally:
        monkeypatch.undo()
        pdfium_calls._library.cache_clear()
    assert "pdfium_calls.c is not built" in caplog.text and "/nonexistent/cc" in caplog.text
    assert without.pages == with_c.pages
    assert "pdfium" in readers.values()  # read by PDFium still, its characters by ctypes
    assert pdfium_calls.built()


def test_a_change_to_the_c_loops_reads_the_pdfs_anew(tmp_path, monkeypatch):
    from pipelines.reading import fingerprint

    root = Path(fingerprint.PROJECT_ROOT)
    shutil.copytree(root / "extractors" / "pdf", tmp_path / "extractors" / "pdf",
                    ignore=shutil.ignore_patterns("build", "__pycache__"))
    (tmp_path / "schemas").mkdir()
    shutil.copy(root / "schemas" / "findings.py", tmp_path / "schemas" / "findings.py")
    monkeypatch.setattr(fingerprint, "PROJECT_ROOT", tmp_path)
    try:
        fingerprint._document_fingerprint.cache_clear()
        before = fingerprint.document_fingerprint()
        source = tmp_path / "extractors" / "pdf" / "pdfium_calls.c"
        source.write_text(source.read_text() + "\n/* changed */\n")
        fingerprint._document_fingerprint.cache_clear()
        after = fingerprint.document_fingerprint()
    finally:
        fingerprint._document_fingerprint.cache_clear()
    assert before != after
