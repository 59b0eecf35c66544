"""The statements of a report become one fact per (line, fiscal year), wherever and however printed."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from extractors import build_document
from extractors.records.report_metadata import report_year
from extractors.records.statements import extract_statements
from schemas.reports import report_id_for
from tests.conftest import REPORT_2022, REPORT_2024, SAMPLE_REPORTS, gold_rows, sample_document
from tests.render import TableLayout, render_table


def extracted(file_name: str):
    document = sample_document(file_name)
    return extract_statements(document, report_id_for(file_name), report_year(document))


def test_every_gold_row_is_extracted_and_nothing_else():
    gold = {
        (g["report_file"], int(g["page"]), g["statement"], int(g["fiscal_year"]), g["label"], int(g["amount_sek"]))
        for g in gold_rows("financial_lines.csv")
    }
    found = [
        (name, f.page, f.statement, f.fiscal_year, f.label, f.amount_sek)
        for name in SAMPLE_REPORTS
        for f in extracted(name).facts
    ]
    assert len(found) == len(set(found))  # every figure lands once
    assert set(found) == gold


def test_the_samples_leave_no_findings_and_no_unmatched_label():
    results = [extracted(name) for name in SAMPLE_REPORTS]
    assert sum(len(result.facts) for result in results) == len(gold_rows("financial_lines.csv"))
    assert [finding.message for result in results for finding in result.findings] == []
    assert [f.label for result in results for f in result.facts if f.line_item is None] == []


def test_each_fact_keeps_the_boxes_of_its_amount_and_label():
    page = sample_document(REPORT_2024).page(11)
    facts = extracted(REPORT_2024).facts
    assert facts
    for fact in facts:
        amount_words = [w.text for w in page.words if _inside(w.bbox, (fact.x0, fact.top, fact.x1, fact.bottom))]
        assert " ".join(amount_words).replace(" ", "") == fact.amount_text.replace(" ", "")
        label_words = [w.text for w in page.words if _inside(w.bbox, (fact.label_x0, fact.label_top, fact.label_x1, fact.label_bottom))]
        assert " ".join(label_words) == fact.label
        assert fact.label_x1 < fact.x0  # the label stands left of its amount


def _inside(box, region) -> bool:
    x0, top, x1, bottom = region
    return x0 - 0.5 <= box.x0 and box.x1 <= x1 + 0.5 and top - 0.5 <= box.top and box.bottom <= bottom + 0.5


def test_both_reports_state_2022_alike():
    facts_2022 = {
        name: {(f.line_item, f.amount_sek) for f in extracted(name).facts if f.statement == "resultatrapport" and f.fiscal_year == 2022}
        for name in (REPORT_2022, REPORT_2024)
    }
    assert len(facts_2022[REPORT_2022]) == 14
    assert facts_2022[REPORT_2022] == facts_2022[REPORT_2024]


# --------------------------------------------------------- other layouts


def statement(report: str) -> tuple[list[str], OrderedDict]:
    """A report's income statement from the gold file: years, and label -> year -> printed amount."""
    years: list[str] = []
    lines: OrderedDict[str, dict[str, str]] = OrderedDict()
    for g in gold_rows("financial_lines.csv"):
        if g["report_file"] == report and g["statement"] == "resultatrapport":
            years.append(g["fiscal_year"]) if g["fiscal_year"] not in years else None
            amount = int(g["amount_sek"])
            lines.setdefault(g["label"], {})[g["fiscal_year"]] = ("-" if amount < 0 else "") + f"{abs(amount):,}".replace(",", " ")
    return years, lines


def specification(report: str, kind: str) -> list[list[str]]:
    return [
        [g["label"], ("-" if int(g["amount_sek"]) < 0 else "") + f"{abs(int(g['amount_sek'])):,}".replace(",", " ")]
        for g in gold_rows("financial_lines.csv")
        if g["report_file"] == report and g["statement"] == kind
    ]


def expected_facts(report: str) -> set[tuple]:
    return {
        (g["statement"], int(g["fiscal_year"]), g["label"], int(g["amount_sek"]))
        for g in gold_rows("financial_lines.csv")
        if g["report_file"] == report and g["statement"] in ("resultatrapport", "disposition_specifikation")
    }


def rows_for(years, lines, order=None, wrap=False):
    order = order or years
    rows = [["RESULTATRAPPORT (SEK)", *order]]
    for label, by_year in lines.items():
        printed = label.replace(", se bilaga 2", ",\nse bilaga 2") if wrap else label
        rows.append([printed, *(by_year[y] for y in order)])
    return rows


