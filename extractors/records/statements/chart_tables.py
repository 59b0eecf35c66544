"""This cooperation's income statement and its specifications, read from the tables that match its chart.

A statement is recognised by what it says, never by where it stands: a table
whose labels match at least `min_chart_rows` lines of the income statement
(resultatrapport) in the chart is one; a table captioned (by the block just
above it, or by a row inside it) with a specification's caption is that
specification. Columns are mapped to fiscal years from the table's header
row; a specification without one takes the year of its caption, else the
report's year.

Every amount becomes one `FinancialFact` for its (line, fiscal year), zeros
included, with the label exactly as printed and the positions of both label and
amount. What cannot be read with certainty becomes an `ExtractionFinding`
naming the page and the cell, and is not guessed: a cell in an amount column
that is not a number, an income statement without year columns, a label that
matches no line of the chart (loaded as unmatched).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from extractors.pdf.model import BBox, Block, BlockKind, Cell, Page, Table, bbox_of, ocr_confidence
from extractors.pdf.table_amounts import EMPTY_CELL, AmountError, parse_amount
from extractors.records.findings import finding
from extractors.records.statements.labels import match_label
from extractors.years import is_year, years_in
from schemas.financial import FinancialFact, Statement
from schemas.findings import ExtractionFinding
from schemas.vocabularies import Chart

EXTRACTOR = "statements"
CAPTION_LOOKBACK = 2  # blocks above a table that may caption it
MIN_CHART_ROWS = 3


@dataclass
class StatementExtraction:
    facts: list[FinancialFact] = field(default_factory=list)
    findings: list[ExtractionFinding] = field(default_factory=list)

    def extend(self, other: StatementExtraction) -> None:
        self.facts.extend(other.facts)
        self.findings.extend(other.findings)


def header_years(table: Table) -> tuple[int, list[int | None]] | None:
    """The header row's index and the year of each amount column, if a row names years."""
    for index, row in enumerate(table.rows):
        texts = [cell.text.strip() if cell else "" for cell in row[1:]]
        if any(texts) and all(is_year(t) for t in texts if t):
            return index, [int(t) if t else None for t in texts]
    return None


def caption_statement(text: str, chart: Chart) -> Statement | None:
    """The statement a caption names ("Specifikation av övriga insatser ..."), if any."""
    lowered = " ".join(text.split()).lower()
    for statement, info in chart.statements.items():
        if any(re.search(pattern, lowered) for pattern in info.caption_patterns):
            return statement
    return None


def _caption(blocks_above: Sequence[Block], chart: Chart) -> tuple[Statement | None, int | None]:
    for block in reversed(blocks_above[-CAPTION_LOOKBACK:]):
        if block.kind is BlockKind.TABLE:
            break
        statement = caption_statement(block.text, chart)
        if statement is not None:
            years = years_in(block.text)
            return statement, years[-1] if years else None
    return None, None


def _label(row: Sequence[Cell | None]) -> Cell | None:
    return row[0] if row and row[0] is not None and row[0].text.strip() else None


def _is_income_statement(table: Table, chart: Chart) -> bool:
    matched = {
        match_label(cell.text, "resultatrapport", chart).code
        for cell in (_label(row) for row in table.rows)
        if cell is not None
    }
    matched.discard(None)
    return len(matched) >= MIN_CHART_ROWS


@dataclass(frozen=True)
class _StatementTable:
    """A table being read as a statement: where it stands and which year each amount column holds."""

    report_id: str
    page: Page
    column_years: list[int | None]
    chart: Chart

    def finding(self, box: BBox, severity: str, key: str, **values: object) -> ExtractionFinding:
        return finding(self.report_id, EXTRACTOR, severity, key, self.page, box, **values)


