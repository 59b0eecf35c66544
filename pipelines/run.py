"""`make run`: ingest every PDF of the reports folder into the warehouse, then summarise.

Runs the same job the sensor requests on the Dagster instance of DAGSTER_HOME,
so the runs show in the UI afterwards. The new and changed reports go in as
few runs as the partition order allows (each a range of up to FH_BATCH_SIZE
reports, default 50): one run start-up, one pass of the checks and one audit
index per batch, while the report_document step reads the batch's PDFs on
every core.

A file is read again when its bytes changed, and extracted again when the
extractors or vocabularies changed since its load (its report's
`extraction_fingerprint` differs: from the cached document model when only
the records' side changed). `--force` (`make run FORCE=1`) reads every file
anew, the readings cache of its bytes dropped.

    python -m pipelines.run [--force]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

import duckdb
from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

from pipelines.definitions import defs
from pipelines.partitions import contiguous_ranges, range_tags, reports_partitions
from pipelines.progress import showing_progress
from pipelines.reading.cache import forget_readings
from pipelines.reading.fingerprint import extraction_fingerprint
from pipelines.reading.reports import content_hash
from pipelines.resources import ReportsFolder, Warehouse
from pipelines.settings import batch_size, cache_dir, reports_dir, warehouse_path
from warehouse import WarehouseFault, WarehouseLocked, fault_message, holdings, working_path
from warehouse.holdings import HeldFile, ReportSummary


def main(argv: list[str] | None = None) -> int:
    """`make run`; the warehouse's own faults (damaged, read-only, full disk, locked) as one line, exit 2."""
    parser = argparse.ArgumentParser(prog="python -m pipelines.run", description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="read and extract every file anew, changed or not")
    force = parser.parse_args(argv).force
    database = warehouse_path()
    try:
        return ingest_folder(force=force)
    except (duckdb.Error, OSError, WarehouseLocked, WarehouseFault) as error:
        about_the_warehouse = not isinstance(error, OSError) or str(error.filename or "").startswith(str(database.parent))
        message = fault_message(error, database, working_path(database)) if about_the_warehouse else None
        if message is None:
            raise
        print(f"make run: {message}", file=sys.stderr)
        return 2


def ingest_folder(force: bool = False) -> int:
    started = time.perf_counter()
    folder = ReportsFolder(path=str(reports_dir()))
    files = {folder.key(path): path for path in folder.pdfs()}
    warehouse = Warehouse(database=str(warehouse_path()))
    with warehouse.connect():  # opens (and creates) it for writing: its own faults show before any report is read
        pass
    held = held_files(warehouse)
    gone = [key for key, file in held.items() if key not in files and not file.withdrawn]
    if not files and not gone:
        print(f"no PDF files in {folder.path}")
        return 0
    hashes = {key: content_hash(path, Path(folder.path)) for key, path in files.items()}
    if force:
        forget_readings(cache_dir(), [sha for sha in hashes.values() if sha])
    current, earlier = up_to_date(warehouse, held, hashes)
    unchanged = set() if force else set(current)
    keys = [key for key in files if key not in unchanged]

    instance = DagsterInstance.get()
    for run_id in sweep_dead_runs(instance):
        print(f"run {run_id} was left unfinished by a make run that is gone: marked failed", file=sys.stderr)
    known = instance.get_dynamic_partitions(reports_partitions.name)
    missing = [key for key in files if key not in set(known)]
    if missing:
        instance.add_dynamic_partitions(reports_partitions.name, missing)
    order = [*known, *missing]
    keys += [key for key in gone if key in set(order)]  # run once more to mark the report withdrawn

    with showing_progress(len(keys)):
        crashed = run_batches(instance, contiguous_ranges(order, keys, max_size=batch_size()))
    if crashed:
        check_warehouse(warehouse)  # a run that failed on the warehouse's own fault says so, in one line

    print(summary(warehouse, [*files, *gone], time.perf_counter() - started))
    if unchanged:
        print(f"{len(unchanged)} unchanged since they were loaded: not read again")
    if earlier and not force:
        print(f"{len(earlier)} extracted again: the extractors or vocabularies changed since they were loaded")
    if force:
        print(f"{len(keys)} read anew (FORCE)")
    for batch in crashed:
        print(f"run failed for {', '.join(batch)}: see the Dagster UI (make dagster)", file=sys.stderr)
    return 1 if crashed else 0


def check_warehouse(warehouse: Warehouse) -> None:
    """Raise the warehouse's own fault, if it has one: it opens for writing and every table can be read whole."""
    with warehouse.connect() as connection:
        for (table,) in connection.execute("select table_name from duckdb_tables()").fetchall():
            connection.execute(f'select * from "{table}"').fetchall()


