"""Unattended ingestion: the sensor and schedule on a real instance, bad files set aside, no data lost."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, build_schedule_context, materialize

import warehouse
from extractors import build_document
from pipelines.assets import financial_statements, key_figures, people_and_projects, report_document, warehouse_report
from pipelines.io_manager import ReportValues
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from pipelines.sensors import nightly_reconciliation
from tests.conftest import (
    PROJECT_ROOT,
    RAW_REPORTS,
    REALWORLD,
    REPORT_2022,
    REPORT_2024,
    load_sample,
    report_rows,
    sample_document,
    sensor_tick,
)
from tests.render import retypeset

pytestmark = pytest.mark.pipeline

ASSETS = [report_document, financial_statements, key_figures, people_and_projects, warehouse_report]
PDFS = REALWORLD / "pdfs"


def ingest(instance, folder: Path, database: Path, key: str, **limits) -> None:
    if key not in instance.get_dynamic_partitions("reports"):
        instance.add_dynamic_partitions("reports", [key])
    result = materialize(
        ASSETS, partition_key=key, instance=instance,
        resources={"reports_folder": ReportsFolder(path=str(folder)), "warehouse": Warehouse(database=str(database)),
                   "extraction": ExtractionSettings(**limits), "report_values": ReportValues()},
    )
    assert result.success


def fingerprint(database: Path, report_id: str) -> tuple:
    """Everything the warehouse holds for one report, summed up."""
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(
            """
            select (select count(*) from pages where report_id = $r), (select sum(length(text)) from pages where report_id = $r),
                   (select count(*) from financial_facts where report_id = $r), (select sum(amount_sek) from financial_facts where report_id = $r),
                   (select count(*) from key_figures where report_id = $r), (select count(*) from committee_members where report_id = $r),
                   (select status from reports where report_id = $r)
            """,
            {"r": report_id},
        ).fetchone()


@pytest.fixture
def loaded(tmp_path, dagster_home):
    """A reports folder holding the 2024 report, loaded into a fresh warehouse."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    database = tmp_path / "warehouse.duckdb"
    instance = DagsterInstance.get()
    ingest(instance, folder, database, REPORT_2024)
    return instance, folder, database


R2024 = "familjen-helsingborg-arsredovisning-2024"


def no_trailer(source: bytes) -> bytes:
    return source[: source.rfind(b"xref")]  # a download cut off before the cross-reference table


BAD_FILES = [
    ("not-a-pdf.pdf", lambda p: p.write_text("Årsredovisning, men ingen PDF.\n"), {}, "failed",
     r"^not-a-pdf\.pdf: not a readable PDF"),
    ("empty.pdf", lambda p: p.write_bytes(b""), {}, "failed", r"^empty\.pdf: empty file \(0 bytes\)$"),
    ("truncated.pdf", lambda p: p.write_bytes((RAW_REPORTS / REPORT_2024).read_bytes()[:40000]), {}, "failed",
     r"^truncated\.pdf: not a readable PDF: PSEOF"),
    ("encrypted.pdf", lambda p: shutil.copy(PDFS / "pdfplumber__tests__pdfs__password-example.pdf", p), {}, "failed",
     r"^encrypted\.pdf: not a readable PDF: encrypted or password-protected"),
    ("too-long.pdf", lambda p: shutil.copy(RAW_REPORTS / REPORT_2022, p), {"max_pages": 5}, "failed",
     r"^too-long\.pdf: has 22 pages, more than the limit of 5$"),
]


