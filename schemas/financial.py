"""Statement facts: one amount of one statement line for one fiscal year (table `financial_facts`).

Each keeps the label exactly as printed and the positions of both the label
and the amount on the page. The chart of line items they are matched to is a
vocabulary (`schemas.vocabularies.Chart`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from schemas.base import Coordinate, Record

Statement = Literal[
    "resultatrapport", "disposition_specifikation", "utgaende_medel_specifikation",  # this cooperation's own
    "resultatrakning", "balansrakning", "kassaflodesanalys",  # any annual report's three statements
]
# Which part of a group a column is of, where the page prints more than one (NULL: a one-entity report).
Entity = Literal["koncern", "moderbolag", "kommun", "kommunkoncern"]
# What a column holds: the outcome, or a budget (or a forecast) that is never an outcome.
ColumnKind = Literal["actual", "budget", "forecast"]
Unit = Literal["kr", "tkr", "mnkr"]
LineKind = Literal["revenue", "cost", "total", "balance", "disposition", "item"]


class FinancialFact(Record):
    """One amount of one statement line for one fiscal year, with where it was printed."""

    report_id: str
    statement: Statement
    fiscal_year: int = Field(ge=1900, le=2200)
    line_item: str | None  # None: the label matched no line of the chart
    label: str  # exactly as printed, a wrapped label joined with one space
    label_as_read: str | None = None  # the text layer's own text, where it was garbled and the label read back
    amount_sek: int
    amount_text: str  # the amount as printed
    page: int = Field(ge=1)
    x0: Coordinate
    top: Coordinate
    x1: Coordinate
    bottom: Coordinate
    label_x0: Coordinate
    label_top: Coordinate
    label_x1: Coordinate
    label_bottom: Coordinate
    match_score: float | None = Field(default=None, ge=0, le=100)
    row_index: int = Field(ge=0)  # the row's place in its statement, for reading in printed order
    note: str | None = None  # the note reference(s) printed on the line: "3", "5, 6, 7"
    section: str | None = None  # the headings above the line: "Eget kapital och skulder > Långfristiga skulder"
    unit: Unit = "kr"  # what the amount was printed in; amount_sek is in SEK whatever it was
    precision: int = Field(default=1, ge=1)  # SEK per printed unit: 1000 for tkr
    period: str | None = None  # the column's period as printed: "2023-01-01 -2023-12-31", "2022/23"
    ocr_confidence: float | None = Field(default=None, ge=0, le=1)  # read by OCR: its least sure word; None: text layer
    entity: Entity | None = None  # the group, parent company, municipality or municipal group the column is of
    kind: ColumnKind = "actual"  # a budget or forecast column is never an outcome
