"""The instance's event log writes a run's asset events in batches, and records what Dagster's own SQLite storage records."""

from __future__ import annotations

import os
import shutil
from importlib import reload

import pytest
from dagster import AssetKey, AssetMaterialization, DagsterEventType, DagsterInstance, EventRecordsFilter
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluationPlanned
from dagster._core.events import AssetMaterializationPlannedData, DagsterEvent, StepMaterializationData
from dagster._core.events.log import EventLogEntry

from pipelines.event_storage import BatchingSqliteEventLogStorage
from pipelines.partitions import range_tags
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2022, REPORT_2024

ASSETS = ["report_document", "financial_statements", "key_figures", "people_and_projects", "warehouse_report", "audit_report"]
VOLATILE = {"seconds", "cached"}  # how long the reading took, and whether the other run had already read the file


def stock_dagster_yaml() -> str:
    """The project's dagster.yaml without its event log storage: Dagster's own SQLite storage."""
    text = (PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8")
    assert "event_log_storage:" in text
    return text[: text.index("# Dagster's SQLite event log")]


def run_reports(home, yaml_text: str, keys: list[str], monkeypatch):
    """One run of the ingest job over `keys` on a fresh instance in `home`; the instance, the run and the index opened."""
    home.mkdir()
    (home / "dagster.yaml").write_text(yaml_text, encoding="utf-8")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    instance = DagsterInstance.get()
    instance.add_dynamic_partitions("reports", keys)
    storage = instance.event_log_storage
    opened = []
    index_connection = storage.index_connection
    monkeypatch.setattr(storage, "index_connection", lambda: opened.append(1) or index_connection())

    import pipelines.definitions

    job = reload(pipelines.definitions).defs.resolve_job_def("ingest_report")
    result = job.execute_in_process(instance=instance, tags=range_tags(keys))
    assert result.success
    return instance, result.run_id, len(opened)


def recorded(instance: DagsterInstance, run_id: str) -> dict:
    """What the instance tells of each asset: its partitions planned and materialised, their metadata, its latest event."""
    told = {}
    for name in ASSETS:
        key = AssetKey(name)
        planned = instance.get_event_records(
            EventRecordsFilter(DagsterEventType.ASSET_MATERIALIZATION_PLANNED, asset_key=key), limit=1000
        )
        materialisations = instance.fetch_materializations(key, limit=1000).records
        [asset] = instance.get_asset_records([key])
        latest = asset.asset_entry.last_materialization_record
        # The asset's row names its newest materialisation, as the event log orders them.
        assert latest.storage_id == max(m.storage_id for m in materialisations), name
        assert asset.asset_entry.last_run_id == run_id
        # The tags the index keeps for finding events by tag (data versions) are those of the events.
        indexed = instance.event_log_storage.get_event_tags_for_asset(key)
        assert sorted(map(sorted_items, indexed)) == sorted(
            sorted_items({k: v for k, v in m.asset_materialization.tags.items() if k.startswith("dagster/data_version")})
            for m in materialisations
        ), name
        told[name] = {
            "planned": sorted(r.event_log_entry.dagster_event.partition for r in planned),
            "materialised": sorted(instance.get_materialized_partitions(key)),
            "metadata": {
                m.partition_key: {k: v for k, v in m.asset_materialization.metadata.items() if k not in VOLATILE}
                for m in materialisations
            },
            "latest_run": latest.run_id,
            "indexed_tags": sorted(tuple(sorted(tags)) for tags in indexed),
        }
    return told


def sorted_items(mapping: dict) -> list[tuple]:
    return sorted(mapping.items())


@pytest.fixture
def reports(tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (REPORT_2022, REPORT_2024):
        shutil.copy(RAW_REPORTS / name, folder / name)
    (folder / "trasig.pdf").write_text("ingen PDF")
    monkeypatch.setenv("RAW_REPORTS_DIR", str(folder))
    monkeypatch.setenv("WAREHOUSE_PATH", str(tmp_path / "warehouse.duckdb"))
    monkeypatch.setenv("FH_CACHE_DIR", str(tmp_path / "cache"))
    # Whatever the storage sets for batching is undone after the test.
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "0")
    monkeypatch.delenv("DAGSTER_EVENT_BATCH_SIZE")
    return sorted(p.name for p in folder.iterdir())


def test_a_batched_run_records_what_dagsters_own_sqlite_storage_records(reports, tmp_path, monkeypatch):
    stock, stock_run, stock_opened = run_reports(tmp_path / "stock", stock_dagster_yaml(), reports, monkeypatch)
    assert type(stock.event_log_storage).__name__ == "SqliteEventLogStorage"
    assert "DAGSTER_EVENT_BATCH_SIZE" not in os.environ
    expected = recorded(stock, stock_run)

    project_yaml = (PROJECT_ROOT / "dagster.yaml").read_text(encoding="utf-8")
    batched, batched_run, batched_opened = run_reports(tmp_path / "batched", project_yaml, reports, monkeypatch)
    assert isinstance(batched.event_log_storage, BatchingSqliteEventLogStorage)
    assert os.environ["DAGSTER_EVENT_BATCH_SIZE"] == "1000"  # the storage turned batching on
    # Its files are where Dagster's default storage keeps them, so an instance keeps its history.
    assert (tmp_path / "batched" / "history" / "runs" / "index.db").is_file()
    assert (tmp_path / "batched" / "history" / "runs" / f"{batched_run}.db").is_file()

    got = recorded(batched, batched_run)
    for name in ASSETS:
        assert got[name]["planned"] == got[name]["materialised"] == reports, name
        assert got[name] == {**expected[name], "latest_run": batched_run}, name
    assert got["report_document"]["metadata"][REPORT_2024]["pages"].value == 11

    # Two events for each report and asset (planned, materialised): Dagster's storage opens the index
    # for each of them; this one once for the run's plan and once for each step's materialisations.
    asset_events = 2 * len(ASSETS) * len(reports)
    assert stock_opened - batched_opened >= asset_events - (1 + len(ASSETS))


def test_a_batch_with_other_events_stores_them_in_order_and_each_run_in_its_own_log(dagster_home):
    instance = DagsterInstance.get()
    storage = instance.event_log_storage
    assert isinstance(storage, BatchingSqliteEventLogStorage)
    planned = [entry("run-a", DagsterEvent.build_asset_materialization_planned_event(
        "ingest_report", "report_document", AssetMaterializationPlannedData(AssetKey("report_document"), partition=key)))
        for key in ("a.pdf", "b.pdf")]
    check_planned = entry("run-a", DagsterEvent(
        DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED.value, "ingest_report", step_key="totals_add_up",
        event_specific_data=AssetCheckEvaluationPlanned(asset_key=AssetKey("warehouse_report"), check_name="totals_add_up")))
    materialised = [entry(run_id, DagsterEvent(
        DagsterEventType.ASSET_MATERIALIZATION.value, "ingest_report", step_key="report_document",
        event_specific_data=StepMaterializationData(AssetMaterialization("report_document", partition=key))))
        for run_id, key in (("run-a", "a.pdf"), ("run-b", "b.pdf"))]

    storage.store_event_batch([*planned, check_planned, *materialised])

    def log_of(run_id: str) -> list[tuple]:
        return [(r.event_log_entry.dagster_event_type, r.event_log_entry.dagster_event.partition)
                for r in storage.get_records_for_run(run_id).records]

    assert log_of("run-a") == [
        (DagsterEventType.ASSET_MATERIALIZATION_PLANNED, "a.pdf"),
        (DagsterEventType.ASSET_MATERIALIZATION_PLANNED, "b.pdf"),
        (DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED, None),
        (DagsterEventType.ASSET_MATERIALIZATION, "a.pdf"),
    ]
    assert log_of("run-b") == [(DagsterEventType.ASSET_MATERIALIZATION, "b.pdf")]
    [asset] = instance.get_asset_records([AssetKey("report_document")])
    assert asset.asset_entry.last_materialization_record.partition_key == "b.pdf"
    assert asset.asset_entry.last_run_id == "run-b"
    assert sorted(instance.get_materialized_partitions(AssetKey("report_document"))) == ["a.pdf", "b.pdf"]


def entry(run_id: str, event: DagsterEvent) -> EventLogEntry:
    return EventLogEntry(error_info=None, level="debug", user_message="", run_id=run_id, timestamp=1.0,
                         dagster_event=event, job_name="ingest_report")


def test_the_event_log_lies_under_the_instance_home_even_a_temporary_one(tmp_path, monkeypatch):
    # A CLI command without DAGSTER_HOME makes a temporary home and reads dagster.yaml from the working folder.
    from dagster._core.instance.ref import InstanceRef

    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    home = tmp_path / ".tmp_dagster_home_test"
    home.mkdir()
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home), config_dir=str(PROJECT_ROOT))) as instance:
        assert isinstance(instance.event_log_storage, BatchingSqliteEventLogStorage)
        instance.add_dynamic_partitions("reports", ["a.pdf"])
        assert instance.get_dynamic_partitions("reports") == ["a.pdf"]
        # A process given the instance's ref (the UI's, the daemon's) finds the same log.
        with DagsterInstance.from_ref(instance.get_ref()) as again:
            assert again.get_dynamic_partitions("reports") == ["a.pdf"]
    assert (home / "history" / "runs" / "index.db").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp_dagster_home_test"]
