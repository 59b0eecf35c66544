"""Jobs: one run ingests one report partition, from PDF to warehouse."""

from dagster import AssetSelection, define_asset_job

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