def table_to_facts(
    page: Page,
    table: Table,
    blocks_above: Sequence[Block],
    report_id: str,
    report_year: int | None,
    chart: Chart | None = None,
) -> StatementExtraction:
    """The facts of one table, if it is a statement; nothing if it is some other table."""
    chart = chart or Chart.load()
    result = StatementExtraction()
    caption, caption_year = _caption(blocks_above, chart)
    # The cooperation's own income statement is known by its lines; a caption alone ("Resultaträkning") may
    # head any report's statement, which `printed_statements` reads.
    statement: Statement | None = ("resultatrapport" if _is_income_statement(table, chart)
                                   else caption if caption != "resultatrapport" else None)
    if statement is None:
        return result

    header = header_years(table)
    if header is None and statement == "resultatrapport":
        result.findings.append(
            finding(report_id, EXTRACTOR, "error", "statement_without_year_header", page, table.bbox)
        )
        return result
    header_index, column_years = header if header else (-1, [])
    reading = _StatementTable(report_id, page, column_years, chart)
    spec_year = caption_year or report_year
    for row_index, row in enumerate(table.rows):
        if row_index == header_index:
            continue
        label = _label(row)
        amounts = [(i, cell) for i, cell in enumerate(row[1:]) if cell is not None and cell.text.strip()]
        if amounts:
            result.extend(_row_facts(reading, statement, spec_year, row_index, label, amounts))
        elif label is not None and (switched := caption_statement(label.text, chart)) is not None:
            # A caption row inside the table: the rows below it are that specification.
            statement = switched
            years = years_in(label.text)
            spec_year = years[-1] if years else spec_year
    return result


def _row_facts(
    reading: _StatementTable,
    statement: Statement,
    spec_year: int | None,
    row_index: int,
    label: Cell | None,
    amounts: Sequence[tuple[int, Cell]],
) -> StatementExtraction:
    """The facts of one row of amounts: one per year column, with a finding for whatever cannot be read."""
    result = StatementExtraction()
    page = reading.page
    if label is None:
        result.findings.append(reading.finding(
            bbox_of([c for _, c in amounts]), "warning", "amounts_without_label", row=row_index + 1,
            amounts=", ".join(repr(c.text) for _, c in amounts)))
        return result
    match = match_label(label.text, statement, reading.chart)
    if match.code is None:
        result.findings.append(reading.finding(_tight(label), "warning", "label_matches_no_line", label=label.text,
                                               statement=statement))
    for column, cell in amounts:
        fiscal_year = _fiscal_year(column, reading.column_years, statement, spec_year)
        text = cell.text.strip()
        if fiscal_year is None:
            result.findings.append(reading.finding(_tight(cell), "error", "amount_in_no_year_column", amount=text,
                                                   label=label.text))
            continue
        try:
            amount = 0 if text in EMPTY_CELL else parse_amount(text)
        except AmountError:
            result.findings.append(reading.finding(_tight(cell), "error", "cell_not_a_number", text=text, label=label.text,
                                                   year=fiscal_year))
            continue
        headed = column < len(reading.column_years) and reading.column_years[column] is not None
        result.facts.append(
            _fact(reading.report_id, statement, fiscal_year, match.code, label, cell, amount, page, match.score, row_index,
                  period=str(fiscal_year) if headed else None)  # the year its column's header prints
        )
    return result


def _fiscal_year(column: int, column_years: list[int | None], statement: Statement, spec_year: int | None) -> int | None:
    if column < len(column_years) and column_years[column] is not None:
        return column_years[column]
    if statement != "resultatrapport" and column == 0:
        return spec_year
    return None


def _tight(cell: Cell) -> BBox:
    """The box of what is printed in a cell (a ruled cell's box is the whole grid cell)."""
    return bbox_of(cell.words) if cell.words else cell.bbox


def _fact(report_id, statement, fiscal_year, code, label: Cell, cell: Cell, amount: int, page: Page, score, row_index,
          period: str | None = None) -> FinancialFact:
    box, label_box = _tight(cell), _tight(label)
    return FinancialFact(
        report_id=report_id,
        statement=statement,
        fiscal_year=fiscal_year,
        line_item=code,
        label=label.text,
        amount_sek=amount,
        amount_text=cell.text,
        page=page.number,
        x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom,
        label_x0=label_box.x0, label_top=label_box.top, label_x1=label_box.x1, label_bottom=label_box.bottom,
        match_score=score,
        row_index=row_index,
        period=period,
        ocr_confidence=ocr_confidence(cell.words),
    )


