"""The sensor and the schedule that keep the warehouse in step with the reports folder.

The sensor's cursor remembers, per file name, its size, modification time and
SHA-256. A file whose size and time are unchanged is not read again; a new
file becomes a partition and a run; a file whose content changed runs again;
a file that is gone runs once more, to mark its report withdrawn (its rows
are kept). Run keys carry the content hash and modification time, so the same
change never queues twice, and a file put back after its withdrawal runs again.
Files that arrive together go in together: one run per range of neighbouring
partitions (up to FH_BATCH_SIZE reports), not one per file.

The schedule is the safety net for what a sensor cannot see (it was off, the
cursor was reset): each night it compares the folder with what the warehouse
holds and requests a run for every partition that differs.
"""

import hashlib
import json
from contextlib import closing
from pathlib import Path

from dagster import (
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    ScheduleEvaluationContext,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    schedule,
    sensor,
)

import warehouse as warehouse_module
from extractors.pdf.files import file_sha256
from pipelines.jobs import ingest_report_job
from pipelines.partitions import contiguous_ranges, range_tags, reports_partitions
from pipelines.reading.reports import content_hash, link_problem
from pipelines.resources import ReportsFolder, Warehouse
from pipelines.settings import batch_size
from warehouse import WarehouseLocked, holdings


def scan_folder(folder: ReportsFolder, known: dict[str, dict]) -> tuple[dict[str, dict], list[str], list[str]]:
    """The folder's files now, the names that are new or changed, and the names that are gone.

    A link that may not be read (outside the folder, dangling, a loop) or a file that cannot be opened
    is remembered by its link's own size and time and its problem instead of a hash: it runs once, to
    get its failed row, and again only when it changes.
    """
    current: dict[str, dict] = {}
    changed: list[str] = []
    for path in folder.pdfs():
        key = folder.key(path)
        problem = link_problem(path, Path(folder.path))
        try:
            stat = path.lstat() if problem else path.stat()
        except OSError as error:
            problem, stat = f"cannot be read: {error}", None
        size, mtime = (stat.st_size, stat.st_mtime_ns) if stat else (-1, 0)
        before = known.get(key)
        if before and before["size"] == size and before["mtime_ns"] == mtime:
            current[key] = before
            continue
        try:
            sha256 = f"unreadable: {problem}" if problem else file_sha256(path)
        except OSError as error:
            sha256 = f"unreadable: {error}"
        current[key] = {"size": size, "mtime_ns": mtime, "sha256": sha256}
        if not before or before["sha256"] != sha256:
            changed.append(key)
    gone = sorted(set(known) - set(current))
    return current, changed, gone


def held_in_warehouse(warehouse: Warehouse) -> dict[str, dict]:
    """What the warehouse already holds, as the sensor's view of the folder: each file loaded (or recorded as a
    duplicate) and not withdrawn, with the hash of the bytes it was loaded from. Its size and time are unknown,
    so the first scan hashes each file and runs only those whose bytes differ."""
    if not Path(warehouse.database).exists():
        return {}
    if not warehouse_module.schema_level(warehouse.database) >= warehouse_module.current_level():
        warehouse.prepare()  # an earlier release's warehouse: migrated and published before it is read
    with closing(warehouse_module.connect(warehouse.database, read_only=True, wait_seconds=5)) as connection:
        held = holdings.held_files(connection)
    return {name: {"size": -1, "mtime_ns": -1, "sha256": file.sha256} for name, file in held.items()
            if file.status in (*holdings.LOADED, "duplicate") and not file.withdrawn}


@sensor(job=ingest_report_job, minimum_interval_seconds=30, default_status=DefaultSensorStatus.RUNNING)
def new_reports_sensor(
    context: SensorEvaluationContext, reports_folder: ReportsFolder, warehouse: Warehouse
) -> SensorResult | SkipReason:
    """Runs for the new, changed or removed PDFs in the reports folder (neighbours together); new ones become partitions.

    Its first tick starts from what the warehouse holds, so turning it on over a loaded warehouse reads nothing again.
    """
    if context.cursor:
        known = json.loads(context.cursor)
    else:
        try:
            known = held_in_warehouse(warehouse)
        except WarehouseLocked:
            return SkipReason("the warehouse is being written: the first look at the folder waits for the next tick")
    current, changed, gone = scan_folder(reports_folder, known)
    existing = context.instance.get_dynamic_partitions(reports_partitions.name)
    known_partitions = set(existing)
    new_keys = [name for name in changed if name not in known_partitions]
    run_keys = {name: f"{name}:{current[name]['sha256']}:{current[name]['mtime_ns']}" for name in changed}
    run_keys |= {
        name: f"{name}:withdrawn:{known[name]['sha256']}:{known[name]['mtime_ns']}"
        for name in gone
        if name in known_partitions
    }
    requests = batched_requests([*existing, *new_keys], run_keys)
    return SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[reports_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )


def out_of_step(folder: ReportsFolder, warehouse: Warehouse, partitions: set[str]) -> list[str]:
    """Partitions whose file differs from what the warehouse holds: changed, never loaded, or gone."""
    try:
        with warehouse.connect(read_only=True) as connection:
            held = {name: (file.sha256, file.withdrawn) for name, file in holdings.held_files(connection).items()}
    except Exception:  # noqa: BLE001 - no warehouse yet: everything is out of step
        held = {}
    present = {folder.key(path): path for path in folder.pdfs()}
    stale = []
    for name in sorted(partitions):
        if name in present:
            if name not in held or held[name][0] != content_hash(present[name], Path(folder.path)) or held[name][1]:
                stale.append(name)
        elif name in held and not held[name][1]:
            stale.append(name)
    return stale


@schedule(job=ingest_report_job, cron_schedule="0 5 * * *", default_status=DefaultScheduleStatus.RUNNING)
def nightly_reconciliation(context: ScheduleEvaluationContext, reports_folder: ReportsFolder, warehouse: Warehouse):
    """Each night: runs for the report partitions whose file and warehouse rows are out of step."""
    partitions = set(context.instance.get_dynamic_partitions(reports_partitions.name))
    stale = out_of_step(reports_folder, warehouse, partitions)
    if not stale:
        return SkipReason("every report partition is in step with its file")
    stamp = context.scheduled_execution_time.isoformat()
    order = context.instance.get_dynamic_partitions(reports_partitions.name)
    return batched_requests(order, {name: f"{name}:reconcile:{stamp}" for name in stale})


def batched_requests(order: list[str], run_keys: dict[str, str]) -> list[RunRequest]:
    """One run request per range of neighbouring partitions to run; its run key from theirs."""
    requests = []
    for batch in contiguous_ranges(order, run_keys, max_size=batch_size()):
        if len(batch) == 1:
            requests.append(RunRequest(partition_key=batch[0], run_key=run_keys[batch[0]]))
            continue
        digest = hashlib.sha256("\n".join(run_keys[name] for name in batch).encode()).hexdigest()[:16]
        requests.append(RunRequest(run_key=f"{batch[0]}..{batch[-1]}:{digest}", tags=range_tags(batch)))
    return requests
