"""Scanned pages read by OCR into the same document model: the real scanned reports against their gold, a
sample's statement page scanned with skew and grain, and OCR only where a page needs it."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytesseract
import pytest

import warehouse
from extractors import build_document
from extractors.pdf import ocr
from extractors.pdf.ocr import OcrSettings
from extractors.records.reports_and_pages import page_records, reading_findings
from extractors.records.statements import extract_statements
from pipelines.reading.cache import cached_reading
from pipelines.reading.isolation import Limits
from tests import statement_gold
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2024, load_sample, sample_document
from tests.render import scanned_copy
from warehouse.audit import record_all_checks

pytestmark = pytest.mark.ocr

CORPUS = PROJECT_ROOT.parent / "shared" / "realworld-sv"
SCANNED = ["brf-266956-skannad.pdf", "brf-roslagsbanan-12-skannad.pdf", "brf-stappan-leksand-skannad.pdf"]
STATEMENT_PAGE_2024 = 11


def _scanned_gold() -> dict[str, list[dict]]:
    with open(CORPUS / "gold" / "statements.csv", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["file"] in SCANNED]
    return {name: [row for row in rows if row["file"] == name] for name in SCANNED}


def _found(rows: list[dict], facts) -> int:
    """Gold rows with a fact of the same statement, year, amount and label (an unlabelled subtotal: amount)."""
    return statement_gold.found(rows, facts)


@pytest.fixture(scope="module")
def scanned_readings():
    """The statement pages of the three scanned reports, read by OCR."""
    return {name: build_document(CORPUS / "pdfs" / name, pages=sorted({int(r["page"]) for r in rows}))
            for name, rows in _scanned_gold().items()}


@pytest.mark.corpus
def test_the_scanned_reports_statements_match_their_gold(scanned_readings):
    gold = _scanned_gold()
    found = 0
    for name, document in scanned_readings.items():
        assert {page.text_source for page in document.pages} == {"ocr"}, name
        facts = extract_statements(document, Path(name).stem, None).facts
        assert facts and all(f.ocr_confidence is not None and 0 <= f.ocr_confidence <= 1 for f in facts), name
        found += _found(gold[name], facts)
    total = sum(len(rows) for rows in gold.values())
    assert found / total >= 0.90, f"{found} of {total} gold rows"


@pytest.mark.corpus
def test_a_scanned_row_has_one_value_a_column_never_a_dash_beside_its_value(scanned_readings):
    """Roslagsbanan's "Inventarier – 0": OCR read a dash beside each printed 0; the row has one value a year."""
    for name, document in scanned_readings.items():
        facts = extract_statements(document, Path(name).stem, None).facts
        cells = Counter((f.statement, f.page, f.row_index, f.fiscal_year) for f in facts)
        assert facts and [cell for cell, count in cells.items() if count > 1] == [], name
    roslagsbanan = extract_statements(scanned_readings["brf-roslagsbanan-12-skannad.pdf"], "x", None).facts
    assert sorted((f.fiscal_year, f.amount_text) for f in roslagsbanan if f.label == "Inventarier") == [(2021, "0"), (2022, "0")]


@pytest.mark.corpus
def test_a_sum_that_does_not_add_up_on_a_scan_names_the_least_sure_figure(scanned_readings, tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, "brf-266956-skannad.pdf", scanned_readings["brf-266956-skannad.pdf"])
    findings = record_all_checks(connection)["sums_match_lines"]
    # The report itself rounds two sums by 1 kr (gold/checks): read from the scan, each says how sure OCR was.
    assert findings and all("read by OCR on page" in f.message and "confidence 0." in f.message for f in findings)
    pages = connection.execute("select distinct text_source from pages").fetchall()
    assert pages == [("ocr",)]
    assert connection.execute("select count(*) from financial_facts where ocr_confidence is null").fetchone() == (0,)


@pytest.fixture(scope="module")
def scanned_2024(tmp_path_factory):
    """The 2024 sample's statement page scanned at 150 dpi, turned half a degree, with grain: one image-only page."""
    folder = tmp_path_factory.mktemp("scan")
    return scanned_copy(RAW_REPORTS / REPORT_2024, STATEMENT_PAGE_2024, folder / REPORT_2024)