@pytest.mark.corpus
@pytest.mark.parametrize("name, make, limits, status, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_fails_with_a_reason_is_set_aside_and_takes_nothing_down(loaded, name, make, limits, status, reason):
    instance, folder, database = loaded
    before = fingerprint(database, R2024)
    make(folder / name)
    ingest(instance, folder, database, name, **limits)
    with duckdb.connect(str(database), read_only=True) as connection:
        row = connection.execute("select status, error from reports where file_name = ?", [name]).fetchone()
        quarantined = connection.execute("select reason from quarantine where file_name = ?", [name]).fetchone()
    assert row[0] == status
    assert re.search(reason, row[1]), row[1]
    assert quarantined == (row[1],)
    assert (folder / name).exists()  # set aside in the warehouse, never moved
    assert fingerprint(database, R2024) == before


def test_pages_past_their_time_budget_are_named_and_the_rest_kept(loaded):
    instance, folder, database = loaded
    before = fingerprint(database, R2024)
    shutil.copy(RAW_REPORTS / REPORT_2022, folder / "slow.pdf")
    # Half a millisecond a page: most pages run past it (which ones depends on the machine).
    ingest(instance, folder, database, "slow.pdf", page_seconds=0.0005)
    with duckdb.connect(str(database), read_only=True) as connection:
        status, error = connection.execute("select status, error from reports where file_name = 'slow.pdf'").fetchone()
        pages = connection.execute("select count(*) from pages join reports using (report_id) where file_name = 'slow.pdf'").fetchone()[0]
    timed_out = re.findall(r"page (\d+) could not be read \(exceeded the time budget of 0\.0005 s per page\)", error)
    assert status in ("incomplete", "failed") and timed_out
    assert len(timed_out) + pages == 22  # every page either read or named
    assert fingerprint(database, R2024) == before


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name, make, finding",
    [
        ("cut-short.pdf", lambda p: p.write_bytes(no_trailer((RAW_REPORTS / REPORT_2024).read_bytes())),
         "cut-short.pdf: not a readable PDF: PDFSyntaxError: No /Root object! - Is this really a PDF?; repaired by PDFium, which read 11 pages"),
        ("statistics.pdf", lambda p: shutil.copy(PDFS / "camelot__tests__files__health.pdf", p),
         "statistics.pdf: not an annual report (other); loaded as text only, no statement found"),
        # The parser finds none of its pages, PDFium all: the shortfall alone is reason to repair it.
        ("zero-pages.pdf", lambda p: shutil.copy(PDFS / "pdf.js__test__pdfs__issue9418.pdf", p),
         "zero-pages.pdf: the parser found 0 of the 1 pages; repaired by PDFium, which read 1 pages"),
    ],
    ids=["repaired", "not-a-report", "pages-missing"],
)
def test_a_doubtful_file_loads_with_a_finding(loaded, name, make, finding):
    instance, folder, database = loaded
    before = fingerprint(database, R2024)
    make(folder / name)
    ingest(instance, folder, database, name)
    with duckdb.connect(str(database), read_only=True) as connection:
        status = connection.execute("select status from reports where file_name = ?", [name]).fetchone()
        findings = [r[0] for r in connection.execute(
            "select message from extraction_findings f join reports r using (report_id) where r.file_name = ?", [name]
        ).fetchall()]
    assert status == ("loaded",)
    assert finding in findings
    assert fingerprint(database, R2024) == before


@pytest.mark.ocr
@pytest.mark.corpus
def test_a_scanned_file_is_read_by_ocr_and_with_ocr_off_says_why_it_is_empty(loaded):
    instance, folder, database = loaded
    before = fingerprint(database, R2024)
    shutil.copy(PDFS / "camelot__tests__files__image.pdf", folder / "scanned.pdf")
    ingest(instance, folder, database, "scanned.pdf")
    # Other bytes (a trailing newline), so that it is not set aside as a duplicate of the first.
    (folder / "scanned-unread.pdf").write_bytes((PDFS / "camelot__tests__files__image.pdf").read_bytes() + b"\n")
    ingest(instance, folder, database, "scanned-unread.pdf", ocr=False)
    with duckdb.connect(str(database), read_only=True) as connection:
        pages = dict(connection.execute(
            "select file_name, (text_source, ocr_confidence is not null, length(text) > 100) from pages "
            "join reports using (report_id) where file_name like 'scanned%'").fetchall())
        findings = [r[0] for r in connection.execute(
            "select message from extraction_findings join reports using (report_id) where file_name = 'scanned-unread.pdf'"
        ).fetchall()]
    assert pages == {"scanned.pdf": ("ocr", True, True), "scanned-unread.pdf": ("not_read", False, False)}
    assert ("scanned-unread.pdf, page 1: no text layer (a scanned page) and not read by OCR: OCR is turned off "
            "(FH_OCR=0); nothing on it was read") in findings
    assert fingerprint(database, R2024) == before


