"""From a `Document` to the records of `report_tables` and `report_table_cells`: every table of every page."""

from __future__ import annotations

from dataclasses import dataclass

from extractors.pdf.model import Document, Table
from extractors.pdf.table_numbers import decimal_mark, is_number, parse_number
from extractors.years import is_year
from schemas.tables import ReportTable, ReportTableCell


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


def table_records(document: Document, report_id: str) -> TableRecords:
    """Each table of each page with its cells; a number read with the decimal mark its own cells show."""
    tables: list[ReportTable] = []
    cells: list[ReportTableCell] = []
    for page in document.pages:
        for index, table in enumerate(page.tables):
            headers = header_row_count(table)
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
                    cells.append(ReportTableCell(
                        report_id=report_id, page=page.number, table_index=index, row_index=row_index,
                        column_index=column_index, text=cell.printed, x0=cell.bbox.x0, top=cell.bbox.top,
                        x1=cell.bbox.x1, bottom=cell.bbox.bottom,
                        number=None if number is None else number.value, unit=None if number is None else number.unit,
                        is_header=row_index < headers))
    return TableRecords(tables, cells)
