"""The warehouse: migrations apply once, a load replaces a report's rows all or nothing."""

from __future__ import annotations

import duckdb
import pytest

import warehouse
from extractors.records.reports_and_pages import failed_report_record, page_records, report_record
from pipelines import loading
from schemas.reports import PageRecord
from tests.conftest import REPORT_2024, load_sample, sample_document
from warehouse import ReportRows


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


def test_migrations_make_tables_and_each_view_is_made_from_its_own_file(tmp_path):
    from warehouse.loader import VIEWS_DIR, migration_files

    view_statements = [path.name for path in migration_files()
                       if "view" in path.read_text(encoding="utf-8").lower().split()]
    assert view_statements == []
    connection = warehouse.connect(tmp_path / "w.duckdb")
    views = dict(connection.execute("select view_name, comment from duckdb_views() where not internal").fetchall())
    files = {path.stem for path in VIEWS_DIR.glob("*.sql") if "." not in path.stem}
    assert set(views) == files and len(files) >= 5
    assert all(views.values())  # each described by its own file
    macros = {name for (name,) in connection.execute(
        "select function_name from duckdb_functions() where function_type = 'table_macro' and not internal").fetchall()}
    from warehouse.loader import MACROS_DIR

    assert {path.stem for path in MACROS_DIR.glob("*.sql")} == macros == {"search"}


def test_a_view_an_earlier_release_left_is_made_anew_from_its_file_on_connect(tmp_path):
    path = tmp_path / "w.duckdb"
    warehouse.connect(path).close()
    with duckdb.connect(str(path)) as connection:  # as an earlier release's migration left it
        connection.execute("create or replace view income_statement as select 1 as line_item")
    connection = warehouse.connect(path)
    columns = [c for (c,) in connection.execute(
        "select column_name from duckdb_columns() where table_name = 'income_statement' order by column_index").fetchall()]
    connection.close()
    assert columns[:2] == ["line_item", "line_item_name"] and "source_page" in columns


