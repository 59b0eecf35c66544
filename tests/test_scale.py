"""Speed without timed tests: the readings cache skips unchanged files, reading goes to a Dask cluster when one is named."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance
from distributed import Client, get_task_stream

from extractors.pdf.files import file_sha256
from pipelines import definitions
from pipelines.io_manager import ReportValues
from pipelines.partitions import range_tags
from pipelines.reading.cache import cache_path, cached_reading
from pipelines.reading.isolation import Limits
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from tests.conftest import RAW_REPORTS, REPORT_2024, sample_document


def test_the_cache_reads_a_file_once_and_never_again(tmp_path, monkeypatch):
    path = RAW_REPORTS / REPORT_2024
    sha = file_sha256(path)
    first, hit = cached_reading(path, sha, tmp_path, Limits())
    assert not hit and cache_path(tmp_path, sha).exists()

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr("pipelines.reading.cache.read_within_limits", no_parsing)
    again, hit = cached_reading(path, sha, tmp_path, Limits())
    assert hit
    assert again.document.page(3).text == first.document.page(3).text
    # The same bytes under another name are the same reading, named for the new file.
    renamed = tmp_path / "kopia.pdf"
    shutil.copy(path, renamed)
    copy, hit = cached_reading(renamed, sha, tmp_path, Limits())
    assert hit and copy.document.file_name == "kopia.pdf"


def test_a_changed_file_is_read_anew(tmp_path):
    from tests.render import retypeset

    changed = retypeset(sample_document(REPORT_2024), tmp_path / "changed.pdf", {(11, "89 080"): "89 081"})
    cached_reading(RAW_REPORTS / REPORT_2024, file_sha256(RAW_REPORTS / REPORT_2024), tmp_path / "cache", Limits())
    reading, hit = cached_reading(changed, file_sha256(changed), tmp_path / "cache", Limits())
    assert not hit and "89 081" in reading.document.page(11).text


@pytest.mark.pipeline
def test_reading_goes_to_the_dask_cluster_when_one_is_named(tmp_path, dagster_home, monkeypatch):
    from distributed import LocalCluster

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (REPORT_2024, "familjen-helsingborg-arsredovisning-2022.pdf"):
        shutil.copy(RAW_REPORTS / name, folder / name)
    database = tmp_path / "warehouse.duckdb"
    instance = DagsterInstance.get()
    keys = sorted(p.name for p in folder.iterdir())
    instance.add_dynamic_partitions("reports", keys)

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as watcher, get_task_stream(watcher) as tasks:
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        # Both reports in one run: the reading step sends each report to the cluster as a task of its own.
        result = definitions.defs.resolve_job_def("ingest_report").execute_in_process(
            instance=instance, tags=range_tags(keys),
            resources={"reports_folder": ReportsFolder(path=str(folder)), "warehouse": Warehouse(database=str(database)),
                       "extraction": ExtractionSettings(), "report_values": ReportValues()},
        )
    assert result.success
    readings_on_the_cluster = [task for task in tasks.data if "read_report" in str(task["key"])]
    assert len(readings_on_the_cluster) == 2  # one task per report, run on the cluster's workers
    readings = {
        r.partition_key: r.asset_materialization
        for r in instance.fetch_materializations(AssetKey("report_document"), limit=10).records
    }
    assert sorted(readings) == keys  # both reports in the one run
    assert {reading.metadata["read_by"].value for reading in readings.values()} == {"dask"}
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select count(*) from financial_facts").fetchone() == (99,)
        assert connection.execute("select count(distinct report_id) from reports where status = 'loaded'").fetchone() == (2,)