def test_a_scanned_copy_of_a_statement_page_reads_its_facts_and_the_checks_flag_the_rest(scanned_2024, tmp_path):
    printed = [f for f in extract_statements(sample_document(REPORT_2024), "x", 2024).facts if f.page == STATEMENT_PAGE_2024]
    document = build_document(scanned_2024)
    assert [page.text_source for page in document.pages] == ["ocr"] and not document.pages[0].has_text_layer
    read = extract_statements(document, "x", 2024).facts
    key = lambda f: (f.statement, f.fiscal_year, f.line_item, f.amount_sek)  # noqa: E731
    have = Counter(key(f) for f in read)
    missed = []
    for fact in printed:
        if have[key(fact)] > 0:
            have[key(fact)] -= 1
        else:
            missed.append(fact)
    assert (len(printed) - len(missed)) / len(printed) >= 0.95, [key(f) for f in missed]
    connection = warehouse.connect(tmp_path / "w.duckdb")
    load_sample(connection, REPORT_2024, document)
    flagged = {(f.fiscal_year) for findings in record_all_checks(connection).values() for f in findings
               if f.severity == "error"}
    assert all(fact.fiscal_year in flagged for fact in missed), [key(f) for f in missed]


def _never_run_tesseract(monkeypatch) -> None:
    """Point pytesseract at no program: any OCR attempted from here on leaves a note saying Tesseract is missing."""
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr.check_tesseract.cache_clear()


def test_pages_with_a_good_text_layer_never_go_through_ocr_and_a_blank_page_is_blank(monkeypatch):
    _never_run_tesseract(monkeypatch)
    try:
        document = build_document(RAW_REPORTS / REPORT_2024, ocr=OcrSettings())
    finally:
        ocr.check_tesseract.cache_clear()
    sources = Counter(page.text_source for page in document.pages)
    assert sources == {"text_layer": 10, "blank": 1}
    assert not any(page.reading_note for page in document.pages)  # OCR would have left "Tesseract is not installed"
    assert all(word.confidence is None for page in document.pages for word in page.words)
    [blank] = [page.number for page in document.pages if page.text_source == "blank"]
    findings = reading_findings(document, "x", None, 46)
    assert not any(f.page == blank for f in findings)
    records = {r.page_number: r for r in page_records(document)}
    assert records[blank].text_source == "blank" and records[blank].ocr_confidence is None


def test_without_tesseract_a_scanned_page_says_exactly_that_and_the_run_goes_on(monkeypatch, scanned_2024):
    _never_run_tesseract(monkeypatch)
    try:
        document = build_document(scanned_2024, ocr=OcrSettings())
    finally:
        ocr.check_tesseract.cache_clear()
    [page] = document.pages
    assert page.words == () and "Tesseract is not installed" in page.reading_note.text("en")
    [finding] = [f for f in reading_findings(document, "x", None, 0) if f.page == 1]
    assert "no text layer (a scanned page) and not read by OCR: Tesseract is not installed" in finding.message
    assert REPORT_2024 in finding.message
    assert finding.key == "scanned_page_not_read" and finding.message_sv == (
        f"{REPORT_2024}, sidan 1: inget textlager (en inskannad sida) och inte läst med OCR: Tesseract is not installed "
        "(Debian: apt-get install tesseract-ocr tesseract-ocr-swe); inget på sidan lästes")


def test_ocr_turned_off_or_out_of_time_leaves_a_note_and_the_reading_is_not_cached(scanned_2024, tmp_path):
    off = build_document(scanned_2024, ocr=OcrSettings(enabled=False))
    assert "OCR is turned off" in off.pages[0].reading_note.text("en") and off.pages[0].words == ()
    hurried = build_document(scanned_2024, ocr=OcrSettings(page_seconds=0.01))
    assert "exceeded its time budget of 0.01 s per page" in hurried.pages[0].reading_note.text("en")
    cache = tmp_path / "cache"
    reading, cached = cached_reading(scanned_2024, "sha", cache, Limits(ocr=False))
    assert not cached and reading.document.pages[0].words == ()
    assert not list(cache.glob("*.pickle"))  # the next run with OCR on reads the page


