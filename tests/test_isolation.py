"""One way to run a child under limits: every path a report is read by keeps every limit, OCR's included.

A scanned page read with OCR turned off must say so whether the reading runs in a forked child (a run on
this machine), in a fresh interpreter (a daemonic process may not fork), or on a Dask worker; and OCR's own
budget per page must reach the child on each path as well.
"""

from __future__ import annotations

import pytest

from pipelines.reading.isolation import Limits, read_file, read_within_limits, run_within_limits
from tests.conftest import RAW_REPORTS, REPORT_2024
from tests.render import scanned_copy

pytestmark = pytest.mark.ocr

STATEMENT_PAGE_2024 = 11
OFF, HURRIED = Limits(ocr=False), Limits(ocr_page_seconds=0.01)


@pytest.fixture(scope="module")
def scan(tmp_path_factory):
    """The 2024 sample's statement page as an image-only page: OCR is the only way to read it."""
    return scanned_copy(RAW_REPORTS / REPORT_2024, STATEMENT_PAGE_2024, tmp_path_factory.mktemp("scan") / "scan.pdf")


def _note(reading) -> str:
    assert reading.error is None, reading.error
    [page] = reading.document.pages
    assert page.words == () and page.reading_note.not_read
    return page.reading_note.text("en")


def test_a_forked_child_keeps_the_ocr_limits(scan):
    assert "OCR is turned off" in _note(read_within_limits(scan, OFF))
    assert "exceeded its time budget of 0.01 s per page" in _note(read_within_limits(scan, HURRIED))


def test_a_fresh_interpreter_keeps_the_ocr_limits(scan):
    off = run_within_limits(read_file, (str(scan), OFF), OFF, fresh=True)
    hurried = run_within_limits(read_file, (str(scan), HURRIED), HURRIED, fresh=True)
    assert "OCR is turned off" in _note(off.value)
    assert "exceeded its time budget of 0.01 s per page" in _note(hurried.value)


@pytest.mark.pipeline
def test_a_dask_worker_keeps_the_ocr_limits(scan):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        off, hurried = client.gather([client.submit(read_within_limits, scan, OFF, pure=False),
                                      client.submit(read_within_limits, scan, HURRIED, pure=False)])
    assert "OCR is turned off" in _note(off)
    assert "exceeded its time budget of 0.01 s per page" in _note(hurried)


def test_a_child_that_runs_out_of_time_or_memory_or_dies_is_a_reason_not_a_crash():
    tight = Limits(report_seconds=0.5)
    assert run_within_limits(_sleep, (5,), tight).reason(tight, " per report") == \
        "exceeded the time budget of 0.5 s per report"
    small = Limits(memory_mb=1500)
    for fresh in (False, True):
        assert run_within_limits(_allocate, (3_000,), small, fresh=fresh).error == "exceeded the memory limit of 1500 MB"
        assert run_within_limits(_die, (), small, fresh=fresh).crashed == "SIGKILL"


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _allocate(megabytes: int) -> bytes:
    return b"x" * (megabytes * 1024 * 1024)


def _die() -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
