"""Publishing by segments: where the file system cannot clone, a large warehouse is published as a catalog over
segment files, writing only the reports that changed; readers see exactly the working copy's rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

import warehouse
from pipelines.resources import Warehouse
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2022, REPORT_2024, SAMPLE_REPORTS, load_sample
from warehouse.segments import MAP, SEGMENTED, folder_of

TMPFS = Path("/dev/shm")  # no clones: a publish copies or writes segments
ALWAYS = 0  # segments_from: every size is published by segments


@pytest.fixture
def place():
    folder = Path(tempfile.mkdtemp(dir=TMPFS))
    published = folder / "fh.duckdb"
    yield published, warehouse.working_path(published)
    shutil.rmtree(folder)


def load(working: Path, report: str) -> None:
    connection = warehouse.connect(working)
    try:
        load_sample(connection, report)
    finally:
        connection.close()


def contents(path: Path) -> dict[str, tuple[list, list]]:
    """Every table and view a reader sees (the catalog's own bookkeeping aside): its rows and its columns' types."""
    with duckdb.connect(str(path), read_only=True) as connection:
        names = [name for (name,) in connection.execute(
            f"select table_name from duckdb_tables() where table_name <> '{MAP}' "
            "union select view_name from duckdb_views() where not internal order by 1").fetchall()]
        return {name: (connection.execute(f'select * from "{name}" order by all').fetchall(),
                       connection.execute("select column_name, data_type from duckdb_columns() where table_name = ? "
                                          "order by column_index", [name]).fetchall())
                for name in names}


def comments(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            f"select table_name, column_name, comment from duckdb_columns() where table_name <> '{MAP}' "
            "and comment is not null order by all").fetchall()


def segment_files(published: Path) -> set[Path]:
    return set(folder_of(published).glob("*/*.parquet"))


def report_ids_in(files) -> set[str]:
    with duckdb.connect() as connection:
        return {rid for (rid,) in connection.execute(
            "select distinct report_id from read_parquet(?)", [[str(file) for file in files]]).fetchall()}


def test_a_catalog_shows_every_table_and_view_as_the_working_copy_has_it(place):
    published, working = place
    load(working, REPORT_2024)
    assert warehouse.publish(working, published, segments_from=ALWAYS) == "segments"
    for report in SAMPLE_REPORTS:  # the plan too: its goals and networks
        load(working, report)
    assert warehouse.publish(working, published, segments_from=ALWAYS) == "segments"
    seen = contents(published)
    assert seen == contents(working)
    assert {name for name in SEGMENTED if seen[name][0]} == set(SEGMENTED)  # no table of them left empty
    assert comments(published) == comments(working)  # the data dictionary reads the same
    with duckdb.connect(str(published), read_only=True) as connection:
        kinds = dict(connection.execute("select view_name, 'view' from duckdb_views() where view_name = 'pages' "
                                         "union all select table_name, 'table' from duckdb_tables() "
                                         "where table_name = 'pages'").fetchall())
    assert kinds == {"pages": "view"}


def test_a_publish_writes_the_rows_of_the_reports_loaded_since_the_last_and_leaves_the_other_files_alone(place):
    published, working = place
    load(working, REPORT_2024)
    warehouse.publish(working, published, segments_from=ALWAYS)
    first = {file: file.stat().st_mtime_ns for file in segment_files(published)}
    load(working, REPORT_2022)
    warehouse.publish(working, published, segments_from=ALWAYS)
    with duckdb.connect(str(working), read_only=True) as connection:
        ids = dict(connection.execute("select file_name, report_id from reports").fetchall())
    files = segment_files(published)
    assert {file: file.stat().st_mtime_ns for file in first} == first  # written once, never again
    assert report_ids_in(files - set(first)) == {ids[REPORT_2022]}
    with duckdb.connect(str(working), read_only=True) as connection:
        assert connection.execute("select count(*) from unpublished_reports").fetchone() == (0,)


def test_a_report_loaded_again_withdrawn_or_a_duplicate_reads_as_in_the_working_copy(place):
    published, working = place
    load(working, REPORT_2024)
    load(working, REPORT_2022)
    warehouse.publish(working, published, segments_from=ALWAYS)
    load(working, REPORT_2024)  # loaded again: its rows in a new file, the old ones no longer read
    warehouse.publish(working, published, segments_from=ALWAYS)
    assert contents(published) == contents(working)
    connection = warehouse.connect(working)
    try:
        warehouse.mark_withdrawn(connection, REPORT_2022, "2026-12-03 12:00:00")
        report = connection.execute("select * from reports where file_name = ?", [REPORT_2024]).fetchone()
        columns = [c for (c,) in connection.execute("select column_name from duckdb_columns() where table_name = 'reports' "
                                                    "order by column_index").fetchall()]
    finally:
        connection.close()
    from schemas.reports import ReportRecord
    fields = {k: v for k, v in zip(columns, report, strict=True) if k in ReportRecord.model_fields}
    duplicate = ReportRecord(**{**fields, "status": "duplicate", "error": "the same bytes as another file"})
    connection = warehouse.connect(working)
    try:
        warehouse.record_duplicate(connection, duplicate)  # its rows gone
    finally:
        connection.close()
    warehouse.publish(working, published, segments_from=ALWAYS)
    seen = contents(published)
    assert seen == contents(working)
    assert seen["pages"][0] and all(row[0] != report[0] for row in seen["pages"][0])


def test_files_are_merged_so_a_table_is_read_from_few_whatever_the_number_of_publishes(place):
    published, working = place
    for _ in range(12):
        load(working, REPORT_2024)
        warehouse.publish(working, published, segments_from=ALWAYS)
    with duckdb.connect(str(published), read_only=True) as connection:
        read_from = dict(connection.execute(f"select table_name, count(distinct file) from {MAP} group by 1").fetchall())
    assert set(read_from) >= {"pages", "page_terms", "financial_facts"}  # the tables the report has rows in
    assert set(read_from.values()) == {1}
    assert contents(published) == contents(working)
    assert len(segment_files(published)) == len(read_from)  # the rest deleted: no reader holds them


READER = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
before = connection.execute("select count(*), sum(length(text)) from pages").fetchone()
print("ready", flush=True)
sys.stdin.readline()
print(before == connection.execute("select count(*), sum(length(text)) from pages").fetchone(), flush=True)
"""


def test_a_reader_holding_an_earlier_catalog_reads_on_while_later_publishes_merge_and_delete(place):
    published, working = place
    load(working, REPORT_2024)
    warehouse.publish(working, published, segments_from=ALWAYS)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "ready"
        held = segment_files(published)
        for report in [REPORT_2022, REPORT_2024] * 4:  # files merged and superseded meanwhile
            load(working, report)
            warehouse.publish(working, published, segments_from=ALWAYS)
        assert held <= segment_files(published)  # what the reader's catalog names is kept
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "True"
    finally:
        reader.stdin.close()
        reader.wait(timeout=60)
    time.sleep(0.1)
    load(working, REPORT_2022)
    warehouse.publish(working, published, segments_from=ALWAYS)
    assert not held & segment_files(published)  # the reader is gone: so are the files only it read
    assert contents(published) == contents(working)


def test_a_working_copy_lost_is_made_again_from_the_catalog(place):
    published, working = place
    load(working, REPORT_2024)
    load(working, REPORT_2022)
    warehouse.publish(working, published, segments_from=ALWAYS)
    before = contents(working)
    working.unlink()
    resource = Warehouse(database=str(published))
    with resource.connect() as connection:
        assert connection.execute("select count(*) from reports").fetchone() == (2,)
    assert contents(working) == before


def test_below_the_size_the_warehouse_is_copied_whole_and_its_segments_go(place):
    published, working = place
    load(working, REPORT_2024)
    warehouse.publish(working, published, segments_from=ALWAYS)
    assert segment_files(published)
    load(working, REPORT_2022)
    assert warehouse.publish(working, published, segments_from=10**12) == "copied"
    assert contents(published) == contents(working)
    assert not folder_of(published).exists()
    with duckdb.connect(str(published), read_only=True) as connection:
        assert connection.execute("select count(*) from unpublished_reports").fetchone() == (0,)


FH = Path(sys.executable).parent / "fh"


@pytest.mark.pipeline
def test_make_run_publishes_a_large_warehouse_by_segments_and_readers_see_every_row(tmp_path):
    folder, home, database = tmp_path / "reports", tmp_path / "dagster_home", tmp_path / "fh.duckdb"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database),
           "DAGSTER_HOME": str(home), "FH_SEGMENTS_FROM_MB": "0"}
    for report in (REPORT_2024, REPORT_2022):
        shutil.copy(RAW_REPORTS / report, folder / report)
        result = subprocess.run([str(FH)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "(the reports loaded since the last publish written as segments)" in result.stderr + result.stdout
    seen = contents(database)
    assert seen == contents(warehouse.working_path(database))
    assert {row[1] for row in seen["reports"][0]} == {REPORT_2024, REPORT_2022}
    assert seen["income_statement"][0]  # the analysts' views over the segments
