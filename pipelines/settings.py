"""Where the pipeline reads and writes, from the environment.

RAW_REPORTS_DIR: the folder of report PDFs (default: raw_reports/ in the project).
WAREHOUSE_PATH: the DuckDB file (default: warehouse/familjen_helsingborg.duckdb).
FH_CACHE_DIR: where readings are kept by content hash (default: cache/ beside the warehouse).
FH_BATCH_SIZE: how many reports one run takes at most (default 50).
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REPORTS_DIR = PROJECT_ROOT / "raw_reports"
DEFAULT_WAREHOUSE_PATH = PROJECT_ROOT / "warehouse" / "familjen_helsingborg.duckdb"


def reports_dir() -> Path:
    return Path(os.environ.get("RAW_REPORTS_DIR") or DEFAULT_REPORTS_DIR).resolve()


def warehouse_path() -> Path:
    return Path(os.environ.get("WAREHOUSE_PATH") or DEFAULT_WAREHOUSE_PATH).resolve()


def cache_dir() -> Path:
    return Path(os.environ.get("FH_CACHE_DIR") or warehouse_path().parent / "cache").resolve()


def batch_size() -> int:
    """How many reports one run takes at most: a bound on a run's memory, not on its speed."""
    return max(1, int(os.environ.get("FH_BATCH_SIZE") or 50))
