"""Command line over the document model, in the spirit of pdfplumber's own.

    python -m extractors FILE.pdf [--pages 3,5] [--tables [--json]] [--blocks]

prints each page's body text in reading order; `--tables` prints the detected
tables as text grids instead, and `--tables --json` as JSON in a stable format
(`{"pages": [{"page": N, "tables": [{"bbox": [x0, top, x1, bottom], "rows":
[["cell", ...], ...], ...}]}]}`); `--blocks` marks each block with its kind
(heading with its level and size, paragraph, table). Warnings (unreadable or
empty pages, what reading only some pages changes) go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys

from extractors.pdf.document import ExtractionError, build_document
from extractors.records.report_tables import header_row_count


def parse_pages(value: str) -> list[int]:
    pages: list[int] = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if "-" in part:
            first, last = part.split("-", 1)
            pages.extend(range(int(first), int(last) + 1))
        else:
            pages.append(int(part))
    if not pages or any(p < 1 for p in pages):
        raise argparse.ArgumentTypeError(f"pages must be 1-based numbers like 3,5 or 2-4, got {value!r}")
    return pages


def tables_as_json(document) -> dict:
    """The stable format others script against: pages, each with its tables' boxes and rows of cell texts
    ("" where nothing is printed), how many rows head the columns, and the box of each cell beside it (null
    where nothing is printed)."""
    return {
        "pages": [
            {
                "page": page.number,
                "tables": [
                    {
                        "bbox": list(table.bbox.rounded()),
                        "ruled": table.ruled,
                        "header_rows": header_row_count(table),
                        "rows": [[cell.printed if cell else "" for cell in row] for row in table.rows],
                        "cell_boxes": [[list(cell.bbox.rounded()) if cell else None for cell in row] for row in table.rows],
                    }
                    for table in page.tables
                ],
            }
            for page in document.pages
        ]
    }


def table_as_grid(table) -> str:
    """A table as text: its columns padded to their widest cell, separated by " | "."""
    texts = [[" ".join((cell.text if cell else "").split()) for cell in row] for row in table.rows]
    widths = [max(len(row[i]) for row in texts) for i in range(len(texts[0]))] if texts else []
    return "\n".join(" | ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
                     for row in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a PDF file")
    parser.add_argument("--pages", type=parse_pages, help="1-based pages, e.g. 3,5 or 2-4")
    parser.add_argument("--tables", action="store_true", help="print the detected tables as text grids")
    parser.add_argument("--json", action="store_true", help="with --tables: print them as JSON")
    parser.add_argument("--blocks", action="store_true", help="mark each block with its kind")
    args = parser.parse_args(argv)
    if args.json and not args.tables:
        parser.error("--json goes with --tables")

    try:
        document = build_document(args.file, pages=args.pages)
    except ExtractionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    if args.tables and args.json:
        json.dump(tables_as_json(document), sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.tables:
        for page in document.pages:
            for index, table in enumerate(page.tables, start=1):
                x0, top, x1, bottom = table.bbox.rounded()
                kind = "ruled" if table.ruled else "unruled"
                print(f"--- page {page.number}, table {index} ({kind}, {len(table.rows)} rows; box {x0}, {top}, {x1}, {bottom}) ---")
                print(table_as_grid(table))
                print()
    else:
        for page in document.pages:
            print(f"--- page {page.number} ---")
            for block in page.blocks:
                if args.blocks:
                    print(f"[{block_label(block)}]")
                print(block.text)
                print()
    warn_about(document, args.pages)
    return 0


def block_label(block) -> str:
    """"paragraph", "table", or "heading 2, 14 pt": a heading's level ranks its size among the document's headings."""
    if block.level is None:
        return block.kind.value
    size = max(line.size for line in block.lines)
    return f"{block.kind.value} {block.level}, {size:g} pt"


def warn_about(document, pages: list[int] | None) -> None:
    """On stderr: pages that could not be read, blank pages, pages read by OCR or left unread, and what reading
    only some pages changes."""
    name = document.file_name
    for failure in document.failed_pages:
        print(f"warning: {name}, page {failure.number}: {failure.reason}", file=sys.stderr)
    for page in document.pages:
        if page.reading_note:
            print(f"warning: {name}, page {page.number}: {page.reading_note}", file=sys.stderr)
        elif page.text_source == "blank":
            print(f"note: {name}, page {page.number}: blank (nothing printed on it)", file=sys.stderr)
        elif page.text_source == "ocr":
            print(f"note: {name}, page {page.number}: read by OCR (no usable text layer)", file=sys.stderr)
    if pages:
        print(f"note: {name}: read page(s) {', '.join(map(str, pages))} only; words broken over a line are joined "
              "by these pages' own spelling and heading levels ranked among their headings, which reading the whole "
              "file (as the pipeline does) can change", file=sys.stderr)
    elif len(document.pages) < document.page_count:
        print(f"warning: {name}: read {len(document.pages)} of {document.page_count} pages", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
