"""Many reports in one run: the same rows as one run each, a verdict per report, and one bad report stopping nothing."""

from __future__ import annotations

import dataclasses
import shutil

import duckdb
import pytest
from dagster import DagsterInstance

import warehouse
from pipelines import loading
from pipelines.definitions import defs
from pipelines.partitions import contiguous_ranges, range_tags
from pipelines.settings import batch_size
from tests.conftest import RAW_REPORTS, REPORT_2022, REPORT_2024, SAMPLE_REPORTS, report_rows, sample_document, sensor_tick
from warehouse.audit import check_names

REPORT_TABLES = ["pages", "financial_facts", "key_figures", "committee_members", "projects", "networks", "plan_goals",
                 "extraction_findings", "persons", "project_catalog"]


def test_the_reports_to_run_are_cut_into_the_fewest_ranges_of_neighbours():
    order = ["a", "b", "c", "d", "e", "f"]
    assert contiguous_ranges(order, {"a", "b", "c"}) == [["a", "b", "c"]]
    assert contiguous_ranges(order, {"a", "b", "d", "f"}) == [["a", "b"], ["d"], ["f"]]
    assert contiguous_ranges(order, set(order), max_size=4) == [["a", "b", "c", "d"], ["e", "f"]]
    assert contiguous_ranges(order, set()) == []
    with pytest.raises(ValueError, match="not partitions"):
        contiguous_ranges(order, {"z"})
    # A backfill from the UI is cut the same way, by the assets' backfill policy.
    for asset in ("report_document", "warehouse_report", "audit_report"):
        assert defs.resolve_assets_def(asset).backfill_policy.max_partitions_per_run == batch_size()
    assert range_tags(["a"]) == {"dagster/partition": "a"}
    assert range_tags(["a", "b", "c"]) == {"dagster/asset_partition_range_start": "a",
                                           "dagster/asset_partition_range_end": "c"}


