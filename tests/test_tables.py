"""Tables are found, ruled and unruled, as rows of cells that keep their positions."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import OrderedDict

import pytest

from extractors import Table, build_document
from extractors.pdf.table_amounts import is_amount, parse_amount
from tests.conftest import PROJECT_ROOT, RAW_REPORTS, REPORT_2022, REPORT_2024, gold_rows, sample_document
from tests.render import TableLayout, render_table

YEARS = {str(y) for y in range(1990, 2100)}


def header_years(table: Table) -> list[str] | None:
    """The year of each column, from the first row whose amount cells are all years."""
    for row in table.rows:
        texts = [cell.text if cell else "" for cell in row[1:]]
        if texts and all(t in YEARS for t in texts if t) and any(texts):
            return texts
    return None


def facts(table: Table) -> list[tuple[str, str | None, int]]:
    """(label, year of the column or None, amount) for every amount cell of a table."""
    years = header_years(table)
    found = []
    for row in table.rows:
        label = row[0].text if row[0] else ""
        for index, cell in enumerate(row[1:]):
            if cell is None or not is_amount(cell.text) or (years and cell.text == years[index]):
                continue
            found.append((label, years[index] if years else None, parse_amount(cell.text)))
    return found


def test_every_gold_amount_stands_in_a_table_cell_on_its_page():
    missing = []
    for gold in gold_rows("financial_lines.csv"):
        page = sample_document(gold["report_file"]).page(int(gold["page"]))
        page_facts = [f for table in page.tables for f in facts(table)]
        year = gold["fiscal_year"]
        wanted = (gold["label"], int(gold["amount_sek"]))
        if not any((label, amount) == wanted and (column in (None, year)) for label, column, amount in page_facts):
            missing.append((gold["report_file"], gold["page"], year, *wanted))
    assert missing == []


def test_the_2022_statement_is_a_ruled_table_and_the_2024_one_unruled():
    ruled = [t for t in sample_document(REPORT_2022).page(21).tables if t.ruled]
    unruled = [t for t in sample_document(REPORT_2024).page(11).tables if not t.ruled]
    assert ruled and header_years(ruled[0]) == ["2022", "2021", "2020"]
    assert unruled and header_years(unruled[0]) == ["2024", "2023", "2022"]


def test_table_cells_keep_the_position_of_what_they_hold():
    table = sample_document(REPORT_2024).page(11).tables[0]
    page = sample_document(REPORT_2024).page(11)
    assert sum(len(cell.words) for cell in table.cells) > 100  # the statement's labels and amounts
    for cell in table.cells:
        for word in cell.words:
            box = cell.bbox
            assert box.x0 - 0.01 <= word.bbox.x0 and word.bbox.x1 <= box.x1 + 0.01
            assert box.top - 0.01 <= word.bbox.top and word.bbox.bottom <= box.bottom + 0.01
        assert 0 <= cell.bbox.x0 < cell.bbox.x1 <= page.width


def test_prose_with_numbers_is_not_a_table():
    page = sample_document(REPORT_2024).page(3)
    assert page.tables == ()


# --------------------------------------------------------- rendered layouts


def statement_2024() -> tuple[list[str], OrderedDict[str, dict[str, str]]]:
    """The 2024 income statement as printed, from the gold file: years, then label -> year -> amount."""
    years: list[str] = []
    lines: OrderedDict[str, dict[str, str]] = OrderedDict()
    for gold in gold_rows("financial_lines.csv"):
        if gold["report_file"] != REPORT_2024 or gold["statement"] != "resultatrapport":
            continue
        if gold["fiscal_year"] not in years:
            years.append(gold["fiscal_year"])
        amount = int(gold["amount_sek"])
        printed = f"{abs(amount):,}".replace(",", " ")
        lines.setdefault(gold["label"], {})[gold["fiscal_year"]] = ("-" if amount < 0 else "") + printed
    return years, lines


def statement_rows(years: list[str], lines, wrap_long_labels: bool = False) -> list[list[str]]:
    rows = [["RESULTATRAPPORT (SEK)", *years]]
    for label, by_year in lines.items():
        if label == "Ersättning från medlemskommuner":
            rows.append(["Verksamhetens intäkter"])
        if label == "Övriga externa kostnader":
            rows.append(["Verksamhetens kostnader"])
        printed = label.replace(", se bilaga 2", ",\nse bilaga 2") if wrap_long_labels else label
        rows.append([printed, *(by_year[y] for y in years)])
    return rows


LAYOUTS = {
    "unruled-helvetica": TableLayout(),
    "ruled-times": TableLayout(font="Times-Roman", bold_font="Times-Bold", size=10, ruled=True, row_height=18),
    "unruled-courier-narrow": TableLayout(font="Courier", bold_font="Courier-Bold", size=7.5, label_width=290, column_width=70),
    "unruled-landscape-wide": TableLayout(landscape=True, label_width=330, column_width=120, x=80, size=10),
    "ruled-large-offset": TableLayout(size=11, row_height=20, x=30, top=200, ruled=True, label_width=300, column_width=88),
}


@pytest.mark.parametrize("layout_name", list(LAYOUTS))
@pytest.mark.parametrize("wrap", [False, True], ids=["one-line-labels", "wrapped-labels"])
def test_the_2024_statement_reads_the_same_in_other_layouts(tmp_path, layout_name, wrap):
    years, lines = statement_2024()
    layout = LAYOUTS[layout_name]
    pdf = render_table(tmp_path / "statement.pdf", statement_rows(years, lines, wrap), layout, heading="Bilaga 1 Ekonomi")
    tables = build_document(pdf).page(1).tables
    assert len(tables) == 1
    assert tables[0].ruled is layout.ruled
    expected = {(label, year, parse_amount(amount)) for label, by_year in lines.items() for year, amount in by_year.items()}
    assert set(facts(tables[0])) == expected


def test_columns_in_another_year_order_keep_their_years(tmp_path):
    years, lines = statement_2024()
    reversed_years = list(reversed(years))
    pdf = render_table(tmp_path / "reversed.pdf", statement_rows(reversed_years, lines), TableLayout())
    table = build_document(pdf).page(1).tables[0]
    assert header_years(table) == reversed_years
    expected = {(label, year, parse_amount(amount)) for label, by_year in lines.items() for year, amount in by_year.items()}
    assert set(facts(table)) == expected


def test_a_table_on_a_later_page_is_found_there(tmp_path):
    years, lines = statement_2024()
    pdf = render_table(tmp_path / "later.pdf", statement_rows(years, lines), TableLayout(), blank_pages_before=2)
    document = build_document(pdf)
    assert [len(page.tables) for page in document.pages] == [0, 0, 1]


def command_line(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors", *args], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          check=True)


def test_the_command_line_prints_tables_as_json_in_a_stable_format():
    payload = json.loads(command_line(str(RAW_REPORTS / REPORT_2024), "--pages", "11", "--tables", "--json").stdout)
    assert [entry["page"] for entry in payload["pages"]] == [11]
    table = payload["pages"][0]["tables"][0]
    assert table["rows"][0] == ["RESULTATRAPPORT (SEK)", "2024", "2023", "2022"]
    assert table["rows"][1][:2] == ["Ingående medel att förfoga över", "8 390 299"]
    x0, top, x1, bottom = table["cell_boxes"][1][1]
    assert x0 < x1 and top < bottom
    tx0, ttop, tx1, tbottom = table["bbox"]
    assert tx0 <= x0 and x1 <= tx1 and ttop <= top and bottom <= tbottom


def test_the_command_line_prints_tables_as_text_grids():
    result = command_line(str(RAW_REPORTS / REPORT_2024), "--pages", "11", "--tables")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("--- page 11, table 1 (unruled, ")
    assert [cell.strip() for cell in lines[2].split("|")] == ["Ingående medel att förfoga över", "8 390 299", "7 015 464",
                                                              "7 070 065"]
    assert len({line.index("|") for line in lines[1:18]}) == 1  # the columns line up
    assert "read page(s) 11 only" in result.stderr  # says what reading one page changes


def test_the_command_line_says_a_page_is_blank(tmp_path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(tmp_path / "tom.pdf"))
    pdf.drawString(72, 770, "Sida ett")
    pdf.showPage()
    pdf.showPage()  # nothing on page 2
    pdf.save()
    result = command_line(str(tmp_path / "tom.pdf"))
    assert "note: tom.pdf, page 2: blank (nothing printed on it)" in result.stderr
    assert "--- page 2 ---" in result.stdout


def test_the_command_line_prints_reading_order_text():
    result = subprocess.run(
        [sys.executable, "-m", "extractors", str(RAW_REPORTS / REPORT_2024), "--pages", "3"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    )
    assert result.stdout.startswith("--- page 3 ---\nSamarbetskommittén Familjen Helsingborg\n")
    assert "består av elva kommuner som slutit avtal" in result.stdout


def test_numbered_lines_of_prose_are_not_a_table(tmp_path):
    # Line numbers in the margin (as in the real-world corpus' freeculture.pdf)
    # stand in a column of integers beside text, but count 1, 2, 3 ...
    rows = [[f"Rad {n} av en löpande text som fortsätter på nästa rad och", str(n)] for n in range(1, 9)]
    pdf = render_table(tmp_path / "numbered.pdf", rows, TableLayout(label_width=320, column_width=40))
    assert build_document(pdf).page(1).tables == ()


def test_a_real_column_of_integers_is_still_a_table(tmp_path):
    rows = [["Möten", "6"], ["Nätverk", "40"], ["Kommuner", "11"]]
    pdf = render_table(tmp_path / "counts.pdf", rows, TableLayout())
    tables = build_document(pdf).page(1).tables
    assert [[c.text for c in row] for row in tables[0].rows] == rows


@pytest.mark.parametrize("where", ["header", "heading"])
def test_a_table_whose_header_or_heading_states_its_unit_gives_each_number_that_unit_and_its_sek(tmp_path, where):
    from extractors.records.report_tables import table_records

    rows = [["Nyckeltal", "2024", "2023"], ["Nettoomsättning", "52,0", "48,3"], ["Soliditet, %", "41 %", "39 %"],
            ["Avgift per kvm", "591 kr/kvm", "570 kr/kvm"]]
    if where == "header":
        rows[0][0] = "Belopp i mnkr"
        pdf = render_table(tmp_path / "oversikt.pdf", rows, TableLayout(), heading="Flerårsöversikt")
    else:
        pdf = render_table(tmp_path / "oversikt.pdf", rows, TableLayout(), heading="Flerårsöversikt (mnkr)")
    records = table_records(build_document(pdf), "x")
    numbers = {(c.row_index, c.column_index): c for c in records.cells if c.number is not None}
    assert len(numbers) == 6
    turnover = numbers[(1, 1)]
    assert (turnover.number, turnover.unit, turnover.unit_stated_by, turnover.amount_sek) == (52.0, "mnkr", where, 52_000_000)
    assert numbers[(1, 2)].amount_sek == 48_300_000
    share = numbers[(2, 1)]  # its own unit: a share, not money
    assert (share.unit, share.unit_stated_by, share.amount_sek) == ("%", "cell", None)
    fee = numbers[(3, 1)]  # money per square metre is no amount of SEK
    assert (fee.unit, fee.unit_stated_by, fee.amount_sek) == ("kr/kvm", "cell", None)
