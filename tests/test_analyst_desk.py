"""The analyst's desk: the headline figures of every organisation from any chart, and any table or query exported
to CSV, Parquet and Excel, opened back with the library that wrote it."""

from __future__ import annotations

import csv
import subprocess
import sys

import duckdb
import pytest

import warehouse
from extractors import build_document
from tests import statement_gold
from tests.conftest import PROJECT_ROOT, load_sample

ANY_REPORT = PROJECT_ROOT.parent / "shared" / "any-report"
REALWORLD_SV = PROJECT_ROOT.parent / "shared" / "realworld-sv"
RESULT_LABELS = {"årets resultat"}


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A warehouse of the larger reports and three housing cooperatives, each read as the pipeline reads it."""
    path = tmp_path_factory.mktemp("desk") / "w.duckdb"
    connection = warehouse.connect(path)
    files = [ANY_REPORT / "pdfs" / name for name in ("kommun-angelholm-ar-2021.pdf", "kommun-kramfors-ar-2018.pdf",
                                                     "forening-kalmar-nation-bokslut-2025.pdf", "ab-qben-infra-ar-2024.pdf")]
    files += [REALWORLD_SV / "pdfs" / name for name in ("brf-46160.pdf", "brf-kastanjen-4.pdf", "brf-the-brick-terra.pdf")]
    for file in files:
        load_sample(connection, file.name, build_document(file))
    connection.close()
    return path


@pytest.mark.corpus
def test_key_financials_has_the_headline_figures_of_every_organisation_and_entity_from_its_own_chart(desk):
    connection = duckdb.connect(str(desk), read_only=True)
    latest = {}
    for organisation, entity, year, concept, amount in connection.execute(
            "select organisation, entity, fiscal_year, concept, amount_sek from key_financials where latest_year").fetchall():
        latest.setdefault((organisation, entity, year), {})[concept] = amount
    assert {(o, e) for o, e, _ in latest} == {
        ("Ängelholms kommun", "kommun"), ("Ängelholms kommun", "kommunkoncern"),
        ("Kramfors kommun", "kommun"), ("Kramfors kommun", "kommunkoncern"), ("Kalmar Nation", None),
        ("Qben Infra AB (publ)", "koncern"), ("Qben Infra AB (publ)", "moderbolag"),
        ("Brf Friskytten", None), ("Brf Kastanjen 4", None), ("Brf The BRiCK Terra", None)}
    for key, figures in latest.items():
        assert {"revenue", "result_for_the_year", "total_assets", "equity"} <= set(figures), key
        if key[0].endswith("kommun"):  # a municipality's own figures beside them
            assert {"net_cost", "tax_revenue", "general_grants"} <= set(figures), key
    # the figures are the statements' own: every result for the year equals the gold's "Årets resultat"
    gold = [row for corpus in (ANY_REPORT, REALWORLD_SV)
            for row in csv.DictReader((corpus / "gold" / "statements.csv").read_text(encoding="utf-8").splitlines())
            if row["statement"] == "resultatrakning" and statement_gold.norm(row["label"]) in RESULT_LABELS
            and (row.get("kind") or "actual") == "actual"]
    results = connection.execute("select source_report_id, entity, fiscal_year, amount_sek from key_financials "
                                 "where concept = 'result_for_the_year'").fetchall()
    expected = {(row["file"].removesuffix(".pdf"), row.get("entity") or None, int(row["fiscal_year"])): int(row["amount_sek"])
                for row in gold}
    compared = [(key, amount) for *key, amount in results if tuple(key) in expected]
    assert len(compared) >= 20 and all(amount == expected[tuple(key)] for key, amount in compared), compared
    # a budget is never a headline figure: Ängelholm's budgeted result 2021 (24,2 mnkr) is not its result
    assert latest[("Ängelholms kommun", "kommun", 2021)]["result_for_the_year"] == 198_300_000
    connection.close()


@pytest.mark.corpus
def test_a_statement_that_prints_two_lines_read_as_one_chart_line_gives_the_total_and_never_disagrees_with_itself(
        tmp_path):
    # brf-275608 prints "Rörelseintäkter" (its other operating income, 49 730) above "Summa rörelseintäkter"
    # (1 957 017), and both read as rr_summa_rorelseintakter: which of the two a reader got used to depend on the
    # order DuckDB met the rows in, and the one report "disagreed" with itself.
    connection = warehouse.connect(tmp_path / "w.duckdb")
    file = REALWORLD_SV / "pdfs" / "brf-275608.pdf"
    load_sample(connection, file.name, build_document(file))
    assert connection.execute(
        "select fiscal_year, amount_sek, label, reports_stating, reports_disagree from statement_history "
        "where line_item = 'rr_summa_rorelseintakter' order by 1").fetchall() == [
        (2022, 2_001_599, "Summa rörelseintäkter", 1, False), (2023, 1_957_017, "Summa rörelseintäkter", 1, False)]
    assert connection.execute(
        "select fiscal_year, amount_sek from key_financials where concept = 'revenue' order by 1").fetchall() == [
        (2022, 2_001_599), (2023, 1_957_017)]
    connection.close()


@pytest.mark.corpus
def test_a_statement_without_a_line_for_a_headline_figure_says_so(desk):
    connection = duckdb.connect(str(desk), read_only=True)
    messages = [m for (m,) in connection.execute(
        "select message from extraction_findings where report_id = 'kommun-kramfors-ar-2018'").fetchall()]
    connection.close()
    # Kramfors prints no "Verksamhetens resultat": no operating result, said for each entity
    assert sum("prints no line that gives operating_result" in m for m in messages) == 2


@pytest.mark.corpus
@pytest.mark.parametrize("ending", [".csv", ".parquet", ".xlsx"])
def test_any_table_or_query_exports_to_a_file_that_opens_back_the_same(desk, tmp_path, ending):
    target = tmp_path / f"key_financials{ending}"
    done = subprocess.run([sys.executable, "-m", "warehouse.export", "key_financials", str(target), "--warehouse", str(desk)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    connection = duckdb.connect(str(desk), read_only=True)
    columns = [c for c, *_ in connection.execute("describe key_financials").fetchall()]
    want = connection.execute("select * from key_financials order by all").fetchall()
    connection.close()
    assert done.stdout.strip() == f"{len(want)} row(s) written to {target}"
    if ending == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target, read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == columns
        got = sorted(rows[1:], key=lambda r: tuple((v is None, str(v)) for v in r))
        want = sorted(want, key=lambda r: tuple((v is None, str(v)) for v in r))
        assert got == want  # whole kronor stay integers, names stay as printed
    else:
        reader = duckdb.connect()
        source = f"read_csv('{target}', header = true)" if ending == ".csv" else f"read_parquet('{target}')"
        got = reader.execute(f"select * from {source} order by all").fetchall()
        assert [tuple(map(str, r)) for r in got] == [tuple(map(str, r)) for r in want]


def test_an_export_of_what_the_warehouse_does_not_hold_says_so_and_writes_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    warehouse.connect(path).close()
    target = tmp_path / "out.xlsx"
    done = subprocess.run([sys.executable, "-m", "warehouse.export", "select * from no_such_table", str(target),
                           "--warehouse", str(path)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and "no_such_table" in done.stderr and not target.exists()
    done = subprocess.run([sys.executable, "-m", "warehouse.export", "reports", str(tmp_path / "out.json"),
                           "--warehouse", str(path)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and ".csv, .parquet or .xlsx" in done.stderr


@pytest.mark.corpus
def test_statement_facts_holds_every_amount_with_its_organisation_and_canonical_line(desk):
    connection = duckdb.connect(str(desk), read_only=True)
    assert connection.execute("select count(*) from statement_facts").fetchone() == connection.execute(
        "select count(*) from financial_facts").fetchone()
    rows = connection.execute("""
        select organisation, org_number, entity, kind, period, line_item_name, amount_sek, unit, precision
        from statement_facts where report_id = 'kommun-angelholm-ar-2021' and line_item = 'k_rr_arets_resultat'
        order by kind, entity, fiscal_year""").fetchall()
    connection.close()
    assert rows == [
        ("Ängelholms kommun", None, "kommun", "actual", "Utfall 2020", "Årets resultat", 129_500_000, "mnkr", 100_000),
        ("Ängelholms kommun", None, "kommun", "actual", "Utfall 2021", "Årets resultat", 198_300_000, "mnkr", 100_000),
        ("Ängelholms kommun", None, "kommunkoncern", "actual", "Koncern 2020", "Årets resultat", 133_900_000, "mnkr", 100_000),
        ("Ängelholms kommun", None, "kommunkoncern", "actual", "Koncern 2021", "Årets resultat", 225_400_000, "mnkr", 100_000),
        ("Ängelholms kommun", None, "kommun", "budget", "Budget 2021", "Årets resultat", 24_200_000, "mnkr", 100_000),
    ]


@pytest.mark.corpus
def test_every_finding_on_the_larger_reports_is_kept_with_its_key_and_said_in_swedish(desk, tmp_path):
    """The municipalities', the group's, the association's and the cooperatives' findings (some 40 of the
    extractors, more of the checks), each said in Swedish for the audit pages."""
    from tests.test_findings_language import assert_said_in_swedish

    assert_said_in_swedish(desk, tmp_path, least=40)
