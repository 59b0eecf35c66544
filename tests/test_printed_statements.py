"""Any annual report's statements, read as they are printed: rendered in the layouts real reports use, and the
real reports of `../shared/realworld-sv/` against their hand-checked gold."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extractors import build_document
from extractors.records.statements import extract_statements
from tests import statement_gold
from tests.conftest import PROJECT_ROOT

CORPUS = PROJECT_ROOT.parent / "shared" / "realworld-sv"


@dataclass(frozen=True)
class Line:
    label: str
    amounts: tuple[int, int] | None = None  # (this year, last year) in SEK; None for a section heading
    note: str | None = None
    bold: bool = False


INCOME = [
    Line("Rörelseintäkter", bold=True),
    Line("Nettoomsättning", (1_234_000, 1_100_000), "2"),
    Line("Övriga rörelseintäkter", (12_000, 0)),
    Line("Summa rörelseintäkter", (1_246_000, 1_100_000), bold=True),
    Line("Rörelsekostnader", bold=True),
    Line("Driftskostnader", (-800_000, -750_000), "3"),
    Line("Avskrivningar av materiella anläggningstillgångar", (-200_000, -200_000), "4"),
    Line("Summa rörelsekostnader", (-1_000_000, -950_000), bold=True),
    Line("Rörelseresultat", (246_000, 150_000), bold=True),
    Line("Årets resultat", (246_000, 150_000), bold=True),
]
ASSETS = [
    Line("TILLGÅNGAR", bold=True),
    Line("Anläggningstillgångar", bold=True),
    Line("Byggnader och mark", (5_000_000, 5_100_000), "5"),
    Line("", (5_000_000, 5_100_000)),  # a subtotal printed under a rule, with no label
    Line("Summa anläggningstillgångar", (5_000_000, 5_100_000), bold=True),
    Line("Omsättningstillgångar", bold=True),
    Line("Kassa och bank", (300_000, 200_000)),
    Line("Summa omsättningstillgångar", (300_000, 200_000), bold=True),
    Line("SUMMA TILLGÅNGAR", (5_300_000, 5_300_000), bold=True),
]
EQUITY = [
    Line("EGET KAPITAL OCH SKULDER", bold=True),
    Line("Bundet eget kapital", bold=True),
    Line("Medlemsinsatser", (1_000_000, 1_000_000)),
    Line("Fritt eget kapital", bold=True),
    Line("Årets resultat", (246_000, 150_000)),
    Line("Summa eget kapital", (1_246_000, 1_150_000), bold=True),
    Line("Långfristiga skulder", bold=True),
    Line("Skulder till kreditinstitut", (3_554_000, 4_000_000), "6"),
    Line("Kortfristiga skulder", bold=True),
    Line("Skulder till kreditinstitut", (500_000, 150_000), "6"),
    Line("SUMMA EGET KAPITAL OCH SKULDER", (5_300_000, 5_300_000), bold=True),
]

LAYOUTS = ["header_row", "periods_above", "tkr_front", "signature_margin"]


def _amount(value: int, tkr: bool) -> str:
    value = value // 1000 if tkr else value
    text = f"{abs(value):,}".replace(",", " ")
    return f"-{text}" if value < 0 else text


def render_report(path: Path, layout: str, front: Sequence[str] = ()) -> Path:
    """A short annual report: a front page (with `front`'s lines), the income statement, a balance sheet over two pages."""
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4)
    tkr = layout == "tkr_front"
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(60, height - 80, "Årsredovisning för Brf Exempel")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, height - 110, "Organisationsnummer 769600-1234")
    if tkr:
        canvas.drawString(60, height - 130, "Om inte annat särskilt anges redovisas alla belopp i tusental kronor (tkr).")
    for number, line in enumerate(front):
        canvas.drawString(60, height - 170 - 16 * number, line)
    canvas.showPage()
    columns = (430.0, 520.0) if layout != "periods_above" else (445.0, 535.0)  # right edges of the year columns
    note_x = 350.0

    def statement_page(heading: str | None, lines: list[Line], periods: tuple[str, str], side: str | None) -> None:
        y = height - 70
        if heading:
            canvas.setFont("Helvetica-Bold", 15)
            canvas.drawString(60, y, heading)
            y -= 34
        canvas.setFont("Helvetica-Bold", 9)
        if layout == "periods_above":  # the periods above the table, over two lines, and no Not column
            for line_no, part in enumerate(("start", "end")):
                for right, period in zip(columns, periods, strict=True):
                    text = period.split(" ")[0] if part == "start" else period.split(" ")[-1]
                    if " " in period or part == "end":
                        canvas.drawRightString(right, y - 11 * line_no, text)
            y -= 30
        else:  # the header a row of the table: what it covers at the left, Not, then the periods
            canvas.drawString(60, y, side or "1 januari - 31 december")
            canvas.drawRightString(note_x, y, "Not")
            for right, period in zip(columns, periods, strict=True):
                canvas.drawRightString(right, y, period.split(" ")[-1] if " " in period and layout != "header_row" else period)
            y -= 22
        for line in lines:
            canvas.setFont("Helvetica-Bold" if line.bold else "Helvetica", 9)
            if line.label:
                canvas.drawString(60, y, line.label)
            if line.note:
                if layout == "periods_above":
                    canvas.drawString(60 + stringWidth(line.label, "Helvetica", 9) + 30, y, f"Not {line.note}")
                else:
                    canvas.drawRightString(note_x, y, line.note)
            if line.amounts:
                for right, value in zip(columns, line.amounts, strict=True):
                    canvas.drawRightString(right, y, _amount(value, tkr))
                if not line.label:
                    canvas.line(columns[0] - 60, y + 10, columns[1], y + 10)
            y -= 16 if line.amounts else 20
        if layout == "signature_margin":  # an e-signature stamp set up the right margin, beside the amounts
            canvas.saveState()
            canvas.translate(columns[1] + 14, height - 330)  # upwards past the rows' amounts, close to them
            canvas.rotate(90)
            canvas.setFont("Helvetica", 7)
            canvas.drawString(0, 0, "Penneo dokumentnyckel: 4JX2K-8PQ1R-77TQW-ZK3LM 9 0 1 Signerat 2024-03-14")
            canvas.restoreState()
        canvas.setFont("Helvetica", 8)
        canvas.drawCentredString(width / 2, 30, f"Sida {canvas.getPageNumber()} av 4")
        canvas.showPage()

    income_periods = ("2023-01-01 2023-12-31", "2022-01-01 2022-12-31")
    if layout == "header_row":
        income_periods = ("2023", "2022")
    statement_page("Resultaträkning", INCOME, income_periods, None)
    statement_page("Balansräkning", ASSETS, ("2023-12-31", "2022-12-31"), "TILLGÅNGAR" if layout != "header_row" else None)
    statement_page(None, EQUITY, ("2023-12-31", "2022-12-31"), "EGET KAPITAL OCH SKULDER")
    canvas.save()
    return path


