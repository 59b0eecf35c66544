"""Command line over the document model, in the spirit of pdfplumber's own.

    python -m extractors FILE.pdf [--pages 3,5] [--tables] [--blocks]

prints each page's body text in reading order; `--tables` prints the detected
tables as JSON instead (rows of cells, each with its text and bounding box);
`--blocks` marks each block with its kind (heading, paragraph, table).
"""

from __future__ import annotations

import argparse
import json
import sys

from extractors.pdf.document import ExtractionError, build_document


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="a PDF file")
    parser.add_argument("--pages", type=parse_pages, help="1-based pages, e.g. 3,5 or 2-4")
    parser.add_argument("--tables", action="store_true", help="print the detected tables as JSON")
    parser.add_argument("--blocks", action="store_true", help="mark each block with its kind")
    args = parser.parse_args(argv)

    try:
        document = build_document(args.file, pages=args.pages)
    except ExtractionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    if args.tables:
        payload = [
            {"page": page.number, "tables": [table.to_dict() for table in page.tables]}
            for page in document.pages
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for page in document.pages:
            print(f"--- page {page.number} ---")
            for block in page.blocks:
                if args.blocks:
                    level = f" {block.level}" if block.level else ""
                    print(f"[{block.kind.value}{level}]")
                print(block.text)
                print()
    for failure in document.failed_pages:
        print(f"warning: {document.file_name}, page {failure.number}: {failure.reason}", file=sys.stderr)
    if len(document.pages) < document.page_count and not args.pages:
        print(
            f"warning: {document.file_name}: read {len(document.pages)} of {document.page_count} pages",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
