"""Any table, view or query of the warehouse to a file an analyst opens elsewhere: CSV, Parquet or Excel.

    python -m warehouse.export key_financials key_financials.xlsx
    python -m warehouse.export "select * from statement_history where entity = 'kommun'" kommun.csv

The file's ending says the format: `.csv` and `.parquet` are written by DuckDB itself (`COPY ... TO`); `.xlsx`
by openpyxl (DuckDB's Excel writer is an extension it would download at run time). The warehouse is opened
read-only, so an export never waits for or disturbs a load. Money stays whole kronor: integers in every format.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import duckdb

from warehouse.commands import add_warehouse_argument, open_read_only

FORMATS = {".csv": "csv", ".parquet": "parquet", ".xlsx": "xlsx"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
EXCEL_ROWS = 1_048_575  # an Excel sheet holds this many rows below its header


class ExportError(ValueError):
    """What cannot be exported, said so that the user can fix it."""


def query_of(what: str) -> str:
    """A table or view's name as a query of all its rows; a query as it is."""
    return f'select * from "{what}"' if _NAME.match(what.strip()) else what


def export(connection: duckdb.DuckDBPyConnection, what: str, target: Path) -> int:
    """Write a table, view or query to `target` in the format its ending names; the number of rows written."""
    form = FORMATS.get(target.suffix.lower())
    if form is None:
        raise ExportError(f"{target.name}: write .csv, .parquet or .xlsx")
    query = query_of(what)
    try:
        relation = connection.sql(query)
    except duckdb.Error as error:
        raise ExportError(f"{what!r} is no table, view or query of the warehouse: {error}") from error
    target.parent.mkdir(parents=True, exist_ok=True)
    if form == "xlsx":
        return _excel(relation, target)
    options = "(format csv, header true)" if form == "csv" else "(format parquet)"
    connection.execute(f"copy ({query}) to '{_quoted(target)}' {options}")
    return connection.execute(f"select count(*) from ({query})").fetchone()[0]


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _excel(relation: duckdb.DuckDBPyRelation, target: Path) -> int:
    """One sheet, the columns' names in bold on its first row; lists and structs as their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = relation.fetchall()
    if len(rows) > EXCEL_ROWS:
        raise ExportError(f"{len(rows)} rows are more than an Excel sheet holds ({EXCEL_ROWS}): write .csv or .parquet")
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = "export"
    sheet.append(relation.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([value if isinstance(value, (int, float, str, bool, type(None))) or hasattr(value, "isoformat")
                      else str(value) for value in row])
    sheet.freeze_panes = "A2"
    book.save(target)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", help="a table or view of the warehouse, or a query")
    parser.add_argument("target", type=Path, help="the file to write: .csv, .parquet or .xlsx")
    add_warehouse_argument(parser)
    args = parser.parse_args(argv)
    connection = open_read_only(args.warehouse, "export")
    if connection is None:
        return 2
    try:
        count = export(connection, args.what, args.target)
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return 2
    finally:
        connection.close()
    print(f"{count} row(s) written to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
