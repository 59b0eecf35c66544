"""Two warehouses compared table by table and view by view: what a change to the code did to the data.

    python -m warehouse.compare BEFORE.duckdb AFTER.duckdb [--show 5]

Every table and view of either file is read whole, its rows sorted, and the
two compared as multisets. Columns that say when or by which code a row was
made (timestamps, `extraction_fingerprint`) are left out: they differ between
any two builds. Prints one line per table or view, the rows only one side has
(up to --show of each), and exits 1 when anything differs, so a refactoring
can be held to "identical but for timestamps".
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import duckdb

from warehouse.loader import DUCKDB_CONFIG

WHEN_OR_BY_WHAT = {"extraction_fingerprint"}  # columns that name the build, not the data


def relations(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every table and view of the main schema, with its kind."""
    rows = connection.execute(
        """
        select table_name, 'table' from duckdb_tables() where schema_name = 'main'
        union all
        select view_name, 'view' from duckdb_views() where schema_name = 'main' and not internal
        """
    ).fetchall()
    return dict(rows)


def compared_columns(connection: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The columns of a table or view that hold data: not timestamps, not the build's fingerprint."""
    columns = connection.execute(
        "select column_name, data_type from duckdb_columns() where table_name = ? order by column_index", [name]
    ).fetchall()
    return [column for column, data_type in columns
            if not data_type.startswith(("TIMESTAMP", "DATE", "TIME")) and column not in WHEN_OR_BY_WHAT]


def rows_of(connection: duckdb.DuckDBPyConnection, name: str, columns: list[str]) -> Counter:
    if not columns:
        return Counter()
    selected = ", ".join(f'"{column}"' for column in columns)
    return Counter(tuple(map(repr, row)) for row in connection.execute(f'select {selected} from "{name}"').fetchall())


def compare(before: Path, after: Path, show: int = 5) -> tuple[bool, list[str]]:
    """Whether the two warehouses hold the same data, and the lines that say where they differ."""
    lines, same = [], True
    with duckdb.connect(str(before), read_only=True, config=DUCKDB_CONFIG) as old, \
            duckdb.connect(str(after), read_only=True, config=DUCKDB_CONFIG) as new:
        old_relations, new_relations = relations(old), relations(new)
        for name in sorted(set(old_relations) | set(new_relations)):
            if name not in new_relations or name not in old_relations:
                same = False
                lines.append(f"{name}: only in {'before' if name in old_relations else 'after'}")
                continue
            old_columns, new_columns = compared_columns(old, name), compared_columns(new, name)
            columns = [column for column in old_columns if column in new_columns]
            if old_columns != new_columns:
                same = False
                lines.append(f"{name}: columns differ: before {old_columns}, after {new_columns}; compared on both's")
            old_rows, new_rows = rows_of(old, name, columns), rows_of(new, name, columns)
            gone, added = old_rows - new_rows, new_rows - old_rows
            total = sum(new_rows.values())
            if not gone and not added:
                lines.append(f"{name} ({new_relations[name]}): {total} rows, identical")
                continue
            same = False
            lines.append(f"{name} ({new_relations[name]}): {sum(gone.values())} rows only before, "
                         f"{sum(added.values())} only after, of {total}")
            lines += [f"  - {row}" for row in list(gone.elements())[:show]]
            lines += [f"  + {row}" for row in list(added.elements())[:show]]
    return same, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m warehouse.compare", description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--show", type=int, default=5, help="rows of each side shown per table that differs")
    args = parser.parse_args(argv)
    same, lines = compare(args.before, args.after, args.show)
    print("\n".join(lines))
    print("identical but for timestamps" if same else "the warehouses differ")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
