"""Speed without timed tests: the readings cache skips unchanged files, bulk loading gives the same rows, the Dask executor runs."""

from __future__ import annotations

import shutil

import duckdb
from dagster import AssetKey, DagsterInstance, execute_job, reconstructable

import warehouse
from extractors.cache import cache_path, cached_reading
from extractors.isolation import Limits
from extractors.reader import file_sha256
from pipelines.partitions import range_tags
from tests.conftest import RAW_REPORTS, REPORT_2024, SAMPLE_REPORTS, sample_document


def test_the_cache_reads_a_file_once_and_never_again(tmp_path, monkeypatch):
    path = RAW_REPORTS / REPORT_2024
    sha = file_sha256(path)
    first, hit = cached_reading(path, sha, tmp_path, Limits())
    assert not hit and cache_path(tmp_path, sha).exists()

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged file was parsed again")

    monkeypatch.setattr("extractors.cache.read_within_limits", no_parsing)
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


def test_bulk_loading_gives_the_same_rows_as_row_by_row(tmp_path, monkeypatch, sample_warehouse):
    from tests.conftest import load_sample

    row_by_row = tmp_path / "rows.duckdb"
    monkeypatch.setattr(warehouse.loader, "_insert", warehouse.loader._insert_row_by_row)
    connection = warehouse.connect(row_by_row)
    for name in SAMPLE_REPORTS:
        load_sample(connection, name)
    connection.close()
    tables = ["reports", "pages", "financial_facts", "key_figures", "committee_members", "projects", "networks",
              "plan_goals", "extraction_findings", "persons", "project_catalog"]
    columns_to_skip = {"reports": "exclude (ingested_at)"}
    with duckdb.connect(str(sample_warehouse), read_only=True) as bulk, duckdb.connect(str(row_by_row), read_only=True) as plain:
        for table in tables:
            query = f"select * {columns_to_skip.get(table, '')} from {table} order by all"
            assert bulk.execute(query).fetchall() == plain.execute(query).fetchall(), table


def test_the_dask_executor_materialises_the_sample_partitions_on_a_local_cluster(tmp_path, dagster_home, monkeypatch):
    from distributed import LocalCluster

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (REPORT_2024, "familjen-helsingborg-arsredovisning-2022.pdf"):
        shutil.copy(RAW_REPORTS / name, folder / name)
    database = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("RAW_REPORTS_DIR", str(folder))
    monkeypatch.setenv("WAREHOUSE_PATH", str(database))
    instance = DagsterInstance.get()
    instance.add_dynamic_partitions("reports", sorted(p.name for p in folder.iterdir()))

    keys = sorted(p.name for p in folder.iterdir())
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        from pipelines import definitions

        # Both reports in one run: its steps run on the workers, and the
        # reading step sends each report to the cluster as a task of its own.
        result = execute_job(
            reconstructable(definitions.dask_job), instance=instance, tags=range_tags(keys),
            run_config={"execution": {"config": {"cluster": {"existing": {"address": cluster.scheduler_address}}}}},
        )
        assert result.success
        workers = {w.get("id") or name for name, w in cluster.scheduler_info["workers"].items()}
    assert len(workers) == 2
    readings = {
        r.partition_key: r.asset_materialization
        for r in instance.fetch_materializations(AssetKey("report_document"), limit=10).records
    }
    assert sorted(readings) == keys  # both reports in the one run
    assert {reading.metadata["read_by"].value for reading in readings.values()} == {"dask"}
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select count(*) from financial_facts").fetchone() == (99,)
        assert connection.execute("select count(distinct report_id) from reports where status = 'loaded'").fetchone() == (2,)
