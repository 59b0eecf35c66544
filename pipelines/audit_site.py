"""The audit site: each report's page and the index, from the warehouse and pictures of the report's pages.

The warehouse says which pages hold figures (`warehouse.audit_pages.picture_files`);
the extractors render those pages (`extractors.pdf.pictures`), on every core,
each report in a fresh interpreter under the same memory cap and time budget
as reading it (`pipelines.reading.isolation.call_within_limits`; PDFium allows
one thread at a time in a process anyway); a page too large for the cap is drawn
at a lower resolution, or not at all; the warehouse writes the pages around the
pictures. A report whose file is gone gets its page without pictures; one whose
pictures could not be drawn, or not all of them, gets a note saying why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from extractors.pdf.pictures import render_each
from pipelines.reading.fan_out import local_workers
from pipelines.reading.isolation import Limits, call_within_limits
from pipelines.reading.reports import link_problem
from schemas.pictures import PagePicture
from warehouse.audit_pages import picture_files, report_page_contents, write_index, write_report_pages

RESOLUTION = 200  # dots per inch of a page picture: 8-pt digits 16 pixels high (bench: 32 ms and 65 kB a page; 110 dpi: 16 ms, 28 kB)
# What one pixel of a picture costs while it is drawn: PDFium's RGBA bitmap, its grey copy, the PNG
# encoder's rows and PDFium's own work, with room to spare. A page's picture gets at most what is left of
# the memory cap at this rate.
PICTURE_BYTES_PER_PIXEL = 24
FRESH_INTERPRETER_MB = 150  # the drawing child's own address space before it draws (Python, pdfplumber, PDFium)
Drawn = tuple[list[PagePicture], str | None]  # the pictures of a report's pages, and a note on those not drawn


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
    drawn = iter(render_all([job for job in jobs if job is not None]))
    return write_report_pages(contents, [next(drawn) if job else ([], None) for job in jobs], out_dir)


def readable(pdf_path: Path | None) -> bool:
    """Whether the report's file is there to draw from: a file, or a link that stays in its folder."""
    return pdf_path is not None and link_problem(pdf_path, pdf_path.parent) is None and pdf_path.is_file()


def render_all(jobs: Sequence[tuple[str, dict[int, Path]]], limits: Limits | None = None) -> list[Drawn]:
    """Each job's pages rendered under the reading limits, a share of the jobs per core, each share in a fresh
    interpreter; for a report whose pictures could not be drawn, or only some of them, the reason."""
    if not jobs:
        return []
    limits = limits or Limits.from_environment()
    workers = min(local_workers(), len(jobs))
    shares = [list(range(first, len(jobs), workers)) for first in range(workers)]  # every workers-th job
    results: list[Drawn] = [([], None) for _ in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:  # the threads only wait on their children
        drawn_shares = pool.map(lambda share: draw_share([jobs[i] for i in share], limits), shares)
        for share, drawn in zip(shares, drawn_shares, strict=True):
            for index, result in zip(share, drawn, strict=True):
                results[index] = result
    return results


def draw_share(jobs: Sequence[tuple[str, dict[int, Path]]], limits: Limits) -> list[Drawn]:
    """These jobs drawn in one fresh interpreter under the limits; if it dies or runs out of time, each job
    again in one of its own, so one report's bomb costs only that report's pictures."""
    budget = dataclasses.replace(limits, report_seconds=limits.report_seconds * len(jobs))
    drawn, error = call_within_limits(render_each, (jobs, RESOLUTION, max_pixels(limits)), budget)
    if error is None:
        return [_with_left_out(result, pages, limits) for result, (_, pages) in zip(drawn, jobs, strict=True)]
    if len(jobs) > 1:
        return [result for job in jobs for result in draw_share([job], limits)]
    return [([], error)]


def max_pixels(limits: Limits) -> float:
    """The most pixels a page's picture may have within the memory cap."""
    return max(0, limits.memory_mb - FRESH_INTERPRETER_MB) * 2**20 / PICTURE_BYTES_PER_PIXEL


def _with_left_out(result: list[PagePicture] | str, pages: dict[int, Path], limits: Limits) -> Drawn:
    """The pictures drawn and a note on what was not: the pages too large for the cap."""
    if isinstance(result, str):
        return [], result
    left_out = sorted(set(pages) - {picture.page for picture in result})
    if left_out:
        return result, (f"page {', '.join(map(str, left_out))} is too large to draw within the memory limit of "
                        f"{limits.memory_mb} MB")
    return result, None


def write_audit_site(
    connection: duckdb.DuckDBPyConnection, reports: Sequence[tuple[str, Path | None]], out_dir: Path
) -> tuple[list[Path], Path]:
    """These reports' pages, then the index of every report."""
    return write_audit_pages(connection, reports, out_dir), write_index(connection, out_dir)
