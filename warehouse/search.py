"""Search every page of every report, ranked: `python -m warehouse.search "kollektivtrafiken"`.

Runs the warehouse's own `search(query)` macro (warehouse/views/search.sql: Swedish stems, BM25) on the
warehouse read-only and prints, best first, the report, the page, its score and a snippet of the page's text.
"""

from __future__ import annotations

import argparse
import sys

import duckdb

from warehouse.commands import add_warehouse_argument, open_read_only


def search(connection: duckdb.DuckDBPyConnection, query: str, limit: int = 20) -> list[tuple]:
    """(report_id, page_number, stems_found, score, snippet) of the pages that print the query's words, best first."""
    return connection.execute("select * from search(?) limit ?", [query, limit]).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("query", help="the words to look for, in any of their forms")
    parser.add_argument("--limit", type=int, default=20, help="how many pages at most (default 20)")
    add_warehouse_argument(parser)
    args = parser.parse_args(argv)
    connection = open_read_only(args.warehouse, "search")
    if connection is None:
        return 2
    try:
        found = search(connection, args.query, args.limit)
    finally:
        connection.close()
    if not found:
        print(f"no page prints {args.query!r}")
        return 0
    for report_id, page, stems, score, snippet in found:
        print(f"{report_id}  page {page}  ({stems} word(s), score {score:.2f})\n    …{snippet}…")
    return 0


if __name__ == "__main__":
    sys.exit(main())
