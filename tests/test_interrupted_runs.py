"""A run killed after its load commits: the next make run finishes its audit and frees the writer slot.

The first run is held at the start of its audit (a `sitecustomize` on its PYTHONPATH makes the audit wait),
so the kill lands between the load and the audit however fast the machine is, never after the audit."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest
import sqlalchemy.exc
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2024

pytestmark = pytest.mark.pipeline

LEAFLET = "familjen-helsingborg-2016.pdf"
HOLD_THE_AUDIT = """
import time
import pipelines.assets
def held(*args, **kwargs):
    time.sleep(3600)
pipelines.assets.write_audit_site = held
"""


def audit_started(instance: DagsterInstance) -> bool:
    """Whether a run of the instance has started its audit step (`audit_report`), after its load."""
    return any(
        entry.step_key == "audit_report"
        for run in instance.get_runs()
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_START)
    )


def loaded_steps(instance: DagsterInstance) -> bool:
    """Whether a run of the instance has finished its load step (`warehouse_report`)."""
    return any(
        entry.step_key == "warehouse_report"
        for run in instance.get_runs()
        for entry in instance.all_logs(run.run_id, of_type=DagsterEventType.STEP_SUCCESS)
    )


def held_in_its_audit(instance: DagsterInstance) -> bool:
    """Whether the first run has loaded and begun its audit; not yet while the run is still making the
    instance's storage (its tables may not be there to read)."""
    try:
        return loaded_steps(instance) and audit_started(instance)
    except sqlalchemy.exc.OperationalError:
        return False


def test_a_run_killed_after_the_load_is_finished_by_the_next_make_run(tmp_path, monkeypatch):
    folder, home, database = tmp_path / "reports", tmp_path / "dagster_home", tmp_path / "warehouse.duckdb"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    for name in (REPORT_2024, LEAFLET):
        shutil.copy(RAW_REPORTS / name, folder / name)
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}
    monkeypatch.setenv("DAGSTER_HOME", str(home))

    held = tmp_path / "held"
    held.mkdir()
    (held / "sitecustomize.py").write_text(HOLD_THE_AUDIT)
    first = subprocess.Popen([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, start_new_session=True,
                             env={**env, "PYTHONPATH": str(held)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with DagsterInstance.get() as instance:
        deadline = time.monotonic() + 300
        while not held_in_its_audit(instance) and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, "the first run ended before its audit could be held"
        assert loaded_steps(instance) and audit_started(instance)
    os.killpg(first.pid, signal.SIGKILL)  # the run, its readers and its picture makers, at once
    first.wait()

    # Killed between the load and the end of the audit: the rows are in, the audit pages are not all there.
    with duckdb.connect(str(database), read_only=True) as connection:
        reports = dict(connection.execute("select report_id, status from reports").fetchall())
    assert reports == {"familjen-helsingborg-arsredovisning-2024": "loaded", "familjen-helsingborg-2016": "loaded"}
    audit = tmp_path / "audit"
    assert not any((audit / f"{report_id}.html").exists() for report_id in reports)
    with DagsterInstance.get() as instance:
        assert len(instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED]))) == 1  # holds the slot

    second = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "left unfinished by a make run that is gone: marked failed" in second.stderr
    with DagsterInstance.get() as instance:
        assert instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.STARTED])) == []
        assert len(instance.get_runs(filters=RunsFilter(statuses=[DagsterRunStatus.FAILURE]))) == 1
    with duckdb.connect(str(database), read_only=True) as connection:
        statuses = dict(connection.execute("select report_id, audit_status from reports").fetchall())
    assert statuses == {"familjen-helsingborg-arsredovisning-2024": "passed", "familjen-helsingborg-2016": "not_applicable"}
    assert all((audit / f"{report_id}.html").exists() for report_id in statuses)
    assert (audit / "index.html").exists()

    # Now every report is audited: a third make run reads nothing.
    third = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                           text=True, timeout=600)
    assert "2 unchanged since they were loaded: not read again" in third.stdout
