"""What the analysts' commands share (`python -m warehouse.export`, `python -m warehouse.search`): which warehouse
they read, opened read-only so that they never wait for or disturb a load."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import duckdb

DEFAULT = Path(__file__).resolve().parent / "familjen_helsingborg.duckdb"


def add_warehouse_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", type=Path, default=None,
                        help="the warehouse file (default: WAREHOUSE_PATH, else warehouse/familjen_helsingborg.duckdb)")


def open_read_only(given: Path | None, command: str) -> duckdb.DuckDBPyConnection | None:
    """The warehouse named (else WAREHOUSE_PATH's, else the default) opened read-only; None, and a line saying why,
    where there is none."""
    database = given or Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT)
    if not database.exists():
        print(f"{command}: no warehouse at {database}: run make run first, or name one with --warehouse", file=sys.stderr)
        return None
    return duckdb.connect(str(database), read_only=True)
