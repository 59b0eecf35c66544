"""The cost of publishing after a one-report load, at three sizes of warehouse, on a file system that clones
(XFS with reflinks) beside one that copies (this machine's own disk), whole and by segments, in one run.

    sudo .venv/bin/python bench/publish.py [--sizes 1,5,10] [--work bench/work/publish]

Each size is a warehouse of the sample reports, inflated with copies of their rows under other report ids (each
copy's pages 16 times over, some 200 pages like a municipality's annual report; the copies' text made distinct,
so that DuckDB cannot compress them away) until its file holds that many GB. It is built on a small XFS file
system made for the run (a loop device over a sparse file in `--work`, so root), then copied to `--work`
itself. On each: one report loaded into the working copy, then `warehouse.publish` timed with its writes on
disk, then a publish with nothing changed. The checks are recorded before the warehouse is inflated (over
thousands of copies of the same years, the cross-report checks would compare every copy with every other).
Prints a markdown table and puts it in bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from bench.sections import write_section  # noqa: E402
from tests.conftest import SAMPLE_REPORTS, load_sample  # noqa: E402
from warehouse.audit import record_all_checks  # noqa: E402

PAGE_TABLES = ("pages", "page_terms")  # the big ones: each copy holds its pages 16 times over


def report_tables(connection) -> list[str]:
    """The tables that hold rows of a report (a `report_id` column), `reports` itself among them."""
    return [name for (name,) in connection.execute(
        "select distinct table_name from duckdb_columns() where column_name = 'report_id' "
        "and database_name = current_database() and schema_name = 'main' "
        "and table_name in (select table_name from duckdb_tables()) and table_name <> 'unpublished_reports' "
        "order by 1").fetchall()]


def inflated(working: Path, gigabytes: float) -> int:
    """The working warehouse grown to about `gigabytes` on disk with copies of its reports; how many copies."""
    connection = warehouse.connect(working)
    selects = {}
    for table in report_tables(connection):
        connection.execute(f"create temporary table original_{table} as select * from {table}")
        columns = [c for (c,) in connection.execute(
            "select column_name from duckdb_columns() where table_name = ? and database_name = current_database() "
            "and schema_name = 'main' order by column_index", [table]).fetchall()]
        chosen = []
        for column in columns:
            if column == "report_id":
                chosen.append("report_id || '~' || n as report_id")
            elif table == "reports" and column in ("file_name", "sha256"):
                chosen.append(f"{column} || '~' || n as {column}")
            elif table in PAGE_TABLES and column == "page_number":
                chosen.append("page_number + 1000 * k as page_number")
            elif table == "pages" and column == "text":  # distinct text: no compression across the copies
                chosen.append("text || ' ' || md5(n::varchar || k::varchar || page_number::varchar) as text")
            else:
                chosen.append(f'"{column}"')
        pages = ", range(16) p(k)" if table in PAGE_TABLES else ""
        selects[table] = f"select {', '.join(chosen)} from original_{table}{pages}"
    copies, step = 0, 16
    while working.stat().st_size < gigabytes * 1e9:
        for table, select in selects.items():
            connection.execute(f"insert into {table} {select}, range({copies + 1}, {copies + step + 1}) t(n)")
        copies += step
        connection.execute("checkpoint")
        step = min(step * 2, 1024)
    connection.close()
    return copies


@contextlib.contextmanager
def cloning_file_system(work: Path, gigabytes: float):
    """A folder on an XFS file system with reflinks, big enough for a warehouse of `gigabytes` twice over."""
    image, mount_point = work / "xfs.img", work / "xfs"
    mount_point.mkdir(parents=True, exist_ok=True)
    subprocess.run(["truncate", "-s", f"{int(gigabytes * 2.5 + 2)}G", str(image)], check=True)
    subprocess.run(["mkfs.xfs", "-q", "-f", "-m", "reflink=1", str(image)], check=True)
    subprocess.run(["mount", "-o", "loop", str(image), str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)
        image.unlink()


WHOLE = 10**15  # segments_from: a whole copy at any size


def timed_publish(working: Path, published: Path, segments_from: int) -> tuple[float, str]:
    """A publish timed with every earlier write on disk before its clock starts, and its own before it stops."""
    os.sync()
    started = time.perf_counter()
    how = warehouse.publish(working, published, segments_from=segments_from)
    os.sync()
    return round(time.perf_counter() - started, 2), how


def one_report_then_publish(folder: Path, held_back: str, segments_from: int = WHOLE) -> dict:
    """One report loaded into the working copy of `folder`, then published; then a publish with nothing changed.
    With segments, the first publish (every report written to segments, once) is timed too."""
    published = folder / "fh.duckdb"
    working = warehouse.working_path(published)
    result = {"first": timed_publish(working, published, segments_from)[0]}
    connection = warehouse.connect(working)
    load_sample(connection, held_back)
    connection.close()
    for label in ("after_load", "unchanged"):
        result[label], result["how"] = timed_publish(working, published, segments_from)
    return result


def measure(size: float, work: Path) -> dict:
    held_back, *others = sorted(SAMPLE_REPORTS)
    copying = work / f"copy-{size:g}gb"
    shutil.rmtree(copying, ignore_errors=True)
    copying.mkdir(parents=True)
    with cloning_file_system(work, size) as cloning:
        working = warehouse.working_path(cloning / "fh.duckdb")
        connection = warehouse.connect(working)
        for name in others:
            load_sample(connection, name)
        record_all_checks(connection)
        connection.close()
        started = time.perf_counter()
        copies = inflated(working, size)
        print(f"{size:g} GB: inflated with {copies} copies in {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)
        shutil.copyfile(working, warehouse.working_path(copying / "fh.duckdb"))
        cloned = one_report_then_publish(cloning, held_back)
        copied = one_report_then_publish(copying, held_back)
        file_gb = round(working.stat().st_size / 1e9, 2)
    # The same warehouse on the same disk, published by segments: the inflated copies were written behind the
    # loader's back, so the first publish writes every report to segments; then one report loaded again.
    segmented = one_report_then_publish(copying, held_back, segments_from=0)
    segments_gb = round(sum(f.stat().st_size for f in copying.rglob("*.parquet")) / 1e9, 2)
    shutil.rmtree(copying)
    return {"size_gb": size, "file_gb": file_gb, "reports": copies * len(others) + len(SAMPLE_REPORTS),
            "cloned": cloned, "copied": copied, "segments": segmented, "segments_gb": segments_gb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,10")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "publish")
    args = parser.parse_args()
    lines = ["## 6. Publishing after a one-report load (`bench/publish.py`, one run)", "",
             f"The sample reports inflated with copies of their rows (some 200 pages a copy) to each size, "
             f"{date.today().isoformat()}. One report loaded, then `warehouse.publish` timed with its writes on "
             "disk, then a publish with nothing changed. Clone: an XFS file system with reflinks (a loop device on "
             "this disk); copy: this disk's own ext4, which has no clones, the file copied whole; segments: the same "
             "disk, the warehouse published as a catalog over segment files (`warehouse.segments`), after a first "
             "publish that wrote every report to segments (timed apart: once in a warehouse's life).", "",
             "| warehouse | file (GB) | reports | copy (s) | segments (s) | clone (s) | copy, nothing changed (s) "
             "| segments, nothing changed (s) | clone, nothing changed (s) | segments, first publish (s) "
             "| segment files (GB) | copy / segments |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    for size in args.sizes.split(","):
        r = measure(float(size), args.work)
        hows = (r["cloned"]["how"], r["copied"]["how"], r["segments"]["how"])
        assert hows == ("cloned", "copied", "segments"), r
        ratio = r["copied"]["after_load"] / max(r["segments"]["after_load"], 0.01)
        lines.append(f"| {r['size_gb']:g} GB | {r['file_gb']} | {r['reports']:,} | {r['copied']['after_load']} | "
                     f"{r['segments']['after_load']} | {r['cloned']['after_load']} | {r['copied']['unchanged']} | "
                     f"{r['segments']['unchanged']} | {r['cloned']['unchanged']} | {r['segments']['first']} | "
                     f"{r['segments_gb']} | {ratio:.1f}× |")
        print(lines[-1], flush=True)
    write_section("publish", "\n".join(lines))


if __name__ == "__main__":
    main()
