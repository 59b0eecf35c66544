"""Key figures stated in prose: an amount or a count, what it measures, and where it was printed."""

from __future__ import annotations

from pydantic import Field

from schemas.base import Coordinate, Record


class KeyFigure(Record):
    """One figure stated in running text (table `key_figures`)."""

    report_id: str
    fiscal_year: int = Field(ge=1900, le=2200)
    metric: str = Field(pattern=r"^[a-z][a-z0-9_]*$")  # "other" when the sentence says nothing known
    amount: int  # whole SEK for money, a number for counts
    unit: str  # "SEK", "SEK per invånare", "antal" (a count), "nummer" (an ordinal: which group)
    precision: int = Field(ge=1)  # the rounding unit the wording implies ("8,7 Mkr": 100000)
    qualifier: str | None = None  # "ca", "drygt", ... as printed
    quote: str  # the sentence as printed, dehyphenated, whitespace collapsed
    page: int = Field(ge=1)
    x0: Coordinate
    top: Coordinate
    x1: Coordinate
    bottom: Coordinate
    ocr_confidence: float | None = Field(default=None, ge=0, le=1)  # read by OCR: its least sure word; None: text layer
