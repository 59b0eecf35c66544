"""Pictures of pages: each page that holds figures rendered once, for the audit pages to show them on.

Pages are rendered by pdfplumber (`Page.to_image()`, PDFium underneath), so
what an auditor sees is the page the figures were read from. Each page is
written once, in grey (print is black on white); the audit page shows each
figure as a window onto its page's picture and draws the outline itself
(`warehouse/templates/view.html.j2`).

A picture has a budget of pixels: a page so large that its picture at the
asked resolution would pass it is drawn at the resolution that fits, and one
that would not fit even at `MIN_RESOLUTION` is not drawn (the caller says so).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import pdfplumber
import pdfplumber.display  # noqa: F401 - loaded up front: a child drawing under a memory cap cannot map it later
from PIL import Image  # loaded up front, likewise

from schemas.pictures import PagePicture

MIN_RESOLUTION = 18  # dots per inch: below this a picture shows nothing an auditor can read


def resolution_within(width: float, height: float, resolution: float, max_pixels: float) -> float | None:
    """The resolution to draw a page of this size (points) at: the one asked, or less to stay within
    `max_pixels`; None when even `MIN_RESOLUTION` would not."""
    if width <= 0 or height <= 0:
        return None
    fits = 72 * math.sqrt(max_pixels / (width * height))
    chosen = min(resolution, fits)
    return chosen if chosen >= MIN_RESOLUTION else None


class PagePictures:
    """Grey pictures of a file's pages drawn by PDFium, the file opened at the first picture asked for."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._pdf = None
        self._lock = threading.Lock()  # PDFium is not thread-safe: one picture drawn at a time

    def grey(self, number: int, resolution: float) -> Image.Image:
        """Page `number` (1-based) in grey at `resolution` dots per inch."""
        import pypdfium2

        with self._lock:
            if self._pdf is None:
                self._pdf = pypdfium2.PdfDocument(self.path)
            page = self._pdf[number - 1]
            try:
                return page.render(scale=resolution / 72, grayscale=True).to_pil().convert("L")
            finally:
                page.close()

    def close(self) -> None:
        with self._lock:
            if self._pdf is not None:
                self._pdf.close()
                self._pdf = None


def render_pages(
    pdf_path: str | Path, pages: Mapping[int, Path], resolution: int = 110, max_pixels: float = math.inf
) -> list[PagePicture]:
    """Write each of these pages (1-based numbers) as a grey PNG to its path; a page too large for
    `max_pixels` pixels even at `MIN_RESOLUTION` is left out."""
    pictures = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, path in sorted(pages.items()):
            page = pdf.pages[number - 1]
            x0, top, x1, bottom = (float(v) for v in page.bbox)
            chosen = resolution_within(x1 - x0, bottom - top, resolution, max_pixels)
            if chosen is None:
                page.close()
                continue
            picture = page.to_image(resolution=chosen).original.convert("L")
            path.parent.mkdir(parents=True, exist_ok=True)
            picture.save(path, format="PNG", compress_level=1)  # fast; the size hardly differs for print
            pictures.append(PagePicture(page=number, path=str(path), area=(x0, top, x1, bottom),
                                        scale=picture.width / (x1 - x0)))
            page.close()
    return pictures


def render_each(
    jobs: Sequence[tuple[str | Path, Mapping[int, Path]]], resolution: int = 110, max_pixels: float = math.inf
) -> list[list[PagePicture] | str]:
    """`render_pages` for each (PDF, pages) job in turn: its pictures, or why they could not be drawn; one job
    that fails (a damaged file, a picture too large for memory) leaves the others drawn."""
    results: list[list[PagePicture] | str] = []
    for pdf_path, pages in jobs:
        try:
            results.append(render_pages(pdf_path, pages, resolution, max_pixels))
        except MemoryError:
            results.append("ran out of memory while drawing")
        except Exception as error:  # noqa: BLE001 - one report's pictures never stop the others'
            first = str(error).strip().splitlines()[0] if str(error).strip() else ""
            results.append(f"{type(error).__name__}: {first}")
    return results
