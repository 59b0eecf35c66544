"""Publishing the working warehouse: a clone where the file system makes one, a whole copy where not; either
way a file of its own that readers open while the next batch is written."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import duckdb
import pytest

import warehouse
from tests.conftest import REPORT_2022, REPORT_2024, load_sample

TMPFS = Path("/dev/shm")  # tmpfs: no clones


def rows(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("select report_id, status from reports order by report_id").fetchall()


def facts(database: Path) -> int:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute("select count(*) from financial_facts").fetchone()[0]


def load_publish_and_load_again(folder: Path) -> tuple[str, Path, Path]:
    """The 2024 report loaded and published, then 2022 loaded into the working copy only."""
    published = folder / "fh.duckdb"
    working = warehouse.working_path(published)
    connection = warehouse.connect(working)
    load_sample(connection, REPORT_2024)
    connection.close()
    how = warehouse.publish(working, published)
    connection = warehouse.connect(working)
    load_sample(connection, REPORT_2022)
    connection.close()
    return how, working, published


def assert_a_file_of_its_own(working: Path, published: Path) -> None:
    assert [status for _, status in rows(published)] == ["loaded"]  # what was published, not what came after
    assert len(rows(working)) == 2
    assert 0 < facts(published) < facts(working)
    assert not published.with_name("fh.publishing.duckdb").exists()


def test_where_the_file_system_has_no_clones_the_working_copy_is_copied_whole():
    folder = Path(tempfile.mkdtemp(dir=TMPFS))
    try:
        how, working, published = load_publish_and_load_again(folder)
        assert how == "copied"
        assert_a_file_of_its_own(working, published)
    finally:
        shutil.rmtree(folder)


@pytest.fixture
def cloning_file_system(tmp_path) -> Path:
    """A folder on a small XFS file system with reflinks (a loop device over a sparse file), as root."""
    image, mount_point = tmp_path / "xfs.img", tmp_path / "xfs"
    mount_point.mkdir()
    subprocess.run(["truncate", "-s", "400M", str(image)], check=True)
    subprocess.run(["mkfs.xfs", "-q", "-m", "reflink=1", str(image)], check=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def used_bytes(folder: Path) -> int:
    """The bytes the file system holding `folder` has in use, its writes on disk."""
    subprocess.run(["sync", "-f", str(folder)], check=True)
    return int(subprocess.run(["df", "--output=used", "-B1", str(folder)], capture_output=True, text=True,
                              check=True).stdout.split()[-1])


def test_where_the_file_system_clones_a_publish_shares_the_blocks_and_the_files_stay_apart(cloning_file_system):
    how, working, published = load_publish_and_load_again(cloning_file_system)
    assert how == "cloned"
    assert_a_file_of_its_own(working, published)
    # The blocks are shared until written: a second publish takes almost no space of its own.
    before = used_bytes(cloning_file_system)
    assert warehouse.publish(working, published) == "cloned"
    assert used_bytes(cloning_file_system) - before < working.stat().st_size / 10
    assert rows(published) == rows(working)


def test_a_reader_holding_the_published_file_reads_on_while_a_clone_takes_its_place(cloning_file_system):
    how, working, published = load_publish_and_load_again(cloning_file_system)
    reader = duckdb.connect(str(published), read_only=True)
    try:
        before = reader.execute("select count(*) from reports").fetchone()[0]
        assert warehouse.publish(working, published) == "cloned"
        assert reader.execute("select count(*) from reports").fetchone()[0] == before == 1
    finally:
        reader.close()
    assert len(rows(published)) == 2
