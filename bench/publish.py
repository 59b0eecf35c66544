"""The cost of publishing one batch, at three sizes of warehouse: copying the working copy whole (every publish
before `warehouse.publishing`) beside bringing the standby up to date with what the batch changed.

    .venv/bin/python bench/publish.py [--sizes 1,5,10] [--work bench/work/publish]

Each size is a warehouse of the sample reports, inflated with copies of their rows under other report ids (each
copy's pages 16 times over, some 200 pages like a municipality's annual report; the copies' text made distinct,
so that DuckDB cannot compress them away) until its file holds that many GB. At each
size, in one run: a publish that copies whole (the standby removed first; timed as it returns, and again with
its writes on disk), then one report loaded and
published, then a publish with nothing changed (what a publish costs whatever the batch). The checks are
recorded before the warehouse is inflated (over thousands of copies of the same years, the cross-report checks
would compare every copy with every other).
Prints a markdown table and puts it in bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
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
from warehouse.publishing import ROWS_OF_A_LOAD, standby_path  # noqa: E402


def inflated(working: Path, gigabytes: float) -> int:
    """The working warehouse grown to about `gigabytes` on disk with copies of its reports; how many copies."""
    connection = warehouse.connect(working)
    tables = (*ROWS_OF_A_LOAD, "reports")
    selects = {}
    for table in tables:
        connection.execute(f"create temporary table original_{table} as select * from {table}")
        columns = [c for (c,) in connection.execute(
            "select column_name from duckdb_columns() where table_name = ? and database_name = current_database() "
            "order by column_index", [table]).fetchall()]
        chosen = []
        for column in columns:
            if column == "report_id":
                chosen.append("report_id || '~' || n as report_id")
            elif table == "reports" and column in ("file_name", "sha256"):
                chosen.append(f"{column} || '~' || n as {column}")
            elif table in ("pages", "page_terms") and column == "page_number":  # each copy 16 times the pages
                chosen.append("page_number + 1000 * k as page_number")
            elif table == "pages" and column == "text":  # distinct text: no compression across the copies
                chosen.append("text || ' ' || md5(n::varchar || k::varchar || page_number::varchar) as text")
            else:
                chosen.append(f'"{column}"')
        pages = ", range(16) p(k)" if table in ("pages", "page_terms") else ""
        selects[table] = f"select {', '.join(chosen)} from original_{table}{pages}"
    copies, step = 0, 16
    while working.stat().st_size < gigabytes * 1e9:
        for table in tables:
            connection.execute(f"insert into {table} {selects[table]}, range({copies + 1}, {copies + step + 1}) t(n)")
        copies += step
        connection.execute("checkpoint")
        step = min(step * 2, 1024)
    connection.close()
    return copies


def timed(function, flushed: bool = False) -> tuple[float, object]:
    """Seconds `function` takes, every earlier write on disk before it starts (so that it never pays for a
    write before it); with `flushed`, its own writes on disk too before the clock stops."""
    os.sync()
    started = time.perf_counter()
    result = function()
    if flushed:
        os.sync()
    return time.perf_counter() - started, result


def measure(size: float, work: Path) -> dict:
    folder = work / f"{size:g}gb"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    published = folder / "fh.duckdb"
    working = warehouse.working_path(published)
    held_back, *others = sorted(SAMPLE_REPORTS)
    connection = warehouse.connect(working)
    for name in others:
        load_sample(connection, name)
    record_all_checks(connection)
    connection.close()
    started = time.perf_counter()
    copies = inflated(working, size)
    print(f"{size:g} GB: inflated with {copies} copies in {time.perf_counter() - started:.0f} s", file=sys.stderr,
          flush=True)
    warehouse.publish(working, published)
    warehouse.publish(working, published)  # now a standby beside it
    standby_path(published).unlink()
    whole, how_whole = timed(lambda: warehouse.publish(working, published))
    os.sync()
    standby_path(published).unlink()
    whole_flushed, _ = timed(lambda: warehouse.publish(working, published), flushed=True)
    connection = warehouse.connect(working)
    load_sample(connection, held_back)
    connection.close()
    loaded, how_loaded = timed(lambda: warehouse.publish(working, published), flushed=True)
    unchanged, how_unchanged = timed(lambda: warehouse.publish(working, published), flushed=True)
    result = {"size_gb": size, "file_gb": round(working.stat().st_size / 1e9, 2), "reports": copies * len(others),
              "copy_whole_s": round(whole, 2), "copy_whole_flushed_s": round(whole_flushed, 2), "after_load_s": round(loaded, 2), "unchanged_s": round(unchanged, 2),
              "how": [how_whole, how_loaded, how_unchanged]}
    shutil.rmtree(folder)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,10")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work" / "publish")
    args = parser.parse_args()
    lines = ["## 6. Publishing one batch (`bench/publish.py`, one run)", "",
             f"The sample reports inflated with copies of their rows (some 200 pages a copy) to each size; "
             f"{date.today().isoformat()}. "
             "Copy whole: every publish before the standby (and now its fallback), timed as it returns and with "
             "its writes on disk. Update: the standby brought up to date with what the batch changed, then renamed "
             "into place, its writes on disk (a DuckDB checkpoint syncs them). Every earlier write is on disk before "
             "each clock starts.", "",
             "| warehouse | file (GB) | reports | copy whole (s) | copy whole, written to disk (s) | update after a "
             "one-report load, written to disk (s) | update, nothing changed (s) | whole / update |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    for size in args.sizes.split(","):
        r = measure(float(size), args.work)
        assert r["how"] == ["copied", "updated", "updated"], r
        ratio = r["copy_whole_s"] / max(r["after_load_s"], 1e-9)
        lines.append(f"| {r['size_gb']:g} GB | {r['file_gb']} | {r['reports']:,} | {r['copy_whole_s']} | "
                     f"{r['copy_whole_flushed_s']} | {r['after_load_s']} | {r['unchanged_s']} | {ratio:.0f}× |")
        print(lines[-1], flush=True)
    write_section("publish", "\n".join(lines))

if __name__ == "__main__":
    main()
