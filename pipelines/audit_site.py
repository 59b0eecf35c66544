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
from pipelines.reading.reports import link_problem
from schemas.pictures import PagePicture
from warehouse.audit_pages import picture_files, report_page_contents, write_index, write_report_pages


def write_audit_pages(
    connection: duckdb.DuckDBPyConnection, reports: Sequence[tuple[str, Path | None]], out_dir: Path
) -> list[Path]:
    """The audit pages of these (report id, PDF) pairs, with pictures of the pages their figures stand on
    (none where the PDF is None or not there)."""
    contents = report_page_contents(connection, [report_id for report_id, _ in reports])
    jobs = [
        (str(pdf_path), files) if readable(pdf_path) and (files := picture_files(content, out_dir)) else None
        for (_, pdf_path), content in zip(reports, contents, strict=True)
    ]
    pictures = render_all([job for job in jobs if job is not None])
    by_job = iter(pictures)
    return write_report_pages(contents, [next(by_job) if job else [] for job in jobs], out_dir)


def readable(pdf_path: Path | None) -> bool:
    """Whether the report's file is there to draw from: a file, or a link that stays in its folder."""
    return pdf_path is not None and link_problem(pdf_path, pdf_path.parent) is None and pdf_path.is_file()


def render_all(jobs: Sequence[tuple[str, dict[int, Path]]]) -> list[list[PagePicture] | str]:
    """Each job's pages rendered, in a process per report when there are several and cores to spare; for a
    report whose pages cannot be rendered (its file replaced by something else, say), the reason."""
    workers = min(local_workers(), len(jobs))
    if workers > 1 and not multiprocessing.current_process().daemon:
        # Not from a daemonic process (a Dask worker, say), which may have no children.
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.starmap(render_or_say_why, jobs)
    return [render_or_say_why(*job) for job in jobs]


def render_or_say_why(pdf_path: str, pages: dict[int, Path]) -> list[PagePicture] | str:
    """The pictures of these pages, or why they could not be drawn."""
    try:
        return render_pages(pdf_path, pages)
    except Exception as error:  # noqa: BLE001 - one report's pictures never stop the others' pages
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''}"


def write_audit_site(
    connection: duckdb.DuckDBPyConnection, reports: Sequence[tuple[str, Path | None]], out_dir: Path
) -> tuple[list[Path], Path]:
    """These reports' pages, then the index of every report."""
    return write_audit_pages(connection, reports, out_dir), write_index(connection, out_dir)