def test_the_repaired_copy_loads_the_same_statement(loaded):
    instance, folder, database = loaded
    (folder / "cut-short.pdf").write_bytes(no_trailer((RAW_REPORTS / REPORT_2024).read_bytes()))
    ingest(instance, folder, database, "cut-short.pdf")
    with duckdb.connect(str(database), read_only=True) as connection:
        facts = connection.execute(
            "select report_id, count(*), sum(amount_sek) from financial_facts group by 1 order by 1"
        ).fetchall()
    assert facts[0][1:] == facts[1][1:] == (46, facts[0][2])


tick = sensor_tick


def reconcile(instance, resources, when):
    with build_schedule_context(instance=instance, resources=resources, scheduled_execution_time=when) as context:
        return nightly_reconciliation(context)


def test_sensor_ticks_for_new_changed_unchanged_and_deleted_files(tmp_path, dagster_home):
    instance = DagsterInstance.get()
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    database = tmp_path / "warehouse.duckdb"

    first = tick(instance, folder, None)
    assert [r.partition_key for r in first.run_requests] == [REPORT_2024]
    instance.add_dynamic_partitions("reports", [REPORT_2024])
    ingest(instance, folder, database, REPORT_2024)

    unchanged = tick(instance, folder, first.cursor)
    assert unchanged.run_requests == []

    copy = retypeset(sample_document(REPORT_2024), tmp_path / "changed.pdf", {(11, "1 071 642"): "1 071 652"})
    shutil.copy(copy, folder / REPORT_2024)
    changed = tick(instance, folder, unchanged.cursor)
    assert [r.partition_key for r in changed.run_requests] == [REPORT_2024]
    ingest(instance, folder, database, REPORT_2024)
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute(
            "select amount_sek from financial_facts where line_item = 'ovriga_intakter_trainee' and fiscal_year = 2024"
        ).fetchall() == [(1071652,)]  # replaced, not added

    (folder / REPORT_2024).unlink()
    deleted = tick(instance, folder, changed.cursor)
    assert [r.partition_key for r in deleted.run_requests] == [REPORT_2024]
    assert ":withdrawn:" in deleted.run_requests[0].run_key
    before = fingerprint(database, R2024)
    ingest(instance, folder, database, REPORT_2024)
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select withdrawn_at is not null from reports").fetchall() == [(True,)]
    assert fingerprint(database, R2024) == before  # withdrawn, rows kept

    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    restored = tick(instance, folder, deleted.cursor)
    assert [r.partition_key for r in restored.run_requests] == [REPORT_2024]
    assert restored.run_requests[0].run_key not in {first.run_requests[0].run_key}


def test_the_nightly_schedule_requests_what_is_out_of_step(loaded):
    instance, folder, database = loaded
    resources = {"reports_folder": ReportsFolder(path=str(folder)), "warehouse": Warehouse(database=str(database))}
    night = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    quiet = reconcile(instance, resources, night)
    assert "in step" in quiet.skip_message
    retypeset(sample_document(REPORT_2024), folder / REPORT_2024, {(11, "89 080"): "89 081"})
    requests = reconcile(instance, resources, night)
    assert [(r.partition_key, r.run_key) for r in requests] == [(REPORT_2024, f"{REPORT_2024}:reconcile:{night.isoformat()}")]
    (folder / REPORT_2024).unlink()
    gone = reconcile(instance, resources, night)
    assert [r.partition_key for r in gone] == [REPORT_2024]  # to be marked withdrawn


RUN_ONE = textwrap.dedent(
    """
    import sys
    from dagster import DagsterInstance
    from pipelines.definitions import defs
    result = defs.resolve_job_def("ingest_report").execute_in_process(
        partition_key=sys.argv[1], instance=DagsterInstance.get(), raise_on_error=False)
    sys.exit(0 if result.success else 1)
    """
)


