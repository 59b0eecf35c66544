"""Resources: the folder the reports arrive in, and the DuckDB warehouse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

import warehouse
from pipelines.reading.isolation import Limits


class ReportsFolder(ConfigurableResource):
    """The folder scanned for report PDFs (RAW_REPORTS_DIR)."""

    path: str

    def pdfs(self) -> list[Path]:
        """Every visible *.pdf file in the folder, by name."""
        folder = Path(self.path)
        if not folder.is_dir():
            return []
        return sorted(
            (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".pdf" and not p.name.startswith(".")),
            key=lambda p: p.name,
        )

    def file(self, file_name: str) -> Path:
        path = Path(self.path) / file_name
        if path.resolve().parent != Path(self.path).resolve():
            raise ValueError(f"{file_name!r} is not a file of the reports folder")
        return path


class Warehouse(ConfigurableResource):
    """The DuckDB warehouse file (WAREHOUSE_PATH); migrations are applied on connect."""

    database: str

    def audit_dir(self) -> Path:
        """Where the audit pages go: `audit/` beside the database file."""
        return Path(self.database).resolve().parent / "audit"

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        connection = warehouse.connect(self.database, read_only=read_only)
        try:
            yield connection
        finally:
            connection.close()


class ExtractionSettings(ConfigurableResource):
    """Limits on reading one report (defaults from FH_PAGE_SECONDS, FH_REPORT_SECONDS, FH_MAX_PAGES, FH_MEMORY_MB)."""

    page_seconds: float = Limits.from_environment().page_seconds
    report_seconds: float = Limits.from_environment().report_seconds
    max_pages: int = Limits.from_environment().max_pages
    memory_mb: int = Limits.from_environment().memory_mb
    cache_dir: str | None = None  # readings kept by content hash; None reads every time

    def cache(self) -> Path | None:
        return Path(self.cache_dir) if self.cache_dir else None

    def limits(self) -> Limits:
        return Limits(self.page_seconds, self.report_seconds, self.max_pages, self.memory_mb)
