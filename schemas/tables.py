"""Every table of every report, as found on its pages (tables `report_tables` and `report_table_cells`).

Not only the statements: an analyst can query any table a report prints (a multi-year overview, a
specification, a statistics table) cell by cell, each cell with its text as printed, the number it states
where it states one, and its place on the page.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import Placed


class ReportTable(Placed):
    """One table found on a page: where it stands and how many rows head it."""

    report_id: str
    table_index: int = Field(ge=0)  # its place among the page's tables, in reading order
    ruled: bool  # drawn with rules (else found from the alignment of its text)
    header_rows: int = Field(ge=0)  # leading rows that head the columns (no numbers in them)
    row_count: int = Field(ge=1)
    column_count: int = Field(ge=1)
    decimal_mark: str = Field(pattern=r"^[.,]$")  # how its numbers were read: "," (1 234,5) or "." (1,234.5)


class ReportTableCell(Placed):
    """One cell of a table: its text as printed, and the number it states, if it states one."""

    report_id: str
    table_index: int = Field(ge=0)
    row_index: int = Field(ge=0)
    column_index: int = Field(ge=0)
    text: str  # as printed; the lines of a cell of several lines joined by a newline
    number: float | None = None  # the number it states, read with the table's decimal mark; None for text
    unit: str | None = None  # printed with the number ("%", "kr/kvm", "$", "tkr"), else the table's stated unit
    is_header: bool = False  # in one of the table's header rows
    unit_stated_by: Literal["cell", "header", "heading"] | None = None
    amount_sek: int | None = None  # the number in whole SEK, where its unit is money
