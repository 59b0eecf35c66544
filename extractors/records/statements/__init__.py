"""Financial statements: every amount of every income statement, balance sheet and specification a report prints.

The path through the package, from a `Document` to `FinancialFact`s:

- `document.extract_statements`: the entry; both readers below, then the codes.
- `chart_tables`: this cooperation's resultatrapport and specifications, from the tables that match its chart.
- `printed`: any annual report's statements as printed: headings, period columns, rows, sections.
- `rows`: a page's words as statement rows: labels, notes, amounts, period headers.
- `units`: the unit (kr, tkr, mnkr) a statement or the whole report states.
- `labels`: printed labels matched to the chart's line items.
- `garbled`: labels of a garbled text layer read back as the page prints them.

The wording each step looks for (headings, other parts, closing lines, sides)
is data: `schemas/vocabularies/statements.yaml`.
"""

from extractors.records.statements.chart_tables import StatementExtraction, table_to_facts
from extractors.records.statements.document import extract_statements

__all__ = ["StatementExtraction", "extract_statements", "table_to_facts"]