def test_loading_a_report_twice_never_duplicates(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    for _ in range(2):
        loading.replace_report(connection, ReportRows(report_record(document), page_records(document)))
    assert connection.execute("select count(*), min(status) from reports").fetchone() == (1, "loaded")
    assert connection.execute("select count(*) from pages").fetchone()[0] == len(document.pages)


def test_a_load_that_fails_half_way_leaves_the_previous_state(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    loading.replace_report(connection, ReportRows(report_record(document), page_records(document)))
    before = {t: table_rows(connection, t) for t in ("reports", "pages")}

    pages = page_records(document)
    duplicate = PageRecord(**{**pages[0].model_dump(), "text": "a second page 1 breaks the primary key"})
    with pytest.raises(duckdb.ConstraintException):
        loading.replace_report(connection, ReportRows(report_record(document), [*pages, duplicate]))

    assert {t: table_rows(connection, t) for t in ("reports", "pages")} == before


def test_a_failure_keeps_the_pages_an_earlier_load_wrote(tmp_path):
    connection = warehouse.connect(tmp_path / "w.duckdb")
    document = sample_document(REPORT_2024)
    loading.replace_report(connection, ReportRows(report_record(document), page_records(document)))
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
    loading.replace_report(connection, ReportRows(report_record(document), page_records(document)))
    (text,) = connection.execute("select text from pages where page_number = 3").fetchone()
    assert (
        "Kommunsamarbetet Familjen Helsingborg består av elva kommuner som slutit avtal om samarbete "
        "inom olika verksamhetsområden." in text
    )
    (title, kind, year, count) = connection.execute(
        "select title, document_type, report_year, page_count from reports"
    ).fetchone()
    assert (title, kind, year, count) == ("Årsredovisning 2024 – Familjen Helsingborg", "arsredovisning", 2024, 11)


def test_the_income_statement_runs_2020_to_2024_on_one_set_of_lines(tmp_path):
    from tests.conftest import REPORT_2022

    connection = warehouse.connect(tmp_path / "w.duckdb")
    for name in (REPORT_2022, REPORT_2024):
        load_sample(connection, name)
    lines_by_year = connection.execute(
        "select fiscal_year, list(line_item order by line_item) from income_statement group by 1 order by 1"
    ).fetchall()
    assert [year for year, _ in lines_by_year] == [2020, 2021, 2022, 2023, 2024]
    assert all(lines == lines_by_year[0][1] for _, lines in lines_by_year)
    assert len(lines_by_year[0][1]) == 14

    stated_2022 = connection.execute(
        "select distinct reports_stating, reports_disagree from income_statement where fiscal_year = 2022"
    ).fetchall()
    assert stated_2022 == [(2, False)]
    newest = connection.execute(
        "select distinct source_report_id from income_statement where fiscal_year = 2022"
    ).fetchall()
    assert newest == [("familjen-helsingborg-arsredovisning-2024",)]

    wide = connection.execute(
        'select line_item, "2020", "2024" from income_statement_wide where line_item = \'arets_resultat\''
    ).fetchall()
    assert wide == [("arets_resultat", 907062, 1121401)]
    assert connection.execute("select count(*) from financial_facts").fetchone()[0] == 99


def restated_warehouse(tmp_path):
    """The 2022 and 2024 reports loaded, and the 2022 report's own summa_kostnader 2022 one krona off the 2024 report's."""
    from tests.conftest import REPORT_2022

    connection = warehouse.connect(tmp_path / "w.duckdb")
    for name in (REPORT_2022, REPORT_2024):
        load_sample(connection, name)
    connection.execute(
        "update financial_facts set amount_sek = amount_sek + 1 "
        "where report_id = 'familjen-helsingborg-arsredovisning-2022' and fiscal_year = 2022 and line_item = 'summa_kostnader'"
    )
    return connection


def test_a_restatement_shows_as_disagreement(tmp_path):
    connection = restated_warehouse(tmp_path)
    rows = connection.execute(
        "select line_item, amount_sek, min_amount_sek, max_amount_sek from income_statement "
        "where reports_disagree"
    ).fetchall()
    assert rows == [("summa_kostnader", -6368328, -6368328, -6368327)]


def test_each_figure_comes_from_the_newest_report_and_an_undated_report_ranks_last(tmp_path):
    connection = restated_warehouse(tmp_path)
    source = "select amount_sek, source_report_id, source_page from income_statement where fiscal_year = 2022 and line_item = 'summa_kostnader'"
    assert connection.execute(source).fetchone() == (-6368328, "familjen-helsingborg-arsredovisning-2024", 11)

    connection.execute("update reports set report_year = null where report_id = 'familjen-helsingborg-arsredovisning-2024'")
    amount, report_id, page = connection.execute(source).fetchone()
    assert (amount, report_id) == (-6368327, "familjen-helsingborg-arsredovisning-2022")
    assert page == connection.execute(
        "select page from financial_facts where report_id = ? and fiscal_year = 2022 and line_item = 'summa_kostnader'",
        [report_id],
    ).fetchone()[0]


def test_two_warehouses_compare_identical_but_for_timestamps_and_a_changed_amount_is_named(tmp_path):
    from warehouse.compare import compare

    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    for path in (first, second):  # the same report loaded twice, at two times
        connection = warehouse.connect(path)
        load_sample(connection, REPORT_2024)
        connection.close()
    same, lines = compare(first, second)
    assert same and lines and all(line.endswith("identical") for line in lines), lines
    assert "financial_facts (table): 46 rows, identical" in lines
    with duckdb.connect(str(second)) as connection:
        connection.execute("update financial_facts set amount_sek = amount_sek + 1 where line_item = 'arets_resultat' "
                           "and fiscal_year = 2024")
    same, lines = compare(first, second)
    assert not same
    assert "financial_facts (table): 1 rows only before, 1 only after, of 46" in lines
    assert any(line.startswith("income_statement (view): 1 rows only before") for line in lines), lines
