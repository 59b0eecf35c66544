"""The chart of line items and the financial records validated against it.

`Chart.load()` reads `vocabularies/line_items.yaml`. A `FinancialFact` is one
amount of one statement line for one fiscal year, with the label exactly as
printed and the positions of both the label and the amount on the page.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.vocabularies import VOCABULARY_DIR

Statement = Literal["resultatrapport", "disposition_specifikation", "utgaende_medel_specifikation"]
LineKind = Literal["revenue", "cost", "total", "balance", "disposition", "item"]
Severity = Literal["error", "warning"]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Specifies(_Strict):
    """The income statement line a specification's total details, and the sign between them."""

    code: str
    sign: Literal[1, -1]


class LineItem(_Strict):
    """One line of the canonical chart."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    statement: Statement
    kind: LineKind
    order: int
    aliases: tuple[str, ...] = ()
    sums: tuple[str, ...] = ()
    catch_all: bool = False
    specifies: Specifies | None = None


class StatementInfo(_Strict):
    name: str
    caption_patterns: tuple[str, ...]


class Chart(_Strict):
    """The chart of line items, with what label matching needs to know."""

    label_noise: tuple[str, ...]
    match_threshold: float = Field(gt=50, le=100)
    match_margin: float = Field(ge=0, le=50)
    statements: dict[Statement, StatementInfo]
    line_items: tuple[LineItem, ...]

    @model_validator(mode="after")
    def _codes_are_unique_and_sums_known(self) -> "Chart":
        codes = [item.code for item in self.line_items]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            raise ValueError(f"line_items.yaml: duplicate codes {sorted(duplicates)}")
        for item in self.line_items:
            unknown = set(item.sums) - set(codes)
            if item.specifies is not None and item.specifies.code not in codes:
                unknown.add(item.specifies.code)
            if unknown:
                raise ValueError(f"line_items.yaml: {item.code} sums unknown codes {sorted(unknown)}")
        return self

    def item(self, code: str) -> LineItem:
        for item in self.line_items:
            if item.code == code:
                return item
        raise KeyError(code)

    def items_of(self, statement: Statement) -> tuple[LineItem, ...]:
        return tuple(item for item in self.line_items if item.statement == statement)

    @staticmethod
    @lru_cache(maxsize=1)
    def load() -> "Chart":
        with open(VOCABULARY_DIR / "line_items.yaml", encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        return Chart.model_validate(_tuples(data), strict=False)


def _tuples(value):
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    return value


class FinancialFact(_Strict):
    """One amount of one statement line for one fiscal year, with where it was printed."""

    report_id: str
    statement: Statement
    fiscal_year: int = Field(ge=1900, le=2200)
    line_item: str | None  # None: the label matched no line of the chart
    label: str  # exactly as printed, a wrapped label joined with one space
    amount_sek: int
    amount_text: str  # the amount as printed
    page: int = Field(ge=1)
    x0: float
    top: float
    x1: float
    bottom: float
    label_x0: float
    label_top: float
    label_x1: float
    label_bottom: float
    match_score: float | None = Field(default=None, ge=0, le=100)
    row_index: int = Field(ge=0)  # the row's place in its table, for reading in printed order


class ExtractionFinding(_Strict):
    """Something an extractor could not read with certainty: named, never guessed."""

    report_id: str
    extractor: str
    severity: Severity
    page: int | None = Field(default=None, ge=1)
    message: str
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
