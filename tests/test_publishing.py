"""Publishing the working warehouse: the published file is always the working copy's equal, table by table; a
publish copies what changed, not the warehouse, and never disturbs a reader."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

import warehouse
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, SAMPLE_REPORTS, load_sample
from warehouse.audit import record_all_checks
from warehouse.publishing import standby_path


def assert_same_warehouse(published: Path, working: Path) -> None:
    """Every table holds the same rows (every column, timestamps too), and the views and macros are the same."""
    connection = duckdb.connect()
    connection.execute(f"attach '{published}' as published (read_only)")
    connection.execute(f"attach '{working}' as working (read_only)")
    tables = connection.execute("select table_name from duckdb_tables() where database_name = 'working' "
                                "order by 1").fetchall()
    assert tables == connection.execute("select table_name from duckdb_tables() where database_name = 'published' "
                                        "order by 1").fetchall()
    for (table,) in tables:
        for a, b in (("published", "working"), ("working", "published")):
            [(extra,)] = connection.execute(
                f'select count(*) from (select * from {a}."{table}" except all select * from {b}."{table}")').fetchall()
            assert extra == 0, (table, a)
    views = "select view_name, sql from duckdb_views() where database_name = ? and not internal order by 1"
    assert connection.execute(views, ["published"]).fetchall() == connection.execute(views, ["working"]).fetchall()
    connection.close()


@pytest.fixture
def place(tmp_path):
    published = tmp_path / "fh.duckdb"
    return published, warehouse.working_path(published)


def test_each_publish_leaves_the_published_file_equal_to_the_working_copy_and_copies_only_what_changed(place):
    published, working = place
    hows = []

    def step(change) -> None:
        connection = warehouse.connect(working)
        change(connection)
        connection.close()
        hows.append(warehouse.publish(working, published))
        assert_same_warehouse(published, working)

    samples = sorted(SAMPLE_REPORTS)
    step(lambda c: load_sample(c, samples[0]))
    step(lambda c: load_sample(c, samples[1]))
    step(lambda c: load_sample(c, samples[2]))  # from here on the standby is brought up to date
    step(record_all_checks)  # findings and every report's audit status
    step(lambda c: load_sample(c, samples[0]))  # a report loaded again: its rows replaced
    step(lambda c: warehouse.mark_withdrawn(c, samples[1], datetime(2026, 12, 3, 5, 30)))
    step(lambda c: c.execute("delete from reports where report_id = (select min(report_id) from reports "
                             "where withdrawn_at is not null)"))  # a report gone from `reports` alone
    step(lambda c: None)  # nothing changed
    assert hows == ["copied", "copied"] + ["updated"] * 6
    assert standby_path(published).exists()  # beside it: the file published before, for the next publish


def test_a_standby_that_cannot_be_brought_up_to_date_is_copied_whole(place):
    published, working = place
    for name in sorted(SAMPLE_REPORTS)[:2]:
        connection = warehouse.connect(working)
        load_sample(connection, name)
        connection.close()
        warehouse.publish(working, published)
    standby = standby_path(published)
    # Damaged on disk:
    standby.write_bytes(b"not a database at all" * 100)
    assert warehouse.publish(working, published) == "copied"
    assert_same_warehouse(published, working)
    # Another schema of its tables (a column added by hand, as a new release's migration would):
    with duckdb.connect(str(standby)) as connection:
        connection.execute("alter table reports add column note varchar")
    assert warehouse.publish(working, published) == "copied"
    assert_same_warehouse(published, working)
    # A view of its own is made anew from the working copy's (a view follows the data and the release):
    with duckdb.connect(str(standby)) as connection:
        connection.execute("create or replace view income_statement as select 1 as x")
        connection.execute("create view stray as select 1 as x")
    assert warehouse.publish(working, published) == "updated"
    assert_same_warehouse(published, working)
    # Its rows edited behind its back, so that a table's count differs after the update:
    with duckdb.connect(str(standby)) as connection:
        connection.execute("insert into quarantine select * from quarantine")
        connection.execute("delete from pages where page_number = 1")
    assert warehouse.publish(working, published) == "copied"  # pages short of the working copy's: caught by the counts
    assert_same_warehouse(published, working)


READER = textwrap.dedent("""
    import sys, time, duckdb
    connection = duckdb.connect(sys.argv[1], read_only=True)
    before = connection.execute("select count(*) from reports").fetchone()[0]
    print(before, flush=True)
    sys.stdin.readline()  # hold the file open until told
    print(connection.execute("select count(*) from reports").fetchone()[0], flush=True)
""")


def test_a_reader_keeps_reading_what_it_opened_and_a_reader_holding_the_standby_is_never_written_under(place):
    published, working = place
    names = sorted(SAMPLE_REPORTS)
    for name in names[:2]:
        connection = warehouse.connect(working)
        load_sample(connection, name)
        connection.close()
        warehouse.publish(working, published)
    # A reader opens the published file (2 reports), then a publish makes it the standby.
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().strip() == "2"
    connection = warehouse.connect(working)
    load_sample(connection, names[2])
    connection.close()
    assert warehouse.publish(working, published) == "updated"  # a reader of the published file locks nothing
    # The reader now holds the standby: the next publish leaves it alone and copies whole.
    connection = warehouse.connect(working)
    load_sample(connection, names[3])
    connection.close()
    assert warehouse.publish(working, published) == "copied"
    assert_same_warehouse(published, working)
    reader.stdin.write("\n")
    reader.stdin.flush()
    assert reader.stdout.readline().strip() == "2"  # what it opened, undisturbed
    assert reader.wait(timeout=60) == 0
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from reports").fetchone() == (4,)


@pytest.mark.pipeline
def test_the_pipeline_publishes_by_updating_the_standby(tmp_path):
    """Two `make run`s of the pipeline itself: the second batch's publishes update the standby, and the
    published warehouse is the working copy's equal."""
    folder = tmp_path / "raw"
    folder.mkdir()
    published = tmp_path / "fh.duckdb"
    names = sorted(SAMPLE_REPORTS)
    env = {"RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(published), "DAGSTER_HOME": str(tmp_path / "home"),
           "FH_OCR": "0", "PATH": "/usr/bin:/bin"}
    (tmp_path / "home").mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", tmp_path / "home" / "dagster.yaml")
    said = []
    for batch in (names[:2], names[2:3]):
        for name in batch:
            shutil.copy(RAW_REPORTS / name, folder / name)
        run = subprocess.run([sys.executable, "-m", "pipelines.run"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-3000:]
        said += [line for line in (run.stdout + run.stderr).splitlines() if "published (" in line]
    # The first run makes the warehouse: its first publishes copy it whole (no standby yet); from then on each
    # publish updates the standby (the second run's load and audit).
    assert [line.split("published (")[1].split(")")[0] for line in said] == ["copied", "updated", "updated", "updated"]
    assert standby_path(published).exists()
    assert_same_warehouse(published, warehouse.working_path(published))


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
