"""`make run`: ingest every PDF of the reports folder into the warehouse, then summarise.

Runs the same job the sensor requests, one partition per report, on the Dagster
instance of DAGSTER_HOME, so the runs show in the UI afterwards.

    python -m pipelines.run
"""

from __future__ import annotations

import sys
import time

from dagster import DagsterInstance

from pipelines.definitions import defs
from pipelines.partitions import reports_partitions
from pipelines.resources import ReportsFolder, Warehouse
from pipelines.settings import reports_dir, warehouse_path


def main() -> int:
    started = time.perf_counter()
    folder = ReportsFolder(path=str(reports_dir()))
    keys = [path.name for path in folder.pdfs()]
    if not keys:
        print(f"no PDF files in {folder.path}")
        return 0

    instance = DagsterInstance.get()
    known = set(instance.get_dynamic_partitions(reports_partitions.name))
    missing = [key for key in keys if key not in known]
    if missing:
        instance.add_dynamic_partitions(reports_partitions.name, missing)

    job = defs.resolve_job_def("ingest_report")
    crashed = []
    for key in keys:
        result = job.execute_in_process(partition_key=key, instance=instance, raise_on_error=False)
        if not result.success:
            crashed.append(key)

    print(summary(Warehouse(database=str(warehouse_path())), keys, time.perf_counter() - started))
    for key in crashed:
        print(f"run failed for {key}: see the Dagster UI (make dagster)", file=sys.stderr)
    return 1 if crashed else 0


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
    sys.exit(main())