LAYOUTS = {
    "single-unruled": (TableLayout(), {}),
    "single-ruled-times": (TableLayout(font="Times-Roman", bold_font="Times-Bold", size=10, ruled=True, row_height=18), {}),
    "dotted-leaders": (TableLayout(leaders=True, label_width=300), {}),
    "small-courier": (TableLayout(font="Courier", size=7, label_width=280, column_width=64, row_height=11), {}),
    "two-columns": (
        TableLayout(size=7.5, label_width=170, column_width=48, x=36, row_height=12),
        {"beside": ["Samarbetskommittén har haft sex möten under året.", "Årsbudgeten uppgick till 10 020 000 kr.",
                    "Kommunerna samverkar inom många områden."], "wrap": True},
    ),
    "on-page-three": (TableLayout(size=9.5, top=300), {"blank_pages_before": 2}),
    "years-ascending": (TableLayout(), {"order": "ascending"}),
    "wrapped-labels-ruled": (TableLayout(ruled=True), {"wrap": True}),
}


@pytest.mark.parametrize("layout_name", list(LAYOUTS))
def test_the_2024_statements_give_the_same_facts_in_other_layouts(tmp_path, layout_name):
    layout, options = LAYOUTS[layout_name]
    years, lines = statement(REPORT_2024)
    order = sorted(years) if options.get("order") == "ascending" else years
    pdf = render_table(
        tmp_path / f"{layout_name}.pdf",
        rows_for(years, lines, order, wrap=options.get("wrap", False)),
        layout,
        heading="Bilaga 1 Ekonomi",
        blank_pages_before=options.get("blank_pages_before", 0),
        beside=options.get("beside", ()),
        caption_lines=[(
            "Specifikation av övriga insatser, disposition av medel att förfoga över 2024:",
            specification(REPORT_2024, "disposition_specifikation"),
        )],
    )
    document = build_document(pdf)
    result = extract_statements(document, "rendered", 2024)
    found = {(f.statement, f.fiscal_year, f.label, f.amount_sek) for f in result.facts}
    assert result.findings == []
    assert found == expected_facts(REPORT_2024)
    assert {f.page for f in result.facts} == {1 + options.get("blank_pages_before", 0)}


def test_a_statement_without_year_columns_is_a_finding_not_a_guess(tmp_path):
    years, lines = statement(REPORT_2024)
    rows = [["RESULTATRAPPORT (SEK)", "i år", "i fjol", "förra"]] + rows_for(years, lines)[1:]
    pdf = render_table(tmp_path / "no-years.pdf", rows, TableLayout(ruled=True), heading="Bilaga 1 Ekonomi")
    result = extract_statements(build_document(pdf), "no-years", 2024)
    assert result.facts == []
    assert [(f.severity, f.page) for f in result.findings] == [("error", 1)]
    assert "has no header row of years" in result.findings[0].message


def test_a_cell_that_is_not_a_number_is_named_and_the_rest_still_loads(tmp_path):
    years, lines = statement(REPORT_2024)
    rows = rows_for(years, lines)
    rows[3][2] = "se not"  # Övriga intäkter - Familjen Helsingborg, 2023
    pdf = render_table(tmp_path / "bad-cell.pdf", rows, TableLayout(ruled=True))
    result = extract_statements(build_document(pdf), "bad-cell", 2024)
    assert len(result.facts) == 14 * 3 - 1
    assert [f.message for f in result.findings] == [
        "cell 'se not' for 'Övriga intäkter - Familjen Helsingborg', 2023, on page 1 is not a number"
    ]
    finding = result.findings[0]
    assert finding.page == 1 and finding.x0 is not None and finding.x0 < finding.x1


def test_an_unknown_label_is_loaded_unmatched_and_reported(tmp_path):
    years, lines = statement(REPORT_2024)
    rows = rows_for(years, lines)
    rows.insert(5, ["Lönekostnader", "-1 000", "-2 000", "-3 000"])
    pdf = render_table(tmp_path / "unknown.pdf", rows, TableLayout())
    result = extract_statements(build_document(pdf), "unknown", 2024)
    unmatched = [(f.label, f.fiscal_year, f.amount_sek) for f in result.facts if f.line_item is None]
    assert unmatched == [("Lönekostnader", 2024, -1000), ("Lönekostnader", 2023, -2000), ("Lönekostnader", 2022, -3000)]
    assert [f.severity for f in result.findings] == ["warning"]
    assert "'Lönekostnader' on page 1 matches no line of resultatrapport" in result.findings[0].message


def test_each_fact_under_a_printed_year_header_carries_that_period():
    facts = [f for name in SAMPLE_REPORTS for f in extracted(name).facts if f.statement == "resultatrapport"]
    assert len(facts) == sum(1 for g in gold_rows("financial_lines.csv") if g["statement"] == "resultatrapport")
    assert [(f.label, f.fiscal_year, f.period) for f in facts if f.period != str(f.fiscal_year)] == []