def held_files(warehouse: Warehouse) -> dict[str, HeldFile]:
    """Every file the warehouse holds a report of (none before it exists)."""
    if not Path(warehouse.database).exists():
        return {}
    with warehouse.connect(read_only=True) as connection:
        return holdings.held_files(connection)


LAUNCHED_BY, PID = "fh/launched_by", "fh/pid"  # run tags: which runs make run started, from which process
# Dagster's own log on the console at warnings and above; the instance (and so the UI) keeps every event.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def run_batches(instance: DagsterInstance, batches: list[list[str]]) -> list[list[str]]:
    """Run the ingest job once per batch of neighbouring partitions; the batches whose run failed."""
    job = defs.resolve_job_def("ingest_report")
    crashed = []
    ours = {LAUNCHED_BY: "make run", PID: str(os.getpid())}
    for batch in batches:
        # The result holds every value the run's steps gave (a batch of documents): it is dropped at
        # once, and the batch's values collected, before the next batch is read, so memory holds one batch.
        result = job.execute_in_process(instance=instance, tags={**range_tags(batch), **ours}, raise_on_error=False,
                                        run_config=QUIET_CONSOLE)
        if not result.success:
            crashed.append(batch)
        del result
        gc.collect()
    return crashed


def sweep_dead_runs(instance: DagsterInstance) -> list[str]:
    """Mark failed the runs make run started whose process is gone (killed, the machine restarted): left
    STARTED, they would hold the writer slot (run tag warehouse=write) that queued runs wait for."""
    unfinished = instance.get_runs(filters=RunsFilter(
        statuses=[DagsterRunStatus.STARTING, DagsterRunStatus.STARTED], tags={LAUNCHED_BY: "make run"},
    ))
    swept = []
    for run in unfinished:
        pid = int(run.tags.get(PID, "0") or 0)
        if pid and pid != os.getpid() and not _alive(pid):
            instance.report_run_failed(run, f"the make run process ({pid}) that ran it is gone; marked failed by the next make run")
            swept.append(run.run_id)
    return swept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process holds the number now
        return True
    return True


def up_to_date(warehouse: Warehouse, held: dict[str, HeldFile], hashes: dict[str, str]) -> tuple[list[str], list[str]]:
    """Files the warehouse already holds with these very bytes, read well and audited, by the extraction of
    today's code and vocabularies; and those held so but by another extraction, to extract again.

    A report whose audit did not finish (its status or its page missing, after a kill or a full disk) is
    in neither: it runs again to finish it.
    """
    pages, fingerprint = warehouse.audit_dir(), extraction_fingerprint()
    same_bytes = [file for name, file in held.items()
                  if file.status in holdings.LOADED and not file.withdrawn and hashes.get(name) == file.sha256
                  and file.audit_status and (pages / f"{file.report_id}.html").exists()]
    return ([file.file_name for file in same_bytes if file.extraction_fingerprint == fingerprint],
            [file.file_name for file in same_bytes if file.extraction_fingerprint != fingerprint])


def summary(warehouse: Warehouse, keys: list[str], seconds: float) -> str:
    """One line per file of the folder (and per report of a file now gone), then the totals."""
    rows: list[ReportSummary] = []
    if Path(warehouse.database).exists():
        with warehouse.connect(read_only=True) as connection:
            rows = holdings.report_summaries(connection, keys)
    lines = [f"{'report':<64} {'status':<10} {'type':<21} {'year':>4} {'pages':>5} {'facts':>5}  checks"]
    for row in rows:
        lines.append(f"{row.file_name:<64} {row.status:<10} {row.document_type or '-':<21} {row.report_year or '-':>4} "
                     f"{row.pages:>5} {row.facts:>5}  {row.audit_status or '-'}")
        if row.error:
            lines.append(f"    {row.error}")
    without_row = sorted(set(keys) - {row.file_name for row in rows})
    for file_name in without_row:
        lines.append(f"{file_name:<64} {'no row':<10} its run did not finish: see the Dagster UI (make dagster)")
    counts = {status: sum(1 for r in rows if r.status == status)
              for status in ("loaded", "incomplete", "failed", "duplicate", "withdrawn")}
    audit = warehouse.audit_dir() / "index.html"
    lines.append(
        ", ".join(f"{n} {status}" for status, n in counts.items() if n or status not in ("duplicate", "withdrawn"))
        + (f", {len(without_row)} without a row" if without_row else "")
        + f"; {sum(r.pages for r in rows)} pages, {sum(r.facts for r in rows)} statement facts in {seconds:.1f} s -> {warehouse.database}"
    )
    if audit.exists():
        lines.append(f"audit report: {audit}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
