"""Resources: the folder the reports arrive in, and the DuckDB warehouse."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource

import warehouse
from pipelines.reading.isolation import Limits
from schemas.reports import printable_file_name, raw_file_name


class ReportsFolder(ConfigurableResource):
    """The folder scanned for report PDFs (RAW_REPORTS_DIR).

    A file is known by its printable name (`schemas.reports.printable_file_name`): the name itself
    whenever it can be, percent-encoded where it holds bytes that are not UTF-8 or characters a
    partition key may not hold. Symbolic links are listed too; reading refuses those that lead
    outside the folder, nowhere or round in a loop (`pipelines.reading.reports.link_problem`).
    """

    path: str

    def pdfs(self) -> list[Path]:
        """Every *.pdf entry of the folder (files, and links to check), by name: "..pdf" and ".x.pdf" too, so
        every file gets its row."""
        folder = Path(self.path)
        if not folder.is_dir():
            return []
        return sorted(
            (p for p in folder.iterdir() if p.suffix.lower() == ".pdf" and (p.is_symlink() or p.is_file())),
            key=lambda p: os.fsencode(p.name),
        )

    def key(self, path: Path) -> str:
        """The printable name a file is known by: its partition key and `reports.file_name`."""
        return printable_file_name(os.fsencode(path.name))

    def file(self, key: str) -> Path:
        """The path of the file a printable name stands for (never outside the folder by its name)."""
        name = os.fsdecode(raw_file_name(key))
        if "/" in name or name in ("", ".", ".."):
            raise ValueError(f"{key!r} is not the name of a file in a folder")
        return Path(self.path) / name


class Warehouse(ConfigurableResource):
    """The DuckDB warehouse (WAREHOUSE_PATH): the file analysts open, never locked by a load.

    The pipeline writes a working copy beside it (`<name>.writing.duckdb`, migrations applied on
    connect) and publishes it in its place after each load (`publish`). Reading takes the published
    file when there is one.
    """

    database: str

    def audit_dir(self) -> Path:
        """Where the audit pages go: `audit/` beside the database file."""
        return Path(self.database).resolve().parent / "audit"

    def working(self) -> Path:
        return warehouse.working_path(self.database)

    def publish(self) -> str:
        """The working warehouse, as it is now, in place of the published one (atomically); "cloned" or "copied"."""
        return warehouse.publish(self.working(), self.database)

    def prepare(self) -> None:
        """Open the working copy for writing (its migrations applied, its schema checked: the warehouse's own
        faults show here, before any report is read), and publish it when the published copy is behind it (an
        earlier release's warehouse), so that nothing reads a file its code does not fit."""
        published = Path(self.database)
        if published.exists():
            warehouse.refuse_newer(published)  # before a working copy is made of it
        with self.connect():
            pass
        if not published.exists() or warehouse.schema_level(published) != warehouse.schema_level(self.working()):
            self.publish()  # behind, or moved aside (damaged): the working copy takes its place

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        published, working = Path(self.database), self.working()
        if read_only:
            path = published if published.exists() or not working.exists() else working
        else:
            if not working.exists() and published.exists():  # from before the working copy, or it moved aside
                working.parent.mkdir(parents=True, exist_ok=True)
                warehouse.restore_working(published, working)
            path = working
        connection = warehouse.connect(path, read_only=read_only)
        try:
            yield connection
        finally:
            connection.close()


class ExtractionSettings(ConfigurableResource):
    """Limits on reading one report (defaults from FH_PAGE_SECONDS, FH_REPORT_SECONDS, FH_MAX_PAGES, FH_MEMORY_MB),
    and OCR (FH_OCR, FH_OCR_PAGE_SECONDS)."""

    page_seconds: float = Limits.from_environment().page_seconds
    report_seconds: float = Limits.from_environment().report_seconds
    max_pages: int = Limits.from_environment().max_pages
    memory_mb: int = Limits.from_environment().memory_mb
    ocr: bool = Limits.from_environment().ocr  # FH_OCR
    ocr_page_seconds: float = Limits.from_environment().ocr_page_seconds  # FH_OCR_PAGE_SECONDS
    cache_dir: str | None = None  # readings kept by content hash; None reads every time

    def cache(self) -> Path | None:
        return Path(self.cache_dir) if self.cache_dir else None

    def limits(self) -> Limits:
        return Limits(self.page_seconds, self.report_seconds, self.max_pages, self.memory_mb, self.ocr,
                      self.ocr_page_seconds)
