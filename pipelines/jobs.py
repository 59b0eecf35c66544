"""Jobs: one run ingests one report partition, from PDF to warehouse.

`ingest_report_dask` is the same job on a Dask cluster (dagster-dask's
executor, see `pipelines/dask_executor.py`): the extraction steps run in
parallel on the workers; the warehouse is written by one run at a time (the
run tag `warehouse=write`, and the lock wait of `warehouse.connect`).
The cluster is the one at DASK_SCHEDULER_ADDRESS, else a local one.
"""

import os

from dagster import AssetSelection, define_asset_job

from pipelines.dask_executor import record_safe_dask_executor
from pipelines.partitions import reports_partitions

ingest_report_job = define_asset_job(
    name="ingest_report",
    selection=AssetSelection.groups("extraction", "statements", "warehouse", "audit"),
    partitions_def=reports_partitions,
    description="Extract one report PDF and load it into the warehouse.",
    # Runs that write the warehouse are limited to one at a time by this tag
    # (see dagster.yaml): DuckDB allows a single writer.
    tags={"warehouse": "write"},
)


def dask_cluster_config() -> dict:
    """The Dask executor's cluster: an existing scheduler, or a local cluster of worker processes."""
    address = os.environ.get("DASK_SCHEDULER_ADDRESS")
    if address:
        return {"existing": {"address": address}}
    return {"local": {"n_workers": int(os.environ.get("DASK_WORKERS", os.cpu_count() or 2)), "threads_per_worker": 1}}


ingest_report_dask_job = define_asset_job(
    name="ingest_report_dask",
    selection=AssetSelection.groups("extraction", "statements", "warehouse", "audit"),
    partitions_def=reports_partitions,
    description="The ingest job on a Dask cluster (DASK_SCHEDULER_ADDRESS, else a local cluster).",
    executor_def=record_safe_dask_executor,
    config={"execution": {"config": {"cluster": dask_cluster_config()}}},
    tags={"warehouse": "write"},
)
