"""From PDF to document model to records.

`extractors.pdf`: `build_document(path)` reads a PDF into a `Document` (pages,
words with positions, lines, blocks in reading order, tables of cells, page
furniture). `extractors.records`: the records each subject reads from a
document. `extractors.identity_resolution`: one person and one project family
across reports. This package imports pdfplumber, pypdfium2 and `schemas`, never
dagster, duckdb or the warehouse (tests/test_architecture.py holds it to that).
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
