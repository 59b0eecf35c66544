"""The sensor that turns each new or changed PDF in the reports folder into a run.

The cursor remembers, per file name, its size, modification time and SHA-256.
A file whose size and time are unchanged is not read again; one whose content
hash changed is run again under a new run key, so that re-running the same
content never queues a duplicate.
"""


import json

from dagster import RunRequest, SensorEvaluationContext, SensorResult, sensor

from extractors.reader import file_sha256
from pipelines.jobs import ingest_report_job
from pipelines.partitions import reports_partitions
from pipelines.resources import ReportsFolder


def scan_folder(folder: ReportsFolder, known: dict[str, dict]) -> tuple[dict[str, dict], list[str]]:
    """The folder's files now, and the names that are new or whose content changed."""
    current: dict[str, dict] = {}
    changed: list[str] = []
    for path in folder.pdfs():
        stat = path.stat()
        before = known.get(path.name)
        if before and before["size"] == stat.st_size and before["mtime_ns"] == stat.st_mtime_ns:
            current[path.name] = before
            continue
        sha256 = file_sha256(path)
        current[path.name] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": sha256}
        if not before or before["sha256"] != sha256:
            changed.append(path.name)
    return current, changed


@sensor(job=ingest_report_job, minimum_interval_seconds=30)
def new_reports_sensor(context: SensorEvaluationContext, reports_folder: ReportsFolder) -> SensorResult:
    """Adds a partition and requests a run for each new or changed PDF in the reports folder."""
    known = json.loads(context.cursor) if context.cursor else {}
    current, changed = scan_folder(reports_folder, known)
    existing = set(context.instance.get_dynamic_partitions(reports_partitions.name))
    new_keys = [name for name in changed if name not in existing]
    return SensorResult(
        run_requests=[
            RunRequest(partition_key=name, run_key=f"{name}:{current[name]['sha256']}") for name in changed
        ],
        dynamic_partitions_requests=[reports_partitions.build_add_request(new_keys)] if new_keys else [],
        cursor=json.dumps(current, sort_keys=True),
    )
