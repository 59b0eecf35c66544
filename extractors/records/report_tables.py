"""From a `Document` to the records of `report_tables` and `report_table_cells`: every table of every page.

A number's unit is the one printed with it ("12,5 %", "1 234 kr/kvm"), else the unit the table states in its
header rows or in the line just above it ("(tkr)", "Belopp i mnkr"); where that unit is money, the cell has
its amount in whole SEK.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from extractors.pdf.model import BlockKind, Document, Page, Table
from extractors.pdf.table_numbers import decimal_mark, is_number, parse_number
from extractors.records.statements.units import Unit, stated_unit
from extractors.years import is_year
from schemas.tables import ReportTable, ReportTableCell
from schemas.vocabularies import money_vocabulary


@dataclass(frozen=True)
class TableRecords:
    tables: list[ReportTable]
    cells: list[ReportTableCell]


def header_row_count(table: Table) -> int:
    """The leading rows that head the columns, when a later row has numbers: rows with no number past the first
    column, or with years only ("2024  2023  2022")."""
    def values(row) -> list[str]:
        return [cell.text.strip() for cell in row[1:] if cell is not None and is_number(cell.text)]

    for index, row in enumerate(table.rows):
        numbers = values(row)
        if numbers and not all(is_year(text) for text in numbers):
            return index
    return 0


def table_unit(page: Page, table: Table, header_rows: int) -> tuple[Unit, str] | None:
    """The unit a table states for its numbers, and where: its header rows, else the line just above it."""
    header = " ".join(cell.text for row in table.rows[:header_rows] for cell in row if cell is not None)
    unit = stated_unit(header)
    if unit is not None:
        return unit, "header"
    blocks = page.blocks
    for index, block in enumerate(blocks):
        if block.table is table and index > 0:
            above = blocks[index - 1]
            if above.kind is not BlockKind.TABLE and len(above.text) <= 120 and (unit := stated_unit(above.text)):
                return unit, "heading"
    return None


@cache
def _money_factors() -> dict[str, int]:
    """SEK per printed unit, by the unit's word in lower case (money.yaml's words: "tkr", "mkr", "sek", ...)."""
    return {unit.text.lower(): unit.sek for unit in money_vocabulary().units}


def amount_in_sek(value: float, unit: str | None) -> int | None:
    """A number in whole SEK where its unit is money; None otherwise."""
    factor = _money_factors().get((unit or "").lower().rstrip("."))
    if factor is None:
        return None
    return int((Decimal(repr(value)) * factor).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def table_records(document: Document, report_id: str) -> TableRecords:
    """Each table of each page with its cells; a number read with the decimal mark its own cells show."""
    tables: list[ReportTable] = []
    cells: list[ReportTableCell] = []
    for page in document.pages:
        for index, table in enumerate(page.tables):
            headers = header_row_count(table)
            stated = table_unit(page, table, headers)
            mark = decimal_mark(cell.text for cell in table.cells)
            box = table.bbox
            tables.append(ReportTable(
                report_id=report_id, page=page.number, table_index=index, x0=box.x0, top=box.top, x1=box.x1,
                bottom=box.bottom, ruled=table.ruled, header_rows=headers, row_count=len(table.rows),
                column_count=max(len(row) for row in table.rows), decimal_mark=mark))
            for row_index, row in enumerate(table.rows):
                for column_index, cell in enumerate(row):
                    if cell is None:
                        continue
                    number = None if row_index < headers else parse_number(cell.text, mark)
                    unit, by = None, None
                    if number is not None and number.unit:
                        unit, by = number.unit, "cell"
                    elif number is not None and stated is not None:
                        unit, by = stated[0].name, stated[1]
                    cells.append(ReportTableCell(
                        report_id=report_id, page=page.number, table_index=index, row_index=row_index,
                        column_index=column_index, text=cell.printed, x0=cell.bbox.x0, top=cell.bbox.top,
                        x1=cell.bbox.x1, bottom=cell.bbox.bottom,
                        number=None if number is None else number.value, unit=unit, is_header=row_index < headers,
                        unit_stated_by=by, amount_sek=None if number is None else amount_in_sek(number.value, unit)))
    return TableRecords(tables, cells)
