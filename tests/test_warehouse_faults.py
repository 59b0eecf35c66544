"""The warehouse's own faults are said in one line that names the file and what to do, never blamed on a report."""

from __future__ import annotations

import errno
import os
import random
import re
import shutil
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2024
from warehouse import WarehouseLocked, fault_message

LEAFLET = "familjen-helsingborg-2016.pdf"


def make_run(folder, database, home) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.run"], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600,
        env={**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)},
    )


@pytest.fixture
def folder_and_home(tmp_path):
    folder, home = tmp_path / "reports", tmp_path / "dagster_home"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    shutil.copy(RAW_REPORTS / LEAFLET, folder / LEAFLET)
    return folder, home


def damage(database) -> None:
    """Overwrite 512 bytes in every 64 KiB of the file's last two thirds: its data blocks no longer match their checksums."""
    noise = random.Random(2016)
    size = database.stat().st_size
    with open(database, "r+b") as handle:
        for offset in range(size // 3, size - 4096, 65536):
            handle.seek(offset)
            handle.write(bytes(noise.randrange(256) for _ in range(512)))


@pytest.mark.pipeline
def test_a_damaged_warehouse_is_said_in_one_line_and_no_report_is_blamed(folder_and_home, tmp_path):
    folder, home = folder_and_home
    database = tmp_path / "warehouse.duckdb"
    assert make_run(folder, database, home).returncode == 0
    working = tmp_path / "warehouse.writing.duckdb"
    damage(database)
    damage(working)  # both: one damaged file of two is tests/test_faults.py's, whose advice keeps the other
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)  # a good new report arrives

    result = make_run(folder, database, home)

    assert result.returncode == 2
    [line] = [line for line in result.stderr.splitlines() if line.startswith("make run: ")]
    assert re.fullmatch(rf"make run: the warehouse {re.escape(str(database))} and its working copy {re.escape(str(working))} "
                        r"are both damaged \(.+\): move both files aside and run make run again; the warehouse is rebuilt "
                        r"from the reports folder \(withdrawn reports' rows are lost\)", line), line
    assert "Traceback" not in result.stderr and "failed" not in result.stdout

    # As the message says: both moved aside, the warehouse is rebuilt from the folder, the new report with it.
    database.rename(tmp_path / "damaged.duckdb")
    working.rename(tmp_path / "damaged-working.duckdb")
    assert make_run(folder, database, home).returncode == 0
    with duckdb.connect(str(database), read_only=True) as connection:
        assert sorted(connection.execute("select file_name, status from reports").fetchall()) == [
            (LEAFLET, "loaded"), (REPORT_2024, "loaded")]


@pytest.mark.pipeline
def test_a_file_that_is_no_duckdb_database_is_said_in_one_line(folder_and_home, tmp_path):
    folder, home = folder_and_home
    database = tmp_path / "warehouse.duckdb"
    database.write_bytes("Detta är ingen databas.".encode() * 1000)
    result = make_run(folder, database, home)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"make run: the warehouse {database} ")
    assert " is damaged (" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "error, said",
    [
        (PermissionError(errno.EACCES, "Permission denied", "/data/warehouse"), "cannot be written"),
        (duckdb.IOException('IO Error: Cannot open file "/data/w.duckdb": Read-only file system'), "cannot be written"),
        (OSError(errno.ENOSPC, "No space left on device"), "is full"),
        (duckdb.IOException('IO Error: Could not write file "/data/w.duckdb.wal": No space left on device'), "is full"),
        (duckdb.IOException('IO Error: The file "/data/w.duckdb" exists, but it is not a valid DuckDB database file!'),
         "is damaged"),
        (WarehouseLocked("the warehouse /data/w.duckdb is locked by another process; tried for 60 s (IO Error: Could not "
                         'set lock on file "/data/w.duckdb": Conflicting lock is held in /usr/bin/python3.11 (PID 4242).'),
         "held open for writing by python3.11 (pid 4242): a Dagster run of this pipeline (wait for it to finish) or "
         "another program's read-write connection (close it"),
        (duckdb.BinderException("Binder Error: column x not found"), None),  # a bug, not the warehouse's fault
    ],
    ids=["folder not writable", "read-only file system", "disk full", "disk full while writing", "not a database",
         "locked by another program", "other"],
)
def test_each_fault_of_the_warehouse_gets_its_message(error, said):
    message = fault_message(error, "/data/w.duckdb")
    if said is None:
        assert message is None
    else:
        assert said in message and "\n" not in message


@pytest.mark.pipeline
def test_a_reader_opens_the_warehouse_and_reads_while_a_load_writes(folder_and_home, tmp_path):
    folder, home = folder_and_home
    database = tmp_path / "warehouse.duckdb"
    assert make_run(folder, database, home).returncode == 0  # the leaflet, published
    for name in (REPORT_2024, "familjen-helsingborg-arsredovisning-2022.pdf"):
        shutil.copy(RAW_REPORTS / name, folder / name)
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}
    load = subprocess.Popen([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    working = tmp_path / "warehouse.writing.duckdb"
    seen, reads_while_locked = set(), 0
    while load.poll() is None:
        # The README's read-only query, over and over while the load runs: never a lock error.
        with duckdb.connect(str(database), read_only=True) as reader:
            seen.add(reader.execute("select count(*) from reports where status = 'loaded'").fetchone()[0])
        try:
            duckdb.connect(str(working), read_only=True).close()
        except duckdb.IOException as error:
            assert "lock" in str(error).lower(), error
            reads_while_locked += 1  # the writer held its file at that moment, and the reader read all the same
    assert load.returncode == 0
    assert reads_while_locked > 0
    assert 1 in seen  # the last complete warehouse before the load
    with duckdb.connect(str(database), read_only=True) as reader:
        assert reader.execute("select count(*) from reports where status = 'loaded'").fetchone() == (3,)
