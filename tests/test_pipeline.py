"""Dagster: the definitions load with Dagster's own tooling, partitions materialise, the sensor finds PDFs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import AssetCheckKey, AssetKey, AssetSelection, DagsterInstance, Definitions, materialize

import pipelines.definitions
from pipelines.assets import (
    audit_report,
    financial_statements,
    key_figures,
    people_and_projects,
    report_document,
    warehouse_report,
)
from pipelines.checks import audit_checks
from pipelines.io_manager import ReportValues
from pipelines.resources import ExtractionSettings, ReportsFolder, Warehouse
from tests.conftest import (
    PROJECT_ROOT,
    RAW_REPORTS,
    REPORT_2022,
    REPORT_2024,
    SAMPLE_REPORTS,
    load_sample,
    sample_document,
    sensor_tick,
)
from tests.render import retypeset
from warehouse.audit import check_names

pytestmark = pytest.mark.pipeline

DAGSTER = Path(sys.executable).with_name("dagster")


def test_dagster_cli_validates_the_definitions():
    result = subprocess.run(
        [str(DAGSTER), "definitions", "validate", "-m", "pipelines.definitions"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "DAGSTER_HOME": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation successful" in result.stdout + result.stderr


def test_the_definitions_hold_the_assets_job_and_sensor():
    defs = pipelines.definitions.defs
    Definitions.validate_loadable(defs)
    keys = {key.to_user_string() for key in defs.resolve_all_asset_keys()}
    assert keys == {"report_document", "financial_statements", "key_figures", "people_and_projects", "warehouse_report",
                    "audit_report"}
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert checks == {"totals_add_up", "specifications_match_statement", "balance_continuity", "restatements",
                      "prose_agrees_with_tables", "statement_complete", "labels_matched", "committee_complete",
                      "sums_match_lines", "balance_sheet_balances", "result_reaches_equity", "cash_flow_reaches_cash"}
    assert defs.resolve_job_def("ingest_report").partitions_def.name == "reports"
    assert defs.resolve_sensor_def("new_reports_sensor") is not None


def test_one_partition_materialises_into_a_temporary_warehouse(tmp_path, dagster_home):
    instance = DagsterInstance.get()
    instance.add_dynamic_partitions("reports", [REPORT_2024])
    database = tmp_path / "warehouse.duckdb"
    result = materialize(
        [report_document, financial_statements, key_figures, people_and_projects, warehouse_report, audit_report,
         *audit_checks],
        partition_key=REPORT_2024,
        instance=instance,
        resources={"reports_folder": ReportsFolder(path=str(RAW_REPORTS)), "warehouse": Warehouse(database=str(database)),
                   "extraction": ExtractionSettings(), "report_values": ReportValues()},
    )
    assert result.success
    extracted = result.asset_materializations_for_node("report_document")[0].metadata
    assert extracted["pages"].value == 11 and extracted["tables"].value >= 2 and extracted["words"].value > 1000
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute("select report_id, status from reports").fetchall() == [
            ("familjen-helsingborg-arsredovisning-2024", "loaded")
        ]
        assert connection.execute("select count(*) from pages").fetchone()[0] == 11
        assert connection.execute("select count(*) from financial_facts").fetchone()[0] == 46
        assert connection.execute(
            "select amount, precision from key_figures where metric = 'ackumulerat_overskott'"
        ).fetchall() == [(7530250, 1)]
        assert connection.execute("select audit_status from reports").fetchall() == [("passed",)]
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert len(evaluations) == len(check_names())
    with duckdb.connect(str(database), read_only=True) as connection:
        applied = {name for (name,) in connection.execute('select "check" from audit_coverage').fetchall()}
    assert applied and all(evaluations[name].passed for name in applied)
    for name in set(evaluations) - applied:  # nothing to compare: never green, a warning that says why
        check = evaluations[name]
        assert not check.passed and check.severity.value == "WARN", name
        assert check.metadata["verdict"].value == "not applicable: nothing to check", name
    assert (tmp_path / "audit" / "familjen-helsingborg-arsredovisning-2024.html").exists()
    preview = result.asset_materializations_for_node("financial_statements")[0].metadata["preview"].value
    assert "| Summa intäkter | summa_intakter | 8\u202f884\u202f807 | 8\u202f833\u202f302 | 8\u202f652\u202f005 |" in preview
    loaded = result.asset_materializations_for_node("warehouse_report")[0].metadata
    assert loaded["report_year"].value == "2024"  # text, not a number the UI plots as "2,024"
    assert "| financial_facts | 46 |" in loaded["preview"].value
    assert "| Ingående medel att förfoga över | 8 390 299 | 7 015 464 | 7 070 065 |" in loaded["preview"].value


def test_a_check_run_on_its_own_runs_its_rule(tmp_path, dagster_home):
    import warehouse

    database = tmp_path / "warehouse.duckdb"
    connection = warehouse.connect(database)
    load_sample(connection, REPORT_2022)  # its committee list lacks Svalöv; no audit has run
    assert connection.execute("select count(*) from audit_findings").fetchone() == (0,)
    connection.close()
    result = materialize(
        [report_document, financial_statements, key_figures, people_and_projects, warehouse_report, audit_report,
         *audit_checks],
        selection=AssetSelection.checks(AssetCheckKey(AssetKey("audit_report"), "committee_complete")),
        instance=DagsterInstance.get(),
        resources={"reports_folder": ReportsFolder(path=str(RAW_REPORTS)), "warehouse": Warehouse(database=str(database)),
                   "extraction": ExtractionSettings(), "report_values": ReportValues()},
    )
    [verdict] = result.get_asset_check_evaluations()
    assert verdict.check_name == "committee_complete" and verdict.passed is False  # the rule ran: no audit recorded it
    assert "Svalöv" in verdict.metadata["findings_in_this_run"].value
    assert not result.asset_materializations_for_node("audit_report")


tick = sensor_tick


def test_the_sensor_requests_a_run_for_each_new_or_changed_pdf(tmp_path, dagster_home):
    instance = DagsterInstance.get()
    folder = tmp_path / "incoming"
    folder.mkdir()
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    (folder / "notes.txt").write_text("not a report")

    first = tick(instance, folder, None)
    assert [r.partition_key for r in first.run_requests] == [REPORT_2024]
    assert first.dynamic_partitions_requests[0].partition_keys == [REPORT_2024]
    instance.add_dynamic_partitions("reports", [REPORT_2024])

    assert tick(instance, folder, first.cursor).run_requests == []  # nothing new

    new_file = "familjen-helsingborg-arsredovisning-2025.pdf"
    shutil.copy(RAW_REPORTS / "familjen-helsingborg-arsredovisning-2022.pdf", folder / new_file)
    second = tick(instance, folder, first.cursor)
    assert [r.partition_key for r in second.run_requests] == [new_file]
    assert second.dynamic_partitions_requests[0].partition_keys == [new_file]

    (folder / REPORT_2024).write_bytes((RAW_REPORTS / REPORT_2024).read_bytes() + b"\n% appended\n")
    third = tick(instance, folder, second.cursor)
    assert [r.partition_key for r in third.run_requests] == [REPORT_2024]
    assert third.dynamic_partitions_requests == []  # the partition exists already
    assert third.run_requests[0].run_key != first.run_requests[0].run_key


def test_make_run_loads_the_samples_and_records_bad_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in SAMPLE_REPORTS:
        shutil.copy(RAW_REPORTS / name, folder / name)
    (folder / "not-a-pdf.pdf").write_text("Detta är ingen PDF.\n")
    (folder / "empty.pdf").write_bytes(b"")
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    database = tmp_path / "warehouse.duckdb"

    result = subprocess.run(
        [sys.executable, "-m", "pipelines.run"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{len(SAMPLE_REPORTS)} loaded, 0 incomplete, 2 failed" in result.stdout
    # Quiet: Dagster's own log at warnings only, no traceback from any worker.
    assert " - DEBUG - " not in result.stdout + result.stderr and "Traceback" not in result.stderr
    # One progress line per file as its reading finishes (plain lines: the output is not a terminal).
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    files = sorted(p.name for p in folder.iterdir())
    assert len(progress) == len(files) and {line.split("] ")[0] for line in progress} == {f"[{n}/{len(files)}" for n in range(1, len(files) + 1)}
    assert sorted(line.split("] ", 1)[1].split(": ")[0] for line in progress) == files
    assert any(line.endswith("empty.pdf: not read: empty file (0 bytes)") for line in progress)
    assert any(f"] {REPORT_2024}: " in line and " pages read in " in line for line in progress)

    with duckdb.connect(str(database), read_only=True) as connection:
        statuses = dict(connection.execute("select file_name, status from reports").fetchall())
        errors = dict(connection.execute("select file_name, error from reports where status = 'failed'").fetchall())
        (text,) = connection.execute(
            "select text from pages join reports using (report_id) where file_name = ? and page_number = 3", [REPORT_2024]
        ).fetchone()
    assert statuses == {**{name: "loaded" for name in SAMPLE_REPORTS}, "not-a-pdf.pdf": "failed", "empty.pdf": "failed"}
    assert errors["not-a-pdf.pdf"].startswith("not-a-pdf.pdf: not a readable PDF")
    assert errors["empty.pdf"] == "empty.pdf: empty file (0 bytes)"
    assert "består av elva kommuner som slutit avtal om samarbete inom olika verksamhetsområden." in text


def test_make_run_marks_the_report_of_a_deleted_file_withdrawn_and_keeps_its_rows(tmp_path):
    folder, home, database = tmp_path / "reports", tmp_path / "dagster_home", tmp_path / "warehouse.duckdb"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    for name in (REPORT_2024, "familjen-helsingborg-2016.pdf"):
        shutil.copy(RAW_REPORTS / name, folder / name)
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}

    def run():
        return subprocess.run([sys.executable, "-m", "pipelines.run"], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, env=env, timeout=600)

    assert run().returncode == 0
    (folder / REPORT_2024).unlink()

    result = run()

    assert result.returncode == 0, result.stderr[-3000:]
    assert re.search(rf"^{re.escape(REPORT_2024)} +withdrawn ", result.stdout, re.MULTILINE), result.stdout
    with duckdb.connect(str(database), read_only=True) as connection:
        withdrawn = dict(connection.execute("select file_name, withdrawn_at is not null from reports").fetchall())
        facts = connection.execute("select count(*) from financial_facts").fetchone()[0]
    assert withdrawn == {REPORT_2024: True, "familjen-helsingborg-2016.pdf": False}
    assert facts == 46  # the withdrawn report's rows are kept until someone removes them on purpose


def test_a_byte_identical_copy_under_another_name_is_a_duplicate_and_nothing_counts_twice(tmp_path):
    folder, home, database = tmp_path / "reports", tmp_path / "dagster_home", tmp_path / "warehouse.duckdb"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    copy = "kopia av arsredovisning 2024.pdf"
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / REPORT_2024)
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / copy)
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home)}

    def run():
        return subprocess.run([sys.executable, "-m", "pipelines.run"], capture_output=True, text=True,
                              cwd=PROJECT_ROOT, env=env, timeout=600)

    def state():
        with duckdb.connect(str(database), read_only=True) as connection:
            reports = {name: (status, error) for name, status, error in
                       connection.execute("select file_name, status, error from reports").fetchall()}
            counts = connection.execute(
                "select (select count(*) from key_figures), (select sum(amount) from key_figures where metric = 'arets_resultat'),"
                " (select count(*) from financial_facts), (select count(*) from pages)"
            ).fetchone()
            views = connection.execute("select count(*), sum(amount_sek) from income_statement").fetchone()
        return reports, counts, views

    result = run()
    assert result.returncode == 0, result.stderr[-3000:]
    reports, counts, views = state()
    assert reports[REPORT_2024] == ("loaded", None)
    assert reports[copy] == ("duplicate", f"{copy}: the same bytes as {REPORT_2024}; not loaded twice")
    assert re.search(rf"^{re.escape(copy)} +duplicate ", result.stdout, re.MULTILINE)
    assert counts[2:] == (46, 11)  # the report's facts and pages, once
    single = counts

    # The first file gone: its report is withdrawn with its rows kept, and the copy is still not loaded beside them.
    (folder / REPORT_2024).unlink()
    assert run().returncode == 0
    reports, counts, after = state()
    assert reports[copy][0] == "duplicate" and counts == single and after == views


def test_the_sensors_first_tick_over_a_loaded_warehouse_requests_no_run(tmp_path, dagster_home, sample_warehouse):
    instance = DagsterInstance.get()
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in SAMPLE_REPORTS:
        shutil.copy(RAW_REPORTS / name, folder / name)

    first = sensor_tick(instance, folder, None, database=sample_warehouse)

    assert first.run_requests == [] and first.dynamic_partitions_requests == []
    # From there on the sensor sees what changes: a new file, and a file whose bytes changed.
    shutil.copy(RAW_REPORTS / REPORT_2024, folder / "familjen-helsingborg-arsredovisning-2025.pdf")
    (folder / REPORT_2024).write_bytes((RAW_REPORTS / REPORT_2024).read_bytes() + b"\n% changed\n")
    second = sensor_tick(instance, folder, first.cursor, database=sample_warehouse)
    requested = {key for request in second.run_requests
                 for key in ([request.partition_key] if request.partition_key else request.tags.values())}
    assert requested == {REPORT_2024, "familjen-helsingborg-arsredovisning-2025.pdf"}


def test_a_vocabulary_change_extracts_again_from_the_cached_reading_and_force_reads_anew(tmp_path):
    folder, home, database = tmp_path / "reports", tmp_path / "dagster_home", tmp_path / "warehouse.duckdb"
    vocabularies = tmp_path / "vocabularies"
    folder.mkdir()
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    shutil.copytree(PROJECT_ROOT / "schemas" / "vocabularies", vocabularies, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    # The 2024 report with its first revenue line printed in words the chart does not know.
    unknown = "Bidrag från kommunerna"
    retypeset(sample_document(REPORT_2024), folder / REPORT_2024, {(11, "Ersättning från medlemskommuner"): unknown})
    env = {**os.environ, "RAW_REPORTS_DIR": str(folder), "WAREHOUSE_PATH": str(database), "DAGSTER_HOME": str(home),
           "FH_VOCABULARY_DIR": str(vocabularies)}

    def run(*args):
        result = subprocess.run([sys.executable, "-m", "pipelines.run", *args], capture_output=True, text=True,
                                cwd=PROJECT_ROOT, env=env, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result

    def matched():
        with duckdb.connect(str(database), read_only=True) as connection:
            return connection.execute(
                "select distinct line_item, r.extraction_fingerprint from financial_facts join reports r using (report_id)"
                " where label = ?", [unknown]
            ).fetchall()

    first = run()
    [(line_item, fingerprint)] = matched()
    assert line_item is None and "pages read in" in first.stderr

    assert "1 unchanged since they were loaded" in run().stdout  # nothing changed: nothing read

    chart = vocabularies / "line_items.yaml"
    alias = '    aliases: ["Ersättning från medlemskommuner"]'
    assert alias in chart.read_text(encoding="utf-8")
    chart.write_text(chart.read_text(encoding="utf-8").replace(alias, alias[:-1] + f', "{unknown}"]'), encoding="utf-8")
    again = run()
    [(line_item, new_fingerprint)] = matched()
    assert line_item == "ersattning_medlemskommuner" and new_fingerprint != fingerprint
    assert "1 extracted again: the extractors or vocabularies changed" in again.stdout
    assert f"{REPORT_2024}: 11 pages read from the readings cache" in again.stderr  # the PDF was not parsed again

    forced = run("--force")
    assert f"{REPORT_2024}: 11 pages read in " in forced.stderr and "1 read anew (FORCE)" in forced.stdout
    assert matched() == [(line_item, new_fingerprint)]