@pytest.fixture
def batch_folder(tmp_path, monkeypatch, dagster_home):
    """The five samples and a file that is no PDF, in a folder the definitions read, with a fresh warehouse."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in SAMPLE_REPORTS:
        shutil.copy(RAW_REPORTS / name, folder / name)
    (folder / "trasig.pdf").write_text("ingen PDF")
    database = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("RAW_REPORTS_DIR", str(folder))
    monkeypatch.setenv("WAREHOUSE_PATH", str(database))
    return folder, database


@pytest.mark.pipeline
def test_one_run_over_a_range_loads_every_report_as_separate_loads_would(batch_folder, sample_warehouse, monkeypatch):
    folder, database = batch_folder
    import warehouse.audit

    rules_run, rule_sql = [], warehouse.audit.comparisons_sql
    monkeypatch.setattr(warehouse.audit, "comparisons_sql", lambda name: rules_run.append(name) or rule_sql(name))
    keys = sorted(p.name for p in folder.iterdir())
    instance = DagsterInstance.get()
    instance.add_dynamic_partitions("reports", keys)
    # The definitions read RAW_REPORTS_DIR and WAREHOUSE_PATH when loaded: build them for this folder.
    from importlib import reload

    import pipelines.definitions

    job = reload(pipelines.definitions).defs.resolve_job_def("ingest_report")
    result = job.execute_in_process(instance=instance, tags=range_tags(keys))
    assert result.success

    # One materialisation per report for each asset, from this one run, each with its own report's metadata.
    for asset in ("report_document", "financial_statements", "warehouse_report", "audit_report"):
        partitions = [m.partition for m in result.asset_materializations_for_node(asset)]
        assert sorted(partitions) == keys, asset
    read = {m.partition: m.metadata for m in result.asset_materializations_for_node("report_document")}
    assert read[REPORT_2024]["pages"].value == 11 and read[REPORT_2022]["pages"].value == 22
    assert "pages" not in read["trasig.pdf"] and "trasig.pdf" in read["trasig.pdf"]["error"].value
    loaded = {m.partition: m.metadata for m in result.asset_materializations_for_node("warehouse_report")}
    assert loaded[REPORT_2024]["report_id"].value == "familjen-helsingborg-arsredovisning-2024"
    assert loaded["trasig.pdf"]["status"].value == "failed"
    statements = {m.partition: m.metadata for m in result.asset_materializations_for_node("financial_statements")}
    assert "| Summa intäkter | summa_intakter |" in statements[REPORT_2024]["preview"].value
    # Each check runs once for the batch and judges the warehouse: its findings counted by report.
    verdicts = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(result.get_asset_check_evaluations()) == len(verdicts) == len(check_names())
    assert sorted(rules_run) == check_names()  # each rule's SQL ran once for the batch, not once more for its check
    committee = verdicts["committee_complete"]
    assert committee.passed is False and committee.severity.value == "WARN"  # Svalöv is missing from the 2022 list
    assert committee.metadata["by_report"].value.splitlines()[2:] == ["| familjen-helsingborg-arsredovisning-2022 | 0 | 1 |"]
    assert "Svalöv" in committee.metadata["findings_in_this_run"].value
    assert verdicts["totals_add_up"].passed is True

    with duckdb.connect(str(database), read_only=True) as batch, duckdb.connect(str(sample_warehouse), read_only=True) as one_by_one:
        statuses = dict(batch.execute("select file_name, status from reports").fetchall())
        assert statuses == {**{name: "loaded" for name in SAMPLE_REPORTS}, "trasig.pdf": "failed"}
        for table in REPORT_TABLES:
            # The reading's own findings ("not an annual report", repairs) come from the pipeline, not the helper.
            where = "where extractor <> 'reader'" if table == "extraction_findings" else ""
            query = f"select * from {table} {where} order by all"
            assert batch.execute(query).fetchall() == one_by_one.execute(query).fetchall(), table
        audit = dict(batch.execute("select file_name, audit_status from reports where status = 'loaded'").fetchall())
        # The leaflet, the summary and the plan hold nothing any check applies to: not applicable, never passed.
        assert audit == {name: "warnings" if name == REPORT_2022 else "passed" if "arsredovisning-2024" in name
                         else "not_applicable" for name in SAMPLE_REPORTS}
    pages = sorted(p.name for p in (database.parent / "audit").glob("*.html"))
    assert pages == sorted(["index.html", *(name.replace(".pdf", ".html") for name in keys)])  # the failed file too


def test_a_report_that_cannot_be_loaded_leaves_the_rest_of_its_batch_loaded(tmp_path):
    connection = warehouse.connect(tmp_path / "warehouse.duckdb")
    earlier = report_rows(sample_document(REPORT_2024))
    loading.replace_report(connection, earlier)
    # The same report again, now with a page twice: the warehouse's key on pages refuses it.
    broken = dataclasses.replace(earlier, pages=[*earlier.pages, earlier.pages[0]])
    other = report_rows(sample_document(REPORT_2022))

    failures = loading.load_reports(connection, [broken, other])

    assert list(failures) == [earlier.report.report_id]
    assert "could not be loaded into the warehouse" in failures[earlier.report.report_id]
    assert "ConstraintException" in failures[earlier.report.report_id]
    loaded = dict(connection.execute("select report_id, count(*) from pages group by 1").fetchall())
    assert loaded == {earlier.report.report_id: 11, other.report.report_id: 22}  # the earlier rows kept, the other loaded
    connection.close()


def test_files_that_arrive_together_are_requested_as_one_run(tmp_path, dagster_home):
    instance = DagsterInstance.get()
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in (REPORT_2022, REPORT_2024):
        shutil.copy(RAW_REPORTS / name, folder / name)
    first = sensor_tick(instance, folder, None)
    [request] = first.run_requests
    assert request.partition_key is None
    assert request.tags == range_tags([REPORT_2022, REPORT_2024])
    assert first.dynamic_partitions_requests[0].partition_keys == [REPORT_2022, REPORT_2024]
    # A file changed later is a run of its own, and the same change never queues twice.
    (folder / REPORT_2022).write_bytes((RAW_REPORTS / REPORT_2022).read_bytes() + b"\n")
    instance.add_dynamic_partitions("reports", [REPORT_2022, REPORT_2024])
    changed = sensor_tick(instance, folder, first.cursor)
    assert [r.partition_key for r in changed.run_requests] == [REPORT_2022]
    assert sensor_tick(instance, folder, changed.cursor).run_requests == []