def test_two_sensor_ticks_that_fire_together_both_land(tmp_path, dagster_home):
    instance = DagsterInstance.get()
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    first = tick(instance, folder, None)
    shutil.copy(RAW_REPORTS / REPORT_2022, folder / REPORT_2022)
    second = tick(instance, folder, first.cursor)
    requests = first.run_requests + second.run_requests
    assert [r.partition_key for r in requests] == [REPORT_2024, REPORT_2022]
    for result in (first, second):
        for request in result.dynamic_partitions_requests:
            instance.add_dynamic_partitions("reports", list(request.partition_keys))

    database = tmp_path / "warehouse.duckdb"
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(dagster_home)}
    runs = [subprocess.Popen([sys.executable, "-c", RUN_ONE, r.partition_key], cwd=PROJECT_ROOT, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for r in requests]
    codes = [run.wait(timeout=600) for run in runs]
    assert codes == [0, 0], [run.stderr.read()[-2000:] for run in runs]
    with duckdb.connect(str(database), read_only=True) as connection:
        loaded = connection.execute("select file_name, status from reports order by 1").fetchall()
        facts = connection.execute("select count(*) from financial_facts").fetchone()[0]
    assert loaded == [(REPORT_2022, "loaded"), (REPORT_2024, "loaded")]
    assert facts == 99


LOAD_ROWS = textwrap.dedent(
    """
    import pickle, sys
    import warehouse
    from pipelines import loading
    rows = pickle.load(open(sys.argv[2], "rb"))
    connection = warehouse.connect(sys.argv[1])
    print("connected", flush=True)
    for _ in range(1000):
        loading.replace_report(connection, rows)
    """
)


def test_a_load_killed_half_way_leaves_the_warehouse_as_it_was(tmp_path):
    from extractors.records.reports_and_pages import report_record

    database = tmp_path / "warehouse.duckdb"
    connection = warehouse.connect(database)
    load_sample(connection, REPORT_2024)
    connection.close()
    v1 = fingerprint(database, R2024)

    changed = build_document(retypeset(sample_document(REPORT_2024), tmp_path / REPORT_2024, {(11, "1 071 642"): "1 071 652"}))
    capture = tmp_path / "capture.duckdb"
    shutil.copy(database, capture)
    with warehouse.connect(capture) as c2:
        load_sample(c2, REPORT_2024, changed)
    v2 = fingerprint(capture, R2024)
    assert v1 != v2

    # The new version's rows, ready to be loaded by a process that is then killed.
    rows = report_rows(changed)
    pickled = tmp_path / "rows.pickle"
    pickled.write_bytes(pickle.dumps(rows))
    for delay in (0.05, 0.15, 0.3, 0.5, 0.8):
        process = subprocess.Popen([sys.executable, "-c", LOAD_ROWS, str(database), str(pickled)],
                                   cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "connected"
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert fingerprint(database, R2024) in (v1, v2), f"a torn load after {delay} s"
    assert report_record(changed).report_id == R2024


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time, duckdb
    connection = duckdb.connect(sys.argv[1])
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    connection.close()
    """
)


def test_a_warehouse_locked_by_another_process_gives_a_clear_error_and_no_damage(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    connection = warehouse.connect(database)
    load_sample(connection, REPORT_2024)
    connection.close()
    before = fingerprint(database, R2024)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(database), "30"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        with pytest.raises(warehouse.WarehouseLocked, match=rf"the warehouse {database} is locked by another process; tried for 1 s"):
            warehouse.connect(database, wait_seconds=1)
    finally:
        holder.kill()
        holder.wait()
    assert fingerprint(database, R2024) == before


def test_a_load_waits_for_a_lock_to_be_released_and_lands(tmp_path):
    database = tmp_path / "warehouse.duckdb"
    warehouse.connect(database).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(database), "1.5"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    started = time.monotonic()
    connection = warehouse.connect(database, wait_seconds=30)
    waited = time.monotonic() - started
    load_sample(connection, REPORT_2024)
    connection.close()
    holder.wait()
    assert waited > 0.5  # it did wait for the other process
    assert fingerprint(database, R2024)[6] == "loaded"
