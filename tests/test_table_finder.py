"""The table finder on tables as others print them, rendered here: numbers in every common form, headers,
partial and double rules, cells of several lines, one column; and on the ICDAR 2013 competition's truth."""

from __future__ import annotations

import pytest

from extractors import build_document
from extractors.records.report_tables import table_records
from tests.render import render_grid

HEADER = [["Land", "Andel\n(%)", "Antal", "Belopp"]]
POINT_BODY = [
    ["United States", "44.8", "2,753,438", "$9,594"],
    ["Canada", "(3.2)", "485,670", "$22,400"],
    ["Mexico", "12.5 %", "34,573", "$1,250.50"],
    ["Brazil", "7.1*", "13,278", "–"],
]
COMMA_BODY = [
    ["Brf Kastanjen", "83,77", "1 234 kr/kvm", "0,3 %"],
    ["Brf Lönnen", "90,9", "1 180 kr/kvm", "1,2 %"],
    ["Brf Torskumlet", "(4,5)", "998 kr/kvm", "2,5‰"],
]


def grid_of(table) -> list[list[str]]:
    return [[cell.printed if cell else "" for cell in row] for row in table.rows]


def only_table(path):
    document = build_document(path)
    [table] = document.pages[0].tables
    return document, table


@pytest.mark.parametrize("rules", ["none", "grid", "header", "double"])
def test_a_table_of_decimals_percentages_and_currencies_is_found_whole_with_its_header(tmp_path, rules):
    document, table = only_table(render_grid(tmp_path / "t.pdf", HEADER, POINT_BODY, rules=rules))
    assert grid_of(table) == [["Land", "Andel\n(%)", "Antal", "Belopp"], *POINT_BODY]
    [record] = table_records(document, "x").tables
    assert (record.header_rows, record.row_count, record.column_count, record.decimal_mark) == (1, 5, 4, ".")


def test_the_numbers_are_read_with_the_decimal_mark_their_own_table_shows(tmp_path):
    points = table_records(build_document(render_grid(tmp_path / "p.pdf", HEADER, POINT_BODY)), "x").cells
    commas = table_records(build_document(render_grid(tmp_path / "c.pdf", HEADER, COMMA_BODY)), "x").cells
    read = {(c.text, c.number, c.unit) for c in points + commas if c.number is not None}
    assert {("44.8", 44.8, None), ("2,753,438", 2753438.0, None), ("$9,594", 9594.0, "$"), ("(3.2)", -3.2, None),
            ("12.5 %", 12.5, "%"), ("7.1*", 7.1, None), ("$1,250.50", 1250.5, "$")} <= read
    assert {("83,77", 83.77, None), ("1 234 kr/kvm", 1234.0, "kr/kvm"), ("0,3 %", 0.3, "%"), ("(4,5)", -4.5, None),
            ("2,5‰", 2.5, "‰")} <= read
    assert all(c.number is None for c in points if c.is_header or c.text in ("United States", "–"))


def test_a_boxed_column_of_figures_stays_a_column_of_its_table(tmp_path):
    _, table = only_table(render_grid(tmp_path / "t.pdf", HEADER, POINT_BODY, rules="column-box"))
    assert grid_of(table)[-4:] == POINT_BODY


def test_column_rules_drawn_only_in_the_header_are_completed_from_where_the_words_stand(tmp_path):
    _, table = only_table(render_grid(tmp_path / "t.pdf", HEADER, POINT_BODY, rules="header-columns"))
    assert table.ruled and grid_of(table) == [["Land", "Andel\n(%)", "Antal", "Belopp"], *POINT_BODY]


def test_rules_only_between_columns_leave_each_printed_row_a_row(tmp_path):
    _, table = only_table(render_grid(tmp_path / "t.pdf", HEADER, POINT_BODY, rules="columns"))
    assert table.ruled and grid_of(table)[-4:] == POINT_BODY


def test_header_rows_above_the_numbers_become_the_column_headers(tmp_path):
    header = [["", "2023", "", "2022", ""], ["Förening", "Intäkter", "Resultat", "Intäkter", "Resultat"]]
    body = [["Brf Kastanjen", "1 234", "56", "1 100", "-12"], ["Brf Lönnen", "2 345", "78", "2 200", "34"]]
    document, table = only_table(render_grid(tmp_path / "t.pdf", header, body))
    assert grid_of(table) == [["", "2023", "", "2022", ""], *header[1:], *body]
    assert table_records(document, "x").tables[0].header_rows == 2


def test_a_ruled_list_of_one_column_is_kept_and_a_box_around_a_line_is_not(tmp_path):
    names = [["Bjuv"], ["Båstad"], ["Helsingborg"], ["Höganäs"]]
    _, table = only_table(render_grid(tmp_path / "list.pdf", [["Kommun"]], names, rules="grid"))
    assert grid_of(table) == [["Kommun"], *names]
    boxed = build_document(render_grid(tmp_path / "box.pdf", [], [["En rad text i en ruta"]], rules="grid"))
    assert boxed.pages[0].tables == ()


@pytest.mark.corpus
def test_the_finder_gets_three_quarters_of_the_icdar_2013_cells_ahead_of_pdfplumber():
    from tests import icdar as icdar_tables

    truth = icdar_tables.truth_tables()
    total = sum(sum(len(row) for row in t["grid"]) for t in truth)
    found = {name: icdar_tables.ours(icdar_tables.REALWORLD / "pdfs" / name)[0] for name in {t["file"] for t in truth}}
    plumbed = {name: icdar_tables.plumbers(icdar_tables.REALWORLD / "pdfs" / name)[0] for name in found}
    ours = sum(max((icdar_tables.matched_cells(t["grid"], c) for c in found[t["file"]].get(t["page"], [])), default=0)
               for t in truth)
    theirs = sum(max((icdar_tables.matched_cells(t["grid"], c) for c in plumbed[t["file"]].get(t["page"], [])), default=0)
                 for t in truth)
    assert (len(truth), total) == (68, 9222)
    assert ours / total >= 0.75 and ours > theirs, (ours, theirs, total)


@pytest.mark.parametrize("name, page", [
    ("camelot__tests__files__diesel_engines.pdf", 10),  # a row's words between the columns its header draws
    ("sample-files__009-pdflatex-geotopo__GeoTopo-komprimiert.pdf", 26),  # a digit set with no width
])
@pytest.mark.corpus
def test_pages_that_once_broke_the_finder_are_read_with_their_tables(name, page):
    from tests.conftest import REALWORLD

    document = build_document(REALWORLD / "pdfs" / name, pages=[page])
    assert document.pages[0].tables and not document.failed_pages


def test_a_page_the_table_finder_fails_on_keeps_its_text_and_says_so(tmp_path, monkeypatch):
    from extractors.pdf import document as document_module
    from extractors.records.reports_and_pages import reading_findings

    def broken(*args, **kwargs):
        raise TypeError("a bug in the finder")

    path = render_grid(tmp_path / "t.pdf", HEADER, POINT_BODY, rules="grid")
    monkeypatch.setattr(document_module, "find_unruled_tables", broken)
    monkeypatch.setattr(document_module, "grid_to_table", broken)
    [page] = build_document(path).pages
    assert page.tables == () and "2,753,438" in page.text and "United States" in page.text
    [finding] = [f for f in reading_findings(build_document(path), "x", None, 0) if "tables could not be" in f.message]
    assert "TypeError: a bug in the finder" in finding.message and finding.page == 1
