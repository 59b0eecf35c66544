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

    fh [--force]                  (the console script; python -m pipelines.run is the same)

Exit codes: 0 every run finished; 1 a run could not finish (its batch and the first line of why are said);
2 the warehouse or a vocabulary is at fault, said in one line, nothing else done. `make run` calls it and
exits 2 for either failure, as make does for any failing command: call `fh` to tell them apart.
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from pipelines.definitions import defs
from pipelines.partitions import contiguous_ranges, range_tags, reports_partitions
from pipelines.progress import showing_progress
from pipelines.reading.cache import forget_readings
from pipelines.reading.fingerprint import extraction_fingerprint
from pipelines.reading.reports import content_hash
from pipelines.resources import ReportsFolder, Warehouse
from pipelines.settings import batch_size, cache_dir, reports_dir, warehouse_path
from schemas.vocabularies import VocabularyError, load_all
from warehouse import WarehouseFault, WarehouseLocked, fault_message, holdings, working_path
from warehouse.holdings import HeldFile, ReportSummary
from warehouse.loader import read_every_table


def main(argv: list[str] | None = None) -> int:
    """`fh` (and `make run`): 0 when every run finished, 1 when a run could not finish, 2 when the warehouse or a
    vocabulary is at fault (damaged, read-only, full disk, locked, a newer release's, a vocabulary that does not
    fit its model); each fault said in one line."""
    parser = argparse.ArgumentParser(prog="fh", description=__doc__.split("\n")[0])
    parser.add_argument("--force", action="store_true", help="read and extract every file anew, changed or not")
    force = parser.parse_args(argv).force
    database = warehouse_path()
    try:
        load_all()  # a vocabulary that does not fit stops the run here, before any report is touched
    except VocabularyError as error:
        print(f"make run: a vocabulary does not fit its model: {error}; nothing was read or written", file=sys.stderr)
        return 2
    served = instance_serves(database)
    if served is not None:
        print(f"make run: the Dagster instance in DAGSTER_HOME ({os.environ.get('DAGSTER_HOME')}) serves the warehouse "
              f"{served}, not {database}: its partitions and checks would be mixed in the UI. Leave DAGSTER_HOME unset "
              "(make puts one beside each warehouse) or point it at a folder of this warehouse's; nothing was read or "
              "written", file=sys.stderr)
        return 2
    try:
        with one_run_at_a_time(database):
            return ingest_folder(force=force)
    except (duckdb.Error, OSError, WarehouseLocked, WarehouseFault) as error:
        about_the_warehouse = not isinstance(error, OSError) or str(error.filename or "").startswith(str(database.parent))
        message = fault_message(error, database, working_path(database)) if about_the_warehouse else None
        if message is None:
            raise
        print(f"make run: {message}", file=sys.stderr)
        return 2


SERVES = "warehouse.txt"  # in DAGSTER_HOME: the warehouse whose runs, partitions and checks the instance holds


def instance_serves(database: Path) -> Path | None:
    """The other warehouse the Dagster instance of DAGSTER_HOME serves, if it serves one; else None, the instance
    now marked as this warehouse's. One instance per warehouse: the UI shows the warehouse it serves and nothing
    of another."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return None
    marker = Path(home) / SERVES
    if marker.exists():
        served = Path(marker.read_text(encoding="utf-8").strip())
        if served != database.resolve():
            return served
        return None
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"{database.resolve()}\n", encoding="utf-8")
    return None


@contextmanager
def one_run_at_a_time(database: Path) -> Iterator[None]:
    """Hold the warehouse's run lock (`<name>.run.lock` beside it) while inside: a second make run on the same
    warehouse says so and waits for the first to finish, then finds what it loaded and reads nothing twice."""
    database.parent.mkdir(parents=True, exist_ok=True)
    lock = database.with_name(f"{database.stem}.run.lock")
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            print(f"make run: another make run (pid {holder}) is writing {database}: waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def ingest_folder(force: bool = False) -> int:
    started = time.perf_counter()
    folder = ReportsFolder(path=str(reports_dir()))
    files = {folder.key(path): path for path in folder.pdfs()}
    warehouse = Warehouse(database=str(warehouse_path()))
    warehouse.prepare()  # opens (and creates) it for writing: its own faults show before any report is read
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

    print(f"{len(files)} file(s) in {folder.path}: {len(keys)} to read, {len(unchanged)} unchanged", file=sys.stderr,
          flush=True)
    with showing_progress(len(keys)):
        crashed = run_batches(instance, contiguous_ranges(order, keys, max_size=batch_size()))
    if crashed:
        check_warehouse(warehouse)  # a run that failed on the warehouse's own fault says so, in one line
        for _, reason in crashed:  # a run that failed on the warehouse's disk or file: one line, exit 2
            message = fault_message(OSError(reason), warehouse.database, warehouse.working()) if reason else None
            if message is not None:
                raise WarehouseFault(message)

    print(summary(warehouse, [*files, *gone], time.perf_counter() - started))
    if unchanged:
        print(f"{len(unchanged)} unchanged since they were loaded: not read again")
    if earlier and not force:
        print(f"{len(earlier)} extracted again: the extractors or vocabularies changed since they were loaded")
    if force:
        print(f"{len(keys)} read anew (FORCE)")
    for batch, reason in crashed:
        print(f"run failed for {', '.join(batch)}: {reason or 'see the Dagster UI'} (the whole run: make dagster)",
              file=sys.stderr)
    return 1 if crashed else 0


def check_warehouse(warehouse: Warehouse) -> None:
    """Raise the warehouse's own fault, if it has one: it opens for writing and every table can be read whole."""
    with warehouse.connect() as connection:
        read_every_table(connection)