def test_a_page_read_by_ocr_is_cached_so_a_warm_run_never_ocrs_again(scanned_2024, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first, cached = cached_reading(scanned_2024, "sha", cache, Limits())
    assert not cached and first.document.pages[0].text_source == "ocr" and first.document.pages[0].words
    _never_run_tesseract(monkeypatch)
    try:
        again, cached = cached_reading(scanned_2024, "sha", cache, Limits())
    finally:
        ocr.check_tesseract.cache_clear()
    assert cached and again.document.pages[0].words == first.document.pages[0].words


def test_a_text_layer_garbled_beyond_use_is_read_by_ocr(tmp_path):
    # What a font with its glyphs mapped to wrong characters gives: "Rörelseintäkter" as "R!relseint"kter".
    garbage = "\n".join(" ".join(["R!relseint\"kter", "Int#kter", "Kostn$der"] * 4) for _ in range(6))
    path = scanned_copy(RAW_REPORTS / REPORT_2024, STATEMENT_PAGE_2024, tmp_path / "garbled.pdf", skew_degrees=0,
                        grain=0, text_layer=garbage)
    [page] = build_document(path).pages
    assert page.text_source == "ocr" and not any("!" in w.text or "#" in w.text for w in page.words)
    assert "RESULTATRAPPORT" in page.text


def test_a_scan_with_a_signing_stamp_keeps_the_stamp_and_reads_the_rest(tmp_path):
    stamp = "Signerat av Anna Andersson 2025-03-14 Penneo dokumentnyckel ABCD-1234"
    path = scanned_copy(RAW_REPORTS / REPORT_2024, STATEMENT_PAGE_2024, tmp_path / "stamped.pdf", skew_degrees=0,
                        grain=0, stamp=stamp)
    [page] = build_document(path).pages
    assert page.text_source == "ocr"
    from_text_layer = [w for w in page.words if w.confidence is None]
    assert " ".join(w.text for w in from_text_layer) == stamp
    assert sum(1 for w in page.words if w.confidence is not None) > 100
    facts = extract_statements(build_document(path), "x", 2024).facts
    assert len(facts) >= 40


@pytest.mark.pipeline
def test_a_scan_whose_ocr_is_cut_short_is_incomplete_and_read_by_the_next_run(scanned_2024, tmp_path):
    """OCR out of its budget: the page says not_read, the report is incomplete and not 'unchanged' to the next
    make run, which reads it with the limit lifted."""
    import os
    import shutil
    import subprocess
    import sys

    import duckdb

    from tests.conftest import PROJECT_ROOT

    folder, home, database = tmp_path / "reports", tmp_path / "home", tmp_path / "w" / "fh.duckdb"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    shutil.copy(scanned_2024, folder / "skannad.pdf")
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}

    def make_run(**extra) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env={**env, **extra},
                              capture_output=True, text=True, timeout=900)

    def held():
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(
                "select r.status, r.error, p.text_source, (select count(*) from financial_facts f "
                "where f.report_id = r.report_id) from reports r join pages p using (report_id)").fetchone()

    cut = make_run(FH_OCR_PAGE_SECONDS="0.01")
    assert cut.returncode == 0, cut.stderr[-2000:]
    status, error, source, facts = held()
    assert (status, source, facts) == ("incomplete", "not_read", 0)
    assert "page 1 not read by OCR: OCR exceeded its time budget of 0.01 s per page (CPU time)" in error
    lifted = make_run()
    assert lifted.returncode == 0, lifted.stderr[-2000:]
    assert "unchanged since they were loaded" not in lifted.stdout
    status, error, source, facts = held()
    assert (status, error, source) == ("loaded", None, "ocr") and facts > 30
    assert list((database.parent / "cache" / "ocr").glob("*.json"))  # the page's OCR, kept by its picture


def test_a_pages_ocr_is_kept_by_its_picture_and_not_run_again(scanned_2024, tmp_path, monkeypatch):
    settings = OcrSettings(cache_dir=str(tmp_path / "ocr"))
    first = build_document(scanned_2024, ocr=settings)
    assert first.pages[0].text_source == "ocr" and len(list((tmp_path / "ocr").glob("*.json"))) == 1
    monkeypatch.setattr(ocr, "tesseract_data", lambda *args: pytest.fail("Tesseract ran again for a page it has read"))
    again = build_document(scanned_2024, ocr=settings)
    assert again.pages[0].words == first.pages[0].words


def test_pages_read_side_by_side_give_what_pages_read_one_at_a_time_give():
    """A scan's pages read by Tesseract processes side by side (the default: every core) give the same words,
    boxes, confidences and order as one page at a time, each page in its place."""
    scan = CORPUS / "pdfs" / "brf-roslagsbanan-12-skannad.pdf"
    one = build_document(scan, pages=[1, 2, 3, 4], ocr=OcrSettings(workers=1))
    side_by_side = build_document(scan, pages=[1, 2, 3, 4], ocr=OcrSettings(workers=3))
    assert [p.number for p in side_by_side.pages] == [1, 2, 3, 4]
    assert sum(p.text_source == "ocr" for p in one.pages) >= 3
    for a, b in zip(one.pages, side_by_side.pages, strict=True):
        assert (a.text_source, a.reading_note) == (b.text_source, b.reading_note)
        assert [(w.text, w.bbox, w.confidence) for w in a.words] == [(w.text, w.bbox, w.confidence) for w in b.words]
