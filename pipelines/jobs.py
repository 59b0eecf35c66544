"""The job: ingest a report partition, or a range of them, from PDF to warehouse and audit.

With DASK_SCHEDULER_ADDRESS set, the reading step sends each report of the
run to that Dask cluster (`pipelines.reading.fan_out`); the warehouse is
written by one run at a time (the run tag `warehouse=write`, see dagster.yaml,
and the lock wait of `warehouse.connect`).
"""

from dagster import AssetSelection, define_asset_job

from pipelines.partitions import reports_partitions
from pipelines.settings import warehouse_path

ingest_report_job = define_asset_job(
    name="ingest_report",
    selection=AssetSelection.groups("extraction", "statements", "warehouse", "audit"),
    partitions_def=reports_partitions,
    description=f"Extract report PDFs and load them into the warehouse {warehouse_path()}.",
    # Runs that write the warehouse are limited to one at a time by this tag
    # (see dagster.yaml): DuckDB allows a single writer.
    tags={"warehouse": "write"},
)
