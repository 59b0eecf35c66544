"""The data dictionary: every table, view and column of the warehouse, from the comments in its DDL.

    python -m warehouse.dictionary > docs/data_dictionary.md

A test keeps the committed page equal to what this prints.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import duckdb

import warehouse

YEARS_PLACEHOLDER = "no_years_yet"  # the column a year-per-column view has while no year is loaded
YEAR_COLUMNS = ("One column per fiscal year in the warehouse, named for it: the line's figure for that year, SEK "
                "(from the newest report stating it). Made anew after every load.")


def data_dictionary(connection: duckdb.DuckDBPyConnection) -> str:
    """Markdown describing every table and view of the warehouse, column by column."""
    tables = connection.execute(
        """
        select table_name, 'table' as kind, comment from duckdb_tables() where schema_name = 'main'
        union all
        select view_name, 'view', comment from duckdb_views() where schema_name = 'main' and not internal
        order by 1
        """
    ).fetchall()
    lines = ["# Data dictionary", "", "Generated from the warehouse's DDL comments by `python -m warehouse.dictionary`.", ""]
    for name, kind, comment in tables:
        if name == "schema_migrations":
            continue
        lines += [f"## `{name}` ({kind})", "", comment or "", "", "| column | type | meaning |", "| --- | --- | --- |"]
        for column, data_type, column_comment in connection.execute(
            "select column_name, data_type, comment from duckdb_columns() where table_name = ? order by column_index",
            [name],
        ).fetchall():
            if column == YEARS_PLACEHOLDER:  # a view with one column per fiscal year, made from none yet
                lines.append(f"| `2020`, `2021`, … | {data_type} | {YEAR_COLUMNS} |")
                continue
            meaning = (column_comment or "").replace("|", "\\|")
            lines.append(f"| `{column}` | {data_type} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        connection = warehouse.connect(Path(folder) / "dictionary.duckdb")
        warehouse.loader.create_views(connection)
        sys.stdout.write(data_dictionary(connection))
        connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
