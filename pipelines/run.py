"""`make run`: ingest every PDF of the reports folder into the warehouse, then summarise.

Runs the same job the sensor requests, one partition per report, on the Dagster
instance of DAGSTER_HOME, so the runs show in the UI afterwards.

    python -m pipelines.run
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from dagster import DagsterInstance

from extractors.cache import cached_reading
from extractors.reader import file_sha256

from pipelines.definitions import defs
from pipelines.partitions import reports_partitions
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from pipelines.settings import cache_dir, reports_dir, warehouse_path


def main() -> int:
    started = time.perf_counter()
    folder = ReportsFolder(path=str(reports_dir()))
    paths = folder.pdfs()
    if not paths:
        print(f"no PDF files in {folder.path}")
        return 0
    warehouse = Warehouse(database=str(warehouse_path()))
    hashes = {path.name: file_sha256(path) for path in paths}
    unchanged = set(up_to_date(warehouse, hashes))
    keys = [path.name for path in paths if path.name not in unchanged]

    instance = DagsterInstance.get()
    known = set(instance.get_dynamic_partitions(reports_partitions.name))
    missing = [path.name for path in paths if path.name not in known]
    if missing:
        instance.add_dynamic_partitions(reports_partitions.name, missing)

    # Read the new and changed files on every core first; the runs then take
    # their readings from the cache instead of reading one file at a time.
    prefetch([folder.file(key) for key in keys], hashes, workers=os.cpu_count() or 1)

    crashed = run_partitions(keys, workers=os.cpu_count() or 1)

    print(summary(warehouse, [path.name for path in paths], time.perf_counter() - started))
    if unchanged:
        print(f"{len(unchanged)} unchanged since they were loaded: not read again")
    for key in crashed:
        print(f"run failed for {key}: see the Dagster UI (make dagster)", file=sys.stderr)
    return 1 if crashed else 0


def run_partitions(keys: list[str], workers: int) -> list[str]:
    """Run the ingest job for each key: in this process, or split over `workers` processes.

    Each process runs its share of the partitions one after another; the
    warehouse file is written by one of them at a time (each write waits for
    the lock), while the rest of the steps overlap.
    """
    if workers < 2 or len(keys) < 2:
        return run_here(keys)
    shares = [keys[i::workers] for i in range(workers)]
    processes = [
        subprocess.Popen([sys.executable, "-m", "pipelines.run", "--partitions", ",".join(share)],
                         stdout=subprocess.PIPE, text=True)
        for share in shares if share
    ]
    crashed = []
    for process in processes:
        out, _ = process.communicate()
        crashed += [line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("CRASHED ")]
        if process.returncode not in (0, 1):
            crashed.append(f"a worker process (exit code {process.returncode})")
    return crashed


def run_here(keys: list[str]) -> list[str]:
    instance = DagsterInstance.get()
    job = defs.resolve_job_def("ingest_report")
    crashed = []
    for key in keys:
        result = job.execute_in_process(partition_key=key, instance=instance, raise_on_error=False)
        if not result.success:
            crashed.append(key)
    return crashed


def up_to_date(warehouse: Warehouse, hashes: dict[str, str]) -> list[str]:
    """Files the warehouse already holds with these very bytes (and whose reading went well)."""
    if not Path(warehouse.database).exists():
        return []
    with warehouse.connect(read_only=True) as connection:
        held = connection.execute(
            "select file_name, sha256 from reports where status in ('loaded', 'incomplete') and withdrawn_at is null"
        ).fetchall()
    return [name for name, sha in held if hashes.get(name) == sha]


def prefetch(paths: list[Path], hashes: dict[str, str], workers: int) -> None:
    """Read the files in parallel into the readings cache."""
    settings = ExtractionSettings(cache_dir=str(cache_dir()))
    if len(paths) < 2 or workers < 2:
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # Each reading runs in a child process of its own (extractors.isolation):
        # threads here only wait, the cores do the parsing.
        list(pool.map(lambda p: cached_reading(p, hashes[p.name], settings.cache(), settings.limits()), paths))


def summary(warehouse: Warehouse, keys: list[str], seconds: float) -> str:
    with warehouse.connect(read_only=True) as connection:
        rows = connection.execute(
            """
            select r.file_name, r.status, r.document_type, r.report_year, r.audit_status,
                   (select count(*) from pages p where p.report_id = r.report_id) as pages,
                   r.error,
                   (select count(*) from financial_facts f where f.report_id = r.report_id) as facts
            from reports r
            where r.file_name in (select unnest(?))
            order by r.file_name
            """,
            [keys],
        ).fetchall()
    lines = [f"{'report':<64} {'status':<10} {'type':<16} {'year':>4} {'pages':>5} {'facts':>5}  checks"]
    for file_name, status, document_type, year, audit, pages, error, facts in rows:
        lines.append(
            f"{file_name:<64} {status:<10} {document_type or '-':<16} {year or '-':>4} {pages:>5} {facts:>5}  {audit or '-'}"
        )
        if error:
            lines.append(f"    {error}")
    loaded = sum(1 for r in rows if r[1] == "loaded")
    failed = sum(1 for r in rows if r[1] == "failed")
    incomplete = sum(1 for r in rows if r[1] == "incomplete")
    audit = warehouse.audit_dir() / "index.html"
    lines.append(
        f"{loaded} loaded, {incomplete} incomplete, {failed} failed; "
        f"{sum(r[5] for r in rows)} pages, {sum(r[7] for r in rows)} statement facts in {seconds:.1f} s -> {warehouse.database}"
    )
    if audit.exists():
        lines.append(f"audit report: {audit}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--partitions":
        # A worker of run_partitions: run these partitions, name the ones that crashed.
        failed = run_here([key for key in sys.argv[2].split(",") if key])
        for key in failed:
            print(f"CRASHED {key}")
        sys.exit(1 if failed else 0)
    sys.exit(main())
