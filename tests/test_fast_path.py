"""The PDFium fast path against pdfplumber, the reference: the same records from every PDF of the samples, the
real Swedish reports and the larger reports, read both ways.

Every fact, key figure, committee member, project, network, plan goal, table cell and finding is compared
value for value; boxes may differ by what the two readers make of a glyph's edges, under BOX_TOLERANCE points.
A page the fast path cannot read as pdfplumber would is read by pdfplumber (the rule in
`extractors.pdf.pdfium_geometry`); the tests also hold that the rule leaves most pages to PDFium, so that they
cannot pass by sending every page to the reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import build_document
from extractors.pdf.document import page_readers
from extractors.pdf.ocr import OcrSettings
from pipelines.extraction import extract_report
from tests.conftest import RAW_REPORTS, SHARED

BOX_TOLERANCE = 2.0  # points
BOX_FIELD = re.compile(r"(^|_)(x0|x1|top|bottom)$")
RECORDS = ("facts", "key_figures", "committee", "projects", "networks", "plan_goals", "table_cells", "findings")
NO_OCR = OcrSettings(enabled=False)  # OCR reads the same pictures whichever reader read the text layer


def split(record) -> tuple[dict, dict]:
    """A record's values, and its boxes' edges."""
    data = record.model_dump()
    boxes = {k: v for k, v in data.items() if BOX_FIELD.search(k) and isinstance(v, int | float)}
    return {k: v for k, v in data.items() if k not in boxes}, boxes


def differences(path: Path) -> list[str]:
    """Where the records of a file read by the fast path differ from those read by pdfplumber alone."""
    fast = extract_report(build_document(path, ocr=NO_OCR, reader="pdfium"))
    reference = extract_report(build_document(path, ocr=NO_OCR, reader="pdfplumber"))
    said = []
    for name in RECORDS:
        ours, theirs = getattr(fast, name), getattr(reference, name)
        if len(ours) != len(theirs):
            said.append(f"{path.name} {name}: {len(ours)} records, pdfplumber {len(theirs)}")
            continue
        for mine, reference_record in zip(ours, theirs, strict=True):
            (values, boxes), (expected, expected_boxes) = split(mine), split(reference_record)
            if values != expected:
                said.append(f"{path.name} {name}: {[(k, values[k], expected.get(k)) for k in values if values[k] != expected.get(k)]}")
            elif any(abs(boxes[k] - expected_boxes[k]) > BOX_TOLERANCE for k in boxes):
                said.append(f"{path.name} {name} box: {boxes} against {expected_boxes}")
    return said


def read_fast(paths: list[Path]) -> tuple[int, int]:
    """How many pages of these files the fast path reads with PDFium, of how many."""
    readers = [reader for path in paths for reader in page_readers(path).values()]
    return readers.count("pdfium"), len(readers)


def test_the_samples_give_the_same_records_read_by_pdfium_as_by_pdfplumber():
    samples = sorted(RAW_REPORTS.glob("*.pdf"))
    assert len(samples) == 5
    assert [said for path in samples for said in differences(path)] == []
    fast, pages = read_fast(samples)
    assert fast >= 0.8 * pages, f"only {fast} of {pages} sample pages read by PDFium"


@pytest.mark.corpus
@pytest.mark.parametrize("folder", ["realworld-sv", "any-report"])
def test_every_real_report_gives_the_same_records_read_by_pdfium_as_by_pdfplumber(folder):
    paths = sorted((SHARED / folder / "pdfs").glob("*.pdf"))
    assert len(paths) >= 4
    assert [said for path in paths for said in differences(path)] == []
    fast, pages = read_fast(paths)
    assert fast >= 0.5 * pages, f"only {fast} of {pages} pages of {folder} read by PDFium"


def test_the_fast_path_is_asked_for_and_pdfplumber_is_the_default(monkeypatch):
    from extractors.pdf.document import default_reader

    monkeypatch.delenv("FH_PDF_READER", raising=False)
    assert default_reader() == "pdfplumber"
    monkeypatch.setenv("FH_PDF_READER", "PDFium")
    assert default_reader() == "pdfium"
    monkeypatch.setenv("FH_PDF_READER", "poppler")
    with pytest.raises(ValueError, match="FH_PDF_READER is 'poppler'"):
        default_reader()


def test_a_reading_by_the_fast_path_is_not_taken_for_one_by_pdfplumber(monkeypatch):
    from pipelines.reading import fingerprint

    fingerprints = {}
    for reader in ("pdfplumber", "pdfium"):
        monkeypatch.setenv("FH_PDF_READER", reader)
        fingerprint._document_fingerprint.cache_clear()
        fingerprints[reader] = fingerprint.document_fingerprint()
    fingerprint._document_fingerprint.cache_clear()
    assert fingerprints["pdfplumber"] != fingerprints["pdfium"]
