"""From PDF to document model to records.

`build_document(path)` reads a PDF into a `Document` (pages, words with
positions, lines, blocks in reading order, tables of cells, page furniture).
The modules are named for the step they hold; see `document.py` for the order.
This package imports pdfplumber and `schemas`, never dagster or duckdb.
"""

from extractors.pdf.document import ExtractionError, build_document
from extractors.pdf.model import BBox, Block, BlockKind, Cell, Document, Line, Page, Table, Word

__all__ = [
    "BBox",
    "Block",
    "BlockKind",
    "Cell",
    "Document",
    "ExtractionError",
    "Line",
    "Page",
    "Table",
    "Word",
    "build_document",
]