def held_files(warehouse: Warehouse) -> dict[str, HeldFile]:
    """Every file the warehouse holds a report of (none before it exists)."""
    if not Path(warehouse.database).exists():
        return {}
    with warehouse.connect(read_only=True) as connection:
        return holdings.held_files(connection)


LAUNCHED_BY, PID = "fh/launched_by", "fh/pid"  # run tags: which runs make run started, from which process
# Dagster's own log stays off the console (its failures come with tracebacks of a hundred lines and more):
# make run says what became of each report, and of a run that failed, in a line each; the instance (and
# so the UI) keeps every event.
QUIET_CONSOLE = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


def run_batches(instance: DagsterInstance, batches: list[list[str]]) -> list[tuple[list[str], str | None]]:
    """Run the ingest job once per batch of neighbouring partitions; the batches whose run failed, each with
    the first line of its failure."""
    job = defs.resolve_job_def("ingest_report")
    crashed = []
    ours = {LAUNCHED_BY: "make run", PID: str(os.getpid())}
    for batch in batches:
        # The result holds every value the run's steps gave (a batch of documents): it is dropped at
        # once, and the batch's values collected, before the next batch is read, so memory holds one batch.
        result = job.execute_in_process(instance=instance, tags={**range_tags(batch), **ours}, raise_on_error=False,
                                        run_config=QUIET_CONSOLE)
        if not result.success:
            crashed.append((batch, run_failure(instance, result.run_id)))
        del result
        gc.collect()
    return crashed


def run_failure(instance: DagsterInstance, run_id: str) -> str | None:
    """The first line of what made a run fail: the innermost error of its first failed step."""
    for record in instance.all_logs(run_id, of_type=DagsterEventType.STEP_FAILURE):
        error = record.dagster_event.step_failure_data.error
        while error is not None and error.cause is not None:
            error = error.cause
        if error is not None:
            first = error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name
            return first
    return None


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
    in neither: it runs again to finish it; so does one with pages OCR was due to read and did not (turned
    off, out of its budget), to read them now.
    """
    pages, fingerprint = warehouse.audit_dir(), extraction_fingerprint()
    same_bytes = [file for name, file in held.items()
                  if file.status in holdings.LOADED and not file.withdrawn and hashes.get(name) == file.sha256
                  and file.audit_status and (pages / f"{file.report_id}.html").exists() and not file.unread_pages]
    return ([file.file_name for file in same_bytes if file.extraction_fingerprint == fingerprint],
            [file.file_name for file in same_bytes if file.extraction_fingerprint != fingerprint])


def summary(warehouse: Warehouse, keys: list[str], seconds: float) -> str:
    """One line per file of the folder (and per report of a file now gone), then the totals."""
    rows: list[ReportSummary] = []
    if Path(warehouse.database).exists():
        with warehouse.connect(read_only=True) as connection:
            rows = holdings.report_summaries(connection, keys)
    lines = [f"{'report':<64} {'status':<10} {'type':<21} {'year':>4} {'pages':>5} {'facts':>5} {'findings':>8}  checks"]
    for row in rows:
        lines.append(f"{row.file_name:<64} {row.status:<10} {row.document_type or '-':<21} {row.report_year or '-':>4} "
                     f"{row.pages:>5} {row.facts:>5} {row.findings:>8}  {row.audit_status or '-'}")
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
        + f"; {sum(r.pages for r in rows)} pages, {sum(r.facts for r in rows)} statement facts, "
        + f"{sum(r.findings for r in rows)} findings in {seconds:.1f} s -> {warehouse.database}"
    )
    if audit.exists():
        lines.append(f"audit report: {audit}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
