"""The audit site: each report's page and the index, from the warehouse and pictures of the report's pages.

The warehouse says which pages hold figures (`warehouse.audit_pages.picture_files`);
the extractors render those pages (`extractors.pdf.pictures`), on every core,
one report per process (PDFium allows one thread at a time in a process); the
warehouse writes the pages around the pictures. A report whose file is gone
gets its page without pictures.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from pathlib import Path

import duckdb

from extractors.pdf.pictures import render_pages
from pipelines.reading.fan_out import local_workers
from schemas.pictures import PagePicture
from warehouse.audit_pages import picture_files, report_page_contents, write_index, write_report_pages


def write_audit_pages(
    connection: duckdb.DuckDBPyConnection, reports: Sequence[tuple[str, Path]], out_dir: Path
) -> list[Path]:
    """The audit pages of these (report id, PDF) pairs, with pictures of the pages their figures stand on."""
    contents = report_page_contents(connection, [report_id for report_id, _ in reports])
    jobs = [
        (str(pdf_path), files) if pdf_path.is_file() and (files := picture_files(content, out_dir)) else None
        for (_, pdf_path), content in zip(reports, contents, strict=True)
    ]
    pictures = render_all([job for job in jobs if job is not None])
    by_job = iter(pictures)
    return write_report_pages(contents, [next(by_job) if job else [] for job in jobs], out_dir)


def render_all(jobs: Sequence[tuple[str, dict[int, Path]]]) -> list[list[PagePicture]]:
    """Each job's pages rendered, in a process per report when there are several and cores to spare."""
    workers = min(local_workers(), len(jobs))
    if workers > 1 and not multiprocessing.current_process().daemon:
        # Not from a daemonic process (a Dask worker, say), which may have no children.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.starmap(render_pages, jobs)
    return [render_pages(*job) for job in jobs]


def write_audit_site(
    connection: duckdb.DuckDBPyConnection, reports: Sequence[tuple[str, Path]], out_dir: Path
) -> tuple[list[Path], Path]:
    """These reports' pages, then the index of every report."""
    return write_audit_pages(connection, reports, out_dir), write_index(connection, out_dir)
