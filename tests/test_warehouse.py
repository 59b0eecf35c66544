"""The warehouse: migrations apply once, a load replaces a report's rows all or nothing."""

from __future__ import annotations

import duckdb
import pytest

import warehouse
from extractors.report_records import failed_report_record, page_records, report_record
from schemas.records import PageRecord
from tests.conftest import REPORT_2024, sample_document


def table_rows(connection, table: str) -> list[tuple]:
    return connection.execute(f"select * from {table} order by all").fetchall()


def test_migrations_apply_once_and_describe_every_column(tmp_path):
    path = tmp_path / "w.duckdb"
    connection = warehouse.connect(path)
    assert warehouse.migrate(connection) == []  # already applied by connect
    columns = connection.execute(
        "select table_name, column_name, comment from duckdb_columns() where table_name in ('reports', 'pages')"
    ).fetchall()
    assert {(t, c) for t, c, _ in columns} >= {("reports", "status"), ("pages", "text")}
    assert [(t, c) for t, c, comment in columns if not comment] == []
    connection.close()
    again = warehouse.connect(path)
    assert again.execute("select count(*) from schema_migrations").fetchone()[0] == len(
        list(warehouse.loader.migration_files())
    )


def test_loading_a_report_twice_never_duplicates(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    for _ in range(2):
        warehouse.replace_report(connection, report_record(document), page_records(document))
    assert connection.execute("select count(*), min(status) from reports").fetchone() == (1, "loaded")
    assert connection.execute("select count(*) from pages").fetchone()[0] == len(document.pages)


def test_a_load_that_fails_half_way_leaves_the_previous_state(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    warehouse.replace_report(connection, report_record(document), page_records(document))
    before = {t: table_rows(connection, t) for t in ("reports", "pages")}

    pages = page_records(document)
    duplicate = PageRecord(**{**pages[0].model_dump(), "text": "a second page 1 breaks the primary key"})
    with pytest.raises(duckdb.ConstraintException):
        warehouse.replace_report(connection, report_record(document), [*pages, duplicate])

    assert {t: table_rows(connection, t) for t in ("reports", "pages")} == before


def test_a_failure_keeps_the_pages_an_earlier_load_wrote(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    warehouse.replace_report(connection, report_record(document), page_records(document))
    warehouse.record_failure(
        connection, failed_report_record(document.file_name, "0" * 64, "not a readable PDF: PSSyntaxError")
    )
    status, error = connection.execute("select status, error from reports").fetchone()
    assert status == "failed"
    assert error == f"{REPORT_2024}: not a readable PDF: PSSyntaxError"
    assert connection.execute("select count(*) from pages").fetchone()[0] == len(document.pages)


def test_the_2024_page_text_in_the_warehouse(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    warehouse.replace_report(connection, report_record(document), page_records(document))
    (text,) = connection.execute("select text from pages where page_number = 3").fetchone()
    assert (
        "Kommunsamarbetet Familjen Helsingborg består av elva kommuner som slutit avtal om samarbete "
        "inom olika verksamhetsområden." in text
    )
    (title, kind, year, count) = connection.execute(
        "select title, document_type, report_year, page_count from reports"
    ).fetchone()
    assert (title, kind, year, count) == ("Årsredovisning 2024 – Familjen Helsingborg", "arsredovisning", 2024, 11)