def expected_facts() -> Counter:
    facts = Counter()
    for statement, lines in (("resultatrakning", INCOME), ("balansrakning", ASSETS + EQUITY)):
        for line in lines:
            if line.amounts:
                for year, value in zip((2023, 2022), line.amounts, strict=True):
                    facts[(statement, year, line.label, value, line.note)] += 1
    return facts


@pytest.fixture(scope="module")
def read_layouts(tmp_path_factory) -> dict[str, list]:
    out = tmp_path_factory.mktemp("layouts")
    return {layout: extract_statements(build_document(render_report(out / f"{layout}.pdf", layout)), layout, None)
            for layout in LAYOUTS}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_gives_the_same_facts(read_layouts, layout):
    extraction = read_layouts[layout]
    got = Counter((f.statement, f.fiscal_year, f.label, f.amount_sek, f.note) for f in extraction.facts)
    assert got == expected_facts()
    assert not [f.message for f in extraction.findings if f.severity == "error"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_structure_is_kept_sections_units_periods_and_codes(read_layouts, layout):
    facts = read_layouts[layout].facts
    by_label = {(f.statement, f.label, f.fiscal_year): f for f in facts}
    cash = by_label[("balansrakning", "Kassa och bank", 2023)]
    assert cash.section == "TILLGÅNGAR > Omsättningstillgångar" and cash.line_item == "br_kassa_och_bank"
    long_term = [f for f in facts if f.label == "Skulder till kreditinstitut" and f.fiscal_year == 2023]
    assert {(f.section, f.line_item) for f in long_term} == {
        ("EGET KAPITAL OCH SKULDER > Långfristiga skulder", "br_langfristiga_skulder_kreditinstitut"),
        ("EGET KAPITAL OCH SKULDER > Kortfristiga skulder", "br_kortfristiga_skulder_kreditinstitut"),
    }
    subtotal = [f for f in facts if f.label == "" and f.fiscal_year == 2022]
    assert len(subtotal) == 1 and subtotal[0].section == "TILLGÅNGAR > Anläggningstillgångar" and subtotal[0].line_item is None
    # The balance sheet over two pages is one statement: its equity side knows it is the balance sheet's.
    assert {f.page for f in facts if f.statement == "balansrakning"} == {3, 4}
    result = by_label[("resultatrakning", "Årets resultat", 2023)]
    assert result.line_item == "rr_arets_resultat" and result.fiscal_year == 2023
    if layout == "tkr_front":
        assert (result.unit, result.precision, result.amount_text) == ("tkr", 1000, "246")
    else:
        assert (result.unit, result.precision) == ("kr", 1)
    if layout == "periods_above":
        assert result.period == "2023-01-01 2023-12-31"


def test_the_rotated_stamp_beside_the_amounts_changes_nothing(read_layouts):
    stamped = read_layouts["signature_margin"].facts
    assert not any("Penneo" in f.label or "Signerat" in f.label for f in stamped)
    assert [(f.label, f.amount_sek) for f in stamped] == [(f.label, f.amount_sek) for f in read_layouts["header_row"].facts]


@pytest.mark.corpus
def test_the_real_reports_statements_match_their_gold():
    """Every gold row of the reports with a text layer, at most 2% of facts beyond the gold."""
    with open(CORPUS / "gold" / "statements.csv", encoding="utf-8") as handle:
        gold = [row for row in csv.DictReader(handle) if "skannad" not in row["file"]]
    found = beyond = facts_on_pages = 0
    for name in sorted({row["file"] for row in gold}):
        rows = [row for row in gold if row["file"] == name]
        facts = extract_statements(build_document(CORPUS / "pdfs" / name), Path(name).stem, None).facts
        found += statement_gold.found(rows, facts)
        outside, on_pages = statement_gold.beyond(rows, facts)
        beyond, facts_on_pages = beyond + outside, facts_on_pages + on_pages
    assert found == len(gold), f"{found} of {len(gold)} gold rows"
    assert beyond / facts_on_pages <= 0.02, f"{beyond} of {facts_on_pages} facts beyond the gold"


def test_a_statement_heading_with_nothing_read_under_it_makes_the_audit_say_errors(tmp_path):
    import warehouse
    from extractors.identity_resolution import resolve_identities
    from pipelines.extraction import extract_report
    from warehouse.audit import record_all_checks
    from warehouse.loader import replace_reports

    path = tmp_path / "utan-kolumner.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    canvas.setFont("Helvetica-Bold", 15)
    canvas.drawString(60, height - 70, "Resultaträkning")
    canvas.setFont("Helvetica", 9)
    for row, (label, amount) in enumerate([("Nettoomsättning", "1 234 000"), ("Driftskostnader", "-800 000"),
                                          ("Rörelseresultat", "434 000"), ("Årets resultat", "434 000"),
                                          ("Summa", "434 000")]):
        canvas.drawString(60, height - 110 - 16 * row, label)  # no period header: no column says which year
        canvas.drawRightString(430, height - 110 - 16 * row, amount)
    canvas.showPage()
    canvas.save()
    connection = warehouse.connect(tmp_path / "w.duckdb")
    rows = extract_report(build_document(path))
    assert rows.facts == [] and any(f.severity == "error" and "no amount was read" in f.message for f in rows.findings)
    replace_reports(connection, [rows], resolve_identities([], []))
    record_all_checks(connection)
    assert connection.execute("select audit_status from reports").fetchone() == ("errors",)


@pytest.mark.parametrize("sentence, finding", [
    ("Årets resultat uppgick till 246 000 kr.", None),  # as the statement says
    ("Årets resultat uppgick till 246 mnkr.", "about 1000 times the table: a unit misprinted?"),
    ("Årets resultat uppgick till 250 000 kr.", "off by 4000"),
])
def test_the_prose_result_is_held_against_any_reports_income_statement(tmp_path, sentence, finding):
    import warehouse
    from extractors.identity_resolution import resolve_identities
    from pipelines.extraction import extract_report
    from warehouse.audit import run_check
    from warehouse.loader import replace_reports

    path = render_report(tmp_path / "arsredovisning-2023.pdf", "header_row", front=[sentence])
    connection = warehouse.connect(tmp_path / "w.duckdb")
    replace_reports(connection, [extract_report(build_document(path))], resolve_identities([], []))
    messages = [f.message for f in run_check(connection, "prose_agrees_with_tables")]
    assert messages == [] if finding is None else (len(messages) == 1 and finding in messages[0]), messages


@pytest.mark.corpus
def test_a_report_whose_title_is_garbled_but_prints_statements_is_an_annual_report():
    from pipelines.extraction import extract_report

    rows = extract_report(build_document(CORPUS / "pdfs" / "brf-52576.pdf"))  # å/ä/ö garbled on its front page
    by_statement = Counter(f.statement for f in rows.facts)
    assert rows.report.document_type == "arsredovisning"
    assert by_statement["resultatrakning"] + by_statement["balansrakning"] == 86  # every gold row, nothing beyond
    assert by_statement["kassaflodesanalys"] > 0  # and its cash flow statement, garbled letters and all


@pytest.mark.corpus
def test_the_report_year_is_the_fiscal_year_each_real_report_names():
    """From the sentence that names the fiscal year ("för räkenskapsåret ...", "för tiden 2022-01-01 -
    2022-12-31"), read on the first two pages (by OCR on the scanned ones), before any heading's year."""
    import json

    from extractors.records.report_metadata import report_year

    gold = json.loads((CORPUS / "gold" / "reports.json").read_text(encoding="utf-8"))
    expected = {r["file"]: r["report_year"] for r in gold if r.get("report_year")}
    assert len(expected) == 17
    read = {name: report_year(build_document(CORPUS / "pdfs" / name, pages=[1, 2])) for name in expected}
    assert read == expected


@pytest.mark.corpus
def test_no_record_of_a_real_report_holds_a_control_character():
    """brf-81732's fonts map its ligatures to NUL ("u\\x00allet" for "utfallet"): each is U+FFFD in the
    document model and in every record, so the warehouse stores no NUL and its pages' text stays searchable."""
    from pipelines.extraction import extract_report

    document = build_document(CORPUS / "pdfs" / "brf-81732.pdf", ocr=None)
    marked = [w.text for page in document.pages for w in page.words if "\ufffd" in w.text]
    assert len(marked) > 100
    rows = extract_report(document)
    texts = [value for records in rows.tables().values() for record in records
             for value in record.model_dump().values() if isinstance(value, str)]
    assert len(texts) > 1000
    assert [text for text in texts if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)] == []
    assert sum("\ufffd" in text for text in texts) > 100
